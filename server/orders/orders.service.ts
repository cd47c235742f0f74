import { emitEvent } from '../webhooks/index.js';
import type { z } from 'zod';
import type { Db, Executor } from '../platform/db/client.js';
import { AppError, notFound, versionConflict } from '../platform/http/app-error.js';
import type { AuthContext } from '../platform/http/access.js';
import { auditActor, type ContactActor } from '../platform/audit/actor.js';
import { insertAudit } from '../platform/audit/audit.repository.js';
import { upsertSearchDocument } from '../platform/search/search.repository.js';
import { attachmentsOf, claimAttachments, copyAttachments, toAttachment } from '../platform/files/files.js';
import { CreateCommunicationRequest } from '../../contracts/communications.js';
import type {
  AcknowledgeDeliveryChangeRequest,
  AnswerClarificationRequest,
  AttachWrittenOrderRequest,
  ConfirmAcceptanceStandardRequest,
  ConfirmRequirementsRequest,
  CreateDeliveryChangeRequest,
  RecordReviewWaiverRequest,
  RecordReviewMeetingRequest,
  RecordShipmentRequest,
  SetDeliveryPlanRequest,
  CreateClarificationRequest,
  CreateOrderRequest,
  OrderListQuery,
  OverrideClassificationRequest,
  TClassificationReason,
  TOrder,
  TOrderLine,
  UpdateOrderRequest,
  SetStatutoryItemRequest,
  StatutoryItemCode,
} from '../../contracts/orders.js';
import { selectContact, selectCustomer } from '../parties/index.js';
import { selectUser } from '../identity/index.js';
import { createCommunication, linkCommunication, communicationNumber } from '../communications/index.js';
import { selectActiveProductsByModels, type ProductRow } from '../products/index.js';
import { assertEditable as assertPanel, performTransition, selectInstanceFor, startProcedure, startProcedureAt } from '../procedures/index.js';
import { siteCalendar } from '../calendar/index.js';
import { createAction } from '../actions/index.js';
import * as repo from './orders.repository.js';
import { presentRecords, setStatutoryItem as recordStatutoryItem } from './order-records.service.js';

/** Steps of the `order` procedure in which the order itself may still change (before review). */
const iso = (d: Date | null) => (d ? d.toISOString() : null);
const price = (v: string | null) => (v === null ? null : Number(v));

type OrderInput = z.infer<typeof CreateOrderRequest> | z.infer<typeof UpdateOrderRequest>;

// ---- presentation -------------------------------------------------------------------------

type PreviousLine = NonNullable<Awaited<ReturnType<typeof repo.selectLastReviewedLine>>>;
const norm = (v: string | null) => (v ?? '').trim().toUpperCase();

/** What differs from the same model on the customer's last reviewed order (standards B 8: highlighted for the reviewers). */
function differences(l: repo.LineRow, prev: PreviousLine): NonNullable<TOrderLine['previous']>['differences'] {
  const out: NonNullable<TOrderLine['previous']>['differences'] = [];
  if (norm(l.spec) !== norm(prev.spec)) out.push('spec');
  if (l.unitPrice !== null && (prev.unitPrice === null || Number(prev.unitPrice) !== Number(l.unitPrice) || prev.currency !== l.currency)) out.push('price');
  if (norm(l.qualityStandard) !== norm(prev.qualityStandard)) out.push('quality-standard');
  if (norm(l.hsfRequirement) !== norm(prev.hsfRequirement)) out.push('hsf');
  if (norm(l.use) !== norm(prev.use)) out.push('use');
  if (l.specialRequirements && norm(l.specialRequirements) !== norm(prev.specialRequirements)) out.push('special-requirements');
  if (l.acceptanceBasis !== prev.acceptanceBasis) out.push('acceptance-basis');
  return out;
}

function toLine(
  l: repo.LineRow,
  catalogue: Map<string, ProductRow>,
  plannedDate: string | null,
  shippedQuantity: number,
  prev: PreviousLine | undefined,
): TOrderLine {
  return {
    id: l.id,
    lineNo: l.lineNo,
    productId: l.productId,
    inBom: !!catalogue.get(l.model.toUpperCase())?.inBom,
    model: l.model,
    spec: l.spec,
    quantity: l.quantity,
    unit: l.unit,
    requestedDate: l.requestedDate,
    use: l.use,
    qualityStandard: l.qualityStandard,
    hsfRequirement: l.hsfRequirement,
    specialRequirements: l.specialRequirements,
    acceptanceBasis: l.acceptanceBasis as TOrderLine['acceptanceBasis'],
    unitPrice: price(l.unitPrice),
    currency: l.currency,
    unclear: l.unclear,
    unclearNote: l.unclearNote,
    previous: prev ? { orderId: prev.orderId, orderNumber: prev.number, differences: differences(l, prev) } : null,
    plannedDate,
    shippedQuantity,
  };
}

function header(r: repo.OrderRow) {
  return {
    id: r.id,
    number: r.number,
    partyId: r.partyId,
    partyCode: r.partyCode,
    partyName: r.partyName,
    customerPo: r.customerPo,
    form: r.form as TOrder['form'],
    orderDate: r.orderDate,
    receivedAt: r.receivedAt.toISOString(),
    receiverName: r.receiverName,
    type: r.type as TOrder['type'],
    status: r.state,
    closed: r.instanceStatus === 'closed',
    writtenOrderOnFile: r.writtenOrderOnFile,
    openClarifications: r.openClarifications,
    voided: !!r.voidedAt,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
  };
}

/**
 * A major contract (重大合同) may be reviewed in a meeting with minutes [QC 3.3]: a new product (a line not
 * in the BOM) or an order worth at least MAJOR_CONTRACT_AMOUNT in its currency. The amount itself is a
 * price: only the fact that it reaches the threshold is shown.
 */
export const MAJOR_CONTRACT_AMOUNT = 500_000;
function majorContract(r: repo.OrderRow, lines: repo.LineRow[]): TOrder['major'] {
  const reasons: { zh: string; en: string }[] = [];
  const fresh = r.classificationReasons.filter((c) => c.code === 'not-in-bom');
  for (const c of fresh) reasons.push(c.text);
  const totals = new Map<string, number>();
  for (const l of lines) if (l.unitPrice !== null) totals.set(l.currency, (totals.get(l.currency) ?? 0) + Number(l.unitPrice) * l.quantity);
  if ([...totals.values()].some((v) => v >= MAJOR_CONTRACT_AMOUNT)) {
    reasons.push({
      zh: `订单金额达到重大合同标准（≥ ${MAJOR_CONTRACT_AMOUNT.toLocaleString('en-US')}）`,
      en: `Order amount at or above the major-contract threshold (≥ ${MAJOR_CONTRACT_AMOUNT.toLocaleString('en-US')})`,
    });
  }
  return reasons.length ? { reasons } : null;
}

