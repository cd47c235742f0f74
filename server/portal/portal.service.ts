import crypto from 'node:crypto';
import type { z } from 'zod';
import type { Db, Executor } from '../platform/db/client.js';
import { AppError } from '../platform/http/app-error.js';
import type { AuthContext } from '../platform/http/access.js';
import { insertAudit } from '../platform/audit/audit.repository.js';
import { permissionKeys } from '../../contracts/identity.js';
import { CreateCommunicationRequest } from '../../contracts/communications.js';
import { OrderListQuery } from '../../contracts/orders.js';
import { ComplaintListQuery } from '../../contracts/complaints.js';
import type { PortalMessageRequest, PortalUploadFields, PortalUpload, CustomerPortalUpload } from '../../contracts/portal.js';
import type { SubmitSurveyRequest } from '../../contracts/surveys.js';
import type { Locale } from '../../contracts/errors.js';
import * as OTPAuth from 'otpauth';
import type { Config } from '../platform/config.js';
import { storeUpload, type ReceivedUpload } from '../platform/files/files.js';
import type { TPortalOrder, TPortalComplaint } from './portal.types.js';
import { selectContact } from '../parties/index.js';
import { assertPasswordPolicy, hashPassword, lockMinutes, resolvePrincipal, verifyDummy, verifyPassword } from '../identity/index.js';
import { queueMail, publicLink, mailKey, seal, open } from '../mail/index.js';
import { openSurveysOfContact, openSurveyOfContact, submitSurveyOfContact } from '../surveys/index.js';
import { plannedVisitsOf } from '../visits/index.js';
import { siteCalendar } from '../calendar/index.js';
import { createCommunication } from '../communications/index.js';
import { acknowledgeDeliveryChange, attachWrittenOrder, getOrder, listOrders, reconfirmationPending, recordCustomerReconfirmation } from '../orders/index.js';
import { getComplaint, listComplaints, recordCustomerConfirmation } from '../complaints/index.js';
import { CONTACT, stepView } from '../procedures/index.js';
import { asContact, contactActorLabel, type ContactActor } from '../platform/audit/actor.js';
import { recordType } from '../platform/records/record-types.js';
import { communicationNumber } from '../communications/index.js';
import * as repo from './portal.repository.js';

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
const INVITE_HOURS = 7 * 24;
const LINK_MINUTES = 30;
export const PORTAL_SESSION_HOURS = 12;

export interface PortalPrincipal {
  accessId: string;
  partyId: string;
  contactId: string;
  contactName: string;
  companyName: string;
  csrfToken: string;
  invitedBy: string;
  sessionHash: string;
  email: string;
  passwordSet: boolean;
  totpEnabled: boolean;
  settings: repo.SettingsValues;
}

let config: Pick<Config, 'mailSecretKey' | 'dataDir'> | null = null;
/** The place of the key that seals TOTP secrets (the mail key) and of uploaded files: set by the app. */
export function setPortalConfig(c: Pick<Config, 'mailSecretKey' | 'dataDir'>) {
  config = c;
}
const sealKey = () => {
  if (!config) throw new Error('portal: configuration not set');
  return mailKey(config);
};

// ---- the factory's side ---------------------------------------------------------------------------

function settingsValues(s: repo.SettingsValues): repo.SettingsValues {
  return {
    showOrders: s.showOrders,
    showComplaints: s.showComplaints,
    showStepNames: s.showStepNames,
    showReport: s.showReport,
    showSurveys: s.showSurveys,
    showVisits: s.showVisits,
    allowUploads: s.allowUploads,
  };
}
function presentSettings(s: Awaited<ReturnType<typeof repo.selectSettings>>) {
  return { ...settingsValues(s), version: s.version };
}

export async function customerPortal(db: Db, partyId: string) {
  const access = await repo.selectAccessOfParty(db, partyId);
  return {
    settings: presentSettings(await repo.selectSettings(db, partyId)),
    access: access.map((a) => ({ ...a, invitedAt: a.invitedAt.toISOString(), lastSignInAt: a.lastSignInAt?.toISOString() ?? null })),
  };
}

export async function saveSettings(
  db: Db,
  auth: AuthContext,
  partyId: string,
  input: Partial<repo.SettingsValues> & Pick<repo.SettingsValues, 'showOrders' | 'showComplaints' | 'showStepNames'> & { version: number },
) {
  const before = await repo.selectSettings(db, partyId);
  await db.transaction(async (tx) => {
    const { version, ...given } = input;
    const v = { ...settingsValues(before), ...Object.fromEntries(Object.entries(given).filter(([, x]) => x !== undefined)) } as repo.SettingsValues;
    if (!(await repo.saveSettings(tx, partyId, version, v, auth.userId))) throw new AppError('VERSION_CONFLICT');
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'customer', id: partyId },
      action: 'portal.settings',
      before: presentSettings(before),
      after: v,
    });
  });
  return customerPortal(db, partyId);
}

