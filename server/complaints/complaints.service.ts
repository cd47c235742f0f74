import { emitEvent } from '../webhooks/index.js';
import crypto from 'node:crypto';
import { publicLink, queueMail } from '../mail/index.js';
import type { z } from 'zod';
import type { Db, Executor } from '../platform/db/client.js';
import { AppError, notFound, versionConflict } from '../platform/http/app-error.js';
import type { AuthContext } from '../platform/http/access.js';
import { auditActor } from '../platform/audit/actor.js';
import { insertAudit } from '../platform/audit/audit.repository.js';
import { upsertSearchDocument } from '../platform/search/search.repository.js';
import { attachmentsOf, claimAttachments, copyAttachments, toAttachment } from '../platform/files/files.js';
import { CreateCommunicationRequest } from '../../contracts/communications.js';
import type {
  AssessmentRequest,
  ComplaintLineInput,
  ComplaintLinesRequest,
  ComplaintListQuery,
  OrderLineOptionsQuery,
  ContainmentRowRequest,
  CorrectiveActionRequest,
  CreateComplaintRequest,
  CreateCustomerLinkRequest,
  CustomerLinkAnswerRequest,
  CreditRequest,
  TimingTemplateRequest,
  CustomerConfirmationRequest,
  EffectivenessPlanRequest,
  KpiQuery,
  LinkRecurrenceRequest,
  PreventionRequest,
  ProblemRequest,
  ReturnAnalysisRequest,
  ReturnRequest,
  ReworkDoneRequest,
  ReworkPlanRequest,
  RootCauseRequest,
  TComplaint,
  TComplaintSummary,
  TeamRequest,
} from '../../contracts/complaints.js';
import { selectContact, selectCustomer } from '../parties/index.js';
import { selectUser } from '../identity/index.js';
import { communicationNumber, createCommunication, linkCommunication } from '../communications/index.js';
import { assertEditable, definitionVersion, startProcedure, stepView } from '../procedures/index.js';
import { siteCalendar } from '../calendar/index.js';
import { actionsOfSource, createAction } from '../actions/index.js';
import { selectOrderLineRefs, selectPartyOrderLines, selectShipmentRefs } from '../orders/index.js';
import * as repo from './complaints.repository.js';

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);
const DAY = 86_400_000;

/** the short 8D's own reduced steps (procedures/complaint v2), after D0 */
export const SHORT_DISCIPLINE_STEPS = ['d0-emergency', 'short-d3-containment', 'short-d4-root-cause', 'short-d5-correction', 'short-d8-closure'] as const;
export const DISCIPLINE_STEPS = [
  'd1-team',
  'd2-problem',
  'd3-containment',
  'd4-root-cause',
  'd5-actions',
  'd6-implementation',
  'd7-prevention',
  'customer-confirmation',
] as const;
const disciplineKey: Record<string, string> = {
  'short-d3-containment': 'd3',
  'short-d4-root-cause': 'd4',
  'short-d5-correction': 'd5',
  'short-d8-closure': 'd8',
  'd1-team': 'd1',
  'd2-problem': 'd2',
  'd3-containment': 'd3',
  'd4-root-cause': 'd4',
  'd5-actions': 'd5',
  'd6-implementation': 'd6',
  'd7-prevention': 'd7',
  'customer-confirmation': 'd8',
};
export const CORRECTIVE_ACTION = 'complaint.corrective';

// ---- presentation -------------------------------------------------------------------------

async function userNames(db: Executor, ids: (string | null | undefined)[]) {
  const out = new Map<string, string | null>();
  for (const id of new Set(ids.filter((x): x is string => !!x))) out.set(id, (await selectUser(db, id))?.displayName ?? null);
  return out;
}

function summary(r: repo.ComplaintRow, now = new Date()): TComplaintSummary {
  const due = r.dueAt ? new Date(r.dueAt) : null;
  const open = r.instanceStatus !== 'closed';
  return {
    id: r.id,
    number: r.number,
    kind: r.kind as TComplaintSummary['kind'],
    partyId: r.partyId,
    partyCode: r.partyCode,
    partyName: r.partyName,
    channel: r.channel as TComplaintSummary['channel'],
    receivedAt: r.receivedAt.toISOString(),
    model: r.model,
    lot: r.lot,
    defectiveQuantity: r.defectiveQuantity,
    severity: (r.assessment?.severity ?? null) as TComplaintSummary['severity'],
    path: (r.assessment?.path ?? null) as TComplaintSummary['path'],
    status: r.state,
    closed: !open,
    ageDays: Math.max(0, Math.floor(((open ? now : (r.closedAt ?? now)).getTime() - r.receivedAt.getTime()) / DAY)),
    dueAt: open ? iso(due) : null,
    overdue: open && !!due && due < now,
    version: r.version,
  };
}

/**
 * The disciplines the complaint's own definition has on its path: the full 8D (D0 from v2 on) or the short 8D's
 * reduced steps; a step visited is always listed (an escalated short 8D shows both).
 */
function disciplineSteps(r: repo.ComplaintRow, facts: { stepId: string }[]): string[] {
  const ids = new Set(r.instanceVersion ? definitionVersion(repo.COMPLAINT_PROCEDURE, r.instanceVersion).steps.map((s) => s.id) : DISCIPLINE_STEPS);
  const visited = new Set(facts.map((f) => f.stepId));
  const short = r.assessment?.path === 'short-8d' && ids.has('short-d3-containment');
  const all = ['d0-emergency', ...SHORT_DISCIPLINE_STEPS.slice(1), ...DISCIPLINE_STEPS];
  const onPath = new Set<string>(short ? SHORT_DISCIPLINE_STEPS : ['d0-emergency', ...DISCIPLINE_STEPS]);
  return all.filter((id) => ids.has(id) && (onPath.has(id) || visited.has(id)));
}

function presentLine(l: repo.ComplaintLineRow): TComplaint['lines'][number] {
  return {
    id: l.id,
    lineNo: l.lineNo,
    model: l.model,
    lot: l.lot,
    deliveredQuantity: l.deliveredQuantity,
    defectiveQuantity: l.defectiveQuantity,
    returnedQuantity: l.returnedQuantity,
    orderLineId: l.orderLineId,
    order: l.orderId && l.orderNumber ? { id: l.orderId, number: l.orderNumber, customerPo: l.customerPo, lineNo: l.orderLineNo ?? 0 } : null,
    shipment: l.shipmentId && l.shippedAt ? { id: l.shipmentId, shippedAt: l.shippedAt.toISOString(), quantity: l.shippedQuantity ?? 0 } : null,
  };
}

/**
 * The lines as entered, checked against the customer's own orders: an order line or shipment of another customer
 * (or unknown) is refused naming the line; a shipment gives its order line; a shipment of another line is refused.
 */
