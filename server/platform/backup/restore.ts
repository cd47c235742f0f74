import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import zlib from 'node:zlib';
import { sql } from 'drizzle-orm';
import { rows, type Database, type Tx } from '../db/client.js';
import { appliedMigrations, publicTables, verifyBackup, type BackupManifest } from './backup.js';

export class RestoreError extends Error {}

const BATCH = 2000;

/** Tables in an order where every foreign key points to a table before it (self references aside). */
async function dependencyOrder(tx: Tx, tables: string[]): Promise<string[]> {
  const edges = await rows<{ child: string; parent: string }>(
    tx,
    sql`select c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent
        from pg_constraint c join pg_namespace n on n.oid = c.connamespace
        where c.contype = 'f' and n.nspname = 'public'`,
  );
  const strip = (t: string) => t.replace(/^public\./, '').replace(/^"|"$/g, '');
  const parents = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const e of edges) if (strip(e.child) !== strip(e.parent)) parents.get(strip(e.child))?.add(strip(e.parent));
  const done: string[] = [];
  const seen = new Set<string>();
  const visit = (t: string, trail: Set<string>) => {
    if (seen.has(t) || trail.has(t)) return;
    trail.add(t);
    for (const p of parents.get(t) ?? []) visit(p, trail);
    seen.add(t);
    done.push(t);
  };
  for (const t of tables) visit(t, new Set());
  return done;
}

/** Columns a row may be inserted into: generated columns are computed again by the database. */
async function insertableColumns(tx: Tx, table: string) {
  const cols = await rows<{ name: string; generated: string; identity: string | null }>(
    tx,
    sql`select column_name as name, is_generated as generated, identity_generation as identity
        from information_schema.columns where table_schema = 'public' and table_name = ${table} order by ordinal_position`,
  );
  return { names: cols.filter((c) => c.generated !== 'ALWAYS').map((c) => c.name), identityAlways: cols.some((c) => c.identity === 'ALWAYS') };
}

async function* batches(file: string) {
  const lines = readline.createInterface({ input: fs.createReadStream(file).pipe(zlib.createGunzip()), crlfDelay: Infinity });
  let batch: string[] = [];
  for await (const line of lines) {
    if (!line) continue;
    batch.push(line);
    if (batch.length >= BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

/**
 * Restore a backup into an empty database (its migrations applied, no row in any table) and an empty data directory.
 * Checks every checksum first; the database is written in one transaction (all or nothing), the files before it and
 * removed again if the database refuses.
 */
export async function restoreBackup(database: Database, dataDir: string, fromDir: string): Promise<BackupManifest> {
  const { manifest, problem } = await verifyBackup(fromDir);
  if (problem) throw new RestoreError(`the backup in ${fromDir} cannot be restored: ${problem}`);
  const here = await appliedMigrations(database.db);
  if (here.count !== manifest.migrations.count || here.last !== manifest.migrations.last) {
    throw new RestoreError(
      `the backup was made at schema migration ${manifest.migrations.count}, this version of Accord is at ${here.count}: restore it with the version that made it, then start the new version (it migrates)`,
    );
  }
  const tables = await publicTables(database.db);
  const missing = manifest.tables.filter((t) => !tables.includes(t.name)).map((t) => t.name);
  if (missing.length) throw new RestoreError(`the backup holds tables this database lacks: ${missing.join(', ')}`);
  // empty: nobody has started Accord on it (what the migrations themselves insert — calendar years, the audit chain's
  // head — is replaced by the backup's rows)
  for (const t of ['organisation', 'users', 'audit_log'].filter((x) => tables.includes(x))) {
    const n = await rows<{ any: boolean }>(database.db, sql`select exists (select 1 from ${sql.identifier(t)}) as any`);
    if (n[0]?.any) throw new RestoreError(`the target database is not empty (table ${t} has rows): restore into a new database or data directory`);
  }
  const written: string[] = [];
  for (const f of manifest.files) {
    const dest = path.join(dataDir, f.path);
    if (fs.existsSync(dest)) throw new RestoreError(`${dest} exists: restore into an empty data directory`);
  }
  try {
    for (const f of manifest.files) {
      const dest = path.join(dataDir, f.path);
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      fs.copyFileSync(path.join(fromDir, 'data', f.path), dest);
      if (/(^|\/)(session-secret|audit-key|mail-secret\.key)$/.test(f.path)) fs.chmodSync(dest, 0o600);
      written.push(dest);
    }
    await database.db.transaction(async (tx) => {
      // foreign keys and triggers wait while the rows come back in dependency order (needs a superuser on PostgreSQL;
      // without one the order alone must do)
      await tx.execute(sql`savepoint replica`);
      try {
        await tx.execute(sql`set local session_replication_role = replica`);
        await tx.execute(sql`release savepoint replica`);
      } catch {
        await tx.execute(sql`rollback to savepoint replica`);
      }
      await tx.execute(
        sql`truncate ${sql.join(
          tables.map((t) => sql.identifier(t)),
          sql`, `,
        )}`,
      );
      const byName = new Map(manifest.tables.map((t) => [t.name, t]));
      for (const table of await dependencyOrder(
        tx,
        manifest.tables.map((t) => t.name),
      )) {
        const entry = byName.get(table)!;
        const { names, identityAlways } = await insertableColumns(tx, table);
        const cols = sql.join(
          names.map((n) => sql.identifier(n)),
          sql`, `,
        );
        let count = 0;
        for await (const batch of batches(path.join(fromDir, entry.file))) {
          await tx.execute(
            sql`insert into ${sql.identifier(table)} (${cols}) ${identityAlways ? sql`overriding system value` : sql``}
                select ${cols} from jsonb_populate_recordset(null::${sql.identifier(table)}, ${`[${batch.join(',')}]`}::jsonb)`,
          );
          count += batch.length;
        }
        if (count !== entry.rows) throw new RestoreError(`${entry.file}: ${count} rows read, the manifest says ${entry.rows}`);
      }
      for (const s of manifest.sequences) {
        if (s.value !== null) await tx.execute(sql`select setval(${`public."${s.name}"`}::regclass, ${s.value}::bigint, true)`);
      }
    });
  } catch (err) {
    for (const f of written) fs.rmSync(f, { force: true });
    throw err;
  }
  return manifest;
}