const mailText = {
  'zh-CN': {
    subject: '客户门户登录链接',
    body: '{{contactName}}，您好：\n\n请通过以下链接登录客户门户，查看贵司的订单、交期变更和投诉处理进度（链接只能使用一次，{{hours}} 小时内有效）：\n\n{{link}}\n\n如非本人操作，请忽略此邮件。',
  },
  'en-US': {
    subject: 'Your customer portal sign-in link',
    body: 'Dear {{contactName}},\n\nSign in to the customer portal to see your orders, date changes and complaints with this link (it works once, for {{hours}} hours):\n\n{{link}}\n\nIf you did not ask for it, ignore this mail.',
  },
} as const;

async function sendLink(
  tx: Db,
  sender: AuthContext,
  access: { id: string; partyId: string; contactId: string },
  contactName: string,
  language: 'zh-CN' | 'en-US',
  hours: number,
) {
  const token = crypto.randomBytes(24).toString('base64url');
  await repo.insertLink(tx, { tokenHash: sha256(token), accessId: access.id, expiresAt: new Date(Date.now() + hours * 3_600_000) });
  const m = mailText[language];
  await queueMail(tx, sender, {
    partyId: access.partyId,
    contactId: access.contactId,
    ref: null,
    language,
    subject: m.subject,
    body: m.body,
    templateKey: null,
    templateRevision: null,
    vars: { contactName, hours: String(hours) },
    // the link lives in the fragment: it never reaches a server log or a Referer
    secrets: { link: publicLink(`/portal/sign-in#${token}`) },
  });
}

/** Invite a contact (with an e-mail address) of this customer; the invitation carries a first sign-in link. */
export async function invite(db: Db, auth: AuthContext, partyId: string, input: { contactId: string; language: 'zh-CN' | 'en-US' }) {
  await db.transaction(async (tx) => {
    const contact = await selectContact(tx, input.contactId);
    if (!contact || contact.voidedAt) throw new AppError('LINKED_RECORD_NOT_FOUND', [{ path: 'body.contactId', code: 'not_found' }]);
    if (contact.partyId !== partyId) throw new AppError('CONTACT_NOT_OF_PARTY', [{ path: 'body.contactId', code: 'other_party' }]);
    const email = contact.email?.trim().toLowerCase();
    if (!email) throw new AppError('MAIL_CONTACT_NO_ADDRESS', [{ path: 'body.contactId', code: 'no_address' }]);
    const id = await repo.upsertAccess(tx, { partyId, contactId: contact.id, email, invitedBy: auth.userId });
    await sendLink(tx as unknown as Db, auth, { id, partyId, contactId: contact.id }, contact.name, input.language, INVITE_HOURS);
    await insertAudit(tx, { actorId: auth.userId, ref: { type: 'customer', id: partyId }, action: 'portal.invited', after: { contact: contact.name } });
  });
  return customerPortal(db, partyId);
}

export async function setAccess(db: Db, auth: AuthContext, partyId: string, accessId: string, active: boolean) {
  const a = await repo.selectAccess(db, accessId);
  if (!a || a.partyId !== partyId) throw new AppError('NOT_FOUND');
  await db.transaction(async (tx) => {
    await repo.setAccessActive(tx, accessId, active);
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: { type: 'customer', id: partyId },
      action: active ? 'portal.enabled' : 'portal.revoked',
      after: { contactId: a.contactId },
    });
  });
  return customerPortal(db, partyId);
}

// ---- signing in --------------------------------------------------------------------------------------

/**
 * A sign-in link for an address: one per active invitation of it. The answer is the same whether or not the address
 * is known (nothing tells which addresses have access).
 */
export async function requestLink(db: Db, email: string, language: 'zh-CN' | 'en-US') {
  const found = await repo.selectActiveByEmail(db, email.trim().toLowerCase());
  for (const a of found) {
    const sender = await resolvePrincipal(db, a.invitedBy, permissionKeys, 'portal');
    const contact = await selectContact(db, a.contactId);
    if (!sender || !contact || contact.voidedAt) continue;
    await db.transaction(async (tx) => {
      await sendLink(tx as unknown as Db, sender, a, contact.name, language, LINK_MINUTES / 60);
      await insertAudit(tx, { actorId: null, ref: { type: 'contact', id: a.contactId }, action: 'portal.link-requested', after: { by: 'portal-contact' } });
    });
  }
  return { ok: true as const };
}

