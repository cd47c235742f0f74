import type { Executor } from '../platform/db/client.js';
import type { TDeadline } from '../../contracts/procedures.js';

export interface DeadlineResult {
  due: Date;
  provisional: boolean;
  calendarVersion: string;
}
export interface DeadlineCalculator {
  addDeadline(start: Date, deadline: TDeadline): DeadlineResult;
  /** the end of working hours of a calendar day (YYYY-MM-DD) at the site */
  endOfWorkingDay(date: string): DeadlineResult;
  isWorkingDay(date: string): boolean;
}

/** The calendar feature provides the site's working calendar (with its overrides). */
let provider: ((db: Executor) => Promise<DeadlineCalculator>) | undefined;

export function setDeadlineProvider(fn: (db: Executor) => Promise<DeadlineCalculator>) {
  provider = fn;
}

export async function deadlineCalculator(db: Executor): Promise<DeadlineCalculator> {
  if (!provider) throw new Error('no working calendar registered');
  return provider(db);
}

/** When the next escalation rule above `done` percent falls due, or null. */
export function nextCheckAt(startedAt: Date, dueAt: Date, pausedMinutes: number, rules: { atPercent: number }[], done: number): Date | null {
  const next = rules
    .map((r) => r.atPercent)
    .filter((p) => p > done)
    .sort((a, b) => a - b)[0];
  if (next === undefined) return null;
  const paused = pausedMinutes * 60_000;
  const span = dueAt.getTime() - startedAt.getTime() - paused;
  return new Date(startedAt.getTime() + paused + (span * next) / 100);
}