async function resolveLines(tx: Executor, partyId: string, lines: z.infer<typeof ComplaintLineInput>[], at: string): Promise<repo.LineValues[]> {
  const lineRefs = await selectOrderLineRefs(
    tx,
    lines.map((l) => l.orderLineId).filter((x): x is string => !!x),
  );
  const shipRefs = await selectShipmentRefs(
    tx,
    lines.map((l) => l.shipmentId).filter((x): x is string => !!x),
  );
  return lines.map((l, i) => {
    let orderLineId = l.orderLineId;
    let orderId: string | null = null;
    if (l.shipmentId) {
      const s = shipRefs.find((x) => x.shipmentId === l.shipmentId);
      if (!s) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: `${at}.${i}.shipmentId`, code: 'not_found' }]);
      if (s.partyId !== partyId) throw new AppError('COMPLAINT_ORDER_OTHER_CUSTOMER', [{ path: `${at}.${i}.shipmentId`, code: 'other_party' }]);
      if (orderLineId && orderLineId !== s.lineId) throw new AppError('COMPLAINT_SHIPMENT_OTHER_LINE', [{ path: `${at}.${i}.shipmentId`, code: 'other_line' }]);
      orderLineId = s.lineId;
      orderId = s.orderId;
    }
    if (l.orderLineId) {
      const r = lineRefs.find((x) => x.lineId === l.orderLineId);
      if (!r || r.voided) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: `${at}.${i}.orderLineId`, code: 'not_found' }]);
      if (r.partyId !== partyId) throw new AppError('COMPLAINT_ORDER_OTHER_CUSTOMER', [{ path: `${at}.${i}.orderLineId`, code: 'other_party' }]);
      orderId = r.orderId;
    }
    return {
      model: l.model,
      lot: l.lot,
      deliveredQuantity: l.deliveredQuantity,
      defectiveQuantity: l.defectiveQuantity,
      returnedQuantity: l.returnedQuantity,
      orderId,
      orderLineId,
      shipmentId: l.shipmentId,
    };
  });
}

async function present(db: Executor, r: repo.ComplaintRow): Promise<TComplaint> {
  const [files, containment, actions, confirmations, facts, recurrences, returns, origin, links] = await Promise.all([
    attachmentsOf(db, 'complaint', [r.id]),
    repo.selectContainment(db, r.id),
    actionsOfSource(db, { type: 'complaint', id: r.id }),
    repo.selectConfirmations(db, r.id),
    r.instanceId ? repo.selectStepFacts(db, r.instanceId) : Promise.resolve([]),
    repo.selectComplaintsByIds(db, r.recurrenceOf),
    repo.selectReturns(db, r.id),
    r.originCommunicationId ? repo.communicationSeq(db, r.originCommunicationId) : Promise.resolve(undefined),
    repo.selectCustomerLinks(db, r.id),
  ]);
  const lines = await repo.selectLines(db, [r.id]);
  const confirmationFiles = await attachmentsOf(
    db,
    'communication',
    confirmations.map((c) => c.communicationId),
  );
  const returnFiles = returns.flatMap((x) => x.analysisAttachmentIds);
  const names = await userNames(db, [
    r.assessment?.by,
    r.emergency?.by,
    r.team?.leaderId,
    ...(r.team?.members.map((m) => m.userId) ?? []),
    ...Object.values(r.team?.owners ?? {}),
    r.effectiveness?.verifierId,
    ...(r.effectiveness?.history.map((h) => h.by) ?? []),
  ]);
  const ackVisit = facts.find((f) => f.stepId === 'acknowledge');
  const ackDue = ackVisit?.dueAt ? new Date(ackVisit.dueAt) : null;
  const evidenceIds = new Set(r.rootCause?.evidenceAttachmentIds ?? []);
  const now = new Date();
  return {
    ...summary(r, now),
    receiverId: r.receiverId,
    receiverName: r.receiverName,
    contactId: r.contactId,
    contactName: r.contactName,
    deliveredQuantity: r.deliveredQuantity,
    description: r.description,
    failureMode: r.failureMode,
    remedySought: r.remedySought as TComplaint['remedySought'],
    remedyNote: r.remedyNote,
    relatedReports: r.relatedReports,
    lines: lines.map(presentLine),
    emergency: r.emergency
      ? { symptom: r.emergency.symptom, response: r.emergency.response, at: r.emergency.at, byName: names.get(r.emergency.by) ?? null }
      : null,
    originCommunication: r.originCommunicationId ? { id: r.originCommunicationId, number: origin ? communicationNumber(origin.seq) : null } : null,
    attachments: files.filter((f) => !returnFiles.includes(f.id)).map(toAttachment),
    acknowledgement:
      r.acknowledgedAt && r.acknowledgementCommunicationId
        ? {
            at: r.acknowledgedAt.toISOString(),
            communicationId: r.acknowledgementCommunicationId,
            targetHours: ackDue && ackVisit ? Math.round((ackDue.getTime() - new Date(ackVisit.enteredAt).getTime()) / 36e5) : null,
            withinTarget: !ackDue || r.acknowledgedAt <= ackDue,
          }
        : null,
    assessment: r.assessment
      ? {
          ...r.assessment,
          severity: r.assessment.severity as 'minor',
          customerImpact: r.assessment.customerImpact as 'none'[],
          path: r.assessment.path as 'full-8d',
          byName: names.get(r.assessment.by) ?? null,
        }
      : null,
    team: r.team
      ? {
          leaderId: r.team.leaderId,
          leaderName: names.get(r.team.leaderId) ?? null,
          members: r.team.members.map((m) => ({ ...m, name: names.get(m.userId) ?? null })),
          owners: r.team.owners,
        }
      : null,
    problem: r.problem,
    containment: containment.map((c) => ({ ...c, location: c.location as 'customer', doneAt: iso(c.doneAt), removedAt: iso(c.removedAt) })),
    rootCause: r.rootCause
      ? {
          method: r.rootCause.method as '5-why',
          occurrenceCause: r.rootCause.occurrenceCause,
          escapePoint: r.rootCause.escapePoint,
          analysis: r.rootCause.analysis,
          evidence: files.filter((f) => evidenceIds.has(f.id)).map(toAttachment),
        }
      : null,
    actions,
    effectiveness: r.effectiveness
      ? {
          method: r.effectiveness.method,
          criterion: r.effectiveness.criterion,
          plannedDate: r.effectiveness.plannedDate,
          verifierId: r.effectiveness.verifierId,
          verifierName: names.get(r.effectiveness.verifierId) ?? null,
          result: r.effectiveness.result as 'effective' | null,
          note: r.effectiveness.note,
          recordedAt: r.effectiveness.recordedAt,
          history: r.effectiveness.history.map((h) => ({ result: h.result as 'effective', note: h.note, at: h.at, byName: names.get(h.by) ?? null })),
        }
      : null,
    prevention: r.prevention
      ? {
          ...r.prevention,
          pfmea: r.prevention.pfmea ? { ...r.prevention.pfmea, answer: r.prevention.pfmea.answer as 'updated' } : null,
          controlPlan: r.prevention.controlPlan ? { ...r.prevention.controlPlan, answer: r.prevention.controlPlan.answer as 'updated' } : null,
        }
      : null,
    confirmations: confirmations.map((c) => ({
      result: c.result as 'accepted',
      at: c.at.toISOString(),
      communicationId: c.communicationId,
      comment: c.comment,
      recordedByName: c.recordedByName,
      attachments: confirmationFiles.filter((f) => f.ownerId === c.communicationId).map(toAttachment),
    })),
    disciplines: disciplineSteps(r, facts).map((stepId) => {
      const visit = facts.filter((f) => f.stepId === stepId).at(-1);
      const ownerId =
        stepId === 'd1-team' || stepId === 'd0-emergency' ? (r.team?.leaderId ?? null) : (r.team?.owners[disciplineKey[stepId]!] ?? r.team?.leaderId ?? null);
      const due = visit?.dueAt ? new Date(visit.dueAt) : null;
      const left = visit?.leftAt ? new Date(visit.leftAt) : null;
      return {
        stepId,
        ownerId,
        ownerName: ownerId ? (names.get(ownerId) ?? null) : null,
        enteredAt: iso(visit?.enteredAt),
        dueAt: iso(due),
        completedAt: iso(left),
        approverName: left ? (visit?.leftByName ?? null) : null,
        late: !!due && (left ?? now) > due,
      };
    }),
    recurrences: recurrences.map((x) => ({ id: x.id, number: x.number, partyName: x.partyName, model: x.model, status: x.state })),
    returns: returns.map((x) => ({
      id: x.id,
      receivedAt: x.receivedAt.toISOString(),
      quantity: x.quantity,
      note: x.note,
      analysis:
        x.analysisResult && x.analysisAt
          ? {
              result: x.analysisResult,
              confirmed: !!x.analysisConfirmed,
              disposition: x.disposition ?? '',
              at: x.analysisAt.toISOString(),
              byName: x.analysisByName,
              attachments: files.filter((f) => x.analysisAttachmentIds.includes(f.id)).map(toAttachment),
            }
          : null,
      rework: {
        route: x.reworkRoute,
        scheduledDate: x.reworkScheduledDate,
        reworkedQuantity: x.reworkedQuantity,
        effect: x.reworkEffect,
        doneAt: iso(x.reworkDoneAt),
        workStandardChange: x.workStandardChange,
      },
      credit:
        x.creditAt && x.creditNote
          ? { at: x.creditAt.toISOString(), byName: x.creditByName, note: x.creditNote, overrideReason: x.creditOverrideReason }
          : null,
      version: x.version,
    })),
    customerLinks: links.map((l) => ({
      createdAt: l.createdAt.toISOString(),
      expiresAt: l.expiresAt.toISOString(),
      usedAt: iso(l.usedAt),
      result: l.result as 'accepted' | null,
      createdByName: l.createdByName,
    })),
    closedAt: iso(r.closedAt),
    createdByName: r.createdByName,
    updatedAt: r.updatedAt.toISOString(),
  };
}

