/**
 * Excel in and out. Run: npx tsx bench/spreadsheets.bench.ts
 * (PGlite in memory; set DATABASE_URL to a scratch PostgreSQL database to measure there; ROWS=50000 by default;
 * EXPORTS=0 measures the import and the raw INSERT only — e.g. under `node --cpu-prof`).
 *
 * Reports:
 * - the import of ROWS past communications from a CSV (upload + dry run + the batched run through the
 *   communications service: row, its audit row naming the file row, search row, last contact, one audit row per
 *   batch on the import, each batch of 1,000 one transaction), beside the
 *   raw multi-row INSERT of the same rows into the communications table alone (1,000 rows per statement);
 * - the export of 2×ROWS communications (the list's service page by page, streamed) to xlsx and to csv into a
 *   sink that counts bytes, with the process's peak RSS during each export (VmHWM reset before it).
 */
import fs from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql } from 'drizzle-orm';
import { openPglite, openPostgres, rows as queryRows, type Db } from '../server/platform/db/client.js';
import { login, resolveSession, seedOrganisation } from '../server/identity/index.js';
import { registerFeatures } from '../server/app.js';
import { setAuditKey } from '../server/platform/audit/index.js';
import { createCustomer } from '../server/parties/index.js';
import { checkImport, importSettled, startImport, uploadImport, getImport } from '../server/spreadsheets/imports.service.js';
import { exportList, resolveColumns } from '../server/spreadsheets/export-registry.js';
import { startExport } from '../server/spreadsheets/export.service.js';

const ROWS = Number(process.env.ROWS ?? 50_000);
const CUSTOMERS = 200;
registerFeatures();
const database = process.env.DATABASE_URL ? await openPostgres(process.env.DATABASE_URL) : await openPglite(undefined);
const db: Db = database.db;
setAuditKey('accord-bench-audit-key-0123456789abcdef');
await seedOrganisation(db, { adminPassword: 'bench-password-1', timeZone: 'Asia/Shanghai' });
const { token } = await login(db, { username: 'admin', password: 'bench-password-1', ip: null, userAgent: 'bench' }, 2);
const auth = (await resolveSession(db, token))!;
const dataDir = fs.mkdtempSync('/tmp/accord-bench-xl-');
const ctx = { db, dataDir, timeZone: 'Asia/Shanghai' };

const codes: string[] = [];
for (let i = 0; i < CUSTOMERS; i++) {
  const code = `BX${String(i).padStart(4, '0')}`;
  await createCustomer(db, auth, {
    code,
    nameZh: `基准客户${i}有限公司`,
    nameEn: null,
    grade: 'B',
    status: 'active',
    ownerId: null,
    contactCadenceDays: null,
    preferredLanguage: 'zh-CN',
    notes: null,
    contacts: [],
  });
  codes.push(code);
}

