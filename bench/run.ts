/**
 * `npm run bench`: the whole benchmark, one table, each figure against a limit measured in the same run.
 *
 *   npm run bench [-- --pglite] [--scale N] [--duration S] [--seed S] [--database-url URL] [--profile] [--keep] [--no-web] [--mail [--mails N]]
 *   npm run bench:smoke          (scale 0.01, 1-second runs: checks the harness end to end)
 *
 * 1. a fresh database (PostgreSQL `accord_bench_<pid>` beside DATABASE_URL or
 *    postgres://postgres@127.0.0.1:5432/postgres; with --pglite an embedded data directory) gets the
 *    deterministic dataset (bench/data);
 * 2. the server (`node --import tsx server/main.ts`) in a child process, driven with autocannon from this
 *    process over loopback (P2, P3, then P1, so the rows P1 adds do not change what P2/P3 read); a bare
 *    Fastify hello-world in another child process as the HTTP limit;
 * 3. limits measured from this process on the same database while no server runs: sequential ILIKE scans
 *    for the search terms (before), raw `pg` inserts of a communication's rows (after);
 * 4. the calendar and sweep benchmarks (P5) and embedded start-up (P7) after the server stopped;
 * 4b. with --mail: inbound mail logged per second from the private Dovecot beside imapflow alone (M1, bench/mail.bench.ts);
 * 5. the web app's first load with Lighthouse (W, bench/web.ts; `--no-web` leaves it out, `--smoke --web` adds it).
 * Results: the table on stdout, JSON in bench/results/<timestamp>.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { rows as queryRows, type Database } from '../server/platform/db/client.js';
import { documentTokens, queryTerms, toTsQuery } from '../server/platform/search/tokenize.js';
import { searchDocuments } from '../server/platform/search/search.repository.js';
import { communicationNumber, customerTimeline } from '../server/communications/communications.service.js';
import { sweepClocks } from '../server/procedures/index.js';
import { sweepQuotationFollowUps } from '../server/quotations/index.js';
import { numberArg, parseArgs } from './lib/args.js';
import { DEFAULT_ADMIN_URL, adminQuery, createScratchDatabase, dropScratchDatabase, openTarget, type Target } from './lib/db.js';
import { load, percentile, type LoadResult } from './lib/load.js';
import { summariseProfile } from './lib/profile.js';
import { cpuMeter, freePort, peakRssMb, queriesSent, repoRoot, spawnNode, waitReady, type Child } from './lib/proc.js';
import { BENCH_ADMIN_PASSWORD, BENCH_AUDIT_KEY, DEFAULT_SEED, generateDataset, type DatasetSummary } from './data/generate.js';
import { BENCH_USER_PASSWORD } from './data/context.js';
import { buildServer } from './lib/build-server.js';
import { JS_BUDGET, measureWeb, meets, targets } from './web.js';
import { measureKpis } from './kpis.bench.js';
import { measurePageApis, pageApiList } from './pages.bench.js';

/** the dataset's year (bench/data: fixed dates up to 2026-10-31) */
const KPI_YEAR = { from: '2025-11', to: '2026-10' };

const args = parseArgs();
const smoke = args.has('smoke');
const scale = numberArg(args, 'scale', smoke ? 0.01 : 1);
const duration = numberArg(args, 'duration', smoke ? 1 : 10);
const seed = numberArg(args, 'seed', DEFAULT_SEED);
const keep = args.has('keep');
/** also profile the server's CPU during a timeline and a POST run (V8 --cpu-prof), printed by package */
const profile = args.has('profile');
const adminUrl = args.get('database-url') ?? process.env.DATABASE_URL ?? DEFAULT_ADMIN_URL;
let usePglite = args.has('pglite');

/** P1 concurrency: the app's pool holds 10 PostgreSQL connections; the raw limit uses as many */
const WRITE_CONNECTIONS = 10;
const TIMELINE_CONNECTIONS = 32;
/** a few people searching at once */
const SEARCH_CONNECTIONS = 4;
const SEARCH_TERMS: Record<string, readonly string[]> = {
  'zh 2-char': ['交期', '模具', '包装', '开裂', '投诉', '毛刺'],
  'zh 3-char': ['散热片', '屏蔽罩', '防静电', '供应商', '符合性', '出货单'],
  en: ['RoHS', 'delivery', 'mould', 'packaging', '8D', 'crack'],
  // 3–5 matches at scale 0.1 (a few dozen at scale 1): an IQC team leader's title, two product descriptions
  rare: ['组长', 'harness', 'moulded'],
  // in no document: the index says so at once, or scans
  absent: ['航天', '量子', 'blockchain', 'zzqxv'],
  // filled from the dataset: an order, a quotation and a complaint number and a customer code (exact codes)
  code: [],
};

const log = (line: string) => console.log(line);
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const startedAt = new Date();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-bench-'));
const children: Child[] = [];
const dbName = `accord_bench_${process.pid}`;
const scratch: string[] = [];

interface Line {
  id: string;
  what: string;
  figure: string;
  limit: string;
  ratio: string;
  target: string;
  met: boolean | null;
  cpu?: string;
  data: Record<string, unknown>;
}
const lines: Line[] = [];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const pct = (x: number) => `${(x * 100).toFixed(0)} %`;
const ms = (x: number) => (x < 10 ? x.toFixed(1) : x.toFixed(0));
/** CPU shares, and CPU milliseconds per request of the server and PostgreSQL (load-independent cost) */
const cpuText = (c: Record<string, number>, rps?: number) => {
  const shares = Object.entries(c)
    .map(([k, v]) => `${k} ${(v * 100).toFixed(0)}%`)
    .join(', ');
  if (!rps) return shares;
  const per = (['server', 'postgres'] as const).filter((k) => c[k] !== undefined).map((k) => `${k} ${((c[k]! / rps) * 1000).toFixed(1)}`);
  return `${shares} → CPU ms/req: ${per.join(' + ')}`;
};

async function postgresReachable(url: string) {
  try {
    await adminQuery(url, 'select 1');
    return true;
  } catch {
    return false;
  }
}

// ---- limits measured on the database directly --------------------------------------------

interface Payload {
  partyId: string;
  contactId: string | null;
  channel: string;
  direction: string;
  topic: string;
  subject: string;
  content: string;
  result: string | null;
}

