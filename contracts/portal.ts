import { z } from 'zod';
import { Id, IsoDateTime, Text, Version } from './common.js';

/**
 * The customer portal: a customer's contacts sign in with a one-time link sent by e-mail and see their own company's
 * records only. Its own session cookie (`accord_portal`), never a staff session; every answer is built for the
 * portal (no internal names, notes, prices or people), and the factory decides per customer what is shown.
 */
export const PORTAL_COOKIE = 'accord_portal';
export const PORTAL_CSRF_HEADER = 'x-portal-csrf';

export const PortalSettings = z.object({
  showOrders: z.boolean(),
  showComplaints: z.boolean(),
  /** our internal step names (合同评审…); otherwise only "in progress" / "closed" */
  showStepNames: z.boolean(),
  /** the 8D report once released (at the customer's confirmation or closed); off: status and the confirmation only */
  showReport: z.boolean(),
  showSurveys: z.boolean(),
  /** planned visits and audits (kind, dates, purpose; never visitors, areas or findings) */
  showVisits: z.boolean(),
  /** the contact may upload documents (written PO, drawings, scorecard) */
  allowUploads: z.boolean(),
  version: z.int(),
});
// version 0: the customer's settings were never saved (the defaults)
// the later switches may be left out: they keep their value
export const UpdatePortalSettingsRequest = PortalSettings.omit({ version: true })
  .partial({ showReport: true, showSurveys: true, showVisits: true, allowUploads: true })
  .extend({ version: z.int().min(0) });

export const PortalAccess = z.object({
  id: Id,
  contactId: Id,
  contactName: z.string(),
  active: z.boolean(),
  invitedAt: IsoDateTime,
  lastSignInAt: IsoDateTime.nullable(),
});
export const CustomerPortal = z.object({ settings: PortalSettings, access: z.array(PortalAccess) });
export const InviteContactRequest = z.object({ contactId: Id, language: z.enum(['zh-CN', 'en-US']).default('zh-CN') });

export const RequestLinkRequest = z.object({ email: z.email().max(200), language: z.enum(['zh-CN', 'en-US']).default('zh-CN') });
export const RedeemLinkRequest = z.object({ token: z.string().min(20).max(100) });

export const PortalMe = z.object({
  contactName: z.string(),
  companyName: z.string(),
  csrfToken: z.string(),
  settings: PortalSettings.omit({ version: true }),
  /** the contact has set a password (may sign in with it beside the e-mailed link) */
  passwordSet: z.boolean(),
  totpEnabled: z.boolean(),
});

export const PortalOrder = z.object({
  id: Id,
  number: z.string(),
  customerPo: z.string().nullable(),
  orderDate: z.string(),
  /** `in-progress` / `closed`, or our step's id when the factory shows step names */
  status: z.string(),
  closed: z.boolean(),
  lines: z.array(
    z.object({
      lineNo: z.int(),
      model: z.string(),
      quantity: z.int(),
      requestedDate: z.string(),
      plannedDate: z.string().nullable(),
      shippedQuantity: z.int(),
    }),
  ),
  pendingDateChanges: z.array(z.object({ id: Id, lineNo: z.int(), oldDate: z.string(), newDate: z.string(), version: z.int() })),
  /** the reconfirmation before shipment waits for the customer (the order procedure's step); `version` to send back */
  reconfirmation: z.object({ version: z.int() }).nullable(),
});
export const PortalOrderList = z.object({ items: z.array(PortalOrder) });

/** The 8D as the customer sees it once it is released (at the customer's confirmation or closed): nothing internal. */
export const PortalReport = z.object({
  problem: z.string().nullable(),
  containment: z.array(z.object({ location: z.string(), description: z.string(), quantityChecked: z.int(), quantityFound: z.int() })),
  rootCause: z.object({ occurrenceCause: z.string(), escapePoint: z.string() }).nullable(),
  actions: z.array(z.object({ title: z.string(), dueDate: z.string().nullable(), done: z.boolean() })),
  prevention: z.string().nullable(),
  effectiveness: z.object({ criterion: z.string(), result: z.string().nullable() }).nullable(),
});
export const PortalComplaint = z.object({
  id: Id,
  number: z.string(),
  model: z.string(),
  lot: z.string().nullable(),
  receivedAt: IsoDateTime,
  status: z.string(),
  closed: z.boolean(),
  version: z.int(),
  /** the factory asks the customer to accept or reject the resolution */
  awaitingConfirmation: z.boolean(),
  report: PortalReport.nullable(),
});
/** Accept the resolution, or reject it with the reason. */
export const PortalConfirmationRequest = z
  .object({ version: Version, result: z.enum(['accepted', 'rejected']), comment: Text().trim().max(4000).default('') })
  .refine((v) => v.result === 'accepted' || v.comment.length > 0, { path: ['comment'], message: 'say why the resolution is not accepted' });