export async function redeem(db: Db, token: string, ip: string | null) {
  return db.transaction(async (tx) => {
    const link = await repo.takeLink(tx, sha256(token));
    if (!link) throw new AppError('PORTAL_LINK_INVALID');
    const a = await repo.selectAccess(tx, link.accessId);
    if (!a?.active) throw new AppError('PORTAL_LINK_INVALID');
    return openSession(tx, a, ip, 'link');
  });
}

async function openSession(tx: Executor, a: { id: string; partyId: string; contactId: string }, ip: string | null, method: 'link' | 'password') {
  const session = crypto.randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + PORTAL_SESSION_HOURS * 3_600_000);
  await repo.insertSession(tx, {
    tokenHash: sha256(session),
    accessId: a.id,
    partyId: a.partyId,
    csrfToken: crypto.randomBytes(24).toString('base64url'),
    expiresAt,
  });
  await repo.touchSignIn(tx, a.id);
  await insertAudit(tx, { ...byContact(a), ref: { type: 'contact', id: a.contactId }, action: 'portal.sign-in', after: { by: 'portal-contact', ip, method } });
  return { session, expiresAt };
}

export async function resolvePortal(db: Db, token: string): Promise<PortalPrincipal | null> {
  const hash = sha256(token);
  const s = await repo.selectSession(db, hash);
  if (!s) return null;
  const settings = await repo.selectSettings(db, s.partyId);
  return { ...s, passwordSet: !!s.passwordSet, totpEnabled: !!s.totpEnabled, sessionHash: hash, settings: settingsValues(settings) };
}

export async function signOut(db: Db, p: PortalPrincipal) {
  await db.transaction(async (tx) => {
    await repo.revokeSession(tx, p.sessionHash);
    await insertAudit(tx, { ...byContact(p), ref: { type: 'contact', id: p.contactId }, action: 'portal.sign-out', after: { by: 'portal-contact' } });
  });
}

export function me(p: PortalPrincipal) {
  return {
    contactName: p.contactName,
    companyName: p.companyName,
    csrfToken: p.csrfToken,
    settings: p.settings,
    passwordSet: p.passwordSet,
    totpEnabled: p.totpEnabled,
  };
}

/**
 * The contact as the actor of what they do here: their audit rows, the procedure transitions they take and the step
 * history name them ("张三 (ACME · 客户联系人 customer contact)"); the inviting colleague only records the communications it causes.
 */
async function contactActor(db: Db, p: PortalPrincipal): Promise<ContactActor> {
  const recorder = await resolvePrincipal(db, p.invitedBy, permissionKeys, 'portal');
  if (!recorder) throw new AppError('PORTAL_UNAVAILABLE');
  return CONTACT({ contactId: p.contactId, partyId: p.partyId, displayName: contactActorLabel(p.contactName, p.companyName), recorder });
}
/** The audit columns of a row the signed-in contact causes. */
const byContact = (p: { contactId: string }) => ({ actorId: null, actorContactId: p.contactId });

// ---- the customer's records (only its own company's; another's answers 404, as an unknown id) ------------

const statusOf = (p: PortalPrincipal, status: string | null, closed: boolean) =>
  closed ? 'closed' : p.settings.showStepNames && status ? status : 'in-progress';

async function portalOrder(db: Db, p: PortalPrincipal, o: Awaited<ReturnType<typeof getOrder>>): Promise<TPortalOrder> {
  const pending = o.closed ? null : await reconfirmationPending(db, o.id);
  return {
    id: o.id,
    number: o.number,
    customerPo: o.customerPo,
    orderDate: o.orderDate,
    status: statusOf(p, o.status, o.closed),
    closed: o.closed,
    lines: o.lines.map((l) => ({
      lineNo: l.lineNo,
      model: l.model,
      quantity: l.quantity,
      requestedDate: l.requestedDate,
      plannedDate: l.plannedDate,
      shippedQuantity: l.shippedQuantity,
    })),
    pendingDateChanges: o.deliveryChanges
      .filter((c) => !c.acknowledged)
      .map((c) => ({ id: c.id, lineNo: c.lineNo, oldDate: c.oldDate, newDate: c.newDate, version: c.version })),
    reconfirmation: pending ? { version: pending.version } : null,
  };
}

