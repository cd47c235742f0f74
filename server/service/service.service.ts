import type { z } from 'zod';
import type { Db, Executor } from '../platform/db/client.js';
import { AppError, notFound, versionConflict } from '../platform/http/app-error.js';
import type { AuthContext } from '../platform/http/access.js';
import { insertAudit } from '../platform/audit/audit.repository.js';
import { editRights, overrideRoles } from '../platform/records/edit-rights.js';
import { upsertSearchDocument } from '../platform/search/search.repository.js';
import { CreateCommunicationRequest } from '../../contracts/communications.js';
import type {
  AssessServiceRequest,
  CreateServiceRequest,
  RetireWarrantyRuleRequest,
  SaveWarrantyRuleRequest,
  ServiceCommunicationDraft,
  ServiceConfirmationRequest,
  ServiceRequestQuery,
  ServiceWorkRequest,
  TServiceRequest,
  TWarranty,
  TWarrantyRule,
  UpdateServiceRequest,
  WarrantyCheckQuery,
  WarrantyRuleQuery,
} from '../../contracts/service.js';
import { selectCustomer } from '../parties/index.js';
import { siteDate } from '../calendar/index.js';
import { communicationNumber, createCommunication, linkCommunication } from '../communications/index.js';
import { assertEditable, performTransition, selectInstanceFor, startProcedure } from '../procedures/index.js';
import * as repo from './service.repository.js';

const iso = (d: Date | string) => new Date(d).toISOString();
const commRef = (id: string | null, seq: number | string | null) => (id && seq != null ? { id, number: communicationNumber(Number(seq)) } : null);
const SR = (id: string) => ({ type: 'service-request', id });
export const SERVICE_KINDS_SERVICE = ['repair', 'technical-support', 'installation'];
export const SERVICE_KINDS_RETURN = ['return', 'refund'];

async function assertCustomer(tx: Executor, partyId: string) {
  const party = await selectCustomer(tx, partyId);
  if (!party) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.partyId', code: 'not_found' }]);
  if (party.voidedAt) throw new AppError('RECORD_VOIDED', [{ path: 'body.partyId', code: 'voided' }]);
  return party;
}

/** Who may register a request: a user of the departments that keep the type (edit-rights.ts), or GM/VP/admin. */
function assertKeeper(auth: AuthContext) {
  if (auth.roles.some((r) => (overrideRoles as string[]).includes(r))) return;
  const keepers: readonly string[] = editRights['service-request'].departments;
  if (!auth.departmentCodes.some((d) => keepers.includes(d))) throw new AppError('RECORD_NOT_EDITABLE', [{ path: 'body', code: 'department' }]);
}

/** The communication a step went through: one already logged (the request is added to its links) or a new one. */
async function communicationFor(
  tx: Executor,
  auth: AuthContext,
  partyId: string,
  input: { communicationId: string | null; communication: z.infer<typeof ServiceCommunicationDraft> | null },
  how: { id: string; note: string; at?: Date },
) {
  if (input.communicationId) {
    const c = await repo.selectCommunicationOf(tx, partyId, input.communicationId);
    if (!c) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.communicationId', code: 'not_found' }]);
    if (c.voidedAt) throw new AppError('RECORD_VOIDED', [{ path: 'body.communicationId', code: 'voided' }]);
    await linkCommunication(tx, auth, c.id, SR(how.id), how.note);
    return { id: c.id, occurredAt: c.occurredAt };
  }
  if (input.communication) {
    const d = input.communication;
    if (d.contactId && !(await repo.selectContactOf(tx, partyId, d.contactId)))
      throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.communication.contactId', code: 'not_found' }]);
    const at = how.at ?? new Date();
    const c = await createCommunication(
      tx,
      auth,
      CreateCommunicationRequest.parse({
        partyId,
        channel: d.channel,
        direction: 'in',
        topic: 'other',
        occurredAt: at.toISOString(),
        contactId: d.contactId,
        subject: d.subject,
        content: d.content,
        links: [SR(how.id)],
      }),
    );
    return { id: c.id, occurredAt: at };
  }
  throw new AppError('COMMUNICATION_REQUIRED', [{ path: 'body.communicationId', code: 'required' }]);
}

