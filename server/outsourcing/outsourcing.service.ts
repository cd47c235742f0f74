import type { z } from 'zod';
import { pinyin } from 'pinyin-pro';
import type { Db, Executor } from '../platform/db/client.js';
import { AppError, notFound, versionConflict } from '../platform/http/app-error.js';
import type { AuthContext } from '../platform/http/access.js';
import { insertAudit } from '../platform/audit/audit.repository.js';
import { upsertSearchDocument } from '../platform/search/search.repository.js';
import type {
  ConfirmVendorDeliveryRequest,
  CreateCuttingSheetRequest,
  CreateVendorRequest,
  CuttingSheetListQuery,
  RecordVendorReceiptRequest,
  TCuttingSheet,
  TVendor,
  UpdateCuttingSheetRequest,
  UpdateVendorRequest,
  VendorListQuery,
  CreateVendorEvaluationRequest,
  EvaluationFactsQuery,
  TVendorEvaluation,
} from '../../contracts/outsourcing.js';
import { VENDOR_EVALUATION } from '../../contracts/outsourcing.js';
import { getOrder } from '../orders/index.js';
import { startProcedure } from '../procedures/index.js';
import { siteCalendar } from '../calendar/index.js';
import * as repo from './outsourcing.repository.js';

/** Vendors a cutting sheet may go to: on the list and not suspended [CR 5.4.2, 外包加工商清单]. */
export const USABLE_VENDOR_STATUSES = new Set(['qualified', 'conditional']);
/** A cutting sheet is edited only while it is being drafted (before the VP's review). */
const EDITABLE_STATES = new Set(['draft']);

const sortKey = (nameZh: string) => pinyin(nameZh, { toneType: 'none', type: 'array', nonZh: 'consecutive' }).join(' ').toLowerCase();

function toVendor(r: repo.VendorRow, latest?: { total: number; result: string; periodTo: string } | null, today?: string): TVendor {
  const base = {
    id: r.id,
    code: r.code,
    nameZh: r.nameZh,
    nameEn: r.nameEn,
    status: r.status as TVendor['status'],
    scope: r.scope,
    notes: r.notes,
    version: r.version,
    updatedAt: r.updatedAt.toISOString(),
  };
  if (latest === undefined) return base;
  return {
    ...base,
    lastEvaluation: latest ? { total: latest.total, result: latest.result as TVendor['status'], periodTo: latest.periodTo } : null,
    evaluationDue: !latest || (!!today && evaluationDueFrom(latest.periodTo) <= today),
  };
}

/** The next periodic evaluation: VENDOR_EVALUATION.validMonths after the end of the last evaluated period. */
function evaluationDueFrom(periodTo: string): string {
  const [y, m, d] = periodTo.split('-').map(Number) as [number, number, number];
  const due = new Date(Date.UTC(y, m - 1 + VENDOR_EVALUATION.validMonths, d));
  return due.toISOString().slice(0, 10);
}

/** The weighted total and what it means for the list. */
export function evaluationResult(s: { quality: number; delivery: number; cooperation: number }): { total: number; result: TVendor['status'] } {
  const w = VENDOR_EVALUATION.weights;
  const total = Math.round((s.quality * w.quality + s.delivery * w.delivery + s.cooperation * w.cooperation) / (w.quality + w.delivery + w.cooperation));
  return { total, result: total >= VENDOR_EVALUATION.qualified ? 'qualified' : total >= VENDOR_EVALUATION.conditional ? 'conditional' : 'suspended' };
}

const toEvaluation = (r: repo.EvaluationRow): TVendorEvaluation => ({
  id: r.id,
  vendorId: r.vendorId,
  periodFrom: r.periodFrom,
  periodTo: r.periodTo,
  quality: r.quality,
  delivery: r.delivery,
  cooperation: r.cooperation,
  total: r.total,
  result: r.result as TVendor['status'],
  sheets: r.sheets,
  sheetsOnTime: r.sheetsOnTime,
  comments: r.comments,
  evaluatedByName: r.evaluatedByName,
  evaluatedAt: r.evaluatedAt.toISOString(),
});

export async function listEvaluations(db: Db, vendorId: string) {
  if (!(await repo.selectVendor(db, vendorId))) throw notFound();
  const items = (await repo.selectEvaluations(db, vendorId)).map(toEvaluation);
  const cal = await siteCalendar(db);
  return { items, nextDue: items[0] ? evaluationDueFrom(items[0].periodTo) : cal.localDate(new Date()) };
}

