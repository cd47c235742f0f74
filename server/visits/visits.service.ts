import type { z } from 'zod';
import type { Db, Executor } from '../platform/db/client.js';
import { AppError, notFound, versionConflict } from '../platform/http/app-error.js';
import type { AuthContext } from '../platform/http/access.js';
import { insertAudit } from '../platform/audit/audit.repository.js';
import { upsertSearchDocument } from '../platform/search/search.repository.js';
import { attachmentsOf, claimAttachments, toAttachment } from '../platform/files/files.js';
import type {
  AcknowledgeRequest,
  AddFindingRequest,
  CreateVisitRequest,
  InformCustomerRequest,
  RespondFindingRequest,
  TVisit,
  UpdateVisitRequest,
  VisitActionRequest,
  VisitListQuery,
  VisitMinutesRequest,
} from '../../contracts/visits.js';
import { CreateCommunicationRequest } from '../../contracts/communications.js';
import { selectCustomer } from '../parties/index.js';
import { selectDepartments, selectUser } from '../identity/index.js';
import { createCommunication } from '../communications/index.js';
import { startProcedure } from '../procedures/index.js';
import { createAction } from '../actions/index.js';
import { siteCalendar } from '../calendar/index.js';
import * as repo from './visits.repository.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

async function present(db: Executor, r: repo.VisitRow): Promise<TVisit> {
  const [names, acks, findings, files, informed] = await Promise.all([
    repo.selectUserNames(db, r.accompanyingIds),
    repo.selectAcknowledgements(db, r.id, r.noticeRound),
    repo.selectFindings(db, r.id),
    attachmentsOf(db, 'visit', [r.id]),
    repo.countInforming(db, r.id, r.heldCommunicationId),
  ]);
  return {
    ...summary(r),
    acknowledgements: r.noticeDepartments.map((department) => {
      const a = acks.find((x) => x.department === department);
      return { department, acknowledged: !!a, userName: a?.userName ?? null, at: iso(a?.at ?? null), comment: a?.comment ?? null };
    }),
    accompanying: r.accompanyingIds.map((id) => ({ id, name: names.find((n) => n.id === id)?.name ?? '' })),
    findings: findings.map((f) => ({ ...f, severity: f.severity as 'major', respondedAt: iso(f.respondedAt) })),
    customerInformed: informed > 0,
    reports: files.map(toAttachment),
  };
}

function summary(r: repo.VisitRow) {
  return {
    id: r.id,
    number: r.number,
    direction: r.direction as TVisit['direction'],
    kind: r.kind as TVisit['kind'],
    partyId: r.partyId,
    partyCode: r.partyCode,
    partyName: r.partyName,
    purpose: r.purpose,
    visitors: r.visitors,
    startDate: r.startDate,
    endDate: r.endDate,
    focusItems: r.focusItems,
    accompanying: r.accompanyingIds.map((id) => ({ id, name: '' })),
    ndaRequired: r.ndaRequired,
    restrictedAreas: r.restrictedAreas,
    noticeDepartments: r.noticeDepartments,
    minutes: r.minutes,
    outcomes: r.outcomes,
    nextContact: r.nextContact,
    customerInformed: false,
    state: r.state,
    status: (r.status as TVisit['status']) ?? null,
    ownerId: r.ownerId,
    ownerName: r.ownerName,
    createdAt: r.createdAt.toISOString(),
    version: r.version,
  };
}

function snapshot(r: repo.VisitRow) {
  return {
    number: r.number,
    direction: r.direction,
    kind: r.kind,
    party: r.partyCode,
    purpose: r.purpose,
    visitors: r.visitors,
    dates: `${r.startDate} – ${r.endDate}`,
    focusItems: r.focusItems,
    accompanyingIds: r.accompanyingIds,
    ndaRequired: r.ndaRequired,
    restrictedAreas: r.restrictedAreas,
    noticeDepartments: r.noticeDepartments,
    minutes: r.minutes,
    outcomes: r.outcomes,
    nextContact: r.nextContact,
  };
}

async function index(tx: Executor, r: repo.VisitRow) {
  await upsertSearchDocument(tx, {
    refType: 'visit',
    refId: r.id,
    partyId: r.partyId,
    permission: 'visits.read',
    title: `${r.number} ${r.kind === 'audit' ? '客户审核 audit' : r.direction === 'incoming' ? '客户访厂 visit' : '拜访客户 our visit'} ${r.partyName}`,
    body: [r.purpose, r.visitors ?? '', r.focusItems ?? '', r.minutes ?? '', r.outcomes ?? ''].join('\n'),
    codes: [r.number, r.partyCode],
    at: new Date(`${r.startDate}T00:00:00Z`),
    voided: false,
  });
}

export async function loadVisit(db: Db | Executor, id: string) {
  const row = await repo.selectVisit(db, id);
  if (!row) throw notFound();
  return row;
}