// ---- warranty ---------------------------------------------------------------------------------------
const pad2 = (n: number) => String(n).padStart(2, '0');
/** The same day `months` calendar months later (the month's last day when it is shorter). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = total % 12;
  const last = new Date(Date.UTC(ny, nm + 1, 0)).getUTCDate();
  return `${ny}-${pad2(nm + 1)}-${pad2(Math.min(d, last))}`;
}

const scopeOf = (key: string): NonNullable<TWarranty['rule']>['scope'] => {
  const [party, model] = key.split(':');
  return party === '*' ? (model === '*' ? 'default' : 'product') : model === '*' ? 'customer' : 'customer-product';
};
export const scopeKey = (partyId: string | null, model: string | null) => `${partyId ?? '*'}:${model ? model.toUpperCase() : '*'}`;

/**
 * Whether the item is in warranty on `checkedOn`: the most specific current rule — the customer's agreement for the
 * model, the customer's for every model, the product's, the default — or the rule the assessment used (`ruleId`);
 * months counted from the shipment of the linked order line (the named shipment, else the line's last one) or the
 * entered delivery date, as the rule's basis says (the other date when that one is missing). Within it: free.
 */
export async function computeWarranty(
  db: Executor,
  item: {
    partyId: string;
    model: string;
    orderLineId: string | null;
    shipmentId: string | null;
    deliveredOn: string | null;
    checkedOn: string;
    ruleId?: string | null;
  },
): Promise<TWarranty> {
  let rule: { id: string; scopeKey: string; months: number; basis: string; revision: number } | undefined;
  if (item.ruleId) rule = await repo.selectRule(db, item.ruleId);
  if (!rule) rule = (await repo.selectApplicableRules(db, item.partyId, item.model))[0];
  let shippedOn: string | null = null;
  if (item.orderLineId) {
    const ships = await repo.selectLineShipments(db, item.orderLineId);
    const ship = item.shipmentId ? ships.find((s) => s.id === item.shipmentId) : ships[ships.length - 1];
    if (ship) shippedOn = siteDate(new Date(ship.shippedAt));
  }
  const empty = {
    status: 'unknown' as const,
    months: null,
    basis: null,
    startsOn: null,
    startFrom: null,
    endsOn: null,
    checkedOn: item.checkedOn,
    rule: null,
    charge: null,
  };
  if (!rule) {
    return { ...empty, startsOn: shippedOn ?? item.deliveredOn, startFrom: shippedOn ? 'shipment' : item.deliveredOn ? 'delivery' : null };
  }
  const basis = rule.basis as 'shipment' | 'delivery';
  const [startsOn, startFrom] =
    basis === 'shipment'
      ? shippedOn
        ? [shippedOn, 'shipment' as const]
        : item.deliveredOn
          ? [item.deliveredOn, 'delivery' as const]
          : [null, null]
      : item.deliveredOn
        ? [item.deliveredOn, 'delivery' as const]
        : shippedOn
          ? [shippedOn, 'shipment' as const]
          : [null, null];
  const ruleRef = { id: rule.id, scope: scopeOf(rule.scopeKey), revision: rule.revision };
  if (!startsOn) return { ...empty, months: rule.months, basis, rule: ruleRef };
  const endsOn = addMonths(startsOn, rule.months);
  const inside = item.checkedOn >= startsOn && item.checkedOn <= endsOn;
  return {
    status: inside ? 'in' : 'out',
    months: rule.months,
    basis,
    startsOn,
    startFrom,
    endsOn,
    checkedOn: item.checkedOn,
    rule: ruleRef,
    charge: inside ? 'free' : 'chargeable',
  };
}

export async function checkWarranty(db: Executor, q: z.infer<typeof WarrantyCheckQuery>) {
  return computeWarranty(db, {
    partyId: q.partyId,
    model: q.model,
    orderLineId: q.orderLineId ?? null,
    shipmentId: q.shipmentId ?? null,
    deliveredOn: q.deliveredOn ?? null,
    checkedOn: q.on ?? siteDate(),
  });
}