async function index(tx: Executor, id: string) {
  const r = (await repo.selectComplaint(tx, id))!;
  await upsertSearchDocument(tx, {
    refType: 'complaint',
    refId: id,
    partyId: r.partyId,
    permission: 'complaints.read',
    title: `${r.number} ${r.model} — ${r.partyName}`,
    body: [r.description, r.failureMode ?? '', r.lot ?? '', r.rootCause?.occurrenceCause ?? '', r.rootCause?.escapePoint ?? ''].join('\n'),
    codes: [r.number, r.partyCode, r.model, ...(r.lot ? [r.lot] : [])],
    at: r.receivedAt,
    voided: !!r.voidedAt,
  });
}

async function loadComplaint(db: Executor, id: string) {
  const row = await repo.selectComplaint(db, id);
  if (!row) throw notFound();
  return row;
}

/** A section of the 8D is edited where the complaint procedure's current step opens its panel (procedures/complaint `view:`); closed records are read-only. */
type Panel = 'assessment' | 'team' | 'problem' | 'containment' | 'rootCause' | 'actions' | 'prevention' | 'effectivenessPlan' | 'customerConfirmation';
async function loadForEdit(tx: Executor, id: string, version: number, panel: Panel) {
  const row = await loadComplaint(tx, id);
  if (row.voidedAt) throw new AppError('RECORD_VOIDED');
  if (row.instanceStatus === 'closed') throw new AppError('COMPLAINT_CLOSED');
  await assertEditable(tx, { type: 'complaint', id }, repo.COMPLAINT_PROCEDURE, panel, 'COMPLAINT_SECTION_NOT_OPEN');
  if (row.version !== version) throw versionConflict();
  return row;
}

async function activeUser(tx: Executor, id: string, path: string) {
  const u = await selectUser(tx, id);
  if (!u?.active) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path, code: 'not_found' }]);
  return u;
}

/** One section changed: the row (optimistic), its audit row with before/after, the search row. */
async function saveSection(tx: Executor, auth: AuthContext, row: repo.ComplaintRow, version: number, patch: repo.ComplaintPatch, action: string) {
  if (!(await repo.updateComplaintRow(tx, row.id, version, patch, auth.userId))) throw versionConflict();
  const before = Object.fromEntries(Object.keys(patch).map((k) => [k, (row as unknown as Record<string, unknown>)[k] ?? null]));
  await insertAudit(tx, { actorId: auth.userId, ref: { type: 'complaint', id: row.id }, action, before, after: patch as Record<string, unknown> });
  await index(tx, row.id);
}

// ---- use cases ----------------------------------------------------------------------------

