import { randomUUID } from 'node:crypto';
import { emitEvent, subscribersOf } from '../webhooks/index.js';
import type { z } from 'zod';
import type { Db, Executor } from '../platform/db/client.js';
import { AppError, notFound, versionConflict } from '../platform/http/app-error.js';
import type { AuthContext } from '../platform/http/access.js';
import { insertAudit, insertAudits } from '../platform/audit/audit.repository.js';
import { auditActor } from '../platform/audit/actor.js';
import { enqueue } from '../platform/outbox/outbox.js';
import { upsertSearchDocument, upsertSearchDocuments } from '../platform/search/search.repository.js';
import { fetchTitles, recordType } from '../platform/records/record-types.js';
import { attachmentsOf, claimAttachments, toAttachment } from '../platform/files/files.js';
import type { TRecordRef, VoidRequest } from '../../contracts/common.js';
import type {
  CommunicationListQuery,
  CompleteFollowUpRequest,
  CreateCommunicationRequest,
  TCommunication,
  UpdateCommunicationRequest,
} from '../../contracts/communications.js';
import { selectContact, selectCustomer, touchLastContact, touchLastContacts } from '../parties/index.js';
import { autoStartDefinitions, autoStartProcedures } from '../procedures/index.js';
import * as repo from './communications.repository.js';

export const communicationNumber = (seq: number) => `C${String(seq).padStart(6, '0')}`;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

type TitledLink = TRecordRef & { title: string | null };
type FileRow = Awaited<ReturnType<typeof attachmentsOf>>[number];

/** A row with its links (titled) and attachments → the contract object. */
function toContract(r: repo.CommunicationRow, links: TitledLink[], files: FileRow[]): TCommunication {
  return {
    id: r.id,
    number: communicationNumber(r.seq),
    partyId: r.partyId,
    partyCode: r.partyCode,
    partyName: r.partyName,
    channel: r.channel as TCommunication['channel'],
    direction: r.direction as TCommunication['direction'],
    topic: r.topic as TCommunication['topic'],
    occurredAt: r.occurredAt.toISOString(),
    ourUserId: r.ourUserId,
    ourUserName: r.ourUserName ?? '',
    contactId: r.contactId,
    contactName: r.contactName,
    subject: r.subject,
    content: r.content,
    result: r.result,
    followUpDue: iso(r.followUpDue),
    followUpDoneAt: iso(r.followUpDoneAt),
    links,
    attachments: files.map(toAttachment),
    voided: !!r.voidedAt,
    voidReason: r.voidReason,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    createdByName: r.createdByName ?? '',
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** Rows → contract objects, with links and attachments loaded in two queries for the page (one after the other: `db` may be a transaction). */
async function present(db: Executor, list: repo.CommunicationRow[]): Promise<TCommunication[]> {
  const ids = list.map((r) => r.id);
  const links = await repo.selectLinks(db, ids);
  const files = await attachmentsOf(db, 'communication', ids);
  // the linked records' titles for the whole page: one statement per record type
  const titles = await fetchTitles(db, links);
  return list.map((r) =>
    toContract(
      r,
      links.filter((l) => l.communicationId === r.id).map(({ type, id }) => ({ type, id, title: titles.get(`${type}:${id}`) ?? null })),
      files.filter((f) => f.ownerId === r.id),
    ),
  );
}

/** What the audit trail keeps of each version: everything a reader needs to compare. */
function snapshotOf(c: TCommunication) {
  const { id: _i, version: _v, createdAt: _c, updatedAt: _u, createdByName: _b, partyCode: _pc, ...rest } = c;
  return { ...rest, links: rest.links.map((l) => `${l.type}:${l.id}`), attachments: rest.attachments.map((a) => `${a.filename} (${a.sha256.slice(0, 12)})`) };
}

async function snapshot(db: Executor, id: string) {
  const [c] = await present(db, [(await repo.selectCommunication(db, id))!]);
  return snapshotOf(c!);
}

function searchDocument(r: repo.CommunicationRow) {
  return {
    refType: 'communication',
    refId: r.id,
    partyId: r.partyId,
    permission: 'communications.read',
    title: `${communicationNumber(r.seq)} ${r.subject} — ${r.partyName}`,
    body: [r.content, r.result ?? '', r.contactName ?? '', r.partyCode].join('\n'),
    codes: [communicationNumber(r.seq), r.partyCode],
    at: r.occurredAt,
    voided: !!r.voidedAt,
  };
}

async function index(tx: Executor, id: string) {
  await upsertSearchDocument(tx, searchDocument((await repo.selectCommunication(tx, id))!));
}

type Fields = z.infer<typeof CreateCommunicationRequest> | z.infer<typeof UpdateCommunicationRequest>;

/** Check the references a communication makes; each failure names its field. */
async function validateRefs(tx: Executor, auth: AuthContext, partyId: string, input: Fields, pre?: repo.CreateRefs) {
  const ourUserId = input.ourUserId ?? auth.userId;
  // the user named as ours and the one writing, in one query (the writer's name goes into the response)
  const named = pre?.users ?? (await repo.selectUserNames(tx, [ourUserId, auth.userId]));
  const user = named.find((u) => u.id === ourUserId);
  if (!user || !user.active) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.ourUserId', code: 'not_found' }]);
  let contactName: string | null = null;
  if (input.contactId) {
    const contact = pre ? pre.contact : await selectContact(tx, input.contactId);
    if (!contact || contact.voidedAt) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.contactId', code: 'not_found' }]);
    if (contact.partyId !== partyId) throw new AppError('CONTACT_NOT_OF_PARTY', [{ path: 'body.contactId', code: 'other_party' }]);
    contactName = contact.name;
  }
  const titles = new Map<string, string>();
  for (const [i, link] of input.links.entries()) {
    const type = recordType(link.type);
    if (!type) throw new AppError('UNKNOWN_RECORD_TYPE', [{ path: `body.links.${i}.type`, code: 'unknown' }]);
    if (!auth.permissions.has(type.readPermission)) throw new AppError('FORBIDDEN');
    const title = titles.get(`${link.type}:${link.id}`) ?? (await type.fetchTitle(tx, link.id));
    if (!title) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: `body.links.${i}.id`, code: 'not_found' }]);
    titles.set(`${link.type}:${link.id}`, title);
  }
  const seen = new Set<string>();
  const links: TitledLink[] = input.links
    .filter((l) => !seen.has(`${l.type}:${l.id}`) && seen.add(`${l.type}:${l.id}`))
    .map((l) => ({ type: l.type, id: l.id, title: titles.get(`${l.type}:${l.id}`)! }));
  const names = { ourUserName: user.displayName, createdByName: named.find((u) => u.id === auth.userId)?.displayName ?? null, contactName };
  const values: repo.CommunicationValues = {
    channel: input.channel,
    direction: input.direction,
    topic: input.topic,
    occurredAt: new Date(input.occurredAt),
    ourUserId,
    contactId: input.contactId,
    subject: input.subject,
    content: input.content,
    result: input.result,
    followUpDue: input.followUpDue ? new Date(input.followUpDue) : null,
  };
  return { values, links: links.map(({ type, id }) => ({ type, id })), titledLinks: links, names };
}

