import { and, asc, desc, eq, isNull, ne, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../platform/db/client.js';
import { nextNumber } from '../platform/numbering/numbering.js';
import { users } from '../identity/identity.table.js';
import { parties } from '../parties/parties.table.js';
import { orderLines, orders } from '../orders/orders.table.js';
import { procedureInstances } from '../procedures/procedures.table.js';
import { cuttingSheets, vendorEvaluations } from './outsourcing.table.js';

export const CUTTING_SHEET_PROCEDURE = 'cutting-sheet';
const VENDOR = 'vendor';

// ——— the qualified vendor list (parties of kind `vendor`) ———

const vendorColumns = {
  id: parties.id,
  code: parties.code,
  nameZh: parties.nameZh,
  nameEn: parties.nameEn,
  status: parties.status,
  scope: parties.scope,
  notes: parties.notes,
  voidedAt: parties.voidedAt,
  version: parties.version,
  updatedAt: parties.updatedAt,
};
export type VendorRow = {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string | null;
  status: string;
  scope: string | null;
  notes: string | null;
  voidedAt: Date | null;
  version: number;
  updatedAt: Date;
};
export interface VendorValues {
  code: string;
  nameZh: string;
  nameEn: string | null;
  nameSortKey: string;
  status: string;
  scope: string | null;
  notes: string | null;
}

export async function selectVendors(db: Executor, f: { status?: string | undefined; includeVoided?: boolean }) {
  const where: (SQL | undefined)[] = [eq(parties.kind, VENDOR)];
  if (!f.includeVoided) where.push(isNull(parties.voidedAt));
  if (f.status) where.push(eq(parties.status, f.status));
  return (await db
    .select(vendorColumns)
    .from(parties)
    .where(and(...where))
    .orderBy(asc(parties.nameSortKey))) as VendorRow[];
}

export async function selectVendor(db: Executor, id: string): Promise<VendorRow | undefined> {
  const [row] = await db
    .select(vendorColumns)
    .from(parties)
    .where(and(eq(parties.id, id), eq(parties.kind, VENDOR)));
  return row as VendorRow | undefined;
}

export async function vendorCodeTaken(db: Executor, code: string, exceptId?: string) {
  const [row] = await db
    .select({ id: parties.id })
    .from(parties)
    .where(and(eq(parties.kind, VENDOR), eq(parties.code, code), exceptId ? ne(parties.id, exceptId) : undefined));
  return !!row;
}

export async function insertVendor(tx: Executor, v: VendorValues, actorId: string) {
  const [row] = await tx
    .insert(parties)
    .values({ kind: VENDOR, ...v, createdBy: actorId, updatedBy: actorId })
    .returning({ id: parties.id });
  return row!.id;
}

export async function updateVendorRow(
  tx: Executor,
  id: string,
  version: number,
  v: Partial<VendorValues> & { voidedAt?: Date; voidReason?: string },
  actorId: string,
) {
  const res = await tx
    .update(parties)
    .set({ ...v, version: sql`${parties.version} + 1`, updatedAt: new Date(), updatedBy: actorId })
    .where(and(eq(parties.id, id), eq(parties.kind, VENDOR), eq(parties.version, version)))
    .returning({ id: parties.id });
  return res.length === 1;
}

// ——— cutting sheets ———

const vendor = alias(parties, 'vendor');
const customer = alias(parties, 'customer');
const creator = alias(users, 'creator');
const instanceJoin = and(
  eq(procedureInstances.refType, 'cutting-sheet'),
  eq(procedureInstances.refId, sql`${cuttingSheets.id}::text`),
  eq(procedureInstances.procedureId, CUTTING_SHEET_PROCEDURE),
);

const sheetColumns = {
  id: cuttingSheets.id,
  number: cuttingSheets.number,
  orderId: cuttingSheets.orderId,
  orderNumber: orders.number,
  partyId: orders.partyId,
  partyName: customer.nameZh,
  lineId: cuttingSheets.lineId,
  lineNo: orderLines.lineNo,
  model: orderLines.model,
  spec: orderLines.spec,
  unit: orderLines.unit,
  vendorId: cuttingSheets.vendorId,
  vendorCode: vendor.code,
  vendorName: vendor.nameZh,
  vendorStatus: vendor.status,
  quantity: cuttingSheets.quantity,
  material: cuttingSheets.material,
  cuttingSpec: cuttingSheets.cuttingSpec,
  requiredDate: cuttingSheets.requiredDate,
  vendorDeliveryDate: cuttingSheets.vendorDeliveryDate,
  vendorConfirmedAt: cuttingSheets.vendorConfirmedAt,
  vendorConfirmationNote: cuttingSheets.vendorConfirmationNote,
  notes: cuttingSheets.notes,
  receivedQuantity: cuttingSheets.receivedQuantity,
  receivedAt: cuttingSheets.receivedAt,
  receivedNote: cuttingSheets.receivedNote,
  state: procedureInstances.state,
  status: procedureInstances.status,
  createdAt: cuttingSheets.createdAt,
  createdBy: cuttingSheets.createdBy,
  createdByName: creator.displayName,
  version: cuttingSheets.version,
};
export type SheetRow = {
  id: string;
  number: string;
  orderId: string;
  orderNumber: string;
  partyId: string;
  partyName: string;
  lineId: string;
  lineNo: number;
  model: string;
  spec: string | null;
  unit: string;
  vendorId: string;
  vendorCode: string;
  vendorName: string;
  vendorStatus: string;
  quantity: number;
  material: string;
  cuttingSpec: string;
  requiredDate: string;
  vendorDeliveryDate: string | null;
  vendorConfirmedAt: Date | null;
  vendorConfirmationNote: string | null;
  notes: string | null;
  receivedQuantity: number | null;
  receivedAt: Date | null;
  receivedNote: string | null;
  state: string | null;
  status: string | null;
  createdAt: Date;
  createdBy: string | null;
  createdByName: string | null;
  version: number;
};

function sheetQuery(db: Executor) {
  return db
    .select(sheetColumns)
    .from(cuttingSheets)
    .innerJoin(orders, eq(orders.id, cuttingSheets.orderId))
    .innerJoin(orderLines, eq(orderLines.id, cuttingSheets.lineId))
    .innerJoin(vendor, eq(vendor.id, cuttingSheets.vendorId))
    .innerJoin(customer, eq(customer.id, orders.partyId))
    .leftJoin(creator, eq(creator.id, cuttingSheets.createdBy))
    .leftJoin(procedureInstances, instanceJoin);
}

export async function selectSheets(db: Executor, f: { orderId?: string | undefined; vendorId?: string | undefined; open?: boolean | undefined }) {
  const where: (SQL | undefined)[] = [];
  if (f.orderId) where.push(eq(cuttingSheets.orderId, f.orderId));
  if (f.vendorId) where.push(eq(cuttingSheets.vendorId, f.vendorId));
  if (f.open !== undefined) where.push(f.open ? eq(procedureInstances.status, 'open') : ne(procedureInstances.status, 'open'));
  return (await sheetQuery(db)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(cuttingSheets.createdAt))
    .limit(500)) as SheetRow[];
}

