import crypto from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { Db, Executor } from '../platform/db/client.js';
import { AppError } from '../platform/http/app-error.js';
import type { AuthContext } from '../platform/http/access.js';
import { redact } from '../platform/http/redact.js';
import { insertAudit } from '../platform/audit/audit.repository.js';
import { enqueue } from '../platform/outbox/outbox.js';
import type { Config } from '../platform/config.js';
import { mailKey, open, seal } from '../mail/index.js';
import { insertNotification } from '../notifications/index.js';
import { usersWithRole } from '../procedures/index.js';
import { webhookEventTypes, type WebhookData, type WebhookEventType } from '../../contracts/webhooks.js';
import * as repo from './webhooks.repository.js';

let config: Pick<Config, 'mailSecretKey' | 'dataDir'> | null = null;
export function setWebhookConfig(c: Pick<Config, 'mailSecretKey' | 'dataDir'>) {
  config = c;
}
const key = () => {
  if (!config) throw new Error('webhooks: configuration not set');
  return mailKey(config);
};

/** Attempts of one delivery before it is given up (each a new outbox row with back-off). */
export const MAX_ATTEMPTS = 6;
/** 30 s, 2 min, 8 min, 32 min, 2 h */
export const backoffMs = (attempt: number) => Math.min(30_000 * 4 ** (attempt - 1), 2 * 3_600_000);
const TIMEOUT_MS = 10_000;
const ref = (id: string) => ({ type: 'webhook', id });

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` */
export function signature(secret: string, body: string, t: number): string {
  return `t=${t},v1=${crypto.createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
}

// ---- emitting (in the writing transaction) ----------------------------------------------------------

/**
 * An event, in the transaction of the change that caused it: one delivery per active subscriber, each queued on
 * the outbox (sent after commit; a rollback takes the event with it). No subscriber: nothing is written.
 * Payloads never carry prices nor personal data: they are redacted as for a viewer without either right.
 */
/** The active subscriptions to an event type: a bulk writer asks once, then emits to these (`only`) per record. */
export async function subscribersOf(tx: Executor, type: WebhookEventType) {
  return repo.selectSubscribers(tx, type);
}

export async function emitEvent<E extends WebhookEventType>(tx: Executor, type: E, data: WebhookData<E>, only?: string) {
  const subscribers = only ? [only] : await repo.selectSubscribers(tx, type);
  if (!subscribers.length) return;
  const event = await repo.insertEvent(tx, type, redact(data as Record<string, unknown>, new Set()));
  for (const subscriptionId of subscribers) {
    const id = await repo.insertDelivery(tx, { subscriptionId, eventId: event.id });
    await enqueue(tx, 'webhook.deliver', { id });
  }
}

// ---- delivering (outbox topic webhook.deliver) ------------------------------------------------------

/**
 * One POST on a fresh connection (no keep-alive pool: a receiver closing an idle socket as we reuse it would fail a
 * delivery that never reached it), no redirects followed, the whole exchange within TIMEOUT_MS. The status code.
 */