export async function listComplaints(db: Db, q: z.infer<typeof ComplaintListQuery>) {
  const { items, total, totalCapped } = await repo.selectComplaints(db, {
    q: q.q,
    partyId: q.partyId,
    orderId: q.orderId,
    status: q.status,
    severity: q.severity,
    open: q.open === undefined ? undefined : q.open === 'true',
    overdue: q.overdue === 'true',
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  const now = new Date();
  return { items: items.map((r) => summary(r, now)), total, totalCapped, page: q.page, pageSize: q.pageSize };
}

export async function getComplaint(db: Db | Executor, id: string) {
  return present(db, await loadComplaint(db, id));
}

/** Intake: number CC-<year>-n, the complaint written back onto its originating communication, the procedure started at receipt. */
export async function createComplaint(db: Db, auth: AuthContext, input: z.infer<typeof CreateComplaintRequest>) {
  const id = await db.transaction(async (tx) => {
    const party = await selectCustomer(tx, input.partyId);
    if (!party) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.partyId', code: 'not_found' }]);
    if (party.voidedAt) throw new AppError('RECORD_VOIDED', [{ path: 'body.partyId', code: 'voided' }]);
    const receiverId = input.receiverId ?? auth.userId;
    await activeUser(tx, receiverId, 'body.receiverId');
    if (input.contactId) {
      const contact = await selectContact(tx, input.contactId);
      if (!contact || contact.voidedAt) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.contactId', code: 'not_found' }]);
      if (contact.partyId !== input.partyId) throw new AppError('CONTACT_NOT_OF_PARTY', [{ path: 'body.contactId', code: 'other_party' }]);
    }
    const receivedAt = new Date(input.receivedAt);
    if (receivedAt.getTime() > Date.now() + 5 * 60_000) throw new AppError('VALIDATION_FAILED', [{ path: 'body.receivedAt', code: 'future' }]);
    if (input.originCommunicationId) {
      const origin = await repo.communicationSeq(tx, input.originCommunicationId);
      if (!origin) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.originCommunicationId', code: 'not_found' }]);
      if (origin.partyId !== input.partyId)
        throw new AppError('COMPLAINT_ORIGIN_OTHER_CUSTOMER', [{ path: 'body.originCommunicationId', code: 'other_party' }]);
    }
    const cal = await siteCalendar(tx);
    const year = cal.localDate(receivedAt).slice(0, 4);
    const created = await repo.insertComplaint(
      tx,
      input.partyId,
      year,
      {
        kind: input.kind,
        channel: input.channel,
        receivedAt,
        receiverId,
        contactId: input.contactId,
        model: input.model,
        lot: input.lot,
        deliveredQuantity: input.deliveredQuantity,
        defectiveQuantity: input.defectiveQuantity,
        description: input.description,
        failureMode: input.failureMode,
        remedySought: [...new Set(input.remedySought)],
        remedyNote: input.remedyNote,
        relatedReports: input.relatedReports,
        originCommunicationId: input.originCommunicationId,
      },
      auth.userId,
    );
    const ref = { type: 'complaint', id: created.id };
    const lines = input.lines.length
      ? await resolveLines(tx, input.partyId, input.lines, 'body.lines')
      : [
          {
            model: input.model,
            lot: input.lot,
            deliveredQuantity: input.deliveredQuantity,
            defectiveQuantity: input.defectiveQuantity,
            returnedQuantity: null,
            orderId: null,
            orderLineId: null,
            shipmentId: null,
          },
        ];
    await repo.replaceLines(tx, created.id, lines, auth.userId);
    // the complaint mail's photos filed on the complaint, as if uploaded; the mail keeps its own
    if (input.originAttachmentIds.length && !input.originCommunicationId)
      throw new AppError('VALIDATION_FAILED', [{ path: 'body.originCommunicationId', code: 'required' }]);
    const copies = input.originCommunicationId
      ? await copyAttachments(tx, auth, input.originAttachmentIds, { type: 'communication', id: input.originCommunicationId }, 'body.originAttachmentIds')
      : [];
    await claimAttachments(tx, auth, [...input.attachmentIds, ...copies], ref);
    let originNumber: string | null = null;
    if (input.originCommunicationId) originNumber = (await linkCommunication(tx, auth, input.originCommunicationId, ref, created.number)).number;
    await insertAudit(tx, {
      actorId: auth.userId,
      ref,
      action: 'create',
      after: {
        number: created.number,
        ...input,
        lines,
        attachmentIds: undefined,
        originAttachmentIds: undefined,
        ...(copies.length ? { photosFromMail: copies.length } : {}),
        originCommunication: originNumber,
      },
    });
    await index(tx, created.id);
    await startProcedure(tx, auth, { procedureId: repo.COMPLAINT_PROCEDURE, ref, assigneeId: receiverId, at: receivedAt });
    await emitEvent(tx, 'complaint.opened', { complaintId: created.id, number: created.number, partyId: input.partyId });
    return created.id;
  });
  return getComplaint(db, id);
}

export async function recordAssessment(db: Db, auth: AuthContext, id: string, input: z.infer<typeof AssessmentRequest>) {
  await db.transaction(async (tx) => {
    const row = await loadForEdit(tx, id, input.version, 'assessment');
    // "none" with another impact is a contradiction
    const impacts =
      input.customerImpact.includes('none') && input.customerImpact.length > 1
        ? input.customerImpact.filter((x) => x !== 'none')
        : [...new Set(input.customerImpact)];
    await saveSection(
      tx,
      auth,
      row,
      input.version,
      {
        assessment: {
          severity: input.severity,
          safetyRegulatory: input.safetyRegulatory,
          customerImpact: impacts,
          path: input.path,
          note: input.note,
          at: new Date().toISOString(),
          by: auth.userId,
        },
      },
      'assessment',
    );
  });
  return getComplaint(db, id);
}

export async function setTeam(db: Db, auth: AuthContext, id: string, input: z.infer<typeof TeamRequest>) {
  await db.transaction(async (tx) => {
    const row = await loadForEdit(tx, id, input.version, 'team');
    await activeUser(tx, input.leaderId, 'body.leaderId');
    for (const [i, m] of input.members.entries()) await activeUser(tx, m.userId, `body.members.${i}.userId`);
    for (const [k, u] of Object.entries(input.owners)) if (u) await activeUser(tx, u, `body.owners.${k}`);
    await saveSection(
      tx,
      auth,
      row,
      input.version,
      { team: { leaderId: input.leaderId, members: input.members, owners: input.owners as Record<string, string> } },
      'd1.team',
    );
  });
  return getComplaint(db, id);
}

export async function setProblem(db: Db, auth: AuthContext, id: string, input: z.infer<typeof ProblemRequest>) {
  await db.transaction(async (tx) => {
    const row = await loadForEdit(tx, id, input.version, 'problem');
    const { version: _v, ...problem } = input;
    await saveSection(tx, auth, row, input.version, { problem }, 'd2.problem');
  });
  return getComplaint(db, id);
}

/** D3: a containment row (one location); the complaint's version moves with it. */
export async function saveContainment(db: Db, auth: AuthContext, id: string, rowId: string | null, input: z.infer<typeof ContainmentRowRequest>) {
  await db.transaction(async (tx) => {
    const row = await loadForEdit(tx, id, input.version, 'containment');
    if (input.ownerId) await activeUser(tx, input.ownerId, 'body.ownerId');
    const values = {
      location: input.location,
      description: input.description,
      quantityChecked: input.quantityChecked,
      quantityFound: input.quantityFound,
      disposition: input.disposition,
      ownerId: input.ownerId,
      doneAt: input.doneAt ? new Date(input.doneAt) : null,
    };
    const before = rowId ? (await repo.selectContainment(tx, id)).find((c) => c.id === rowId) : null;
    if (rowId && !before) throw notFound();
    const savedId = rowId ?? (await repo.insertContainment(tx, id, values, auth.userId));
    if (rowId && !(await repo.updateContainment(tx, id, rowId, values, auth.userId))) throw notFound();
    if (!(await repo.updateComplaintRow(tx, id, input.version, {}, auth.userId))) throw versionConflict();
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'complaint', id: row.id },
      action: rowId ? 'd3.containment.update' : 'd3.containment.add',
      before: before ?? null,
      after: { id: savedId, ...values },
    });
  });
  return getComplaint(db, id);
}

