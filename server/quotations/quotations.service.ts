import type { z } from 'zod';
import type { Db, Executor } from '../platform/db/client.js';
import { AppError, notFound, versionConflict } from '../platform/http/app-error.js';
import type { AuthContext } from '../platform/http/access.js';
import { insertAudit } from '../platform/audit/audit.repository.js';
import { enqueue } from '../platform/outbox/outbox.js';
import { upsertSearchDocument } from '../platform/search/search.repository.js';
import { CreateCommunicationRequest } from '../../contracts/communications.js';
import type {
  ClosePricePendingRequest,
  CreateOrderFromQuotationRequest,
  CreatePricePendingRequest,
  CreateQuotationRequest,
  PriceCheckQuery,
  PriceHistoryQuery,
  PricePendingQuery,
  QuotationKpiQuery,
  QuotationListQuery,
  RecordFollowUpRequest,
  ReviseQuotationRequest,
  TQuotation,
  TQuotationLine,
  UpdateQuotationRequest,
} from '../../contracts/quotations.js';
import { CreateOrderRequest } from '../../contracts/orders.js';
import { selectContact, selectCustomer } from '../parties/index.js';
import { selectUser } from '../identity/index.js';
import { createCommunication } from '../communications/index.js';
import { selectActiveProductsByModels } from '../products/index.js';
import { assertEditable, performSystemTransition, startProcedure, SYSTEM } from '../procedures/index.js';
import { siteCalendar } from '../calendar/index.js';
import { completeProcedureTasks, createAction } from '../actions/index.js';
import { createOrder } from '../orders/index.js';
import * as repo from './quotations.repository.js';
import type { PriceBreak } from './quotations.table.js';

/** Steps in which the quote itself may still change; after approval a change is a new revision. */
/** The customer has this many working days to confirm before the salesperson follows up [SP 6.2.2]. */
export const FOLLOW_UP_WORKING_DAYS = 3;
const iso = (d: Date | null) => (d ? d.toISOString() : null);
const num = (v: string | null) => (v === null ? null : Number(v));
const DAY = 86_400_000;

type QuotationInput = z.infer<typeof CreateQuotationRequest> | z.infer<typeof UpdateQuotationRequest>;

// ---- prices -------------------------------------------------------------------------------

/** The unit price for a quantity: the highest quantity break reached, else the base price; less the discount. */
export function priceFor(line: { unitPrice: string; breaks: PriceBreak[]; discount: string | null }, quantity: number | null): number {
  let price = Number(line.unitPrice);
  if (quantity !== null)
    for (const b of [...line.breaks].sort((a, c) => a.minQuantity - c.minQuantity)) if (b.minQuantity <= quantity) price = Number(b.unitPrice);
  const discount = line.discount === null ? 0 : Number(line.discount);
  return Math.round(price * (1 - discount / 100) * 1e6) / 1e6;
}

const samePrice = (a: number, b: number) => Math.abs(a - b) < 1e-6;

// ---- presentation -------------------------------------------------------------------------

async function presentLines(db: Executor, r: repo.QuotationRow): Promise<TQuotationLine[]> {
  const lines = await repo.selectLines(db, [r.id]);
  return Promise.all(
    lines.map(async (l) => {
      const executed = await repo.selectExecutedLine(db, r.partyId, l.model, r.number);
      const changed = !!executed && (!samePrice(Number(executed.unitPrice), Number(l.unitPrice)) || executed.currency !== r.currency);
      return {
        id: l.id,
        lineNo: l.lineNo,
        productId: l.productId,
        model: l.model,
        description: l.description,
        quantity: l.quantity,
        unit: l.unit,
        unitPrice: Number(l.unitPrice),
        breaks: l.breaks.map((b) => ({ minQuantity: b.minQuantity, unitPrice: Number(b.unitPrice) })),
        discount: num(l.discount),
        cost: num(l.cost),
        lineAmount: l.quantity === null ? null : Math.round(priceFor(l, l.quantity) * l.quantity * 100) / 100,
        executed: executed
          ? { quotationId: executed.quotationId, number: `${executed.number} R${executed.revision}`, price: Number(executed.unitPrice) }
          : null,
        priceChanged: changed,
      };
    }),
  );
}

const total = (lines: { lineAmount?: number | null | undefined }[]) => {
  const amounts = lines.map((l) => l.lineAmount).filter((a): a is number => typeof a === 'number');
  return amounts.length ? Math.round(amounts.reduce((a, b) => a + b, 0) * 100) / 100 : null;
};

