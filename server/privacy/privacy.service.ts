import type { z } from 'zod';
import type { Db } from '../platform/db/client.js';
import type { AuthContext } from '../platform/http/access.js';
import { AppError, versionConflict } from '../platform/http/app-error.js';
import { insertAudit, redactAuditRows } from '../platform/audit/index.js';
import { upsertSearchDocument } from '../platform/search/search.repository.js';
import type { AnonymiseRequest, ContactPrivacyView, ExportRequest, PrivacyRequest, UpdateContactPrivacyRequest } from '../../contracts/privacy.js';
import * as repo from './privacy.repository.js';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
/** What replaces the person's data in text (both languages: the records are read in either). */
export const ERASED = '〔已匿名 anonymised〕';
export const ERASED_NAME = '已匿名联系人 Anonymised contact';

async function contactOr404(db: Db, id: string) {
  const c = await repo.selectContact(db, id);
  if (!c) throw new AppError('NOT_FOUND');
  return c;
}

function requestView(r: Awaited<ReturnType<typeof repo.selectRequests>>[number]): z.infer<typeof PrivacyRequest> {
  return { ...r, kind: r.kind as 'access' | 'anonymise', receivedAt: iso(r.receivedAt)!, handledAt: iso(r.handledAt)! };
}

export async function getContactPrivacy(db: Db, contactId: string): Promise<z.infer<typeof ContactPrivacyView>> {
  await contactOr404(db, contactId);
  const [p, requests, views] = await Promise.all([repo.selectPrivacy(db, contactId), repo.selectRequests(db, contactId), repo.selectViews(db, contactId)]);
  return {
    privacy: {
      contactId,
      legalBasis: (p?.legalBasis ?? null) as z.infer<typeof ContactPrivacyView>['privacy']['legalBasis'],
      consentAt: iso(p?.consentAt ?? null),
      source: p?.source ?? null,
      note: p?.note ?? null,
      anonymisedAt: iso(p?.anonymisedAt ?? null),
      version: p?.version ?? 0,
    },
    requests: requests.map(requestView),
    views: views.items.map((v) => ({ at: iso(v.at)!, userName: v.userName, route: v.route })),
    viewCount: views.count,
  };
}

export async function updateContactPrivacy(db: Db, auth: AuthContext, contactId: string, input: z.infer<typeof UpdateContactPrivacyRequest>) {
  await contactOr404(db, contactId);
  await db.transaction(async (tx) => {
    const before = await repo.selectPrivacy(tx, contactId);
    if (before?.anonymisedAt) throw new AppError('CONTACT_ANONYMISED');
    const values = { legalBasis: input.legalBasis, consentAt: input.consentAt ? new Date(input.consentAt) : null, source: input.source, note: input.note };
    if (!(await repo.writePrivacy(tx, contactId, input.version, values, auth.userId))) throw versionConflict();
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'contact', id: contactId },
      action: 'privacy.basis',
      before: before ? { legalBasis: before.legalBasis, consentAt: iso(before.consentAt), source: before.source, note: before.note } : null,
      after: { legalBasis: values.legalBasis, consentAt: input.consentAt, source: values.source, note: values.note },
    });
  });
  return getContactPrivacy(db, contactId);
}

