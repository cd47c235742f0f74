// Builds what `npm start` runs, once: the web app (vite) and the server (TypeScript → dist/app, esbuild, no
// bundling), each only when its sources changed since the last build (a content hash stored beside the output).
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = { web: path.join(root, 'dist/web'), app: path.join(root, 'dist/app') };

function files(dir, keep) {
  const found = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (keep(p)) found.push(p);
    }
  };
  walk(path.join(root, dir));
  return found;
}

/** A hash over the content of the inputs (paths included): a checkout, an edit or `npm ci` changes it. */
function inputsHash(paths) {
  const h = createHash('sha256');
  for (const p of paths.sort()) h.update(path.relative(root, p)).update('\0').update(fs.readFileSync(p)).update('\0');
  return h.digest('hex');
}

const notTest = (p) => !/\.test\.tsx?$/.test(p);
const inputs = {
  web: () => [...files('web', notTest), ...files('contracts', notTest), path.join(root, 'package.json'), path.join(root, 'package-lock.json')],
  app: () => [
    ...files('server', (p) => p.endsWith('.ts') && notTest(p)),
    ...files('contracts', (p) => p.endsWith('.ts') && notTest(p)),
    path.join(root, 'package-lock.json'),
  ],
};

/** The hash of the sources a build was made from, beside the output (outside it: the server never serves it). */
const stampOf = (kind) => `${out[kind]}.inputs-hash`;
const entryOf = { web: 'index.html', app: 'server/main.js' };

function upToDate(kind, hash) {
  try {
    return fs.existsSync(path.join(out[kind], entryOf[kind])) && fs.readFileSync(stampOf(kind), 'utf8') === hash;
  } catch {
    return false;
  }
}

/** The web app, unless dist/web was built from these very sources. Returns true when it built. */
export function buildWeb({ force = false } = {}) {
  const hash = inputsHash(inputs.web());
  if (!force && upToDate('web', hash)) return false;
  const vite = path.join(root, 'node_modules/vite/bin/vite.js');
  fs.rmSync(stampOf('web'), { force: true });
  const run = spawnSync(process.execPath, [vite, 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) throw new Error(`the web build failed (exit ${run.status})`);
  fs.writeFileSync(stampOf('web'), hash);
  return true;
}

/** The server compiled to plain JavaScript in dist/app (the same tree as the sources), unless up to date. */
export async function buildApp({ force = false } = {}) {
  const sources = inputs.app();
  const hash = inputsHash(sources);
  if (!force && upToDate('app', hash)) return false;
  const { build } = await import('esbuild');
  fs.rmSync(stampOf('app'), { force: true });
  fs.rmSync(out.app, { recursive: true, force: true });
  await build({
    entryPoints: sources.filter((p) => p.endsWith('.ts')),
    outdir: out.app,
    outbase: root,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  fs.writeFileSync(stampOf('app'), hash);
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const what = process.argv.slice(2);
  const force = what.includes('--force');
  try {
    if (!what.includes('app')) console.log(buildWeb({ force }) ? 'web app built' : 'web app up to date, not rebuilt');
    if (!what.includes('web')) console.log((await buildApp({ force })) ? 'server compiled' : 'server up to date, not recompiled');
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
}
