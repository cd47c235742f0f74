/** One autocannon run with every latency kept (autocannon's summary has no p95). */
import autocannon, { type Options } from 'autocannon';

export interface LoadResult {
  /** completed 2xx responses per second */
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  requests: number;
  non2xx: number;
  errors: number;
  seconds: number;
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function load(opts: Options): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    let ok = 0;
    let bad = 0;
    const t0 = performance.now();
    const instance = autocannon({ timeout: 30, ...opts }, (err, result) => {
      if (err) return reject(err);
      const seconds = (performance.now() - t0) / 1000;
      latencies.sort((a, b) => a - b);
      resolve({
        rps: ok / seconds,
        p50: percentile(latencies, 50),
        p95: percentile(latencies, 95),
        p99: percentile(latencies, 99),
        mean: latencies.reduce((s, x) => s + x, 0) / (latencies.length || 1),
        requests: ok + bad,
        non2xx: bad,
        errors: result.errors + result.timeouts,
        seconds,
      });
    });
    instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
      if (status >= 200 && status < 300) {
        ok++;
        latencies.push(ms);
      } else bad++;
    });
  });
}
