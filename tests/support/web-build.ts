/**
 * `npm test`'s pretest: builds the web app only when its sources changed since the build in dist/web.
 * The build's inputs (web/, contracts/, package.json and the lockfile) are hashed; the hash is kept beside the build
 * (dist/web-build.sha256, outside dist/web so the server never serves it). `--force` always builds.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const inputs = ['web', 'contracts', 'package.json', 'package-lock.json'];
const stamp = path.join(root, 'dist', 'web-build.sha256');
const built = path.join(root, 'dist', 'web', 'index.html');

function files(p: string): string[] {
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return [p];
  return fs
    .readdirSync(p)
    .filter((name) => name !== 'node_modules' && !name.startsWith('.'))
    .sort()
    .flatMap((name) => files(path.join(p, name)));
}

export function sourceHash(): string {
  const h = crypto.createHash('sha256');
  for (const f of inputs.flatMap((i) => files(path.join(root, i)))) {
    h.update(path.relative(root, f)).update('\0').update(fs.readFileSync(f)).update('\0');
  }
  return h.digest('hex');
}

const hash = sourceHash();
const current = fs.existsSync(stamp) && fs.existsSync(built) ? fs.readFileSync(stamp, 'utf8').trim() : '';
if (current === hash && !process.argv.includes('--force')) {
  console.log(`web build up to date (${hash.slice(0, 12)}), not rebuilt`);
} else {
  fs.rmSync(stamp, { force: true });
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['run', 'build:web'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
  fs.writeFileSync(stamp, `${hash}\n`);
}