export async function listCommunications(db: Db, q: z.infer<typeof CommunicationListQuery>) {
  const { items, total, totalCapped } = await repo.selectCommunications(db, {
    partyId: q.partyId,
    channel: q.channel,
    direction: q.direction,
    topic: q.topic,
    ourUserId: q.ourUserId,
    from: q.from ? new Date(q.from) : undefined,
    to: q.to ? new Date(q.to) : undefined,
    followUp: q.followUp,
    link: q.linkType ? { type: q.linkType, id: q.linkId } : undefined,
    includeVoided: q.includeVoided === 'true',
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  return { items: await present(db, items), total, totalCapped, page: q.page, pageSize: q.pageSize };
}

export async function getCommunication(db: Db | Executor, id: string) {
  const row = await repo.selectCommunication(db, id);
  if (!row) throw notFound();
  return (await present(db, [row]))[0]!;
}

/**
 * Log a communication. Everything the response, the audit snapshot and the search row need is known
 * after the checks and the insert (its RETURNING row), so nothing is read back: one statement per
 * check and per write.
 */
export async function createCommunication(db: Db | Executor, auth: AuthContext, input: z.infer<typeof CreateCommunicationRequest>): Promise<TCommunication> {
  return db.transaction(async (tx) => {
    // customer, users and contact checked from one statement
    const refs = await repo.selectCreateRefs(tx, input.partyId, [input.ourUserId ?? auth.userId, auth.userId], input.contactId ?? null);
    const party = refs.party;
    if (!party) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.partyId', code: 'not_found' }]);
    if (party.voidedAt) throw new AppError('RECORD_VOIDED', [{ path: 'body.partyId', code: 'voided' }]);
    const { values, links, titledLinks, names } = await validateRefs(tx, auth, input.partyId, input, refs);
    // before the number: the gapless counter row stays locked from nextNumber until commit, so
    // concurrent writers wait on it — keep the statements after it to those that need the number
    await touchLastContact(tx, input.partyId, values.occurredAt);
    const own = await repo.insertCommunication(tx, input.partyId, values, auth.userId);
    const newId = own.id;
    if (links.length) await repo.replaceLinks(tx, newId, links, auth.userId, true);
    await claimAttachments(tx, auth, input.attachmentIds, { type: 'communication', id: newId });
    const files = input.attachmentIds.length ? await attachmentsOf(tx, 'communication', [newId]) : [];
    const row: repo.CommunicationRow = { ...own, partyCode: party.code, partyName: party.nameZh, partyNameEn: party.nameEn, ...names };
    const created = toContract(row, titledLinks, files);
    // a contact writing through the portal is named (the communication itself is recorded by our colleague)
    await insertAudit(tx, { ...auditActor(auth), ref: { type: 'communication', id: newId }, action: 'create', after: snapshotOf(created) });
    await upsertSearchDocument(tx, searchDocument(row));
    // procedures that start on such a communication (an incoming enquiry starts "enquiry")
    await autoStartProcedures(
      tx,
      auth,
      { type: 'communication', id: newId },
      { topic: values.topic, direction: values.direction, channel: values.channel },
      values.ourUserId,
      values.occurredAt,
    );
    if (values.ourUserId !== auth.userId) {
      await enqueue(tx, 'communication.assigned', { communicationId: newId, userId: values.ourUserId, actorId: auth.userId });
    }
    await emitEvent(tx, 'communication.created', {
      communicationId: newId,
      number: created.number ?? null,
      partyId: input.partyId,
      channel: values.channel,
      direction: values.direction,
      topic: values.topic,
      occurredAt: values.occurredAt.toISOString(),
      links,
    });
    return created;
  });
}

/** One communication of a bulk write: what an import row carries (no links, no attachments, logged by the writer). */
export interface BulkCommunication {
  partyId: string;
  channel: string;
  direction: string;
  topic: string;
  occurredAt: Date;
  contactId: string | null;
  subject: string;
  content: string;
  result: string | null;
  /**
   * the reason on the communication's own `create` audit row (an import's "imported from file X row N"): the record's
   * history says where it came from without a second row per record
   */
  reason?: string | null;
}

/**
 * Many communications in the caller's transaction with a handful of statements instead of a dozen per row: the
 * customers and contacts checked in two, last contact in one, the numbers taken in one, the rows in one, the
 * audit rows in one, the search rows in one. The same rows, numbers, audit content, search rows and webhook
 * events as `createCommunication` one by one; a row that starts a procedure (an incoming enquiry) goes through
 * `createCommunication` itself. Returns the ids in the order given.
 */
export async function createCommunicationsBulk(tx: Executor, auth: AuthContext, list: BulkCommunication[]): Promise<string[]> {
  if (!list.length) return [];
  const ids: string[] = new Array(list.length);
  const single: number[] = [];
  const bulk: number[] = [];
  list.forEach((c, i) =>
    (autoStartDefinitions('communication', { topic: c.topic, direction: c.direction, channel: c.channel }).length ? single : bulk).push(i),
  );
  if (bulk.length) {
    const refs = await repo.selectBulkRefs(
      tx,
      bulk.map((i) => list[i]!.partyId),
      bulk.map((i) => list[i]!.contactId).filter((x): x is string => !!x),
    );
    const party = new Map(refs.parties.map((p) => [p.id, p]));
    const contact = new Map(refs.contacts.map((c) => [c.id, c]));
    const [me] = await repo.selectUserNames(tx, [auth.userId]);
    if (!me?.active) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.ourUserId', code: 'not_found' }]);
    for (const i of bulk) {
      const c = list[i]!;
      const p = party.get(c.partyId);
      if (!p) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: `body.${i}.partyId`, code: 'not_found' }]);
      if (p.voidedAt) throw new AppError('RECORD_VOIDED', [{ path: `body.${i}.partyId`, code: 'voided' }]);
      const k = c.contactId ? contact.get(c.contactId) : null;
      if (c.contactId && (!k || k.voidedAt)) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: `body.${i}.contactId`, code: 'not_found' }]);
      if (k && k.partyId !== c.partyId) throw new AppError('CONTACT_NOT_OF_PARTY', [{ path: `body.${i}.contactId`, code: 'other_party' }]);
    }
    // as one by one: last contact before the numbers (the counter row stays locked until commit)
    const latest = new Map<string, Date>();
    for (const i of bulk) {
      const c = list[i]!;
      const seen = latest.get(c.partyId);
      if (!seen || c.occurredAt > seen) latest.set(c.partyId, c.occurredAt);
    }
    await touchLastContacts(
      tx,
      [...latest].map(([partyId, at]) => ({ partyId, at })),
    );
    // the numbers first, the ids made here: the rows, their audit rows and search rows are then known without
    // reading anything back, and each statement is sent as soon as its rows are built — the database writes the
    // communications while the audit rows are serialised and signed, and those while the search tokens are made
    const first = await repo.takeCommunicationNumbers(tx, bulk.length);
    const now = new Date();
    const own: repo.OwnRow[] = bulk.map((i, n) => {
      const c = list[i]!;
      return {
        id: randomUUID(),
        seq: first + n,
        partyId: c.partyId,
        channel: c.channel,
        direction: c.direction,
        topic: c.topic,
        occurredAt: c.occurredAt,
        ourUserId: auth.userId,
        contactId: c.contactId,
        subject: c.subject,
        content: c.content,
        result: c.result,
        followUpDue: null,
        followUpDoneAt: null,
        voidedAt: null,
        voidReason: null,
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
    });
    const writes: Promise<unknown>[] = [];
    const sent = (p: Promise<unknown>) => {
      // awaited together below; a failure of one is reported there (the others then fail with the transaction)
      p.catch(() => {});
      writes.push(p);
    };
    sent(
      repo.insertCommunications(
        tx,
        own.map((o) => ({ id: o.id, seq: o.seq, partyId: o.partyId, values: o })),
        auth.userId,
      ),
    );
    const rowsOf = own.map((o, n) => {
      const c = list[bulk[n]!]!;
      const p = party.get(c.partyId)!;
      const row: repo.CommunicationRow = {
        ...o,
        partyCode: p.code,
        partyName: p.nameZh,
        partyNameEn: p.nameEn,
        ourUserName: me.displayName,
        createdByName: me.displayName,
        contactName: c.contactId ? (contact.get(c.contactId)?.name ?? null) : null,
      };
      return row;
    });
    const created: TCommunication[] = rowsOf.map((row, n) => {
      ids[bulk[n]!] = row.id;
      return toContract(row, [], []);
    });
    sent(
      insertAudits(
        tx,
        created.map((contract, n) => ({
          actorId: auth.userId,
          ref: { type: 'communication', id: contract.id },
          action: 'create',
          after: snapshotOf(contract),
          reason: list[bulk[n]!]!.reason ?? null,
        })),
      ),
    );
    sent(upsertSearchDocuments(tx, rowsOf.map(searchDocument)));
    await Promise.all(writes);
    // asked once for the batch: without a subscriber (the usual case) no statement per row; with one, each
    // communication's event exactly as one by one
    const subscribed = (await subscribersOf(tx, 'communication.created')).length > 0;
    for (const [n, contract] of subscribed ? created.entries() : []) {
      const v = own[n]!;
      await emitEvent(tx, 'communication.created', {
        communicationId: contract.id,
        number: contract.number ?? null,
        partyId: contract.partyId,
        channel: v.channel,
        direction: v.direction,
        topic: v.topic,
        occurredAt: v.occurredAt.toISOString(),
        links: [],
      } as never);
    }
  }
  for (const i of single) {
    const c = list[i]!;
    const one = await createCommunication(tx, auth, {
      partyId: c.partyId,
      channel: c.channel as never,
      direction: c.direction as never,
      topic: c.topic as never,
      occurredAt: c.occurredAt.toISOString(),
      contactId: c.contactId,
      subject: c.subject,
      content: c.content,
      result: c.result,
      followUpDue: null,
      links: [],
      attachmentIds: [],
    });
    ids[i] = one.id;
    // created (and audited) as typed in: the import's reason on a row of its own
    if (c.reason) await insertAudit(tx, { actorId: auth.userId, ref: { type: 'communication', id: one.id }, action: 'import', reason: c.reason });
  }
  return ids;
}