// ---- service requests -------------------------------------------------------------------------------
async function present(db: Executor, r: repo.ServiceRow): Promise<TServiceRequest> {
  const warranty = await computeWarranty(db, {
    partyId: r.partyId,
    model: r.model,
    orderLineId: r.orderLineId,
    shipmentId: r.shipmentId,
    deliveredOn: r.deliveredOn,
    checkedOn: siteDate(new Date(r.receivedAt)),
    ruleId: r.warrantyRuleId,
  });
  return {
    id: r.id,
    number: r.number,
    partyId: r.partyId,
    partyCode: r.partyCode,
    partyName: r.partyName,
    contactId: r.contactId,
    contactName: r.contactName,
    kind: r.kind as TServiceRequest['kind'],
    model: r.model,
    serialNo: r.serialNo,
    lotNo: r.lotNo,
    orderLine:
      r.orderLineId && r.orderId && r.orderNumber ? { orderId: r.orderId, orderNumber: r.orderNumber, lineId: r.orderLineId, lineNo: Number(r.lineNo) } : null,
    shipmentId: r.shipmentId,
    deliveredOn: r.deliveredOn,
    quantity: r.quantity,
    description: r.description,
    receivedAt: iso(r.receivedAt),
    channel: (r.channel as TServiceRequest['channel']) ?? null,
    receivedThrough: commRef(r.receivedCommunicationId, r.receivedCommunicationSeq),
    warranty,
    chargeDecision: (r.chargeDecision as TServiceRequest['chargeDecision']) ?? null,
    decisionReason: r.decisionReason,
    plannedAction: r.plannedAction,
    price: r.price,
    assessedByName: r.assessedByName,
    assessedAt: r.assessedAt ? iso(r.assessedAt) : null,
    workReport: r.workReport,
    workDoneOn: r.workDoneOn,
    returnQuantity: r.returnQuantity,
    totalAmount: r.totalAmount,
    creditNote: r.creditNote,
    confirmedOn: r.confirmedOn,
    confirmedByContactName: r.confirmedByContactName,
    confirmationNote: r.confirmationNote,
    confirmationCommunication: commRef(r.confirmationCommunicationId, r.confirmationCommunicationSeq),
    state: r.state,
    status: (r.status as TServiceRequest['status']) ?? null,
    stepDue: r.stepDue ? iso(r.stepDue) : null,
    ownerId: r.ownerId,
    ownerName: r.ownerName,
    createdAt: iso(r.createdAt),
    version: r.version,
  };
}

const snapshot = (r: repo.ServiceRow) => ({
  number: r.number,
  party: r.partyCode,
  kind: r.kind,
  model: r.model,
  serialNo: r.serialNo,
  lotNo: r.lotNo,
  orderLineId: r.orderLineId,
  shipmentId: r.shipmentId,
  deliveredOn: r.deliveredOn,
  quantity: r.quantity,
  description: r.description,
  contactId: r.contactId,
});

async function index(tx: Executor, r: repo.ServiceRow) {
  await upsertSearchDocument(tx, {
    refType: 'service-request',
    refId: r.id,
    partyId: r.partyId,
    permission: 'service.read',
    title: `${r.number} 售后服务 ${r.model} ${r.partyName}`,
    body: [r.description, r.plannedAction ?? '', r.workReport ?? ''].join('\n'),
    codes: [r.number, r.partyCode, r.model, ...(r.serialNo ? [r.serialNo] : []), ...(r.lotNo ? [r.lotNo] : [])],
    at: r.createdAt,
    voided: false,
  });
}

async function load(db: Executor, id: string) {
  const row = await repo.selectServiceRequest(db, id);
  if (!row) throw notFound();
  return row;
}
/**
 * A request whose procedure has ended (closed, or cancelled) is read-only [ISO 9001 7.5.3], as a closed complaint or
 * order: refused as closed before any step check (the database refuses the same write: the service_requests_closed trigger).
 */
async function loadOpen(db: Executor, id: string) {
  const row = await load(db, id);
  if (row.status === 'closed') throw new AppError('RECORD_CLOSED');
  return row;
}
export async function getServiceRequest(db: Executor, id: string): Promise<TServiceRequest> {
  const r = await load(db, id);
  return present(db, r);
}

