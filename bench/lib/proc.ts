/** Child processes of the benchmark: start, wait until ready, CPU time and peak memory from /proc. */
import fs from 'node:fs';
import net from 'node:net';
import { spawn, type ChildProcess } from 'node:child_process';

export const repoRoot = new URL('../../', import.meta.url).pathname.replace(/\/$/, '');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface Child {
  proc: ChildProcess;
  pid: number;
  output: () => string;
  stop(): Promise<void>;
}

/** `node --import tsx <script>` (as `npm start` runs server/main.ts through tsx), output kept for errors. */
export function spawnNode(script: string, env: Record<string, string>, args: string[] = [], nodeArgs: string[] = []): Child {
  // a compiled .mjs (bench/lib/build-server.ts) runs without the tsx loader
  const loader = script.endsWith('.mjs') ? [] : ['--import', 'tsx'];
  const proc = spawn(process.execPath, [...loader, ...nodeArgs, script, ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (b: Buffer) => {
    out = (out + b.toString()).slice(-20_000);
  };
  proc.stdout!.on('data', keep);
  proc.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  return {
    proc,
    pid: proc.pid!,
    output: () => out,
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(t);
    },
  };
}

/** Poll `url` until it answers 200; returns the milliseconds waited. */
export async function waitReady(url: string, child: Child, timeoutMs = 60_000, pollMs = 20): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    if (child.proc.exitCode !== null) throw new Error(`child exited (${child.proc.exitCode}) before ready:\n${child.output()}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return performance.now() - t0;
    } catch {
      // not listening yet
    }
    if (performance.now() - t0 > timeoutMs) throw new Error(`not ready after ${timeoutMs} ms:\n${child.output()}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

const CLK_TCK = 100;

/** User + system CPU seconds of a process (0 when it is gone). */
export function cpuSeconds(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
  } catch {
    return 0;
  }
}

/** CPU seconds per PostgreSQL server process on this machine (the local cluster's backends). */
export function postgresCpu(): Map<number, number> {
  const out = new Map<number, number>();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (fs.readFileSync(`/proc/${d}/comm`, 'utf8').trim() !== 'postgres') continue;
      out.set(Number(d), cpuSeconds(Number(d)));
    } catch {
      // gone
    }
  }
  return out;
}

/** Measures CPU used during a section, as a share of one core. */
export function cpuMeter(pids: Record<string, number | undefined>, withPostgres: boolean) {
  const t0 = performance.now();
  const start = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, pid ? cpuSeconds(pid) : 0]));
  const self0 = process.cpuUsage();
  const pg0 = withPostgres ? postgresCpu() : new Map<number, number>();
  return () => {
    const secs = (performance.now() - t0) / 1000;
    const share: Record<string, number> = {};
    for (const [k, pid] of Object.entries(pids)) if (pid) share[k] = (cpuSeconds(pid) - start[k]!) / secs;
    const self = process.cpuUsage(self0);
    share.bench = (self.user + self.system) / 1e6 / secs;
    if (withPostgres) {
      let used = 0;
      for (const [pid, s] of postgresCpu()) used += s - (pg0.get(pid) ?? 0);
      share.postgres = used / secs;
    }
    return share;
  };
}

/** Peak resident set size (VmHWM) in MB. */
export function peakRssMb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** Statements the child sent so far (a child started with bench/lib/count-queries.ts preloaded). */
export async function queriesSent(child: Child): Promise<number> {
  const before = child.output().length;
  child.proc.kill('SIGUSR2');
  for (let i = 0; i < 100; i++) {
    await new Promise((r) => setTimeout(r, 10));
    const m = /QUERIES (\d+)\n/.exec(child.output().slice(Math.max(0, before - 20)));
    if (m && child.output().length > before) {
      const all = [...child.output().matchAll(/QUERIES (\d+)\n/g)];
      return Number(all[all.length - 1]![1]);
    }
  }
  return NaN;
}