async function present(db: Executor, r: repo.OrderRow): Promise<TOrder> {
  // one query after another: `db` may be a transaction (a pg client runs one statement at a time)
  const lines = await repo.selectLines(db, [r.id]);
  const clarifications = await repo.selectClarifications(db, r.id);
  const files = await attachmentsOf(db, 'order', [r.id]);
  const dates = await repo.selectDeliveryDates(db, r.id);
  const changes = await repo.selectDeliveryChanges(db, r.id);
  const shipments = await repo.selectShipments(db, r.id);
  const live = new Set(lines.map((l) => l.id));
  const planned = new Map(dates.filter((d) => live.has(d.lineId)).map((d) => [d.lineId, d]));
  const shipped = (lineId: string) => shipments.filter((x) => x.lineId === lineId).reduce((n, x) => n + x.quantity, 0);
  const previous: Awaited<ReturnType<typeof repo.selectLastReviewedLine>>[] = [];
  for (const l of lines) previous.push(await repo.selectLastReviewedLine(db, r.partyId, l.model, r.id, r.reviewedAt));
  const catalogue = new Map(
    (
      await selectActiveProductsByModels(
        db,
        lines.map((l) => l.model),
      )
    ).map((p) => [p.model.toUpperCase(), p]),
  );
  const records = await presentRecords(db, r.id);
  return {
    ...header(r),
    receiverId: r.receiverId,
    contactId: r.contactId,
    contactName: r.contactName,
    notes: r.notes,
    writtenOrderAttachmentIds: r.writtenOrderAttachmentIds,
    writtenOrderAt: iso(r.writtenOrderAt),
    requirementsConfirmedAt: iso(r.requirementsConfirmedAt),
    requirementsConfirmationId: r.requirementsConfirmationId,
    acceptanceConfirmedAt: iso(r.acceptanceConfirmedAt),
    acceptanceAttachmentIds: r.acceptanceAttachmentIds,
    reviewWaiver: r.reviewWaiverAt ? { at: r.reviewWaiverAt.toISOString(), attachmentIds: r.reviewWaiverAttachmentIds, note: r.reviewWaiverNote ?? '' } : null,
    attachments: files.map(toAttachment),
    computedType: r.computedType as TOrder['type'],
    classificationReasons: r.classificationReasons,
    classificationOverride:
      r.overrideReason && r.overriddenAt
        ? { type: r.type as TOrder['type'], reason: r.overrideReason, byName: r.overriddenByName, at: r.overriddenAt.toISOString() }
        : null,
    reviewedAt: iso(r.reviewedAt),
    major: majorContract(r, lines),
    reviewMeeting: r.reviewMeetingAt
      ? {
          at: r.reviewMeetingAt.toISOString(),
          attendees: r.reviewMeetingAttendees ?? '',
          minutes: r.reviewMeetingMinutes ?? '',
          attachmentIds: r.reviewMeetingAttachmentIds,
        }
      : null,
    lines: lines.map((l, i) => toLine(l, catalogue, planned.get(l.id)?.plannedDate ?? null, shipped(l.id), previous[i])),
    clarifications: clarifications.map((c) => ({
      id: c.id,
      orderId: c.orderId,
      lineId: c.lineId,
      lineNo: c.lineNo,
      question: c.question,
      contactId: c.contactId,
      contactName: c.contactName,
      channel: c.channel as TOrder['clarifications'][number]['channel'],
      askedAt: c.askedAt.toISOString(),
      askedByName: c.askedByName,
      askCommunicationId: c.askCommunicationId,
      answer: c.answer,
      decision: c.decision,
      answeredAt: iso(c.answeredAt),
      answerCommunicationId: c.answerCommunicationId,
      answerChannel: (c.answerChannel ?? null) as TOrder['clarifications'][number]['answerChannel'],
      status: c.status as 'open' | 'resolved',
      version: c.version,
    })),
    deliveryPlanRevision: Math.max(0, ...[...planned.values()].map((d) => d.revision)),
    deliveryChanges: changes.map((c) => ({
      id: c.id,
      lineId: c.lineId,
      lineNo: c.lineNo,
      revision: c.revision,
      oldDate: c.oldDate,
      newDate: c.newDate,
      reason: c.reason as TOrder['deliveryChanges'][number]['reason'],
      reasonNote: c.reasonNote,
      approvedByName: c.approvedByName,
      notifyCommunicationId: c.notifyCommunicationId,
      acknowledged: !!c.customerAckAt,
      customerAckAt: iso(c.customerAckAt),
      ackCommunicationId: c.ackCommunicationId,
      createdAt: c.createdAt.toISOString(),
      createdByName: c.createdByName,
      version: c.version,
    })),
    shipments: shipments.map((x) => ({ ...x, shippedAt: x.shippedAt.toISOString() })),
    ...records,
    createdByName: r.createdByName,
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** What the audit trail keeps of an order (prices included: redacted on the way out for those without prices.read). */
async function snapshot(db: Executor, id: string) {
  const o = await present(db, (await repo.selectOrder(db, id))!);
  return {
    customerPo: o.customerPo,
    form: o.form,
    orderDate: o.orderDate,
    receivedAt: o.receivedAt,
    receiverName: o.receiverName,
    contactName: o.contactName,
    notes: o.notes,
    type: o.type,
    computedType: o.computedType,
    classificationReasons: o.classificationReasons.map((r) => r.code + (r.lineNo ? `@${r.lineNo}` : '')),
    writtenOrderOnFile: o.writtenOrderOnFile,
    attachments: o.attachments.map((a) => `${a.filename} (${a.sha256.slice(0, 12)})`),
    lines: o.lines.map(({ id: _id, productId: _p, inBom: _b, plannedDate: _d, shippedQuantity: _q, previous: _pr, ...l }) => l),
  };
}

async function index(tx: Executor, id: string) {
  const r = (await repo.selectOrder(tx, id))!;
  const lines = await repo.selectLines(tx, [id]);
  await upsertSearchDocument(tx, {
    refType: 'order',
    refId: id,
    partyId: r.partyId,
    permission: 'orders.read',
    title: `${r.number}${r.customerPo ? ` PO ${r.customerPo}` : ''} — ${r.partyName}`,
    body: [r.notes ?? '', ...lines.map((l) => [l.model, l.spec ?? '', l.use ?? '', l.specialRequirements ?? ''].join(' '))].join('\n'),
    codes: [r.number, r.partyCode, ...(r.customerPo ? [r.customerPo] : []), ...lines.map((l) => l.model)],
    at: r.receivedAt,
    voided: !!r.voidedAt,
  });
}

// ---- classification [QC 4.3.1] --------------------------------------------------------------

type PreparedLine = Omit<repo.LineValues, 'lineNo'> & { id?: string | undefined; inBom: boolean };

export const reasonText = {
  'not-in-bom': (n: number, m: string) => ({ zh: `第 ${n} 行：型号 ${m} 未列入 BOM（新产品）`, en: `Line ${n}: model ${m} is not in the BOM (new product)` }),
  'special-requirements': (n: number) => ({
    zh: `第 ${n} 行：客户有特殊要求（特性/质量/HSF/接收准则）`,
    en: `Line ${n}: the customer states special requirements (characteristics, quality, HSF, acceptance)`,
  }),
  acceptance: (n: number) => ({
    zh: `第 ${n} 行：以客户样板或承认书作为接收标准`,
    en: `Line ${n}: the customer's sample or approval sheet is the acceptance standard`,
  }),
  'no-previous-review': (n: number, m: string) => ({
    zh: `第 ${n} 行：该客户的型号 ${m} 尚无已评审订单（首次评审）`,
    en: `Line ${n}: no reviewed order of model ${m} for this customer yet (first review)`,
  }),
  'price-changed': (n: number, m: string, prev: string) => ({
    zh: `第 ${n} 行：型号 ${m} 的价格与上次评审的订单 ${prev} 不同`,
    en: `Line ${n}: the price of model ${m} differs from the last reviewed order ${prev}`,
  }),
  'repeat-order': () => ({
    zh: '各行均为已评审产品的重复订单，价格和要求无变化',
    en: 'Every line repeats a reviewed order with no change in price or requirements',
  }),
};

/** Contract if any line is new (not in the BOM), carries special requirements, has no reviewed predecessor, or changed price; else continuous. */
export async function classify(tx: Executor, partyId: string, lines: PreparedLine[], orderId: string | null) {
  const reasons: TClassificationReason[] = [];
  for (const [i, l] of lines.entries()) {
    const n = i + 1;
    if (!l.inBom) reasons.push({ code: 'not-in-bom', lineNo: n, text: reasonText['not-in-bom'](n, l.model) });
    if (l.specialRequirements) reasons.push({ code: 'special-requirements', lineNo: n, text: reasonText['special-requirements'](n) });
    else if (l.acceptanceBasis !== 'standard') reasons.push({ code: 'special-requirements', lineNo: n, text: reasonText.acceptance(n) });
    const last = await repo.selectLastReviewedLine(tx, partyId, l.model, orderId);
    if (!last) reasons.push({ code: 'no-previous-review', lineNo: n, text: reasonText['no-previous-review'](n, l.model) });
    else if (l.unitPrice !== null && (last.unitPrice === null || Number(last.unitPrice) !== Number(l.unitPrice) || last.currency !== l.currency)) {
      reasons.push({ code: 'price-changed', lineNo: n, text: reasonText['price-changed'](n, l.model, last.number) });
    }
  }
  if (reasons.length) return { type: 'contract' as const, reasons };
  return { type: 'continuous' as const, reasons: [{ code: 'repeat-order' as const, lineNo: null, text: reasonText['repeat-order']() }] };
}

// ---- validation ---------------------------------------------------------------------------

async function validateHeader(tx: Executor, auth: AuthContext, partyId: string, input: OrderInput, orderId: string | null, currentReceiverId: string | null) {
  // 接单人: the signed-in user on a new order; an edit keeps who received it unless the edit names another
  const receiverId = input.receiverId ?? currentReceiverId ?? auth.userId;
  const receiver = await selectUser(tx, receiverId);
  if (!receiver?.active) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.receiverId', code: 'not_found' }]);
  if (input.contactId) {
    const contact = await selectContact(tx, input.contactId);
    if (!contact || contact.voidedAt) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.contactId', code: 'not_found' }]);
    if (contact.partyId !== partyId) throw new AppError('CONTACT_NOT_OF_PARTY', [{ path: 'body.contactId', code: 'other_party' }]);
  }
  const receivedAt = new Date(input.receivedAt);
  if (receivedAt.getTime() > Date.now() + 5 * 60_000) throw new AppError('VALIDATION_FAILED', [{ path: 'body.receivedAt', code: 'future' }]);
  let duplicateOf: string | null = null;
  if (input.customerPo) {
    const other = await repo.selectOrderByPo(tx, partyId, input.customerPo, orderId ?? undefined);
    if (other && !input.confirmDuplicate) throw new AppError('ORDER_DUPLICATE_PO', [{ path: 'body.customerPo', code: 'duplicate' }]);
    duplicateOf = other?.number ?? null;
  }
  return { receiverId, receivedAt, duplicateOf };
}

/** Dates, unclear notes, line ids; the catalogue match; hidden prices kept for users who cannot see them. */
async function prepareLines(tx: Executor, auth: AuthContext, input: OrderInput, existing: repo.LineRow[]): Promise<PreparedLine[]> {
  const catalogue = new Map(
    (
      await selectActiveProductsByModels(
        tx,
        input.lines.map((l) => l.model),
      )
    ).map((p) => [p.model.toUpperCase(), p]),
  );
  const seen = new Set<string>();
  return input.lines.map((l, i) => {
    if (l.requestedDate < input.orderDate)
      throw new AppError('ORDER_DELIVERY_BEFORE_ORDER_DATE', [{ path: `body.lines.${i}.requestedDate`, code: 'before_order_date' }]);
    if (l.unclear && !l.unclearNote) throw new AppError('ORDER_UNCLEAR_NOTE_REQUIRED', [{ path: `body.lines.${i}.unclearNote`, code: 'required' }]);
    const before = l.id ? existing.find((e) => e.id === l.id) : undefined;
    if (l.id && (!before || seen.has(l.id))) throw new AppError('ORDER_LINE_NOT_FOUND', [{ path: `body.lines.${i}.id`, code: 'not_found' }]);
    if (l.id) seen.add(l.id);
    const product = catalogue.get(l.model.toUpperCase());
    const hidden = !auth.visible.has('price') && before;
    return {
      id: l.id,
      productId: product?.id ?? null,
      inBom: !!product?.inBom,
      model: l.model,
      spec: l.spec,
      quantity: l.quantity,
      unit: l.unit,
      requestedDate: l.requestedDate,
      use: l.use,
      qualityStandard: l.qualityStandard,
      hsfRequirement: l.hsfRequirement,
      specialRequirements: l.specialRequirements,
      acceptanceBasis: l.acceptanceBasis,
      unitPrice: hidden ? before.unitPrice : l.unitPrice === null || l.unitPrice === undefined ? null : String(l.unitPrice),
      currency: hidden ? before.currency : l.currency,
      unclear: l.unclear,
      unclearNote: l.unclear ? l.unclearNote : null,
    };
  });
}

function lineValues(l: PreparedLine, lineNo: number): repo.LineValues {
  const { id: _id, inBom: _b, ...v } = l;
  return { ...v, lineNo };
}

async function loadOrder(db: Executor, id: string) {
  const row = await repo.selectOrder(db, id);
  if (!row) throw notFound();
  return row;
}

/** The order and its lines are edited where the order procedure's step opens the `lines` panel (intake, clarification). */
async function assertEditable(tx: Executor, row: repo.OrderRow) {
  if (row.voidedAt) throw new AppError('RECORD_VOIDED');
  await assertPanel(tx, { type: 'order', id: row.id }, repo.ORDER_PROCEDURE, 'lines', 'ORDER_NOT_EDITABLE', true);
}

// ---- use cases ----------------------------------------------------------------------------

export async function listOrders(db: Db, q: z.infer<typeof OrderListQuery>) {
  const { items, total, totalCapped } = await repo.selectOrders(db, {
    partyId: q.partyId,
    status: q.status,
    type: q.type,
    q: q.q,
    includeVoided: q.includeVoided === 'true',
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  const lines = await repo.selectLines(
    db,
    items.map((r) => r.id),
  );
  return {
    items: items.map((r) => {
      const mine = lines.filter((l) => l.orderId === r.id);
      const first = mine.map((l) => l.requestedDate).sort()[0] ?? null;
      return { ...header(r), lineCount: mine.length, firstRequestedDate: first };
    }),
    total,
    totalCapped,
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function getOrder(db: Db | Executor, id: string) {
  return present(db, await loadOrder(db, id));
}

export async function createOrder(db: Db, auth: AuthContext, input: z.infer<typeof CreateOrderRequest>) {
  const id = await db.transaction((tx) => insertNewOrder(tx, auth, input, null));
  return getOrder(db, id);
}

/** The mail an order is taken from: an incoming mail of the same customer, live, not yet turned into an order. */
async function checkOrigin(tx: Executor, id: string, partyId: string) {
  const c = await repo.lockOriginCommunication(tx, id);
  if (!c) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.originCommunicationId', code: 'not_found' }]);
  if (c.voided_at) throw new AppError('RECORD_VOIDED', [{ path: 'body.originCommunicationId', code: 'voided' }]);
  if (c.direction !== 'in' || c.channel !== 'email')
    throw new AppError('ORDER_ORIGIN_NOT_MAIL', [{ path: 'body.originCommunicationId', code: 'not_incoming_mail' }]);
  if (c.party_id !== partyId) throw new AppError('ORDER_ORIGIN_OTHER_CUSTOMER', [{ path: 'body.originCommunicationId', code: 'other_party' }]);
  const taken = await repo.selectOrderByOrigin(tx, id);
  if (taken) throw new AppError('ORDER_ALREADY_TAKEN_FROM_MAIL', [{ path: 'body.originCommunicationId', code: 'taken' }]);
  return { id: c.id, seq: c.seq };
}

/**
 * A customer PO number guessed from a mail's subject: `PO-8812`, `PO#4500012345`, `订单号：A123`, `Order No. 77-1`.
 * Only a guess for the order form, which the user checks; null when nothing looks like one.
 */
export function guessCustomerPo(subject: string): string | null {
  const s = subject.normalize('NFKC');
  const dashed = /(?:^|[^A-Za-z0-9])(P\.?O-[A-Za-z0-9][A-Za-z0-9\-_/]*\d[A-Za-z0-9\-_/]*)/i.exec(s);
  if (dashed) return dashed[1]!.slice(0, 60);
  const named =
    /(?:采购单号|采购订单号|订单号|订单编号|客户订单|P\.?O\.?\s*(?:No\.?|Number|#)?|Order\s*(?:No\.?|Number|#))\s*[:#：]?\s*([A-Za-z0-9][A-Za-z0-9\-_/]*\d[A-Za-z0-9\-_/]*)/i.exec(
      s,
    );
  return named ? named[1]!.slice(0, 60) : null;
}

/** The order form prefilled from an incoming mail (接单): its customer, contact, time, a PO number guess, its attachments. */
export async function draftFromMail(db: Db, communicationId: string) {
  return db.transaction(async (tx) => {
    const c = await repo.lockOriginCommunication(tx, communicationId);
    if (!c) throw notFound();
    const origin = await checkOrigin(tx, communicationId, c.party_id);
    const comm = (await repo.selectCommunicationForDraft(tx, communicationId))!;
    const cal = await siteCalendar(tx);
    return {
      communicationId,
      communicationNumber: communicationNumber(origin.seq),
      subject: comm.subject,
      partyId: comm.partyId,
      contactId: comm.contactId,
      customerPo: guessCustomerPo(comm.subject),
      form: 'email' as const,
      orderDate: cal.localDate(comm.occurredAt),
      receivedAt: comm.occurredAt.toISOString(),
      attachments: (await attachmentsOf(tx, 'communication', [communicationId])).map(toAttachment),
    };
  });
}

/**
 * An open order brought in from a spreadsheet: written exactly as one typed in (lines, classification, search,
 * audit), its order procedure started AT the step it stands at, the step's clock from `at`. In the caller's
 * transaction (the import's batch). Returns the order's id.
 */
export async function importOpenOrder(
  tx: Executor,
  auth: AuthContext,
  input: z.infer<typeof CreateOrderRequest>,
  start: { stepId: string; at: Date; reason: string },
) {
  return insertNewOrder(tx, auth, input, start);
}

async function insertNewOrder(
  tx: Executor,
  auth: AuthContext,
  input: z.infer<typeof CreateOrderRequest>,
  imported: { stepId: string; at: Date; reason: string } | null,
) {
  {
    const party = await selectCustomer(tx, input.partyId);
    if (!party) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.partyId', code: 'not_found' }]);
    if (party.voidedAt) throw new AppError('RECORD_VOIDED', [{ path: 'body.partyId', code: 'voided' }]);
    const origin = input.originCommunicationId ? await checkOrigin(tx, input.originCommunicationId, input.partyId) : null;
    if (!origin && input.originAttachmentIds?.length) throw new AppError('VALIDATION_FAILED', [{ path: 'body.originCommunicationId', code: 'required' }]);
    const head = await validateHeader(tx, auth, input.partyId, input, null, null);
    const lines = await prepareLines(tx, auth, input, []);
    const cls = await classify(tx, input.partyId, lines, null);
    const written = input.form !== 'oral';
    // the mail's PO (its PDF) filed on the order as the written order, as if uploaded; the mail keeps its own copy
    const copies = origin
      ? await copyAttachments(tx, auth, input.originAttachmentIds ?? [], { type: 'communication', id: origin.id }, 'body.originAttachmentIds')
      : [];
    const attachmentIds = [...new Set([...input.attachmentIds, ...copies])];
    const newId = await repo.insertOrder(
      tx,
      input.partyId,
      {
        customerPo: input.customerPo,
        form: input.form,
        orderDate: input.orderDate,
        receivedAt: head.receivedAt,
        receiverId: head.receiverId,
        contactId: input.contactId,
        notes: input.notes,
        writtenOrderOnFile: written,
        writtenOrderAttachmentIds: written ? attachmentIds : [],
        writtenOrderAt: written ? head.receivedAt : null,
        type: cls.type,
        computedType: cls.type,
        classificationReasons: cls.reasons,
        overrideReason: null,
        overriddenBy: null,
        overriddenAt: null,
        originCommunicationId: origin?.id ?? null,
      },
      auth.userId,
    );
    for (const [i, l] of lines.entries()) await repo.insertLine(tx, newId, lineValues(l, i + 1), auth.userId);
    await claimAttachments(tx, auth, attachmentIds, { type: 'order', id: newId });
    // the mail and the order lead to each other
    if (origin) await linkCommunication(tx, auth, origin.id, { type: 'order', id: newId }, '接单 order taken from this mail');
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'order', id: newId },
      action: 'create',
      after: {
        ...(await snapshot(tx, newId)),
        ...(head.duplicateOf ? { duplicatePoConfirmed: head.duplicateOf } : {}),
        ...(origin ? { fromMail: communicationNumber(origin.seq) } : {}),
      },
      reason: head.duplicateOf ? `duplicate customer PO confirmed (also on ${head.duplicateOf})` : null,
    });
    await index(tx, newId);
    if (imported) {
      await startProcedureAt(tx, auth, {
        procedureId: repo.ORDER_PROCEDURE,
        ref: { type: 'order', id: newId },
        stepId: imported.stepId,
        assigneeId: head.receiverId,
        at: imported.at,
        reason: imported.reason,
      });
    } else {
      await startProcedure(tx, auth, {
        procedureId: repo.ORDER_PROCEDURE,
        ref: { type: 'order', id: newId },
        assigneeId: head.receiverId,
        at: head.receivedAt,
      });
    }
    return newId;
  }
}

export async function updateOrder(db: Db, auth: AuthContext, id: string, input: z.infer<typeof UpdateOrderRequest>) {
  await db.transaction(async (tx) => {
    const before = await loadOrder(tx, id);
    await assertEditable(tx, before);
    if (before.version !== input.version) throw versionConflict();
    const beforeSnap = await snapshot(tx, id);
    const head = await validateHeader(tx, auth, before.partyId, input, id, before.receiverId);
    const existing = await repo.selectLines(tx, [id]);
    const lines = await prepareLines(tx, auth, input, existing);
    const cls = await classify(tx, before.partyId, lines, id);
    // an override stands while the rule still gives what it overrode; otherwise the rule applies again
    const keepOverride = !!before.overrideReason && cls.type === before.computedType;
    // a written form is its own written order; an order corrected to oral needs its written order attached
    const written = input.form !== 'oral' || (before.form === 'oral' && before.writtenOrderOnFile);
    const ok = await repo.updateOrderRow(
      tx,
      id,
      input.version,
      {
        customerPo: input.customerPo,
        form: input.form,
        orderDate: input.orderDate,
        receivedAt: head.receivedAt,
        receiverId: head.receiverId,
        contactId: input.contactId,
        notes: input.notes,
        writtenOrderOnFile: written,
        ...(written && !before.writtenOrderOnFile ? { writtenOrderAt: new Date(), writtenOrderAttachmentIds: [...new Set(input.attachmentIds)] } : {}),
        ...(!written && before.writtenOrderOnFile ? { writtenOrderAt: null, writtenOrderAttachmentIds: [] } : {}),
        type: keepOverride ? before.type : cls.type,
        computedType: cls.type,
        classificationReasons: cls.reasons,
        ...(keepOverride ? {} : { overrideReason: null, overriddenBy: null, overriddenAt: null }),
      },
      auth.userId,
    );
    if (!ok) throw versionConflict();
    const kept = new Set(lines.filter((l) => l.id).map((l) => l.id!));
    await repo.voidLines(
      tx,
      existing.filter((e) => !kept.has(e.id)).map((e) => e.id),
      auth.userId,
    );
    for (const [i, l] of lines.entries()) {
      if (l.id) await repo.updateLine(tx, l.id, lineValues(l, i + 1), auth.userId);
      else await repo.insertLine(tx, id, lineValues(l, i + 1), auth.userId);
    }
    await claimAttachments(tx, auth, input.attachmentIds, { type: 'order', id });
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'order', id },
      action: 'update',
      before: beforeSnap,
      after: await snapshot(tx, id),
      reason: input.reason,
    });
    await index(tx, id);
  });
  return getOrder(db, id);
}

/** A manager/GM/VP overrides the rule's classification, with a reason (before review only). */
export async function overrideClassification(db: Db, auth: AuthContext, id: string, input: z.infer<typeof OverrideClassificationRequest>) {
  await db.transaction(async (tx) => {
    const before = await loadOrder(tx, id);
    await assertEditable(tx, before);
    if (before.version !== input.version) throw versionConflict();
    if (before.type === input.type) throw new AppError('ORDER_CLASSIFICATION_UNCHANGED', [{ path: 'body.type', code: 'unchanged' }]);
    const backToRule = input.type === before.computedType;
    const ok = await repo.updateOrderRow(
      tx,
      id,
      input.version,
      backToRule
        ? { type: input.type, overrideReason: null, overriddenBy: null, overriddenAt: null }
        : { type: input.type, overrideReason: input.reason, overriddenBy: auth.userId, overriddenAt: new Date() },
      auth.userId,
    );
    if (!ok) throw versionConflict();
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'order', id },
      action: 'classification.override',
      before: { type: before.type, computedType: before.computedType },
      after: { type: input.type, computedType: before.computedType },
      reason: input.reason,
    });
  });
  return getOrder(db, id);
}

