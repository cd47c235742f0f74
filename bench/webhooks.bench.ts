/**
 * Webhook deliveries per second through the outbox. Run: npx tsx bench/webhooks.bench.ts
 * (PGlite in memory; set DATABASE_URL to a scratch PostgreSQL database to measure there; EVENTS=n, default 2000).
 *
 * Events are written as the services write them (one per transaction, beside an outbox row), then the outbox is
 * drained to a local HTTP receiver on 127.0.0.1 until empty: signed POSTs, delivery rows updated. The limit in the
 * same run: the same number of sequential POSTs of the same body straight to the receiver (no database).
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { openPglite, openPostgres, rows } from '../server/platform/db/client.js';
import { seedOrganisation } from '../server/identity/index.js';
import { registerFeatures } from '../server/app.js';
import { setAuditKey } from '../server/platform/audit/index.js';
import { drainOutbox } from '../server/platform/outbox/outbox.js';
import { registerWebhookFeature, setWebhookConfig, emitEvent } from '../server/webhooks/index.js';
import { mailKey, seal } from '../server/mail/index.js';

const N = Number(process.env.EVENTS ?? 2000);
registerFeatures();
registerWebhookFeature();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-bench-webhooks-'));
// the bench's local receiver on 127.0.0.1 is admitted explicitly (the SSRF guard refuses loopback otherwise)
const config = { dataDir, mailSecretKey: undefined, webhookAllowedHosts: ['127.0.0.1'] };
setWebhookConfig(config);
const database = process.env.DATABASE_URL ? await openPostgres(process.env.DATABASE_URL) : await openPglite(undefined);
const db = database.db;
setAuditKey('accord-bench-audit-key-0123456789abcdef');
await seedOrganisation(db, { adminPassword: 'bench-password-1', timeZone: 'Asia/Shanghai' });
await db.execute(sql`truncate webhook_deliveries, webhook_events, webhook_subscriptions, outbox`);

let received = 0;
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    received++;
    res.end('ok');
  });
});
server.keepAliveTimeout = 60_000;
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
await db.execute(
  sql`insert into webhook_subscriptions (name, url, events, secret_enc) values ('bench', ${url}, '["communication.created"]'::jsonb, ${seal(mailKey(config), 'whsec_bench')})`,
);

let t = performance.now();
for (let i = 0; i < N; i++) {
  await db.transaction(async (tx) => {
    await emitEvent(tx, 'communication.created', {
      communicationId: '00000000-0000-4000-8000-000000000000',
      number: `C${String(i).padStart(6, '0')}`,
      partyId: null,
      channel: 'phone',
      direction: 'in',
      topic: 'enquiry',
      occurredAt: new Date().toISOString(),
      links: [],
    });
  });
}
const writeMs = performance.now() - t;
console.log(`engine ${database.engine}: ${N} events written (one transaction each) in ${writeMs.toFixed(0)} ms`);

t = performance.now();
while ((await drainOutbox(db, undefined, 100)) > 0);
const deliverMs = performance.now() - t;
const [row] = await rows<{ n: number }>(db, sql`select count(*)::int as n from webhook_deliveries where status = 'delivered'`);
console.log(`delivered rows ${row?.n ?? '?'}, receiver got ${received}`);

// the limit: the same POSTs straight to the receiver, sequentially
const body = JSON.stringify({ id: '00000000-0000-4000-8000-000000000000', type: 'communication.created', occurredAt: new Date().toISOString(), data: {} });
t = performance.now();
for (let i = 0; i < N; i++) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  await res.body?.cancel();
}
const rawMs = performance.now() - t;
console.log(`| webhook deliveries through the outbox, ${N} events | ${((received / deliverMs) * 1000).toFixed(0)} events/s |`);
console.log(`| sequential POSTs to the receiver alone | ${((N / rawMs) * 1000).toFixed(0)} req/s |`);
server.close();
await database.close();
fs.rmSync(dataDir, { recursive: true, force: true });