async function validatePlan(tx: Executor, input: z.infer<typeof CreateVisitRequest> | z.infer<typeof UpdateVisitRequest>): Promise<repo.VisitValues> {
  if (input.endDate < input.startDate) throw new AppError('VISIT_DATES_INVALID', [{ path: 'body.endDate', code: 'before_start' }]);
  const codes = new Set((await selectDepartments(tx)).filter((d) => d.active).map((d) => d.code));
  input.noticeDepartments.forEach((d, i) => {
    if (!codes.has(d)) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: `body.noticeDepartments.${i}`, code: 'not_found' }]);
  });
  for (const [i, id] of input.accompanyingIds.entries()) {
    if (!(await selectUser(tx, id))?.active) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: `body.accompanyingIds.${i}`, code: 'not_found' }]);
  }
  return {
    direction: input.direction,
    kind: input.kind,
    purpose: input.purpose,
    visitors: input.visitors,
    startDate: input.startDate,
    endDate: input.endDate,
    focusItems: input.focusItems,
    accompanyingIds: [...new Set(input.accompanyingIds)],
    ndaRequired: input.ndaRequired,
    restrictedAreas: input.restrictedAreas,
    noticeDepartments: [...new Set(input.noticeDepartments)],
    outcomes: input.outcomes,
    nextContact: input.nextContact,
  };
}

export async function listVisits(db: Db, q: z.infer<typeof VisitListQuery>) {
  const rows = await repo.selectVisits(db, { partyId: q.partyId, direction: q.direction, open: q.open === undefined ? undefined : q.open === 'true' });
  return { items: rows.map((r) => ({ ...summary(r), openFindings: r.openFindings })) };
}

/**
 * The customer's planned visits and audits as its portal shows them (when the factory shows visits): open, not yet
 * ended; kind, dates and purpose only — never visitors, accompanying people, restricted areas, findings or minutes.
 */
export async function plannedVisitsOf(db: Db, partyId: string, today: string) {
  const rows = await repo.selectVisits(db, { partyId, open: true });
  return rows
    .filter((r) => r.partyId === partyId && r.endDate >= today)
    .sort((a, b) => a.startDate.localeCompare(b.startDate))
    .map((r) => ({
      id: r.id,
      number: r.number,
      direction: r.direction as 'incoming' | 'outgoing',
      kind: r.kind,
      purpose: r.purpose,
      startDate: r.startDate,
      endDate: r.endDate,
    }));
}

export async function getVisit(db: Db | Executor, id: string) {
  return present(db, await loadVisit(db, id));
}

export async function createVisit(db: Db, auth: AuthContext, input: z.infer<typeof CreateVisitRequest>) {
  const id = await db.transaction(async (tx) => {
    const party = await selectCustomer(tx, input.partyId);
    if (!party) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.partyId', code: 'not_found' }]);
    if (party.voidedAt) throw new AppError('RECORD_VOIDED', [{ path: 'body.partyId', code: 'voided' }]);
    const values = await validatePlan(tx, input);
    const cal = await siteCalendar(tx);
    const newId = await repo.insertVisit(tx, input.partyId, values, auth.userId, Number(cal.localDate(new Date()).slice(0, 4)));
    const row = (await repo.selectVisit(tx, newId))!;
    await insertAudit(tx, { actorId: auth.userId, ref: { type: 'visit', id: newId }, action: 'create', after: snapshot(row) });
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'customer', id: input.partyId },
      action: 'visit.plan',
      after: { visit: row.number, dates: `${row.startDate} – ${row.endDate}`, purpose: row.purpose },
    });
    await index(tx, row);
    await startProcedure(tx, auth, { procedureId: repo.VISIT_PROCEDURE, ref: { type: 'visit', id: newId }, assigneeId: auth.userId, at: new Date() });
    return newId;
  });
  return getVisit(db, id);
}

export async function updateVisit(db: Db, auth: AuthContext, id: string, input: z.infer<typeof UpdateVisitRequest>) {
  await db.transaction(async (tx) => {
    const before = await loadVisit(tx, id);
    if (before.status !== 'open' || before.state !== 'plan') throw new AppError('VISIT_NOT_EDITABLE');
    const values = await validatePlan(tx, input);
    if (!(await repo.updateVisitRow(tx, id, input.version, values, auth.userId))) throw versionConflict();
    const after = (await repo.selectVisit(tx, id))!;
    await insertAudit(tx, { actorId: auth.userId, ref: { type: 'visit', id }, action: 'update', before: snapshot(before), after: snapshot(after) });
    await index(tx, after);
  });
  return getVisit(db, id);
}