/** The written order that backs an oral one [SP 6.1.2]; possible at any step until the order is closed. */
export async function attachWrittenOrder(db: Db, auth: AuthContext, id: string, input: z.infer<typeof AttachWrittenOrderRequest>) {
  await db.transaction(async (tx) => {
    const before = await loadOrder(tx, id);
    if (before.voidedAt) throw new AppError('RECORD_VOIDED');
    if (before.instanceStatus === 'closed') throw new AppError('ORDER_NOT_EDITABLE');
    if (before.version !== input.version) throw versionConflict();
    await claimAttachments(tx, auth, input.attachmentIds, { type: 'order', id });
    const ids = [...new Set([...before.writtenOrderAttachmentIds, ...input.attachmentIds])];
    if (
      !(await repo.updateOrderRow(tx, id, input.version, { writtenOrderOnFile: true, writtenOrderAttachmentIds: ids, writtenOrderAt: new Date() }, auth.userId))
    )
      throw versionConflict();
    const files = (await attachmentsOf(tx, 'order', [id])).filter((f) => input.attachmentIds.includes(f.id));
    await insertAudit(tx, {
      ...auditActor(auth),
      ref: { type: 'order', id },
      action: 'written-order',
      before: { writtenOrderOnFile: before.writtenOrderOnFile },
      after: { writtenOrderOnFile: true, attachments: files.map((f) => `${f.filename} (${f.sha256.slice(0, 12)})`) },
      reason: input.note,
    });
  });
  return getOrder(db, id);
}

