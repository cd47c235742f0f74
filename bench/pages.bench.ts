/**
 * P6 (and P8) — the page APIs the web app calls, one user — shared by `bench/run.ts` and runnable alone on an existing
 * dataset (no generation, the database is not dropped):
 *
 *   npx tsx bench/pages.bench.ts --database-url postgres://…/accord_x [--seconds 4] [--only "order list,my work"] [--p8] [--p4]
 *   npx tsx bench/pages.bench.ts --data-dir /tmp/pglite-dir …       (a `npm run bench:data -- --data-dir` directory)
 *   … --repo /path/to/other/checkout      the server of another checkout (a before/after comparison on one dataset)
 *
 * Alone it first catches up the dataset's escalation sweep in this process (as run.ts's P5 does, so the server's own
 * sweeper does not do it in the middle of the measurement; it writes notifications once, later runs find nothing due),
 * then starts the server (`server/main.ts`, production, on PostgreSQL with the statement counter preloaded) and prints
 * p50 / p95 and SQL statements per request for each page API. Results also go to bench/results/<timestamp>-pages.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { load, type LoadResult } from './lib/load.js';

export interface PageFigure {
  name: string;
  path: string;
  p95: number;
  p50: number;
  statements: number;
  requests: number;
}

type Measured = (run: () => Promise<LoadResult>) => Promise<{ result: LoadResult; statements: number }>;

/** The list and page APIs the web app's pages call, as the pages call them (first page, default sizes). */
export async function pageApiList(base: string, headers: Record<string, string>, heavyPartyId: string): Promise<[string, string][]> {
  const pick = async (path: string) => ((await (await fetch(`${base}${path}`, { headers })).json()) as { items?: { id: string }[] }).items?.[0]?.id;
  const oneOrder = await pick('/api/orders?page=1&pageSize=1');
  const oneComplaint = await pick('/api/complaints?page=1&pageSize=1');
  return [
    ['my work', '/api/my-work'],
    ['customer list', '/api/customers?sort=code&page=1&pageSize=20'],
    ['customer page', `/api/customers/${heavyPartyId}`],
    ['communication list', '/api/communications?page=1&pageSize=20'],
    ['order list', '/api/orders?page=1&pageSize=20'],
    ...(oneOrder ? ([['order page', `/api/orders/${oneOrder}`]] as [string, string][]) : []),
    ['quotation list', '/api/quotations?page=1&pageSize=20'],
    ['complaint list', '/api/complaints?page=1&pageSize=20'],
    ...(oneComplaint ? ([['complaint page', `/api/complaints/${oneComplaint}`]] as [string, string][]) : []),
    ['action items', '/api/actions?page=1&pageSize=20'],
    ['notifications', '/api/notifications'],
    ['procedure list', '/api/procedures'],
    [
      'order procedure time report',
      `/api/procedures/order/report?from=${encodeURIComponent('2025-11-01T00:00:00Z')}&to=${encodeURIComponent('2026-10-31T00:00:00Z')}`,
    ],
  ];
}