export async function selectSheet(db: Executor, id: string): Promise<SheetRow | undefined> {
  const [row] = await sheetQuery(db).where(eq(cuttingSheets.id, id));
  return row as SheetRow | undefined;
}

export interface SheetValues {
  vendorId: string;
  quantity: number;
  material: string;
  cuttingSpec: string;
  requiredDate: string;
  notes: string | null;
}

export async function insertSheet(tx: Executor, orderId: string, lineId: string, v: SheetValues, actorId: string, year: number) {
  const n = await nextNumber(
    tx,
    `cutting-sheet:${year}`,
    sql`select coalesce(max(split_part(number, '-', 3)::int), 0) from cutting_sheets where number like ${`CT-${year}-%`}`,
  );
  const number = `CT-${year}-${String(n).padStart(4, '0')}`;
  const [row] = await tx
    .insert(cuttingSheets)
    .values({ number, orderId, lineId, ...v, createdBy: actorId, updatedBy: actorId })
    .returning({ id: cuttingSheets.id });
  return row!.id;
}

export type SheetPatch = Partial<SheetValues> & {
  vendorDeliveryDate?: string | null;
  vendorConfirmedAt?: Date | null;
  vendorConfirmationNote?: string | null;
  receivedQuantity?: number;
  receivedAt?: Date;
  receivedNote?: string | null;
};