/** A correction: the earlier version stays in the audit trail with the reason. */
export async function correctCommunication(db: Db, auth: AuthContext, id: string, input: z.infer<typeof UpdateCommunicationRequest>) {
  await db.transaction(async (tx) => {
    const current = await repo.selectCommunication(tx, id);
    if (!current) throw notFound();
    if (current.voidedAt) throw new AppError('RECORD_VOIDED');
    if (current.version !== input.version) throw versionConflict();
    const before = await snapshot(tx, id);
    const { values, links } = await validateRefs(tx, auth, current.partyId, input);
    if (!(await repo.updateCommunicationRow(tx, id, input.version, values, auth.userId))) throw versionConflict();
    await repo.replaceLinks(tx, id, links, auth.userId);
    await claimAttachments(tx, auth, input.attachmentIds, { type: 'communication', id });
    await touchLastContact(tx, current.partyId, values.occurredAt);
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'communication', id },
      action: 'correct',
      before,
      after: await snapshot(tx, id),
      reason: input.reason,
    });
    await index(tx, id);
  });
  return getCommunication(db, id);
}

export async function voidCommunication(db: Db, auth: AuthContext, id: string, input: z.infer<typeof VoidRequest>) {
  await db.transaction(async (tx) => {
    const current = await repo.selectCommunication(tx, id);
    if (!current) throw notFound();
    if (current.voidedAt) throw new AppError('RECORD_VOIDED');
    const before = await snapshot(tx, id);
    if (!(await repo.updateCommunicationRow(tx, id, input.version, { voidedAt: new Date(), voidReason: input.reason }, auth.userId))) throw versionConflict();
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'communication', id },
      action: 'void',
      before,
      after: await snapshot(tx, id),
      reason: input.reason,
    });
    await index(tx, id);
  });
  return getCommunication(db, id);
}

