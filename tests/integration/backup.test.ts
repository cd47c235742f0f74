import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildApp } from '../../server/app.js';
import { loadConfig } from '../../server/platform/config.js';
import { openPglite, openPostgres, rows, type Database } from '../../server/platform/db/client.js';
import { createBackup, restoreBackup, verifyBackup, RestoreError, serveBackupRequests, requestBackup } from '../../server/platform/backup/index.js';
import { ADMIN_PASSWORD, adminClient, client, engines, signIn, testApp } from '../support/harness.js';
import { adminQuery, workerDatabaseUrl } from '../support/postgres.js';
import { upload } from '../support/multipart.js';

const tmp = (name: string) => fs.mkdtempSync(path.join(os.tmpdir(), `accord-${name}-`));

/** Every table's rows, as PostgreSQL prints them (times in UTC), in a stable order: equal only if every value is. */
async function snapshot(database: Database): Promise<Record<string, string[]>> {
  return database.db.transaction(async (tx) => {
    await tx.execute(sql`set local timezone = 'UTC'`);
    const tables = await rows<{ name: string }>(tx, sql`select tablename as name from pg_tables where schemaname = 'public' order by tablename`);
    const out: Record<string, string[]> = {};
    for (const { name } of tables) {
      out[name] = (await rows<{ j: string }>(tx, sql`select to_jsonb(t)::text as j from ${sql.identifier(name)} t`)).map((r) => r.j).sort();
    }
    return out;
  });
}

const filesOf = (dir: string) =>
  fs.existsSync(path.join(dir, 'files'))
    ? (fs.readdirSync(path.join(dir, 'files'), { recursive: true }) as string[])
        .filter((f) => fs.statSync(path.join(dir, 'files', f)).isFile())
        .sort()
        .map((f) => [f, fs.readFileSync(path.join(dir, 'files', f)).toString('base64')])
    : [];

/** An empty database of the engine (migrations applied, no rows), and a way to drop it. */
async function emptyDatabase(engine: 'pglite' | 'postgres', suffix: string): Promise<{ database: Database; drop: () => Promise<void> }> {
  if (engine === 'pglite') {
    const database = await openPglite(undefined);
    return { database, drop: () => database.close() };
  }
  const base = process.env.DATABASE_URL!;
  const { url, name } = workerDatabaseUrl(base, `${process.env.VITEST_POOL_ID ?? '0'}_${process.pid}_${suffix}`);
  await adminQuery(base, `drop database if exists "${name}" with (force)`);
  await adminQuery(base, `create database "${name}" template template0 encoding 'UTF8' lc_ctype 'C.UTF-8' lc_collate 'C.UTF-8'`);
  const database = await openPostgres(url, 2);
  return {
    database,
    drop: async () => {
      await database.close();
      await adminQuery(base, `drop database if exists "${name}" with (force)`);
    },
  };
}