function header(r: repo.QuotationRow, now = new Date()) {
  return {
    id: r.id,
    number: r.number,
    revision: r.revision,
    partyId: r.partyId,
    partyCode: r.partyCode,
    partyName: r.partyName,
    customerAccepted: r.customerAccepted,
    issueDate: r.issueDate,
    validUntil: r.validUntil,
    currency: r.currency,
    status: r.state,
    closed: r.instanceStatus === 'closed',
    result: r.result as TQuotation['result'],
    salespersonId: r.salespersonId,
    salespersonName: r.salespersonName,
    requestAt: r.requestAt.toISOString(),
    sentAt: iso(r.sentAt),
    followUpDue: r.followUpDue,
    followUpCount: r.followUpCount,
    ageDays: Math.max(0, Math.floor(((r.resultAt ?? now).getTime() - r.requestAt.getTime()) / DAY)),
    orderId: r.orderId,
    voided: !!r.voidedAt,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
  };
}

async function present(db: Executor, r: repo.QuotationRow): Promise<TQuotation> {
  const [lines, followUps, revisions] = await Promise.all([presentLines(db, r), repo.selectFollowUps(db, r.id), repo.selectRevisions(db, r.number)]);
  return {
    ...header(r),
    contactId: r.contactId,
    contactName: r.contactName,
    requestCommunicationId: r.requestCommunicationId,
    requestNumber: r.requestSeq === null ? null : `C${String(r.requestSeq).padStart(6, '0')}`,
    terms: r.terms,
    notes: r.notes,
    priceChangeReason: r.priceChangeReason,
    approvedByName: r.approvedByName,
    approvedAt: iso(r.approvedAt),
    sentCommunicationId: r.sentCommunicationId,
    resultReason: r.resultReason,
    resultAt: iso(r.resultAt),
    previousId: r.previousId,
    revisions: revisions.map((v) => ({ ...v, result: v.result as TQuotation['result'], createdAt: v.createdAt.toISOString() })),
    lines,
    totalAmount: total(lines),
    followUps: followUps.map((f) => ({ ...f, followedAt: f.followedAt.toISOString(), channel: f.channel as TQuotation['followUps'][number]['channel'] })),
    orderNumber: r.orderNumber,
    preparedById: r.createdBy ?? r.salespersonId,
    createdByName: r.createdByName,
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** What the audit trail keeps (prices included: redacted on the way out for those without prices.read). */
async function snapshot(db: Executor, id: string) {
  const q = await present(db, (await repo.selectQuotation(db, id))!);
  return {
    number: `${q.number} R${q.revision}`,
    contactName: q.contactName,
    issueDate: q.issueDate,
    validUntil: q.validUntil,
    currency: q.currency,
    terms: q.terms,
    notes: q.notes,
    priceChangeReason: q.priceChangeReason,
    salespersonName: q.salespersonName,
    lines: q.lines.map(({ id: _id, productId: _p, executed: _e, lineAmount: _a, ...l }) => l),
  };
}

async function index(tx: Executor, id: string) {
  const r = (await repo.selectQuotation(tx, id))!;
  const lines = await repo.selectLines(tx, [id]);
  await upsertSearchDocument(tx, {
    refType: 'quotation',
    refId: id,
    partyId: r.partyId,
    permission: 'quotations.read',
    title: `${r.number} R${r.revision} — ${r.partyName}`,
    // never prices: the search index is read by people without prices.read
    body: [r.terms ?? '', r.notes ?? '', ...lines.map((l) => `${l.model} ${l.description ?? ''}`)].join('\n'),
    codes: [r.number, r.partyCode, ...lines.map((l) => l.model)],
    at: r.requestAt,
    voided: !!r.voidedAt,
  });
}

// ---- validation ---------------------------------------------------------------------------

async function loadQuotation(db: Executor, id: string) {
  const row = await repo.selectQuotation(db, id);
  if (!row) throw notFound();
  return row;
}

function validateDates(input: QuotationInput) {
  if (input.validUntil < input.issueDate) throw new AppError('QUOTATION_VALIDITY_BEFORE_ISSUE', [{ path: 'body.validUntil', code: 'before_issue_date' }]);
}

async function validateContact(tx: Executor, partyId: string, contactId: string | null) {
  if (!contactId) return;
  const contact = await selectContact(tx, contactId);
  if (!contact || contact.voidedAt) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.contactId', code: 'not_found' }]);
  if (contact.partyId !== partyId) throw new AppError('CONTACT_NOT_OF_PARTY', [{ path: 'body.contactId', code: 'other_party' }]);
}

type PreparedLine = repo.LineValues & { id?: string | undefined };

/** Catalogue match, prices > 0, breaks ascending; a user who cannot see prices keeps those already on the line. */
async function prepareLines(tx: Executor, auth: AuthContext, input: QuotationInput, existing: repo.LineRow[]): Promise<PreparedLine[]> {
  const catalogue = new Map(
    (
      await selectActiveProductsByModels(
        tx,
        input.lines.map((l) => l.model),
      )
    ).map((p) => [p.model.toUpperCase(), p]),
  );
  const seen = new Set<string>();
  const blind = !auth.visible.has('price');
  return input.lines.map((l, i) => {
    const before = l.id ? existing.find((e) => e.id === l.id) : undefined;
    if (l.id && (!before || seen.has(l.id))) throw new AppError('QUOTATION_LINE_NOT_FOUND', [{ path: `body.lines.${i}.id`, code: 'not_found' }]);
    if (l.id) seen.add(l.id);
    const keep = blind && before && l.unitPrice === undefined;
    if (!keep && l.unitPrice === undefined) throw new AppError('QUOTATION_PRICE_REQUIRED', [{ path: `body.lines.${i}.unitPrice`, code: 'required' }]);
    const missing = keep ? -1 : (l.breaks?.findIndex((b) => b.unitPrice === undefined) ?? -1);
    if (missing >= 0) throw new AppError('QUOTATION_PRICE_REQUIRED', [{ path: `body.lines.${i}.breaks.${missing}.unitPrice`, code: 'required' }]);
    const breaks = l.breaks ? [...l.breaks].sort((a, b) => a.minQuantity - b.minQuantity) : undefined;
    if (breaks?.some((b, j) => j > 0 && b.minQuantity === breaks[j - 1]!.minQuantity))
      throw new AppError('QUOTATION_BREAKS_INVALID', [{ path: `body.lines.${i}.breaks`, code: 'duplicate_quantity' }]);
    return {
      id: l.id,
      lineNo: i + 1,
      productId: catalogue.get(l.model.toUpperCase())?.id ?? null,
      model: l.model,
      description: l.description ?? (catalogue.get(l.model.toUpperCase())?.spec || null),
      quantity: l.quantity,
      unit: l.unit,
      unitPrice: keep ? before.unitPrice : String(l.unitPrice),
      // a user who cannot see prices cannot change them either: the breaks stay as they were
      breaks: keep ? before.breaks : (breaks ?? []).map((b) => ({ minQuantity: b.minQuantity, unitPrice: String(b.unitPrice) })),
      discount: keep && l.discount === undefined ? before.discount : l.discount == null ? null : String(l.discount),
      cost: keep && l.cost === undefined ? before.cost : l.cost == null ? null : String(l.cost),
    };
  });
}

const lineValues = ({ id: _id, ...v }: PreparedLine): repo.LineValues => v;

// ---- use cases ----------------------------------------------------------------------------

export async function listQuotations(db: Db, q: z.infer<typeof QuotationListQuery>) {
  const today = (await siteCalendar(db)).localDate(new Date());
  const {
    items,
    total: count,
    totalCapped,
  } = await repo.selectQuotations(db, {
    partyId: q.partyId,
    status: q.status,
    result: q.result,
    followUpDueBy: q.followUpDue === 'true' ? today : undefined,
    q: q.q,
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  const lines = await repo.selectLines(
    db,
    items.map((r) => r.id),
  );
  return {
    items: items.map((r) => {
      const mine = lines.filter((l) => l.quotationId === r.id);
      return {
        ...header(r),
        lineCount: mine.length,
        totalAmount: total(mine.map((l) => ({ lineAmount: l.quantity === null ? null : priceFor(l, l.quantity) * l.quantity }))),
      };
    }),
    total: count,
    totalCapped,
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function getQuotation(db: Db | Executor, id: string) {
  return present(db, await loadQuotation(db, id));
}

export async function createQuotation(db: Db, auth: AuthContext, input: z.infer<typeof CreateQuotationRequest>) {
  const id = await db.transaction(async (tx) => {
    const party = await selectCustomer(tx, input.partyId);
    if (!party) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.partyId', code: 'not_found' }]);
    if (party.voidedAt) throw new AppError('RECORD_VOIDED', [{ path: 'body.partyId', code: 'voided' }]);
    validateDates(input);
    await validateContact(tx, input.partyId, input.contactId);
    const salespersonId = input.salespersonId ?? auth.userId;
    if (!(await selectUser(tx, salespersonId))?.active) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.salespersonId', code: 'not_found' }]);
    let requestAt = input.requestAt ? new Date(input.requestAt) : new Date();
    if (input.requestCommunicationId) {
      const request = await repo.selectCommunicationBrief(tx, input.requestCommunicationId);
      if (!request) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.requestCommunicationId', code: 'not_found' }]);
      if (request.partyId !== input.partyId)
        throw new AppError('QUOTATION_REQUEST_OTHER_PARTY', [{ path: 'body.requestCommunicationId', code: 'other_party' }]);
      if (!input.requestAt) requestAt = request.occurredAt;
    }
    if (requestAt.getTime() > Date.now() + 5 * 60_000) throw new AppError('VALIDATION_FAILED', [{ path: 'body.requestAt', code: 'future' }]);
    const lines = await prepareLines(tx, auth, input, []);
    const newId = await repo.insertQuotation(
      tx,
      input.partyId,
      {
        contactId: input.contactId,
        requestCommunicationId: input.requestCommunicationId,
        requestAt,
        salespersonId,
        issueDate: input.issueDate,
        validUntil: input.validUntil,
        currency: input.currency,
        terms: input.terms,
        notes: input.notes,
        priceChangeReason: input.priceChangeReason,
      },
      auth.userId,
    );
    for (const l of lines) await repo.insertLine(tx, newId, lineValues(l), auth.userId);
    await insertAudit(tx, { actorId: auth.userId, ref: { type: 'quotation', id: newId }, action: 'create', after: await snapshot(tx, newId) });
    await index(tx, newId);
    // the quote deadline runs from the request (procedures/quotation: draft step, 1 working day by default)
    await startProcedure(tx, auth, { procedureId: repo.QUOTATION_PROCEDURE, ref: { type: 'quotation', id: newId }, assigneeId: salespersonId, at: requestAt });
    return newId;
  });
  return getQuotation(db, id);
}

export async function updateQuotation(db: Db, auth: AuthContext, id: string, input: z.infer<typeof UpdateQuotationRequest>) {
  await db.transaction(async (tx) => {
    const before = await loadQuotation(tx, id);
    if (before.voidedAt) throw new AppError('RECORD_VOIDED');
    await assertEditable(tx, { type: 'quotation', id }, repo.QUOTATION_PROCEDURE, 'lines', 'QUOTATION_NOT_EDITABLE');
    if (before.version !== input.version) throw versionConflict();
    validateDates(input);
    await validateContact(tx, before.partyId, input.contactId);
    const beforeSnap = await snapshot(tx, id);
    const existing = await repo.selectLines(tx, [id]);
    const lines = await prepareLines(tx, auth, input, existing);
    const ok = await repo.updateQuotationRow(
      tx,
      id,
      input.version,
      {
        contactId: input.contactId,
        issueDate: input.issueDate,
        validUntil: input.validUntil,
        currency: input.currency,
        terms: input.terms,
        notes: input.notes,
        priceChangeReason: input.priceChangeReason,
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
    for (const l of lines) {
      if (l.id) await repo.updateLine(tx, l.id, lineValues(l), auth.userId);
      else await repo.insertLine(tx, id, lineValues(l), auth.userId);
    }
    await insertAudit(tx, { actorId: auth.userId, ref: { type: 'quotation', id }, action: 'update', before: beforeSnap, after: await snapshot(tx, id) });
    await index(tx, id);
  });
  return getQuotation(db, id);
}

/** A sent (or approved) quote that changes: a new revision in draft (GM approval again); the old one is superseded. */
export async function reviseQuotation(db: Db, auth: AuthContext, id: string, input: z.infer<typeof ReviseQuotationRequest>) {
  const newId = await db.transaction(async (tx) => {
    const before = await loadQuotation(tx, id);
    if (before.voidedAt) throw new AppError('RECORD_VOIDED');
    await assertEditable(tx, { type: 'quotation', id }, repo.QUOTATION_PROCEDURE, 'revision', 'QUOTATION_NOT_REVISABLE');
    if (before.version !== input.version) throw versionConflict();
    const revisionId = await repo.insertQuotation(
      tx,
      before.partyId,
      {
        contactId: before.contactId,
        requestCommunicationId: before.requestCommunicationId,
        requestAt: new Date(),
        salespersonId: before.salespersonId,
        issueDate: before.issueDate,
        validUntil: before.validUntil,
        currency: before.currency,
        terms: before.terms,
        notes: before.notes,
        priceChangeReason: before.priceChangeReason,
      },
      auth.userId,
      { number: before.number, revision: before.revision + 1, previousId: before.id },
    );
    for (const l of await repo.selectLines(tx, [id])) {
      const { id: _i, quotationId: _q, ...v } = l;
      await repo.insertLine(tx, revisionId, v, auth.userId);
    }
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'quotation', id: revisionId },
      action: 'revise',
      before: { revisionOf: `${before.number} R${before.revision}` },
      after: await snapshot(tx, revisionId),
      reason: input.reason,
    });
    await index(tx, revisionId);
    await startProcedure(tx, auth, {
      procedureId: repo.QUOTATION_PROCEDURE,
      ref: { type: 'quotation', id: revisionId },
      assigneeId: before.salespersonId,
      at: new Date(),
    });
    // the old revision is superseded by the system (`actor: system` in the definition), on behalf of the user
    await performSystemTransition(tx, SYSTEM(auth), { type: 'quotation', id }, repo.QUOTATION_PROCEDURE, input.reason);
    return revisionId;
  });
  return getQuotation(db, newId);
}

/** A follow-up with the customer (a communication with its result); it answers the open task and sets the next due date. */
export async function recordFollowUp(db: Db, auth: AuthContext, id: string, input: z.infer<typeof RecordFollowUpRequest>) {
  await db.transaction(async (tx) => {
    const q = await loadQuotation(tx, id);
    if (q.voidedAt) throw new AppError('RECORD_VOIDED');
    await assertEditable(tx, { type: 'quotation', id }, repo.QUOTATION_PROCEDURE, 'followUps', 'QUOTATION_NOT_SENT');
    if (q.version !== input.version) throw versionConflict();
    await validateContact(tx, q.partyId, input.contactId);
    const followedAt = new Date(input.followedAt);
    if (followedAt.getTime() > Date.now() + 5 * 60_000) throw new AppError('VALIDATION_FAILED', [{ path: 'body.followedAt', code: 'future' }]);
    // minutes are what people enter: a follow-up in the minute of sending is not before it
    if (q.sentAt && followedAt.getTime() < q.sentAt.getTime() - 60_000)
      throw new AppError('QUOTATION_FOLLOW_UP_BEFORE_SENT', [{ path: 'body.followedAt', code: 'before_sent' }]);
    const cal = await siteCalendar(tx);
    const day = cal.localDate(followedAt);
    const onTime = !q.followUpDue || day <= q.followUpDue;
    const comm = await createCommunication(
      tx,
      auth,
      CreateCommunicationRequest.parse({
        partyId: q.partyId,
        channel: input.channel,
        direction: 'out',
        topic: 'order',
        occurredAt: input.followedAt,
        contactId: input.contactId ?? q.contactId,
        subject: `报价跟进 Quotation follow-up ${q.number} R${q.revision}`,
        content: input.content,
        result: input.result,
        links: [{ type: 'quotation', id }],
      }),
    );
    await repo.insertFollowUp(
      tx,
      {
        quotationId: id,
        communicationId: comm.id,
        followedAt,
        dueDate: q.followUpDue,
        onTime,
        channel: input.channel,
        content: input.content,
        result: input.result,
      },
      auth.userId,
    );
    await completeProcedureTasks(tx, auth, { type: 'quotation', id }, repo.FOLLOW_UP_TASK, input.result);
    const next = cal.addWorkingDays(day, FOLLOW_UP_WORKING_DAYS).date;
    if (!(await repo.updateQuotationRow(tx, id, input.version, { followUpDue: next, followUpCount: q.followUpCount + 1 }, auth.userId)))
      throw versionConflict();
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'quotation', id },
      action: 'follow-up',
      before: { followUpDue: q.followUpDue },
      after: { followUpDue: next, onTime, result: input.result, communicationId: comm.id },
    });
  });
  return getQuotation(db, id);
}

/** The accepted quote becomes a customer order with its prices (the order procedure starts as for any order). */
export async function createOrderFromQuotation(db: Db, auth: AuthContext, id: string, input: z.infer<typeof CreateOrderFromQuotationRequest>) {
  if (!auth.permissions.has('orders.write')) throw new AppError('FORBIDDEN');
  await db.transaction(async (tx) => {
    const q = await loadQuotation(tx, id);
    if (q.result !== 'accepted') throw new AppError('QUOTATION_NOT_ACCEPTED');
    if (q.orderId) throw new AppError('QUOTATION_ORDER_EXISTS');
    if (q.version !== input.version) throw versionConflict();
    const lines = await repo.selectLines(tx, [id]);
    const orderLines = lines.map((l, i) => {
      const quantity = input.quantities?.[i] ?? l.quantity;
      if (!quantity) throw new AppError('QUOTATION_QUANTITY_REQUIRED', [{ path: `body.quantities.${i}`, code: 'required' }]);
      return {
        model: l.model,
        spec: l.description,
        quantity,
        unit: l.unit,
        requestedDate: input.requestedDate,
        unitPrice: priceFor(l, quantity),
        currency: q.currency,
      };
    });
    const order = await createOrder(
      tx as unknown as Db,
      auth,
      CreateOrderRequest.parse({
        partyId: q.partyId,
        customerPo: input.customerPo,
        form: 'po',
        orderDate: input.orderDate,
        receivedAt: input.receivedAt,
        contactId: q.contactId,
        notes: `报价单 Quotation ${q.number} R${q.revision}`,
        lines: orderLines,
      }),
    );
    if (!(await repo.updateQuotationRow(tx, id, input.version, { orderId: order.id }, auth.userId))) throw versionConflict();
    await insertAudit(tx, { actorId: auth.userId, ref: { type: 'quotation', id }, action: 'order.create', after: { order: order.number } });
  });
  return getQuotation(db, id);
}

// ---- price history, price check, KPIs -----------------------------------------------------------

export async function priceHistory(db: Db, q: z.infer<typeof PriceHistoryQuery>) {
  const items = await repo.selectPriceHistory(db, q.partyId, q.model);
  return {
    items: items.map((r) => ({
      quotationId: r.quotationId,
      number: r.number,
      revision: r.revision,
      issueDate: r.issueDate,
      validUntil: r.validUntil,
      status: r.state,
      result: r.result as TQuotation['result'],
      currency: r.currency,
      unitPrice: Number(r.unitPrice),
      priceChangeReason: r.priceChangeReason,
      approvedByName: r.approvedByName,
      approvedAt: iso(r.approvedAt),
    })),
  };
}

/** An order line against the valid quote: the executed (accepted) price, else a quote still open within validity. */
export async function priceCheck(db: Db | Executor, q: z.infer<typeof PriceCheckQuery>) {
  const today = (await siteCalendar(db)).localDate(new Date());
  const line = (await repo.selectExecutedLine(db, q.partyId, q.model, null)) ?? (await repo.selectOpenQuotedLine(db, q.partyId, q.model, today));
  if (!line) return { quotation: null, price: null, differs: null };
  const price = priceFor({ unitPrice: line.unitPrice, breaks: line.breaks, discount: null }, q.quantity ?? null);
  return {
    quotation: { id: line.quotationId, number: line.number, revision: line.revision, validUntil: line.validUntil },
    price,
    differs: q.unitPrice === undefined ? null : !samePrice(price, q.unitPrice) || line.currency !== q.currency,
  };
}

/**
 * Every line of an order against its valid quote (the order's review shows the flag; Finance signs it).
 * Whether a price differs says something about the price: a user who cannot see prices gets no flag.
 */
export async function orderPriceCheck(db: Db, orderId: string, canSeePrices: boolean) {
  if (!(await repo.selectOrderBrief(db, orderId))) throw notFound();
  const lines = await repo.selectOrderLinesForCheck(db, orderId);
  const items = [];
  for (const l of lines) {
    const check = await priceCheck(db, {
      partyId: l.partyId,
      model: l.model,
      quantity: l.quantity,
      unitPrice: l.unitPrice === null ? undefined : Number(l.unitPrice),
      currency: l.currency,
    });
    items.push({ lineId: l.lineId, lineNo: l.lineNo, model: l.model, ...check, ...(canSeePrices ? {} : { differs: null }) });
  }
  return { items };
}

export async function quotationKpis(db: Db, q: z.infer<typeof QuotationKpiQuery>) {
  const cal = await siteCalendar(db);
  const today = cal.localDate(new Date());
  const fromAt = cal.toInstant(q.from, 0);
  const toAt = new Date(cal.toInstant(q.to, 0).getTime() + DAY);
  const [f, quotes, onTime] = await Promise.all([
    repo.kpiFollowUps(db, q.from, q.to, today),
    repo.kpiQuotes(db, fromAt, toAt),
    repo.kpiQuotedOnTime(db, fromAt, toAt),
  ]);
  const rate = (a: number, b: number) => (b ? Math.round((a / b) * 1000) / 1000 : null);
  return {
    followUpCompliance: { due: f.due, onTime: f.onTime, rate: rate(f.onTime, f.due) },
    conversion: { sent: quotes.sent, accepted: quotes.accepted, ordered: quotes.ordered, rate: rate(quotes.ordered, quotes.sent) },
    timeToQuote: { count: quotes.count, averageHours: quotes.hours === null ? null : Math.round(Number(quotes.hours) * 10) / 10, onTime },
  };
}

// ---- follow-up tasks (the sweeper) ------------------------------------------------------------

/** The task is the salesperson's own: they are the actor the audit names for it. */
function actingAs(userId: string): AuthContext {
  return {
    userId,
    username: 'system',
    displayName: 'system',
    locale: 'zh-CN',
    roles: [],
    departmentIds: [],
    departmentCodes: [],
    permissions: new Set(['quotations.read']),
    visible: new Set(),
    csrfToken: '',
    sessionHash: '',
    mustChangePassword: false,
  };
}

/**
 * Sent quotes the customer has not confirmed by their follow-up due day get a follow-up task for the
 * salesperson (an action item with its own clock: overdue tasks escalate like any other).
 * Rows are claimed FOR UPDATE SKIP LOCKED, so two sweepers never create two tasks.
 */
export async function sweepQuotationFollowUps(db: Db, now = new Date()): Promise<number> {
  return db.transaction(async (tx) => {
    const cal = await siteCalendar(tx);
    const today = cal.localDate(now);
    const due = await repo.selectDueFollowUps(tx, today);
    for (const q of due) {
      const dueDate = q.followUpDue >= today ? q.followUpDue : cal.addWorkingDays(today, 0).date;
      const task = await createAction(
        tx,
        actingAs(q.salespersonId),
        {
          sourceType: 'quotation',
          sourceId: q.id,
          title: `跟进报价 Follow up quotation ${q.number} R${q.revision}`,
          description: `客户 ${FOLLOW_UP_WORKING_DAYS} 个工作日内未确认报价：请跟进并在报价单上登记结果。 The customer has not confirmed within ${FOLLOW_UP_WORKING_DAYS} working days: follow up and record the result on the quotation.`,
          ownerId: q.salespersonId,
          department: 'sales',
          dueDate,
          verification: null,
        },
        today,
        repo.FOLLOW_UP_TASK,
      );
      await enqueue(tx, 'action.assigned', { actionId: task.id, userId: q.salespersonId });
    }
    return due.length;
  });
}

// ---- hooks used by the procedure -----------------------------------------------------------

export async function markApproved(tx: Executor, id: string, userId: string, at: Date) {
  await repo.updateQuotationRow(tx, id, null, { approvedBy: userId, approvedAt: at }, userId);
  await index(tx, id);
}

export async function markReturned(tx: Executor, id: string, userId: string) {
  await repo.updateQuotationRow(tx, id, null, { approvedBy: null, approvedAt: null }, userId);
}

export async function markSent(tx: Executor, auth: AuthContext, id: string, at: Date, channel: string, message: string) {
  const q = await loadQuotation(tx, id);
  const lines = await repo.selectLines(tx, [id]);
  const comm = await createCommunication(
    tx,
    auth,
    CreateCommunicationRequest.parse({
      partyId: q.partyId,
      channel,
      direction: 'out',
      topic: 'order',
      occurredAt: at.toISOString(),
      contactId: q.contactId,
      subject: `报价 Quotation ${q.number} R${q.revision}`,
      // the log is read by people without prices.read: models only, the prices stay on the quotation
      content:
        `${message}\n${lines.map((l) => `${l.lineNo}. ${l.model}${l.description ? ` ${l.description}` : ''}`).join('\n')}\n有效期至 Valid until ${q.validUntil}`.trim(),
      links: [{ type: 'quotation', id }, ...(q.requestCommunicationId ? [{ type: 'communication', id: q.requestCommunicationId }] : [])],
    }),
  );
  const cal = await siteCalendar(tx);
  const followUpDue = cal.addWorkingDays(cal.localDate(at), FOLLOW_UP_WORKING_DAYS).date;
  await repo.updateQuotationRow(tx, id, null, { sentAt: at, sentCommunicationId: comm.id, followUpDue }, auth.userId);
}

/** A result closes the follow-ups and is reported to Finance [SP 6.2.2]. */
export async function markResult(
  tx: Executor,
  auth: AuthContext,
  id: string,
  result: string,
  reason: string | null,
  at: Date,
  customerWords?: { channel: string; content: string },
) {
  const q = await loadQuotation(tx, id);
  if (customerWords) {
    await createCommunication(
      tx,
      auth,
      CreateCommunicationRequest.parse({
        partyId: q.partyId,
        channel: customerWords.channel,
        direction: 'in',
        topic: 'order',
        occurredAt: at.toISOString(),
        contactId: q.contactId,
        subject: `${result === 'accepted' ? '客户确认报价 Quotation accepted' : '客户拒绝报价 Quotation rejected'} ${q.number} R${q.revision}`,
        content: customerWords.content,
        result: result,
        links: [{ type: 'quotation', id }],
      }),
    );
  }
  await repo.updateQuotationRow(tx, id, null, { result, resultReason: reason, resultAt: at, followUpDue: null }, auth.userId);
  await completeProcedureTasks(tx, auth, { type: 'quotation', id }, repo.FOLLOW_UP_TASK, `${result}${reason ? `: ${reason}` : ''}`);
  if (result !== 'cancelled') await enqueue(tx, 'quotation.result', { quotationId: id, result });
}

// ---- produce first, price later ---------------------------------------------------------------

function presentPending(r: repo.PricePendingRow, now = new Date()) {
  const start = Date.parse(`${r.startedOn}T00:00:00Z`);
  const end = r.closedAt ?? now;
  return {
    id: r.id,
    partyId: r.partyId,
    partyName: r.partyName,
    model: r.model,
    description: r.description,
    orderId: r.orderId,
    orderNumber: r.orderNumber,
    startedOn: r.startedOn,
    ageDays: Math.max(0, Math.floor((end.getTime() - start) / DAY)),
    quotationId: r.quotationId,
    quotationNumber: r.quotationNumber,
    customerPo: r.customerPo,
    poReceivedOn: r.poReceivedOn,
    closed: !!r.closedAt,
    closedAt: iso(r.closedAt),
    note: r.note,
    createdByName: r.createdByName,
    version: r.version,
  };
}

export async function listPricePending(db: Db, q: z.infer<typeof PricePendingQuery>) {
  const items = await repo.selectPricePending(db, { open: q.open === undefined ? undefined : q.open === 'true', partyId: q.partyId });
  return { items: items.map((r) => presentPending(r)) };
}

async function getPricePending(db: Db | Executor, id: string) {
  const [row] = await repo.selectPricePending(db, { id });
  if (!row) throw notFound();
  return presentPending(row);
}

/** Only for existing (accepted) customers [SP 6.2.3]. */
export async function createPricePending(db: Db, auth: AuthContext, input: z.infer<typeof CreatePricePendingRequest>) {
  const id = await db.transaction(async (tx) => {
    const party = await selectCustomer(tx, input.partyId);
    if (!party || party.voidedAt) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.partyId', code: 'not_found' }]);
    if (!party.acceptedByGm) throw new AppError('PRICE_PENDING_NEW_CUSTOMER', [{ path: 'body.partyId', code: 'not_accepted' }]);
    if (input.orderId) {
      const order = await repo.selectOrderBrief(tx, input.orderId);
      if (!order) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.orderId', code: 'not_found' }]);
      if (order.partyId !== input.partyId) throw new AppError('QUOTATION_OTHER_PARTY', [{ path: 'body.orderId', code: 'other_party' }]);
    }
    const newId = await repo.insertPricePending(tx, input, auth.userId);
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'customer', id: input.partyId },
      action: 'price-pending.open',
      after: { id: newId, model: input.model, startedOn: input.startedOn, orderId: input.orderId },
    });
    return newId;
  });
  return getPricePending(db, id);
}