export async function listServiceRequests(db: Db, q: z.infer<typeof ServiceRequestQuery>) {
  const rows = await repo.selectServiceRequests(db, q);
  const items: TServiceRequest[] = [];
  for (const r of rows) items.push(await present(db, r));
  return { items };
}

async function requestValues(
  tx: Executor,
  partyId: string,
  input: z.infer<typeof CreateServiceRequest> | z.infer<typeof UpdateServiceRequest>,
): Promise<repo.RequestValues> {
  if (input.contactId && !(await repo.selectContactOf(tx, partyId, input.contactId)))
    throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.contactId', code: 'not_found' }]);
  if (input.shipmentId && !input.orderLineId) throw new AppError('SERVICE_ORDER_LINE_MISMATCH', [{ path: 'body.orderLineId', code: 'required' }]);
  if (input.orderLineId) {
    const line = await repo.selectOrderLineOf(tx, partyId, input.orderLineId);
    if (!line) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.orderLineId', code: 'not_found' }]);
    if (line.model.toUpperCase() !== input.model.toUpperCase()) throw new AppError('SERVICE_ORDER_LINE_MISMATCH', [{ path: 'body.model', code: 'mismatch' }]);
    if (input.shipmentId && !(await repo.selectLineShipments(tx, line.lineId)).some((s) => s.id === input.shipmentId))
      throw new AppError('SERVICE_ORDER_LINE_MISMATCH', [{ path: 'body.shipmentId', code: 'mismatch' }]);
  }
  return {
    contactId: input.contactId,
    kind: input.kind,
    model: input.model,
    serialNo: input.serialNo,
    lotNo: input.lotNo,
    orderLineId: input.orderLineId,
    shipmentId: input.shipmentId,
    deliveredOn: input.deliveredOn,
    quantity: input.quantity,
    description: input.description,
  };
}

/** Register a request from the communication that reported it (starts procedures/service-request at "received"). */
export async function createServiceRequest(db: Db, auth: AuthContext, input: z.infer<typeof CreateServiceRequest>) {
  assertKeeper(auth);
  if (!input.communicationId && !input.communication) throw new AppError('COMMUNICATION_REQUIRED', [{ path: 'body.communicationId', code: 'required' }]);
  const id = await db.transaction(async (tx) => {
    await assertCustomer(tx, input.partyId);
    const values = await requestValues(tx, input.partyId, input);
    const now = new Date();
    const claimed = input.receivedAt ? new Date(input.receivedAt) : now;
    const newId = await repo.insertServiceRequest(
      tx,
      input.partyId,
      { ...values, receivedAt: claimed > now ? now : claimed, receivedCommunicationId: null },
      auth.userId,
    );
    const comm = await communicationFor(tx, auth, input.partyId, input, { id: newId, note: '售后服务申请', at: claimed > now ? now : claimed });
    // received when the customer's message came, unless the user said otherwise
    const receivedAt = input.receivedAt ? (claimed > now ? now : claimed) : new Date(comm.occurredAt);
    await repo.setReceived(tx, newId, receivedAt, comm.id);
    const row = (await repo.selectServiceRequest(tx, newId))!;
    await insertAudit(tx, { actorId: auth.userId, ref: SR(newId), action: 'create', after: snapshot(row) });
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'customer', id: input.partyId },
      action: 'service.register',
      after: { request: row.number, kind: row.kind, model: row.model },
    });
    await index(tx, row);
    await startProcedure(tx, auth, { procedureId: repo.SERVICE_PROCEDURE, ref: SR(newId), assigneeId: auth.userId, at: receivedAt });
    return newId;
  });
  return getServiceRequest(db, id);
}