/** An oral order's requirements read back to the customer (an outgoing communication on the order) before review [standards B 9]. */
export async function confirmRequirements(db: Db, auth: AuthContext, id: string, input: z.infer<typeof ConfirmRequirementsRequest>) {
  await db.transaction(async (tx) => {
    const order = await loadOrder(tx, id);
    await assertEditable(tx, order);
    if (order.version !== input.version) throw versionConflict();
    const comm = await createCommunication(
      tx,
      auth,
      CreateCommunicationRequest.parse({
        partyId: order.partyId,
        channel: input.channel,
        direction: 'out',
        topic: 'order',
        occurredAt: input.confirmedAt,
        contactId: input.contactId ?? order.contactId,
        subject: `口头订单要求确认 Oral order requirements confirmed ${order.number}`,
        content: input.content,
        links: [{ type: 'order', id }],
      }),
    );
    if (
      !(await repo.updateOrderRow(
        tx,
        id,
        input.version,
        { requirementsConfirmedAt: new Date(input.confirmedAt), requirementsConfirmationId: comm.id },
        auth.userId,
      ))
    )
      throw versionConflict();
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'order', id },
      action: 'requirements.confirmed',
      after: { confirmedAt: input.confirmedAt, communication: comm.number },
    });
  });
  return getOrder(db, id);
}

