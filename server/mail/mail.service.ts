import crypto from 'node:crypto';
import type { z } from 'zod';
import type { Db, Executor } from '../platform/db/client.js';
import type { Config } from '../platform/config.js';
import type { AuthContext } from '../platform/http/access.js';
import { AppError } from '../platform/http/app-error.js';
import { insertAudit } from '../platform/audit/audit.repository.js';
import { enqueue } from '../platform/outbox/outbox.js';
import { recordType } from '../platform/records/record-types.js';
import { createCommunication } from '../communications/index.js';
import { selectUser } from '../identity/index.js';
import { CreateCommunicationRequest } from '../../contracts/communications.js';
import type { ErrorCode } from '../../contracts/errors.js';
import { errorMessage } from '../../contracts/errors.js';
import type {
  ComposeRequest,
  MailMessage,
  MailTemplate,
  SendMailRequest,
  TestMailRequest,
  UpdateMailSettingsRequest,
  UpdateMailTemplateRequest,
} from '../../contracts/mail.js';
import { templateKeys } from '../../contracts/mail.js';
import * as repo from './mail.repository.js';
import { mailKey, open, seal } from './secret-box.js';
import { defaultTemplates, pendingVariables, render } from './templates.js';
import { classifySmtpError, pooledTransport, Slots, smtpTransport } from './transport.js';
import fs from 'node:fs';
import path from 'node:path';
import { blobPath } from '../platform/files/files.js';
import { redact } from '../platform/http/redact.js';
import { getQuotation } from '../quotations/index.js';
import { quotationPrintHtml } from '../quotations/index.js';
import { htmlToPdf } from './pdf.js';

type Lang = 'zh-CN' | 'en-US';
const short = (l: Lang) => (l === 'en-US' ? 'en' : 'zh');

let mailConfig: Config | null = null;
/** The feature's configuration (key source, public address, company name); set once at start-up. */
export function setMailConfig(config: Config) {
  mailConfig = config;
}
export function mailConfigOf(): Config {
  return cfg();
}
function cfg(): Config {
  if (!mailConfig) throw new Error('mail feature not configured');
  return mailConfig;
}
const key = () => mailKey(cfg());

// ---- settings ---------------------------------------------------------------------------------

function presentSettings(s: repo.SettingsRow) {
  return {
    smtpHost: s.smtpHost,
    smtpPort: s.smtpPort,
    smtpSecurity: s.smtpSecurity as 'none' | 'starttls' | 'tls',
    smtpUser: s.smtpUser,
    passwordSet: !!s.smtpPasswordEnc,
    passwordUnreadable: !!s.smtpPasswordEnc && open(key(), s.smtpPasswordEnc) === null,
    fromAddress: s.fromAddress,
    fromName: s.fromName,
    senders: s.senders,
    signature: s.signature,
    digestHour: s.digestHour,
    version: s.version,
  };
}

export async function getSettings(db: Db) {
  return presentSettings(await repo.ensureSettings(db));
}

export async function updateSettings(db: Db, auth: AuthContext, input: z.infer<typeof UpdateMailSettingsRequest>) {
  return db.transaction(async (tx) => {
    const before = await repo.ensureSettings(tx);
    const password = input.password === undefined || input.password === null ? undefined : input.password === '' ? null : seal(key(), input.password);
    const after = await repo.updateSettings(
      tx,
      input.version,
      {
        smtpHost: input.smtpHost,
        smtpPort: input.smtpPort,
        smtpSecurity: input.smtpSecurity,
        smtpUser: input.smtpUser,
        ...(password !== undefined ? { smtpPasswordEnc: password } : {}),
        fromAddress: input.fromAddress,
        fromName: input.fromName,
        senders: input.senders,
        signature: input.signature,
        ...(input.digestHour !== undefined ? { digestHour: input.digestHour } : {}),
      },
      auth.userId,
    );
    if (!after) throw new AppError('VERSION_CONFLICT');
    const snap = (s: repo.SettingsRow) => ({
      smtpHost: s.smtpHost,
      smtpPort: s.smtpPort,
      smtpSecurity: s.smtpSecurity,
      smtpUser: s.smtpUser,
      fromAddress: s.fromAddress,
      fromName: s.fromName,
      senders: s.senders.length,
      signature: s.signature,
      digestHour: s.digestHour,
    });
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'mail-settings', id: 'default' },
      action: 'update',
      before: snap(before),
      // the password itself never enters the audit trail; only that it changed
      after: { ...snap(after), ...(password !== undefined ? { passwordChanged: true } : {}) },
    });
    return presentSettings(after);
  });
}

