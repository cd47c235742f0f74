/** Where a process spent its CPU: self time of a V8 .cpuprofile grouped by package / source file. */
import fs from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  endTime: number;
}

function bucket(url: string, fn: string): string {
  if (!url) return fn || '(native)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  const m = /\/(server|contracts|bench)\/(.*)$/.exec(url);
  return m ? `${m[1]}/${m[2]}` : url;
}

/** Share of samples per bucket over the last `lastSeconds` of the profile (the load run). */
export function summariseProfile(file: string, lastSeconds: number, top = 10): { name: string; share: number }[] {
  const p = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const times: number[] = [];
  let t = p.endTime;
  for (let i = p.timeDeltas.length - 1; i >= 0; i--) {
    times[i] = t;
    t -= p.timeDeltas[i]!;
  }
  const from = p.endTime - lastSeconds * 1e6;
  const counts = new Map<string, number>();
  let total = 0;
  p.samples.forEach((id, i) => {
    if (times[i]! < from) return;
    const n = byId.get(id)!;
    if (n.callFrame.functionName === '(idle)') return;
    const b = bucket(n.callFrame.url, n.callFrame.functionName);
    counts.set(b, (counts.get(b) ?? 0) + 1);
    total++;
  });
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, n]) => ({ name, share: n / (total || 1) }));
}
