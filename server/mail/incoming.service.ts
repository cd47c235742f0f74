import { Readable } from 'node:stream';
import type { z } from 'zod';
import { ImapFlow } from 'imapflow';
import { simpleParser, type ParsedMail } from 'mailparser';
import sanitizeHtml from 'sanitize-html';
import type { FastifyBaseLogger } from 'fastify';
import type { Db, Executor } from '../platform/db/client.js';
import type { AuthContext } from '../platform/http/access.js';
import { AppError } from '../platform/http/app-error.js';
import { insertAudit } from '../platform/audit/audit.repository.js';
import { receiveUpload, storeUpload } from '../platform/files/files.js';
import { recordType } from '../platform/records/record-types.js';
import { createCommunication } from '../communications/index.js';
import { selectUser } from '../identity/index.js';
import { CreateCommunicationRequest } from '../../contracts/communications.js';
import type { AssignIncomingRequest, CreateMailboxRequest, IgnoreIncomingRequest, IncomingMail, UpdateMailboxRequest } from '../../contracts/mail.js';
import * as repo from './mail.repository.js';
import { mailKey, open, seal } from './secret-box.js';
import { actingAs, mailConfigOf } from './mail.service.js';
import { startPeriodic, type StopPeriodic } from '../platform/periodic/index.js';
import { ruleFor } from './rules.service.js';
import { MailWatchers, MAX_IDLE_MS } from './idle.js';

const cfg = () => mailConfigOf();
const key = () => mailKey(cfg());

// ---- mailboxes --------------------------------------------------------------------------------

function presentMailbox(m: repo.MailboxRow) {
  return {
    id: m.id,
    name: m.name,
    imapHost: m.imapHost,
    imapPort: m.imapPort,
    imapSecurity: m.imapSecurity as 'none' | 'starttls' | 'tls',
    imapUser: m.imapUser,
    passwordSet: !!m.imapPasswordEnc,
    departmentId: m.departmentId,
    active: m.active,
    lastUid: m.lastUid,
    lastPolledAt: m.lastPolledAt?.toISOString() ?? null,
    lastError: m.lastError,
    watchState: (m.watchState ?? null) as 'connecting' | 'idling' | 'no-idle' | 'reconnecting' | 'stopped' | null,
    watchError: m.watchError,
    watchChangedAt: m.watchChangedAt?.toISOString() ?? null,
    version: m.version,
  };
}

export async function listMailboxes(db: Db) {
  return { items: (await repo.selectMailboxes(db)).map(presentMailbox) };
}

export async function createMailbox(db: Db, auth: AuthContext, input: z.infer<typeof CreateMailboxRequest>) {
  return db.transaction(async (tx) => {
    const { password, ...fields } = input;
    const row = await repo.insertMailbox(tx, {
      ...fields,
      departmentId: fields.departmentId ?? null,
      imapPasswordEnc: seal(key(), password),
      createdBy: auth.userId,
      updatedBy: auth.userId,
    });
    await insertAudit(tx, { actorId: auth.userId, ref: { type: 'mailbox', id: row.id }, action: 'create', after: { ...fields } });
    return presentMailbox(row);
  });
}

export async function updateMailbox(db: Db, auth: AuthContext, id: string, input: z.infer<typeof UpdateMailboxRequest>) {
  return db.transaction(async (tx) => {
    const before = await repo.selectMailbox(tx, id);
    if (!before) throw new AppError('NOT_FOUND');
    const { password, version, ...fields } = input;
    const row = await repo.updateMailbox(
      tx,
      id,
      version,
      { ...fields, departmentId: fields.departmentId ?? null, ...(password ? { imapPasswordEnc: seal(key(), password) } : {}) },
      auth.userId,
    );
    if (!row) throw new AppError('VERSION_CONFLICT');
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'mailbox', id },
      action: 'update',
      before: presentMailbox(before),
      after: { ...presentMailbox(row), ...(password ? { passwordChanged: true } : {}) },
    });
    return presentMailbox(row);
  });
}

// ---- reading ----------------------------------------------------------------------------------