/** Closed once the countersigned (accepted) quote and the customer's PO are both on file. */
export async function closePricePending(db: Db, auth: AuthContext, id: string, input: z.infer<typeof ClosePricePendingRequest>) {
  await db.transaction(async (tx) => {
    const [row] = await repo.selectPricePending(tx, { id });
    if (!row) throw notFound();
    if (row.closedAt) throw new AppError('PRICE_PENDING_CLOSED');
    if (row.version !== input.version) throw versionConflict();
    const q = await repo.selectQuotation(tx, input.quotationId);
    if (!q) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.quotationId', code: 'not_found' }]);
    if (q.partyId !== row.partyId) throw new AppError('QUOTATION_OTHER_PARTY', [{ path: 'body.quotationId', code: 'other_party' }]);
    if (q.result !== 'accepted') throw new AppError('QUOTATION_NOT_ACCEPTED', [{ path: 'body.quotationId', code: 'not_accepted' }]);
    if (
      !(await repo.closePricePendingRow(
        tx,
        id,
        input.version,
        { quotationId: q.id, customerPo: input.customerPo, poReceivedOn: input.poReceivedOn, closedAt: new Date() },
        auth.userId,
      ))
    )
      throw versionConflict();
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'customer', id: row.partyId },
      action: 'price-pending.close',
      before: { id, model: row.model },
      after: { quotation: `${q.number} R${q.revision}`, customerPo: input.customerPo, poReceivedOn: input.poReceivedOn },
    });
  });
  return getPricePending(db, id);
}