function smtpOf(s: repo.SettingsRow) {
  if (!s.smtpHost) throw new AppError('MAIL_NOT_CONFIGURED');
  const password = s.smtpPasswordEnc ? open(key(), s.smtpPasswordEnc) : null;
  return { host: s.smtpHost, port: s.smtpPort, security: s.smtpSecurity as 'none' | 'starttls' | 'tls', user: s.smtpUser, password };
}

function senderFor(s: repo.SettingsRow, departmentIds: string[]) {
  const own = s.senders.find((x) => departmentIds.includes(x.departmentId));
  const fromAddress = own?.fromAddress ?? s.fromAddress ?? '';
  if (!s.smtpHost || !fromAddress) throw new AppError('MAIL_NOT_CONFIGURED');
  return { fromAddress, fromName: own?.fromName ?? s.fromName, departmentId: own?.departmentId ?? null };
}

const newMessageId = (fromAddress: string) => `<${crypto.randomUUID()}@${fromAddress.split('@')[1] ?? 'accord.local'}>`;

/** Send a test mail now (not queued): the answer names what went wrong, in the user's language. */
export async function sendTestMail(db: Db, auth: AuthContext, input: z.infer<typeof TestMailRequest>) {
  const s = await repo.ensureSettings(db);
  const smtp = smtpOf(s);
  const from = senderFor(s, auth.departmentIds);
  const messageId = newMessageId(from.fromAddress);
  try {
    await smtpTransport(smtp).sendMail({
      from: { name: from.fromName, address: from.fromAddress },
      to: input.to,
      subject: input.language === 'en-US' ? 'Accord test mail' : 'Accord 测试邮件',
      text:
        input.language === 'en-US'
          ? `This test mail was sent by ${auth.displayName} from Accord's mail settings. Outgoing mail works.`
          : `这封测试邮件由 ${auth.displayName} 在 Accord 的邮件设置中发出。发信设置可以正常使用。`,
      messageId,
    });
  } catch (err) {
    throw new AppError(classifySmtpError(err));
  }
  await db.transaction(async (tx) =>
    insertAudit(tx, { actorId: auth.userId, ref: { type: 'mail-settings', id: 'default' }, action: 'test-mail', after: { messageId } }),
  );
  return { ok: true as const, messageId };
}

// ---- templates --------------------------------------------------------------------------------

/** Shipped templates reach the database once (revision 1), so they are versioned like every edit. */
async function ensureTemplates(db: Executor) {
  const have = new Set((await repo.selectCurrentTemplates(db)).map((t) => t.key));
  for (const k of templateKeys) {
    if (!have.has(k))
      await repo.insertTemplate(db, { key: k, revision: 1, subject: defaultTemplates[k].subject, body: defaultTemplates[k].body, createdBy: null });
  }
}

function presentTemplate(t: repo.TemplateRow): z.infer<typeof MailTemplate> {
  const k = t.key as (typeof templateKeys)[number];
  return {
    key: k,
    revision: t.revision,
    subject: t.subject,
    body: t.body,
    variables: defaultTemplates[k]?.variables ?? [],
    createdAt: t.createdAt.toISOString(),
  };
}

export async function listTemplates(db: Db) {
  await ensureTemplates(db);
  return { items: (await repo.selectCurrentTemplates(db)).filter((t) => (templateKeys as readonly string[]).includes(t.key)).map(presentTemplate) };
}

