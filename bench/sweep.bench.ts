/**
 * Escalation sweep over 100k open clocks. Run: npx tsx bench/sweep.bench.ts
 * (PGlite in memory; set DATABASE_URL to a scratch PostgreSQL database to measure there).
 *
 * Reports: a sweep when nothing is due (the common case, every minute), and sweeps that
 * notify a burst of due clocks (1 % of them), in clocks per second.
 */
import { sql } from 'drizzle-orm';
import { openPglite, openPostgres, rows } from '../server/platform/db/client.js';
import { seedOrganisation } from '../server/identity/index.js';
import { sweepClocks } from '../server/procedures/index.js';
import { registerFeatures } from '../server/app.js';
import { setAuditKey } from '../server/platform/audit/index.js';

const N = Number(process.env.CLOCKS ?? 100_000);
const DUE = Math.round(N / 100);
registerFeatures();
const database = process.env.DATABASE_URL ? await openPostgres(process.env.DATABASE_URL) : await openPglite(undefined);
const db = database.db;
setAuditKey('accord-bench-audit-key-0123456789abcdef');
await seedOrganisation(db, { adminPassword: 'bench-password-1', timeZone: 'Asia/Shanghai' });
await db.execute(sql`truncate clocks`);
const now = new Date('2026-11-26T02:00:00Z');
let t = performance.now();
// N running clocks: DUE of them past their first threshold, the rest checked in the future
await db.execute(sql`
  insert into clocks (owner_type, owner_id, step_id, ref_type, ref_id, department, assignee_id, deadline_amount, deadline_unit,
                      started_at, due_at, provisional, calendar_version, status, escalation, next_check_at)
  select 'procedure', g::text, 'received', 'communication', g::text, 'sales', null, 24, 'workingHours',
         ${now.toISOString()}::timestamptz - interval '2 days', ${now.toISOString()}::timestamptz + interval '1 day', false, 'bench', 'running',
         '[{"atPercent":80,"notify":["assignee"]},{"atPercent":100,"notify":["assignee","departmentManager"]}]'::jsonb,
         case when g <= ${DUE} then ${now.toISOString()}::timestamptz - interval '1 minute' else ${now.toISOString()}::timestamptz + (g || ' seconds')::interval end
  from generate_series(1, ${N}) g`);
console.log(`engine ${database.engine}: inserted ${N} open clocks in ${(performance.now() - t).toFixed(0)} ms`);
await db.execute(sql`analyze clocks`);

t = performance.now();
let processed = 0;
for (;;) {
  const r = await sweepClocks(db, now, 500);
  processed += r.checked;
  if (r.checked === 0) break;
}
const burst = performance.now() - t;
// the limit: the same claim and the same write of each clock's progress, in raw SQL (no rules evaluated, nobody notified)
await db.execute(
  sql`update clocks set escalated_percent = 0, next_check_at = ${now.toISOString()}::timestamptz - interval '1 minute' where owner_id::int <= ${DUE}`,
);
t = performance.now();
let rawProcessed = 0;
for (;;) {
  const n = await db.transaction(async (tx) => {
    const ids = (
      await rows<{ id: string }>(
        tx,
        sql`select id from clocks where status = 'running' and next_check_at <= ${now.toISOString()}::timestamptz order by next_check_at limit 500 for update skip locked`,
      )
    ).map((r) => r.id);
    if (ids.length)
      await tx.execute(sql`update clocks set escalated_percent = 80, next_check_at = due_at where id in (select unnest(${`{${ids.join(',')}}`}::uuid[]))`);
    return ids.length;
  });
  rawProcessed += n;
  if (n === 0) break;
}
const raw = performance.now() - t;

t = performance.now();
const idleRuns = 20;
for (let i = 0; i < idleRuns; i++) await sweepClocks(db, now, 500);
const idle = (performance.now() - t) / idleRuns;
console.log(`| sweep over ${N} open clocks, none due | ${idle.toFixed(2)} ms per sweep |`);
console.log(`| sweep of a burst of ${processed} due clocks | ${burst.toFixed(0)} ms (${Math.round((processed / burst) * 1000)} clocks/s) |`);
console.log(`| raw claim + UPDATE of the same ${rawProcessed} clocks | ${raw.toFixed(0)} ms |`);
await database.close();