/** Correct what was received (while at "received" or "assessment"). */
export async function updateServiceRequest(db: Db, auth: AuthContext, id: string, input: z.infer<typeof UpdateServiceRequest>) {
  await db.transaction(async (tx) => {
    const before = await loadOpen(tx, id);
    await assertEditable(tx, SR(id), repo.SERVICE_PROCEDURE, 'request', 'SERVICE_NOT_EDITABLE');
    const values = await requestValues(tx, before.partyId, input);
    if (!(await repo.updateServiceRow(tx, id, input.version, values, auth.userId))) throw versionConflict();
    const after = (await repo.selectServiceRequest(tx, id))!;
    await insertAudit(tx, { actorId: auth.userId, ref: SR(id), action: 'update', before: snapshot(before), after: snapshot(after) });
    await index(tx, after);
  });
  return getServiceRequest(db, id);
}

/**
 * The assessment [service standard 5]: free or chargeable, the action decided. The warranty computed now is the
 * basis (its rule is kept on the record); chargeable, or free when the item is not in warranty, needs its reason.
 * `at`: when it was assessed (for the demo and imports; now by default).
 */
export async function assessServiceRequest(db: Db, auth: AuthContext, id: string, input: z.infer<typeof AssessServiceRequest>, at = new Date()) {
  await db.transaction(async (tx) => {
    const before = await loadOpen(tx, id);
    await assertEditable(tx, SR(id), repo.SERVICE_PROCEDURE, 'assessment', 'SERVICE_NOT_EDITABLE');
    const warranty = await computeWarranty(tx, {
      partyId: before.partyId,
      model: before.model,
      orderLineId: before.orderLineId,
      shipmentId: before.shipmentId,
      deliveredOn: before.deliveredOn,
      checkedOn: siteDate(new Date(before.receivedAt)),
    });
    const needsReason = input.chargeDecision === 'chargeable' || warranty.status !== 'in';
    if (needsReason && !input.decisionReason) throw new AppError('SERVICE_DECISION_REASON_REQUIRED', [{ path: 'body.decisionReason', code: 'required' }]);
    const values: repo.AssessmentValues = {
      chargeDecision: input.chargeDecision,
      decisionReason: input.decisionReason,
      plannedAction: input.plannedAction,
      ...(input.price !== null || input.chargeDecision === 'free' ? { price: input.chargeDecision === 'free' ? null : input.price } : {}),
      assessedBy: auth.userId,
      assessedAt: at,
      warrantyRuleId: warranty.rule?.id ?? null,
    };
    if (!(await repo.updateServiceRow(tx, id, input.version, values, auth.userId))) throw versionConflict();
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: SR(id),
      action: 'assess',
      before: { chargeDecision: before.chargeDecision, decisionReason: before.decisionReason, plannedAction: before.plannedAction, price: before.price },
      after: {
        chargeDecision: values.chargeDecision,
        decisionReason: values.decisionReason,
        plannedAction: values.plannedAction,
        ...('price' in values ? { price: values.price } : {}),
        warranty: { status: warranty.status, startsOn: warranty.startsOn, endsOn: warranty.endsOn, rule: warranty.rule },
      },
    });
    await index(tx, (await repo.selectServiceRequest(tx, id))!);
  });
  return getServiceRequest(db, id);
}

/** The service report: the work done (repair, support, installation) or the return received / refund made. */
export async function recordServiceWork(db: Db, auth: AuthContext, id: string, input: z.infer<typeof ServiceWorkRequest>) {
  await db.transaction(async (tx) => {
    const before = await loadOpen(tx, id);
    await assertEditable(tx, SR(id), repo.SERVICE_PROCEDURE, 'work', 'SERVICE_NOT_EDITABLE');
    const values: repo.WorkValues = {
      workReport: input.workReport,
      workDoneOn: input.workDoneOn,
      returnQuantity: input.returnQuantity,
      ...(input.totalAmount !== null ? { totalAmount: input.totalAmount } : {}),
      creditNote: input.creditNote,
    };
    if (!(await repo.updateServiceRow(tx, id, input.version, values, auth.userId))) throw versionConflict();
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: SR(id),
      action: 'work',
      before: {
        workReport: before.workReport,
        workDoneOn: before.workDoneOn,
        returnQuantity: before.returnQuantity,
        totalAmount: before.totalAmount,
        creditNote: before.creditNote,
      },
      after: { ...values },
    });
    await index(tx, (await repo.selectServiceRequest(tx, id))!);
  });
  return getServiceRequest(db, id);
}