/** Lift a containment row: only once D6 is approved (the permanent action validated) [10.2.1 c, G8D]. */
export async function removeContainment(db: Db, auth: AuthContext, id: string, rowId: string, version: number) {
  await db.transaction(async (tx) => {
    const row = await loadForEdit(tx, id, version, 'containment');
    // containment is lifted where the step opens `containmentRelease`: once D6 is approved
    if (!(await stepView(tx, { type: 'complaint', id }, repo.COMPLAINT_PROCEDURE))?.editable.includes('containmentRelease')) {
      throw new AppError('COMPLAINT_CONTAINMENT_STILL_NEEDED', [{ path: 'complaint.state', code: row.state ?? 'unknown' }]);
    }
    if (!(await repo.removeContainment(tx, id, rowId, auth.userId))) throw notFound();
    if (!(await repo.updateComplaintRow(tx, id, version, {}, auth.userId))) throw versionConflict();
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'complaint', id },
      action: 'd3.containment.remove',
      after: { rowId, removedAt: new Date().toISOString() },
    });
  });
  return getComplaint(db, id);
}

export async function setRootCause(db: Db, auth: AuthContext, id: string, input: z.infer<typeof RootCauseRequest>) {
  await db.transaction(async (tx) => {
    const row = await loadForEdit(tx, id, input.version, 'rootCause');
    const already = new Set((await attachmentsOf(tx, 'complaint', [id])).map((f) => f.id));
    await claimAttachments(
      tx,
      auth,
      input.evidenceAttachmentIds.filter((a) => !already.has(a)),
      { type: 'complaint', id },
    );
    const { version: _v, ...rootCause } = input;
    await saveSection(
      tx,
      auth,
      row,
      input.version,
      { rootCause: { ...rootCause, evidenceAttachmentIds: [...new Set(input.evidenceAttachmentIds)] } },
      'd4.root-cause',
    );
  });
  return getComplaint(db, id);
}

/** D5/D6: a permanent corrective action as a shared action item (owner, due date, evidence on completion). */
export async function addCorrectiveAction(db: Db, auth: AuthContext, id: string, input: z.infer<typeof CorrectiveActionRequest>, today: string) {
  await db.transaction(async (tx) => {
    const row = await loadForEdit(tx, id, input.version, 'actions');
    await createAction(
      tx,
      auth,
      {
        sourceType: 'complaint',
        sourceId: id,
        title: input.title,
        description: input.description,
        ownerId: input.ownerId,
        department: input.department,
        dueDate: input.dueDate,
        verification: null,
      },
      today,
      CORRECTIVE_ACTION,
    );
    if (!(await repo.updateComplaintRow(tx, row.id, input.version, {}, auth.userId))) throw versionConflict();
  });
  return getComplaint(db, id);
}

/** The effectiveness check, planned when the actions are defined: method, criterion, date, verifier. */
export async function planEffectiveness(db: Db, auth: AuthContext, id: string, input: z.infer<typeof EffectivenessPlanRequest>) {
  await db.transaction(async (tx) => {
    const row = await loadForEdit(tx, id, input.version, 'effectivenessPlan');
    await activeUser(tx, input.verifierId, 'body.verifierId');
    const previous = row.effectiveness;
    await saveSection(
      tx,
      auth,
      row,
      input.version,
      {
        effectiveness: {
          method: input.method,
          criterion: input.criterion,
          plannedDate: input.plannedDate,
          verifierId: input.verifierId,
          result: null,
          note: null,
          recordedAt: null,
          history: previous?.history ?? [],
        },
      },
      'effectiveness.plan',
    );
  });
  return getComplaint(db, id);
}

export async function setPrevention(db: Db, auth: AuthContext, id: string, input: z.infer<typeof PreventionRequest>) {
  await db.transaction(async (tx) => {
    const row = await loadForEdit(tx, id, input.version, 'prevention');
    const { version: _v, ...prevention } = input;
    await saveSection(tx, auth, row, input.version, { prevention }, 'd7.prevention');
  });
  return getComplaint(db, id);
}

/**
 * The customer's answer to the completed form / 8D report, typed in (e.g. received by fax, scan
 * attached): an incoming communication linked to the complaint. Accepted allows closure; rejected reopens.
 */
export async function recordCustomerConfirmation(db: Db, auth: AuthContext, id: string, input: z.infer<typeof CustomerConfirmationRequest>) {
  await db.transaction(async (tx) => {
    const row = await loadForEdit(tx, id, input.version, 'customerConfirmation');
    await insertConfirmation(tx, auth, row, { ...input, subjectNote: '' });
    if (!(await repo.updateComplaintRow(tx, id, input.version, {}, auth.userId))) throw versionConflict();
  });
  return getComplaint(db, id);
}

/** The customer's answer as an incoming communication on the complaint, and its confirmation row. */
async function insertConfirmation(
  tx: Executor,
  auth: AuthContext,
  row: repo.ComplaintRow,
  input: { result: 'accepted' | 'rejected'; channel: string; receivedAt: string; comment: string | null; attachmentIds: string[]; subjectNote: string },
) {
  const comm = await createCommunication(
    tx,
    auth,
    CreateCommunicationRequest.parse({
      partyId: row.partyId,
      channel: input.channel,
      direction: 'in',
      topic: 'complaint',
      occurredAt: input.receivedAt,
      contactId: row.contactId,
      subject:
        `${input.result === 'accepted' ? '客户确认结案 Customer accepts closure' : '客户不接受 8D Customer rejects the 8D'} ${row.number}${input.subjectNote}`.slice(
          0,
          200,
        ),
      content:
        input.comment ??
        (input.result === 'accepted'
          ? '客户确认接受投诉处理结果。 The customer accepts the resolution.'
          : '客户不接受投诉处理结果。 The customer does not accept the resolution.'),
      links: [{ type: 'complaint', id: row.id }],
      attachmentIds: input.attachmentIds,
    }),
  );
  await repo.insertConfirmation(
    tx,
    { complaintId: row.id, result: input.result, at: new Date(input.receivedAt), communicationId: comm.id, comment: input.comment },
    auth.userId,
  );
  await insertAudit(tx, {
    ...auditActor(auth),
    ref: { type: 'complaint', id: row.id },
    action: `customer.${input.result}`,
    after: {
      result: input.result,
      receivedAt: input.receivedAt,
      communication: comm.number,
      comment: input.comment,
      via: input.subjectNote.trim() || input.channel,
    },
  });
  return comm;
}