export async function evaluationFacts(db: Db, vendorId: string, q: z.infer<typeof EvaluationFactsQuery>) {
  if (!(await repo.selectVendor(db, vendorId))) throw notFound();
  const cal = await siteCalendar(db);
  const f = await repo.deliveryFacts(db, vendorId, q.from, q.to, cal.timeZone);
  return { sheets: f.sheets, sheetsOnTime: f.onTime, suggestedDelivery: f.sheets ? Math.round((f.onTime / f.sheets) * 100) : null };
}

/**
 * Records a periodic evaluation; its result becomes the vendor's status on the list in the same transaction (audited on
 * the vendor with the evaluation as the reason), so a vendor that fails is suspended for new cutting sheets at once.
 */
export async function evaluateVendor(db: Db, auth: AuthContext, vendorId: string, input: z.infer<typeof CreateVendorEvaluationRequest>) {
  return db.transaction(async (tx) => {
    const before = await repo.selectVendor(tx, vendorId);
    if (!before) throw notFound();
    if (before.voidedAt) throw new AppError('RECORD_VOIDED');
    const cal = await siteCalendar(tx);
    const today = cal.localDate(new Date());
    if (input.periodTo < input.periodFrom) throw new AppError('VENDOR_EVALUATION_PERIOD_INVALID', [{ path: 'body.periodTo', code: 'before_start' }]);
    if (input.periodTo > today) throw new AppError('VENDOR_EVALUATION_PERIOD_INVALID', [{ path: 'body.periodTo', code: 'future' }]);
    const { total, result } = evaluationResult(input);
    const facts = await repo.deliveryFacts(tx, vendorId, input.periodFrom, input.periodTo, cal.timeZone);
    const id = await repo.insertEvaluation(tx, {
      vendorId,
      periodFrom: input.periodFrom,
      periodTo: input.periodTo,
      quality: input.quality,
      delivery: input.delivery,
      cooperation: input.cooperation,
      total,
      result,
      sheets: facts.sheets,
      sheetsOnTime: facts.onTime,
      comments: input.comments,
      evaluatedBy: auth.userId,
    });
    if (!(await repo.updateVendorRow(tx, vendorId, input.version, { status: result }, auth.userId))) throw versionConflict();
    const after = (await repo.selectVendor(tx, vendorId))!;
    const reason = `评价 ${input.periodFrom} – ${input.periodTo}: ${total} 分 / evaluation ${total} points`;
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'vendor', id: vendorId },
      action: 'evaluate',
      after: {
        evaluation: id,
        periodFrom: input.periodFrom,
        periodTo: input.periodTo,
        quality: input.quality,
        delivery: input.delivery,
        cooperation: input.cooperation,
        total,
        result,
      },
    });
    if (before.status !== after.status) {
      await insertAudit(tx, {
        actorId: auth.userId,
        ref: { type: 'vendor', id: vendorId },
        action: `status.${after.status}`,
        before: vendorSnapshot(before),
        after: vendorSnapshot(after),
        reason,
      });
    }
    return toEvaluation((await repo.selectEvaluations(tx, vendorId)).find((e) => e.id === id)!);
  });
}
const vendorSnapshot = (r: repo.VendorRow) => ({ code: r.code, nameZh: r.nameZh, nameEn: r.nameEn, status: r.status, scope: r.scope, notes: r.notes });

export async function listVendors(db: Db, q: z.infer<typeof VendorListQuery>) {
  const latest = await repo.selectLatestEvaluations(db);
  const today = (await siteCalendar(db)).localDate(new Date());
  return {
    items: (await repo.selectVendors(db, { status: q.status, includeVoided: q.includeVoided === 'true' })).map((v) =>
      toVendor(v, latest.get(v.id) ?? null, today),
    ),
  };
}

export async function createVendor(db: Db, auth: AuthContext, input: z.infer<typeof CreateVendorRequest>) {
  return db.transaction(async (tx) => {
    if (await repo.vendorCodeTaken(tx, input.code)) throw new AppError('DUPLICATE_CODE', [{ path: 'body.code', code: 'duplicate' }]);
    const id = await repo.insertVendor(tx, { ...input, nameSortKey: sortKey(input.nameZh) }, auth.userId);
    const row = (await repo.selectVendor(tx, id))!;
    await insertAudit(tx, { actorId: auth.userId, ref: { type: 'vendor', id }, action: 'create', after: vendorSnapshot(row) });
    return toVendor(row);
  });
}