/**
 * A customer's document put on file on the order (the attachments claimed, their checksums in the audit
 * row): the written confirmation of an acceptance standard, the written waiver of review.
 */
async function putOnFile(
  db: Db,
  auth: AuthContext,
  id: string,
  input: { version: number; attachmentIds: string[]; note?: string | null | undefined },
  file: {
    action: string;
    previous(order: Awaited<ReturnType<typeof loadOrder>>): string[];
    patch(ids: string[]): Parameters<typeof repo.updateOrderRow>[3];
    after: Record<string, unknown>;
    /** when the document may be filed (default: while the order is editable) */
    check?(tx: Executor, order: Awaited<ReturnType<typeof loadOrder>>): Promise<void>;
  },
) {
  await db.transaction(async (tx) => {
    const order = await loadOrder(tx, id);
    if (file.check) await file.check(tx, order);
    else await assertEditable(tx, order);
    if (order.version !== input.version) throw versionConflict();
    await claimAttachments(tx, auth, input.attachmentIds, { type: 'order', id });
    const ids = [...new Set([...file.previous(order), ...input.attachmentIds])];
    if (!(await repo.updateOrderRow(tx, id, input.version, file.patch(ids), auth.userId))) throw versionConflict();
    const files = (await attachmentsOf(tx, 'order', [id])).filter((f) => input.attachmentIds.includes(f.id));
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'order', id },
      action: file.action,
      after: { ...file.after, attachments: files.map((f) => `${f.filename} (${f.sha256.slice(0, 12)})`) },
      reason: input.note ?? null,
    });
  });
  return getOrder(db, id);
}