// ---- the customer's link [standards E 22–23, CC 5.8.1] ----------------------------------------

const tokenHash = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

/** A single-use, expiring link for the customer to accept or reject the closure; the sending is logged as a communication. */
export async function createCustomerLink(db: Db, auth: AuthContext, id: string, input: z.infer<typeof CreateCustomerLinkRequest>) {
  const token = crypto.randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + input.days * DAY);
  await db.transaction(async (tx) => {
    const row = await loadForEdit(tx, id, input.version, 'customerConfirmation');
    await repo.insertCustomerLink(tx, { complaintId: id, tokenHash: tokenHash(token), expiresAt }, auth.userId);
    const comm = await createCommunication(
      tx,
      auth,
      CreateCommunicationRequest.parse({
        partyId: row.partyId,
        channel: input.channel,
        direction: 'out',
        topic: 'complaint',
        occurredAt: new Date().toISOString(),
        contactId: row.contactId,
        subject: `8D 报告请客户确认 8D report sent for the customer's confirmation ${row.number}`,
        content:
          input.message ??
          `请通过链接确认或拒绝结案（${expiresAt.toISOString().slice(0, 10)} 前有效）。 Please accept or reject the closure through the link (valid until ${expiresAt.toISOString().slice(0, 10)}).`,
        links: [{ type: 'complaint', id }],
      }),
    );
    // mailed to the complaint's contact when asked (server/mail: queued now, sent by the outbox after commit)
    if (input.mail) {
      if (!row.contactId) throw new AppError('MAIL_CONTACT_NO_ADDRESS', [{ path: 'body.mail', code: 'no_contact' }]);
      const m = input.mail;
      await queueMail(tx, auth, {
        partyId: row.partyId,
        contactId: row.contactId,
        ref: { type: 'complaint', id },
        language: m.language,
        subject: m.subject,
        body: m.body,
        templateKey: 'complaint-confirmation',
        templateRevision: null,
        vars: { expiresAt: expiresAt.toISOString().slice(0, 10), recordNumber: row.number },
        secrets: { link: publicLink(`/c/${token}`) },
        communicationId: comm.id,
        contactPath: 'body.mail',
      });
    }
    if (!(await repo.updateComplaintRow(tx, id, input.version, {}, auth.userId))) throw versionConflict();
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'complaint', id },
      action: 'customer-link.create',
      after: { expiresAt: expiresAt.toISOString(), communication: comm.number, mailed: !!input.mail },
    });
  });
  return { path: `/c/${token}`, expiresAt: expiresAt.toISOString(), complaint: await getComplaint(db, id) };
}

/** The link's complaint if the link may still be used: unknown 404, used 409, expired 410. */
async function openLink(db: Executor, token: string) {
  const link = await repo.selectCustomerLinkByHash(db, tokenHash(token));
  if (!link) throw new AppError('CUSTOMER_LINK_INVALID');
  if (link.usedAt) throw new AppError('CUSTOMER_LINK_USED');
  if (link.expiresAt.getTime() <= Date.now()) throw new AppError('CUSTOMER_LINK_EXPIRED');
  return link;
}

export async function customerLinkView(db: Db, token: string) {
  const link = await openLink(db, token);
  const c = await getComplaint(db, link.complaintId);
  return {
    number: c.number,
    partyName: c.partyName,
    model: c.model,
    lot: c.lot,
    receivedAt: c.receivedAt,
    defectiveQuantity: c.defectiveQuantity,
    description: c.description,
    problem: c.problem
      ? {
          what: c.problem.what,
          where: c.problem.where,
          when: c.problem.when,
          who: c.problem.who,
          why: c.problem.why,
          how: c.problem.how,
          howMany: c.problem.howMany,
        }
      : null,
    containment: c.containment.map((x) => ({
      location: x.location,
      description: x.description,
      quantityChecked: x.quantityChecked,
      quantityFound: x.quantityFound,
    })),
    rootCause: c.rootCause ? { method: c.rootCause.method, occurrenceCause: c.rootCause.occurrenceCause, escapePoint: c.rootCause.escapePoint } : null,
    actions: c.actions
      .filter((a) => a.status !== 'cancelled')
      .map((a) => ({ title: a.title, dueDate: a.dueDate, done: a.status === 'done' || a.status === 'verified' })),
    prevention: c.prevention ? { similarReviewed: c.prevention.similarReviewed, pfmea: c.prevention.pfmea, controlPlan: c.prevention.controlPlan } : null,
    effectiveness: c.effectiveness ? { criterion: c.effectiveness.criterion, result: c.effectiveness.result } : null,
    expiresAt: link.expiresAt.toISOString(),
  };
}

/** The customer's answer through the link: recorded in the name of whoever sent it, once; the link accepts nothing else. */
export async function answerCustomerLink(db: Db, token: string, input: z.infer<typeof CustomerLinkAnswerRequest>) {
  await db.transaction(async (tx) => {
    const link = await openLink(tx, token);
    const row = await loadComplaint(tx, link.complaintId);
    if (!(await stepView(tx, { type: 'complaint', id: row.id }, repo.COMPLAINT_PROCEDURE))?.editable.includes('customerConfirmation'))
      throw new AppError('CUSTOMER_LINK_NOT_APPLICABLE');
    const sender = link.createdBy ? await selectUser(tx, link.createdBy) : undefined;
    if (!sender) throw new AppError('CUSTOMER_LINK_INVALID');
    // the customer has no account: the record is kept in the name of the colleague who sent the link
    const auth: AuthContext = {
      userId: sender.id,
      username: sender.username,
      displayName: sender.displayName,
      locale: 'zh-CN',
      roles: [],
      departmentIds: [],
      departmentCodes: [],
      permissions: new Set(['complaints.read', 'communications.read']),
      visible: new Set(),
      csrfToken: '',
      sessionHash: '',
      mustChangePassword: false,
    };
    const comm = await insertConfirmation(tx, auth, row, {
      result: input.result,
      channel: 'portal',
      receivedAt: new Date().toISOString(),
      comment: [input.comment, `— ${input.signedBy}`].filter(Boolean).join('\n'),
      attachmentIds: [],
      subjectNote: ' (客户链接 customer link)',
    });
    if (!(await repo.markCustomerLinkUsed(tx, link.id, { result: input.result, communicationId: comm.id }))) throw new AppError('CUSTOMER_LINK_USED');
    if (!(await repo.updateComplaintRow(tx, row.id, null, {}, sender.id))) throw versionConflict();
  });
  return { result: input.result };
}