// the same rows for both: customer, time, channel, direction, subject, content
const start = Date.UTC(2025, 0, 2, 1, 0);
const rows = Array.from({ length: ROWS }, (_, i) => ({
  code: codes[i % CUSTOMERS]!,
  at: new Date(start + i * 600_000),
  subject: `询价 第${i}号 型号 AB-${1000 + (i % 500)}`,
  content: `客户来电询问型号 AB-${1000 + (i % 500)} 的价格与交期，年用量约 ${(i % 50) + 1} 千件，要求两周内回复。Customer asks for price and lead time.`,
}));
const pad = (n: number) => String(n).padStart(2, '0');
const csv =
  '客户编号,沟通时间,沟通方式,方向,类别,主题,内容\r\n' +
  rows
    .map((r) => {
      const local = new Date(r.at.getTime() + 8 * 3_600_000);
      const when = `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())} ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
      return `${r.code},${when},电话,收到,其他,${r.subject},${r.content}`;
    })
    .join('\r\n');

let t = performance.now();
const job = await uploadImport(ctx, auth, 'communications', 'bench.csv', Buffer.from(csv, 'utf8'), 'zh-CN');
const uploadMs = performance.now() - t;
t = performance.now();
const checked = await checkImport(ctx, auth, job.id, job.mapping, 'zh-CN');
const checkMs = performance.now() - t;
if (checked.errorCount) throw new Error(`dry run errors: ${JSON.stringify(checked.errors.slice(0, 3))}`);
t = performance.now();
await startImport(ctx, auth, job.id, 'zh-CN');
await importSettled(job.id);
const runMs = performance.now() - t;
const done = await getImport(ctx, auth, job.id, 'zh-CN');
if (done.status !== 'done' || done.created !== ROWS) throw new Error(`import ended ${done.status} with ${done.created} created: ${done.message}`);
const totalMs = uploadMs + checkMs + runMs;
console.log(
  `| import of ${ROWS} communications (upload ${uploadMs.toFixed(0)} ms, dry run ${checkMs.toFixed(0)} ms, run ${runMs.toFixed(0)} ms) | ${Math.round((ROWS / totalMs) * 1000)} rows/s |`,
);

// the raw multi-row INSERT of the same rows (communications table only)
const parties = new Map(
  (await queryRows<{ id: string; code: string }>(db, sql`select id, code from parties where kind = 'customer'`)).map((r) => [r.code, r.id]),
);
// the app numbers communications itself (gapless counter), so the raw rows take theirs after the imported ones
const [{ base } = { base: 0 }] = await queryRows<{ base: number }>(db, sql`select coalesce(max(seq), 0)::int as base from communications`);
t = performance.now();
for (let i = 0; i < ROWS; i += 1000) {
  const chunk = rows
    .slice(i, i + 1000)
    .map((r, k) => ({ n: k + 1, party_id: parties.get(r.code), occurred_at: r.at.toISOString(), subject: r.subject, content: r.content }));
  await db.execute(sql`
    insert into communications (seq, party_id, channel, direction, topic, occurred_at, our_user_id, subject, content, created_by, updated_by)
    select ${base + i}::bigint + x.n, x.party_id, 'phone', 'in', 'other', x.occurred_at, ${auth.userId}::uuid, x.subject, x.content, ${auth.userId}::uuid, ${auth.userId}::uuid
    from json_to_recordset(${JSON.stringify(chunk)}::json) as x(n bigint, party_id uuid, occurred_at timestamptz, subject text, content text)`);
}
const rawMs = performance.now() - t;
console.log(`| raw multi-row INSERT of the same ${ROWS} rows | ${Math.round((ROWS / rawMs) * 1000)} rows/s |`);

// exports: the communication log, all 2×ROWS rows
const list = exportList('communications')!;
for (const format of process.env.EXPORTS === '0' ? [] : (['xlsx', 'csv'] as const)) {
  (globalThis as { gc?: () => void }).gc?.();
  try {
    fs.writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    /* not Linux: the peak includes what came before */
  }
  let bytes = 0;
  t = performance.now();
  const started = startExport(
    db,
    auth,
    list,
    { format, columns: await resolveColumns(db, auth, list, {}, null), filters: {} },
    { locale: 'zh-CN', timeZone: 'Asia/Shanghai' },
  );
  await pipeline(
    started.stream,
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        bytes += chunk.length;
        cb();
      },
    }),
  );
  const n = await started.done;
  const ms = performance.now() - t;
  const hwm = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
  const rss = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
  console.log(
    `| export of ${n} communications to ${format} (${(bytes / 1024 / 1024).toFixed(1)} MB) | ${Math.round((n / ms) * 1000)} rows/s | peak RSS ${hwm ? (Number(hwm[1]) / 1024).toFixed(0) : '?'} MB (RSS after ${rss ? (Number(rss[1]) / 1024).toFixed(0) : '?'} MB) |`,
  );
}
fs.rmSync(dataDir, { recursive: true, force: true });
await database.close();