async function currentTemplate(db: Executor, k: string) {
  await ensureTemplates(db);
  return (await repo.selectTemplate(db, k))!;
}

/** An edit is a new revision; mails already queued keep the revision they were written from. */
export async function updateTemplate(db: Db, auth: AuthContext, k: string, input: z.infer<typeof UpdateMailTemplateRequest>) {
  return db.transaction(async (tx) => {
    const current = await currentTemplate(tx, k);
    if (current.revision !== input.revision || !(await repo.supersedeTemplate(tx, k, current.revision))) throw new AppError('MAIL_TEMPLATE_OUTDATED');
    await repo.insertTemplate(tx, { key: k, revision: current.revision + 1, subject: input.subject, body: input.body, createdBy: auth.userId });
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'mail-template', id: k },
      action: 'revise',
      before: { revision: current.revision, subject: current.subject, body: current.body },
      after: { revision: current.revision + 1, subject: input.subject, body: input.body },
    });
    return presentTemplate((await repo.selectTemplate(tx, k))!);
  });
}

// ---- composing and queueing -------------------------------------------------------------------

async function recordContext(db: Executor, auth: AuthContext, ref: { type: string; id: string }) {
  const type = recordType(ref.type);
  if (!type) throw new AppError('UNKNOWN_RECORD_TYPE', [{ path: 'body.ref.type', code: 'unknown' }]);
  if (!auth.permissions.has(type.readPermission)) throw new AppError('FORBIDDEN');
  const rec = await repo.selectRecordParty(db, ref);
  if (!rec) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.ref.id', code: 'not_found' }]);
  const party = (await repo.selectParty(db, rec.partyId))!;
  return { rec, party };
}

/** The template filled in from the record, in both languages, for the user to read and edit before sending. */
export async function compose(db: Db, auth: AuthContext, input: z.infer<typeof ComposeRequest>) {
  const { rec, party } = await recordContext(db, auth, input.ref);
  const t = await currentTemplate(db, input.templateKey);
  const list = await repo.selectPartyContacts(db, party.id);
  const contactId = input.contactId ?? rec.contactId ?? list[0]?.id ?? null;
  const contact = list.find((c) => c.id === contactId);
  const language: Lang = input.language ?? (party.preferredLanguage === 'en-US' ? 'en-US' : 'zh-CN');
  const texts = { zh: { subject: '', body: '' }, en: { subject: '', body: '' } };
  for (const l of ['zh', 'en'] as const) {
    const vars: Record<string, string> = {
      customerName: l === 'en' ? (party.nameEn ?? party.nameZh) : party.nameZh,
      contactName: contact?.name ?? '',
      senderName: auth.displayName,
      companyName: cfg().companyName[l] || cfg().companyName.zh,
      recordNumber: rec.number,
    };
    texts[l] = { subject: render(t.subject[l], vars), body: render(t.body[l], vars) };
  }
  return {
    templateKey: input.templateKey,
    templateRevision: t.revision,
    language,
    partyId: party.id,
    partyName: party.nameZh,
    contacts: list.map((c) => ({ id: c.id, name: c.name, hasAddress: !!c.email, language })),
    contactId,
    subject: texts[short(language)].subject,
    body: texts[short(language)].body,
    texts,
    pending: pendingVariables.filter((v) => t.body.zh.includes(`{{${v}}}`) || t.body.en.includes(`{{${v}}}`)),
  };
}

export interface QueueInput {
  partyId: string;
  contactId: string;
  ref: { type: string; id: string } | null;
  language: Lang;
  subject: string;
  body: string;
  templateKey: string | null;
  templateRevision: number | null;
  /** values filled into {{name}} now (a deadline known only when the feature writes) */
  vars?: Record<string, string>;
  /** filled in when the mail leaves (a single-use link), kept encrypted until then */
  secrets?: Record<string, string>;
  /** the feature logged the sending itself: the mail points at that communication instead of logging another */
  communicationId?: string | null;
  inReplyTo?: string | null;
  references?: string | null;
  /** where a field error points (body.contactId by default) */
  contactPath?: string;
  /** files to attach, already kept by checksum (storeBlob) */
  attachments?: { filename: string; mime: string; sha256: string }[];
}