/** Raw inserts of what logging a communication writes: its number, the row, its audit row, its search row, last contact. */
async function rawInsertLimit(
  database: Database,
  target: Target,
  payloads: Payload[],
  actor: { id: string; name: string },
  parties: Map<string, { code: string; name: string }>,
  seconds: number,
) {
  type Q = (text: string, params: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;
  const one = async (q: Q, p: Payload) => {
    const at = new Date().toISOString();
    const party = parties.get(p.partyId)!;
    // the number as the app takes it (server/platform/numbering: gapless counter row, locked until commit)
    const [counter] = (
      await q(
        `insert into counters (key, value) values ('communication', (select coalesce(max(seq), 0) from communications) + 1)
         on conflict (key) do update set value = greatest(counters.value, excluded.value - 1) + 1 returning value`,
        [],
      )
    ).rows as { value: string }[];
    const [row] = (
      await q(
        `insert into communications (seq, party_id, channel, direction, topic, occurred_at, our_user_id, contact_id, subject, content, result, created_by, updated_by)
         values ($11, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $6, $6) returning id, seq`,
        [p.partyId, p.channel, p.direction, p.topic, at, actor.id, p.contactId, p.subject, p.content, p.result, counter!.value],
      )
    ).rows as { id: string; seq: string }[];
    const number = communicationNumber(Number(row!.seq));
    const after = {
      number,
      partyId: p.partyId,
      partyName: party.name,
      channel: p.channel,
      direction: p.direction,
      topic: p.topic,
      occurredAt: at,
      ourUserId: actor.id,
      ourUserName: actor.name,
      contactId: p.contactId,
      subject: p.subject,
      content: p.content,
      result: p.result,
      followUpDue: null,
      followUpDoneAt: null,
      links: [],
      attachments: [],
      voided: false,
      voidReason: null,
    };
    await q(`insert into audit_log (actor_id, ref_type, ref_id, action, after) values ($1, 'communication', $2, 'create', $3::jsonb)`, [
      actor.id,
      row!.id,
      JSON.stringify(after),
    ]);
    const title = `${number} ${p.subject} — ${party.name}`;
    const body = [p.content, p.result ?? '', '', party.code].join('\n');
    const codes = [number, party.code];
    await q(
      `insert into search_index (ref_type, ref_id, party_id, permission, title, body, tokens, codes, at, voided)
       values ('communication', $1, $2, 'communications.read', $3, $4, array_to_tsvector($5::text[]), $6, $7, false)`,
      [row!.id, p.partyId, title, body, documentTokens(`${title}\n${body}\n${codes.join(' ')}`), codes.join(' '), at],
    );
    await q(`update parties set last_contact_at = greatest(last_contact_at, $2::timestamptz) where id = $1`, [p.partyId, at]);
  };
  const latencies: number[] = [];
  let done = 0;
  const deadline = performance.now() + seconds * 1000;
  let next = 0;
  const t0 = performance.now();
  if (target.engine === 'postgres') {
    const pool = new pg.Pool({ connectionString: target.url, max: WRITE_CONNECTIONS });
    await Promise.all(
      Array.from({ length: WRITE_CONNECTIONS }, async () => {
        const client = await pool.connect();
        try {
          while (performance.now() < deadline) {
            const t = performance.now();
            await client.query('begin');
            await one((text, params) => client.query(text, params), payloads[next++ % payloads.length]!);
            await client.query('commit');
            latencies.push(performance.now() - t);
            done++;
          }
        } finally {
          client.release();
        }
      }),
    );
    await pool.end();
  } else {
    // PGlite is one connection in-process: the same statements, transactions queue on it
    const client = (database.db as unknown as { $client: { transaction<T>(fn: (tx: { query: Q }) => Promise<T>): Promise<T> } }).$client;
    await Promise.all(
      Array.from({ length: WRITE_CONNECTIONS }, async () => {
        while (performance.now() < deadline) {
          const t = performance.now();
          await client.transaction((tx) => one((text, params) => tx.query(text, params), payloads[next++ % payloads.length]!));
          latencies.push(performance.now() - t);
          done++;
        }
      }),
    );
  }
  latencies.sort((a, b) => a - b);
  return { rps: done / ((performance.now() - t0) / 1000), p50: percentile(latencies, 50), p99: percentile(latencies, 99), count: done };
}

/** The search query's shape with a sequential ILIKE scan instead of the token index. */
async function seqScanLimit(database: Database, permissions: string[], terms: readonly string[]) {
  const out: { term: string; ms: number; matches: number; appSqlMs: number; tokenMatches: number }[] = [];
  for (const term of terms) {
    const like = `%${term}%`;
    const q = sql`select ref_type, ref_id, party_id, title, body, at from search_index
                  where not voided and permission = any(${sql.param(permissions)}::text[]) and (title ilike ${like} or body ilike ${like})
                  order by at desc limit 30`;
    await database.db.execute(q); // warm
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      await database.db.execute(q);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const [{ n }] = (await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from search_index where not voided and (title ilike ${like} or body ilike ${like})`,
    )) as [{ n: number }];
    // the app's own query (token index), timed in SQL alone: what the database costs per search
    const indexed: number[] = [];
    for (let i = 0; i < 4; i++) {
      const t = performance.now();
      await searchDocuments(database.db, term, permissions, null, 30);
      indexed.push(performance.now() - t);
    }
    indexed.sort((a, b) => a - b);
    const terms = queryTerms(term);
    const [{ m }] = (await queryRows<{ m: number }>(
      database.db,
      sql`select count(*)::int as m from search_index where not voided and tokens @@ to_tsquery('simple', ${toTsQuery(terms)})`,
    )) as [{ m: number }];
    out.push({ term, ms: times[1]!, matches: n, appSqlMs: indexed[1]!, tokenMatches: m });
  }
  return out;
}

// ---- the server over HTTP ------------------------------------------------------------------

async function signIn(base: string, username: string, password: string) {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`sign-in of ${username} failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .find((c) => c.startsWith('accord_session='))!
    .split(';')[0]!;
  const me = (await res.json()) as { csrfToken: string };
  return { cookie, csrf: me.csrfToken };
}

let serverChild: Child | undefined;
let settleBase: string | undefined;
/** A load run with the CPU each process used and (PostgreSQL) the SQL statements the server sent per request. */
async function measured(pids: Record<string, number | undefined>, run: () => Promise<LoadResult>) {
  if (pids.server && settleBase) await settle(settleBase);
  const counting = !usePglite && serverChild && pids.server === serverChild.pid;
  const q0 = counting ? await queriesSent(serverChild!) : NaN;
  const meter = cpuMeter(pids, !usePglite);
  const result = await run();
  const cpu = meter();
  const statements = counting ? ((await queriesSent(serverChild!)) - q0) / result.requests : NaN;
  return { result, cpu, statements };
}

/** Wait until the server has worked off what earlier runs left queued (health answers quickly again). */
async function settle(base: string) {
  const until = performance.now() + 15_000;
  while (performance.now() < until) {
    const t = performance.now();
    await fetch(`${base}/api/health`).catch(() => undefined);
    if (performance.now() - t < 20) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Failed requests mean the harness is broken (sign-in, CSRF, payloads); none at all only that the run was too short. */
function check(r: LoadResult, what: string) {
  if (r.non2xx || r.errors) log(`  ! ${what}: ${r.non2xx} non-2xx responses, ${r.errors} errors`);
  if (r.non2xx && r.requests === r.non2xx) throw new Error(`${what}: every request failed`);
  if (!r.requests) log(`  ! ${what}: no response within ${duration} s`);
}

async function runNode(script: string, env: Record<string, string>): Promise<string> {
  const child = spawnNode(script, env);
  children.push(child);
  const code = await new Promise<number | null>((resolve) => child.proc.once('exit', (c) => resolve(c)));
  if (code !== 0) throw new Error(`${script} exited ${code}:\n${child.output()}`);
  return child.output();
}

// ---- main ------------------------------------------------------------------------------------

async function main() {
  if (!usePglite && !(await postgresReachable(adminUrl))) {
    if (!smoke) throw new Error(`PostgreSQL is not reachable at ${adminUrl.replace(/\/\/[^@]*@/, '//…@')}: start it, set DATABASE_URL, or run with --pglite`);
    log('PostgreSQL not reachable: the smoke run uses PGlite');
    usePglite = true;
  }
  const loadBefore = os.loadavg();
  log(`Accord benchmark — ${usePglite ? 'PGlite (embedded)' : 'PostgreSQL'}, scale ${scale}, seed ${seed}, ${duration} s per HTTP run`);
  log(
    `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, node ${process.version}, load average ${loadBefore.map((x) => x.toFixed(2)).join(' ')}`,
  );

  // 1. dataset
  let target: Target;
  if (usePglite) target = { engine: 'pglite', dataDir: path.join(tmp, 'data') };
  else {
    target = { engine: 'postgres', url: await createScratchDatabase(adminUrl, dbName) };
    scratch.push(dbName);
  }
  log(`dataset → ${target.engine === 'postgres' ? `database ${dbName}` : target.dataDir}`);
  const dataset: DatasetSummary = await generateDataset(target, { scale, seed, log });
  log(`dataset loaded in ${secs(dataset.ms)}`);

  // 2. fixtures and limits on the database itself
  const database = await openTarget(target, 4);
  const [heavy] = await queryRows<{ party_id: string; n: number }>(
    database.db,
    sql`select party_id, count(*)::int as n from communications group by 1 order by 2 desc limit 1`,
  );
  const samples = await queryRows<Payload & { party_code: string; party_name: string }>(
    database.db,
    sql`select c.party_id as "partyId", c.contact_id as "contactId", c.channel, c.direction, c.topic, c.subject, c.content, c.result, p.code as party_code, p.name_zh as party_name
        from communications c join parties p on p.id = c.party_id order by c.seq limit 500`,
  );
  const parties = new Map(samples.map((s) => [s.partyId, { code: s.party_code, name: s.party_name }]));
  const payloads: Payload[] = samples.map((s) => ({
    partyId: s.partyId,
    contactId: s.contactId,
    channel: s.channel,
    // an incoming enquiry would also start the enquiry procedure: keep P1 to the communication's own rows
    direction: s.topic === 'enquiry' && s.direction === 'in' ? 'out' : s.direction,
    topic: s.topic,
    subject: s.subject,
    content: s.content,
    result: s.result,
  }));
  const [actor] = await queryRows<{ id: string; name: string }>(database.db, sql`select id, display_name as name from users where username = 'sales01'`);
  const [staffRole] = await queryRows<{ permissions: string[] }>(database.db, sql`select permissions from roles where code = 'staff'`);
  // the code terms: SO-2026-0042 when the scale has it (else the first order of 2026), a customer's code, a quotation and a complaint number
  const codeOf = async (q: ReturnType<typeof sql>) => (await queryRows<{ v: string }>(database.db, q))[0]?.v;
  SEARCH_TERMS.code = [
    await codeOf(sql`select number as v from orders where number <= 'SO-2026-0042' and number like 'SO-2026-%' order by number desc limit 1`),
    await codeOf(sql`select code as v from parties order by code limit 1 offset 1`),
    await codeOf(sql`select number as v from quotations where number like 'QT-2026-%' order by number limit 1 offset 11`),
    await codeOf(sql`select number as v from complaints where number like 'CC-2026-%' order by number limit 1 offset 6`),
  ].filter((v): v is string => !!v);
  // the timeline's own work without HTTP: the service function called in this process
  const serviceMs: number[] = [];
  for (let i = 0; i < 12; i++) {
    const t = performance.now();
    await customerTimeline(database.db, heavy!.party_id);
    if (i >= 2) serviceMs.push(performance.now() - t);
  }
  const timelineServiceMs = median(serviceMs);
  log('limit for P3: sequential scans');
  const seqScans: Record<string, Awaited<ReturnType<typeof seqScanLimit>>> = {};
  for (const [kind, terms] of Object.entries(SEARCH_TERMS)) seqScans[kind] = await seqScanLimit(database, staffRole!.permissions, terms);
  const [{ n: searchRows }] = (await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from search_index`)) as [{ n: number }];
  // P4 limit: the KPI pack in this process beside the raw SQL of the same aggregates (bench/kpis.bench.ts)
  log('P4 KPI pack in process and its raw SQL');
  const kpiBench = await measureKpis(database, KPI_YEAR);
  // the dataset ends before today: its clocks' next checks have passed. The server's sweeps would catch up in the middle of
  // P2/P3 (500 clocks a minute); they run here first, to the end, and how long the catch-up takes is a line of its own
  log('P5 escalation sweep catching up on the dataset');
  const [{ open: openClocks, due: dueClocks }] = (await queryRows<{ open: number; due: number }>(
    database.db,
    sql`select count(*) filter (where status = 'running')::int as open, count(*) filter (where status = 'running' and next_check_at <= now())::int as due from clocks`,
  )) as [{ open: number; due: number }];
  const catchUp = { sweeps: 0, checked: 0, notified: 0, ms: 0, worstMs: 0, followUps: 0 };
  for (;;) {
    const t = performance.now();
    const r = await sweepClocks(database.db);
    const took = performance.now() - t;
    catchUp.sweeps++;
    catchUp.ms += took;
    catchUp.worstMs = Math.max(catchUp.worstMs, took);
    catchUp.checked += r.checked;
    catchUp.notified += r.notified;
    if (r.checked === 0) break;
  }
  catchUp.followUps = await sweepQuotationFollowUps(database.db);
  lines.push({
    id: 'P5',
    what: `escalation sweep catching up: ${dueClocks.toLocaleString('en')} due of ${openClocks.toLocaleString('en')} running clocks of the dataset (500 a sweep, ${database.engine})`,
    figure: `${ms(catchUp.ms)} ms in ${catchUp.sweeps} sweeps (worst ${ms(catchUp.worstMs)} ms), ${catchUp.notified.toLocaleString('en')} notifications; ${catchUp.followUps} quote follow-up tasks`,
    limit: '—',
    ratio: '—',
    target: '≤ 1 s a sweep',
    met: catchUp.worstMs <= 1000,
    data: { openClocks, dueClocks, ...catchUp },
  });
  await database.close();

  // 3. the server in its own process
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const serverEnv: Record<string, string> = {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: target.engine === 'pglite' ? target.dataDir! : path.join(tmp, 'server-data'),
    DATABASE_URL: target.engine === 'postgres' ? target.url! : '',
    LOG_LEVEL: 'warn',
    LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
    SESSION_SECRET: 'accord-bench-session-secret-0123456789abcdef',
    AUDIT_KEY: BENCH_AUDIT_KEY,
    ADMIN_PASSWORD: BENCH_ADMIN_PASSWORD,
    NODE_ENV: 'production',
  };
  const server = spawnNode('server/main.ts', serverEnv, [], usePglite ? [] : ['--import', './bench/lib/count-queries.ts']);
  children.push(server);
  const startMs = await waitReady(`${base}/api/health`, server);
  log(`server pid ${server.pid} ready in ${secs(startMs)}`);
  const session = await signIn(base, 'sales01', BENCH_USER_PASSWORD);
  const headers = { cookie: session.cookie, 'x-csrf-token': session.csrf, 'content-type': 'application/json', 'accept-language': 'zh-CN' };
  const bodies = payloads.map((p) => JSON.stringify({ ...p, occurredAt: new Date(Date.now() - 3_600_000).toISOString() }));
  let nextBody = 0;
  const postRequests = [
    {
      method: 'POST',
      path: '/api/communications',
      headers,
      setupRequest: (req: { body?: string | Buffer }) => ({ ...req, body: bodies[nextBody++ % bodies.length] }),
    },
  ];
  let profBase = base;
  let headers2 = headers;
  const base2 = () => profBase;
  const postRequests2 = () => [{ ...postRequests[0]!, headers: headers2 }];
  const pids = { server: server.pid };
  serverChild = server;
  settleBase = base;

  // warm-up: JIT, connection pool, caches
  const warm = Math.min(2, duration);
  await load({ url: `${base}/api/customers/${heavy!.party_id}/timeline`, connections: 8, duration: warm, headers });
  await load({ url: `${base}/api/search?q=${encodeURIComponent('交期')}`, connections: 4, duration: warm, headers });

  // P2: hello-world limit first, in its own process
  log('P2 customer timeline vs hello-world');
  const helloPort = await freePort();
  const hello = spawnNode('bench/hello.ts', { PORT: String(helloPort) });
  children.push(hello);
  await waitReady(`http://127.0.0.1:${helloPort}/hello`, hello);
  await load({ url: `http://127.0.0.1:${helloPort}/hello`, connections: TIMELINE_CONNECTIONS, duration: warm });
  const hw = await measured({ hello: hello.pid }, () => load({ url: `http://127.0.0.1:${helloPort}/hello`, connections: TIMELINE_CONNECTIONS, duration }));
  await hello.stop();
  const timeline = await measured(pids, () =>
    load({ url: `${base}/api/customers/${heavy!.party_id}/timeline`, connections: TIMELINE_CONNECTIONS, duration, headers }),
  );
  check(timeline.result, 'P2 timeline');
  const list = await measured(pids, () =>
    load({ url: `${base}/api/communications?partyId=${heavy!.party_id}&pageSize=50`, connections: TIMELINE_CONNECTIONS, duration, headers }),
  );
  check(list.result, 'P2 list');
  for (const [id, what, r] of [
    ['P2', `customer timeline (50 newest of ${heavy!.n.toLocaleString('en')}; ${TIMELINE_CONNECTIONS} conns)`, timeline],
    ['P2b', `communication list, that customer, 50 per page (${TIMELINE_CONNECTIONS} conns)`, list],
  ] as const) {
    const ratio = r.result.rps / hw.result.rps;
    lines.push({
      id,
      what,
      figure: `${r.result.rps.toFixed(0)} req/s, p50 ${ms(r.result.p50)} / p99 ${ms(r.result.p99)} ms`,
      limit: `hello-world ${hw.result.rps.toFixed(0)} req/s (p99 ${ms(hw.result.p99)} ms)${id === 'P2' ? `; service call alone ${ms(timelineServiceMs)} ms` : ''}`,
      ratio: pct(ratio),
      target: 'p99 ≤ 15 ms, ≥ 40 %',
      met: r.result.p99 <= 15 && ratio >= 0.4,
      cpu: cpuText(r.cpu, r.result.rps) + (Number.isFinite(r.statements) ? `; ${r.statements.toFixed(1)} SQL/req` : ''),
      data: {
        result: r.result,
        hello: hw.result,
        cpu: r.cpu,
        helloCpu: hw.cpu,
        customerCommunications: heavy!.n,
        timelineServiceInProcessMs: timelineServiceMs,
      },
    });
  }

  // P3
  log('P3 search');
  for (const [kind, terms] of Object.entries(SEARCH_TERMS)) {
    let i = 0;
    const paths = terms.map((t) => `/api/search?q=${encodeURIComponent(t)}`);
    const s = await measured(pids, () =>
      load({
        url: base,
        connections: SEARCH_CONNECTIONS,
        duration,
        headers,
        requests: [{ method: 'GET', setupRequest: (req: { path?: string }) => ({ ...req, path: paths[i++ % paths.length] }) }],
      }),
    );
    check(s.result, `P3 ${kind}`);
    const scans = seqScans[kind]!;
    const scan = scans.map((x) => x.ms).sort((a, b) => a - b)[scans.length >> 1]!;
    lines.push({
      id: 'P3',
      what: `search ${kind} (${terms.join(' ')}; ${SEARCH_CONNECTIONS} conns)`,
      figure: `p95 ${ms(s.result.p95)} ms (p50 ${ms(s.result.p50)}), ${s.result.rps.toFixed(0)} req/s`,
      limit: `seq scan ILIKE ${ms(scan)} ms (median term); app query in SQL ${ms(median(scans.map((x) => x.appSqlMs)))} ms, ${Math.round(median(scans.map((x) => x.tokenMatches))).toLocaleString('en')} matches`,
      ratio: `${(scan / s.result.p50).toFixed(1)}× faster`,
      target: 'p95 ≤ 50 ms',
      met: s.result.p95 <= 50,
      cpu: cpuText(s.cpu, s.result.rps) + (Number.isFinite(s.statements) ? `; ${s.statements.toFixed(1)} SQL/req` : ''),
      data: { result: s.result, seqScans: scans, cpu: s.cpu, searchRows },
    });
  }
  // P4: the KPI pack for the dataset's year over HTTP, one request at a time (the dashboard's first call), and at 4 connections
  log('P4 KPI pack over HTTP');
  const gm = await signIn(base, 'gm01', BENCH_USER_PASSWORD);
  const gmHeaders = { cookie: gm.cookie, 'accept-language': 'zh-CN' };
  const kpiUrl = `${base}/api/kpis?from=${KPI_YEAR.from}&to=${KPI_YEAR.to}`;
  await load({ url: kpiUrl, connections: 1, duration: warm, headers: gmHeaders });
  const p4 = await measured(pids, () => load({ url: kpiUrl, connections: 1, duration, headers: gmHeaders }));
  check(p4.result, 'P4');
  const p4b = await measured(pids, () => load({ url: kpiUrl, connections: 4, duration, headers: gmHeaders }));
  check(p4b.result, 'P4b');
  lines.push({
    id: 'P4',
    what: `KPI pack: ${kpiBench.kpis} KPIs × 12 months (${KPI_YEAR.from}…${KPI_YEAR.to}), GET /api/kpis, 1 conn`,
    figure: `p50 ${ms(p4.result.p50)} / p95 ${ms(p4.result.p95)} ms`,
    limit: `raw SQL of the same aggregates ${ms(kpiBench.rawSqlMs.p50)} ms; service in process ${ms(kpiBench.serviceMs.p50)} ms cold, ${ms(kpiBench.warmMs.p50)} ms remembered`,
    ratio: `${(p4.result.p50 / kpiBench.rawSqlMs.p50).toFixed(1)}× raw`,
    target: 'p95 ≤ 250 ms',
    met: p4.result.p95 <= 250,
    cpu: cpuText(p4.cpu, p4.result.rps) + (Number.isFinite(p4.statements) ? `; ${p4.statements.toFixed(1)} SQL/req` : ''),
    data: { result: p4.result, kpiBench, cpu: p4.cpu },
  });
  lines.push({
    id: 'P4b',
    what: 'dashboard API (the same pack), 4 conns',
    figure: `p95 ${ms(p4b.result.p95)} ms, ${p4b.result.rps.toFixed(1)} req/s`,
    limit: `one at a time p95 ${ms(p4.result.p95)} ms`,
    ratio: '—',
    target: 'p95 ≤ 100 ms',
    met: p4b.result.p95 <= 100,
    cpu: cpuText(p4b.cpu, p4b.result.rps),
    data: { result: p4b.result, cpu: p4b.cpu },
  });

  // P6: every list and page API the web app's pages call, one user, one request at a time (as a person opening pages)
  log('P6 page APIs, one user');
  const pageSeconds = Math.max(1, Math.round(duration / 3));
  const pageApis = await pageApiList(base, headers, heavy!.party_id);
  const pageFigures = await measurePageApis({ base, headers, apis: pageApis, seconds: pageSeconds, measured: (run) => measured(pids, run), log });
  for (const f of pageFigures) if (!f.requests) log(`  ! P6 ${f.name}: no response within ${pageSeconds} s`);
  const slowest = [...pageFigures].sort((a, b) => b.p95 - a.p95);
  lines.push({
    id: 'P6',
    what: `page APIs, one user, 1 conn (${pageFigures.length}: ${pageFigures.map((f) => f.name).join(', ')})`,
    figure: `worst p95 ${ms(slowest[0]!.p95)} ms (${slowest[0]!.name}); ${slowest
      .slice(0, 4)
      .map((f) => `${f.name} ${ms(f.p95)}`)
      .join(', ')} ms`,
    limit: `median p95 ${ms(median(pageFigures.map((f) => f.p95)))} ms`,
    ratio: '—',
    target: 'p95 ≤ 100 ms each',
    met: slowest[0]!.p95 <= 100,
    cpu: Number.isFinite(slowest[0]!.statements) ? `SQL/req: ${pageFigures.map((f) => `${f.name} ${f.statements.toFixed(1)}`).join(', ')}` : undefined,
    data: { pages: pageFigures },
  });

  // P8: many users at once: 12 connections reading the customer list, 3 logging communications and one reloading My
  // work in a loop — the customer list's p95 beside the same list alone. On the embedded engine every query waits for
  // the one before it (one connection): what a heavy request costs everyone else.
  log('P8 mixed load: customer list beside writers and a My work loop');
  const listUrl = `${base}/api/customers?sort=code&page=1&pageSize=20`;
  const alone = await measured(pids, () => load({ url: listUrl, connections: 12, duration, headers }));
  check(alone.result, 'P8 list alone');
  const [mixedList, mixedWrites, mixedWork] = await Promise.all([
    load({ url: listUrl, connections: 12, duration, headers }),
    load({ url: base, connections: 3, duration, requests: postRequests }),
    load({ url: `${base}/api/my-work`, connections: 1, duration, headers }),
  ]);
  check(mixedList, 'P8 list mixed');
  check(mixedWrites, 'P8 writes mixed');
  check(mixedWork, 'P8 my work mixed');
  lines.push({
    id: 'P8',
    what: 'customer list (12 conns) while 3 conns log communications and 1 reloads My work',
    figure: `list p95 ${ms(mixedList.p95)} ms (${mixedList.rps.toFixed(0)} req/s); writes ${mixedWrites.rps.toFixed(0)} req/s p95 ${ms(mixedWrites.p95)} ms; My work p95 ${ms(mixedWork.p95)} ms`,
    limit: `the list alone, 12 conns: p95 ${ms(alone.result.p95)} ms (${alone.result.rps.toFixed(0)} req/s)`,
    ratio: `${(mixedList.p95 / alone.result.p95).toFixed(1)}× alone`,
    target: 'list p95 ≤ 100 ms',
    met: mixedList.p95 <= 100,
    data: { alone: alone.result, list: mixedList, writes: mixedWrites, myWork: mixedWork },
  });

  // P1 last on the server: its rows (and the raw limit's) do not change what P2 and P3 read
  log('P1 log a communication over HTTP');
  await load({ url: base, connections: 8, duration: warm, requests: postRequests });
  const p1 = await measured(pids, () => load({ url: base, connections: WRITE_CONNECTIONS, duration, requests: postRequests }));
  const perPost = p1.statements;
  check(p1.result, 'P1');
  const rss = peakRssMb(server.pid);
  await server.stop();

  // the tamper-evident trail's cost: the same POSTs on the same database with the chain off (AUDIT_CHAIN=off: no
  // keyed hash per audit row, no sealer), right after — the difference is what the trail costs the write path
  log('P1 again without the audit chain (its cost)');
  const offPort = await freePort();
  const offServer = spawnNode(
    'server/main.ts',
    { ...serverEnv, PORT: String(offPort), AUDIT_CHAIN: 'off' },
    [],
    usePglite ? [] : ['--import', './bench/lib/count-queries.ts'],
  );
  children.push(offServer);
  await waitReady(`http://127.0.0.1:${offPort}/api/health`, offServer);
  const offBase = `http://127.0.0.1:${offPort}`;
  const offSession = await signIn(offBase, 'sales01', BENCH_USER_PASSWORD);
  const offRequests = [{ ...postRequests[0]!, headers: { ...headers, cookie: offSession.cookie, 'x-csrf-token': offSession.csrf } }];
  await load({ url: offBase, connections: 8, duration: warm, requests: offRequests });
  const p1off = await measured({ server: offServer.pid }, () => load({ url: offBase, connections: WRITE_CONNECTIONS, duration, requests: offRequests }));
  check(p1off.result, 'P1 without the chain');
  await offServer.stop();
  lines.unshift({
    id: 'P1c',
    what: `log a communication with the tamper-evident audit chain, beside the same without it (${WRITE_CONNECTIONS} conns)`,
    figure: `chain on ${p1.result.rps.toFixed(0)} req/s (p99 ${ms(p1.result.p99)} ms)`,
    limit: `chain off ${p1off.result.rps.toFixed(0)} req/s (p99 ${ms(p1off.result.p99)} ms)`,
    ratio: pct(p1.result.rps / p1off.result.rps),
    target: 'report the cost',
    met: true,
    cpu: `on: ${cpuText(p1.cpu, p1.result.rps)}; off: ${cpuText(p1off.cpu, p1off.result.rps)}`,
    data: { on: p1.result, off: p1off.result, onCpu: p1.cpu, offCpu: p1off.cpu },
  });

  // the P1 limit: the same rows inserted with raw statements, same concurrency, server stopped
  log(`limit for P1: raw inserts (${WRITE_CONNECTIONS} connections, ${duration} s)`);
  const rawDb = await openTarget(target, 2);
  const rawMeter = cpuMeter({}, !usePglite);
  const raw = await rawInsertLimit(rawDb, target, payloads, actor!, parties, duration);
  const rawCpu = rawMeter();
  // the raw inserts run in this process: its CPU is their "server" side
  rawCpu.server = rawCpu.bench!;
  delete rawCpu.bench;
  await rawDb.close();
  lines.unshift({
    id: 'P1',
    what: `log a communication, HTTP POST (${WRITE_CONNECTIONS} conns)`,
    figure: `${p1.result.rps.toFixed(0)} req/s, p50 ${ms(p1.result.p50)} / p99 ${ms(p1.result.p99)} ms`,
    limit: `raw ${target.engine === 'postgres' ? 'pg' : 'PGlite'} ${raw.rps.toFixed(0)} tx/s (p50 ${ms(raw.p50)} ms)${Number.isFinite(perPost) ? `; SQL statements per request: app ${perPost.toFixed(1)}, raw 7` : ''}`,
    ratio: pct(p1.result.rps / raw.rps),
    target: '≥ 50 %',
    met: p1.result.rps / raw.rps >= 0.5,
    cpu:
      cpuText(p1.cpu, p1.result.rps) +
      (Number.isFinite(p1.statements) ? `; ${p1.statements.toFixed(1)} SQL/req` : '') +
      `; raw: ${cpuText(rawCpu, raw.rps).replace(/^.*→ /, '')}`,
    data: { http: p1.result, raw, rawCpu, cpu: p1.cpu, statementsPerRequest: perPost, rawStatementsPerTransaction: 7 },
  });

  // optional: where the server's CPU goes during the timeline and the POST runs
  const profiles: Record<string, { name: string; share: number }[]> = {};
  if (profile) {
    try {
      for (const [name, run] of [
        [
          'timeline',
          () => load({ url: `${base2()}/api/customers/${heavy!.party_id}/timeline`, connections: TIMELINE_CONNECTIONS, duration, headers: headers2 }),
        ],
        ['log a communication', () => load({ url: base2(), connections: WRITE_CONNECTIONS, duration, requests: postRequests2() })],
      ] as const) {
        const dir = path.join(tmp, `prof-${name.replace(/\W+/g, '-')}`);
        const p = await freePort();
        const child = spawnNode('server/main.ts', { ...serverEnv, PORT: String(p) }, [], ['--cpu-prof', '--cpu-prof-dir', dir]);
        children.push(child);
        await waitReady(`http://127.0.0.1:${p}/api/health`, child);
        profBase = `http://127.0.0.1:${p}`;
        const sess = await signIn(profBase, 'sales01', BENCH_USER_PASSWORD);
        headers2 = { ...headers, cookie: sess.cookie, 'x-csrf-token': sess.csrf };
        await load({ url: `${profBase}/api/health`, connections: 1, duration: 1 });
        await run();
        await child.stop();
        const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
        if (!file) continue;
        profiles[name] = summariseProfile(path.join(dir, file), duration);
        log(`  server CPU during ${name}: ${profiles[name]!.map((x) => `${x.name} ${(x.share * 100).toFixed(0)}%`).join(', ')}`);
      }
    } catch (err) {
      log(`  ! profile failed: ${String(err).split('\n').slice(0, 3).join(' ')}`);
    }
  }

  // P5: the existing benchmarks, parsed
  log('P5 calendar and sweep benchmarks');
  const calOut = await runNode('bench/calendar.bench.ts', smoke ? { OPS: '100000', ROUNDS: '2' } : {});
  const add = /addWorkingDays \(n 0–60\)\s+median\s+([\d.]+) M\/s/.exec(calOut);
  const addRate = add ? Number(add[1]) : NaN;
  lines.push({
    id: 'P5',
    what: 'working-day additions (addWorkingDays, 0–60 days)',
    figure: `${addRate.toFixed(2)} M/s`,
    limit: '—',
    ratio: '—',
    target: '≥ 1 M/s',
    met: addRate >= 1,
    data: { output: calOut },
  });
  let sweepEnv: Record<string, string> = { DATABASE_URL: '' };
  if (!usePglite) {
    sweepEnv = { DATABASE_URL: await createScratchDatabase(adminUrl, `${dbName}_sweep`) };
    scratch.push(`${dbName}_sweep`);
  }
  const clocks = smoke ? 2000 : 100_000;
  const sweepOut = await runNode('bench/sweep.bench.ts', { ...sweepEnv, CLOCKS: String(clocks) });
  const idle = /none due \| ([\d.]+) ms per sweep/.exec(sweepOut);
  const burst = /burst of (\d+) due clocks \| (\d+) ms/.exec(sweepOut);
  const idleMs = idle ? Number(idle[1]) : NaN;
  const burstMs = burst ? Number(burst[2]) : NaN;
  const sweepEngine = usePglite ? 'PGlite in memory' : 'PostgreSQL';
  lines.push({
    id: 'P5',
    what: `escalation sweep, ${clocks.toLocaleString('en')} open clocks, none due (${sweepEngine})`,
    figure: `${ms(idleMs)} ms per sweep`,
    limit: '—',
    ratio: '—',
    target: '≤ 1 s',
    met: idleMs <= 1000,
    data: { output: sweepOut },
  });
  lines.push({
    id: 'P5',
    what: `escalation sweep, burst of ${burst?.[1] ?? '?'} due of ${clocks.toLocaleString('en')} (${sweepEngine})`,
    figure: `${ms(burstMs)} ms (${burst ? Math.round((Number(burst[1]) / burstMs) * 1000) : '?'} clocks/s)`,
    limit: '—',
    ratio: '—',
    target: '≤ 1 s',
    met: burstMs <= 1000,
    data: {},
  });

  // W1: webhook deliveries through the outbox to a local receiver, beside sequential POSTs to it alone
  log('W1 webhook deliveries');
  const events = Math.max(200, Math.round(2000 * Math.min(scale, 1)));
  const hookOut = await runNode('bench/webhooks.bench.ts', { ...sweepEnv, EVENTS: String(events) });
  const hookRate = /through the outbox, \d+ events \| (\d+) events\/s/.exec(hookOut);
  const hookLimit = /receiver alone \| (\d+) req\/s/.exec(hookOut);
  lines.push({
    id: 'W1',
    what: `webhook events delivered per second (${events.toLocaleString('en')} events, signed POSTs to 127.0.0.1, ${sweepEngine})`,
    figure: `${hookRate?.[1] ?? '?'} events/s`,
    limit: `sequential POSTs to the receiver alone ${hookLimit?.[1] ?? '?'} req/s`,
    ratio: hookRate && hookLimit ? `${((Number(hookRate[1]) / Number(hookLimit[1])) * 100).toFixed(0)} %` : '—',
    target: '—',
    met: null,
    data: { output: hookOut },
  });
  // M1: inbound mail logged per second from a full mailbox, beside imapflow alone fetching it (bench/mail.bench.ts;
  // needs Dovecot — npm run dev:mail — so only with --mail)
  if (args.has('mail')) {
    log('M1 inbound mail');
    const mails = numberArg(args, 'mails', smoke ? 200 : 10_000);
    const mailOut = await runNode('bench/mail.bench.ts', { ...sweepEnv, MAILS: String(mails) });
    const mailRate = /inbound mails logged, \d+ messages \| (\d+) mails\/s/.exec(mailOut);
    const streamed = /streamed FETCH \| (\d+) mails\/s/.exec(mailOut);
    const oneByOne = /one UID FETCH per message \| (\d+) mails\/s/.exec(mailOut);
    lines.push({
      id: 'M1',
      what: `inbound mails logged per second (${mails.toLocaleString('en')} messages in the mailbox, every 10th with a PDF, ${sweepEngine})`,
      figure: `${mailRate?.[1] ?? '?'} mails/s`,
      limit: `imapflow alone: streamed FETCH ${streamed?.[1] ?? '?'} mails/s, one UID FETCH each ${oneByOne?.[1] ?? '?'} mails/s`,
      ratio: mailRate && streamed ? `${((Number(mailRate[1]) / Number(streamed[1])) * 100).toFixed(0)} %` : '—',
      target: '—',
      met: null,
      data: { output: mailOut },
    });
  }
  // XL: Excel in and out — the import of past communications beside the raw INSERT, the export of the log (bench/spreadsheets.bench.ts)
  log('XL spreadsheet import and export');
  let xlEnv: Record<string, string> = { DATABASE_URL: '' };
  if (!usePglite) {
    xlEnv = { DATABASE_URL: await createScratchDatabase(adminUrl, `${dbName}_xl`) };
    scratch.push(`${dbName}_xl`);
  }
  const xlRows = numberArg(args, 'xl-rows', smoke ? 500 : 50_000);
  const xlOut = await runNode('bench/spreadsheets.bench.ts', { ...xlEnv, ROWS: String(xlRows) });
  const imp = /\| import of (\d+) communications .*\| (\d+) rows\/s \|/.exec(xlOut);
  const rawInsert = /\| raw multi-row INSERT of the same (\d+) rows \| (\d+) rows\/s \|/.exec(xlOut);
  const impRate = imp ? Number(imp[2]) : NaN;
  const rawRate = rawInsert ? Number(rawInsert[2]) : NaN;
  const xlEngine = usePglite ? 'PGlite in memory' : 'PostgreSQL';
  lines.push({
    id: 'XL1',
    what: `import of ${xlRows.toLocaleString('en')} past communications from CSV: upload, dry run, batched run through the service (${xlEngine})`,
    figure: `${impRate} rows/s`,
    limit: `${rawRate} rows/s raw multi-row INSERT`,
    ratio: pct(impRate / rawRate),
    target: '≥ 25 %',
    met: impRate / rawRate >= 0.25,
    data: { output: xlOut },
  });
  for (const m of xlOut.matchAll(/\| export of (\d+) communications to (\w+) \(([\d.]+) MB\) \| (\d+) rows\/s \| peak RSS (\d+) MB/g)) {
    lines.push({
      id: 'XL2',
      what: `export of ${Number(m[1]).toLocaleString('en')} communications to ${m[2]} (${m[3]} MB), streamed page by page (${xlEngine})`,
      figure: `${m[4]} rows/s, peak RSS ${m[5]} MB`,
      limit: '—',
      ratio: '—',
      target: '—',
      met: true,
      data: {},
    });
  }

  // P7: embedded start on an existing data directory
  log('P7 embedded start-up');
  const p7Dir = target.engine === 'pglite' ? target.dataDir! : path.join(tmp, 'p7');
  let p7Scale = scale;
  if (target.engine === 'postgres') {
    p7Scale = Math.min(scale, 0.1);
    await generateDataset({ engine: 'pglite', dataDir: p7Dir }, { scale: p7Scale, seed, log: () => undefined });
  }
  const starts: number[] = [];
  const startRuns = smoke ? 1 : 3;
  for (let i = 0; i < startRuns; i++) {
    const p = await freePort();
    const t0 = performance.now();
    const child = spawnNode('server/main.ts', { ...serverEnv, DATA_DIR: p7Dir, DATABASE_URL: '', PORT: String(p) });
    children.push(child);
    await waitReady(`http://127.0.0.1:${p}/api/health`, child, 60_000, 10);
    starts.push(performance.now() - t0);
    await child.stop();
  }
  starts.sort((a, b) => a - b);
  const start = starts[starts.length >> 1]!;
  // the floor: node + tsx starting a bare Fastify (same loader, no app, no database)
  const floors: number[] = [];
  for (let i = 0; i < startRuns; i++) {
    const p = await freePort();
    const t0 = performance.now();
    const child = spawnNode('bench/hello.ts', { PORT: String(p) });
    children.push(child);
    await waitReady(`http://127.0.0.1:${p}/hello`, child, 60_000, 10);
    floors.push(performance.now() - t0);
    await child.stop();
  }
  floors.sort((a, b) => a - b);
  // where the time goes: main.ts's steps timed one by one
  const phaseOut = await runNode('bench/lib/startup-phases.ts', { ...serverEnv, DATA_DIR: p7Dir, DATABASE_URL: '', PORT: String(await freePort()) });
  const phases = JSON.parse(phaseOut.trim().split('\n').pop()!) as Record<string, number>;
  let prev = 0;
  const steps = Object.entries(phases).map(([k, v]) => {
    const d = v - prev;
    prev = v;
    return `${k} ${(d / 1000).toFixed(2)}`;
  });
  log(`  start-up steps (s): ${steps.join(', ')}`);
  lines.push({
    id: 'P7',
    what: `embedded start to ready, existing PGlite dir (scale ${p7Scale})`,
    figure: `${secs(start)} (runs ${starts.map((x) => (x / 1000).toFixed(2)).join(', ')} s)`,
    limit: `node+tsx bare Fastify ${secs(floors[floors.length >> 1]!)}`,
    ratio: `${(start / floors[floors.length >> 1]!).toFixed(1)}× floor`,
    target: '≤ 3 s',
    met: start <= 3000,
    data: { runsMs: starts, floorMs: floors, phasesMs: phases },
  });

  // P7b: the same start from the server compiled into one module (no tsx loader at start-up)
  const bundle = await buildServer(path.join(repoRoot, 'dist', `bench-server-${process.pid}`, 'main.mjs'));
  const builtStarts: number[] = [];
  try {
    for (let i = 0; i < startRuns; i++) {
      const p = await freePort();
      const t0 = performance.now();
      const child = spawnNode(bundle, { ...serverEnv, DATA_DIR: p7Dir, DATABASE_URL: '', PORT: String(p) });
      children.push(child);
      await waitReady(`http://127.0.0.1:${p}/api/health`, child, 60_000, 10);
      builtStarts.push(performance.now() - t0);
      await child.stop();
    }
  } finally {
    fs.rmSync(path.dirname(bundle), { recursive: true, force: true });
  }
  builtStarts.sort((a, b) => a - b);
  const builtStart = builtStarts[builtStarts.length >> 1]!;
  lines.push({
    id: 'P7b',
    what: 'as P7, server compiled to one module (bench/lib/build-server.ts)',
    figure: `${secs(builtStart)} (runs ${builtStarts.map((x) => (x / 1000).toFixed(2)).join(', ')} s)`,
    limit: `node+tsx bare Fastify ${secs(floors[floors.length >> 1]!)}`,
    ratio: `${(builtStart / floors[floors.length >> 1]!).toFixed(1)}× floor`,
    target: '≤ 3 s',
    met: builtStart <= 3000,
    data: { runsMs: builtStarts },
  });

  lines.push({
    id: 'MEM',
    what: 'peak RSS of the server process (VmHWM)',
    figure: `${rss.toFixed(0)} MB`,
    limit: '—',
    ratio: '—',
    target: '—',
    met: null,
    data: { peakRssMb: rss },
  });

  // W: the web app's first load with Lighthouse (bench/web.ts), last, so it shares the CPU with nothing of ours
  if (smoke ? args.has('web') : !args.has('no-web')) {
    log('W web first load (Lighthouse: sign-in page, customer list, an order page)');
    for (const f of await measureWeb({ log })) {
      const m = meets(f);
      lines.push({
        id: `W-${f.preset}`,
        what: `${f.page} (${f.path.startsWith('/orders/') ? '/orders/:id' : f.path}), Lighthouse ${f.preset}`,
        figure: `performance ${f.performance}, accessibility ${f.accessibility}, JS ${(f.jsBytes / 1000).toFixed(0)} kB`,
        limit: '—',
        ratio: '—',
        target: `≥ ${targets.performance[f.preset]}, ≥ ${targets.accessibility}${m.js === null ? '' : `, ≤ ${JS_BUDGET / 1000} kB`}`,
        met: m.performance && m.accessibility && m.js !== false,
        data: { ...f },
      });
    }
  }

  const loadAfter = printTable(dataset, searchRows, loadBefore);

  const results = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    engine: usePglite ? 'pglite' : 'postgres',
    scale,
    seed,
    durationSeconds: duration,
    smoke,
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memGb: os.totalmem() / 2 ** 30, node: process.version, loadBefore, loadAfter },
    dataset,
    lines,
    serverCpuProfile: profiles,
  };
  const dir = path.join(repoRoot, 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${startedAt.toISOString().replace(/[:.]/g, '-')}${smoke ? '-smoke' : ''}.json`);
  fs.writeFileSync(file, JSON.stringify(results, null, 2));
  log(`results: ${path.relative(repoRoot, file)}  (total ${secs(performance.now())})`);
}

/** The one table (also printed, with what was measured so far, when a run fails half-way). */
function printTable(dataset: DatasetSummary | undefined, searchRows: number | undefined, loadBefore: number[]) {
  const loadAfter = os.loadavg();
  const header = ['', 'measure', 'figure', 'limit (same run)', 'ratio', 'target', 'met', 'CPU during run (1 core = 100%)'];
  const body = lines.map((l) => [l.id, l.what, l.figure, l.limit, l.ratio, l.target, l.met === null ? '' : l.met ? 'met' : 'NOT met', l.cpu ?? '']);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => [...r[i]!].length)));
  const fmt = (r: string[]) => `| ${r.map((c, i) => c + ' '.repeat(widths[i]! - [...c].length)).join(' | ')} |`;
  log('');
  log(
    `Accord benchmark ${startedAt.toISOString()} — ${usePglite ? 'PGlite' : 'PostgreSQL'}, scale ${scale} (${dataset?.rows.communications?.toLocaleString('en') ?? '?'} communications, ${searchRows?.toLocaleString('en') ?? '?'} search rows), ${duration} s runs`,
  );
  log(fmt(header));
  log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of body) log(fmt(r));
  log(`load average before ${loadBefore.map((x) => x.toFixed(2)).join(' ')}, after ${loadAfter.map((x) => x.toFixed(2)).join(' ')}; ${os.cpus().length} cores`);
  return loadAfter;
}

async function cleanup() {
  for (const c of children) await c.stop().catch(() => undefined);
  if (!keep) {
    for (const name of scratch) await dropScratchDatabase(adminUrl, name);
    fs.rmSync(tmp, { recursive: true, force: true });
  } else log(`kept: ${tmp} ${scratch.join(' ')}`);
}

process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));
try {
  await main();
  await cleanup();
  process.exit(0);
} catch (err) {
  console.error(err);
  if (lines.length) printTable(undefined, undefined, [NaN, NaN, NaN]);
  await cleanup();
  process.exit(1);
}