export async function orders(db: Db, p: PortalPrincipal) {
  if (!p.settings.showOrders) return { items: [] };
  const list = await listOrders(db, OrderListQuery.parse({ partyId: p.partyId, pageSize: 100 }));
  const items: TPortalOrder[] = [];
  for (const o of list.items) if (!o.voided && o.partyId === p.partyId) items.push(await portalOrder(db, p, await getOrder(db, o.id)));
  return { items };
}

async function ownOrder(db: Db, p: PortalPrincipal, id: string) {
  if (!p.settings.showOrders) throw new AppError('NOT_FOUND');
  const o = await getOrder(db, id).catch(() => null);
  if (!o || o.partyId !== p.partyId || o.voided) throw new AppError('NOT_FOUND');
  return o;
}

export async function order(db: Db, p: PortalPrincipal, id: string) {
  return portalOrder(db, p, await ownOrder(db, p, id));
}

type FullComplaint = Awaited<ReturnType<typeof getComplaint>>;

async function portalComplaint(db: Db, p: PortalPrincipal, c: FullComplaint): Promise<TPortalComplaint> {
  const view = c.closed ? null : await stepView(db, { type: 'complaint', id: c.id }, 'complaint');
  const awaitingConfirmation = !!view?.editable.includes('customerConfirmation');
  // the 8D is released to the customer when we ask for the confirmation, and stays visible once closed
  const released = p.settings.showReport && (awaitingConfirmation || c.closed);
  return {
    id: c.id,
    number: c.number,
    model: c.model,
    lot: c.lot,
    receivedAt: c.receivedAt,
    status: statusOf(p, c.status, c.closed),
    closed: c.closed,
    version: c.version,
    awaitingConfirmation,
    report: released
      ? {
          problem: c.problem ? c.problem.what : null,
          containment: c.containment.map((x) => ({
            location: x.location,
            description: x.description,
            quantityChecked: x.quantityChecked,
            quantityFound: x.quantityFound,
          })),
          rootCause: c.rootCause ? { occurrenceCause: c.rootCause.occurrenceCause, escapePoint: c.rootCause.escapePoint } : null,
          actions: c.actions
            .filter((a) => a.status !== 'cancelled')
            .map((a) => ({ title: a.title, dueDate: a.dueDate ?? null, done: a.status === 'done' || a.status === 'verified' })),
          prevention: c.prevention?.similarReviewed ?? null,
          effectiveness: c.effectiveness ? { criterion: c.effectiveness.criterion, result: c.effectiveness.result } : null,
        }
      : null,
  };
}

export async function complaints(db: Db, p: PortalPrincipal) {
  if (!p.settings.showComplaints) return { items: [] };
  const list = await listComplaints(db, ComplaintListQuery.parse({ partyId: p.partyId, pageSize: 100 }));
  const items: TPortalComplaint[] = [];
  for (const c of list.items) if (c.partyId === p.partyId) items.push(await portalComplaint(db, p, await getComplaint(db, c.id)));
  return { items };
}

async function ownComplaint(db: Db, p: PortalPrincipal, id: string) {
  if (!p.settings.showComplaints) throw new AppError('NOT_FOUND');
  const c = await getComplaint(db, id).catch(() => null);
  if (!c || c.partyId !== p.partyId) throw new AppError('NOT_FOUND');
  return c;
}

export async function complaint(db: Db, p: PortalPrincipal, id: string) {
  return portalComplaint(db, p, await ownComplaint(db, p, id));
}

/** The contact accepts the resolution or rejects it with a reason: the complaint's own customer confirmation, channel portal. */
export async function confirmComplaint(db: Db, p: PortalPrincipal, id: string, input: { version: number; result: 'accepted' | 'rejected'; comment: string }) {
  await ownComplaint(db, p, id);
  const actor = await contactActor(db, p);
  await db.transaction(async (tx) => {
    await recordCustomerConfirmation(tx as unknown as Db, asContact(actor), id, {
      version: input.version,
      result: input.result,
      channel: 'portal',
      receivedAt: new Date().toISOString(),
      comment: [input.comment, `— ${p.contactName}（客户门户 customer portal）`].filter(Boolean).join('\n'),
      attachmentIds: [],
    });
    await insertAudit(tx, {
      ...byContact(p),
      ref: { type: 'complaint', id },
      action: `portal.customer-${input.result}`,
      after: { by: 'portal-contact', contactId: p.contactId, contact: p.contactName, comment: input.comment || null },
    });
  });
  return complaint(db, p, id);
}