export async function updateVendor(db: Db, auth: AuthContext, id: string, input: z.infer<typeof UpdateVendorRequest>) {
  return db.transaction(async (tx) => {
    const before = await repo.selectVendor(tx, id);
    if (!before) throw notFound();
    if (before.voidedAt) throw new AppError('RECORD_VOIDED');
    if (await repo.vendorCodeTaken(tx, input.code, id)) throw new AppError('DUPLICATE_CODE', [{ path: 'body.code', code: 'duplicate' }]);
    const { version, reason, ...values } = input;
    if (!(await repo.updateVendorRow(tx, id, version, { ...values, nameSortKey: sortKey(values.nameZh) }, auth.userId))) throw versionConflict();
    const after = (await repo.selectVendor(tx, id))!;
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'vendor', id },
      action: before.status !== after.status ? `status.${after.status}` : 'update',
      before: vendorSnapshot(before),
      after: vendorSnapshot(after),
      reason,
    });
    return toVendor(after);
  });
}

export function toSheet(r: repo.SheetRow): TCuttingSheet {
  return {
    ...r,
    vendorStatus: r.vendorStatus as TCuttingSheet['vendorStatus'],
    status: (r.status as TCuttingSheet['status']) ?? null,
    vendorConfirmedAt: r.vendorConfirmedAt?.toISOString() ?? null,
    receivedAt: r.receivedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
  };
}

function sheetSnapshot(r: repo.SheetRow) {
  return {
    number: r.number,
    order: r.orderNumber,
    line: r.lineNo,
    vendor: `${r.vendorCode} ${r.vendorName}`,
    quantity: r.quantity,
    material: r.material,
    cuttingSpec: r.cuttingSpec,
    requiredDate: r.requiredDate,
    vendorDeliveryDate: r.vendorDeliveryDate,
    vendorConfirmationNote: r.vendorConfirmationNote,
    notes: r.notes,
    receivedQuantity: r.receivedQuantity,
    receivedNote: r.receivedNote,
  };
}

async function index(tx: Executor, r: repo.SheetRow) {
  await upsertSearchDocument(tx, {
    refType: 'cutting-sheet',
    refId: r.id,
    partyId: r.partyId,
    permission: 'orders.read',
    title: `${r.number} ${r.model} ${r.vendorName}`,
    body: [r.material, r.cuttingSpec, r.notes ?? ''].join('\n'),
    codes: [r.number, r.orderNumber, r.model, r.vendorCode],
    at: r.createdAt,
    voided: false,
  });
}

async function loadSheet(tx: Db | Executor, id: string) {
  const row = await repo.selectSheet(tx, id);
  if (!row) throw notFound();
  return row;
}

/** The vendor must be on the qualified vendor list, and not suspended. */
async function usableVendor(tx: Executor, vendorId: string) {
  const v = await repo.selectVendor(tx, vendorId);
  if (!v || v.voidedAt) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.vendorId', code: 'not_found' }]);
  if (!USABLE_VENDOR_STATUSES.has(v.status)) throw new AppError('VENDOR_NOT_QUALIFIED', [{ path: 'body.vendorId', code: v.status }]);
  return v;
}

export async function listSheets(db: Db, q: z.infer<typeof CuttingSheetListQuery>) {
  const rows = await repo.selectSheets(db, { orderId: q.orderId, vendorId: q.vendorId, open: q.open === undefined ? undefined : q.open === 'true' });
  return { items: rows.map(toSheet) };
}

export async function getSheet(db: Db, id: string) {
  return toSheet(await loadSheet(db, id));
}

