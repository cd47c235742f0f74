import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { sql } from 'drizzle-orm';
import { rows, type Database, type Executor } from '../db/client.js';

/**
 * A backup is a directory: `manifest.json`, one gzipped JSON-lines file per table (`db/<table>.jsonl.gz`, each line
 * PostgreSQL's own `to_jsonb` of a row, never parsed by JavaScript, so numbers and text keep every digit), and the data
 * directory's files (`data/`: attachments and the secrets generated beside the data — session, audit and mail keys),
 * each with its SHA-256 in the manifest. The same on both engines: a backup of PGlite restores into PostgreSQL and back.
 * The tables are read in one REPEATABLE READ transaction: one moment of the database, whatever runs meanwhile.
 */
export interface BackupManifest {
  format: 'accord-backup/1';
  createdAt: string;
  engine: Database['engine'];
  /** the migrations applied to the database backed up: a restore needs exactly these */
  migrations: { count: number; last: string | null };
  tables: { name: string; rows: number; file: string; sha256: string }[];
  sequences: { name: string; value: string | null }[];
  files: { path: string; bytes: number; sha256: string }[];
}

/** What of the data directory a backup holds: everything but the embedded database itself (dumped as tables) and scratch. */
const SKIP_IN_DATA_DIR = new Set(['pglite', 'backups', 'tmp', 'backup-requests', 'accord.pid']);
const BATCH = 5000;

export async function appliedMigrations(db: Executor): Promise<{ count: number; last: string | null }> {
  const found = await rows<{ count: number; last: string | null }>(
    db,
    sql`select count(*)::int as count, (select hash from drizzle.__drizzle_migrations order by created_at desc, id desc limit 1) as last from drizzle.__drizzle_migrations`,
  );
  return found[0] ?? { count: 0, last: null };
}

export async function publicTables(db: Executor): Promise<string[]> {
  return (await rows<{ name: string }>(db, sql`select tablename as name from pg_tables where schemaname = 'public' order by tablename`)).map((r) => r.name);
}

const sha256File = async (file: string) => {
  const hash = crypto.createHash('sha256');
  await pipeline(fs.createReadStream(file), hash);
  return hash.digest('hex');
};

function* walk(dir: string, rel = ''): Generator<string> {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const r = rel ? `${rel}/${entry.name}` : entry.name;
    if (!rel && SKIP_IN_DATA_DIR.has(entry.name)) continue;
    if (rel === 'files' && entry.name === 'tmp') continue;
    if (entry.isDirectory()) yield* walk(path.join(dir, entry.name), r);
    else if (entry.isFile()) yield r;
  }
}

/** Write a backup of `database` and of `dataDir`'s files into `outDir` (created; must not exist yet). */
export async function createBackup(database: Database, dataDir: string, outDir: string): Promise<BackupManifest> {
  if (fs.existsSync(outDir)) throw new Error(`${outDir} exists already: a backup is written into a new directory`);
  const work = `${outDir}.partial`;
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(path.join(work, 'db'), { recursive: true });
  const manifest: BackupManifest = {
    format: 'accord-backup/1',
    createdAt: new Date().toISOString(),
    engine: database.engine,
    migrations: { count: 0, last: null },
    tables: [],
    sequences: [],
    files: [],
  };
  await database.db.transaction(
    async (tx) => {
      manifest.migrations = await appliedMigrations(tx);
      for (const table of await publicTables(tx)) {
        const file = `db/${table}.jsonl.gz`;
        let count = 0;
        const ident = sql.identifier(table);
        async function* lines() {
          let after = '(0,0)';
          for (;;) {
            const batch = await rows<{ c: string; j: string }>(
              tx,
              sql`select ctid::text as c, to_jsonb(t)::text as j from ${ident} t where ctid > ${after}::tid order by ctid limit ${BATCH}`,
            );
            if (!batch.length) return;
            count += batch.length;
            after = batch[batch.length - 1]!.c;
            yield batch.map((r) => `${r.j}\n`).join('');
          }
        }
        await pipeline(Readable.from(lines()), zlib.createGzip(), fs.createWriteStream(path.join(work, file)));
        manifest.tables.push({ name: table, rows: count, file, sha256: await sha256File(path.join(work, file)) });
      }
      manifest.sequences = await rows<{ name: string; value: string | null }>(
        tx,
        sql`select sequencename as name, last_value::text as value from pg_sequences where schemaname = 'public' order by sequencename`,
      );
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
  for (const rel of walk(dataDir)) {
    const dest = path.join(work, 'data', rel);
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.copyFileSync(path.join(dataDir, rel), dest);
    manifest.files.push({ path: rel, bytes: fs.statSync(dest).size, sha256: await sha256File(dest) });
  }
  fs.writeFileSync(path.join(work, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(work, outDir); // a backup directory exists only once it is complete
  return manifest;
}

/** Check a backup against its manifest: the first missing or changed file, or null when every checksum matches. */
export async function verifyBackup(dir: string): Promise<{ manifest: BackupManifest; problem: string | null }> {
  const manifestFile = path.join(dir, 'manifest.json');
  if (!fs.existsSync(manifestFile)) return { manifest: null as never, problem: `${manifestFile} is missing: not an Accord backup` };
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as BackupManifest;
  if (manifest.format !== 'accord-backup/1') return { manifest, problem: `unknown backup format ${String(manifest.format)}` };
  const entries = [
    ...manifest.tables.map((t) => ({ rel: t.file, sha256: t.sha256 })),
    ...manifest.files.map((f) => ({ rel: `data/${f.path}`, sha256: f.sha256 })),
  ];
  for (const { rel, sha256 } of entries) {
    const file = path.join(dir, rel);
    if (!fs.existsSync(file)) return { manifest, problem: `${rel} is missing` };
    if ((await sha256File(file)) !== sha256) return { manifest, problem: `${rel} does not match its checksum (changed or damaged)` };
  }
  return { manifest, problem: null };
}
