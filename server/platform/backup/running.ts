import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from '../db/client.js';
import { createBackup } from './backup.js';

/**
 * The embedded database belongs to the one process that opened it: a second process must not open its directory. So
 * while Accord runs on PGlite it keeps `accord.pid` in the data directory, and `npm run backup` hands the work to it
 * through a request file (`backup-requests/<id>.json`), which the running app picks up within two seconds.
 */
const PID_FILE = 'accord.pid';
const REQUESTS = 'backup-requests';

export function markRunning(dataDir: string): () => void {
  const file = path.join(dataDir, PID_FILE);
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, String(process.pid));
  return () => {
    if (fs.existsSync(file) && fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.rmSync(file, { force: true });
  };
}

/** The pid of the Accord process that has the embedded database open, or null. */
export function runningPid(dataDir: string): number | null {
  const file = path.join(dataDir, PID_FILE);
  if (!fs.existsSync(file)) return null;
  const pid = Number(fs.readFileSync(file, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null; // left by a process that died
  }
}

interface Outcome {
  ok: boolean;
  out: string;
  tables?: number;
  rows?: number;
  files?: number;
  error?: string;
}

/** The running app's side: carry out the backups asked for (one periodic run). */
export async function serveBackupRequests(database: Database, dataDir: string): Promise<number> {
  const dir = path.join(dataDir, REQUESTS);
  if (!fs.existsSync(dir)) return 0;
  let served = 0;
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.request.json'))) {
    const id = name.replace(/\.request\.json$/, '');
    const running = path.join(dir, `${id}.running.json`);
    try {
      fs.renameSync(path.join(dir, name), running); // taken: never twice
    } catch {
      continue;
    }
    const { out } = JSON.parse(fs.readFileSync(running, 'utf8')) as { out: string };
    let outcome: Outcome;
    try {
      const m = await createBackup(database, dataDir, out);
      outcome = { ok: true, out, tables: m.tables.length, rows: m.tables.reduce((s, t) => s + t.rows, 0), files: m.files.length };
    } catch (err) {
      outcome = { ok: false, out, error: err instanceof Error ? err.message : String(err) };
    }
    fs.writeFileSync(path.join(dir, `${id}.done.json`), JSON.stringify(outcome));
    fs.rmSync(running, { force: true });
    served++;
  }
  return served;
}

/** The command's side: ask the running app for a backup into `out` and wait for its outcome. */
export async function requestBackup(dataDir: string, out: string, timeoutMs = 30 * 60_000): Promise<Outcome> {
  const dir = path.join(dataDir, REQUESTS);
  fs.mkdirSync(dir, { recursive: true });
  const id = `${Date.now()}-${crypto.randomBytes(4).toString('hex')}`;
  fs.writeFileSync(path.join(dir, `${id}.tmp`), JSON.stringify({ out: path.resolve(out) }));
  fs.renameSync(path.join(dir, `${id}.tmp`), path.join(dir, `${id}.request.json`));
  const done = path.join(dir, `${id}.done.json`);
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (fs.existsSync(done)) {
      const outcome = JSON.parse(fs.readFileSync(done, 'utf8')) as Outcome;
      fs.rmSync(done, { force: true });
      return outcome;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  fs.rmSync(path.join(dir, `${id}.request.json`), { force: true });
  return { ok: false, out, error: 'the running Accord did not answer (is it stopping?)' };
}