/** The owner of what a mailbox logs: whoever set it up (the communication needs a colleague's name). */
async function mailboxAuth(db: Executor, m: repo.MailboxRow): Promise<AuthContext> {
  const u = m.createdBy ? await selectUser(db, m.createdBy) : undefined;
  if (!u) throw new Error(`mailbox ${m.name} has no owner`);
  return actingAs(u, ['communications.read', 'communications.write', 'complaints.read', 'orders.read', 'quotations.read', 'customers.read', 'surveys.read']);
}

const subjectToken = /\[((?:CC|SO|Q|QT|PO)-\d{4}-\d{3,6}|C\d{6})\]/g;
const idsIn = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? v.split(/\s+/) : []).map((s) => s.trim()).filter(Boolean);

export function sanitise(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: sanitizeHtml.defaults.allowedTags.filter((t) => t !== 'a').concat(['a', 'span', 'font']),
    allowedAttributes: { a: ['href', 'title'], '*': ['style'] },
    allowedStyles: { '*': { color: [/^#[0-9a-f]{3,6}$/i, /^rgb\(/], 'text-align': [/^(left|right|center)$/], 'font-weight': [/^\w+$/] } },
    allowedSchemes: ['http', 'https', 'mailto'],
    transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow', target: '_blank' }) },
  });
}

export interface PollOutcome {
  fetched: number;
  logged: number;
  triage: number;
  skipped: number;
  /** marked ignored by a mail rule */
  ignored: number;
  errors: string[];
}

/** Where a mail belongs: a mail of ours it answers, a record token in its subject, the sender's address or domain. */
async function place(db: Executor, parsed: ParsedMail, from: string) {
  const ids = [...idsIn(parsed.inReplyTo), ...idsIn(parsed.references)];
  const ours = await repo.selectMessageByMessageIds(db, ids);
  if (ours?.partyId)
    return {
      partyId: ours.partyId,
      ref: ours.refType && ours.refId ? { type: ours.refType, id: ours.refId } : null,
      via: 'thread',
      contactId: null as string | null,
    };
  for (const m of (parsed.subject ?? '').matchAll(subjectToken)) {
    const rec = await repo.selectRecordByNumber(db, m[1]!);
    if (rec) return { partyId: rec.partyId, ref: rec.type === 'customer' ? null : { type: rec.type, id: rec.id }, via: 'subject', contactId: null };
  }
  const match = from ? await repo.matchSender(db, from) : undefined;
  if (match) return { partyId: match.partyId, ref: null, via: 'sender', contactId: match.contactId };
  return null;
}

/** Attachments stored like uploads (type by magic bytes, checksum); a refused one becomes a note, never a failure. */
async function storeAttachments(db: Executor, auth: AuthContext, parsed: ParsedMail) {
  const ids: string[] = [];
  const notes: string[] = [];
  for (const a of parsed.attachments ?? []) {
    if (a.related && a.contentType.startsWith('image/') && a.size < 2048) continue; // tiny inline images (signatures, trackers)
    const filename = a.filename || `attachment-${ids.length + notes.length + 1}`;
    if (a.size > cfg().maxUploadBytes) {
      notes.push(
        `附件 ${filename} 过大（${Math.round(a.size / 1048576)} MB，上限 ${Math.round(cfg().maxUploadBytes / 1048576)} MB），未保存。 Attachment ${filename} is too large and was not kept.`,
      );
      continue;
    }
    if (ids.length >= 20) {
      notes.push(`附件 ${filename} 超出每条记录 20 个附件的上限，未保存。 Attachment ${filename}: more than 20 attachments, not kept.`);
      continue;
    }
    try {
      const received = await receiveUpload(cfg().dataDir, { filename, stream: Readable.from(a.content) });
      const stored = await storeUpload(db as Db, cfg().dataDir, auth, received);
      ids.push(stored.id);
    } catch (err) {
      const code = err instanceof AppError ? err.code : 'error';
      notes.push(`附件 ${filename} 未保存（${code}）。 Attachment ${filename} was not kept (${code}).`);
    }
  }
  return { ids, notes };
}

/** Record one fetched mail, once: (mailbox, UIDVALIDITY, UID) unique, and a Message-ID seen before in the mailbox is skipped. */
async function recordMail(db: Db, m: repo.MailboxRow, uidValidity: bigint, uid: number, source: Buffer, out: PollOutcome) {
  let parsed: ParsedMail | null = null;
  const notes: string[] = [];
  try {
    parsed = await simpleParser(source, { skipImageLinks: true, maxHtmlLengthToParse: 2_000_000 });
  } catch (err) {
    notes.push(`邮件无法解析 The mail could not be parsed: ${String((err as Error)?.message ?? err).slice(0, 200)}`);
  }
  await db.transaction(async (tx) => {
    const messageId = parsed?.messageId ?? null;
    if (messageId && (await repo.selectIncomingByMessageId(tx, m.id, messageId))) {
      out.skipped++;
      await repo.updateMailboxProgress(tx, m.id, { lastUid: uid });
      return;
    }
    const fromAddr = parsed?.from?.value[0]?.address?.toLowerCase() ?? '';
    const fromName = parsed?.from?.value[0]?.name ?? '';
    const subject = (parsed?.subject ?? '').replace(/\u0000/g, '').trim();
    const textBody = (parsed?.text ?? (parsed?.html ? sanitizeHtml(parsed.html, { allowedTags: [], allowedAttributes: {} }) : '')).replace(/\u0000/g, '');
    const htmlBody = parsed?.html ? sanitise(parsed.html) : null;
    const receivedAt = parsed?.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date : new Date();
    const found = parsed ? await place(tx, parsed, fromAddr) : null;
    // the first matching mail rule (data, administered on the mail settings page) decides topic, assignment, customer, ignoring
    const rule = await ruleFor(tx, { mailboxId: m.id, fromAddress: fromAddr, subject, body: textBody.slice(0, 200_000) });
    const act = rule?.actions ?? {};
    const ruleParty = act.partyId && found?.via !== 'thread' && found?.via !== 'subject' ? await repo.selectParty(tx, act.partyId) : undefined;
    const placed =
      ruleParty && !ruleParty.voidedAt
        ? { partyId: ruleParty.id, ref: null, via: 'rule', contactId: found?.partyId === ruleParty.id ? found.contactId : null }
        : found;
    const ignored = !!act.ignoreReason;
    const row = await repo.insertIncoming(tx, {
      mailboxId: m.id,
      uidValidity,
      uid,
      messageId,
      fromAddress: fromAddr,
      fromName,
      subject,
      textBody,
      htmlBody,
      receivedAt,
      status: ignored ? 'ignored' : placed ? 'logged' : 'triage',
      partyId: placed?.partyId ?? null,
      refType: placed?.ref?.type ?? null,
      refId: placed?.ref?.id ?? null,
      notes,
      resolvedReason: ignored ? `${act.ignoreReason}（规则 rule: ${rule!.name}）` : null,
      ruleId: rule?.id ?? null,
      topic: act.topic ?? null,
      assigneeId: act.assigneeId ?? null,
      departmentId: act.departmentId ?? null,
      createdBy: m.createdBy,
      updatedBy: m.createdBy,
    });
    if (!row) {
      out.skipped++;
      return;
    }
    if (ignored) {
      await insertAudit(tx, {
        actorId: null,
        ref: { type: 'mail-incoming', id: row.id },
        action: 'ignore',
        after: { subject: row.subject, from: row.fromName, rule: rule!.id, ruleName: rule!.name },
        reason: act.ignoreReason!,
      });
      out.ignored++;
    } else if (placed) {
      const auth = await mailboxAuth(tx, m);
      await logIncoming(tx, auth, row, placed.partyId, placed.contactId, placed.ref, parsed);
      out.logged++;
    } else {
      out.triage++;
    }
    await repo.updateMailboxProgress(tx, m.id, { lastUid: uid });
  });
}

/** The incoming communication of a mail, with its attachments; notes (refused attachments) go on the mail and into the text. */
async function logIncoming(
  tx: Executor,
  auth: AuthContext,
  row: repo.IncomingRow,
  partyId: string,
  contactId: string | null,
  ref: { type: string; id: string } | null,
  parsed: ParsedMail | null,
) {
  const files = parsed ? await storeAttachments(tx, auth, parsed) : { ids: [], notes: [] };
  const notes = [...row.notes, ...files.notes];
  // the rule's assignee, while still an active user (a deactivated one leaves the mailbox's owner)
  const assignee = row.assigneeId && (await selectUser(tx, row.assigneeId))?.active ? row.assigneeId : null;
  const contact = contactId ?? (row.fromAddress ? (await repo.matchSender(tx, row.fromAddress))?.contactId : null) ?? null;
  const content = [row.textBody.trim() || '（无正文 no text）', row.messageId ? `\nMessage-ID: ${row.messageId}` : '', ...notes.map((n) => `\n${n}`)]
    .join('')
    .slice(0, 20000);
  const comm = await createCommunication(
    tx,
    auth,
    CreateCommunicationRequest.parse({
      partyId,
      channel: 'email',
      direction: 'in',
      // a record the mail answers decides first; then the topic of the mail rule that matched (the default rule: 询价/RFQ → enquiry)
      topic: ref?.type === 'complaint' ? 'complaint' : ref?.type === 'order' ? 'order' : ((row.topic ?? 'other') as 'other'),
      ...(assignee ? { ourUserId: assignee } : {}),
      occurredAt: row.receivedAt.toISOString(),
      contactId: contact && (await repo.selectContact(tx, contact))?.partyId === partyId ? contact : null,
      subject: (row.subject || '（无主题 no subject）').slice(0, 200),
      content,
      links: ref && recordType(ref.type) ? [ref] : [],
      attachmentIds: files.ids,
    }),
  );
  await repo.updateIncoming(
    tx,
    row.id,
    null,
    { communicationId: comm.id, partyId, refType: ref?.type ?? null, refId: ref?.id ?? null, status: 'logged', notes },
    null,
  );
  return comm;
}

function imapClient(m: repo.MailboxRow, opts: { idle?: boolean } = {}) {
  const pass = m.imapPasswordEnc ? open(key(), m.imapPasswordEnc) : null;
  return new ImapFlow({
    ...(opts.idle ? { disableAutoIdle: true, maxIdleTime: MAX_IDLE_MS } : {}),
    host: m.imapHost,
    port: m.imapPort,
    secure: m.imapSecurity === 'tls',
    doSTARTTLS: m.imapSecurity === 'starttls' ? true : m.imapSecurity === 'none' ? false : undefined,
    auth: { user: m.imapUser, pass: pass ?? '' },
    logger: false,
    connectionTimeout: 15_000,
  });
}

/**
 * Read a mailbox's new mail (UIDs above the last one recorded), at most `batch` messages a call: each becomes an
 * incoming communication or a triage entry in its own transaction, together with the mailbox's progress, so a crash
 * mid-poll resumes where it stopped and never logs a mail twice. A new UIDVALIDITY starts over (Message-IDs dedupe).
 */
export async function pollMailbox(db: Db, id: string, batch = 100): Promise<PollOutcome> {
  const out: PollOutcome = { fetched: 0, logged: 0, triage: 0, skipped: 0, ignored: 0, errors: [] };
  let m = await repo.selectMailbox(db, id);
  if (!m) throw new AppError('NOT_FOUND');
  const client = imapClient(m);
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (err) {
    await repo.updateMailboxProgress(db, id, { lastError: String((err as Error)?.message ?? err).slice(0, 500), lastPolledAt: new Date() });
    throw new AppError('MAIL_MAILBOX_FAILED');
  }
  try {
    const lock = await client.getMailboxLock('INBOX');
    try {
      const box = client.mailbox;
      const uidValidity = box && typeof box === 'object' ? BigInt(box.uidValidity) : 0n;
      if (m.uidValidity !== uidValidity) m = (await repo.updateMailboxProgress(db, id, { uidValidity, lastUid: 0 }))!;
      const found = (await client.search({ uid: `${m.lastUid + 1}:*` }, { uid: true })) || [];
      const uids = found
        .filter((u) => u > m!.lastUid)
        .sort((a, b) => a - b)
        .slice(0, batch);
      for (const uid of uids) {
        out.fetched++;
        try {
          const msg = await client.fetchOne(String(uid), { source: true }, { uid: true });
          const source = msg && msg.source ? msg.source : Buffer.alloc(0);
          await recordMail(db, m, uidValidity, uid, source, out);
        } catch (err) {
          // one bad message never stops the poller: noted on the mailbox, then passed over
          out.errors.push(`UID ${uid}: ${String((err as Error)?.message ?? err).slice(0, 200)}`);
          await repo.updateMailboxProgress(db, id, { lastUid: uid });
        }
      }
    } finally {
      lock.release();
    }
    await repo.updateMailboxProgress(db, id, { lastPolledAt: new Date(), lastError: out.errors.at(-1) ?? null });
  } finally {
    await client.logout().catch(() => undefined);
  }
  return out;
}

const reading = new Map<string, Promise<PollOutcome>>();
/** Read a mailbox, one read at a time per mailbox in this process (the IDLE notification and the interval poll queue up). */
export function readMailbox(db: Db, id: string): Promise<PollOutcome> {
  const next = (reading.get(id) ?? Promise.resolve()).catch(() => undefined).then(() => pollMailbox(db, id));
  reading.set(id, next);
  void next
    .catch(() => undefined)
    .finally(() => {
      if (reading.get(id) === next) reading.delete(id);
    });
  return next;
}

export async function pollAll(db: Db, log?: FastifyBaseLogger) {
  for (const m of await repo.selectMailboxes(db, true)) {
    try {
      await readMailbox(db, m.id);
    } catch (err) {
      log?.warn({ err, mailbox: m.name }, 'mailbox poll failed');
    }
  }
}

/** An IDLE connection per active mailbox (server/mail/idle.ts); `reconcile()` follows the mailbox table. */
export function mailWatchers(db: Db, log?: FastifyBaseLogger, opts: { backoff?: { minMs: number; maxMs: number } } = {}) {
  return new MailWatchers(db, {
    read: (id) => readMailbox(db, id),
    client: (m) => imapClient(m, { idle: true }),
    log,
    backoff: opts.backoff,
    // the settings page shows the watcher's state and last error (as the instance that last changed it reported them)
    report: (id, state, error) => repo.updateMailboxProgress(db, id, { watchState: state, watchError: error, watchChangedAt: new Date() }),
  });
}

/**
 * Incoming mail: every `seconds` each active mailbox is polled (the fallback) and the IDLE watchers are brought in
 * line with the mailbox table; between ticks a watcher reads its mailbox as soon as the server reports new mail.
 */
export function startMailPoller(db: Db, log: FastifyBaseLogger, seconds: number, opts: { idle?: boolean } = {}): StopPeriodic {
  if (!seconds) return async () => undefined;
  const watchers = opts.idle === false ? null : mailWatchers(db, log);
  // the watchers connect at start-up, not only at the first tick
  void watchers?.reconcile().catch((err: unknown) => log.warn({ err }, 'mail IDLE watchers'));
  const stop = startPeriodic(
    'mail poll',
    async () => {
      await watchers?.reconcile().catch((err: unknown) => log.warn({ err }, 'mail IDLE watchers'));
      await pollAll(db, log);
    },
    log,
    seconds * 1000,
  );
  return async () => {
    await stop();
    await watchers?.close();
  };
}

// ---- triage -----------------------------------------------------------------------------------

async function presentIncoming(db: Executor, list: repo.IncomingRow[]): Promise<z.infer<typeof IncomingMail>[]> {
  const boxes = new Map((await repo.selectMailboxes(db)).map((b) => [b.id, b.name]));
  return list.map((r) => ({
    id: r.id,
    mailboxId: r.mailboxId,
    mailboxName: boxes.get(r.mailboxId) ?? '',
    email: r.fromAddress,
    fromName: r.fromName,
    subject: r.subject,
    textBody: r.textBody.slice(0, 20000),
    htmlBody: r.htmlBody,
    receivedAt: r.receivedAt.toISOString(),
    status: r.status as 'logged' | 'triage' | 'ignored',
    partyId: r.partyId,
    communicationId: r.communicationId,
    ref: r.refType && r.refId ? { type: r.refType, id: r.refId } : null,
    notes: r.notes,
    resolvedReason: r.resolvedReason,
    ruleId: r.ruleId,
    departmentId: r.departmentId,
    version: r.version,
  }));
}

export async function listIncoming(db: Db, q: { status: 'logged' | 'triage' | 'ignored'; limit: number }) {
  const { items, total } = await repo.selectIncomingList(db, q.status, q.limit);
  return { items: await presentIncoming(db, items), total };
}

/** Assign a triaged mail to a customer (optionally adding the sender as a contact) and log it; audited with the reason. */
export async function assignIncoming(db: Db, auth: AuthContext, id: string, input: z.infer<typeof AssignIncomingRequest>) {
  await db.transaction(async (tx) => {
    const row = await repo.selectIncoming(tx, id);
    if (!row) throw new AppError('NOT_FOUND');
    if (row.status !== 'triage') throw new AppError('MAIL_NOT_IN_TRIAGE');
    if (row.version !== input.version) throw new AppError('VERSION_CONFLICT');
    const party = await repo.selectParty(tx, input.partyId);
    if (!party) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.partyId', code: 'not_found' }]);
    if (party.voidedAt) throw new AppError('RECORD_VOIDED', [{ path: 'body.partyId', code: 'voided' }]);
    let contactId: string | null = null;
    if (input.createContact && row.fromAddress) {
      contactId = (
        await repo.insertContact(tx, { partyId: party.id, name: input.contactName ?? (row.fromName || row.fromAddress), email: row.fromAddress }, auth.userId)
      ).id;
      await insertAudit(tx, {
        actorId: auth.userId,
        ref: { type: 'contact', id: contactId },
        action: 'create',
        after: { name: input.contactName ?? row.fromName, from: 'mail triage' },
        reason: input.reason,
      });
    }
    if (input.link) {
      const t = recordType(input.link.type);
      if (!t || !(await t.fetchTitle(tx, input.link.id))) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.link.id', code: 'not_found' }]);
      if (!auth.permissions.has(t.readPermission)) throw new AppError('FORBIDDEN');
    }
    const after = await repo.updateIncoming(tx, id, input.version, { resolvedReason: input.reason }, auth.userId);
    if (!after) throw new AppError('VERSION_CONFLICT');
    const box = (await repo.selectMailbox(tx, row.mailboxId))!;
    const source = await fetchSource(box, row).catch(() => null);
    const parsed = source ? await simpleParser(source).catch(() => null) : null;
    const comm = await logIncoming(tx, auth, after, party.id, contactId, input.link ?? null, parsed);
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'communication', id: comm.id },
      action: 'mail.assign',
      after: { party: party.code, link: input.link ?? null, subject: row.subject },
      reason: input.reason,
    });
  });
  return (await presentIncoming(db, [(await repo.selectIncoming(db, id))!]))[0]!;
}

