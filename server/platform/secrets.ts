import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * A secret from the environment, or — the single-instance default — one generated on first use and kept beside
 * the data (mode 0600). Several instances on one PostgreSQL need the environment variable, the same on each.
 */
export function secretBesideData(dataDir: string, file: string, fromEnv: string | undefined): string {
  if (fromEnv) return fromEnv;
  const p = path.join(dataDir, file);
  if (!fs.existsSync(p)) {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(p, crypto.randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  }
  return fs.readFileSync(p, 'utf8').trim();
}