/** Everything held about a contact, as one document: the person's data, their communications, mail, history. */
export async function exportContact(db: Db, auth: AuthContext, contactId: string, input: z.infer<typeof ExportRequest>) {
  const c = await contactOr404(db, contactId);
  const [communications, mail, history, privacy] = await Promise.all([
    repo.communicationsOf(db, contactId),
    repo.mailOf(db, c.email),
    repo.contactHistory(db, contactId),
    getContactPrivacy(db, contactId),
  ]);
  const summary = { communications: communications.length, mail: mail.length, history: history.length, views: privacy.viewCount };
  const requestId = await db.transaction(async (tx) => {
    const id = await repo.insertRequest(
      tx,
      { kind: 'access', contactId, receivedAt: new Date(input.receivedAt), channel: input.channel, requester: input.requester, reason: null, summary },
      auth.userId,
    );
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'contact', id: contactId },
      action: 'privacy.export',
      after: { requestId: id, format: input.format, ...summary },
    });
    return id;
  });
  const [request] = await repo.selectRequests(db, contactId, requestId);
  return {
    request: requestView(request!),
    document: {
      exportedAt: new Date().toISOString(),
      request: requestView(request!),
      person: { name: c.name, title: c.title, phone: c.phone, mobile: c.mobile, email: c.email, im: c.im, notes: c.notes },
      company: { code: c.partyCode, name: c.partyName },
      legalBasis: privacy.privacy,
      communications: communications.map((m) => ({ ...m, occurred_at: iso(m.occurred_at) })),
      mail: mail.map((m) => ({ ...m, at: iso(m.at) })),
      history: history.map((h) => ({ ...h, at: iso(h.at) })),
      views: privacy.views,
    },
  };
}

/** The export as a workbook: one sheet per kind of data, the same content as the JSON file. */
export async function exportWorkbook(document: Awaited<ReturnType<typeof exportContact>>['document']): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const sheet = (name: string, rows: Record<string, unknown>[]) => {
    const ws = wb.addWorksheet(name);
    const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    ws.columns = keys.map((k) => ({ header: k, key: k, width: Math.min(60, Math.max(12, k.length + 2)) }));
    for (const r of rows)
      ws.addRow(Object.fromEntries(keys.map((k) => [k, r[k] === null || r[k] === undefined ? '' : typeof r[k] === 'object' ? JSON.stringify(r[k]) : r[k]])));
  };
  sheet('person', [
    {
      ...document.person,
      companyCode: document.company.code,
      company: document.company.name,
      exportedAt: document.exportedAt,
      request: document.request.number,
    },
  ]);
  sheet('legal basis', [document.legalBasis as unknown as Record<string, unknown>]);
  sheet('communications', document.communications as unknown as Record<string, unknown>[]);
  sheet('mail', document.mail as unknown as Record<string, unknown>[]);
  sheet('history', document.history as unknown as Record<string, unknown>[]);
  sheet('views', document.views as unknown as Record<string, unknown>[]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Tables the erasure leaves to their own handling (the trail, search) or that hold no person's data of a customer. */
const NOT_SCRUBBED = new Set([
  'audit_log',
  'audit_chain',
  'search_index',
  'personal_data_views',
  'privacy_requests',
  'contact_privacy',
  'users',
  'sessions',
  'counters',
  'outbox',
]);

const scrubText = (text: string, values: string[]) => values.reduce((t, v) => t.split(v).join(ERASED), text);
function scrubJson(value: unknown, values: string[]): unknown {
  if (typeof value === 'string') return scrubText(value, values);
  if (Array.isArray(value)) return value.map((v) => scrubJson(v, values));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubJson(v, values)]));
  return value;
}

/**
 * Erase a person (PIPL art. 47): the business records stay, the person's data goes — from the contact, from the text of
 * every record of their company that names them (communications, mail, complaints, orders, attachments' names…), from
 * the search index and from the audit trail's history snapshots (rewritten as a declared erasure: the chain still
 * verifies). All in one transaction, with the request and what changed recorded (counts, never the data).
 */