/** Each API warmed by 3 requests, then one connection for `seconds`: p50, p95 and statements per request. */
export async function measurePageApis(opts: {
  base: string;
  headers: Record<string, string>;
  apis: [string, string][];
  seconds: number;
  measured: Measured;
  log?: (line: string) => void;
}): Promise<PageFigure[]> {
  const out: PageFigure[] = [];
  for (const [name, path] of opts.apis) {
    await load({ url: `${opts.base}${path}`, connections: 1, amount: 3, headers: opts.headers });
    const r = await opts.measured(() => load({ url: `${opts.base}${path}`, connections: 1, duration: opts.seconds, headers: opts.headers }));
    if (r.result.non2xx || r.result.errors) opts.log?.(`  ! P6 ${name}: ${r.result.non2xx} non-2xx responses, ${r.result.errors} errors`);
    out.push({ name, path, p95: r.result.p95, p50: r.result.p50, statements: r.statements, requests: r.result.requests });
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { sql } = await import('drizzle-orm');
  const { parseArgs, numberArg } = await import('./lib/args.js');
  const { openTarget } = await import('./lib/db.js');
  const { rows } = await import('../server/platform/db/client.js');
  const { registerFeatures } = await import('../server/app.js');
  const { registerCalendarFeature } = await import('../server/calendar/index.js');
  const { setAuditKey } = await import('../server/platform/audit/chain.js');
  const { sweepClocks } = await import('../server/procedures/index.js');
  const { sweepQuotationFollowUps } = await import('../server/quotations/index.js');
  const { freePort, queriesSent, repoRoot, spawnNode, waitReady } = await import('./lib/proc.js');
  const { BENCH_ADMIN_PASSWORD, BENCH_AUDIT_KEY } = await import('./data/generate.js');
  const { BENCH_USER_PASSWORD } = await import('./data/context.js');

  const args = parseArgs();
  const dataDir = args.get('data-dir');
  const url = args.get('database-url');
  if (!dataDir && !url) throw new Error('--database-url URL or --data-dir DIR (an existing bench dataset)');
  const seconds = numberArg(args, 'seconds', 4);
  const only = args
    .get('only')
    ?.split(',')
    .map((s) => s.trim());
  const user = args.get('user') ?? 'sales01';
  const target = dataDir ? ({ engine: 'pglite', dataDir } as const) : ({ engine: 'postgres', url: url! } as const);
  const log = (line: string) => console.log(line);
  log(
    `P6 page APIs on ${dataDir ? `PGlite ${dataDir}` : url!.replace(/\/\/[^@]*@/, '//…@')} as ${user}, ${seconds} s each; load average ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );

  // the fixtures and the catch-up sweep, in this process, before the server opens the database (PGlite: one process)
  registerFeatures(); // the record types the sweeps' follow-up tasks name, on the site's calendar
  registerCalendarFeature('Asia/Shanghai');
  setAuditKey(BENCH_AUDIT_KEY);
  const database = await openTarget(target, 2);
  const [heavy] = await rows<{ party_id: string; n: number }>(
    database.db,
    sql`select party_id, count(*)::int as n from communications group by 1 order by 2 desc limit 1`,
  );
  let swept = 0;
  for (;;) {
    const r = await sweepClocks(database.db);
    swept += r.checked;
    if (r.checked === 0) break;
  }
  const followUps = await sweepQuotationFollowUps(database.db);
  if (swept || followUps) log(`caught up: ${swept} clocks checked, ${followUps} quote follow-up tasks`);
  await database.close();

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-pages-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const repo = args.get('repo');
  const server = spawnNode(
    repo ? path.join(repo, 'server/main.ts') : 'server/main.ts',
    {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir ?? path.join(tmp, 'server-data'),
      DATABASE_URL: url && !dataDir ? url : '',
      LOG_LEVEL: 'warn',
      LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
      SESSION_SECRET: 'accord-bench-session-secret-0123456789abcdef',
      AUDIT_KEY: BENCH_AUDIT_KEY,
      ADMIN_PASSWORD: BENCH_ADMIN_PASSWORD,
      NODE_ENV: 'production',
    },
    [],
    dataDir ? [] : ['--import', './bench/lib/count-queries.ts'],
  );
  try {
    await waitReady(`${base}/api/health`, server, 600_000);
    const res = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: user, password: BENCH_USER_PASSWORD }),
    });
    if (!res.ok) throw new Error(`sign-in of ${user} failed: ${res.status} ${await res.text()}`);
    const cookie = res.headers
      .getSetCookie()
      .find((c) => c.startsWith('accord_session='))!
      .split(';')[0]!;
    const { csrfToken } = (await res.json()) as { csrfToken: string };
    const headers = { cookie, 'x-csrf-token': csrfToken, 'accept-language': 'zh-CN' };
    const measured: Measured = async (run) => {
      const q0 = dataDir ? NaN : await queriesSent(server);
      const result = await run();
      return { result, statements: dataDir ? NaN : ((await queriesSent(server)) - q0) / result.requests };
    };
    const apis = (await pageApiList(base, headers, heavy!.party_id)).filter(([name]) => !only || only.includes(name));
    const figures = await measurePageApis({ base, headers, apis, seconds, measured, log });
    const pad = Math.max(...figures.map((f) => f.name.length));
    for (const f of figures) {
      log(
        `${f.name.padEnd(pad)}  p50 ${f.p50.toFixed(1).padStart(7)}  p95 ${f.p95.toFixed(1).padStart(7)} ms  ${f.requests} req${Number.isFinite(f.statements) ? `, ${f.statements.toFixed(1)} SQL/req` : ''}${f.p95 > 100 ? '  > 100 ms' : ''}`,
      );
    }
    let p8: Record<string, LoadResult> | undefined;
    if (args.has('p8')) {
      // P8 without the writers: the customer list at 12 connections beside one My work reload loop, and alone
      const listUrl = `${base}/api/customers?sort=code&page=1&pageSize=20`;
      const alone = await load({ url: listUrl, connections: 12, duration: seconds * 2, headers });
      const [list, myWork] = await Promise.all([
        load({ url: listUrl, connections: 12, duration: seconds * 2, headers }),
        load({ url: `${base}/api/my-work`, connections: 1, duration: seconds * 2, headers }),
      ]);
      p8 = { alone, list, myWork };
      log(
        `P8 (no writers): list alone p95 ${alone.p95.toFixed(0)} ms; beside a My work loop p95 ${list.p95.toFixed(0)} ms; My work p95 ${myWork.p95.toFixed(0)} ms`,
      );
    }
    let p4: Record<string, LoadResult> | undefined;
    if (args.has('p4')) {
      // P4 / P4b as run.ts measures them: the KPI pack of the dataset's year over HTTP as gm01, 1 and 4 connections
      const gm = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'gm01', password: BENCH_USER_PASSWORD }),
      });
      const gmHeaders = {
        cookie: gm.headers
          .getSetCookie()
          .find((c) => c.startsWith('accord_session='))!
          .split(';')[0]!,
        'accept-language': 'zh-CN',
      };
      const kpiUrl = `${base}/api/kpis?from=2025-11&to=2026-10`;
      const first = performance.now();
      await load({ url: kpiUrl, connections: 1, amount: 1, headers: gmHeaders });
      const firstMs = performance.now() - first;
      await load({ url: kpiUrl, connections: 1, duration: 1, headers: gmHeaders });
      p4 = {
        one: await load({ url: kpiUrl, connections: 1, duration: seconds, headers: gmHeaders }),
        four: await load({ url: kpiUrl, connections: 4, duration: seconds, headers: gmHeaders }),
      };
      const { one, four } = p4 as { one: LoadResult; four: LoadResult };
      log(
        `P4 KPI pack over HTTP: first request ${firstMs.toFixed(0)} ms; 1 conn p50 ${one.p50.toFixed(1)} / p95 ${one.p95.toFixed(1)} ms; P4b 4 conns p50 ${four.p50.toFixed(1)} / p95 ${four.p95.toFixed(1)} ms, ${four.rps.toFixed(0)} req/s`,
      );
    }
    log(
      `load average ${os
        .loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}`,
    );
    const dir = path.join(repoRoot, 'bench', 'results');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-pages.json`);
    fs.writeFileSync(
      file,
      JSON.stringify({ at: new Date().toISOString(), engine: target.engine, user, seconds, loadavg: os.loadavg(), figures, p8, p4 }, null, 2),
    );
    log(`→ ${path.relative(repoRoot, file)}`);
  } finally {
    await server.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