/** Open and closed complaints on the same model or failure mode, from this customer or others [IATF 10.2.3 d]. */
export async function recurrenceCandidates(db: Db, id: string) {
  const c = await loadComplaint(db, id);
  const own = await repo.selectLines(db, [c.id]);
  const found = (await repo.selectRecurrenceCandidates(db, c, own)).filter((x) => !c.recurrenceOf.includes(x.id));
  const theirs = await repo.selectLines(
    db,
    found.map((x) => x.id),
  );
  const up = (v: string | null) => (v ?? '').trim().toUpperCase();
  const ownModels = new Set([c.model, ...own.map((l) => l.model)].map(up));
  return {
    items: found.map((x) => {
      const lines = theirs.filter((l) => l.complaintId === x.id);
      return {
        id: x.id,
        number: x.number,
        partyName: x.partyName,
        sameCustomer: x.partyId === c.partyId,
        model: x.model,
        failureMode: x.failureMode,
        matchedOn: [
          ...([x.model, ...lines.map((l) => l.model)].some((m) => ownModels.has(up(m))) ? (['model'] as const) : []),
          ...(c.failureMode && x.failureMode?.trim().toLowerCase() === c.failureMode.trim().toLowerCase() ? (['failure-mode'] as const) : []),
          ...(lines.some((l) => l.lot && own.some((o) => o.lot && up(o.lot) === up(l.lot) && up(o.model) === up(l.model))) ? (['lot'] as const) : []),
          ...(lines.some((l) => l.orderLineId && own.some((o) => o.orderLineId === l.orderLineId)) ? (['order-line'] as const) : []),
        ],
        status: x.state,
        closed: x.instanceStatus === 'closed',
        receivedAt: x.receivedAt.toISOString(),
      };
    }),
  };
}
/** The lines the complaint concerns, replaced whole while it is open (the old ones voided, in the history). */
export async function setLines(db: Db, auth: AuthContext, id: string, input: z.infer<typeof ComplaintLinesRequest>) {
  await db.transaction(async (tx) => {
    const row = await loadComplaint(tx, id);
    if (row.voidedAt) throw new AppError('RECORD_VOIDED');
    if (row.instanceStatus === 'closed') throw new AppError('COMPLAINT_CLOSED');
    if (row.version !== input.version) throw versionConflict();
    const before = await repo.selectLines(tx, [id]);
    const lines = await resolveLines(tx, row.partyId, input.lines, 'body.lines');
    await repo.replaceLines(tx, id, lines, auth.userId);
    if (!(await repo.updateComplaintRow(tx, id, input.version, {}, auth.userId))) throw versionConflict();
    const brief = (ls: { model: string; lot: string | null; defectiveQuantity: number; orderLineId: string | null; shipmentId: string | null }[]) =>
      ls.map((l) => ({ model: l.model, lot: l.lot, defectiveQuantity: l.defectiveQuantity, orderLineId: l.orderLineId, shipmentId: l.shipmentId }));
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'complaint', id },
      action: 'lines.set',
      before: { lines: brief(before) },
      after: { lines: brief(lines) },
    });
    await index(tx, id);
  });
  return getComplaint(db, id);
}

/** The customer's order lines and shipments a complaint line may point at. */
export async function orderLineOptions(db: Db, q: z.infer<typeof OrderLineOptionsQuery>) {
  const party = await selectCustomer(db, q.partyId);
  if (!party) throw notFound();
  const items = await selectPartyOrderLines(db, q.partyId, q.q);
  return { items: items.map((l) => ({ ...l, shipments: l.shipments.map((s) => ({ ...s, shippedAt: s.shippedAt.toISOString() })) })) };
}

export async function linkRecurrence(db: Db, auth: AuthContext, id: string, input: z.infer<typeof LinkRecurrenceRequest>) {
  await db.transaction(async (tx) => {
    if (input.otherId === id) throw new AppError('COMPLAINT_RECURRENCE_INVALID', [{ path: 'body.otherId', code: 'self' }]);
    const row = await loadComplaint(tx, id);
    if (row.instanceStatus === 'closed') throw new AppError('COMPLAINT_CLOSED');
    if (row.version !== input.version) throw versionConflict();
    const other = await repo.selectComplaint(tx, input.otherId);
    if (!other || other.voidedAt) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.otherId', code: 'not_found' }]);
    await saveSection(tx, auth, row, input.version, { recurrenceOf: [...new Set([...row.recurrenceOf, other.id])] }, 'recurrence.link');
  });
  return getComplaint(db, id);
}

// ---- returned goods [SV 3.4–3.6, IATF 10.2.6] ------------------------------------------------

async function loadReturn(tx: Executor, complaintId: string, returnId: string, version: number) {
  const row = await loadComplaint(tx, complaintId);
  if (row.instanceStatus === 'closed') throw new AppError('COMPLAINT_CLOSED');
  const ret = (await repo.selectReturns(tx, complaintId)).find((x) => x.id === returnId);
  if (!ret) throw notFound();
  if (ret.version !== version) throw versionConflict();
  return { row, ret };
}

export async function receiveReturn(db: Db, auth: AuthContext, id: string, input: z.infer<typeof ReturnRequest>) {
  await db.transaction(async (tx) => {
    const row = await loadComplaint(tx, id);
    if (row.instanceStatus === 'closed') throw new AppError('COMPLAINT_CLOSED');
    if (row.version !== input.version) throw versionConflict();
    const retId = await repo.insertReturn(
      tx,
      { complaintId: id, receivedAt: new Date(input.receivedAt), quantity: input.quantity, note: input.note },
      auth.userId,
    );
    if (!(await repo.updateComplaintRow(tx, id, input.version, {}, auth.userId))) throw versionConflict();
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'complaint', id },
      action: 'return.receive',
      after: { returnId: retId, receivedAt: input.receivedAt, quantity: input.quantity },
    });
  });
  return getComplaint(db, id);
}

async function changeReturn(
  db: Db,
  auth: AuthContext,
  id: string,
  returnId: string,
  version: number,
  action: string,
  build: (ret: repo.ReturnRow, tx: Executor) => Promise<Parameters<typeof repo.updateReturn>[3]>,
) {
  await db.transaction(async (tx) => {
    const { ret } = await loadReturn(tx, id, returnId, version);
    const patch = await build(ret, tx);
    if (!(await repo.updateReturn(tx, returnId, version, patch, auth.userId))) throw versionConflict();
    await insertAudit(tx, { actorId: auth.userId, ref: { type: 'complaint', id }, action, before: { returnId }, after: { returnId, ...patch } });
  });
  return getComplaint(db, id);
}

/** Who does what with returned goods [SV 3.2–3.6]; the GM and VPs act across departments. */
function requireDepartment(auth: AuthContext, departments: string[], path: string) {
  if (auth.roles.includes('gm') || auth.roles.includes('vp') || departments.some((d) => auth.departmentCodes.includes(d))) return;
  throw new AppError('COMPLAINT_NOT_YOUR_DEPARTMENT', [{ path, code: departments.join('|') }]);
}

