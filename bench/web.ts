/**
 * `npm run bench:web` (and a section of `npm run bench`): the web app's first load, measured with Lighthouse
 * driving Debian's Chromium, on the sign-in page, the customer list and an order page, with the mobile and the
 * desktop preset.
 *
 *   npm run bench:web [-- --runs N] [--pages login,customers,order] [--presets mobile,desktop] [--keep]
 *
 * 1. the built web app (dist/web; built first when missing) served by the demo company on a fresh embedded data
 *    directory (server/demo/main.ts, DEMO_SCALE 0.3, ADMIN_PASSWORD set);
 * 2. admin signs in through the API (changing the password first when the account must), and the session cookie
 *    goes to Lighthouse as an extra header, so the customer list and the order page load signed in;
 * 3. each page × preset in a fresh Chromium (`--runs N`: the median performance of N runs, default 1).
 * JS transferred = every script response of the load (bytes on the wire, i.e. after brotli).
 * Targets (issue 14): first-load JS ≤ 300 kB on /login and /customers; performance ≥ 90 desktop, ≥ 70 mobile;
 * accessibility ≥ 95.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import type { Config, Flags, Result } from 'lighthouse';
import { freePort, repoRoot, spawnNode, waitReady, type Child } from './lib/proc.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROME_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ADMIN_PASSWORD = 'bench-web-admin-2026';
/** kB as Lighthouse and the issue count them: 1,000 bytes */
export const JS_BUDGET = 300_000;
export const targets = { performance: { desktop: 90, mobile: 70 }, accessibility: 95 } as const;

export type Preset = 'mobile' | 'desktop';
export interface WebFigure {
  page: string;
  path: string;
  preset: Preset;
  performance: number;
  accessibility: number;
  /** bytes of JavaScript transferred by the load */
  jsBytes: number;
  jsRequests: number;
  /** each script of the load: path and bytes transferred, largest first (to see what a page pulls in) */
  jsFiles: [string, number][];
  fcpMs: number;
  lcpMs: number;
  tbtMs: number;
  /** accessibility audits that failed, for fixing */
  a11yFailures: string[];
  /** the elements each failed audit names (a few), with the reason Lighthouse gives */
  a11yNodes: Record<string, string[]>;
  runs: number[];
}

interface Page {
  key: string;
  name: string;
  path: string;
  signedIn: boolean;
}

function ensureBuilt(log: (line: string) => void) {
  if (fs.existsSync(path.join(repoRoot, 'dist', 'web', 'index.html'))) return;
  log('  building the web app (npm run build:web)');
  const r = spawnSync('npm', ['run', 'build:web'], { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm run build:web failed');
}

export async function signIn(base: string): Promise<string> {
  const login = async (password: string) => {
    const res = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password }),
    });
    if (!res.ok) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0]!)
      .find((c) => c.startsWith('accord_session='));
    if (!cookie) throw new Error('sign-in set no session cookie');
    return { cookie, me: (await res.json()) as { csrfToken: string; mustChangePassword: boolean } };
  };
  let { cookie, me } = await login(ADMIN_PASSWORD);
  if (me.mustChangePassword) {
    // a new admin changes the password first; the pages would otherwise redirect to the form
    const newPassword = `${ADMIN_PASSWORD}-lighthouse-Xq7`;
    const res = await fetch(`${base}/api/auth/password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': me.csrfToken },
      body: JSON.stringify({ currentPassword: ADMIN_PASSWORD, newPassword }),
    });
    if (!res.ok) throw new Error(`password change failed: ${res.status} ${await res.text()}`);
    ({ cookie, me } = await login(newPassword));
    if (me.mustChangePassword) throw new Error('admin still must change the password');
  }
  return cookie;
}

export async function firstOrderId(base: string, cookie: string): Promise<string> {
  const res = await fetch(`${base}/api/orders?pageSize=1`, { headers: { cookie } });
  if (!res.ok) throw new Error(`order list: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { items: { id: string }[] };
  if (!body.items[0]) throw new Error('the demo company has no order');
  return body.items[0].id;
}

async function audit(url: string, preset: Preset, cookie: string | null): Promise<Result> {
  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: CHROME_FLAGS, logLevel: 'error' });
  try {
    const flags: Flags = {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility'],
      ...(cookie ? { extraHeaders: { Cookie: cookie } } : {}),
    };
    const runner = await lighthouse(url, flags, preset === 'desktop' ? (desktopConfig as Config) : undefined);
    if (!runner) throw new Error(`lighthouse returned nothing for ${url}`);
    const lhr = runner.lhr;
    if (lhr.runtimeError) throw new Error(`lighthouse ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    return lhr;
  } finally {
    await chrome.kill();
  }
}

/** Lighthouse asks to be run again when Chromium's trace lost its navigation start (NO_NAVSTART, seen on the busy 2-core machine): twice more at most. */
async function auditAgain(url: string, preset: Preset, cookie: string | null, log: (line: string) => void): Promise<Result> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await audit(url, preset, cookie);
    } catch (e) {
      if (attempt >= 3 || !String(e).includes('NO_NAVSTART')) throw e;
      log(`  (${new URL(url).pathname} ${preset}: Lighthouse lost the trace's navigation start; again)`);
    }
  }
}