export const PortalComplaintList = z.object({ items: z.array(PortalComplaint) });

export const PortalMessageRequest = z.object({
  ref: z
    .object({ type: z.enum(['order', 'complaint']), id: Id })
    .nullable()
    .default(null),
  subject: Text().trim().min(1).max(200),
  content: Text().trim().min(1).max(5000),
});
export const PortalMessageResult = z.object({ ok: z.literal(true), number: z.string() });

/** The contact acknowledges one of our date changes (recorded as an incoming communication on the order). */
export const PortalAcknowledgeRequest = z.object({ version: Version, note: Text().trim().max(2000).default('') });

/** The contact reconfirms shipping time and specification before shipment (the order's own reconfirmation, from the contact). */
export const PortalReconfirmRequest = z.object({ version: Version, note: Text().trim().max(2000).default('') });

/** A survey waiting for this contact's answer (one of the contact's own open survey links). */
export const PortalSurveyItem = z.object({
  id: Id,
  title: z.object({ zh: z.string(), en: z.string() }),
  campaignTitle: z.string(),
  expiresAt: IsoDateTime,
});
export const PortalSurveyList = z.object({ items: z.array(PortalSurveyItem) });

export const PortalVisit = z.object({
  id: Id,
  number: z.string(),
  /** incoming: the customer visits or audits us; outgoing: we visit the customer */
  direction: z.enum(['incoming', 'outgoing']),
  kind: z.string(),
  purpose: z.string(),
  startDate: z.string(),
  endDate: z.string(),
});
export const PortalVisitList = z.object({ items: z.array(PortalVisit) });

/** What an upload is: a written PO backs an oral order (the order's written order on file). */
export const portalUploadKinds = ['written-order', 'drawing', 'scorecard', 'other'] as const;
/** The multipart fields beside the one file (checked after the file is received). */
export const PortalUploadFields = z.object({
  kind: z.enum(portalUploadKinds),
  refType: z.enum(['order', 'complaint']).optional(),
  refId: Id.optional(),
  note: Text().trim().max(2000).default(''),
});
export const PortalUploadResult = z.object({ ok: z.literal(true), number: z.string(), filename: z.string(), id: Id });

/** One of my uploads as the portal lists it: what, when, on which record, and what became of it. */
export const PortalUpload = z.object({
  id: Id,
  kind: z.enum(portalUploadKinds),
  filename: z.string(),
  size: z.int(),
  uploadedAt: IsoDateTime,
  /** the order or complaint it was sent on (its number), or null: sent to the company */
  record: z.object({ type: z.enum(['order', 'complaint']), id: Id, number: z.string() }).nullable(),
  /** `written-order`: filed as the order's written order; `communication`: received with an incoming communication */
  filedAs: z.enum(['written-order', 'communication']),
  /** the incoming communication that recorded it (the number to quote) */
  communicationNumber: z.string(),
  note: z.string().nullable(),
});
export const PortalUploadList = z.object({ items: z.array(PortalUpload) });
/** The customer page's view of its contacts' portal uploads (who uploaded it; the file opens from the communication). */
export const CustomerPortalUpload = PortalUpload.extend({ contactName: z.string().nullable(), attachmentId: Id, communicationId: Id });
export const CustomerPortalUploadList = z.object({ items: z.array(CustomerPortalUpload) });

/** Password: the staff policy (checked on the server, with the contact's name and address as words to avoid). */
export const PortalSetPasswordRequest = z.object({ password: z.string().min(1).max(200) });
export const PortalPasswordSignInRequest = z.object({
  email: z.email().max(200),
  password: z.string().min(1).max(200),
  /** the 6-digit code when the contact has enabled TOTP */
  code: z
    .string()
    .regex(/^[0-9]{6}$/)
    .optional(),
});
export const PortalTotpSetup = z.object({ uri: z.string(), secret: z.string() });
export const PortalTotpCodeRequest = z.object({ code: z.string().regex(/^[0-9]{6}$/) });