/** A message from the contact: an incoming communication on the company (and the record), audited as the contact. */
export async function message(db: Db, p: PortalPrincipal, input: z.infer<typeof PortalMessageRequest>) {
  if (input.ref?.type === 'order') await ownOrder(db, p, input.ref.id);
  if (input.ref?.type === 'complaint') await ownComplaint(db, p, input.ref.id);
  const actor = asContact(await contactActor(db, p));
  return db.transaction(async (tx) => {
    const comm = await createCommunication(
      tx,
      actor,
      CreateCommunicationRequest.parse({
        partyId: p.partyId,
        contactId: p.contactId,
        channel: 'portal',
        direction: 'in',
        topic: input.ref?.type === 'complaint' ? 'complaint' : input.ref?.type === 'order' ? 'order' : 'other',
        occurredAt: new Date().toISOString(),
        subject: input.subject,
        content: input.content,
        links: input.ref ? [input.ref] : [],
      }),
    );
    await insertAudit(tx, {
      ...byContact(p),
      ref: { type: 'communication', id: comm.id },
      action: 'portal.message',
      after: { by: 'portal-contact', contactId: p.contactId, contact: p.contactName },
    });
    return { ok: true as const, number: comm.number };
  });
}

/** The contact acknowledges a date change of its own company's order: the order's own acknowledgement, channel portal. */
export async function acknowledgeDateChange(db: Db, p: PortalPrincipal, orderId: string, changeId: string, input: { version: number; note: string }) {
  const o = await ownOrder(db, p, orderId);
  if (!o.deliveryChanges.some((c) => c.id === changeId)) throw new AppError('NOT_FOUND');
  const actor = await contactActor(db, p);
  const content = `${p.contactName} 已在客户门户确认交期变更。\n${p.contactName} acknowledged the date change in the customer portal.${input.note ? `\n\n${input.note}` : ''}`;
  // one transaction: the order's acknowledgement (a savepoint inside) and the contact's audit row
  await db.transaction(async (tx) => {
    await acknowledgeDeliveryChange(tx as unknown as Db, asContact(actor), orderId, changeId, {
      version: input.version,
      acknowledgedAt: new Date().toISOString(),
      channel: 'portal',
      content,
    });
    await insertAudit(tx, {
      ...byContact(p),
      ref: { type: 'order', id: orderId },
      action: 'portal.date-change-acknowledged',
      after: { by: 'portal-contact', contactId: p.contactId, contact: p.contactName, changeId },
    });
  });
  return order(db, p, orderId);
}

// ---- reconfirmation before shipment -----------------------------------------------------------------

/**
 * The contact reconfirms shipping time and specification of its own order when the order waits at the
 * reconfirmation step: the procedure's own `reconfirm` transition (task done, order to shipment), recorded by the
 * inviting colleague as an incoming portal communication from the contact, and the contact's audit row.
 */
export async function reconfirm(db: Db, p: PortalPrincipal, orderId: string, input: { version: number; note: string }) {
  const o = await ownOrder(db, p, orderId);
  if (!(await reconfirmationPending(db, orderId))) throw new AppError('PORTAL_NOT_AWAITING');
  const actor = await contactActor(db, p);
  const plan = o.lines.map((l) => `#${l.lineNo} ${l.model} × ${l.quantity}: ${l.plannedDate ?? l.requestedDate}`).join('\n');
  const content = `${p.contactName} 已在客户门户再确认出货时间和规格。\n${p.contactName} reconfirmed shipping time and specification in the customer portal.\n${plan}${input.note ? `\n\n${input.note}` : ''}`;
  await db.transaction(async (tx) => {
    await recordCustomerReconfirmation(tx as unknown as Db, actor, orderId, { version: input.version, content });
    await insertAudit(tx, {
      ...byContact(p),
      ref: { type: 'order', id: orderId },
      action: 'portal.reconfirmed',
      after: { by: 'portal-contact', contactId: p.contactId, contact: p.contactName, note: input.note || null },
    });
  });
  return order(db, p, orderId);
}

// ---- surveys: the contact's own open survey links, answered in the portal ------------------------------

export async function surveys(db: Db, p: PortalPrincipal) {
  if (!p.settings.showSurveys) return { items: [] };
  return { items: await openSurveysOfContact(db, p.partyId, p.contactId) };
}

export async function survey(db: Db, p: PortalPrincipal, recipientId: string) {
  if (!p.settings.showSurveys) throw new AppError('NOT_FOUND');
  return openSurveyOfContact(db, recipientId, p.partyId, p.contactId);
}

