import type { z } from 'zod';
import type { Db, Executor } from '../platform/db/client.js';
import { AppError, notFound, versionConflict } from '../platform/http/app-error.js';
import type { AuthContext } from '../platform/http/access.js';
import { insertAudit } from '../platform/audit/audit.repository.js';
import { upsertSearchDocument } from '../platform/search/search.repository.js';
import type { VoidRequest } from '../../contracts/common.js';
import type { CreateProductRequest, ProductListQuery, TProduct, UpdateProductRequest } from '../../contracts/products.js';
import * as repo from './products.repository.js';

function toProduct(r: repo.ProductRow): TProduct {
  return {
    id: r.id,
    model: r.model,
    spec: r.spec,
    nameZh: r.nameZh,
    nameEn: r.nameEn,
    inBom: r.inBom,
    notes: r.notes,
    voided: !!r.voidedAt,
    voidReason: r.voidReason,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

function snapshot(r: repo.ProductRow) {
  return { model: r.model, spec: r.spec, nameZh: r.nameZh, nameEn: r.nameEn, inBom: r.inBom, notes: r.notes, voided: !!r.voidedAt, voidReason: r.voidReason };
}

async function index(tx: Executor, r: repo.ProductRow) {
  await upsertSearchDocument(tx, {
    refType: 'product',
    refId: r.id,
    partyId: null,
    permission: 'products.read',
    title: `${r.model} ${r.nameZh}${r.nameEn ? ` / ${r.nameEn}` : ''}`,
    body: [r.spec ?? '', r.notes ?? ''].join('\n'),
    codes: [r.model],
    at: r.updatedAt,
    voided: !!r.voidedAt,
  });
}

function values(input: z.infer<typeof CreateProductRequest>): repo.ProductValues {
  return { model: input.model, spec: input.spec, nameZh: input.nameZh, nameEn: input.nameEn, inBom: input.inBom, notes: input.notes };
}

export async function listProducts(db: Db, q: z.infer<typeof ProductListQuery>) {
  const { items, total } = await repo.selectProducts(db, {
    q: q.q,
    inBom: q.inBom === undefined ? undefined : q.inBom === 'true',
    includeVoided: q.includeVoided === 'true',
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  return { items: items.map(toProduct), total, page: q.page, pageSize: q.pageSize };
}

export async function getProduct(db: Db | Executor, id: string) {
  const row = await repo.selectProduct(db, id);
  if (!row) throw notFound();
  return toProduct(row);
}

export async function createProduct(db: Db, auth: AuthContext, input: z.infer<typeof CreateProductRequest>) {
  return db.transaction(async (tx) => {
    if (await repo.selectActiveProductByModel(tx, input.model)) throw new AppError('DUPLICATE_CODE', [{ path: 'body.model', code: 'duplicate' }]);
    const id = await repo.insertProduct(tx, values(input), auth.userId);
    const row = (await repo.selectProduct(tx, id))!;
    await insertAudit(tx, { actorId: auth.userId, ref: { type: 'product', id }, action: 'create', after: snapshot(row) });
    await index(tx, row);
    return toProduct(row);
  });
}

export async function updateProduct(db: Db, auth: AuthContext, id: string, input: z.infer<typeof UpdateProductRequest>) {
  return db.transaction(async (tx) => {
    const before = await repo.selectProduct(tx, id);
    if (!before) throw notFound();
    if (before.voidedAt) throw new AppError('RECORD_VOIDED');
    if (await repo.selectActiveProductByModel(tx, input.model, id)) throw new AppError('DUPLICATE_CODE', [{ path: 'body.model', code: 'duplicate' }]);
    if (!(await repo.updateProductRow(tx, id, input.version, values(input), auth.userId))) throw versionConflict();
    const after = (await repo.selectProduct(tx, id))!;
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'product', id },
      action: 'update',
      before: snapshot(before),
      after: snapshot(after),
      reason: input.reason,
    });
    await index(tx, after);
    return toProduct(after);
  });
}

export async function voidProduct(db: Db, auth: AuthContext, id: string, input: z.infer<typeof VoidRequest>) {
  return db.transaction(async (tx) => {
    const before = await repo.selectProduct(tx, id);
    if (!before) throw notFound();
    if (before.voidedAt) throw new AppError('RECORD_VOIDED');
    if (!(await repo.updateProductRow(tx, id, input.version, { voidedAt: new Date(), voidReason: input.reason }, auth.userId))) throw versionConflict();
    const after = (await repo.selectProduct(tx, id))!;
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'product', id },
      action: 'void',
      before: snapshot(before),
      after: snapshot(after),
      reason: input.reason,
    });
    await index(tx, after);
    return toProduct(after);
  });
}
