import type { z } from 'zod';
import { pinyin } from 'pinyin-pro';
import type { Db, Executor } from '../platform/db/client.js';
import { AppError, notFound, versionConflict } from '../platform/http/app-error.js';
import type { AuthContext } from '../platform/http/access.js';
import { insertAudit } from '../platform/audit/audit.repository.js';
import { upsertSearchDocument } from '../platform/search/search.repository.js';
import type { VoidRequest } from '../../contracts/common.js';
import type {
  AcceptCustomerRequest,
  ContactInput,
  CreateCustomerRequest,
  CustomerListQuery,
  TContact,
  TCustomer,
  UpdateContactRequest,
  UpdateCustomerRequest,
} from '../../contracts/parties.js';
import * as repo from './parties.repository.js';

type CustomerWithDue = repo.CustomerRow & { contactDue: boolean };

/** Pinyin sort key, identical on both engines (PGlite has no ICU collations). */
export function nameSortKey(nameZh: string): string {
  return pinyin(nameZh, { toneType: 'none', type: 'array', nonZh: 'consecutive' }).join(' ').toLowerCase();
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toContact(c: repo.ContactRow): TContact {
  return {
    id: c.id,
    partyId: c.partyId,
    name: c.name,
    title: c.title,
    phone: c.phone,
    mobile: c.mobile,
    email: c.email,
    im: c.im,
    preferredChannel: c.preferredChannel as TContact['preferredChannel'],
    isPrimary: c.isPrimary,
    notes: c.notes,
    voided: !!c.voidedAt,
    version: c.version,
  };
}

function toSummary(c: CustomerWithDue) {
  return {
    id: c.id,
    code: c.code,
    nameZh: c.nameZh,
    nameEn: c.nameEn,
    grade: c.grade as TCustomer['grade'],
    status: c.status as TCustomer['status'],
    ownerId: c.ownerId,
    ownerName: c.ownerName,
    acceptedByGm: c.acceptedByGm,
    lastContactAt: iso(c.lastContactAt),
    contactCadenceDays: c.contactCadenceDays,
    effectiveCadenceDays: c.contactCadenceDays ?? c.segmentCadenceDays ?? null,
    abcClass: (c.abcClass ?? null) as TCustomer['abcClass'],
    highValue: !!c.highValue,
    contactDue: !!c.contactDue,
    voided: !!c.voidedAt,
    version: c.version,
  };
}

/** What the audit trail keeps of a customer (its own fields; contacts are audited apart). */
function customerSnapshot(c: repo.CustomerRow) {
  return {
    code: c.code,
    nameZh: c.nameZh,
    nameEn: c.nameEn,
    grade: c.grade,
    status: c.status,
    ownerId: c.ownerId,
    ownerName: c.ownerName,
    acceptedByGm: c.acceptedByGm,
    contactCadenceDays: c.contactCadenceDays,
    preferredLanguage: c.preferredLanguage,
    notes: c.notes,
    voidReason: c.voidReason,
  };
}

function contactSnapshot(c: repo.ContactRow) {
  const { id: _id, partyId: _p, voidedAt, version: _v, ...rest } = c;
  return { ...rest, voided: !!voidedAt };
}

async function loadCustomer(db: Executor, id: string): Promise<TCustomer> {
  const c = await repo.selectCustomer(db, id);
  if (!c) throw notFound();
  const contacts = await repo.selectContacts(db, [id]);
  return {
    ...toSummary(c),
    preferredLanguage: c.preferredLanguage as TCustomer['preferredLanguage'],
    notes: c.notes,
    acceptedAt: iso(c.acceptedAt),
    acceptedByName: c.acceptedByName,
    contacts: contacts.map(toContact),
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

async function indexCustomer(tx: Executor, id: string) {
  const c = (await repo.selectCustomer(tx, id))!;
  const contacts = await repo.selectContacts(tx, [id]);
  await upsertSearchDocument(tx, {
    refType: 'customer',
    refId: id,
    partyId: id,
    permission: 'customers.read',
    title: `${c.code} ${c.nameZh}${c.nameEn ? ` / ${c.nameEn}` : ''}`,
    body: [c.notes ?? '', ...contacts.filter((x) => !x.voidedAt).map((x) => `${x.name} ${x.title ?? ''}`)].join('\n'),
    codes: [c.code],
    at: c.updatedAt,
    voided: !!c.voidedAt,
  });
}

export async function listCustomers(db: Db, q: z.infer<typeof CustomerListQuery>) {
  const { items, total } = await repo.selectCustomers(db, {
    q: q.q,
    status: q.status,
    grade: q.grade,
    ownerId: q.ownerId,
    contactDue: q.contactDue === undefined ? undefined : q.contactDue === 'true',
    segment: q.segment,
    highValue: q.highValue === undefined ? undefined : q.highValue === 'true',
    includeVoided: q.includeVoided === 'true',
    sort: q.sort,
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  return { items: items.map(toSummary), total, page: q.page, pageSize: q.pageSize };
}

export function getCustomer(db: Db, id: string) {
  return loadCustomer(db, id);
}

function customerValues(input: z.infer<typeof UpdateCustomerRequest> | z.infer<typeof CreateCustomerRequest>): repo.CustomerValues {
  return {
    nameZh: input.nameZh,
    nameEn: input.nameEn,
    nameSortKey: nameSortKey(input.nameZh),
    grade: input.grade,
    status: input.status,
    ownerId: input.ownerId,
    contactCadenceDays: input.contactCadenceDays,
    preferredLanguage: input.preferredLanguage,
    notes: input.notes,
  };
}

export async function createCustomer(db: Db, auth: AuthContext, input: z.infer<typeof CreateCustomerRequest>) {
  return db.transaction(async (tx) => {
    const code = input.code.toUpperCase();
    if (await repo.selectCustomerByCode(tx, code)) throw new AppError('DUPLICATE_CODE', [{ path: 'body.code', code: 'duplicate' }]);
    const id = await repo.insertCustomer(tx, code, customerValues(input), auth.userId);
    const created = (await repo.selectCustomer(tx, id))!;
    await insertAudit(tx, { actorId: auth.userId, ref: { type: 'customer', id }, action: 'create', after: customerSnapshot(created) });
    let primarySeen = false;
    for (const c of input.contacts) {
      const isPrimary: boolean = c.isPrimary && !primarySeen;
      primarySeen ||= isPrimary;
      const row = await repo.insertContact(tx, id, { ...c, isPrimary }, auth.userId);
      await insertAudit(tx, { actorId: auth.userId, ref: { type: 'contact', id: row.id }, action: 'create', after: contactSnapshot(row) });
    }
    await indexCustomer(tx, id);
    return loadCustomer(tx, id);
  });
}

export async function updateCustomer(db: Db, auth: AuthContext, id: string, input: z.infer<typeof UpdateCustomerRequest>) {
  return db.transaction(async (tx) => {
    const before = await repo.selectCustomer(tx, id);
    if (!before) throw notFound();
    if (before.voidedAt) throw new AppError('RECORD_VOIDED');
    if (!(await repo.updateCustomerRow(tx, id, input.version, customerValues(input), auth.userId))) throw versionConflict();
    const after = (await repo.selectCustomer(tx, id))!;
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'customer', id },
      action: 'update',
      before: customerSnapshot(before),
      after: customerSnapshot(after),
      reason: input.reason,
    });
    await indexCustomer(tx, id);
    return loadCustomer(tx, id);
  });
}

/** The GM's decision to take on a new customer [SP 6.2.1]. */
export async function acceptCustomer(db: Db, auth: AuthContext, id: string, input: z.infer<typeof AcceptCustomerRequest>) {
  return db.transaction(async (tx) => {
    const before = await repo.selectCustomer(tx, id);
    if (!before) throw notFound();
    if (before.voidedAt) throw new AppError('RECORD_VOIDED');
    const ok = await repo.updateCustomerRow(tx, id, input.version, { acceptedByGm: true, acceptedAt: new Date(), acceptedBy: auth.userId }, auth.userId);
    if (!ok) throw versionConflict();
    const after = (await repo.selectCustomer(tx, id))!;
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'customer', id },
      action: 'accept',
      before: customerSnapshot(before),
      after: customerSnapshot(after),
      reason: input.reason,
    });
    return loadCustomer(tx, id);
  });
}