function post(url: string, headers: Record<string, string>, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const send = u.protocol === 'https:' ? https.request : http.request;
    const req = send(u, { method: 'POST', agent: false, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, timeout: TIMEOUT_MS }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    const timer = setTimeout(() => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })), TIMEOUT_MS);
    req.on('close', () => clearTimeout(timer));
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    req.on('error', reject);
    req.end(body);
  });
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export async function deliver(db: Executor, id: string) {
  const d = await repo.lockDelivery(db, id);
  if (!d || d.status !== 'queued') return;
  if (d.next_attempt_at && new Date(d.next_attempt_at).getTime() > Date.now() + 1000) return; // an earlier row; a later one is due
  const sub = await repo.selectSubscription(db, d.subscription_id);
  const event = await repo.selectEvent(db, d.event_id);
  if (!sub || !event) return;
  const attempts = d.attempts + 1;
  if (!sub.active) {
    await repo.updateDelivery(db, id, { status: 'failed', lastError: 'subscription disabled', nextAttemptAt: null });
    return;
  }
  const secret = open(key(), sub.secretEnc);
  const body = JSON.stringify({ id: event.id, type: event.type, occurredAt: iso(event.occurredAt), data: event.data });
  let status: number | null = null;
  let error: string | null = null;
  if (secret === null) error = 'the signing secret cannot be opened (the key changed): rotate the secret';
  else {
    try {
      status = await post(sub.url, {
        'content-type': 'application/json',
        'user-agent': 'Accord-Webhooks/1',
        'x-accord-event': event.type,
        'x-accord-delivery': id,
        'x-accord-signature': signature(secret, body, Math.floor(Date.now() / 1000)),
      }, body);
      if (status < 200 || status >= 300) error = `HTTP ${status}`;
    } catch (err) {
      const code = (err as { code?: string }).code;
      error = `${code === 'TIMEOUT' ? 'timeout' : 'connection failed'}${code && code !== 'TIMEOUT' ? ` (${code})` : ''}`;
    }
  }
  if (!error) {
    await repo.updateDelivery(db, id, { status: 'delivered', attempts, responseStatus: status, lastError: null, nextAttemptAt: null, deliveredAt: new Date() });
    await repo.resetFailures(db, sub.id);
    return;
  }
  const count = await repo.countFailure(db, sub.id);
  let disabled = false;
  if (count.failures >= count.max && (await repo.autoDisable(db, sub.id))) {
    disabled = true;
    await insertAudit(db, { actorId: null, ref: ref(sub.id), action: 'webhook.auto-disabled', after: { failures: count.failures, lastError: error } });
    for (const userId of await usersWithRole(db, 'admin', null)) {
      await insertNotification(db, { userId, refType: 'webhook', refId: sub.id, messageKey: 'webhook.disabled', params: { name: sub.name, failures: String(count.failures) } });
    }
  }
  const final = disabled || attempts >= MAX_ATTEMPTS;
  const next = final ? null : new Date(Date.now() + backoffMs(attempts));
  await repo.updateDelivery(db, id, { status: final ? 'failed' : 'queued', attempts, responseStatus: status, lastError: error.slice(0, 500), nextAttemptAt: next });
  if (next) await enqueue(db, 'webhook.deliver', { id }, { runAfter: next });
}

// ---- administration ---------------------------------------------------------------------------------

type Sub = repo.SubscriptionRow;
function present(s: Sub) {
  return {
    id: s.id,
    name: s.name,
    url: s.url,
    events: s.events as WebhookEventType[],
    active: s.active,
    disabledReason: (s.disabledReason as 'auto' | 'manual' | null) ?? null,
    consecutiveFailures: s.consecutiveFailures,
    maxConsecutiveFailures: s.maxConsecutiveFailures,
    createdAt: s.createdAt.toISOString(),
    version: s.version,
  };
}

const newSecret = () => `whsec_${crypto.randomBytes(32).toString('base64url')}`;

export async function listSubscriptions(db: Db) {
  return { items: (await repo.selectSubscriptions(db)).map(present), events: webhookEventTypes };
}

async function load(db: Executor, id: string) {
  const s = await repo.selectSubscription(db, id);
  if (!s) throw new AppError('NOT_FOUND');
  return s;
}

export async function createSubscription(db: Db, auth: AuthContext, input: { name: string; url: string; events: WebhookEventType[]; maxConsecutiveFailures: number }) {
  const secret = newSecret();
  const id = await db.transaction(async (tx) => {
    const newId = await repo.insertSubscription(tx, { ...input, events: [...new Set(input.events)], secretEnc: seal(key(), secret), createdBy: auth.userId, updatedBy: auth.userId });
    await insertAudit(tx, { actorId: auth.userId, ref: ref(newId), action: 'webhook.created', after: { name: input.name, url: input.url, events: input.events } });
    return newId;
  });
  return { subscription: present(await load(db, id)), secret };
}

