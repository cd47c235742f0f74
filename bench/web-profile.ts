/**
 * `WEB_SOURCEMAP=1 npm run build:web && npx tsx bench/web-profile.ts [--pages customers,order] [--base URL]`: where a
 * first load's main-thread JavaScript goes, by source. Chromium's sampling profiler records the load of each page
 * (desktop viewport, signed in as the demo's admin); each sample's innermost frame is mapped through the build's hidden
 * source maps to its original file, and self time is summed per package (node_modules/<name>) or per file of ours, with
 * the heaviest functions. React's commits are counted through the devtools hook (how many times the page rendered).
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { SourceMapConsumer, type RawSourceMap } from 'source-map';
import { CHROMIUM, demoForProbes } from './web.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const maps = new Map<string, SourceMapConsumer | null>();
async function consumer(url: string) {
  const file = path.join('dist/web', new URL(url).pathname);
  if (!maps.has(file)) {
    const m = fs.existsSync(`${file}.map`) ? await new SourceMapConsumer(JSON.parse(fs.readFileSync(`${file}.map`, 'utf8')) as RawSourceMap) : null;
    maps.set(file, m);
  }
  return maps.get(file)!;
}
const bucket = (source: string) => {
  const nm = source.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = source.slice(nm + 13).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  return source.replace(/^.*?web\/src\//, 'web/src/');
};

async function analyse(profile: Profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const perBucket = new Map<string, number>();
  const perFunction = new Map<string, number>();
  let total = 0;
  for (const [id, ms] of self) {
    const f = byId.get(id)!.callFrame;
    total += ms;
    let where = f.url ? new URL(f.url).pathname : `(${f.functionName || 'native'})`;
    let name = f.functionName || '(anonymous)';
    if (f.url.includes('/assets/')) {
      const m = await consumer(f.url);
      const pos = m?.originalPositionFor({ line: f.lineNumber + 1, column: f.columnNumber });
      if (pos?.source) {
        where = pos.source;
        name = pos.name ?? name;
      }
    }
    if (where === '(idle)' || where === '(program)') continue;
    const b = bucket(where);
    perBucket.set(b, (perBucket.get(b) ?? 0) + ms);
    const fn = `${b} ${name}`;
    perFunction.set(fn, (perFunction.get(fn) ?? 0) + ms);
  }
  const top = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `    ${v.toFixed(0).padStart(5)} ms  ${k}`)
      .join('\n');
  return { total, text: `  by package / file:\n${top(perBucket, 18)}\n  by function:\n${top(perFunction, 25)}` };
}

async function main() {
  const argv = process.argv.slice(2);
  const arg = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
  const want = (arg('--pages') ?? 'customers,order').split(',');
  const demo = await demoForProbes(want, arg('--base'));
  const { base, pages, cookie } = demo;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    for (const p of pages) {
      const context = await browser.newContext({ viewport: { width: 1350, height: 940 }, locale: 'zh-CN' });
      if (p.signedIn) await context.addCookies([cookie]);
      // count React's commits: a minimal devtools hook, installed before any script runs
      await context.addInitScript(() => {
        const w = window as unknown as { __commits: number[]; __REACT_DEVTOOLS_GLOBAL_HOOK__: unknown };
        w.__commits = [];
        w.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
          supportsFiber: true,
          renderers: new Map(),
          inject: () => 1,
          onCommitFiberRoot: () => w.__commits.push(Math.round(performance.now())),
          onCommitFiberUnmount: () => {},
          onPostCommitFiberRoot: () => {},
          checkDCE: () => {},
        };
      });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
      await cdp.send('Profiler.start');
      await page.goto(base + p.path, { waitUntil: 'networkidle' });
      await page.waitForTimeout(1000);
      const { profile } = (await cdp.send('Profiler.stop')) as { profile: Profile };
      const commits = await page.evaluate(() => (window as unknown as { __commits: number[] }).__commits);
      const r = await analyse(profile);
      console.log(
        `${p.key}: ${r.total.toFixed(0)} ms sampled (idle and program left out below); React commits ${commits.length} at ${commits.join(', ')} ms\n${r.text}`,
      );
      await context.close();
    }
  } finally {
    await browser.close();
    await demo.stop();
  }
}

await main();