export async function createSheet(db: Db, auth: AuthContext, orderId: string, input: z.infer<typeof CreateCuttingSheetRequest>) {
  const id = await db.transaction(async (tx) => {
    const order = await getOrder(tx, orderId);
    if (order.voided || order.closed) throw new AppError('ORDER_NOT_EDITABLE');
    if (!order.lines.some((l) => l.id === input.lineId)) throw new AppError('ORDER_LINE_NOT_FOUND', [{ path: 'body.lineId', code: 'not_found' }]);
    await usableVendor(tx, input.vendorId);
    const cal = await siteCalendar(tx);
    const newId = await repo.insertSheet(
      tx,
      orderId,
      input.lineId,
      {
        vendorId: input.vendorId,
        quantity: input.quantity,
        material: input.material,
        cuttingSpec: input.cuttingSpec,
        requiredDate: input.requiredDate,
        notes: input.notes,
      },
      auth.userId,
      Number(cal.localDate(new Date()).slice(0, 4)),
    );
    const row = (await repo.selectSheet(tx, newId))!;
    await insertAudit(tx, { actorId: auth.userId, ref: { type: 'cutting-sheet', id: newId }, action: 'create', after: sheetSnapshot(row) });
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'order', id: orderId },
      action: 'cutting-sheet.create',
      after: { cuttingSheet: row.number, line: row.lineNo, vendor: row.vendorName, quantity: row.quantity },
    });
    await index(tx, row);
    await startProcedure(tx, auth, {
      procedureId: repo.CUTTING_SHEET_PROCEDURE,
      ref: { type: 'cutting-sheet', id: newId },
      assigneeId: auth.userId,
      at: new Date(),
    });
    return newId;
  });
  return getSheet(db, id);
}

export async function updateSheet(db: Db, auth: AuthContext, id: string, input: z.infer<typeof UpdateCuttingSheetRequest>) {
  await db.transaction(async (tx) => {
    const before = await loadSheet(tx, id);
    if (before.status !== 'open' || !EDITABLE_STATES.has(before.state ?? '')) throw new AppError('CUTTING_SHEET_NOT_EDITABLE');
    await usableVendor(tx, input.vendorId);
    // the vendor's confirmation was of this vendor, quantity and date: a change asks for it again
    const reconfirm = before.vendorId !== input.vendorId || before.quantity !== input.quantity || before.requiredDate !== input.requiredDate;
    const patch: repo.SheetPatch = {
      vendorId: input.vendorId,
      quantity: input.quantity,
      material: input.material,
      cuttingSpec: input.cuttingSpec,
      requiredDate: input.requiredDate,
      notes: input.notes,
    };
    if (reconfirm) Object.assign(patch, { vendorDeliveryDate: null, vendorConfirmedAt: null, vendorConfirmationNote: null });
    if (!(await repo.updateSheetRow(tx, id, input.version, patch, auth.userId))) throw versionConflict();
    const after = (await repo.selectSheet(tx, id))!;
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'cutting-sheet', id },
      action: 'update',
      before: sheetSnapshot(before),
      after: sheetSnapshot(after),
      reason: input.reason,
    });
    await index(tx, after);
  });
  return getSheet(db, id);
}

/** The delivery date the vendor commits to, agreed before the VP reviews the sheet [CR 5.4.2]. */
export async function confirmVendorDelivery(db: Db, auth: AuthContext, id: string, input: z.infer<typeof ConfirmVendorDeliveryRequest>) {
  await db.transaction(async (tx) => {
    const before = await loadSheet(tx, id);
    if (before.status !== 'open' || !EDITABLE_STATES.has(before.state ?? '')) throw new AppError('CUTTING_SHEET_NOT_EDITABLE');
    const patch = { vendorDeliveryDate: input.vendorDeliveryDate, vendorConfirmedAt: new Date(), vendorConfirmationNote: input.note };
    if (!(await repo.updateSheetRow(tx, id, input.version, patch, auth.userId))) throw versionConflict();
    const after = (await repo.selectSheet(tx, id))!;
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'cutting-sheet', id },
      action: 'vendor-delivery.confirm',
      before: sheetSnapshot(before),
      after: sheetSnapshot(after),
    });
  });
  return getSheet(db, id);
}

/** What the vendor delivered; the procedure's `received` step needs it. */
export async function recordVendorReceipt(db: Db, auth: AuthContext, id: string, input: z.infer<typeof RecordVendorReceiptRequest>) {
  await db.transaction(async (tx) => {
    const before = await loadSheet(tx, id);
    if (before.status !== 'open' || before.state !== 'vendor-delivery') throw new AppError('CUTTING_SHEET_WRONG_STEP');
    const patch = {
      receivedQuantity: input.receivedQuantity,
      receivedAt: input.receivedAt ? new Date(input.receivedAt) : new Date(),
      receivedNote: input.note,
    };
    if (!(await repo.updateSheetRow(tx, id, input.version, patch, auth.userId))) throw versionConflict();
    const after = (await repo.selectSheet(tx, id))!;
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'cutting-sheet', id },
      action: 'vendor-delivery.receive',
      before: sheetSnapshot(before),
      after: sheetSnapshot(after),
    });
  });
  return getSheet(db, id);
}