/** The customer's written confirmation of the sample / approval sheet used as acceptance standard, before review [QC 4.2.2]. */
export async function confirmAcceptanceStandard(db: Db, auth: AuthContext, id: string, input: z.infer<typeof ConfirmAcceptanceStandardRequest>) {
  return putOnFile(db, auth, id, input, {
    action: 'acceptance-standard.confirmed',
    previous: (o) => o.acceptanceAttachmentIds,
    patch: (ids) => ({ acceptanceConfirmedAt: new Date(input.confirmedAt), acceptanceAttachmentIds: ids }),
    after: { confirmedAt: input.confirmedAt },
  });
}

/** The customer's authorisation to proceed without review, on file before the GM/VP may waive the review. */
export async function recordReviewWaiver(db: Db, auth: AuthContext, id: string, input: z.infer<typeof RecordReviewWaiverRequest>) {
  return putOnFile(db, auth, id, input, {
    action: 'review-waiver.recorded',
    previous: (o) => o.reviewWaiverAttachmentIds,
    patch: (ids) => ({ reviewWaiverAt: new Date(input.authorisedAt), reviewWaiverAttachmentIds: ids, reviewWaiverNote: input.note }),
    after: { authorisedAt: input.authorisedAt },
  });
}

/** A major contract's review meeting: who attended and the minutes, on file while the review runs (the `reviewMeeting` panel) [QC 3.3]. */
export async function recordReviewMeeting(db: Db, auth: AuthContext, id: string, input: z.infer<typeof RecordReviewMeetingRequest>) {
  return putOnFile(
    db,
    auth,
    id,
    { ...input, note: `${input.attendees}` },
    {
      action: 'review-meeting.recorded',
      previous: (o) => o.reviewMeetingAttachmentIds,
      patch: (ids) => ({
        reviewMeetingAt: new Date(input.heldAt),
        reviewMeetingAttendees: input.attendees,
        reviewMeetingMinutes: input.minutes,
        reviewMeetingAttachmentIds: ids,
      }),
      after: { heldAt: input.heldAt, attendees: input.attendees, minutes: input.minutes },
      check: async (tx, o) => {
        if (o.voidedAt) throw new AppError('RECORD_VOIDED');
        await assertPanel(tx, { type: 'order', id: o.id }, repo.ORDER_PROCEDURE, 'reviewMeeting', 'ORDER_REVIEW_MEETING_NOT_NOW');
      },
    },
  );
}

/** Ask the customer: the question is an outgoing communication linked to the order, in the customer's timeline [CR 5.2, CC 5.2]. */
export async function askClarification(db: Db, auth: AuthContext, orderId: string, input: z.infer<typeof CreateClarificationRequest>) {
  await db.transaction(async (tx) => {
    const order = await loadOrder(tx, orderId);
    await assertEditable(tx, order);
    const line = input.lineId ? (await repo.selectLines(tx, [orderId])).find((l) => l.id === input.lineId) : undefined;
    if (input.lineId && !line) throw new AppError('ORDER_LINE_NOT_FOUND', [{ path: 'body.lineId', code: 'not_found' }]);
    const where = line ? ` 第${line.lineNo}行 / line ${line.lineNo} (${line.model})` : '';
    const comm = await createCommunication(
      tx,
      auth,
      CreateCommunicationRequest.parse({
        partyId: order.partyId,
        channel: input.channel,
        direction: 'out',
        topic: 'order',
        occurredAt: input.askedAt,
        contactId: input.contactId,
        subject: `订单澄清 Order clarification ${order.number}${where}`.slice(0, 200),
        content: input.question,
        links: [{ type: 'order', id: orderId }],
      }),
    );
    const cid = await repo.insertClarification(
      tx,
      {
        orderId,
        lineId: line?.id ?? null,
        question: input.question,
        contactId: input.contactId,
        channel: input.channel,
        askedAt: new Date(input.askedAt),
        askedBy: auth.userId,
      },
      auth.userId,
    );
    await repo.updateClarificationRow(tx, cid, null, { askCommunicationId: comm.id }, auth.userId);
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'order', id: orderId },
      action: 'clarification.ask',
      after: { clarificationId: cid, lineNo: line?.lineNo ?? null, question: input.question, channel: input.channel, communication: comm.number },
    });
  });
  return getOrder(db, orderId);
}

/** Record the customer's answer (an incoming communication) and our decision; the line is clear once nothing is open on it. */
export async function answerClarification(
  db: Db,
  auth: AuthContext,
  orderId: string,
  clarificationId: string,
  input: z.infer<typeof AnswerClarificationRequest>,
) {
  await db.transaction(async (tx) => {
    const c = await repo.selectClarification(tx, clarificationId);
    if (!c || c.orderId !== orderId) throw notFound();
    if (c.status !== 'open') throw new AppError('CLARIFICATION_NOT_OPEN');
    if (c.version !== input.version) throw versionConflict();
    const order = await loadOrder(tx, orderId);
    if (order.voidedAt) throw new AppError('RECORD_VOIDED');
    const comm = await createCommunication(
      tx,
      auth,
      CreateCommunicationRequest.parse({
        partyId: order.partyId,
        channel: input.channel ?? c.channel,
        direction: 'in',
        topic: 'order',
        occurredAt: input.answeredAt,
        contactId: c.contactId,
        subject: `答复 Answer: 订单澄清 ${order.number}${c.lineNo ? ` 第${c.lineNo}行 / line ${c.lineNo}` : ''}`.slice(0, 200),
        content: input.answer,
        result: input.decision,
        links: [{ type: 'order', id: orderId }],
      }),
    );
    const ok = await repo.updateClarificationRow(
      tx,
      clarificationId,
      input.version,
      {
        answer: input.answer,
        decision: input.decision,
        answeredAt: new Date(input.answeredAt),
        answeredBy: auth.userId,
        answerCommunicationId: comm.id,
        status: 'resolved',
      },
      auth.userId,
    );
    if (!ok) throw versionConflict();
    if (c.lineId && (await repo.countOpenClarifications(tx, orderId, c.lineId)) === 0) await repo.setLineClear(tx, c.lineId, auth.userId);
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'order', id: orderId },
      action: 'clarification.answer',
      before: { clarificationId, status: 'open' },
      after: { clarificationId, status: 'resolved', lineNo: c.lineNo, answer: input.answer, decision: input.decision, communication: comm.number },
    });
  });
  return getOrder(db, orderId);
}

