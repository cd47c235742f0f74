import type { z } from 'zod';
import type { Db, Executor } from '../platform/db/client.js';
import { AppError, notFound, versionConflict } from '../platform/http/app-error.js';
import type { AuthContext } from '../platform/http/access.js';
import { insertAudit } from '../platform/audit/audit.repository.js';
import { enqueue } from '../platform/outbox/outbox.js';
import { upsertSearchDocument } from '../platform/search/search.repository.js';
import { recordType } from '../platform/records/record-types.js';
import { attachmentsOf, claimAttachments, toAttachment } from '../platform/files/files.js';
import type { TRecordRef, VoidRequest } from '../../contracts/common.js';
import type {
  CommunicationListQuery,
  CompleteFollowUpRequest,
  CreateCommunicationRequest,
  TCommunication,
  UpdateCommunicationRequest,
} from '../../contracts/communications.js';
import { selectContact, selectCustomer, touchLastContact } from '../parties/index.js';
import { selectUser } from '../identity/index.js';
import { autoStartProcedures } from '../procedures/index.js';
import * as repo from './communications.repository.js';

export const communicationNumber = (seq: number) => `C${String(seq).padStart(6, '0')}`;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

async function linkTitles(db: Executor, links: TRecordRef[]) {
  return Promise.all(links.map(async (l) => ({ ...l, title: (await recordType(l.type)?.fetchTitle(db, l.id)) ?? null })));
}

/** Rows → contract objects, with links and attachments loaded in two queries for the page. */
async function present(db: Executor, list: repo.CommunicationRow[]): Promise<TCommunication[]> {
  const ids = list.map((r) => r.id);
  const [links, files] = await Promise.all([repo.selectLinks(db, ids), attachmentsOf(db, 'communication', ids)]);
  return Promise.all(
    list.map(async (r) => ({
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
      links: await linkTitles(db, links.filter((l) => l.communicationId === r.id).map(({ type, id }) => ({ type, id }))),
      attachments: files.filter((f) => f.ownerId === r.id).map(toAttachment),
      voided: !!r.voidedAt,
      voidReason: r.voidReason,
      version: r.version,
      createdAt: r.createdAt.toISOString(),
      createdByName: r.createdByName ?? '',
      updatedAt: r.updatedAt.toISOString(),
    })),
  );
}

/** What the audit trail keeps of each version: everything a reader needs to compare. */
async function snapshot(db: Executor, id: string) {
  const [c] = await present(db, [(await repo.selectCommunication(db, id))!]);
  const { id: _i, version: _v, createdAt: _c, updatedAt: _u, createdByName: _b, partyCode: _pc, ...rest } = c!;
  return { ...rest, links: rest.links.map((l) => `${l.type}:${l.id}`), attachments: rest.attachments.map((a) => `${a.filename} (${a.sha256.slice(0, 12)})`) };
}

async function index(tx: Executor, id: string) {
  const r = (await repo.selectCommunication(tx, id))!;
  await upsertSearchDocument(tx, {
    refType: 'communication',
    refId: id,
    partyId: r.partyId,
    permission: 'communications.read',
    title: `${communicationNumber(r.seq)} ${r.subject} — ${r.partyName}`,
    body: [r.content, r.result ?? '', r.contactName ?? '', r.partyCode].join('\n'),
    codes: [communicationNumber(r.seq), r.partyCode],
    at: r.occurredAt,
    voided: !!r.voidedAt,
  });
}

type Fields = z.infer<typeof CreateCommunicationRequest> | z.infer<typeof UpdateCommunicationRequest>;

/** Check the references a communication makes; each failure names its field. */
async function validateRefs(tx: Executor, auth: AuthContext, partyId: string, input: Fields) {
  const ourUserId = input.ourUserId ?? auth.userId;
  const user = await selectUser(tx, ourUserId);
  if (!user || !user.active) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.ourUserId', code: 'not_found' }]);
  if (input.contactId) {
    const contact = await selectContact(tx, input.contactId);
    if (!contact || contact.voidedAt) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.contactId', code: 'not_found' }]);
    if (contact.partyId !== partyId) throw new AppError('CONTACT_NOT_OF_PARTY', [{ path: 'body.contactId', code: 'other_party' }]);
  }
  for (const [i, link] of input.links.entries()) {
    const type = recordType(link.type);
    if (!type) throw new AppError('UNKNOWN_RECORD_TYPE', [{ path: `body.links.${i}.type`, code: 'unknown' }]);
    if (!auth.permissions.has(type.readPermission)) throw new AppError('FORBIDDEN');
    if (!(await type.fetchTitle(tx, link.id))) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: `body.links.${i}.id`, code: 'not_found' }]);
  }
  const seen = new Set<string>();
  const links = input.links.filter((l) => !seen.has(`${l.type}:${l.id}`) && seen.add(`${l.type}:${l.id}`));
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
  return { values, links };
}