describe.each(engines())('backup and restore on %s', (engine) => {
  it('restores a backup into an empty database and data directory: every table and file equal, and the restored Accord works', async () => {
    const { app, database, dataDir } = await testApp(engine);
    const { api, session } = await adminClient(app);
    const customer = (
      await api.post('/api/customers', { code: 'BK-001', nameZh: '备份测试客户', contacts: [{ name: '陈工', phone: '0769-2233 4455' }] })
    ).json();
    const scan = Buffer.from('%PDF-1.4 传真订单 scan');
    const up = (await upload(app, session, '传真订单.pdf', scan, 'application/pdf')).json();
    const logged = await api.post('/api/communications', {
      partyId: customer.id,
      channel: 'fax',
      direction: 'in',
      occurredAt: '2026-11-20T02:30:00.000Z',
      contactId: customer.contacts[0].id,
      subject: '传真订单 PO-88001',
      content: '客户传真订单，数量 1,000 件，单价待确认。',
      attachmentIds: [up.id],
    });
    expect(logged.statusCode).toBe(200);
    fs.writeFileSync(path.join(dataDir, 'audit-key'), 'a'.repeat(64)); // a key generated beside the data travels with it

    const out = path.join(tmp('backup'), 'b1');
    const manifest = await createBackup(database, dataDir, out);
    expect(manifest.tables.find((t) => t.name === 'communications')!.rows).toBe(1);
    expect(manifest.files.map((f) => f.path)).toEqual(expect.arrayContaining(['audit-key', expect.stringMatching(/^files\/..\/..\/[0-9a-f]{64}$/)]));
    expect((await verifyBackup(out)).problem).toBeNull();

    const before = await snapshot(database);
    for (const target of engine === 'postgres' ? (['postgres', 'pglite'] as const) : (['pglite'] as const)) {
      const { database: restored, drop } = await emptyDatabase(target, 'restore');
      const restoredDir = tmp('restored');
      try {
        await restoreBackup(restored, restoredDir, out);
        expect(await snapshot(restored), `restored into ${target}`).toEqual(before);
        expect(filesOf(restoredDir)).toEqual(filesOf(dataDir));
        expect(fs.readFileSync(path.join(restoredDir, 'audit-key'), 'utf8')).toBe('a'.repeat(64));

        // the restored Accord signs in, finds the customer by search and serves the attachment's bytes
        const config = loadConfig({ DATA_DIR: restoredDir, ADMIN_PASSWORD, LOG_LEVEL: 'silent', LOGIN_RATE_LIMIT_PER_MINUTE: '100000' });
        const second = await buildApp({ config, database: restored, logger: false });
        try {
          const s = await signIn(second, 'admin', ADMIN_PASSWORD);
          const c = client(second, s);
          expect((await c.get(`/api/customers/${customer.id}`)).json()).toMatchObject({ code: 'BK-001', nameZh: '备份测试客户' });
          expect((await c.get(`/api/search?q=${encodeURIComponent('传真订单')}`)).json().hits.length).toBeGreaterThan(0);
          const content = await c.get(`/api/attachments/${up.id}/content`);
          expect(content.statusCode).toBe(200);
          expect(content.rawPayload.equals(scan)).toBe(true);
          // the numbering goes on after the restored numbers, not from 1 again
          const next = await c.post('/api/customers', { code: 'BK-002', nameZh: '恢复后新客户' });
          expect(next.statusCode).toBe(200);
        } finally {
          await second.close();
        }

        // a second restore into the now filled database is refused, and writes nothing
        await expect(restoreBackup(restored, tmp('again'), out)).rejects.toThrow(/not empty/);
      } finally {
        await drop();
        fs.rmSync(restoredDir, { recursive: true, force: true });
      }
    }
    fs.rmSync(path.dirname(out), { recursive: true, force: true });
  });

  it('refuses a damaged backup before writing anything, naming the file', async () => {
    const { database, dataDir } = await testApp(engine);
    const out = path.join(tmp('backup'), 'b2');
    await createBackup(database, dataDir, out);
    const file = path.join(out, 'db', 'users.jsonl.gz');
    const lines = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').replace('admin', 'admiN');
    fs.writeFileSync(file, zlib.gzipSync(lines));
    expect((await verifyBackup(out)).problem).toMatch(/db\/users\.jsonl\.gz does not match its checksum/);
    const { database: target, drop } = await emptyDatabase(engine, 'damaged');
    const targetDir = tmp('damaged');
    try {
      await expect(restoreBackup(target, targetDir, out)).rejects.toThrow(RestoreError);
      expect((await rows<{ n: number }>(target.db, sql`select count(*)::int as n from users`))[0]!.n).toBe(0);
      expect(fs.readdirSync(targetDir)).toEqual([]);
    } finally {
      await drop();
    }
    // an existing directory is never overwritten
    await expect(createBackup(database, dataDir, out)).rejects.toThrow(/exists already/);
    fs.rmSync(path.dirname(out), { recursive: true, force: true });
  });

  it("takes a backup asked for by the command line from the running app (the embedded database is the running process's alone)", async () => {
    const { database, dataDir } = await testApp(engine);
    const out = path.join(tmp('backup'), 'b3');
    const asked = requestBackup(dataDir, out, 20_000);
    await expect.poll(async () => serveBackupRequests(database, dataDir), { timeout: 10_000 }).toBe(1);
    const outcome = await asked;
    expect(outcome).toMatchObject({ ok: true, out });
    expect((await verifyBackup(out)).problem).toBeNull();
    expect(await serveBackupRequests(database, dataDir)).toBe(0); // each request once
    fs.rmSync(path.dirname(out), { recursive: true, force: true });
  });
});
