import { and, asc, eq, ilike, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../platform/db/client.js';
import { products } from './products.table.js';

const columns = {
  id: products.id,
  model: products.model,
  spec: products.spec,
  nameZh: products.nameZh,
  nameEn: products.nameEn,
  inBom: products.inBom,
  notes: products.notes,
  voidedAt: products.voidedAt,
  voidReason: products.voidReason,
  version: products.version,
  createdAt: products.createdAt,
  updatedAt: products.updatedAt,
};
export type ProductRow = {
  id: string;
  model: string;
  spec: string | null;
  nameZh: string;
  nameEn: string | null;
  inBom: boolean;
  notes: string | null;
  voidedAt: Date | null;
  voidReason: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
};

export interface ProductValues {
  model: string;
  spec: string | null;
  nameZh: string;
  nameEn: string | null;
  inBom: boolean;
  notes: string | null;
}

export async function selectProducts(
  db: Executor,
  f: { q?: string | undefined; inBom?: boolean | undefined; includeVoided?: boolean | undefined; limit: number; offset: number },
) {
  const where: (SQL | undefined)[] = [];
  if (!f.includeVoided) where.push(isNull(products.voidedAt));
  if (f.inBom !== undefined) where.push(eq(products.inBom, f.inBom));
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(or(ilike(products.model, like), ilike(products.spec, like), ilike(products.nameZh, like), ilike(products.nameEn, like)));
  }
  const cond = where.length ? and(...where) : undefined;
  const [items, [count]] = await Promise.all([
    db.select(columns).from(products).where(cond).orderBy(asc(products.model)).limit(f.limit).offset(f.offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(products)
      .where(cond),
  ]);
  return { items: items as ProductRow[], total: count?.n ?? 0 };
}

export async function selectProduct(db: Executor, id: string): Promise<ProductRow | undefined> {
  const [row] = await db.select(columns).from(products).where(eq(products.id, id));
  return row;
}

/** The active product with this model (case-insensitive), other than `exceptId`. */
export async function selectActiveProductByModel(db: Executor, model: string, exceptId?: string) {
  const [row] = await db
    .select(columns)
    .from(products)
    .where(and(sql`upper(${products.model}) = upper(${model})`, isNull(products.voidedAt), exceptId ? sql`${products.id} <> ${exceptId}` : undefined));
  return row as ProductRow | undefined;
}

/** Active products for a set of models (matched case-insensitively). */
export async function selectActiveProductsByModels(db: Executor, models: string[]): Promise<ProductRow[]> {
  const upper = [...new Set(models.map((m) => m.toUpperCase()))];
  if (!upper.length) return [];
  return db
    .select(columns)
    .from(products)
    .where(and(inArray(sql`upper(${products.model})`, upper), isNull(products.voidedAt))) as Promise<ProductRow[]>;
}

export async function insertProduct(tx: Executor, v: ProductValues, actorId: string): Promise<string> {
  const [row] = await tx
    .insert(products)
    .values({ ...v, createdBy: actorId, updatedBy: actorId })
    .returning({ id: products.id });
  return row!.id;
}

export async function updateProductRow(
  tx: Executor,
  id: string,
  version: number,
  v: Partial<ProductValues & { voidedAt: Date; voidReason: string }>,
  actorId: string,
): Promise<boolean> {
  const res = await tx
    .update(products)
    .set({ ...v, version: sql`${products.version} + 1`, updatedAt: new Date(), updatedBy: actorId })
    .where(and(eq(products.id, id), eq(products.version, version)))
    .returning({ id: products.id });
  return res.length > 0;
}