export async function listCommunications(db: Db, q: z.infer<typeof CommunicationListQuery>) {
  const { items, total } = await repo.selectCommunications(db, {
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
  return { items: await present(db, items), total, page: q.page, pageSize: q.pageSize };
}

export async function getCommunication(db: Db | Executor, id: string) {
  const row = await repo.selectCommunication(db, id);
  if (!row) throw notFound();
  return (await present(db, [row]))[0]!;
}

export async function createCommunication(db: Db | Executor, auth: AuthContext, input: z.infer<typeof CreateCommunicationRequest>) {
  const id = await db.transaction(async (tx) => {
    const party = await selectCustomer(tx, input.partyId);
    if (!party) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.partyId', code: 'not_found' }]);
    if (party.voidedAt) throw new AppError('RECORD_VOIDED', [{ path: 'body.partyId', code: 'voided' }]);
    const { values, links } = await validateRefs(tx, auth, input.partyId, input);
    const newId = await repo.insertCommunication(tx, input.partyId, values, auth.userId);
    await repo.replaceLinks(tx, newId, links, auth.userId);
    await claimAttachments(tx, auth, input.attachmentIds, { type: 'communication', id: newId });
    await touchLastContact(tx, input.partyId, values.occurredAt);
    await insertAudit(tx, { actorId: auth.userId, ref: { type: 'communication', id: newId }, action: 'create', after: await snapshot(tx, newId) });
    await index(tx, newId);
    // procedures that start on such a communication (an incoming enquiry starts "enquiry")
    await autoStartProcedures(tx, auth, { type: 'communication', id: newId }, { topic: values.topic, direction: values.direction, channel: values.channel }, values.ourUserId, values.occurredAt);
    if (values.ourUserId !== auth.userId) {
      await enqueue(tx, 'communication.assigned', { communicationId: newId, userId: values.ourUserId, actorId: auth.userId });
    }
    return newId;
  });
  return getCommunication(db, id);
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
    await insertAudit(tx, { actorId: auth.userId, ref: { type: 'communication', id }, action: 'correct', before, after: await snapshot(tx, id), reason: input.reason });
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
    await insertAudit(tx, { actorId: auth.userId, ref: { type: 'communication', id }, action: 'void', before, after: await snapshot(tx, id), reason: input.reason });
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
    await insertAudit(tx, { actorId: auth.userId, ref: { type: 'communication', id }, action: 'follow-up.done', before: { followUpDoneAt: null }, after: { followUpDoneAt: new Date().toISOString() } });
  });
  return getCommunication(db, id);
}

/** A customer's timeline: its communications, newest first. */
export async function customerTimeline(db: Db, partyId: string) {
  const party = await selectCustomer(db, partyId);
  if (!party) throw notFound();
  const { items } = await repo.selectCommunications(db, { partyId, includeVoided: true, limit: 200, offset: 0 });
  return {
    items: items.map((r) => ({
      ref: { type: 'communication', id: r.id },
      at: r.occurredAt.toISOString(),
      kind: `communication.${r.channel}.${r.direction}${r.voidedAt ? '.void' : ''}`,
      title: `${communicationNumber(r.seq)} ${r.subject}`,
      summary: [r.content.slice(0, 200), r.result ? `→ ${r.result.slice(0, 120)}` : ''].filter(Boolean).join(' '),
      actorName: r.ourUserName,
      url: `/communications/${r.id}`,
    })),
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
  await insertAudit(tx, { actorId: auth.userId, ref: { type: 'communication', id: communicationId }, action: 'link', after: { link: `${ref.type}:${ref.id}`, note } });
  return { number: communicationNumber(current.seq), partyId: current.partyId, voided: !!current.voidedAt };
}