/** Keep generated bytes (a PDF) by checksum under DATA_DIR/files, as uploads are kept. */
export function storeBlob(bytes: Buffer): string {
  const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
  const dest = blobPath(cfg().dataDir, sha256);
  if (!fs.existsSync(dest)) {
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    const tmp = `${dest}.${crypto.randomUUID()}.tmp`;
    fs.writeFileSync(tmp, bytes);
    fs.renameSync(tmp, dest);
  }
  return sha256;
}

/**
 * A quotation's print form as a PDF, with what the sender may see: the quotation is redacted with the sender's
 * permissions before it is laid out, so without prices.read the PDF has no price column.
 */
export async function quotationPdf(db: Executor, auth: AuthContext, id: string) {
  const q = redact(await getQuotation(db, id), auth.visible);
  const bytes = await htmlToPdf(quotationPrintHtml(q, cfg().companyName));
  return { filename: `${q.number}-R${q.revision}.pdf`, mime: 'application/pdf', sha256: storeBlob(bytes) };
}

/**
 * Put a mail in the queue inside the caller's transaction; the outbox sends it after commit. Features call this
 * (a complaint's confirmation link, a survey's invitations) as well as the compose dialog.
 */
export async function queueMail(tx: Executor, auth: AuthContext, q: QueueInput) {
  const settings = await repo.ensureSettings(tx);
  const sender = senderFor(settings, auth.departmentIds);
  const contact = await repo.selectContact(tx, q.contactId);
  const path = q.contactPath ?? 'body.contactId';
  if (!contact || contact.voidedAt) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path, code: 'not_found' }]);
  if (contact.partyId !== q.partyId) throw new AppError('CONTACT_NOT_OF_PARTY', [{ path, code: 'other_party' }]);
  const to = contact.email?.trim();
  if (!to) throw new AppError('MAIL_CONTACT_NO_ADDRESS', [{ path, code: 'no_address' }]);
  const signature = settings.signature[short(q.language)].trim();
  const text = q.vars ? render(q.body, q.vars) : q.body;
  const subject = q.vars ? render(q.subject, q.vars) : q.subject;
  const body = signature ? `${text.trimEnd()}\n\n-- \n${signature}\n` : text;
  const row = await repo.insertMessage(tx, {
    partyId: q.partyId,
    contactId: contact.id,
    refType: q.ref?.type ?? null,
    refId: q.ref?.id ?? null,
    departmentId: sender.departmentId,
    fromAddress: sender.fromAddress,
    fromName: sender.fromName,
    toAddress: to,
    toName: contact.name,
    subject,
    body,
    language: q.language,
    templateKey: q.templateKey,
    templateRevision: q.templateRevision,
    secretsEnc: q.secrets && Object.keys(q.secrets).length ? seal(key(), JSON.stringify(q.secrets)) : null,
    messageId: newMessageId(sender.fromAddress),
    inReplyTo: q.inReplyTo ?? null,
    references: q.references ?? null,
    communicationId: q.communicationId ?? null,
    attachments: q.attachments ?? [],
    createdBy: auth.userId,
    updatedBy: auth.userId,
  });
  if (q.ref) {
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: q.ref,
      action: 'mail.queue',
      after: { subject: q.subject, to: contact.name, messageId: row.messageId, template: q.templateKey ? `${q.templateKey} r${q.templateRevision}` : null },
    });
  }
  await enqueue(tx, 'mail.send', { id: row.id });
  return row;
}

/**
 * A mail to a colleague (a notification, the daily digest): no customer, no contact, no communication logged; sent by
 * the same queue (outbox topic mail.send, back-off, never twice) from the default sender.
 */