/** The contact's answer: the survey's own answer flow (response, incoming communication, improvement actions) and the contact's audit row. */
export async function answerSurvey(db: Db, p: PortalPrincipal, recipientId: string, input: z.infer<typeof SubmitSurveyRequest>, locale: Locale) {
  if (!p.settings.showSurveys) throw new AppError('NOT_FOUND');
  return db.transaction(async (tx) => {
    const r = await submitSurveyOfContact(tx, recipientId, p.partyId, p.contactId, input, locale);
    await insertAudit(tx, {
      ...byContact(p),
      ref: { type: 'survey-campaign', id: r.campaignId },
      action: 'portal.survey-answered',
      after: { by: 'portal-contact', contactId: p.contactId, contact: p.contactName },
    });
    return { ok: true as const, respondedAt: r.respondedAt };
  });
}

// ---- visits planned (read-only, when the factory shows them) -------------------------------------------

export async function visits(db: Db, p: PortalPrincipal) {
  if (!p.settings.showVisits) return { items: [] };
  const today = (await siteCalendar(db)).localDate(new Date());
  return { items: await plannedVisitsOf(db, p.partyId, today) };
}

// ---- documents from the customer -------------------------------------------------------------------------

const kindNames = {
  'written-order': { zh: '书面订单', en: 'Written order' },
  drawing: { zh: '图纸', en: 'Drawing' },
  scorecard: { zh: '客户评分卡', en: 'Scorecard' },
  other: { zh: '文件', en: 'Document' },
} as const;

/**
 * A document from the contact, received and checked by the attachments platform (extension, magic bytes, size):
 * a written PO backs its oral order (the order's written order on file, as staff filing it); any other document is
 * attached to an incoming portal communication on the record (or the company). Audited as the contact.
 */
export async function upload(db: Db, dataDir: string, p: PortalPrincipal, received: ReceivedUpload, fields: z.infer<typeof PortalUploadFields>) {
  if (!p.settings.allowUploads) throw new AppError('FORBIDDEN');
  if ((fields.refType && !fields.refId) || (!fields.refType && fields.refId))
    throw new AppError('VALIDATION_FAILED', [{ path: fields.refType ? 'body.refId' : 'body.refType', code: 'required' }]);
  if (fields.kind === 'written-order' && fields.refType !== 'order')
    throw new AppError('VALIDATION_FAILED', [{ path: 'body.refType', code: 'order_required' }]);
  const ref = fields.refType && fields.refId ? { type: fields.refType, id: fields.refId } : null;
  const o = ref?.type === 'order' ? await ownOrder(db, p, ref.id) : null;
  if (ref?.type === 'complaint') await ownComplaint(db, p, ref.id);
  const actor = asContact(await contactActor(db, p));
  const file = await storeUpload(db, dataDir, actor, received);
  const name = kindNames[fields.kind];
  const written = fields.kind === 'written-order';
  return db.transaction(async (tx) => {
    if (written)
      await attachWrittenOrder(tx as unknown as Db, actor, o!.id, {
        version: o!.version,
        attachmentIds: [file.id],
        note: `${p.contactName}（客户门户 customer portal）${fields.note ? `: ${fields.note}` : ''}`.slice(0, 500),
      });
    const comm = await createCommunication(
      tx,
      actor,
      CreateCommunicationRequest.parse({
        partyId: p.partyId,
        contactId: p.contactId,
        channel: 'portal',
        direction: 'in',
        topic: ref?.type ?? 'other',
        occurredAt: new Date().toISOString(),
        subject: `${name.zh} ${name.en}: ${file.filename}${o ? ` ${o.number}` : ''}`.slice(0, 200),
        content: `${p.contactName} 在客户门户上传了${name.zh}「${file.filename}」。\n${p.contactName} uploaded ${name.en.toLowerCase()} "${file.filename}" in the customer portal.${written ? '\n已作为书面订单存档。 Filed as the written order.' : ''}${fields.note ? `\n\n${fields.note}` : ''}`,
        links: ref ? [ref] : [],
        // the written order belongs to the order itself; anything else to this communication
        attachmentIds: written ? [] : [file.id],
      }),
    );
    const uploadId = await repo.insertUpload(tx, {
      partyId: p.partyId,
      contactId: p.contactId,
      attachmentId: file.id,
      kind: fields.kind,
      refType: ref?.type ?? null,
      refId: ref?.id ?? null,
      filedAs: written ? 'written-order' : 'communication',
      communicationId: comm.id,
      note: fields.note || null,
    });
    await insertAudit(tx, {
      ...byContact(p),
      ref: ref ?? { type: 'communication', id: comm.id },
      action: 'portal.upload',
      after: {
        by: 'portal-contact',
        contactId: p.contactId,
        contact: p.contactName,
        kind: fields.kind,
        file: `${file.filename} (${file.sha256.slice(0, 12)})`,
        communication: comm.number,
        upload: uploadId,
      },
    });
    return { ok: true as const, number: comm.number, filename: file.filename, id: uploadId };
  });
}

