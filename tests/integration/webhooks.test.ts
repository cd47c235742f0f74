import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openPostgres, rows } from '../../server/platform/db/client.js';
import { drainOutbox } from '../../server/platform/outbox/outbox.js';
import { setWebhookConfig } from '../../server/webhooks/index.js';
import { addressAllowed } from '../../server/webhooks/address-guard.js';
import { adminClient, engines, expectProblem, testApp, userWithRoles } from '../support/harness.js';
import { workerDatabaseUrl } from '../support/postgres.js';

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  json: { id: string; type: string; occurredAt: string; data: Record<string, unknown> };
}

/** A local receiver on 127.0.0.1: answers `status` (200 unless told otherwise) and keeps what it got. */
let server: http.Server;
let url = '';
let status = 200;
const received: Received[] = [];
/** run while a request is held open (a slow receiver), before it is answered */
let whileHeld: (() => Promise<void>) | null = null;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ headers: req.headers, body, json: JSON.parse(body) });
      if (whileHeld) await whileHeld();
      res.statusCode = status;
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/accord`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function verify(secret: string, r: Received): boolean {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(r.headers['x-accord-signature']));
  if (!m) return false;
  const expected = crypto.createHmac('sha256', secret).update(`${m[1]}.${r.body}`).digest('hex');
  return crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(m[2]!)) && Math.abs(Date.now() / 1000 - Number(m[1])) < 300;
}

describe.each(engines())('webhooks on %s', (engine) => {
  async function setup(events: string[], over: Record<string, unknown> = {}) {
    received.length = 0;
    status = 200;
    const t = await testApp(engine);
    const { api: admin } = await adminClient(t.app);
    const customer = (
      await admin.post('/api/customers', {
        code: 'SZ-01',
        nameZh: '深圳华强电子有限公司',
        contacts: [{ name: '陈小姐', email: 'chen@hq.cn', phone: '13912345678' }],
      })
    ).json();
    const made = await admin.post('/api/webhooks', { name: 'ERP', url, events, ...over });
    expect(made.statusCode, made.body).toBe(200);
    const { subscription, secret } = made.json();
    const log = async (comm: Record<string, unknown> = {}) =>
      (
        await admin.post('/api/communications', {
          partyId: customer.id,
          contactId: customer.contacts[0].id,
          channel: 'phone',
          direction: 'in',
          occurredAt: new Date().toISOString(),
          subject: '询价',
          content: '询问 RY-2045 报价 13912345678',
          ...comm,
        })
      ).json();
    return { ...t, admin, customer, subscription, secret, log };
  }

  it('signs and delivers events after commit with documented payloads, no personal data; administrators only', async () => {
    const { app, admin, database, customer, subscription, secret, log } = await setup(['communication.created', 'order.step_changed', 'complaint.opened']);
    expect(secret).toMatch(/^whsec_/);
    expect((await admin.get('/api/webhooks')).body).not.toContain(secret);
    const clerk = await userWithRoles(app, admin, 'clerk', ['staff', 'sales-clerk'], 'sales');
    expectProblem(await clerk.api.get('/api/webhooks'), 403, 'FORBIDDEN');

    const comm = await log();
    // nothing leaves before the outbox runs (after commit)
    expect(received).toHaveLength(0);
    await drainOutbox(database.db);
    expect(received).toHaveLength(1);
    const r = received[0]!;
    expect(verify(secret, r)).toBe(true);
    expect(verify('whsec_wrong', r)).toBe(false);
    expect(r.headers['x-accord-event']).toBe('communication.created');
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.json).toMatchObject({
      type: 'communication.created',
      data: { communicationId: comm.id, number: comm.number, partyId: customer.id, channel: 'phone', direction: 'in', links: [] },
    });
    expect(r.body).not.toContain('13912345678');
    expect(r.body).not.toContain('chen@hq.cn');

    // an order taken and moved: order.step_changed (an order's creation logs no communication here)
    const o = (
      await clerk.api.post('/api/orders', {
        partyId: customer.id,
        customerPo: 'PO-1',
        form: 'email',
        orderDate: '2026-11-20',
        receivedAt: '2026-11-20T02:00:00.000Z',
        lines: [{ model: 'RY-2045', quantity: 5, requestedDate: '2026-12-20', unitPrice: 9.99 }],
      })
    ).json();
    const [instance] = (await clerk.api.get(`/api/procedure-instances?refType=order&refId=${o.id}`)).json().items;
    expect(
      (await clerk.api.post(`/api/procedure-instances/${instance.id}/transitions`, { version: instance.version, transitionId: 'clarify' })).statusCode,
    ).toBe(200);
    await drainOutbox(database.db);
    const step = received.find((x) => x.json.type === 'order.step_changed')!;
    expect(step.json.data).toEqual({ orderId: o.id, number: o.number, from: 'intake', to: 'clarification', action: 'clarify', closed: false });
    expect(step.body).not.toContain('9.99');

    // the delivery log
    const deliveries = (await admin.get(`/api/webhooks/${subscription.id}/deliveries`)).json().items;
    expect(
      deliveries.every(
        (d: { status: string; responseStatus: number; attempts: number }) => d.status === 'delivered' && d.responseStatus === 200 && d.attempts === 1,
      ),
    ).toBe(true);
    expect(deliveries.map((d: { eventType: string }) => d.eventType).sort()).toEqual(['communication.created', 'order.step_changed']);

    // the payloads are in the OpenAPI document
    const doc = (await admin.get('/api/openapi.json')).json();
    const text = JSON.stringify(doc);
    for (const e of [
      'communication.created',
      'order.step_changed',
      'order.date_changed',
      'complaint.opened',
      'complaint.closed',
      'survey.answered',
      'action.overdue',
    ])
      expect(text).toContain(e);
    expect(text).toContain('X-Accord-Signature');
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    // an event nobody subscribed to writes nothing
    const [row] = await rows<{ n: number }>(database.db, sql`select count(*)::int as n from webhook_events where type = 'order.date_changed'`);
    expect(row!.n).toBe(0);
  });

  it('complaint.opened carries the complaint number; an event type not subscribed is not sent', async () => {
    const { app, admin, database, customer } = await setup(['complaint.opened']);
    const qa = await userWithRoles(app, admin, 'zhou-qa', ['staff'], 'quality');
    const c = (
      await qa.api.post('/api/complaints', {
        partyId: customer.id,
        channel: 'fax',
        receivedAt: '2026-11-20T02:00:00.000Z',
        model: 'RY-2045',
        lot: 'L2611-07',
        deliveredQuantity: 5000,
        defectiveQuantity: 37,
        description: '输出电压偏低',
        failureMode: '输出电压偏低',
        remedySought: ['replace'],
      })
    ).json();
    expect(c.number).toMatch(/^CC-/);
    await drainOutbox(database.db);
    // the complaint's own logging (if any) is a communication.created, which is not subscribed
    expect(received.map((r) => r.json.type)).toEqual(['complaint.opened']);
    expect(received[0]!.json.data).toEqual({ complaintId: c.id, number: c.number, partyId: customer.id });
  });

  it('retries with back-off, disables itself after repeated failures and tells the administrators; replay from the log after re-enabling', async () => {
    const { admin, database, subscription, log } = await setup(['communication.created'], { maxConsecutiveFailures: 2 });
    status = 500;
    await log({ subject: '第一次' });
    await drainOutbox(database.db);
    let [d] = (await admin.get(`/api/webhooks/${subscription.id}/deliveries`)).json().items;
    expect(d).toMatchObject({ status: 'queued', attempts: 1, responseStatus: 500, lastError: 'HTTP 500' });
    expect(Date.parse(d.nextAttemptAt) - Date.now()).toBeGreaterThan(20_000);
    // not due yet: no second attempt
    await drainOutbox(database.db);
    expect(received).toHaveLength(1);
    // time passes (the retry falls due)
    await database.db.execute(sql`update webhook_deliveries set next_attempt_at = now() - interval '1 second'`);
    await database.db.execute(sql`update outbox set run_after = now() - interval '1 second' where processed_at is null`);
    await drainOutbox(database.db);
    expect(received).toHaveLength(2);
    // the same event on every attempt
    expect(received[1]!.json.id).toBe(received[0]!.json.id);
    [d] = (await admin.get(`/api/webhooks/${subscription.id}/deliveries`)).json().items;
    expect(d).toMatchObject({ status: 'failed', attempts: 2, nextAttemptAt: null });
    const sub = (await admin.get('/api/webhooks')).json().items[0];
    expect(sub).toMatchObject({ active: false, disabledReason: 'auto', consecutiveFailures: 2 });
    const notes = (await admin.get('/api/notifications')).json().items;
    expect(notes.find((x: { messageKey: string }) => x.messageKey === 'webhook.disabled')).toMatchObject({ params: { name: 'ERP', failures: '2' } });
    // disabled: new events are not queued for it; a replay is refused until re-enabled
    await log({ subject: '停用期间' });
    await drainOutbox(database.db);
    expect(received).toHaveLength(2);
    expectProblem(await admin.post(`/api/webhooks/deliveries/${d.id}/replay`), 409, 'WEBHOOK_NOT_ACTIVE');
    status = 200;
    const back = await admin.put(`/api/webhooks/${subscription.id}`, {
      version: sub.version,
      name: sub.name,
      url: sub.url,
      events: sub.events,
      active: true,
      maxConsecutiveFailures: 2,
    });
    expect(back.json()).toMatchObject({ active: true, disabledReason: null, consecutiveFailures: 0 });
    const replay = (await admin.post(`/api/webhooks/deliveries/${d.id}/replay`)).json();
    expect(replay).toMatchObject({ status: 'queued', replayOf: d.id, eventId: d.eventId });
    await drainOutbox(database.db);
    expect(received).toHaveLength(3);
    expect(received[2]!.json.id).toBe(received[0]!.json.id);
    expect(received[2]!.headers['x-accord-delivery']).toBe(replay.id);
    expect((await admin.get(`/api/webhooks/${subscription.id}/deliveries`)).json().items[0]).toMatchObject({ id: replay.id, status: 'delivered' });
    // a test event on demand, and the history of the subscription
    await admin.post(`/api/webhooks/${subscription.id}/test`);
    await drainOutbox(database.db);
    expect(received.at(-1)!.json).toMatchObject({ type: 'webhook.test', data: { subscriptionId: subscription.id } });
    const history = (await admin.get(`/api/history/webhook/${subscription.id}`)).json().entries.map((e: { action: string }) => e.action);
    expect(history).toEqual(expect.arrayContaining(['webhook.created', 'webhook.auto-disabled', 'webhook.updated', 'webhook.replayed', 'webhook.test']));
  });

  it('a rolled-back change sends nothing; two instances draining at once deliver each event once', async () => {
    const { database, dataDir, admin, customer, log } = await setup(['communication.created']);
    // refused (unknown contact): nothing written, nothing sent
    expect(
      (
        await admin.post('/api/communications', {
          partyId: customer.id,
          contactId: '00000000-0000-4000-8000-000000000000',
          channel: 'phone',
          direction: 'in',
          occurredAt: new Date().toISOString(),
          subject: 'x',
          content: 'y',
        })
      ).statusCode,
    ).toBe(422);
    for (let i = 0; i < 12; i++) await log({ subject: `询价 ${i}` });
    // PostgreSQL: a second instance's own connection pool on the same database; PGlite: one connection, serialised
    const second =
      engine === 'postgres'
        ? await openPostgres(workerDatabaseUrl(process.env.DATABASE_URL!, `${process.env.VITEST_POOL_ID ?? '0'}_${process.pid}`).url, 3)
        : null;
    try {
      await Promise.all([
        drainOutbox(database.db, undefined, 5),
        drainOutbox((second ?? database).db, undefined, 5),
        drainOutbox(database.db, undefined, 5),
        drainOutbox((second ?? database).db, undefined, 5),
      ]);
      while ((await drainOutbox(database.db)) > 0);
    } finally {
      await second?.close();
    }
    expect(dataDir).toBeTruthy();
    expect(received).toHaveLength(12);
    expect(new Set(received.map((r) => r.json.id)).size).toBe(12);
    expect(received.map((r) => r.json.data.communicationId).every(Boolean)).toBe(true);
  });

  it('refuses private, loopback, link-local and metadata receivers at subscription unless allow-listed', async () => {
    const { admin } = await setup(['communication.created']);
    for (const bad of [
      'http://169.254.169.254/latest/meta-data/',
      'http://100.100.100.200/latest/meta-data/',
      'http://10.1.2.3/hook',
      'http://192.168.1.10/hook',
      'http://[::1]:8080/hook',
      'http://[fd00:ec2::254]/',
      'http://[::ffff:127.0.0.2]/x',
      'http://localhost:3000/hook',
      'http://0.0.0.0/hook',
    ]) {
      const res = await admin.post('/api/webhooks', { name: 'internal', url: bad, events: ['communication.created'] });
      expectProblem(res, 422, 'WEBHOOK_URL_REFUSED');
      expect(res.json().errors).toMatchObject([{ path: 'body.url' }]);
    }
    // the test configuration admits its own receiver explicitly: 127.0.0.1 only, not the rest of 127/8
    expectProblem(
      await admin.post('/api/webhooks', { name: 'other loopback', url: 'http://127.0.0.2:9/hook', events: ['communication.created'] }),
      422,
      'WEBHOOK_URL_REFUSED',
    );
    expect(addressAllowed('127.0.0.1', ['127.0.0.1'])).toBe(true);
    expect(addressAllowed('10.20.3.4', ['10.20.0.0/16'])).toBe(true);
    expect(addressAllowed('10.21.3.4', ['10.20.0.0/16'])).toBe(false);
    expect(addressAllowed('93.184.215.14', [])).toBe(true);
    expect(addressAllowed('2606:2800:21f:cb07:6820:80da:af6b:8b2c', [])).toBe(true);
  });

  it('checks the address again at delivery; a slow receiver holds no outbox transaction (claimed and committed first)', async () => {
    const { app, database, admin, subscription, log } = await setup(['communication.created']);
    // while the receiver holds the request, the delivery's claim is committed and the database answers other work
    const seen: string[] = [];
    whileHeld = async () => {
      const [d] = await rows<{ status: string }>(database.db, sql`select status from webhook_deliveries order by created_at desc limit 1`);
      seen.push(d!.status);
      const [o] = await rows<{ n: number }>(
        database.db,
        sql`select count(*)::int as n from outbox where processed_at is null and topic = 'webhook.deliver' and run_after is not null`,
      );
      seen.push(`watchdog:${o!.n}`);
    };
    try {
      await log();
      await drainOutbox(database.db);
    } finally {
      whileHeld = null;
    }
    expect(received).toHaveLength(1);
    expect(seen).toEqual(['sending', 'watchdog:1']);
    const deliveries = (await admin.get(`/api/webhooks/${subscription.id}/deliveries`)).json().items;
    expect(deliveries[0]).toMatchObject({ status: 'delivered', attempts: 1, responseStatus: 200 });

    // the allow-list withdrawn: the next delivery is refused after resolution, nothing reaches the receiver
    setWebhookConfig({ ...app.config, webhookAllowedHosts: [] });
    try {
      await log();
      await drainOutbox(database.db);
    } finally {
      setWebhookConfig(app.config);
    }
    expect(received).toHaveLength(1);
    const after = (await admin.get(`/api/webhooks/${subscription.id}/deliveries`)).json().items;
    const refused = after.find((d: { status: string }) => d.status !== 'delivered');
    expect(refused).toMatchObject({ status: 'queued', attempts: 1 });
    expect(refused.lastError).toContain('SSRF');
  });
});