/**
 * The customer's confirmation [CS 2.6]: when, who, the message that brought it (linked, or logged now as incoming) —
 * in one transaction with the procedure's `confirm` transition, which the engine refuses outside the step's lane.
 * `at`: when it was recorded (for the demo and imports; now by default).
 */
export async function confirmServiceRequest(db: Db, auth: AuthContext, id: string, input: z.infer<typeof ServiceConfirmationRequest>, at = new Date()) {
  await db.transaction(async (tx) => {
    const before = await loadOpen(tx, id);
    await assertEditable(tx, SR(id), repo.SERVICE_PROCEDURE, 'confirmation', 'SERVICE_NOT_EDITABLE');
    if (input.confirmedByContactId && !(await repo.selectContactOf(tx, before.partyId, input.confirmedByContactId)))
      throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.confirmedByContactId', code: 'not_found' }]);
    const comm = await communicationFor(tx, auth, before.partyId, input, { id, note: `${before.number} 客户确认`, at });
    const values: repo.ConfirmationValues = {
      confirmedOn: input.confirmedOn,
      confirmedByContactId: input.confirmedByContactId,
      confirmationNote: input.note,
      confirmationCommunicationId: comm.id,
    };
    if (!(await repo.updateServiceRow(tx, id, input.version, values, auth.userId))) throw versionConflict();
    await insertAudit(tx, { actorId: auth.userId, ref: SR(id), action: 'confirm', before: { confirmedOn: null }, after: { ...values } });
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'customer', id: before.partyId },
      action: 'service.confirmed',
      after: { request: before.number, zh: '客户确认售后服务完成', en: 'The customer confirmed the service' },
    });
    const instance = (await selectInstanceFor(tx, 'service-request', id, repo.SERVICE_PROCEDURE))!;
    await performTransition(tx as Db, auth, instance.id, { version: instance.version, transitionId: 'confirm', fields: {} }, at);
    await index(tx, (await repo.selectServiceRequest(tx, id))!);
  });
  return getServiceRequest(db, id);
}

// ---- what the procedure asks -------------------------------------------------------------------------
export async function serviceFacts(tx: Executor, id: string) {
  const r = await repo.selectServiceRequest(tx, id);
  return r
    ? {
        kind: r.kind,
        assessed: !!r.chargeDecision && !!r.plannedAction,
        workRecorded: !!r.workReport && !!r.workDoneOn,
        confirmed: !!r.confirmationCommunicationId && !!r.confirmedOn,
        partyId: r.partyId,
        contactId: r.contactId,
        channel: r.channel,
        number: r.number,
        model: r.model,
        version: r.version,
      }
    : null;
}

/** The acknowledgement to the customer, logged as an outgoing communication linked to the request. */
export async function logAcknowledgement(tx: Executor, auth: AuthContext, id: string, fields: Record<string, string | number | boolean>, at: Date) {
  const f = (await serviceFacts(tx, id))!;
  await createCommunication(
    tx,
    auth,
    CreateCommunicationRequest.parse({
      partyId: f.partyId,
      channel: typeof fields.channel === 'string' && fields.channel ? fields.channel : (f.channel ?? 'phone'),
      direction: 'out',
      topic: 'other',
      occurredAt: at.toISOString(),
      ourUserId: auth.userId,
      contactId: f.contactId,
      subject: `${auth.locale === 'en-US' ? 'Re: service request ' : '回复：售后服务申请 '}${f.number} ${f.model}`.slice(0, 200),
      content: String(fields.acknowledgement),
      links: [SR(id)],
    }),
  );
}

/** "Not resolved": the earlier service report no longer stands; the next round records its own. */
export async function clearWork(tx: Executor, auth: AuthContext, id: string) {
  const r = (await repo.selectServiceRequest(tx, id))!;
  await repo.clearWorkRow(tx, id, auth.userId);
  await insertAudit(tx, {
    actorId: auth.userId,
    ref: SR(id),
    action: 'work.reopened',
    before: { workReport: r.workReport, workDoneOn: r.workDoneOn },
    after: { workReport: null, workDoneOn: null },
  });
}