// ---- password and TOTP beside the e-mailed link -----------------------------------------------------------

const totpOf = (secret: string, label: string) =>
  new OTPAuth.TOTP({ issuer: 'Accord', label, algorithm: 'SHA1', digits: 6, period: 30, secret: OTPAuth.Secret.fromBase32(secret) });

/** The time step of a valid code (±1 step of clock drift), or null. */
function codeStep(secret: string, label: string, code: string): number | null {
  const delta = totpOf(secret, label).validate({ token: code, window: 1 });
  return delta === null ? null : Math.floor(Date.now() / 30_000) + delta;
}

/** Set or change the contact's password (signed in, by link or password): the staff password policy. */
export async function setPassword(db: Db, p: PortalPrincipal, password: string) {
  assertPasswordPolicy(password, [p.contactName, p.email, p.email.split('@')[0] ?? '', p.companyName], 'body.password');
  const hash = await hashPassword(password);
  await db.transaction(async (tx) => {
    await repo.updateAccessAuth(tx, p.accessId, { passwordHash: hash, passwordSetAt: new Date(), failedSignIns: 0, lockedUntil: null });
    await insertAudit(tx, { ...byContact(p), ref: { type: 'contact', id: p.contactId }, action: 'portal.password-set', after: { by: 'portal-contact' } });
  });
  return { ok: true as const };
}

/** A new TOTP secret, pending until a first code confirms it: the otpauth URI (for a QR code) and the secret text. */
export async function totpSetup(db: Db, p: PortalPrincipal) {
  const secret = new OTPAuth.Secret({ size: 20 }).base32;
  await db.transaction(async (tx) => {
    await repo.updateAccessAuth(tx, p.accessId, { totpPendingEnc: seal(sealKey(), secret) });
  });
  return { uri: totpOf(secret, p.email).toString(), secret };
}

export async function totpEnable(db: Db, p: PortalPrincipal, code: string) {
  const a = (await repo.selectAccess(db, p.accessId))!;
  const secret = a.totpPendingEnc ? open(sealKey(), a.totpPendingEnc) : null;
  if (!secret) throw new AppError('PORTAL_TOTP_NOT_STARTED');
  const step = codeStep(secret, p.email, code);
  if (step === null) throw new AppError('PORTAL_TOTP_INVALID', [{ path: 'body.code', code: 'invalid' }]);
  await db.transaction(async (tx) => {
    await repo.updateAccessAuth(tx, p.accessId, { totpSecretEnc: a.totpPendingEnc, totpPendingEnc: null, totpLastStep: step });
    await insertAudit(tx, { ...byContact(p), ref: { type: 'contact', id: p.contactId }, action: 'portal.totp-enabled', after: { by: 'portal-contact' } });
  });
  return { ok: true as const };
}

export async function totpDisable(db: Db, p: PortalPrincipal, code: string) {
  const a = (await repo.selectAccess(db, p.accessId))!;
  const secret = a.totpSecretEnc ? open(sealKey(), a.totpSecretEnc) : null;
  if (!secret) throw new AppError('PORTAL_TOTP_NOT_STARTED');
  const step = codeStep(secret, p.email, code);
  if (step === null || (a.totpLastStep !== null && step <= a.totpLastStep)) throw new AppError('PORTAL_TOTP_INVALID', [{ path: 'body.code', code: 'invalid' }]);
  await db.transaction(async (tx) => {
    await repo.updateAccessAuth(tx, p.accessId, { totpSecretEnc: null, totpPendingEnc: null, totpLastStep: null });
    await insertAudit(tx, { ...byContact(p), ref: { type: 'contact', id: p.contactId }, action: 'portal.totp-disabled', after: { by: 'portal-contact' } });
  });
  return { ok: true as const };
}

/**
 * Sign in with address and password (+ the TOTP code once enabled). The same answer (401) for an unknown address, a
 * wrong password, a wrong code and a locked invitation, after the same hash work; failures lock with the staff
 * back-off (the 5th locks 1 minute, doubling up to 15). A right password without the code asks for it (that answer
 * needs the password, so it tells nothing about addresses).
 */