export async function updateSheetRow(tx: Executor, id: string, version: number, v: SheetPatch, actorId: string) {
  const res = await tx
    .update(cuttingSheets)
    .set({ ...v, version: sql`${cuttingSheets.version} + 1`, updatedAt: new Date(), updatedBy: actorId })
    .where(and(eq(cuttingSheets.id, id), eq(cuttingSheets.version, version)))
    .returning({ id: cuttingSheets.id });
  return res.length === 1;
}

/** The people of a record for the edit rights (`platform/records/edit-rights.ts`); null when it does not exist. */
export async function selectEditPeople(db: Executor, id: string) {
  const [r] = await db.select({ createdBy: cuttingSheets.createdBy }).from(cuttingSheets).where(eq(cuttingSheets.id, id));
  return r ? { owners: [r.createdBy] } : null;
}

export async function selectVendorEditPeople(db: Executor, id: string) {
  const [r] = await db
    .select({ ownerId: parties.ownerId, createdBy: parties.createdBy })
    .from(parties)
    .where(and(eq(parties.id, id), eq(parties.kind, 'vendor')));
  return r ? { owners: [r.ownerId, r.createdBy] } : null;
}

// ——— vendor evaluations ———

export type EvaluationRow = typeof vendorEvaluations.$inferSelect & { evaluatedByName: string | null };

export function selectEvaluations(db: Executor, vendorId: string): Promise<EvaluationRow[]> {
  return db
    .select({ ...vendorEvaluationColumns(), evaluatedByName: users.displayName })
    .from(vendorEvaluations)
    .leftJoin(users, eq(users.id, vendorEvaluations.evaluatedBy))
    .where(eq(vendorEvaluations.vendorId, vendorId))
    .orderBy(desc(vendorEvaluations.periodTo), desc(vendorEvaluations.evaluatedAt));
}

function vendorEvaluationColumns() {
  const { id, vendorId, periodFrom, periodTo, quality, delivery, cooperation, total, result, sheets, sheetsOnTime, comments, evaluatedBy, evaluatedAt } =
    vendorEvaluations;
  return { id, vendorId, periodFrom, periodTo, quality, delivery, cooperation, total, result, sheets, sheetsOnTime, comments, evaluatedBy, evaluatedAt };
}

/** The latest evaluation of each vendor (for the list: score, date, whether the next one is due). */
export async function selectLatestEvaluations(db: Executor): Promise<Map<string, { total: number; result: string; periodTo: string }>> {
  const found = await db
    .selectDistinctOn([vendorEvaluations.vendorId], {
      vendorId: vendorEvaluations.vendorId,
      total: vendorEvaluations.total,
      result: vendorEvaluations.result,
      periodTo: vendorEvaluations.periodTo,
    })
    .from(vendorEvaluations)
    .orderBy(vendorEvaluations.vendorId, desc(vendorEvaluations.periodTo), desc(vendorEvaluations.evaluatedAt));
  return new Map(found.map((r) => [r.vendorId, r]));
}

export async function insertEvaluation(tx: Executor, v: Omit<typeof vendorEvaluations.$inferInsert, 'id' | 'evaluatedAt'>) {
  const [row] = await tx.insert(vendorEvaluations).values(v).returning({ id: vendorEvaluations.id });
  return row!.id;
}

/**
 * The vendor's cutting sheets received in a period, and how many arrived by the date the vendor confirmed (or, without
 * one, the date we required) — the facts behind the delivery score. Dates compare on the site's calendar day.
 */
export async function deliveryFacts(db: Executor, vendorId: string, from: string, to: string, timeZone: string): Promise<{ sheets: number; onTime: number }> {
  const [row] = await db
    .select({
      sheets: sql<number>`count(*)::int`,
      onTime: sql<number>`count(*) filter (where (${cuttingSheets.receivedAt} at time zone ${timeZone})::date <= coalesce(${cuttingSheets.vendorDeliveryDate}, ${cuttingSheets.requiredDate}))::int`,
    })
    .from(cuttingSheets)
    .where(
      and(
        eq(cuttingSheets.vendorId, vendorId),
        sql`${cuttingSheets.receivedAt} is not null`,
        sql`(${cuttingSheets.receivedAt} at time zone ${timeZone})::date between ${from}::date and ${to}::date`,
      ),
    );
  return { sheets: row?.sheets ?? 0, onTime: row?.onTime ?? 0 };
}