export async function voidCustomer(db: Db, auth: AuthContext, id: string, input: z.infer<typeof VoidRequest>) {
  return db.transaction(async (tx) => {
    const before = await repo.selectCustomer(tx, id);
    if (!before) throw notFound();
    if (before.voidedAt) throw new AppError('RECORD_VOIDED');
    if (!(await repo.updateCustomerRow(tx, id, input.version, { voidedAt: new Date(), voidReason: input.reason }, auth.userId))) throw versionConflict();
    const after = (await repo.selectCustomer(tx, id))!;
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'customer', id },
      action: 'void',
      before: customerSnapshot(before),
      after: customerSnapshot(after),
      reason: input.reason,
    });
    await indexCustomer(tx, id);
    return loadCustomer(tx, id);
  });
}

async function assertCustomerOpen(tx: Executor, partyId: string) {
  const c = await repo.selectCustomer(tx, partyId);
  if (!c) throw notFound();
  if (c.voidedAt) throw new AppError('RECORD_VOIDED');
}

export async function addContact(db: Db, auth: AuthContext, partyId: string, input: z.infer<typeof ContactInput>) {
  return db.transaction(async (tx) => {
    await assertCustomerOpen(tx, partyId);
    const row = await repo.insertContact(tx, partyId, input, auth.userId);
    if (row.isPrimary) await repo.clearPrimaryContact(tx, partyId, row.id);
    await insertAudit(tx, { actorId: auth.userId, ref: { type: 'contact', id: row.id }, action: 'create', after: contactSnapshot(row) });
    await indexCustomer(tx, partyId);
    return toContact(row);
  });
}

