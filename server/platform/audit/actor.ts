import type { AuthContext } from '../http/access.js';

/**
 * A person outside the company acting through the customer portal: a customer's contact. Their actions are audited as
 * them (`audit_log.actor_contact_id`, shown as "张三 (ACME · 客户联系人 customer contact)"), never as a colleague; what their actions
 * cause that needs one of our users (an incoming communication is recorded by someone) is recorded by `recorder` —
 * the colleague who invited them — who lends no role and no right to the contact's own action.
 */
export interface ContactActor {
  readonly kind: 'contact';
  readonly contactId: string;
  /** the contact's customer (party) */
  readonly partyId: string;
  /** the contact's name and company, for texts written on the record */
  readonly displayName: string;
  readonly recorder: AuthContext;
}

/** The label of a contact acting through the portal, wherever it is written: "张三 (ACME · 客户联系人 customer contact)". */
export const CONTACT_LABEL_SUFFIX = ' · 客户联系人 customer contact)';
export function contactActorLabel(contactName: string, companyName: string): string {
  return `${contactName} (${companyName}${CONTACT_LABEL_SUFFIX}`;
}

/**
 * The principal a contact's action runs under inside the features' services: the recorder's context, marked with
 * the contact so every audit row the action writes through `auditActor` names the contact.
 */
export type ActingAuth = AuthContext & { actingContact?: { contactId: string; partyId: string; displayName: string } };

export function asContact(c: ContactActor): ActingAuth {
  return { ...c.recorder, actingContact: { contactId: c.contactId, partyId: c.partyId, displayName: c.displayName } };
}

/** Who an audit row names: the user, or the contact acting through the portal (then no user). */
export function auditActor(auth: AuthContext): { actorId: string | null; actorContactId?: string } {
  const contact = (auth as ActingAuth).actingContact;
  return contact ? { actorId: null, actorContactId: contact.contactId } : { actorId: auth.userId };
}

/** The contact acting, if any. */
export const actingContact = (auth: AuthContext) => (auth as ActingAuth).actingContact ?? null;