/** QA analyses the returned parts (teardown, test, photos) and decides the disposition. */
export const analyseReturn = (db: Db, auth: AuthContext, id: string, returnId: string, input: z.infer<typeof ReturnAnalysisRequest>) =>
  changeReturn(db, auth, id, returnId, input.version, 'return.analysis', async (_ret, tx) => {
    requireDepartment(auth, ['quality'], 'body.result');
    await claimAttachments(tx, auth, input.attachmentIds, { type: 'complaint', id });
    return {
      analysisResult: input.result,
      analysisConfirmed: input.confirmed,
      disposition: input.disposition,
      analysisAttachmentIds: input.attachmentIds,
      analysisAt: new Date(),
      analysisBy: auth.userId,
    };
  });

/** Process Engineering defines the rework route; Planning schedules the rework by the return date. */
export const planRework = (db: Db, auth: AuthContext, id: string, returnId: string, input: z.infer<typeof ReworkPlanRequest>) =>
  changeReturn(db, auth, id, returnId, input.version, 'return.rework-plan', async (ret) => {
    if ((input.route ?? null) !== (ret.reworkRoute ?? null)) requireDepartment(auth, ['process'], 'body.route');
    if ((input.scheduledDate ?? null) !== (ret.reworkScheduledDate ?? null)) requireDepartment(auth, ['planning'], 'body.scheduledDate');
    return { reworkRoute: input.route, reworkScheduledDate: input.scheduledDate };
  });

/** Production records what was reworked; Process Engineering records the effect. */
export const recordRework = (db: Db, auth: AuthContext, id: string, returnId: string, input: z.infer<typeof ReworkDoneRequest>) =>
  changeReturn(db, auth, id, returnId, input.version, 'return.reworked', async (ret) => {
    requireDepartment(auth, ['production', 'process'], 'body.reworkedQuantity');
    if (input.reworkedQuantity > ret.quantity) throw new AppError('VALIDATION_FAILED', [{ path: 'body.reworkedQuantity', code: 'exceeds' }]);
    // the effect and a work-standard change are Process Engineering's to record [SV 3.5–3.6]
    if ((input.workStandardChange ?? null) !== (ret.workStandardChange ?? null)) requireDepartment(auth, ['process'], 'body.workStandardChange');
    return {
      reworkedQuantity: input.reworkedQuantity,
      reworkEffect: input.effect,
      reworkDoneAt: new Date(),
      workStandardChange: input.workStandardChange ?? null,
    };
  });

/** Credit only after the returned parts were analysed, unless a manager overrides with a reason [standards E 24]. */
export const grantCredit = (db: Db, auth: AuthContext, id: string, returnId: string, input: z.infer<typeof CreditRequest>) =>
  changeReturn(db, auth, id, returnId, input.version, 'return.credit', async (ret) => {
    requireDepartment(auth, ['sales', 'finance'], 'body.note');
    if (ret.creditAt) throw new AppError('RETURN_ALREADY_CREDITED');
    if (!ret.analysisAt && !input.overrideReason) throw new AppError('RETURN_ANALYSIS_REQUIRED', [{ path: 'body.overrideReason', code: 'required' }]);
    if (!ret.analysisAt && !auth.roles.some((r) => r === 'manager' || r === 'gm' || r === 'vp'))
      throw new AppError('COMPLAINT_NOT_YOUR_DEPARTMENT', [{ path: 'body.overrideReason', code: 'manager' }]);
    return { creditAt: new Date(), creditBy: auth.userId, creditNote: input.note, creditOverrideReason: ret.analysisAt ? null : input.overrideReason };
  });

// ---- KPI [CM 5.1] ---------------------------------------------------------------------------

export const TIMELINESS_DEFINITION = {
  zh: '及时 = 投诉的每一个步骤（回复客户、评估、审核、D1–D8、效果验证、客户确认）都在其期限内完成（暂停时间不计）；尚未完成而已超期的步骤计为不及时。及时率 = 及时处理的投诉数 / 期间内收到的全部投诉数。',
  en: 'On time = every step of the complaint (acknowledgement, assessment, review, D1–D8, effectiveness check, customer confirmation) finished within its deadline (paused time excluded); a step still open past its deadline counts as late. Rate = complaints handled on time / all complaints received in the period.',
};

export async function complaintKpi(db: Db, q: z.infer<typeof KpiQuery>) {
  const to = q.to ? new Date(q.to) : new Date();
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - 365 * DAY);
  const [per, steps] = await Promise.all([repo.selectTimeliness(db, from, to), repo.selectStepLateness(db, from, to)]);
  const onTime = per.filter((p) => p.late + p.running_late === 0).length;
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    definition: TIMELINESS_DEFINITION,
    total: per.length,
    handledOnTime: onTime,
    rate: per.length ? Math.round((onTime / per.length) * 1000) / 1000 : null,
    acknowledgedOnTime: per.filter((p) => p.ack_late === 0).length,
    steps,
  };
}

// ---- per-customer timing template [standards F 30] ---------------------------------------------

export async function getTimingTemplate(db: Db, partyId: string) {
  const party = await selectCustomer(db, partyId);
  if (!party) throw notFound();
  const t = await repo.selectTimingTemplate(db, partyId);
  return { partyId, steps: (t?.steps ?? {}) as Record<string, { amount: number; unit: 'calendarHours' }>, note: t?.note ?? null, version: t?.version ?? null };
}

/** Set a customer's timing: complaints started afterwards take it; running clocks keep theirs. */
export async function setTimingTemplate(db: Db, auth: AuthContext, partyId: string, input: z.infer<typeof TimingTemplateRequest>) {
  await db.transaction(async (tx) => {
    const party = await selectCustomer(tx, partyId);
    if (!party) throw notFound();
    const before = await repo.selectTimingTemplate(tx, partyId);
    const steps = input.steps as Record<string, { amount: number; unit: string }>;
    if (!before) {
      if (input.version !== null) throw versionConflict();
      await repo.insertTimingTemplate(tx, { partyId, steps, note: input.note }, auth.userId);
    } else if (input.version === null || !(await repo.updateTimingTemplate(tx, partyId, input.version, { steps, note: input.note }, auth.userId)))
      throw versionConflict();
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'customer', id: partyId },
      action: 'complaint-timing.set',
      before: before ? { steps: before.steps } : null,
      after: { steps },
    });
  });
  return getTimingTemplate(db, partyId);
}

/** The engine asks for a step's deadline: the customer's template, or null for the procedure's default. */
export async function templateDeadline(tx: Executor, complaintId: string, stepId: string) {
  const partyId = await repo.selectComplaintParty(tx, complaintId);
  if (!partyId) return null;
  const d = (await repo.selectTimingTemplate(tx, partyId))?.steps[stepId];
  return d ? { amount: d.amount, unit: d.unit as 'calendarHours' } : null;
}
