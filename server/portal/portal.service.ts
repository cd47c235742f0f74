import crypto from 'node:crypto';
import type { z } from 'zod';
import type { Db } from '../platform/db/client.js';
import { AppError } from '../platform/http/app-error.js';
import type { AuthContext } from '../platform/http/access.js';
import { insertAudit } from '../platform/audit/audit.repository.js';
import { permissionKeys } from '../../contracts/identity.js';
import { CreateCommunicationRequest } from '../../contracts/communications.js';
import { OrderListQuery } from '../../contracts/orders.js';
import { ComplaintListQuery } from '../../contracts/complaints.js';
import type { PortalMessageRequest } from '../../contracts/portal.js';
import type { TPortalOrder, TPortalComplaint } from './portal.types.js';
import { selectContact } from '../parties/index.js';
import { resolvePrincipal } from '../identity/index.js';
import { queueMail, publicLink } from '../mail/index.js';
import { createCommunication } from '../communications/index.js';
import { acknowledgeDeliveryChange, getOrder, listOrders } from '../orders/index.js';
import { getComplaint, listComplaints, recordCustomerConfirmation } from '../complaints/index.js';
import { stepView } from '../procedures/index.js';
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
  settings: { showOrders: boolean; showComplaints: boolean; showStepNames: boolean };
}

// ---- the factory's side ---------------------------------------------------------------------------

function presentSettings(s: Awaited<ReturnType<typeof repo.selectSettings>>) {
  return { showOrders: s.showOrders, showComplaints: s.showComplaints, showStepNames: s.showStepNames, version: s.version };
}

export async function customerPortal(db: Db, partyId: string) {
  const access = await repo.selectAccessOfParty(db, partyId);
  return {
    settings: presentSettings(await repo.selectSettings(db, partyId)),
    access: access.map((a) => ({ ...a, invitedAt: a.invitedAt.toISOString(), lastSignInAt: a.lastSignInAt?.toISOString() ?? null })),
  };
}

