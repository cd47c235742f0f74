// What a durable commit costs on PostgreSQL: the same single-row insert transactions with synchronous_commit on (the
// default: the commit waits for the WAL flush to disk) and off (it returns before; a power cut may lose the last
// ~0.6 s), at 1 and 10 connections. PGlite has no such setting under Node (it writes through the OS cache), so the
// embedded engine's figure is its own. `DATABASE_URL=… npx tsx bench/durability.bench.ts`
import pg from 'pg';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL: a scratch PostgreSQL database');
const TX = Number(process.env.TX ?? 3000);

async function run(conns: number, synchronous: 'on' | 'off') {
  const pool = new pg.Pool({ connectionString: url, max: conns });
  await pool.query('create table if not exists bench_durability (id bigserial primary key, body text not null, at timestamptz not null default now())');
  const clients = await Promise.all(Array.from({ length: conns }, () => pool.connect()));
  for (const c of clients) await c.query(`set synchronous_commit = ${synchronous}`);
  let left = TX;
  const started = process.hrtime.bigint();
  await Promise.all(
    clients.map(async (c) => {
      while (left-- > 0) {
        await c.query('begin');
        await c.query('insert into bench_durability (body) values ($1)', ['客户来电：RY-2045 外壳开裂，约 30 件']);
        await c.query('commit');
      }
    }),
  );
  const secs = Number(process.hrtime.bigint() - started) / 1e9;
  for (const c of clients) c.release();
  await pool.query('drop table bench_durability');
  await pool.end();
  return TX / secs;
}

const rows: string[] = ['| connections | synchronous_commit on (durable) | off | durable / off |', '|---|---|---|---|'];
for (const conns of [1, 10]) {
  const off = await run(conns, 'off');
  const on = await run(conns, 'on');
  rows.push(`| ${conns} | ${on.toFixed(0)} tx/s | ${off.toFixed(0)} tx/s | ${((on / off) * 100).toFixed(0)} % |`);
}
// the embedded engine, the same transactions, in a data directory (its only mode: no fsync of its own)
{
  const { PGlite } = await import('@electric-sql/pglite');
  const fs = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-durability-'));
  const db = new PGlite(dir);
  await db.query('create table bench_durability (id bigserial primary key, body text not null, at timestamptz not null default now())');
  const started = process.hrtime.bigint();
  for (let i = 0; i < TX; i++) {
    await db.transaction(async (tx) => {
      await tx.query('insert into bench_durability (body) values ($1)', ['客户来电：RY-2045 外壳开裂，约 30 件']);
    });
  }
  const rate = TX / (Number(process.hrtime.bigint() - started) / 1e9);
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  rows.push(`| PGlite (1, in process) | — (no setting) | ${rate.toFixed(0)} tx/s | — |`);
}
console.log(rows.join('\n'));