export async function queueUserMail(
  tx: Executor,
  q: { userId: string; toAddress: string; toName: string; language: Lang; subject: string; body: string; ref: { type: string; id: string } | null },
) {
  const settings = await repo.ensureSettings(tx);
  const sender = senderFor(settings, []);
  const row = await repo.insertMessage(tx, {
    partyId: null,
    contactId: null,
    refType: q.ref?.type ?? null,
    refId: q.ref?.id ?? null,
    departmentId: null,
    fromAddress: sender.fromAddress,
    fromName: sender.fromName,
    toAddress: q.toAddress,
    toName: q.toName,
    subject: q.subject.slice(0, 300),
    body: q.body,
    language: q.language,
    templateKey: null,
    templateRevision: null,
    secretsEnc: null,
    messageId: newMessageId(sender.fromAddress),
    inReplyTo: null,
    references: null,
    communicationId: null,
    createdBy: null,
    updatedBy: null,
  });
  await enqueue(tx, 'mail.send', { id: row.id });
  return row;
}

/** Whether outgoing mail is set up (a host and a sender address). */
export async function mailConfigured(db: Executor): Promise<boolean> {
  const s = await repo.ensureSettings(db);
  return !!s.smtpHost && !!s.fromAddress;
}

/** Absolute address of a path in the web app, for links in mail. */
export const publicLink = (path: string) => `${cfg().publicUrl}${path}`;

/** The user sends the (edited) text from the compose dialog. */
export async function sendMail(db: Db, auth: AuthContext, input: z.infer<typeof SendMailRequest>) {
  // a quotation leaves with its print form as a PDF (rendered before the transaction: Chromium takes a second)
  const attachments = input.ref.type === 'quotation' ? (await recordContext(db, auth, input.ref), [await quotationPdf(db, auth, input.ref.id)]) : [];
  const id = await db.transaction(async (tx) => {
    const { party } = await recordContext(tx, auth, input.ref);
    let inReplyTo: string | null = null;
    let references: string | null = null;
    if (input.inReplyToIncomingId) {
      const incoming = await repo.selectIncoming(tx, input.inReplyToIncomingId);
      if (!incoming) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.inReplyToIncomingId', code: 'not_found' }]);
      inReplyTo = incoming.messageId;
      references = incoming.messageId;
    }
    const row = await queueMail(tx, auth, {
      partyId: party.id,
      contactId: input.contactId,
      ref: input.ref,
      language: input.language,
      subject: input.subject,
      body: input.body,
      templateKey: input.templateKey,
      templateRevision: input.templateRevision ?? null,
      inReplyTo,
      references,
      attachments,
    });
    return row.id;
  });
  return presentMessages(db, [(await repo.selectMessage(db, id))!], new Set(auth.visible)).then((l) => l[0]!);
}

// ---- sending (outbox topic mail.send) ---------------------------------------------------------

export const MAX_ATTEMPTS = 5;
/** 1, 4, 16, 64 minutes after the 1st…4th failure */
export const backoffMs = (attempts: number) => 60_000 * 4 ** Math.max(0, attempts - 1);

/** The colleague who queued the mail, with what logging its communication needs (the mail may leave long after). */
async function senderAuth(db: Executor, userId: string, refType: string | null): Promise<AuthContext | null> {
  const u = await selectUser(db, userId);
  if (!u) return null;
  const read = refType ? recordType(refType)?.readPermission : undefined;
  return actingAs(u, ['communications.read', 'communications.write', ...(read ? [read] : [])]);
}

/** A colleague's name on what the mail work writes in the background, with only the permissions that work needs. */
export function actingAs(u: { id: string; username: string; displayName: string; departmentIds: string[] }, permissions: string[]): AuthContext {
  return {
    userId: u.id,
    username: u.username,
    displayName: u.displayName,
    locale: 'zh-CN',
    roles: [],
    departmentIds: u.departmentIds,
    departmentCodes: [],
    permissions: new Set(permissions) as AuthContext['permissions'],
    visible: new Set(),
    csrfToken: '',
    sessionHash: '',
    mustChangePassword: false,
  };
}