async function loadContactOf(tx: Executor, partyId: string, contactId: string) {
  const before = await repo.selectContact(tx, contactId);
  if (!before || before.partyId !== partyId) throw notFound();
  if (before.voidedAt) throw new AppError('RECORD_VOIDED');
  return before;
}

export async function updateContact(db: Db, auth: AuthContext, partyId: string, contactId: string, input: z.infer<typeof UpdateContactRequest>) {
  return db.transaction(async (tx) => {
    await assertCustomerOpen(tx, partyId);
    const before = await loadContactOf(tx, partyId, contactId);
    const { version, ...input2 } = input;
    // a user who cannot see personal data cannot change it either: the hidden values stay
    const values = auth.visible.has('personal') ? input2 : { ...input2, phone: before.phone, mobile: before.mobile, email: before.email, im: before.im };
    const after = await repo.updateContactRow(tx, contactId, version, values, auth.userId);
    if (!after) throw versionConflict();
    if (after.isPrimary) await repo.clearPrimaryContact(tx, partyId, contactId);
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'contact', id: contactId },
      action: 'update',
      before: contactSnapshot(before),
      after: contactSnapshot(after),
    });
    await indexCustomer(tx, partyId);
    return toContact(after);
  });
}

export async function voidContact(db: Db, auth: AuthContext, partyId: string, contactId: string, input: z.infer<typeof VoidRequest>) {
  return db.transaction(async (tx) => {
    const before = await loadContactOf(tx, partyId, contactId);
    const after = await repo.updateContactRow(tx, contactId, input.version, { voidedAt: new Date(), voidReason: input.reason, isPrimary: false }, auth.userId);
    if (!after) throw versionConflict();
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'contact', id: contactId },
      action: 'void',
      before: contactSnapshot(before),
      after: contactSnapshot(after),
      reason: input.reason,
    });
    await indexCustomer(tx, partyId);
    return toContact(after);
  });
}