// ---- delivery plan, date changes, reconfirmation task, shipments ---------------------------------

/**
 * The order at a step whose view opens `panel` (procedures/order: `deliveryPlan` while the first plan is
 * drawn up, `deliveryChanges` once it was replied to the customer [CC 5.5, SP 6.3.1.3], `shipments`).
 */
async function loadAt(tx: Executor, id: string, version: number, panel: 'deliveryPlan' | 'deliveryChanges' | 'shipments') {
  const order = await loadOrder(tx, id);
  if (order.voidedAt) throw new AppError('RECORD_VOIDED');
  await assertPanel(tx, { type: 'order', id }, repo.ORDER_PROCEDURE, panel, 'PROCEDURE_WRONG_STATE');
  if (order.version !== version) throw versionConflict();
  return order;
}

/** Set the planned date of every line (revision 1) while the plan has not gone to the customer. */
export async function setDeliveryPlan(db: Db, auth: AuthContext, id: string, input: z.infer<typeof SetDeliveryPlanRequest>) {
  await db.transaction(async (tx) => {
    const order = await loadAt(tx, id, input.version, 'deliveryPlan');
    const lines = await repo.selectLines(tx, [id]);
    input.lines.forEach((l, i) => {
      if (!lines.some((x) => x.id === l.lineId)) throw new AppError('ORDER_LINE_NOT_FOUND', [{ path: `body.lines.${i}.lineId`, code: 'not_found' }]);
      if (l.plannedDate < order.orderDate)
        throw new AppError('ORDER_DELIVERY_BEFORE_ORDER_DATE', [{ path: `body.lines.${i}.plannedDate`, code: 'before_order_date' }]);
    });
    const missing = lines.findIndex((l) => !input.lines.some((x) => x.lineId === l.id));
    if (missing >= 0) throw new AppError('ORDER_DELIVERY_PLAN_INCOMPLETE', [{ path: 'body.lines', code: `missing_line_${missing + 1}` }]);
    const before = await repo.selectDeliveryDates(tx, id);
    for (const l of input.lines) await repo.upsertDeliveryDate(tx, { orderId: id, lineId: l.lineId, plannedDate: l.plannedDate, revision: 1 }, auth.userId);
    if (!(await repo.touchOrder(tx, id, input.version, auth.userId))) throw versionConflict();
    const no = (lineId: string) => lines.find((x) => x.id === lineId)!.lineNo;
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'order', id },
      action: 'delivery-plan.set',
      before: before.length ? { plan: before.map((d) => `${no(d.lineId)}:${d.plannedDate}`) } : null,
      after: { plan: input.lines.map((l) => `${no(l.lineId)}:${l.plannedDate}`) },
    });
    await emitEvent(tx, 'order.date_changed', {
      orderId: id,
      number: order.number,
      kind: 'plan-set',
      changeId: null,
      lineNo: null,
      oldDate: null,
      newDate: null,
    });
  });
  return getOrder(db, id);
}

/** A date change after the plan went out: approved internally, told to the customer (a communication), revision + 1. */
export async function changeDeliveryDate(db: Db, auth: AuthContext, id: string, input: z.infer<typeof CreateDeliveryChangeRequest>) {
  await db.transaction(async (tx) => {
    const order = await loadAt(tx, id, input.version, 'deliveryChanges');
    const line = (await repo.selectLines(tx, [id])).find((l) => l.id === input.lineId);
    if (!line) throw new AppError('ORDER_LINE_NOT_FOUND', [{ path: 'body.lineId', code: 'not_found' }]);
    const current = (await repo.selectDeliveryDates(tx, id)).find((d) => d.lineId === line.id);
    if (!current) throw new AppError('ORDER_DELIVERY_PLAN_INCOMPLETE', [{ path: 'body.lineId', code: 'no_plan' }]);
    if (current.plannedDate === input.newDate) throw new AppError('ORDER_DELIVERY_DATE_UNCHANGED', [{ path: 'body.newDate', code: 'unchanged' }]);
    if (input.newDate < order.orderDate) throw new AppError('ORDER_DELIVERY_BEFORE_ORDER_DATE', [{ path: 'body.newDate', code: 'before_order_date' }]);
    const approverUser = await selectUser(tx, input.approverId);
    if (!approverUser?.active) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.approverId', code: 'not_found' }]);
    if (!approverUser.roles.some((r) => r === 'manager' || r === 'gm' || r === 'vp'))
      throw new AppError('ORDER_APPROVER_NOT_ALLOWED', [{ path: 'body.approverId', code: 'role' }]);
    const comm = await createCommunication(
      tx,
      auth,
      CreateCommunicationRequest.parse({
        partyId: order.partyId,
        channel: input.channel,
        direction: 'out',
        topic: 'order',
        occurredAt: input.toldCustomerAt,
        contactId: input.contactId ?? order.contactId,
        subject: `交期变更 Delivery date change ${order.number} 第${line.lineNo}行 / line ${line.lineNo}: ${current.plannedDate} → ${input.newDate}`.slice(
          0,
          200,
        ),
        content: input.message,
        links: [{ type: 'order', id }],
      }),
    );
    const revision = current.revision + 1;
    const changeId = await repo.insertDeliveryChange(
      tx,
      {
        orderId: id,
        lineId: line.id,
        revision,
        oldDate: current.plannedDate,
        newDate: input.newDate,
        reason: input.reason,
        reasonNote: input.reasonNote,
        approvedBy: approverUser.id,
        notifyCommunicationId: comm.id,
      },
      auth.userId,
    );
    await repo.upsertDeliveryDate(tx, { orderId: id, lineId: line.id, plannedDate: input.newDate, revision }, auth.userId);
    if (!(await repo.touchOrder(tx, id, input.version, auth.userId))) throw versionConflict();
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'order', id },
      action: 'delivery-plan.change',
      before: { lineNo: line.lineNo, plannedDate: current.plannedDate, revision: current.revision },
      after: {
        lineNo: line.lineNo,
        plannedDate: input.newDate,
        revision,
        reason: input.reason,
        approvedBy: approverUser.displayName,
        communication: comm.number,
        changeId,
      },
      reason: input.reasonNote ?? input.reason,
    });
    await emitEvent(tx, 'order.date_changed', {
      orderId: id,
      number: order.number,
      kind: 'changed',
      changeId,
      lineNo: line.lineNo,
      oldDate: current.plannedDate,
      newDate: input.newDate,
    });
  });
  return getOrder(db, id);
}

