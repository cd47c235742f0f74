import type { Db } from '../platform/db/client.js';
import type { AuthContext } from '../platform/http/access.js';
import { fetchTitles, recordType } from '../platform/records/record-types.js';
import type { TProcedureDefinition, TStep } from '../../contracts/procedures.js';
import { workKinds, type TWorkItem } from '../../contracts/internal.js';
import { allDefinitions, definitionVersion, deadlineCalculator } from '../procedures/index.js';
import { selectPendingNotices } from '../visits/index.js';
import { selectMinutesToAcknowledge, selectPlansAwaitingReply } from '../internal/index.js';
import * as repo from './my-work.repository.js';

const DEPARTMENT_BOUND = new Set(['staff', 'manager']);
const actionNumber = (seq: number) => `A${String(seq).padStart(5, '0')}`;
const communicationNumber = (seq: number) => `C${String(seq).padStart(6, '0')}`;

/**
 * Is this step the user's work? Staff and managers: a step in their department's lane that they may act
 * on. GM, VP and MR act across departments, so for them only steps named for their role (the VP's review)
 * or in their own department's lane count — not every step they could take over.
 */
function stepIsMine(auth: AuthContext, step: TStep, def: TProcedureDefinition): 'step' | 'signoff' | null {
  if (step.kind === 'end') return null;
  if (step.kind === 'signoff' && step.signoff) return step.signoff.departments.some((d) => auth.departmentCodes.includes(d)) ? 'signoff' : null;
  const own = def.transitions.filter((t) => t.from === step.id && !t.lane);
  const canAct = own.some((t) => t.roles.some((r) => auth.roles.includes(r)));
  if (!canAct) return null;
  if (auth.departmentCodes.includes(step.lane)) return 'step';
  if (step.role && !DEPARTMENT_BOUND.has(step.role) && auth.roles.includes(step.role)) return 'step';
  return null;
}

/** A work item before its page is chosen: the title of a procedure's record is read only for the page shown. */
type Draft = Omit<TWorkItem, 'title' | 'url'> & { title?: string; url?: string; sourceRef?: { type: string; id: string } };

export interface MyWorkPage {
  scope?: 'mine' | 'department';
  page: number;
  pageSize: number;
}

/**
 * Everything waiting on the signed-in user, across every procedure, overdue first then by deadline —
 * complete (no caps): the counts are of every item; only the requested page is described. A fixed number
 * of statements gathers the work; describing a page reads at most one title per item on it.
 */
