/**
 * Deterministic factory-scale dataset: `npm run bench:data -- --scale N [--seed S] [--database-url URL] [--data-dir DIR]`.
 *
 * Scale 1 = a year of a mid-size factory: 200 customers, 1,000 contacts, 50,000 communications
 * (mixed Chinese/English), 5,000 orders, 2,000 complaints, 1,500 quotations, 20 survey campaigns, the action items of
 * the 8Ds, surveys and quote follow-ups, the deadline clocks of every open step and the escalation notifications the
 * sweep would have sent, with the audit rows and search rows the app writes. Default target is the
 * embedded PGlite in DATA_DIR/pglite (data-bench/ by default, so `DATA_DIR=data-bench npm start` opens it);
 * PostgreSQL when --database-url or DATABASE_URL is given (the database must hold no customers yet).
 *
 * Each feature has its own generator, run in the order of `generators`; each draws from its own
 * seeded stream. A feature that adds tables (orders, complaints, surveys) adds a generator here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../server/platform/db/client.js';
import { seedOrganisation } from '../../server/identity/index.js';
import { registerFeatures } from '../../server/app.js';
import { sealAudit, setAuditKey } from '../../server/platform/audit/index.js';
import { numberArg, parseArgs } from '../lib/args.js';
import { openTarget, type Target } from '../lib/db.js';
import { createContext, type Generator } from './context.js';
import { usersGenerator } from './users.js';
import { partiesGenerator } from './parties.js';
import { communicationsGenerator } from './communications.js';
import { ordersGenerator } from './orders.js';
import { surveysGenerator } from './surveys.js';
import { complaintsGenerator } from './complaints.js';
import { quotationsGenerator } from './quotations.js';
import { actionsGenerator } from './actions.js';
import { clocksGenerator } from './clocks.js';

export const DEFAULT_SEED = 8;
export const BENCH_ADMIN_PASSWORD = 'bench-admin-password-1';
/** The dataset's audit rows are sealed with this key; the bench's app runs with it (AUDIT_KEY). */
export const BENCH_AUDIT_KEY = 'accord-bench-audit-key-0123456789abcdef';

/** In dependency order: each may use what the earlier ones made (ctx.users, ctx.customers). */
export const generators: Generator[] = [usersGenerator, partiesGenerator, communicationsGenerator, ordersGenerator, surveysGenerator, complaintsGenerator, quotationsGenerator, actionsGenerator,
  // last: the clocks of every generator's open procedure steps
  clocksGenerator];

export interface DatasetSummary {
  scale: number;
  seed: number;
  engine: string;
  rows: Record<string, number>;
  ms: number;
}

/** Fill an empty, migrated database (the organisation is seeded here if it is not yet). */
export async function generateInto(db: Db, opts: { scale: number; seed?: number; log?: (line: string) => void }): Promise<Omit<DatasetSummary, 'engine'>> {
  const t0 = performance.now();
  const seed = opts.seed ?? DEFAULT_SEED;
  const log = opts.log ?? ((line: string) => console.log(line));
  setAuditKey(BENCH_AUDIT_KEY);
  await seedOrganisation(db, { adminPassword: BENCH_ADMIN_PASSWORD, timeZone: 'Asia/Shanghai' });
  const [existing] = await rows<{ n: number }>(db, sql`select count(*)::int as n from parties`);
  if (existing!.n > 0) throw new Error('the database already holds customers: generate into an empty database');
  const ctx = createContext(db, { scale: opts.scale, seed, log });
  const counts: Record<string, number> = {};
  for (const g of generators) {
    const t = performance.now();
    const made = await g.generate(ctx);
    for (const [table, n] of Object.entries(made)) counts[table] = (counts[table] ?? 0) + n;
    log(`  ${g.name.padEnd(16)} ${Object.entries(made).map(([k, v]) => `${k} ${v.toLocaleString('en')}`).join(', ')}  (${((performance.now() - t) / 1000).toFixed(1)} s)`);
  }
  // the generated history predates the chain: adopted and sealed now, so the app's sealer finds nothing to do
  const tSeal = performance.now();
  await db.execute(sql`insert into audit_chain (id) values (1) on conflict (id) do nothing`);
  await db.execute(sql`update audit_chain set adopted_through_id = (select coalesce(max(id), 0) from audit_log) where id = 1`);
  const { sealed } = await sealAudit(db, 5000);
  log(`  audit chain      ${sealed.toLocaleString('en')} rows sealed  (${((performance.now() - tSeal) / 1000).toFixed(1)} s)`);
  const t = performance.now();
  // a year-old database has been vacuumed by autovacuum: visibility map set (index-only scans), statistics current
  await db.execute(sql`vacuum analyze`);
  log(`  vacuum analyze   (${((performance.now() - t) / 1000).toFixed(1)} s)`);
  return { scale: opts.scale, seed, rows: counts, ms: performance.now() - t0 };
}

/** Open the target (fresh PGlite directory or empty PostgreSQL database), migrate, generate, close. */
export async function generateDataset(target: Target, opts: { scale: number; seed?: number; log?: (line: string) => void }): Promise<DatasetSummary> {
  registerFeatures();
  if (target.engine === 'pglite') fs.rmSync(path.join(target.dataDir!, 'pglite'), { recursive: true, force: true });
  const database = await openTarget(target, 4);
  try {
    const summary = await generateInto(database.db, opts);
    return { ...summary, engine: database.engine };
  } finally {
    await database.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = parseArgs();
  const scale = numberArg(args, 'scale', 1);
  const seed = numberArg(args, 'seed', DEFAULT_SEED);
  const url = args.get('database-url') ?? process.env.DATABASE_URL;
  const target: Target = url ? { engine: 'postgres', url } : { engine: 'pglite', dataDir: path.resolve(args.get('data-dir') ?? 'data-bench') };
  console.log(`dataset scale ${scale}, seed ${seed} → ${url ? url.replace(/\/\/[^@]*@/, '//…@') : `PGlite in ${target.dataDir}/pglite`}`);
  const s = await generateDataset(target, { scale, seed });
  console.log(`done in ${(s.ms / 1000).toFixed(1)} s; sign in as sales01 (staff) / admin, passwords in bench/data/context.ts and generate.ts`);
}
