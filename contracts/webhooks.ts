import { z } from 'zod';
import { Id, IsoDateTime, Text } from './common.js';

/**
 * Webhooks: an administrator subscribes an HTTPS (or, inside the plant, HTTP) address to events. Each delivery is
 * a POST of `WebhookEnvelope` with `X-Accord-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`
 * keyed with the subscription's secret, `X-Accord-Event` and `X-Accord-Delivery`. Payloads carry references,
 * numbers, states and dates — never prices nor contacts' personal data.
 */
const Ref = z.object({ type: z.string(), id: Id });

export const webhookEventData = {
  'communication.created': z.object({
    communicationId: Id,
    number: z.string().nullable(),
    partyId: Id.nullable(),
    channel: z.string(),
    direction: z.string(),
    topic: z.string(),
    occurredAt: IsoDateTime,
    links: z.array(Ref),
  }),
  'order.step_changed': z.object({ orderId: Id, number: z.string().nullable(), from: z.string(), to: z.string(), action: z.string(), closed: z.boolean() }),
  'order.date_changed': z.object({
    orderId: Id,
    number: z.string(),
    kind: z.enum(['plan-set', 'changed', 'acknowledged']),
    changeId: Id.nullable(),
    lineNo: z.int().nullable(),
    oldDate: z.string().nullable(),
    newDate: z.string().nullable(),
  }),
  'complaint.opened': z.object({ complaintId: Id, number: z.string(), partyId: Id.nullable() }),
  'complaint.closed': z.object({ complaintId: Id, number: z.string().nullable(), step: z.string() }),
  'survey.answered': z.object({ responseId: Id, campaignId: Id.nullable(), partyId: Id.nullable(), channel: z.string() }),
  'action.overdue': z.object({ actionId: Id, ref: Ref.nullable(), dueAt: IsoDateTime.nullable() }),
  'webhook.test': z.object({ subscriptionId: Id }),
} as const;
export type WebhookEventType = keyof typeof webhookEventData;
export const webhookEventTypes = Object.keys(webhookEventData) as WebhookEventType[];
export const WebhookEventType = z.enum(webhookEventTypes as [WebhookEventType, ...WebhookEventType[]]);
export type WebhookData<E extends WebhookEventType> = z.infer<(typeof webhookEventData)[E]>;

/** What every delivery's body is (the `data` per event type above). */
export const WebhookEnvelope = z.object({
  id: Id.describe('event id: the same on every attempt and replay, for de-duplication by the receiver'),
  type: WebhookEventType,
  occurredAt: IsoDateTime,
  data: z.union(Object.values(webhookEventData) as unknown as [z.ZodType, z.ZodType, ...z.ZodType[]]),
});

export const WebhookSubscription = z.object({
  id: Id,
  name: z.string(),
  url: z.string(),
  events: z.array(WebhookEventType),
  active: z.boolean(),
  /** why it is off: null, or `auto` (too many failures in a row) or `manual` */
  disabledReason: z.enum(['auto', 'manual']).nullable(),
  consecutiveFailures: z.int(),
  maxConsecutiveFailures: z.int(),
  createdAt: IsoDateTime,
  version: z.int(),
});
export const WebhookSubscriptionList = z.object({ items: z.array(WebhookSubscription), events: z.array(WebhookEventType) });

const Url = Text()
  .trim()
  .max(500)
  .pipe(z.url({ protocol: /^https?$/ }));
export const CreateWebhookRequest = z.object({
  name: Text().trim().min(1).max(80),
  url: Url,
  events: z.array(WebhookEventType).min(1),
  maxConsecutiveFailures: z.int().min(1).max(100).default(10),
});
export const UpdateWebhookRequest = z.object({
  version: z.int().positive(),
  name: Text().trim().min(1).max(80),
  url: Url,
  events: z.array(WebhookEventType).min(1),
  active: z.boolean(),
  maxConsecutiveFailures: z.int().min(1).max(100),
});
/** The signing secret appears here only (on creation and on rotation). */
export const WebhookWithSecret = z.object({ subscription: WebhookSubscription, secret: z.string() });

export const WebhookDelivery = z.object({
  id: Id,
  subscriptionId: Id,
  eventId: Id,
  eventType: WebhookEventType,
  status: z.enum(['queued', 'sending', 'delivered', 'failed']),
  attempts: z.int(),
  nextAttemptAt: IsoDateTime.nullable(),
  responseStatus: z.int().nullable(),
  lastError: z.string().nullable(),
  createdAt: IsoDateTime,
  deliveredAt: IsoDateTime.nullable(),
  /** a replay of another delivery */
  replayOf: Id.nullable(),
});
export const WebhookDeliveryList = z.object({ items: z.array(WebhookDelivery) });