export async function myWork(db: Db, auth: AuthContext, paging: MyWorkPage = { page: 1, pageSize: 50 }) {
  const now = new Date();
  const drafts: Draft[] = [];
  const push = (i: Omit<Draft, 'overdue' | 'provisional'> & { overdue?: boolean; provisional?: boolean }) =>
    drafts.push({ ...i, provisional: !!i.dueAt && !!i.provisional, overdue: i.overdue ?? (!!i.dueAt && new Date(i.dueAt) < now) });
  const mayRead = (type: string) => {
    const t = recordType(type);
    return !!t && auth.permissions.has(t.readPermission);
  };
  if (paging.scope === 'department') {
    // work addressed to my departments that a colleague holds: visible to everyone in them, who may take it
    for (const a of await repo.selectDepartmentActions(db, auth.departmentCodes, auth.userId)) {
      push({
        kind: 'action',
        ref: { type: 'action', id: a.id },
        title: `${actionNumber(a.seq)} ${a.title}`,
        url: `/actions/${a.id}`,
        procedureId: null,
        stepId: null,
        what: { zh: '完成措施', en: 'Complete the action' },
        department: a.department,
        dueAt: a.due_at?.toISOString() ?? null,
        provisional: !!a.provisional,
        sourceRef: { type: a.source_type, id: a.source_id },
        ownerName: a.owner_name,
        version: a.version,
      });
    }
    return describePage(db, drafts, paging, mayRead);
  }

  // 1. procedure steps (and parallel sign-offs) in the user's lane — every procedure, from its definition
  const keys: string[] = [];
  const kinds = new Map<string, { def: TProcedureDefinition; step: TStep; kind: 'step' | 'signoff' }>();
  for (const { latest, versions } of allDefinitions()) {
    for (const v of versions) {
      const def = v === latest.version ? latest : definitionVersion(latest.id, v);
      for (const step of def.steps) {
        const kind = stepIsMine(auth, step, def);
        if (!kind) continue;
        const key = `${def.id}:${def.version}:${step.id}`;
        keys.push(key);
        kinds.set(key, { def, step, kind });
      }
    }
  }
  const instances = (await repo.selectOpenInstancesAt(db, keys)).filter((i) => mayRead(i.ref_type));
  const atSignoff = instances.filter((i) => kinds.get(`${i.procedure_id}:${i.procedure_version}:${i.state}`)!.kind === 'signoff');
  const signed = new Set(
    (
      await repo.selectSignedDepartments(
        db,
        atSignoff.map((i) => ({ instanceId: i.id, stepId: i.state })),
      )
    ).map((r) => `${r.instance_id}:${r.department}`),
  );
  for (const i of instances) {
    const { def, step, kind } = kinds.get(`${i.procedure_id}:${i.procedure_version}:${i.state}`)!;
    const dueAt = i.due_at?.toISOString() ?? null;
    const overdue = i.clock_status === 'running' && !!i.due_at && i.due_at < now;
    const ref = { type: i.ref_type, id: i.ref_id };
    if (kind === 'signoff' && step.signoff) {
      for (const d of step.signoff.departments.filter((x) => auth.departmentCodes.includes(x) && !signed.has(`${i.id}:${x}`))) {
        push({
          kind: 'signoff',
          ref,
          procedureId: def.id,
          stepId: step.id,
          what: { zh: `${step.name.zh}（会签）`, en: `${step.name.en} (sign-off)` },
          department: d,
          dueAt,
          overdue,
          provisional: !!i.provisional,
        });
      }
    } else {
      push({ kind: 'step', ref, procedureId: def.id, stepId: step.id, what: step.name, department: step.lane, dueAt, overdue, provisional: !!i.provisional });
    }
  }

  // 2. action items: owned and open; done and waiting for this user's verification
  for (const a of await repo.selectMyActions(db, auth.userId)) {
    const verify = a.status === 'done';
    push({
      kind: verify ? 'verify' : 'action',
      ref: { type: 'action', id: a.id },
      title: `${actionNumber(a.seq)} ${a.title}`,
      url: `/actions/${a.id}`,
      procedureId: null,
      stepId: null,
      what: verify ? { zh: '验证措施效果', en: 'Verify the action' } : { zh: '完成措施', en: 'Complete the action' },
      department: a.department,
      dueAt: verify ? null : (a.due_at?.toISOString() ?? null),
      overdue: !verify && !!a.due_at && a.due_at < now,
      provisional: !verify && !!a.provisional,
      sourceRef: { type: a.source_type, id: a.source_id },
    });
  }

  // 3. notices and minutes to acknowledge, plans waiting for the department's feedback
  const calc = await deadlineCalculator(db);
  const dayDue = (d: string): { dueAt: string | null; provisional: boolean } => {
    try {
      const r = calc.endOfWorkingDay(d);
      return { dueAt: r.due.toISOString(), provisional: r.provisional };
    } catch {
      return { dueAt: null, provisional: false };
    }
  };
  if (auth.permissions.has('visits.read')) {
    for (const v of await selectPendingNotices(db, auth.departmentCodes)) {
      push({
        kind: 'acknowledge',
        ref: { type: 'visit', id: v.id },
        title: `${v.number} ${v.partyName}`,
        url: `/visits/${v.id}`,
        procedureId: 'customer-visit',
        stepId: 'notice',
        what: { zh: '签收客户访厂通知', en: 'Acknowledge the visit notice' },
        department: v.department,
        ...dayDue(v.startDate),
      });
    }
  }
  for (const m of await selectMinutesToAcknowledge(db, auth.userId)) {
    push({
      kind: 'acknowledge',
      ref: { type: 'meeting', id: m.id },
      title: `${m.number} ${m.title}`,
      url: `/meetings/${m.id}`,
      procedureId: null,
      stepId: null,
      what: { zh: '签收会议记要', en: 'Acknowledge the minutes' },
      department: null,
      dueAt: null,
    });
  }
  for (const p of await selectPlansAwaitingReply(db, auth.departmentCodes)) {
    push({
      kind: 'reply',
      ref: { type: 'communication-plan', id: p.id },
      title: `${p.number} ${p.title}`,
      url: `/communication-plans/${p.id}`,
      procedureId: 'internal-communication',
      stepId: 'feedback',
      what: { zh: '部门反馈', en: 'Reply for the department' },
      department: p.department,
      dueAt: null,
    });
  }

  // 4. follow-ups promised on communications
  if (auth.permissions.has('communications.read')) {
    for (const c of await repo.selectMyFollowUps(db, auth.userId)) {
      push({
        kind: 'follow-up',
        ref: { type: 'communication', id: c.id },
        title: `${communicationNumber(c.seq)} ${c.subject}`,
        url: `/communications/${c.id}`,
        procedureId: null,
        stepId: null,
        what: { zh: '跟进沟通', en: 'Follow up' },
        department: null,
        dueAt: c.follow_up_due.toISOString(),
      });
    }
  }

  return describePage(db, drafts, paging, mayRead);
}