export async function updateSubscription(
  db: Db,
  auth: AuthContext,
  id: string,
  input: { version: number; name: string; url: string; events: WebhookEventType[]; active: boolean; maxConsecutiveFailures: number },
) {
  const before = await load(db, id);
  await db.transaction(async (tx) => {
    const reenabled = input.active && !before.active;
    const ok = await repo.updateSubscription(
      tx,
      id,
      input.version,
      {
        name: input.name,
        url: input.url,
        events: [...new Set(input.events)],
        active: input.active,
        maxConsecutiveFailures: input.maxConsecutiveFailures,
        disabledReason: input.active ? null : before.active ? 'manual' : before.disabledReason,
        ...(reenabled ? { consecutiveFailures: 0 } : {}),
      },
      auth.userId,
    );
    if (!ok) throw new AppError('VERSION_CONFLICT');
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: ref(id),
      action: 'webhook.updated',
      before: { name: before.name, url: before.url, events: before.events, active: before.active },
      after: { name: input.name, url: input.url, events: input.events, active: input.active },
    });
  });
  return present(await load(db, id));
}

export async function rotateSecret(db: Db, auth: AuthContext, id: string, version: number) {
  await load(db, id);
  const secret = newSecret();
  await db.transaction(async (tx) => {
    if (!(await repo.updateSubscription(tx, id, version, { secretEnc: seal(key(), secret) }, auth.userId))) throw new AppError('VERSION_CONFLICT');
    await insertAudit(tx, { actorId: auth.userId, ref: ref(id), action: 'webhook.secret-rotated' });
  });
  return { subscription: present(await load(db, id)), secret };
}

/** A `webhook.test` event to this subscription only. */
export async function sendTest(db: Db, auth: AuthContext, id: string) {
  const s = await load(db, id);
  if (!s.active) throw new AppError('WEBHOOK_NOT_ACTIVE');
  await db.transaction(async (tx) => {
    await emitEvent(tx, 'webhook.test', { subscriptionId: id }, id);
    await insertAudit(tx, { actorId: auth.userId, ref: ref(id), action: 'webhook.test' });
  });
  return { ok: true as const };
}

function presentDelivery(d: NonNullable<Awaited<ReturnType<typeof repo.selectDelivery>>>) {
  return {
    ...d,
    eventType: d.eventType as WebhookEventType,
    status: d.status as 'queued' | 'delivered' | 'failed',
    nextAttemptAt: iso(d.nextAttemptAt),
    createdAt: d.createdAt.toISOString(),
    deliveredAt: iso(d.deliveredAt),
  };
}

export async function listDeliveries(db: Db, subscriptionId: string) {
  await load(db, subscriptionId);
  return { items: (await repo.selectDeliveries(db, subscriptionId)).map(presentDelivery) };
}

/** Send an event again (the same event id, so the receiver can tell): a new delivery in the log. */
export async function replayDelivery(db: Db, auth: AuthContext, deliveryId: string) {
  const d = await repo.selectDelivery(db, deliveryId);
  if (!d) throw new AppError('NOT_FOUND');
  const s = await load(db, d.subscriptionId);
  if (!s.active) throw new AppError('WEBHOOK_NOT_ACTIVE');
  const id = await db.transaction(async (tx) => {
    const newId = await repo.insertDelivery(tx, { subscriptionId: d.subscriptionId, eventId: d.eventId, replayOf: d.id });
    await enqueue(tx, 'webhook.deliver', { id: newId });
    await insertAudit(tx, { actorId: auth.userId, ref: ref(d.subscriptionId), action: 'webhook.replayed', after: { delivery: d.id, event: d.eventId } });
    return newId;
  });
  return presentDelivery((await repo.selectDelivery(db, id))!);
}
