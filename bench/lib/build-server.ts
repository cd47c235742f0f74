/**
 * P7b: the server compiled into one ES module (esbuild; npm packages stay external), so start-up
 * skips tsx's loader hooks, which resolve and transform every import (node_modules included) at start.
 * `npx tsx bench/lib/build-server.ts [out]` writes dist/server/main.mjs (default); run it with
 * `node dist/server/main.mjs` from the repository. Each source file's `import.meta.url` is rewritten
 * to its own path relative to the bundle, so paths to migrations/, procedures/ and dist/web resolve as
 * from the sources. An experiment for the benchmark: `npm start` still runs the sources through tsx.
 */
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '../..');

export async function buildServer(outFile = path.join(root, 'dist/server/main.mjs')): Promise<string> {
  const outDir = path.dirname(outFile);
  await build({
    stdin: { contents: "import { start } from './server/main.ts';\nawait start();\n", resolveDir: root, sourcefile: 'server-entry.ts', loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile: outFile,
    logLevel: 'warning',
    plugins: [
      {
        name: 'source-relative-import-meta-url',
        setup(b) {
          b.onLoad({ filter: /\.ts$/ }, (args) => {
            const text = fs.readFileSync(args.path, 'utf8');
            if (!text.includes('import.meta.url')) return undefined;
            const rel = path.relative(outDir, args.path).split(path.sep).join('/');
            return { contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(rel)}, import.meta.url).href`), loader: 'ts' };
          });
        },
      },
    ],
  });
  return outFile;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = await buildServer(process.argv[2] ? path.resolve(process.argv[2]) : undefined);
  console.log(`built ${path.relative(process.cwd(), out)}`);
}