/**
 * How long a claim holds. Longer than any one SMTP conversation can last (the transport's timeouts: 10 s to connect,
 * 10 s for the greeting, 30 s of silence on the socket; and a hard stop at SEND_DEADLINE_MS below), so a live
 * instance always writes its result before another may take the mail again.
 */
export const LEASE_MS = 10 * 60_000;
const SEND_DEADLINE_MS = 5 * 60_000;

/**
 * Send one queued mail, in three steps so that no transaction is open while the SMTP server is talked to:
 *
 * 1. claim (here, in the outbox drain's transaction, which holds the outbox row FOR UPDATE SKIP LOCKED): the mail row
 *    is locked (SKIP LOCKED), and only a `queued` row that is due — or a `sending` row whose lease has run out — is
 *    taken: it becomes `sending` with `lease_until`, and a watchdog outbox row is queued for when the lease ends.
 *    The drain commits; the claim is now visible to every instance, which leaves the mail alone until the lease ends.
 * 2. send (the returned after-commit work, outside any transaction): nodemailer talks SMTP.
 * 3. record (a second short transaction): `sent` with the communication logged, or back to `queued` with the
 *    back-off (a new outbox row) or `failed` — only if the claim is still ours (status `sending`, same lease).
 *
 * Two instances never send the same mail while a claim holds. The one edge left is at-least-once, not exactly-once:
 * if the instance dies after the SMTP server accepted the mail but before step 3 commits, the mail stays `sending`
 * until its lease runs out; the watchdog row then finds it expired and sends it again (same Message-ID, so a
 * customer's mail client shows one message, and the log gets one communication). No mail is lost, and none is sent
 * twice without that crash and the lease expiry.
 */
export async function deliver(db: Executor, id: string): Promise<void | ((db: Db) => Promise<void>)> {
  const m = await repo.lockMessage(db, id);
  if (!m) return;
  const now = Date.now();
  const expired = m.status === 'sending' && (!m.leaseUntil || m.leaseUntil.getTime() <= now);
  if (m.status !== 'queued' && !expired) return;
  if (m.status === 'queued' && m.nextAttemptAt && m.nextAttemptAt.getTime() > now + 1000) return; // an earlier outbox row; a later one is due
  const leaseUntil = new Date(now + LEASE_MS);
  await repo.updateMessage(db, m.id, {
    status: 'sending',
    leaseUntil,
    ...(expired ? { lastError: 'an earlier claim ran out (the instance stopped mid-send); sent again', lastErrorCode: 'MAIL_SEND_FAILED' } : {}),
  });
  // the watchdog: if this instance dies before recording the result, the mail is taken again when the lease ends
  await enqueue(db, 'mail.send', { id: m.id }, { runAfter: new Date(leaseUntil.getTime() + 1000) });
  return (outside: Db) => sendClaimed(outside, m.id, leaseUntil);
}

/** a claim with less than this left when its turn comes is renewed first (tests set it higher to see a renewal) */
export const leaseTiming = { renewWithinMs: SEND_DEADLINE_MS + 60_000 };

/** SMTP conversations under way from this instance: at most MAIL_SMTP_MAX_CONNECTIONS, the rest wait their turn. */
export const sendSlots = new Slots(() => mailConfig?.smtpMaxConnections ?? 4);

/**
 * A claim that waited for a free connection long enough to be near its end is renewed before the conversation
 * starts (a new lease, and a new watchdog row for it), so a burst waiting its turn is never taken by another instance
 * while this one is about to send it. Returns the lease in force, or null when the claim is no longer ours.
 */
async function renewIfShort(db: Db, id: string, leaseUntil: Date): Promise<Date | null> {
  if (leaseUntil.getTime() - Date.now() > leaseTiming.renewWithinMs) return leaseUntil;
  return db.transaction(async (tx) => {
    const now = await repo.lockMessage(tx, id);
    if (!now || now.status !== 'sending' || now.leaseUntil?.getTime() !== leaseUntil.getTime()) return null;
    const renewed = new Date(Date.now() + LEASE_MS);
    await repo.updateMessage(tx, id, { leaseUntil: renewed });
    await enqueue(tx, 'mail.send', { id }, { runAfter: new Date(renewed.getTime() + 1000) });
    return renewed;
  });
}