/** Re-read a triaged mail's source for its attachments (the mailbox keeps the original). */
async function fetchSource(m: repo.MailboxRow, row: repo.IncomingRow): Promise<Buffer | null> {
  if (m.uidValidity !== row.uidValidity) return null;
  const client = imapClient(m);
  client.on('error', () => undefined);
  await client.connect();
  try {
    const lock = await client.getMailboxLock('INBOX');
    try {
      const msg = await client.fetchOne(String(row.uid), { source: true }, { uid: true });
      return msg && msg.source ? msg.source : null;
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => undefined);
  }
}

export async function ignoreIncoming(db: Db, auth: AuthContext, id: string, input: z.infer<typeof IgnoreIncomingRequest>) {
  await db.transaction(async (tx) => {
    const row = await repo.selectIncoming(tx, id);
    if (!row) throw new AppError('NOT_FOUND');
    if (row.status !== 'triage') throw new AppError('MAIL_NOT_IN_TRIAGE');
    const after = await repo.updateIncoming(tx, id, input.version, { status: 'ignored', resolvedReason: input.reason }, auth.userId);
    if (!after) throw new AppError('VERSION_CONFLICT');
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'mail-incoming', id },
      action: 'ignore',
      after: { subject: row.subject, from: row.fromName },
      reason: input.reason,
    });
  });
  return (await presentIncoming(db, [(await repo.selectIncoming(db, id))!]))[0]!;
}