/** A department addressed by the visit notice acknowledges it; anyone else is refused (403). */
export async function acknowledgeNotice(db: Db, auth: AuthContext, id: string, input: z.infer<typeof AcknowledgeRequest>) {
  await db.transaction(async (tx) => {
    const v = await loadVisit(tx, id);
    if (!v.noticeDepartments.includes(input.department) || !auth.departmentCodes.includes(input.department)) {
      throw new AppError('NOT_ADDRESSED', [{ path: 'body.department', code: 'not_addressed' }]);
    }
    if (v.status !== 'open' || v.state !== 'notice') throw new AppError('VISIT_WRONG_STEP');
    if (
      !(await repo.insertAcknowledgement(tx, { visitId: id, round: v.noticeRound, department: input.department, userId: auth.userId, comment: input.comment }))
    ) {
      throw new AppError('ALREADY_ACKNOWLEDGED', [{ path: 'body.department', code: 'acknowledged' }]);
    }
    await repo.touchVisit(tx, id, auth.userId);
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'visit', id },
      action: 'notice.acknowledge',
      after: { department: input.department, round: v.noticeRound, comment: input.comment },
    });
  });
  return getVisit(db, id);
}

async function openForFollowUp(tx: Executor, id: string) {
  const v = await loadVisit(tx, id);
  if (v.status !== 'open' || v.state !== 'follow-up') throw new AppError('VISIT_WRONG_STEP');
  return v;
}

export async function addFinding(db: Db, auth: AuthContext, id: string, input: z.infer<typeof AddFindingRequest>) {
  await db.transaction(async (tx) => {
    await openForFollowUp(tx, id);
    if (!(await selectDepartments(tx)).some((d) => d.code === input.department))
      throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.department', code: 'not_found' }]);
    const fid = await repo.insertFinding(tx, id, input, auth.userId);
    await repo.touchVisit(tx, id, auth.userId);
    await insertAudit(tx, { actorId: auth.userId, ref: { type: 'visit', id }, action: 'finding.add', after: { finding: fid, ...input } });
  });
  return getVisit(db, id);
}

export async function respondFinding(db: Db, auth: AuthContext, id: string, findingId: string, input: z.infer<typeof RespondFindingRequest>) {
  await db.transaction(async (tx) => {
    await openForFollowUp(tx, id);
    const before = (await repo.selectFindings(tx, id)).find((f) => f.id === findingId);
    if (!before) throw notFound();
    if (!(await repo.updateFindingRow(tx, findingId, input.version, { response: input.response }, auth.userId))) throw versionConflict();
    await repo.touchVisit(tx, id, auth.userId);
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'visit', id },
      action: 'finding.respond',
      before: { no: before.no, response: before.response },
      after: { no: before.no, response: input.response },
    });
  });
  return getVisit(db, id);
}

/** Minutes, outcomes, next contact and the customer's report, after the visit. */
export async function recordMinutes(db: Db, auth: AuthContext, id: string, input: z.infer<typeof VisitMinutesRequest>) {
  await db.transaction(async (tx) => {
    const before = await openForFollowUp(tx, id);
    if (!(await repo.updateVisitRow(tx, id, input.version, { minutes: input.minutes, outcomes: input.outcomes, nextContact: input.nextContact }, auth.userId)))
      throw versionConflict();
    await claimAttachments(tx, auth, input.reportIds, { type: 'visit', id });
    const after = (await repo.selectVisit(tx, id))!;
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'visit', id },
      action: 'minutes',
      before: snapshot(before),
      after: { ...snapshot(after), reports: input.reportIds },
    });
    await index(tx, after);
  });
  return getVisit(db, id);
}

/** Informing the customer is a communication to the customer linked to the visit (and shown on its timeline). */
export async function informCustomer(db: Db, auth: AuthContext, id: string, input: z.infer<typeof InformCustomerRequest>) {
  await db.transaction(async (tx) => {
    const v = await openForFollowUp(tx, id);
    await createCommunication(
      tx,
      auth,
      CreateCommunicationRequest.parse({
        partyId: v.partyId,
        channel: input.channel,
        direction: 'out',
        topic: 'other',
        occurredAt: new Date().toISOString(),
        contactId: input.contactId,
        subject: input.subject,
        content: input.content,
        links: [{ type: 'visit', id }],
      }),
    );
    await repo.touchVisit(tx, id, auth.userId);
  });
  return getVisit(db, id);
}

/** An action on the visit (optionally on one of its findings), a shared action item with owner and working-day due date. */
export async function addVisitAction(db: Db, auth: AuthContext, id: string, input: z.infer<typeof VisitActionRequest>, today: string) {
  const v = await loadVisit(db, id);
  if (v.status !== 'open') throw new AppError('VISIT_WRONG_STEP');
  let prefix = '';
  if (input.findingId) {
    const f = (await repo.selectFindings(db, id)).find((x) => x.id === input.findingId);
    if (!f) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.findingId', code: 'not_found' }]);
    prefix = `#${f.no} `;
  }
  return createAction(
    db,
    auth,
    {
      sourceType: 'visit',
      sourceId: id,
      title: `${prefix}${input.title}`.slice(0, 200),
      description: input.description,
      ownerId: input.ownerId,
      department: input.department,
      dueDate: input.dueDate,
      verification: null,
    },
    today,
    input.findingId ? `finding:${input.findingId}` : null,
  );
}