export async function saveSettings(db: Db, auth: AuthContext, partyId: string, input: { version: number; showOrders: boolean; showComplaints: boolean; showStepNames: boolean }) {
  const before = await repo.selectSettings(db, partyId);
  await db.transaction(async (tx) => {
    const { version, ...v } = input;
    if (!(await repo.saveSettings(tx, partyId, version, v, auth.userId))) throw new AppError('VERSION_CONFLICT');
    await insertAudit(tx, { actorId: auth.userId, ref: { type: 'customer', id: partyId }, action: 'portal.settings', before: presentSettings(before), after: v });
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

async function sendLink(tx: Db, sender: AuthContext, access: { id: string; partyId: string; contactId: string }, contactName: string, language: 'zh-CN' | 'en-US', hours: number) {
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
    await insertAudit(tx, { actorId: auth.userId, ref: { type: 'customer', id: partyId }, action: active ? 'portal.enabled' : 'portal.revoked', after: { contactId: a.contactId } });
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
    const session = crypto.randomBytes(32).toString('base64url');
    await repo.insertSession(tx, {
      tokenHash: sha256(session),
      accessId: a.id,
      partyId: a.partyId,
      csrfToken: crypto.randomBytes(24).toString('base64url'),
      expiresAt: new Date(Date.now() + PORTAL_SESSION_HOURS * 3_600_000),
    });
    await repo.touchSignIn(tx, a.id);
    await insertAudit(tx, { actorId: null, ref: { type: 'contact', id: a.contactId }, action: 'portal.sign-in', after: { by: 'portal-contact', ip } });
    return { session, expiresAt: new Date(Date.now() + PORTAL_SESSION_HOURS * 3_600_000) };
  });
}

export async function resolvePortal(db: Db, token: string): Promise<PortalPrincipal | null> {
  const hash = sha256(token);
  const s = await repo.selectSession(db, hash);
  if (!s) return null;
  const settings = await repo.selectSettings(db, s.partyId);
  return { ...s, sessionHash: hash, settings: { showOrders: settings.showOrders, showComplaints: settings.showComplaints, showStepNames: settings.showStepNames } };
}

export async function signOut(db: Db, p: PortalPrincipal) {
  await db.transaction(async (tx) => {
    await repo.revokeSession(tx, p.sessionHash);
    await insertAudit(tx, { actorId: null, ref: { type: 'contact', id: p.contactId }, action: 'portal.sign-out', after: { by: 'portal-contact' } });
  });
}

export function me(p: PortalPrincipal) {
  return { contactName: p.contactName, companyName: p.companyName, csrfToken: p.csrfToken, settings: p.settings };
}

// ---- the customer's records (only its own company's; another's answers 404, as an unknown id) ------------

const statusOf = (p: PortalPrincipal, status: string | null, closed: boolean) => (closed ? 'closed' : p.settings.showStepNames && status ? status : 'in-progress');

function portalOrder(p: PortalPrincipal, o: Awaited<ReturnType<typeof getOrder>>): TPortalOrder {
  return {
    id: o.id,
    number: o.number,
    customerPo: o.customerPo,
    orderDate: o.orderDate,
    status: statusOf(p, o.status, o.closed),
    closed: o.closed,
    lines: o.lines.map((l) => ({ lineNo: l.lineNo, model: l.model, quantity: l.quantity, requestedDate: l.requestedDate, plannedDate: l.plannedDate, shippedQuantity: l.shippedQuantity })),
    pendingDateChanges: o.deliveryChanges.filter((c) => !c.acknowledged).map((c) => ({ id: c.id, lineNo: c.lineNo, oldDate: c.oldDate, newDate: c.newDate, version: c.version })),
  };
}

export async function orders(db: Db, p: PortalPrincipal) {
  if (!p.settings.showOrders) return { items: [] };
  const list = await listOrders(db, OrderListQuery.parse({ partyId: p.partyId, pageSize: 100 }));
  const items: TPortalOrder[] = [];
  for (const o of list.items) if (!o.voided && o.partyId === p.partyId) items.push(portalOrder(p, await getOrder(db, o.id)));
  return { items };
}

async function ownOrder(db: Db, p: PortalPrincipal, id: string) {
  if (!p.settings.showOrders) throw new AppError('NOT_FOUND');
  const o = await getOrder(db, id).catch(() => null);
  if (!o || o.partyId !== p.partyId || o.voided) throw new AppError('NOT_FOUND');
  return o;
}

export async function order(db: Db, p: PortalPrincipal, id: string) {
  return portalOrder(p, await ownOrder(db, p, id));
}

type FullComplaint = Awaited<ReturnType<typeof getComplaint>>;

async function portalComplaint(db: Db, p: PortalPrincipal, c: FullComplaint): Promise<TPortalComplaint> {
  const view = c.closed ? null : await stepView(db, { type: 'complaint', id: c.id }, 'complaint');
  const awaitingConfirmation = !!view?.editable.includes('customerConfirmation');
  // the 8D is released to the customer when we ask for the confirmation, and stays visible once closed
  const released = awaitingConfirmation || c.closed;
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
          containment: c.containment.map((x) => ({ location: x.location, description: x.description, quantityChecked: x.quantityChecked, quantityFound: x.quantityFound })),
          rootCause: c.rootCause ? { occurrenceCause: c.rootCause.occurrenceCause, escapePoint: c.rootCause.escapePoint } : null,
          actions: c.actions.filter((a) => a.status !== 'cancelled').map((a) => ({ title: a.title, dueDate: a.dueDate ?? null, done: a.status === 'done' || a.status === 'verified' })),
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
  const recorder = await resolvePrincipal(db, p.invitedBy, permissionKeys, 'portal');
  if (!recorder) throw new AppError('PORTAL_UNAVAILABLE');
  await db.transaction(async (tx) => {
    await recordCustomerConfirmation(tx as unknown as Db, recorder, id, {
      version: input.version,
      result: input.result,
      channel: 'portal',
      receivedAt: new Date().toISOString(),
      comment: [input.comment, `— ${p.contactName}（客户门户 customer portal）`].filter(Boolean).join('\n'),
      attachmentIds: [],
    });
    await insertAudit(tx, { actorId: null, ref: { type: 'complaint', id }, action: `portal.customer-${input.result}`, after: { by: 'portal-contact', contactId: p.contactId, contact: p.contactName, comment: input.comment || null } });
  });
  return complaint(db, p, id);
}

/** A message from the contact: an incoming communication on the company (and the record), audited as the contact. */
export async function message(db: Db, p: PortalPrincipal, input: z.infer<typeof PortalMessageRequest>) {
  if (input.ref?.type === 'order') await ownOrder(db, p, input.ref.id);
  if (input.ref?.type === 'complaint') await ownComplaint(db, p, input.ref.id);
  const recorder = await resolvePrincipal(db, p.invitedBy, permissionKeys, 'portal');
  if (!recorder) throw new AppError('PORTAL_UNAVAILABLE');
  return db.transaction(async (tx) => {
    const comm = await createCommunication(
      tx,
      recorder,
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
    await insertAudit(tx, { actorId: null, ref: { type: 'communication', id: comm.id }, action: 'portal.message', after: { by: 'portal-contact', contactId: p.contactId, contact: p.contactName } });
    return { ok: true as const, number: comm.number };
  });
}


/** The contact acknowledges a date change of its own company's order: the order's own acknowledgement, channel portal. */
export async function acknowledgeDateChange(db: Db, p: PortalPrincipal, orderId: string, changeId: string, input: { version: number; note: string }) {
  const o = await ownOrder(db, p, orderId);
  if (!o.deliveryChanges.some((c) => c.id === changeId)) throw new AppError('NOT_FOUND');
  const recorder = await resolvePrincipal(db, p.invitedBy, permissionKeys, 'portal');
  if (!recorder) throw new AppError('PORTAL_UNAVAILABLE');
  const content = `${p.contactName} 已在客户门户确认交期变更。\n${p.contactName} acknowledged the date change in the customer portal.${input.note ? `\n\n${input.note}` : ''}`;
  // one transaction: the order's acknowledgement (a savepoint inside) and the contact's audit row
  await db.transaction(async (tx) => {
    await acknowledgeDeliveryChange(tx as unknown as Db, recorder, orderId, changeId, { version: input.version, acknowledgedAt: new Date().toISOString(), channel: 'portal', content });
    await insertAudit(tx, { actorId: null, ref: { type: 'order', id: orderId }, action: 'portal.date-change-acknowledged', after: { by: 'portal-contact', contactId: p.contactId, contact: p.contactName, changeId } });
  });
  return order(db, p, orderId);
}