/** The customer's acknowledgement of a date change, recorded as an incoming communication. */
export async function acknowledgeDeliveryChange(
  db: Db,
  auth: AuthContext,
  id: string,
  changeId: string,
  input: z.infer<typeof AcknowledgeDeliveryChangeRequest>,
) {
  await db.transaction(async (tx) => {
    const change = await repo.selectDeliveryChange(tx, changeId);
    if (!change || change.orderId !== id) throw notFound();
    if (change.customerAckAt) throw new AppError('DELIVERY_CHANGE_ACKNOWLEDGED');
    if (change.version !== input.version) throw versionConflict();
    const order = await loadOrder(tx, id);
    const comm = await createCommunication(
      tx,
      auth,
      CreateCommunicationRequest.parse({
        partyId: order.partyId,
        channel: input.channel,
        direction: 'in',
        topic: 'order',
        occurredAt: input.acknowledgedAt,
        contactId: order.contactId,
        subject: `客户确认交期变更 Customer acknowledges date change ${order.number} 第${change.lineNo}行 / line ${change.lineNo}: ${change.newDate}`.slice(
          0,
          200,
        ),
        content: input.content,
        links: [{ type: 'order', id }],
      }),
    );
    if (
      !(await repo.acknowledgeDeliveryChangeRow(
        tx,
        changeId,
        input.version,
        { customerAckAt: new Date(input.acknowledgedAt), ackCommunicationId: comm.id },
        auth.userId,
      ))
    )
      throw versionConflict();
    await insertAudit(tx, {
      ...auditActor(auth),
      ref: { type: 'order', id },
      action: 'delivery-plan.acknowledged',
      after: { changeId, lineNo: change.lineNo, newDate: change.newDate, communication: comm.number },
    });
    await emitEvent(tx, 'order.date_changed', {
      orderId: id,
      number: order.number,
      kind: 'acknowledged',
      changeId,
      lineNo: change.lineNo,
      oldDate: change.oldDate,
      newDate: change.newDate,
    });
  });
  return getOrder(db, id);
}

/** Record quantities shipped per line, at the shipment step, never more than ordered; an oral order needs its written order first. */
export async function recordShipment(db: Db, auth: AuthContext, id: string, input: z.infer<typeof RecordShipmentRequest>) {
  await db.transaction(async (tx) => {
    const order = await loadAt(tx, id, input.version, 'shipments');
    if (!order.writtenOrderOnFile) throw new AppError('ORDER_WRITTEN_ORDER_MISSING', [{ path: 'order.writtenOrderOnFile', code: 'missing' }]);
    const lines = await repo.selectLines(tx, [id]);
    const already = await repo.selectShipments(tx, id);
    const adding = new Map<string, number>();
    input.lines.forEach((l, i) => {
      const line = lines.find((x) => x.id === l.lineId);
      if (!line) throw new AppError('ORDER_LINE_NOT_FOUND', [{ path: `body.lines.${i}.lineId`, code: 'not_found' }]);
      const total = already.filter((x) => x.lineId === l.lineId).reduce((n, x) => n + x.quantity, 0) + (adding.get(l.lineId) ?? 0) + l.quantity;
      if (total > line.quantity) throw new AppError('SHIPMENT_EXCEEDS_ORDER', [{ path: `body.lines.${i}.quantity`, code: 'exceeds' }]);
      adding.set(l.lineId, (adding.get(l.lineId) ?? 0) + l.quantity);
    });
    for (const l of input.lines)
      await repo.insertShipment(
        tx,
        { orderId: id, lineId: l.lineId, quantity: l.quantity, shippedAt: new Date(input.shippedAt), note: input.note },
        auth.userId,
      );
    if (!(await repo.touchOrder(tx, id, input.version, auth.userId))) throw versionConflict();
    const no = (lineId: string) => lines.find((x) => x.id === lineId)!.lineNo;
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'order', id },
      action: 'shipment',
      after: { shippedAt: input.shippedAt, lines: input.lines.map((l) => `${no(l.lineId)}:${l.quantity}`) },
      reason: input.note,
    });
  });
  return getOrder(db, id);
}

export const RECONFIRMATION_TASK = 'order.reconfirmation';

/** The order's procedure waits at the reconfirmation before shipment: its instance and version, else null. */
export async function reconfirmationPending(db: Executor, orderId: string) {
  const i = await selectInstanceFor(db, 'order', orderId, 'order');
  return i && i.status === 'open' && i.state === 'reconfirmation' ? { instanceId: i.id, version: i.version } : null;
}

/**
 * The customer reconfirms shipping time and specification itself (portal): the same `reconfirm` transition staff take
 * [CC 5.7] — the reconfirmation field, the task completed, the order moved to shipment — taken by the contact (the
 * definition opens it to them: `customerContact: true`), audited as the contact; the procedure's effect logs it as an
 * incoming communication from them, recorded by the inviting colleague. `version` is the procedure instance's.
 */
export async function recordCustomerReconfirmation(db: Db, contact: ContactActor, orderId: string, input: { version: number; content: string }) {
  const pending = await reconfirmationPending(db, orderId);
  if (!pending) throw new AppError('PORTAL_NOT_AWAITING');
  await performTransition(db, contact, pending.instanceId, { version: input.version, transitionId: 'reconfirm', fields: { reconfirmation: input.content } });
}

/**
 * The reconfirmation task [CC 5.7]: an action item for the receiver, due 2 working days before the
 * earliest planned date (today at the earliest). Called when the plan is replied to the customer.
 */
export async function createReconfirmationTask(tx: Executor, auth: AuthContext, orderId: string) {
  const order = await loadOrder(tx, orderId);
  const dates = (await repo.selectDeliveryDates(tx, orderId)).map((d) => d.plannedDate).sort();
  if (!dates.length) return;
  const cal = await siteCalendar(tx);
  const today = cal.localDate(new Date());
  let due = cal.addWorkingDays(dates[0]!, -2).date;
  if (due < today) due = cal.addWorkingDays(today, 0).date;
  await createAction(
    tx,
    auth,
    {
      sourceType: 'order',
      sourceId: orderId,
      title: `出货前与客户再确认 Reconfirm shipment ${order.number}`,
      description: `与客户再确认出货时间（计划 ${dates[0]}）和产品规格，并记录在订单上。 Reconfirm shipping time (planned ${dates[0]}) and specification with the customer; record it on the order.`,
      ownerId: order.receiverId,
      department: 'sales',
      dueDate: due,
      verification: null,
    },
    today,
    RECONFIRMATION_TASK,
  );
}

/** The plan per line, for the reply to the customer. */
export async function deliveryPlanText(tx: Executor, orderId: string) {
  const lines = await repo.selectLines(tx, [orderId]);
  const dates = await repo.selectDeliveryDates(tx, orderId);
  return lines.map((l) => `${l.lineNo}. ${l.model} × ${l.quantity} ${l.unit}: ${dates.find((d) => d.lineId === l.id)?.plannedDate ?? '—'}`).join('\n');
}

/** One item of the statutory requirements checklist recorded or reviewed (QC 4.2.1); answers the order. */
export async function setStatutoryItem(
  db: Db,
  auth: AuthContext,
  id: string,
  item: z.infer<typeof StatutoryItemCode>,
  input: z.infer<typeof SetStatutoryItemRequest>,
) {
  await recordStatutoryItem(db, auth, id, item, input);
  return getOrder(db, id);
}