export async function anonymiseContact(db: Db, auth: AuthContext, contactId: string, input: z.infer<typeof AnonymiseRequest>) {
  const c = await contactOr404(db, contactId);
  const existing = await repo.selectPrivacy(db, contactId);
  if (existing?.anonymisedAt) throw new AppError('CONTACT_ANONYMISED');
  if (input.confirmName.trim() !== c.name) throw new AppError('CONFIRMATION_MISMATCH', [{ path: 'body.confirmName', code: 'mismatch' }]);
  const personal = [c.phone, c.mobile, c.email, c.im].filter((v): v is string => !!v && v.trim().length >= 3).map((v) => v.trim());
  const shared = await repo.sharedValues(db, contactId, personal);
  // the name is scrubbed where it stands for the person (two characters at least: 陈工, not 陈)
  const values = [...new Set([...personal.filter((v) => !shared.has(v)), ...(c.name.trim().length >= 2 ? [c.name.trim()] : [])])].sort(
    (a, b) => b.length - a.length,
  );
  const who = { contactId, partyId: c.partyId };

  const requestId = await db.transaction(async (tx) => {
    await repo.enableMaintenance(tx); // closed records' triggers let a declared erasure through (migrations/0019)
    const summary: Record<string, number> = {};
    const tables = await repo.scopedColumns(tx, NOT_SCRUBBED);
    const partyTables = await repo.tablesWithColumn(tx, 'party_id'); // their rows are scoped by the company
    const recordIds = await repo.recordIdsOf(
      tx,
      who,
      [...tables.entries()]
        .filter(([name, t]) => t.hasId && t.scope !== 'self-party' && name !== 'contacts')
        .map(([name]) => ({ name, scope: partyTables.has(name) ? ('party' as const) : ('contact' as const) })),
    );
    if (values.length) {
      for (const [table, spec] of tables) {
        const changed = await repo.scrubTable(tx, table, spec, who, values, ERASED, partyTables.has(table));
        if (changed.length) summary[table] = changed.length;
      }
      const files = await repo.scrubAttachmentNames(tx, recordIds, values, ERASED);
      if (files) summary.attachments = files;
      const auditIds = await repo.auditRowsMentioning(tx, recordIds, values);
      const redacted = await redactAuditRows(tx, auditIds, (x) => ({
        before: x.before ? (scrubJson(x.before, values) as Record<string, unknown>) : null,
        after: x.after ? (scrubJson(x.after, values) as Record<string, unknown>) : null,
        reason: x.reason === null ? null : scrubText(x.reason, values),
      }));
      if (redacted.length) summary.audit_log = redacted.length;
      const docs = await repo.searchRowsMentioning(tx, who, values);
      for (const d of docs) {
        await upsertSearchDocument(tx, {
          refType: d.ref_type,
          refId: d.ref_id,
          partyId: d.party_id,
          permission: d.permission,
          title: scrubText(d.title, values),
          body: scrubText(d.body, values),
          codes: d.codes ? scrubText(d.codes, values).split(' ').filter(Boolean) : [],
          at: new Date(d.at),
          voided: d.voided,
        });
      }
      if (docs.length) summary.search_index = docs.length;
    }
    await repo.clearContact(tx, contactId, ERASED_NAME, auth.userId);
    await repo.markAnonymised(tx, contactId, new Date(), auth.userId);
    const id = await repo.insertRequest(
      tx,
      {
        kind: 'anonymise',
        contactId,
        receivedAt: new Date(input.receivedAt),
        channel: input.channel,
        requester: input.requester,
        reason: input.reason,
        summary,
      },
      auth.userId,
    );
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'contact', id: contactId },
      action: 'privacy.anonymise',
      reason: scrubText(input.reason, values),
      after: { requestId: id, changed: summary, sharedValuesKept: shared.size },
    });
    return id;
  });
  const [request] = await repo.selectRequests(db, contactId, requestId);
  return { request: requestView(request!) };
}

/**
 * The objects of a response that look like a contact shown with personal data (an id, a name, a personal field with
 * a value): the access plugin hands them here after redaction, for users who may see them.
 */
export function personalDataShown(payload: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(payload)) {
    for (const v of payload) personalDataShown(v, found);
  } else if (payload && typeof payload === 'object') {
    const o = payload as Record<string, unknown>;
    if (typeof o.id === 'string' && typeof o.name === 'string' && ['phone', 'mobile', 'email', 'im'].some((k) => typeof o[k] === 'string' && o[k] !== ''))
      found.add(o.id);
    for (const v of Object.values(o)) if (v && typeof v === 'object') personalDataShown(v, found);
  }
  return found;
}

export async function logPersonalDataViews(db: Db, userId: string, candidateIds: Set<string>, route: string) {
  const ids = await repo.existingContactIds(
    db,
    [...candidateIds].filter((id) => /^[0-9a-f-]{36}$/i.test(id)),
  );
  await repo.insertViews(db, userId, ids, route);
}
