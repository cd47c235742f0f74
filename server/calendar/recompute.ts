import { insertAudit } from '../platform/audit/audit.repository.js';
import type { Executor } from '../platform/db/client.js';
import { nextCheckAt, selectOpenClocks, updateClock } from '../procedures/index.js';
import type { WorkingCalendar } from './working-calendar.js';

/**
 * Deadlines computed on another calendar version are recomputed: provisional ones when
 * the national data for their year arrives, and (with `all`) every open one when the site
 * layer changes. Each change is logged on the record the clock belongs to.
 */
export async function recomputeProvisionalClocks(tx: Executor, calendar: WorkingCalendar, opts: { all?: boolean } = {}) {
  let changed = 0;
  for (const clock of await selectOpenClocks(tx)) {
    if (clock.calendarVersion === calendar.version) continue;
    if (!opts.all && !clock.provisional) continue;
    const result =
      clock.deadlineUnit === 'dueDate'
        ? calendar.endOfWorkingDay(calendar.localDate(clock.dueAt))
        : calendar.addDeadline(clock.startedAt, { amount: clock.deadlineAmount, unit: clock.deadlineUnit as 'workingHours' });
    const dueAt = new Date(result.due.getTime() + clock.pausedMinutes * 60_000);
    await updateClock(tx, clock.id, {
      dueAt,
      provisional: result.provisional,
      calendarVersion: result.calendarVersion,
      nextCheckAt: clock.status === 'running' ? nextCheckAt(clock.startedAt, dueAt, clock.pausedMinutes, clock.escalation, clock.escalatedPercent) : null,
    });
    if (dueAt.getTime() !== clock.dueAt.getTime() || result.provisional !== clock.provisional) {
      changed++;
      await insertAudit(tx, {
        actorId: null,
        ref: { type: clock.refType, id: clock.refId },
        action: 'clock.recomputed',
        before: { dueAt: clock.dueAt.toISOString(), provisional: clock.provisional, calendarVersion: clock.calendarVersion },
        after: { dueAt: dueAt.toISOString(), provisional: result.provisional, calendarVersion: result.calendarVersion },
      });
    }
  }
  return changed;
}