/**
 * Steps 2 and 3 of `deliver`: talk SMTP with no transaction open, then record the outcome if the claim is still ours.
 * The conversation waits for one of the instance's send slots and goes over the instance's pooled connections, so a
 * burst of a thousand notifications opens MAIL_SMTP_MAX_CONNECTIONS connections, not a thousand.
 */
async function sendClaimed(db: Db, id: string, claimed: Date) {
  const release = await sendSlots.acquire();
  try {
    const leaseUntil = await renewIfShort(db, id, claimed);
    if (leaseUntil) await converse(db, id, leaseUntil);
  } finally {
    release();
  }
}

async function converse(db: Db, id: string, leaseUntil: Date) {
  const m = await repo.selectMessage(db, id);
  if (!m || m.status !== 'sending' || m.leaseUntil?.getTime() !== leaseUntil.getTime()) return;
  const settings = await repo.ensureSettings(db);
  const attempts = m.attempts + 1;
  let failure: unknown = null;
  try {
    const smtp = smtpOf(settings);
    const secrets = m.secretsEnc ? (JSON.parse(open(key(), m.secretsEnc) ?? '{}') as Record<string, string>) : {};
    const fill = (t: string) => render(t, secrets, []);
    const transport = pooledTransport(smtp, { maxConnections: cfg().smtpMaxConnections ?? 4, ratePerMinute: cfg().smtpRatePerMinute ?? 0 });
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        transport.sendMail({
          from: { name: m.fromName, address: m.fromAddress },
          to: { name: m.toName, address: m.toAddress },
          subject: fill(m.subject),
          text: fill(m.body),
          messageId: m.messageId,
          ...(m.inReplyTo ? { inReplyTo: m.inReplyTo } : {}),
          ...(m.references ? { references: m.references } : {}),
          headers: { 'X-Accord-Mail': m.id },
          attachments: m.attachments.map((a) => ({ filename: a.filename, contentType: a.mime, path: blobPath(cfg().dataDir, a.sha256) })),
        }),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(Object.assign(new Error('SMTP conversation took too long'), { code: 'ETIMEDOUT' })), SEND_DEADLINE_MS);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  } catch (err) {
    failure = err;
  }
  await db.transaction(async (tx) => {
    const now = await repo.lockMessage(tx, id);
    // another instance took the mail after our lease ran out: its outcome counts, not ours
    if (!now || now.status !== 'sending' || now.leaseUntil?.getTime() !== leaseUntil.getTime()) return;
    if (failure !== null) {
      const code: ErrorCode = failure instanceof AppError ? (failure.code as ErrorCode) : classifySmtpError(failure);
      const final = attempts >= MAX_ATTEMPTS || code === 'MAIL_RECIPIENT_REFUSED';
      const next = final ? null : new Date(Date.now() + backoffMs(attempts));
      await repo.updateMessage(tx, id, {
        attempts,
        status: final ? 'failed' : 'queued',
        leaseUntil: null,
        nextAttemptAt: next,
        lastErrorCode: code,
        lastError: `${errorMessage(code, 'en-US')} (${String((failure as Error)?.message ?? failure).slice(0, 500)})`,
      });
      if (next) await enqueue(tx, 'mail.send', { id }, { runAfter: next });
      return;
    }
    let communicationId = now.communicationId;
    if (!communicationId && now.partyId && now.createdBy) {
      const auth = await senderAuth(tx, now.createdBy, now.refType);
      if (auth) {
        const comm = await createCommunication(
          tx,
          auth,
          CreateCommunicationRequest.parse({
            partyId: now.partyId,
            channel: 'email',
            direction: 'out',
            topic: now.refType === 'complaint' ? 'complaint' : now.refType === 'order' ? 'order' : 'other',
            occurredAt: new Date().toISOString(),
            contactId: now.contactId,
            subject: now.subject.slice(0, 200),
            // the text as sent, except what was filled in at the last moment (a customer's link stays {{link}})
            content: `${now.body}\n\nMessage-ID: ${now.messageId}`.slice(0, 20000),
            links: now.refType && now.refId ? [{ type: now.refType, id: now.refId }] : [],
          }),
        );
        communicationId = comm.id;
      }
    }
    await repo.updateMessage(tx, id, {
      status: 'sent',
      sentAt: new Date(),
      attempts,
      leaseUntil: null,
      nextAttemptAt: null,
      secretsEnc: null,
      communicationId,
    });
  });
}