export async function completeFollowUp(db: Db, auth: AuthContext, id: string, input: z.infer<typeof CompleteFollowUpRequest>) {
  await db.transaction(async (tx) => {
    const current = await repo.selectCommunication(tx, id);
    if (!current) throw notFound();
    if (current.voidedAt) throw new AppError('RECORD_VOIDED');
    if (!(await repo.updateCommunicationRow(tx, id, input.version, { followUpDoneAt: new Date() }, auth.userId))) throw versionConflict();
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'communication', id },
      action: 'follow-up.done',
      before: { followUpDoneAt: null },
      after: { followUpDoneAt: new Date().toISOString() },
    });
  });
  return getCommunication(db, id);
}

/**
 * A customer's timeline: its communications, newest first, a page at a time (50 by default);
 * `before` is the previous page's `nextCursor` (`<occurredAt ISO>_<seq>`).
 */
export async function customerTimeline(db: Db, partyId: string, q: { before?: string | undefined; limit?: number | undefined } = {}) {
  const limit = q.limit ?? 50;
  let before: { at: Date; seq: number } | null = null;
  if (q.before) {
    const [at, seq] = q.before.split('_');
    before = { at: new Date(at!), seq: Number(seq) };
    if (Number.isNaN(before.at.getTime())) throw new AppError('VALIDATION_FAILED', [{ path: 'querystring.before', code: 'invalid' }]);
  }
  // one row more than the page tells whether an older page exists
  const rows = await repo.selectTimelinePage(db, partyId, limit + 1, before);
  // an empty page may mean an unknown customer: only then is the customer looked up
  if (!rows.length && !(await selectCustomer(db, partyId))) throw notFound();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      ref: { type: 'communication', id: r.id },
      at: r.occurredAt.toISOString(),
      kind: `communication.${r.channel}.${r.direction}${r.voidedAt ? '.void' : ''}`,
      title: `${communicationNumber(r.seq)} ${r.subject}`,
      summary: [r.content, r.result ? `→ ${r.result}` : ''].filter(Boolean).join(' '),
      actorName: r.ourUserName,
      url: `/communications/${r.id}`,
    })),
    nextCursor: rows.length > limit && last ? `${last.occurredAt.toISOString()}_${last.seq}` : null,
  };
}

/**
 * Write a record's reference back onto the communication it came from (a complaint number on the
 * customer's mail [CC 5.8.1]), so either leads to the other. The link is audited on the communication.
 */
export async function linkCommunication(tx: Executor, auth: AuthContext, communicationId: string, ref: TRecordRef, note: string) {
  const current = await repo.selectCommunication(tx, communicationId);
  if (!current) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.originCommunicationId', code: 'not_found' }]);
  await repo.addLink(tx, communicationId, ref, auth.userId);
  await insertAudit(tx, {
    actorId: auth.userId,
    ref: { type: 'communication', id: communicationId },
    action: 'link',
    after: { link: `${ref.type}:${ref.id}`, note },
  });
  return { number: communicationNumber(current.seq), partyId: current.partyId, voided: !!current.voidedAt };
}
