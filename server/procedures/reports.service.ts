import type { z } from 'zod';
import type { Executor } from '../platform/db/client.js';
import type { DiagramCounts, DueRecords, ProcedureReport, ProcedureReportQuery, StepRecords, TProcedureDefinition } from '../../contracts/procedures.js';
import { recordType } from '../platform/records/record-types.js';
import { selectDepartments } from '../identity/index.js';
import * as repo from './procedures.repository.js';

const num = (v: number | string | null): number | null => (v === null ? null : Math.round(Number(v) * 100) / 100);

/**
 * Open records per step for the flowchart. `version` null counts every open record of the
 * procedure (records stay on the version they started under); a version counts only its own.
 */
export async function diagramCounts(db: Executor, def: TProcedureDefinition, version: number | null): Promise<z.infer<typeof DiagramCounts>> {
  const counts = await repo.countByStep(db, def.id, version, new Date());
  const departments = Object.fromEntries((await selectDepartments(db)).map((d) => [d.code, { zh: d.nameZh, en: d.nameEn }]));
  return {
    procedureId: def.id,
    version: def.version,
    steps: def.steps.map((s) => {
      const c = counts.find((x) => x.state === s.id);
      return { stepId: s.id, open: c?.open ?? 0, dueSoon: c?.due_soon ?? 0, overdue: c?.overdue ?? 0 };
    }),
    departments,
  };
}

/** The open records at a step, soonest due first. */
export async function stepRecords(db: Executor, def: TProcedureDefinition, version: number | null, stepId: string): Promise<z.infer<typeof StepRecords>> {
  const found = await repo.selectInstancesAtStep(db, def.id, version, stepId);
  const type = recordType(def.recordType)!;
  return {
    items: await Promise.all(
      found.map(async (r) => ({
        instanceId: r.id,
        ref: { type: r.ref_type, id: r.ref_id },
        title: (await type.fetchTitle(db, r.ref_id)) ?? r.ref_id,
        url: type.url(r.ref_id),
        startedAt: new Date(r.started_at).toISOString(),
        dueAt: r.due_at ? new Date(r.due_at).toISOString() : null,
        assigneeName: r.assignee_name,
      })),
    ),
  };
}

/** Steps overdue or due within 24 h across the procedures whose records the user may read: the workbench's one request. */
export async function dueRecords(db: Executor, procedureIds: string[], now = new Date()): Promise<z.infer<typeof DueRecords>> {
  const found = await repo.selectDueInstances(db, procedureIds, new Date(now.getTime() + 24 * 3600_000));
  return {
    total: found.total,
    items: await Promise.all(
      found.items.map(async (r) => {
        const type = recordType(r.ref_type)!;
        return {
          instanceId: r.id,
          procedureId: r.procedure_id,
          stepId: r.state,
          ref: { type: r.ref_type, id: r.ref_id },
          title: (await type.fetchTitle(db, r.ref_id)) ?? r.ref_id,
          url: type.url(r.ref_id),
          startedAt: new Date(r.started_at).toISOString(),
          dueAt: new Date(r.due_at).toISOString(),
          assigneeName: r.assignee_name,
        };
      }),
    ),
  };
}

const DAY = 86_400_000;

/** Time in each step over a period (visits entered in it): gross and net of pauses, on-time share. */
export async function procedureReport(
  db: Executor,
  def: TProcedureDefinition,
  query: z.infer<typeof ProcedureReportQuery>,
  now = new Date(),
): Promise<z.infer<typeof ProcedureReport>> {
  const to = query.to ? new Date(query.to) : now;
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - 90 * DAY);
  const [times, started] = await Promise.all([repo.stepTimes(db, def.id, from, to), repo.countStarted(db, def.id, from, to)]);
  return {
    procedureId: def.id,
    from: from.toISOString(),
    to: to.toISOString(),
    started: started.started,
    closed: started.closed,
    steps: def.steps
      .filter((s) => s.kind !== 'end')
      .map((s) => {
        const r = times.find((x) => x.step_id === s.id);
        return {
          stepId: s.id,
          entered: r?.entered ?? 0,
          completed: r?.completed ?? 0,
          timed: r?.timed ?? 0,
          onTime: r?.on_time ?? 0,
          open: r?.open ?? 0,
          avgGrossHours: num(r?.avg_gross_hours ?? null),
          avgNetHours: num(r?.avg_net_hours ?? null),
          medianNetHours: num(r?.median_net_hours ?? null),
          maxNetHours: num(r?.max_net_hours ?? null),
          pausedHours: num(r?.paused_hours ?? 0) ?? 0,
        };
      }),
  };
}
