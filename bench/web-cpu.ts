/**
 * `npx tsx bench/web-cpu.ts [--pages login,customers,order] [--runs N]`: the main thread's CPU time of a first load,
 * from Chromium's trace — what a page costs a phone, measured so that other work on the machine does not change it.
 *
 * Lighthouse (bench/web.ts) times each task by the wall clock and multiplies by 4 for a phone: on a busy machine
 * every task waits for the CPU and the figures mean little. A trace also records each task's THREAD time (`tdur`),
 * the CPU the task really used. Reported per page (median of N runs): the main thread's CPU in all, the CPU of
 * its tasks over 50 ms, and "TBT ×4" — Σ max(0, 4 × CPU − 50 ms) over the tasks, Lighthouse's blocking time as a
 * phone 4× slower would see it (an estimate: Lighthouse's own model also simulates the network).
 */
import { chromium } from 'playwright-core';
import { CHROMIUM, demoForProbes } from './web.js';

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

export interface CpuFigure {
  page: string;
  cpuMs: number;
  longCpuMs: number;
  tbt4Ms: number;
  tasks: number;
  top: number[];
}

function analyse(events: TraceEvent[]): Omit<CpuFigure, 'page'> {
  const mains = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  let best: { cpu: number; tasks: number[]; pid?: number; tid?: number } = { cpu: -1, tasks: [] };
  let withThreadTime = 0;
  for (const m of mains) {
    const onThread = events.filter((e) => e.pid === m.pid && e.tid === m.tid && e.ph === 'X');
    // the top-level tasks (one name or the other, by Chromium version: not both, they nest)
    const named = (n: string) => onThread.filter((e) => e.name === n);
    const top = named('RunTask').length ? named('RunTask') : named('ThreadControllerImpl::RunTask');
    withThreadTime += top.filter((e) => e.tdur !== undefined).length;
    const tasks = top.map((e) => (e.tdur ?? e.dur ?? 0) / 1000);
    const cpu = tasks.reduce((a, b) => a + b, 0);
    if (cpu > best.cpu) best = { cpu, tasks, pid: m.pid, tid: m.tid };
  }
  if (!withThreadTime) throw new Error('the trace has no thread times (tdur): the figures would be wall-clock');
  if (process.env.WEB_CPU_BREAKDOWN) {
    const m = { pid: best.pid, tid: best.tid };
    const sums = new Map<string, number>();
    for (const e of events) if (e.pid === m.pid && e.tid === m.tid && e.ph === 'X' && e.tdur) sums.set(e.name, (sums.get(e.name) ?? 0) + e.tdur / 1000);
    console.log(
      [...sums]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 25)
        .map(([k, v]) => `  ${Math.round(v)} ${k}`)
        .join('\n'),
    );
  }
  const long = best.tasks.filter((t) => t > 50);
  return {
    cpuMs: Math.round(best.cpu),
    longCpuMs: Math.round(long.reduce((a, b) => a + b, 0)),
    tbt4Ms: Math.round(best.tasks.reduce((a, t) => a + Math.max(0, 4 * t - 50), 0)),
    tasks: best.tasks.length,
    top: [...best.tasks]
      .sort((a, b) => b - a)
      .slice(0, 6)
      .map(Math.round),
  };
}

async function main() {
  const argv = process.argv.slice(2);
  const arg = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
  const runs = Number(arg('--runs') ?? 3);
  const want = (arg('--pages') ?? 'login,customers,order').split(',');
  // --base URL: a demo company already running (started with ADMIN_PASSWORD=bench-web-admin-2026)
  const demo = await demoForProbes(want, arg('--base'));
  const { base, pages, cookie } = demo;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    for (const p of pages) {
      const figs: Omit<CpuFigure, 'page'>[] = [];
      for (let i = 0; i < runs; i++) {
        const context = await browser.newContext({ viewport: { width: 412, height: 823 }, locale: 'en-US' });
        if (p.signedIn) await context.addCookies([cookie]);
        const page = await context.newPage();
        await browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline'] });
        await page.goto(base + p.path, { waitUntil: 'networkidle' });
        await page.waitForTimeout(1500);
        const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] };
        figs.push(analyse(trace.traceEvents));
        await context.close();
      }
      figs.sort((a, b) => a.tbt4Ms - b.tbt4Ms);
      const m = figs[figs.length >> 1]!;
      console.log(
        `${p.key.padEnd(10)} CPU ${m.cpuMs} ms in ${m.tasks} tasks; over 50 ms: ${m.longCpuMs} ms; TBT×4 ${m.tbt4Ms} ms (runs ${figs.map((f) => f.tbt4Ms).join(', ')}); longest ${m.top.join(', ')} ms`,
      );
    }
  } finally {
    await browser.close();
    await demo.stop();
  }
}

await main();