function figures(page: Page, preset: Preset, lhr: Result): Omit<WebFigure, 'runs'> {
  const score = (id: string) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
  const numeric = (id: string) => Math.round(lhr.audits[id]?.numericValue ?? NaN);
  const requests =
    (lhr.audits['network-requests']?.details as { items?: { resourceType?: string; transferSize?: number; url: string }[] } | undefined)?.items ?? [];
  const scripts = requests.filter((r) => r.resourceType === 'Script');
  const a11y = lhr.categories.accessibility?.auditRefs ?? [];
  const a11yFailures = a11y.filter((ref) => ref.weight > 0 && lhr.audits[ref.id]?.score !== null && (lhr.audits[ref.id]?.score ?? 1) < 1).map((ref) => ref.id);
  const a11yNodes: Record<string, string[]> = {};
  for (const id of a11yFailures) {
    const items = (lhr.audits[id]?.details as { items?: { node?: { snippet?: string; explanation?: string } }[] } | undefined)?.items ?? [];
    a11yNodes[id] = items.slice(0, 8).map((i) => `${i.node?.snippet ?? '?'} — ${(i.node?.explanation ?? '').split('\n').slice(1, 2).join(' ').trim()}`);
  }
  return {
    page: page.name,
    path: page.path,
    preset,
    performance: score('performance'),
    accessibility: score('accessibility'),
    jsBytes: scripts.reduce((sum, r) => sum + (r.transferSize ?? 0), 0),
    jsRequests: scripts.length,
    jsFiles: scripts.map((r): [string, number] => [new URL(r.url).pathname, r.transferSize ?? 0]).sort((a, b) => b[1] - a[1]),
    fcpMs: numeric('first-contentful-paint'),
    lcpMs: numeric('largest-contentful-paint'),
    tbtMs: numeric('total-blocking-time'),
    a11yFailures,
    a11yNodes,
  };
}

/** The whole measurement: server up, sign in, every page × preset, server down. */
/**
 * The demo company for the browser probes (web-cpu.ts, web-profile.ts): started on a fresh embedded data directory, or
 * one already running at `given` (started with ADMIN_PASSWORD=bench-web-admin-2026); signed in as admin; the three
 * pages (sign-in, customer list, an order) narrowed to `want`.
 */
