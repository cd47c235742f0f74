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
import { AddressRefused, checkReceiverUrl, resolveReceiver } from './address-guard.js';

let config: Pick<Config, 'mailSecretKey' | 'dataDir' | 'webhookAllowedHosts'> | null = null;
export function setWebhookConfig(c: Pick<Config, 'mailSecretKey' | 'dataDir' | 'webhookAllowedHosts'>) {
  config = c;
}
const allowList = () => config?.webhookAllowedHosts ?? [];

/** Refuse a receiver URL that points to a private, loopback, link-local or metadata address (unless allow-listed). */
export async function assertReceiverUrl(url: string) {
  if (!(await checkReceiverUrl(url, allowList()))) throw new AppError('WEBHOOK_URL_REFUSED', [{ path: 'body.url', code: 'refused' }]);
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
 * delivery that never reached it), no redirects followed, the whole exchange within TIMEOUT_MS. The host is resolved
 * and checked by the SSRF guard first, and the connection goes to that checked address (no second lookup). The status code.
 */
async function post(url: string, headers: Record<string, string>, body: string): Promise<number> {
  const u = new URL(url);
  const { address, family } = await resolveReceiver(u, allowList());
  return new Promise((resolve, reject) => {
    const send = u.protocol === 'https:' ? https.request : http.request;
    const lookup = (_host: string, opts: { all?: boolean }, cb: (...args: unknown[]) => void) =>
      opts?.all ? cb(null, [{ address, family }]) : cb(null, address, family);
    const req = send(
      u,
      {
        method: 'POST',
        agent: false,
        lookup: lookup as never,
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        timeout: TIMEOUT_MS,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    const timer = setTimeout(() => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })), TIMEOUT_MS);
    req.on('close', () => clearTimeout(timer));
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    req.on('error', reject);
    req.end(body);
  });
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** How long a claimed delivery is the claimer's: past it (the process died mid-call) the next outbox row sends again. */
export const LEASE_MS = TIMEOUT_MS + 60_000;

/**
 * Claim a delivery in the outbox's transaction (the row locked, so two instances never both claim it): marked
 * `sending` with a lease, a watchdog row queued for the lease's end. Returns the HTTP call and the recording of its
 * result, to run after that transaction commits — no transaction or row lock is held while a receiver is slow.
 */
export async function claimDelivery(db: Executor, id: string): Promise<((db: Db) => Promise<void>) | undefined> {
  const d = await repo.lockDelivery(db, id);
  if (!d) return;
  const now = Date.now();
  const next = d.next_attempt_at ? new Date(d.next_attempt_at).getTime() : null;
  if (d.status === 'sending') {
    if (next && next > now) return; // being sent by someone else
  } else if (d.status !== 'queued') return;
  else if (next && next > now + 1000) return; // an earlier row; a later one is due
  const sub = await repo.selectSubscription(db, d.subscription_id);
  const event = await repo.selectEvent(db, d.event_id);
  if (!sub || !event) return;
  const attempts = d.attempts + 1;
  if (!sub.active) {
    await repo.updateDelivery(db, id, { status: 'failed', lastError: 'subscription disabled', nextAttemptAt: null });
    return;
  }
  const lease = new Date(now + LEASE_MS);
  await repo.updateDelivery(db, id, { status: 'sending', attempts, nextAttemptAt: lease });
  await enqueue(db, 'webhook.deliver', { id }, { runAfter: lease });
  const secret = open(key(), sub.secretEnc);
  const body = JSON.stringify({ id: event.id, type: event.type, occurredAt: iso(event.occurredAt), data: event.data });
  return async (after: Db) => {
    let status: number | null = null;
    let error: string | null = null;
    if (secret === null) error = 'the signing secret cannot be opened (the key changed): rotate the secret';
    else {
      try {
        status = await post(
          sub.url,
          {
            'content-type': 'application/json',
            'user-agent': 'Accord-Webhooks/1',
            'x-accord-event': event.type,
            'x-accord-delivery': id,
            'x-accord-signature': signature(secret, body, Math.floor(Date.now() / 1000)),
          },
          body,
        );
        if (status < 200 || status >= 300) error = `HTTP ${status}`;
      } catch (err) {
        const code = (err as { code?: string }).code;
        error =
          err instanceof AddressRefused
            ? `${err.message} (SSRF guard; WEBHOOK_ALLOWED_HOSTS admits an internal receiver)`
            : `${code === 'TIMEOUT' ? 'timeout' : 'connection failed'}${code && code !== 'TIMEOUT' ? ` (${code})` : ''}`;
      }
    }
    await recordResult(after, id, attempts, sub, status, error);
  };
}

/** The result of one attempt, in its own short transaction; ignored if the lease was lost to a later claim. */
async function recordResult(db: Db, id: string, attempts: number, sub: repo.SubscriptionRow, status: number | null, error: string | null) {
  await db.transaction(async (tx) => {
    const d = await repo.lockDelivery(tx, id);
    if (!d || d.status !== 'sending' || d.attempts !== attempts) return;
    if (!error) {
      await repo.updateDelivery(tx, id, {
        status: 'delivered',
        attempts,
        responseStatus: status,
        lastError: null,
        nextAttemptAt: null,
        deliveredAt: new Date(),
      });
      await repo.resetFailures(tx, sub.id);
      return;
    }
    const count = await repo.countFailure(tx, sub.id);
    let disabled = false;
    if (count.failures >= count.max && (await repo.autoDisable(tx, sub.id))) {
      disabled = true;
      await insertAudit(tx, { actorId: null, ref: ref(sub.id), action: 'webhook.auto-disabled', after: { failures: count.failures, lastError: error } });
      for (const userId of await usersWithRole(tx, 'admin', null)) {
        await insertNotification(tx, {
          userId,
          refType: 'webhook',
          refId: sub.id,
          messageKey: 'webhook.disabled',
          params: { name: sub.name, failures: String(count.failures) },
        });
      }
    }
    const final = disabled || attempts >= MAX_ATTEMPTS;
    const next = final ? null : new Date(Date.now() + backoffMs(attempts));
    await repo.updateDelivery(tx, id, {
      status: final ? 'failed' : 'queued',
      attempts,
      responseStatus: status,
      lastError: error.slice(0, 500),
      nextAttemptAt: next,
    });
    if (next) await enqueue(tx, 'webhook.deliver', { id }, { runAfter: next });
  });
}

/** One delivery now (claim, commit, send, record): for callers outside the outbox. */
export async function deliver(db: Db, id: string) {
  const send = await db.transaction((tx) => claimDelivery(tx, id));
  if (send) await send(db);
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

export async function createSubscription(
  db: Db,
  auth: AuthContext,
  input: { name: string; url: string; events: WebhookEventType[]; maxConsecutiveFailures: number },
) {
  await assertReceiverUrl(input.url);
  const secret = newSecret();
  const id = await db.transaction(async (tx) => {
    const newId = await repo.insertSubscription(tx, {
      ...input,
      events: [...new Set(input.events)],
      secretEnc: seal(key(), secret),
      createdBy: auth.userId,
      updatedBy: auth.userId,
    });
    await insertAudit(tx, {
      actorId: auth.userId,
      ref: ref(newId),
      action: 'webhook.created',
      after: { name: input.name, url: input.url, events: input.events },
    });
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
  await assertReceiverUrl(input.url);
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
