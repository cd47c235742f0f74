import { emitEvent } from '../webhooks/index.js';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../platform/db/client.js';
import { insertNotification } from '../notifications/index.js';
import { recordType } from '../platform/records/record-types.js';
import { nextCheckAt } from './deadlines.js';
import * as repo from './procedures.repository.js';
import { startPeriodic, type StopPeriodic } from '../platform/periodic/index.js';

type RoleLookup = (role: string, department: string | null) => Promise<string[]>;

/** Role holders looked up once per sweep, not once per clock. */
function memoRoles(db: Db): RoleLookup {
  const memo = new Map<string, Promise<string[]>>();
  return (role, department) => {
    const key = `${role}@${department ?? '*'}`;
    if (!memo.has(key)) memo.set(key, repo.usersWithRole(db, role, department));
    return memo.get(key)!;
  };
}

/** Who an escalation rule names, resolved to users. */
async function recipients(roles: RoleLookup, clock: repo.ClockRow, targets: string[]): Promise<string[]> {
  const out = new Set<string>();
  for (const t of targets) {
    if (t === 'assignee' && clock.assigneeId) out.add(clock.assigneeId);
    if (t === 'departmentManager') for (const id of await roles('manager', clock.department)) out.add(id);
    if (t === 'vp' || t === 'gm' || t === 'mr') for (const id of await roles(t, null)) out.add(id);
  }
  return [...out];
}

/**
 * One sweep: clocks whose next escalation threshold has passed notify the rule's people,
 * once per rule. Rows are claimed FOR UPDATE SKIP LOCKED inside one transaction, so
 * several app instances sweeping at once never notify twice.
 */
export async function sweepClocks(db: Db, now = new Date(), batch = 500): Promise<{ checked: number; notified: number }> {
  let checked = 0;
  let notified = 0;
  await db.transaction(async (tx) => {
    const due = await repo.claimDueClocks(tx, now, batch);
    const roles = memoRoles(tx as unknown as Db);
    const titles = new Map<string, string>();
    // the procedures of the burst in one query, the clocks' progress in one statement: a burst costs a few round trips
    const procedures = await repo.selectProcedureIds(
      tx,
      due.filter((c) => c.ownerType === 'procedure').map((c) => c.ownerId),
    );
    const updates: { id: string; escalatedPercent: number; nextCheckAt: Date | null }[] = [];
    for (const clock of due) {
      checked++;
      const paused = clock.pausedMinutes * 60_000;
      const span = Math.max(1, clock.dueAt.getTime() - clock.startedAt.getTime() - paused);
      const percent = ((now.getTime() - clock.startedAt.getTime() - paused) / span) * 100;
      const reached = clock.escalation.filter((r) => r.atPercent <= percent && r.atPercent > clock.escalatedPercent);
      const top = reached.sort((a, b) => b.atPercent - a.atPercent)[0];
      if (top) {
        const titleKey = `${clock.refType}:${clock.refId}`;
        if (!titles.has(titleKey)) titles.set(titleKey, (await recordType(clock.refType)?.fetchTitle(tx as unknown as Db, clock.refId)) ?? clock.refId);
        const title = titles.get(titleKey)!;
        const key = top.atPercent < 100 ? 'clock.dueSoon' : top.atPercent === 100 ? 'clock.overdue' : 'clock.escalated';
        // everyone of every rule reached since the last sweep (a sweeper that was down skips no one)
        const targets = [...new Set(reached.flatMap((r) => r.notify))];
        const procedure = clock.ownerType === 'procedure' ? (procedures.get(clock.ownerId) ?? '') : '';
        for (const userId of await recipients(roles, clock, targets)) {
          await insertNotification(tx, {
            userId,
            refType: clock.refType,
            refId: clock.refId,
            messageKey: key,
            params: { title, dueAt: clock.dueAt.toISOString(), procedure, step: clock.stepId ?? '', percent: String(top.atPercent) },
          });
          notified++;
        }
      }
      if (clock.ownerType === 'action' && percent >= 100 && clock.escalatedPercent < 100 && reached.some((r) => r.atPercent >= 100)) {
        await emitEvent(tx, 'action.overdue', { actionId: clock.ownerId, ref: { type: clock.refType, id: clock.refId }, dueAt: clock.dueAt.toISOString() });
      }
      const done = top ? top.atPercent : clock.escalatedPercent;
      updates.push({
        id: clock.id,
        escalatedPercent: done,
        nextCheckAt: nextCheckAt(clock.startedAt, clock.dueAt, clock.pausedMinutes, clock.escalation, done),
      });
    }
    await repo.updateClocksChecked(tx, updates);
  });
  return { checked, notified };
}

export function startEscalationSweeper(db: Db, log: FastifyBaseLogger, intervalMs = 60_000): StopPeriodic {
  return startPeriodic('escalation sweep', () => sweepClocks(db), log, intervalMs);
}