export async function demoForProbes(want: string[], given?: string) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-web-probe-'));
  const base = given ?? `http://127.0.0.1:${await freePort()}`;
  let server: Child | undefined;
  const stop = async () => {
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    if (!given)
      server = spawnNode('server/demo/main.ts', {
        DATA_DIR: dataDir,
        PORT: new URL(base).port,
        HOST: '127.0.0.1',
        ADMIN_PASSWORD,
        DEMO_SCALE: '0.3',
        DATABASE_URL: '',
        DEMO_DATABASE_URL: '',
        LOG_LEVEL: 'warn',
      });
    if (server) await waitReady(`${base}/api/health`, server, 300_000, 200);
    const cookie = await signIn(base);
    const orderId = await firstOrderId(base, cookie);
    const pages = [
      { key: 'login', path: '/login', signedIn: false },
      { key: 'customers', path: '/customers', signedIn: true },
      { key: 'order', path: `/orders/${orderId}`, signedIn: true },
    ].filter((p) => want.includes(p.key));
    const [name, value] = cookie.split('=') as [string, string];
    return { base, pages, cookie: { name, value, url: base }, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

export async function measureWeb(
  opts: { runs?: number; keep?: boolean; pages?: string[]; presets?: Preset[]; log?: (line: string) => void } = {},
): Promise<WebFigure[]> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const runs = Math.max(1, opts.runs ?? 1);
  if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
  ensureBuilt(log);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-bench-web-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let server: Child | undefined;
  try {
    log(`  demo company on a fresh data directory (${dataDir})`);
    server = spawnNode('server/demo/main.ts', {
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      ADMIN_PASSWORD,
      DEMO_SCALE: '0.3',
      DATABASE_URL: '',
      DEMO_DATABASE_URL: '',
      LOG_LEVEL: 'warn',
    });
    await waitReady(`${base}/api/health`, server, 300_000, 200);
    const cookie = await signIn(base);
    const orderId = await firstOrderId(base, cookie);
    const pages: Page[] = [
      { key: 'login', name: 'sign-in', path: '/login', signedIn: false },
      { key: 'customers', name: 'customer list', path: '/customers', signedIn: true },
      { key: 'order', name: 'order', path: `/orders/${orderId}`, signedIn: true },
    ];
    const out: WebFigure[] = [];
    // LIGHTHOUSE_REPORTS=<dir>: also keep each run's whole report (to see what a score is made of)
    const reports = process.env.LIGHTHOUSE_REPORTS;
    for (const page of pages.filter((p) => !opts.pages || opts.pages.includes(p.key))) {
      for (const preset of opts.presets ?? (['mobile', 'desktop'] as const)) {
        const all: Omit<WebFigure, 'runs'>[] = [];
        for (let i = 0; i < runs; i++) {
          const lhr = await auditAgain(base + page.path, preset, page.signedIn ? cookie : null, log);
          if (reports) fs.writeFileSync(path.join(reports, `${page.key}-${preset}-${i}.json`), JSON.stringify(lhr));
          all.push(figures(page, preset, lhr));
        }
        all.sort((a, b) => a.performance - b.performance);
        const median = all[all.length >> 1]!;
        out.push({ ...median, runs: all.map((f) => f.performance) });
        log(
          `  ${page.name} ${preset}: performance ${median.performance}, accessibility ${median.accessibility}, JS ${(median.jsBytes / 1000).toFixed(0)} kB in ${median.jsRequests} files` +
            (median.a11yFailures.length ? ` (a11y: ${median.a11yFailures.join(', ')})` : ''),
        );
        for (const [id, nodes] of Object.entries(median.a11yNodes)) for (const n of nodes) log(`      ${id}: ${n}`);
      }
    }
    return out;
  } finally {
    await server?.stop();
    if (!opts.keep) fs.rmSync(dataDir, { recursive: true, force: true });
    else log(`  kept ${dataDir}`);
  }
}

/** Whether a figure meets the targets (JS budget only for the sign-in page and the customer list). */
export function meets(f: WebFigure): { performance: boolean; accessibility: boolean; js: boolean | null } {
  return {
    performance: f.performance >= targets.performance[f.preset],
    accessibility: f.accessibility >= targets.accessibility,
    js: f.path === '/login' || f.path === '/customers' ? f.jsBytes <= JS_BUDGET : null,
  };
}

export function webTable(list: WebFigure[]): string[] {
  const rows = list.map((f) => {
    const m = meets(f);
    const mark = (ok: boolean | null) => (ok === null ? '' : ok ? '' : ' ✗');
    return [
      f.page,
      f.preset,
      `${f.performance}${mark(m.performance)}`,
      `${f.accessibility}${mark(m.accessibility)}`,
      `${(f.jsBytes / 1000).toFixed(0)} kB${mark(m.js)}`,
      `${(f.fcpMs / 1000).toFixed(1)} s`,
      `${(f.lcpMs / 1000).toFixed(1)} s`,
      `${f.tbtMs} ms`,
    ];
  });
  const header = ['page', 'preset', 'performance', 'accessibility', 'JS transferred', 'FCP', 'LCP', 'TBT'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => [...r[i]!].length)));
  const fmt = (r: string[]) => `| ${r.map((c, i) => c + ' '.repeat(widths[i]! - [...c].length)).join(' | ')} |`;
  return [fmt(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(fmt)];
}

async function main() {
  const argv = process.argv.slice(2);
  const runsAt = argv.indexOf('--runs');
  const runs = runsAt >= 0 ? Number(argv[runsAt + 1]) : 1;
  const loadBefore = os.loadavg();
  const startedAt = new Date();
  console.log(`Lighthouse 12 (${CHROMIUM}), load average ${loadBefore.map((x) => x.toFixed(2)).join(' ')}, ${os.cpus().length} cores`);
  const listArg = (name: string) => {
    const at = argv.indexOf(name);
    return at >= 0 ? argv[at + 1]?.split(',') : undefined;
  };
  const list = await measureWeb({ runs, keep: argv.includes('--keep'), pages: listArg('--pages'), presets: listArg('--presets') as Preset[] | undefined });
  const loadAfter = os.loadavg();
  console.log('');
  for (const line of webTable(list)) console.log(line);
  console.log(
    `targets: performance ≥ ${targets.performance.mobile} mobile / ≥ ${targets.performance.desktop} desktop, accessibility ≥ ${targets.accessibility}, JS ≤ ${JS_BUDGET / 1000} kB (sign-in, customer list); ✗ = not met`,
  );
  console.log(`load average before ${loadBefore.map((x) => x.toFixed(2)).join(' ')}, after ${loadAfter.map((x) => x.toFixed(2)).join(' ')}`);
  const dir = path.join(repoRoot, 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${startedAt.toISOString().replace(/[:.]/g, '-')}-web.json`);
  fs.writeFileSync(
    file,
    JSON.stringify(
      { startedAt: startedAt.toISOString(), machine: { cpus: os.cpus().length, loadBefore, loadAfter, node: process.version }, runs, figures: list },
      null,
      2,
    ),
  );
  console.log(`results: ${path.relative(repoRoot, file)}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await main();
}