export async function passwordSignIn(db: Db, input: { email: string; password: string; code?: string | undefined }, ip: string | null) {
  const email = input.email.trim().toLowerCase();
  const candidates = (await repo.selectActiveByEmail(db, email)).filter((a) => a.passwordHash);
  const refuse = () => new AppError('PORTAL_PASSWORD_SIGN_IN_FAILED');
  if (!candidates.length) {
    await verifyDummy(input.password);
    await db.transaction(async (tx) => {
      await insertAudit(tx, { actorId: null, ref: { type: 'login', id: 'portal-unknown' }, action: 'portal.sign-in-failed', after: { ip } });
    });
    throw refuse();
  }
  const now = new Date();
  let match: (typeof candidates)[number] | undefined;
  for (const a of candidates) if (!match && (await verifyPassword(a.passwordHash!, input.password))) match = a;
  const fail = async (ids: typeof candidates, why: string) => {
    await db.transaction(async (tx) => {
      for (const a of ids) {
        const failures = await repo.countFailure(tx, a.id);
        const minutes = lockMinutes(failures);
        if (minutes) await repo.updateAccessAuth(tx, a.id, { lockedUntil: new Date(now.getTime() + minutes * 60_000) });
        await insertAudit(tx, {
          actorId: null,
          ref: { type: 'contact', id: a.contactId },
          action: minutes ? 'portal.locked' : 'portal.sign-in-failed',
          after: { ip, why, failures },
        });
      }
    });
    throw refuse();
  };
  if (match && match.lockedUntil && match.lockedUntil > now) {
    await db.transaction(async (tx) => {
      await insertAudit(tx, {
        actorId: null,
        ref: { type: 'contact', id: match!.contactId },
        action: 'portal.sign-in-refused',
        after: { ip, lockedUntil: match!.lockedUntil!.toISOString() },
      });
    });
    throw refuse();
  }
  if (!match)
    return fail(
      candidates.filter((a) => !(a.lockedUntil && a.lockedUntil > now)),
      'password',
    );
  if (match.totpSecretEnc) {
    if (!input.code) throw new AppError('PORTAL_TOTP_REQUIRED');
    const secret = open(sealKey(), match.totpSecretEnc);
    const step = secret ? codeStep(secret, match.email, input.code) : null;
    if (step === null || (match.totpLastStep !== null && step <= match.totpLastStep)) return fail([match], 'code');
    await db.transaction(async (tx) => repo.updateAccessAuth(tx, match!.id, { totpLastStep: step }));
  }
  const a = match;
  return db.transaction(async (tx) => {
    await repo.updateAccessAuth(tx, a.id, { failedSignIns: 0, lockedUntil: null });
    return openSession(tx, a, ip, 'password');
  });
}

// ---- the contact's uploads (own company's only; another's id answers 404) -------------------------------

type UploadRow = Awaited<ReturnType<typeof repo.selectUploads>>[number];

async function presentUpload(db: Db, u: UploadRow): Promise<z.infer<typeof PortalUpload>> {
  const type = u.refType === 'order' || u.refType === 'complaint' ? u.refType : null;
  // the record's number: the first word of its title (SO-2026-0001 …, CC-2026-3 …)
  const number = type && u.refId ? ((await recordType(type)?.fetchTitle(db, u.refId))?.split(' ')[0] ?? '') : '';
  return {
    id: u.id,
    kind: u.kind as z.infer<typeof PortalUpload>['kind'],
    filename: u.filename,
    size: u.size,
    uploadedAt: u.uploadedAt.toISOString(),
    record: type && u.refId ? { type, id: u.refId, number } : null,
    filedAs: u.filedAs === 'written-order' ? 'written-order' : 'communication',
    communicationNumber: communicationNumber(u.communicationSeq),
    note: u.note,
  };
}

/** What I uploaded, newest first. */
export async function uploads(db: Db, p: PortalPrincipal) {
  const rows = await repo.selectUploads(db, { partyId: p.partyId, contactId: p.contactId });
  const items = [];
  for (const u of rows) items.push(await presentUpload(db, u));
  return { items };
}

/** One of my uploads; anyone else's (another contact's, another company's) answers 404 like an unknown id. */
export async function uploadOf(db: Db, p: PortalPrincipal, id: string) {
  const [u] = await repo.selectUploads(db, { partyId: p.partyId, contactId: p.contactId, id });
  if (!u) throw new AppError('NOT_FOUND');
  return presentUpload(db, u);
}

/** The customer page: every upload of this customer's contacts. */
export async function customerUploads(db: Db, partyId: string) {
  const rows = await repo.selectUploads(db, { partyId });
  const items: z.infer<typeof CustomerPortalUpload>[] = [];
  for (const u of rows)
    items.push({ ...(await presentUpload(db, u)), contactName: u.contactName, attachmentId: u.attachmentId, communicationId: u.communicationId });
  return { items };
}