// ---- warranty rules --------------------------------------------------------------------------------
function presentRule(r: repo.RuleRow): TWarrantyRule {
  return {
    id: r.id,
    partyId: r.partyId,
    partyCode: r.partyCode,
    partyName: r.partyName,
    model: r.model,
    months: r.months,
    basis: r.basis as TWarrantyRule['basis'],
    revision: r.revision,
    note: r.note,
    reason: r.reason,
    current: !r.supersededAt && !r.retired,
    retired: r.retired,
    createdByName: r.createdByName,
    createdAt: iso(r.createdAt),
  };
}

export async function listWarrantyRules(db: Executor, q: z.infer<typeof WarrantyRuleQuery>) {
  return { items: (await repo.selectRules(db, { partyId: q.partyId, history: q.history === 'true' })).map(presentRule) };
}

/**
 * Set the rule of a scope (customer × model, either may be "all"): the first one, or a new revision of the current
 * one (the reason is required), audited with before/after. The earlier revision is kept, superseded.
 */
export async function saveWarrantyRule(db: Db, auth: AuthContext, input: z.infer<typeof SaveWarrantyRuleRequest>) {
  const id = await db.transaction(async (tx) => {
    if (input.partyId) await assertCustomer(tx, input.partyId);
    const key = scopeKey(input.partyId, input.model);
    const current = await repo.selectCurrentRuleForUpdate(tx, key);
    if (current && !current.retired && !input.reason) throw new AppError('WARRANTY_RULE_EXISTS', [{ path: 'body.reason', code: 'required' }]);
    if (current) await repo.supersedeRule(tx, current.id, auth.userId);
    const newId = await repo.insertRule(
      tx,
      {
        scopeKey: key,
        partyId: input.partyId,
        model: input.model ? input.model.toUpperCase() : null,
        months: input.months,
        basis: input.basis,
        revision: (current?.revision ?? 0) + 1,
        note: input.note,
        reason: input.reason,
        retired: false,
      },
      auth.userId,
    );
    const before = current && !current.retired ? { months: current.months, basis: current.basis, note: current.note, revision: current.revision } : null;
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'warranty-rule', id: newId },
      action: current ? 'revise' : 'create',
      before,
      after: { scope: key, months: input.months, basis: input.basis, note: input.note, revision: (current?.revision ?? 0) + 1 },
      reason: input.reason ?? null,
    });
    if (input.partyId)
      await insertAudit(tx, {
        actorId: auth.userId,
        ref: { type: 'customer', id: input.partyId },
        action: 'warranty.agreement',
        before,
        after: { model: input.model, months: input.months, basis: input.basis },
        reason: input.reason ?? null,
      });
    return newId;
  });
  return presentRule((await repo.selectRule(db, id))!);
}

/** Retire a scope's rule (a new revision marked retired, so the history says when and why). */
export async function retireWarrantyRule(db: Db, auth: AuthContext, id: string, input: z.infer<typeof RetireWarrantyRuleRequest>) {
  const newId = await db.transaction(async (tx) => {
    const rule = await repo.selectRule(tx, id);
    if (!rule) throw notFound();
    const current = await repo.selectCurrentRuleForUpdate(tx, rule.scopeKey);
    if (!current || current.id !== id || current.retired) throw new AppError('WARRANTY_RULE_NOT_CURRENT', [{ path: 'params.id', code: 'not_current' }]);
    await repo.supersedeRule(tx, id, auth.userId);
    const nid = await repo.insertRule(
      tx,
      {
        scopeKey: rule.scopeKey,
        partyId: rule.partyId,
        model: rule.model,
        months: rule.months,
        basis: rule.basis,
        revision: rule.revision + 1,
        note: rule.note,
        reason: input.reason,
        retired: true,
      },
      auth.userId,
    );
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'warranty-rule', id: nid },
      action: 'retire',
      before: { months: rule.months, basis: rule.basis, revision: rule.revision },
      after: { retired: true, revision: rule.revision + 1 },
      reason: input.reason,
    });
    return nid;
  });
  return presentRule((await repo.selectRule(db, newId))!);
}