/** Sorts all the work (overdue first, then by deadline), counts it, and describes the page asked for. */
async function describePage(db: Db, drafts: Draft[], paging: MyWorkPage, mayRead: (type: string) => boolean) {
  // the sort keys computed once per item (not per comparison); ties broken by code point (kinds, record types, ids and
  // department codes are ASCII), not by the locale's collation
  const keyed = drafts.map((d) => ({
    d,
    overdue: Number(d.overdue),
    time: d.dueAt ? Date.parse(d.dueAt) : Number.POSITIVE_INFINITY,
    tie: `${d.kind}\u0000${d.ref.type}:${d.ref.id}:${d.department ?? ''}`,
  }));
  keyed.sort((a, b) => b.overdue - a.overdue || a.time - b.time || (a.tie < b.tie ? -1 : a.tie > b.tie ? 1 : 0));
  drafts = keyed.map((k) => k.d);
  const byKind = Object.fromEntries(workKinds.map((k) => [k, 0])) as Record<(typeof workKinds)[number], number>;
  for (const d of drafts) byKind[d.kind]++;
  const { page, pageSize } = paging;
  const shown = drafts.slice((page - 1) * pageSize, page * pageSize);
  // the page's titles (its records', its actions' sources'): one statement per record type, whatever the page's size
  const titles = await fetchTitles(db, [
    ...shown.filter((d) => d.title === undefined || d.url === undefined).map((d) => d.ref),
    ...shown.flatMap((d) => (d.sourceRef && mayRead(d.sourceRef.type) ? [d.sourceRef] : [])),
  ]);
  const items: TWorkItem[] = [];
  for (const d of shown) {
    const { sourceRef, ...item } = d;
    if (item.title === undefined || item.url === undefined) {
      const t = recordType(item.ref.type)!;
      item.title = titles.get(`${item.ref.type}:${item.ref.id}`) ?? `${item.ref.type} ${item.ref.id}`;
      item.url = t.url(item.ref.id);
    }
    if (sourceRef && mayRead(sourceRef.type)) {
      const sourceTitle = titles.get(`${sourceRef.type}:${sourceRef.id}`);
      if (sourceTitle) item.what = { zh: `${item.what.zh}（${sourceTitle}）`, en: `${item.what.en} (${sourceTitle})` };
    }
    items.push(item as TWorkItem);
  }
  return { items, total: drafts.length, overdue: drafts.filter((d) => d.overdue).length, byKind, page, pageSize };
}
