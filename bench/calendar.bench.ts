/**
 * Working-calendar throughput. Run: npx tsx bench/calendar.bench.ts
 *
 * - working-day additions: random start dates over 2025–2026, random n in 0–60
 * - working-day counts: random pairs over 2025–2026
 * - workingHours deadlines: random instants over 2025–2026, random 1–80 working hours
 * - net working minutes between random instants
 * Each is run for several rounds after a warm-up; the median and best rounds are printed.
 * OPS and ROUNDS (environment) shrink it for the smoke run.
 */
import { WorkingCalendar } from '../server/calendar/index.js';

const DAY = 86_400_000;
const OPS = Number(process.env.OPS ?? 1_000_000);
const ROUNDS = Number(process.env.ROUNDS ?? 7);

// deterministic PRNG (mulberry32) so runs are comparable
let seed = 0x5eed;
function rand(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
}
const randInt = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));

const t0 = Date.parse('2025-01-01T00:00:00Z');
const days = Math.round((Date.parse('2026-12-31T00:00:00Z') - t0) / DAY);
const dateAt = (i: number) => new Date(t0 + i * DAY).toISOString().slice(0, 10);

const starts = Array.from({ length: OPS }, () => dateAt(randInt(0, days)));
const ends = Array.from({ length: OPS }, () => dateAt(randInt(0, days)));
const ns = Int32Array.from({ length: OPS }, () => randInt(0, 60));
const instants = Array.from({ length: OPS }, () => new Date(t0 - 8 * 3_600_000 + randInt(0, days * DAY - 1)));
const instants2 = Array.from({ length: OPS }, () => new Date(t0 - 8 * 3_600_000 + randInt(0, days * DAY - 1)));
const hours = Int32Array.from({ length: OPS }, () => randInt(1, 80));

const cal = new WorkingCalendar();
const siteCal = new WorkingCalendar({
  overrides: ['2026-02-24', '2026-02-25', '2026-02-26', '2026-02-27'].map((date) => ({ date, type: 'shutdown' as const, name: '停产', reason: 'bench' })),
});

function run(label: string, body: () => number) {
  body(); // warm-up
  const rates: number[] = [];
  let check = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const start = process.hrtime.bigint();
    check += body();
    const ns = Number(process.hrtime.bigint() - start);
    rates.push(OPS / (ns / 1e9));
  }
  rates.sort((a, b) => a - b);
  const fmt = (x: number) => `${(x / 1e6).toFixed(2)} M/s`;
  console.log(`${label.padEnd(46)} median ${fmt(rates[ROUNDS >> 1]!).padStart(10)}   best ${fmt(rates[ROUNDS - 1]!).padStart(10)}   (check ${check % 997})`);
}

console.log(`node ${process.version}, ${OPS.toLocaleString('en')} operations per round, ${ROUNDS} rounds, calendar ${cal.version}`);

run('addWorkingDays (n 0–60)', () => {
  let c = 0;
  for (let i = 0; i < OPS; i++) c += cal.addWorkingDays(starts[i]!, ns[i]!).date.length;
  return c;
});
run('addWorkingDays (n 0–60), site with shutdown', () => {
  let c = 0;
  for (let i = 0; i < OPS; i++) c += siteCal.addWorkingDays(starts[i]!, ns[i]!).date.length;
  return c;
});
run('countWorkingDays', () => {
  let c = 0;
  for (let i = 0; i < OPS; i++) c += cal.countWorkingDays(starts[i]!, ends[i]!);
  return c;
});
run('addDeadline workingHours (1–80 h)', () => {
  let c = 0;
  for (let i = 0; i < OPS; i++) c += cal.addDeadline(instants[i]!, { amount: hours[i]!, unit: 'workingHours' }).due.getTime() & 1;
  return c;
});
run('addDeadline workingDays (0–60)', () => {
  let c = 0;
  for (let i = 0; i < OPS; i++) c += cal.addDeadline(instants[i]!, { amount: ns[i]!, unit: 'workingDays' }).due.getTime() % 7;
  return c;
});
run('elapsedWorkingMinutes', () => {
  let c = 0;
  for (let i = 0; i < OPS; i++) c += cal.elapsedWorkingMinutes(instants[i]!, instants2[i]!) > 0 ? 1 : 0;
  return c;
});