// ---- the queue --------------------------------------------------------------------------------

async function presentMessages(db: Executor, list: repo.MessageRow[], _visible: ReadonlySet<string>): Promise<z.infer<typeof MailMessage>[]> {
  const titles = new Map<string, string | null>();
  for (const m of list) {
    if (m.refType && m.refId && !titles.has(`${m.refType}:${m.refId}`))
      titles.set(`${m.refType}:${m.refId}`, (await recordType(m.refType)?.fetchTitle(db, m.refId)) ?? null);
  }
  return list.map((m) => ({
    id: m.id,
    status: m.status as 'queued' | 'sending' | 'sent' | 'failed',
    ref: m.refType && m.refId ? { type: m.refType, id: m.refId } : null,
    refTitle: m.refType && m.refId ? (titles.get(`${m.refType}:${m.refId}`) ?? null) : null,
    partyId: m.partyId,
    // `email` is a reserved personal field: the serialiser strips it for a user without contacts.personal.read
    email: m.toAddress,
    toName: m.toName,
    fromName: m.fromName,
    subject: m.subject,
    messageId: m.messageId,
    templateKey: m.templateKey,
    templateRevision: m.templateRevision,
    attempts: m.attempts,
    nextAttemptAt: m.nextAttemptAt?.toISOString() ?? null,
    lastError: m.lastError,
    lastErrorCode: m.lastErrorCode,
    sentAt: m.sentAt?.toISOString() ?? null,
    communicationId: m.communicationId,
    createdAt: m.createdAt.toISOString(),
  }));
}

export async function listQueue(db: Db, auth: AuthContext, q: { status?: 'queued' | 'sending' | 'sent' | 'failed' | undefined; limit: number }) {
  const { items, total } = await repo.selectMessages(db, { status: q.status, limit: q.limit });
  return { items: await presentMessages(db, items, auth.visible), total };
}

export async function recordMails(db: Db, auth: AuthContext, ref: { type: string; id: string }) {
  const type = recordType(ref.type);
  if (!type) throw new AppError('UNKNOWN_RECORD_TYPE');
  if (!auth.permissions.has(type.readPermission)) throw new AppError('FORBIDDEN');
  const { items, total } = await repo.selectMessages(db, { ref, limit: 200 });
  return { items: await presentMessages(db, items, auth.visible), total };
}

/** Send a failed (or waiting) mail again now. */
export async function retryMail(db: Db, auth: AuthContext, id: string) {
  await db.transaction(async (tx) => {
    const m = await repo.selectMessage(tx, id);
    if (!m) throw new AppError('NOT_FOUND');
    // a mail being sent right now (its claim holds) is not sent again by hand
    if (m.status === 'sent' || m.status === 'sending') throw new AppError('MAIL_NOT_RETRYABLE');
    await repo.updateMessage(tx, id, { status: 'queued', nextAttemptAt: null, attempts: 0 });
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: m.refType && m.refId ? { type: m.refType, id: m.refId } : { type: 'mail-message', id },
      action: 'mail.retry',
      after: { messageId: m.messageId, lastError: m.lastErrorCode },
    });
    await enqueue(tx, 'mail.send', { id });
  });
  return presentMessages(db, [(await repo.selectMessage(db, id))!], auth.visible).then((l) => l[0]!);
}
