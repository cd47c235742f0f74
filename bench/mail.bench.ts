/**
 * Inbound mail logged per second. Run: npx tsx bench/mail.bench.ts (PGlite in memory; set DATABASE_URL to a scratch
 * PostgreSQL database to measure there; MAILS=n, default 10000). Needs the private Dovecot on 127.0.0.1:11143
 * (`npm run dev:mail -- dovecot`; started here if installed and not running).
 *
 * The `bench` mailbox is filled with MAILS messages (IMAP APPEND, not timed): each from a customer's contact, a short
 * GB18030/UTF-8 text and every 10th with a small PDF, as sales@ receives them. Then, in the same run:
 * - logged: `pollMailbox` (batches of 100) until the mailbox is read — parse, place on the customer, rule, store the
 *   attachment, the incoming communication with its search row and audit, the mailbox's progress; one transaction
 *   per mail;
 * - the limit: imapflow alone fetching the same messages' sources (one streamed FETCH 1:*), and as the poller fetches
 *   them (one UID FETCH per message), with no parsing and no database.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { ImapFlow } from 'imapflow';
import { openPglite, openPostgres, rows } from '../server/platform/db/client.js';
import { login, resolveSession, seedOrganisation } from '../server/identity/index.js';
import { registerFeatures } from '../server/app.js';
import { setAuditKey } from '../server/platform/audit/index.js';
import { createCustomer } from '../server/parties/index.js';
import { mailKey, pollMailbox, seal } from '../server/mail/index.js';
import { setMailConfig } from '../server/mail/mail.service.js';
import { insertMailbox } from '../server/mail/mail.repository.js';
import type { Config } from '../server/platform/config.js';
import { CreateCustomerRequest } from '../contracts/parties.js';
import { DEV_IMAP_PORT, DEV_MAIL_PASSWORD, startDovecot } from '../server/mail/dev/dovecot.js';
import { clearInbox } from '../server/mail/dev/testing.js';

const N = Number(process.env.MAILS ?? 10_000);
const USER = 'bench';
registerFeatures();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-bench-mail-'));
const config = {
  dataDir,
  mailSecretKey: undefined,
  maxUploadBytes: 20 * 1024 * 1024,
  publicUrl: 'http://localhost:3000',
  companyName: { zh: '基准', en: 'Bench' },
} as unknown as Config;
setMailConfig(config);
await startDovecot();
const database = process.env.DATABASE_URL ? await openPostgres(process.env.DATABASE_URL) : await openPglite(undefined);
const db = database.db;
setAuditKey('accord-bench-audit-key-0123456789abcdef');
await seedOrganisation(db, { adminPassword: 'bench-password-1', timeZone: 'Asia/Shanghai' });
const { token } = await login(db, { username: 'admin', password: 'bench-password-1', ip: null, userAgent: 'bench' }, 2);
const auth = (await resolveSession(db, token))!;
const CUSTOMERS = 20;
for (let i = 0; i < CUSTOMERS; i++) {
  await createCustomer(
    db,
    auth,
    CreateCustomerRequest.parse({
      code: `BM${String(i).padStart(3, '0')}`,
      nameZh: `基准邮件客户${i}有限公司`,
      contacts: [{ name: `采购${i}`, email: `buyer${i}@customer${i}.test` }],
    }),
  );
}

// fill the mailbox (not timed): one connection, APPEND per message
await clearInbox(USER);
const pdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n').toString('base64');
const message = (i: number) => {
  const c = i % CUSTOMERS;
  const subject = Buffer.from(`订单 PO-${10000 + i} 请确认交期`).toString('base64');
  const head = [
    `From: buyer${c}@customer${c}.test`,
    `To: sales@accord.test`,
    `Subject: =?UTF-8?B?${subject}?=`,
    `Message-ID: <bench-${i}@customer${c}.test>`,
    `Date: ${new Date(Date.UTC(2026, 10, 1) + i * 60_000).toUTCString()}`,
    'MIME-Version: 1.0',
  ];
  const text = `附件是我司订单 PO-${10000 + i}：RY-${2000 + (i % 300)} ${(i % 50) + 1} 千只，请确认交期。\r\nPlease confirm the delivery date.`;
  if (i % 10 !== 0) return [...head, 'Content-Type: text/plain; charset=utf-8', '', text, ''].join('\r\n');
  return [
    ...head,
    'Content-Type: multipart/mixed; boundary="b"',
    '',
    '--b',
    'Content-Type: text/plain; charset=utf-8',
    '',
    text,
    '--b',
    `Content-Type: application/pdf; name="PO-${10000 + i}.pdf"`,
    `Content-Disposition: attachment; filename="PO-${10000 + i}.pdf"`,
    'Content-Transfer-Encoding: base64',
    '',
    pdf,
    '--b--',
    '',
  ].join('\r\n');
};
const imap = () => new ImapFlow({ host: '127.0.0.1', port: DEV_IMAP_PORT, secure: false, auth: { user: USER, pass: DEV_MAIL_PASSWORD }, logger: false });
{
  const c = imap();
  await c.connect();
  let t = performance.now();
  for (let i = 0; i < N; i++) await c.append('INBOX', message(i));
  console.log(`filled ${N} messages in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  t = performance.now();
  await c.logout();
}

// the limit, streamed: imapflow alone, one FETCH 1:* of the sources
let bytes = 0;
let fetched = 0;
let t = performance.now();
{
  const c = imap();
  await c.connect();
  const lock = await c.getMailboxLock('INBOX');
  try {
    for await (const m of c.fetch('1:*', { uid: true, source: true })) {
      fetched++;
      bytes += m.source?.length ?? 0;
    }
  } finally {
    lock.release();
  }
  await c.logout();
}
const streamMs = performance.now() - t;

// the limit, as the poller fetches: one UID FETCH per message
t = performance.now();
{
  const c = imap();
  await c.connect();
  const lock = await c.getMailboxLock('INBOX');
  try {
    const uids = ((await c.search({ all: true }, { uid: true })) || []).sort((a, b) => a - b);
    for (const uid of uids) await c.fetchOne(String(uid), { source: true }, { uid: true });
  } finally {
    lock.release();
  }
  await c.logout();
}
const oneByOneMs = performance.now() - t;

// logged through Accord
const box = await insertMailbox(db, {
  name: 'bench@',
  imapHost: '127.0.0.1',
  imapPort: DEV_IMAP_PORT,
  imapSecurity: 'none',
  imapUser: USER,
  imapPasswordEnc: seal(mailKey(config), DEV_MAIL_PASSWORD),
  createdBy: auth.userId,
  updatedBy: auth.userId,
});
t = performance.now();
let logged = 0;
let triage = 0;
for (;;) {
  const out = await pollMailbox(db, box.id, 100);
  logged += out.logged;
  triage += out.triage;
  if (out.errors.length) console.log(`errors: ${out.errors.slice(0, 3).join('; ')}`);
  if (out.fetched === 0) break;
}
const loggedMs = performance.now() - t;
const [count] = await rows<{ n: number; files: number }>(
  db,
  sql`select (select count(*)::int from communications where direction = 'in') as n, (select count(*)::int from attachments where owner_type = 'communication') as files`,
);
console.log(
  `engine ${database.engine}: ${fetched} messages (${(bytes / 1048576).toFixed(1)} MB); logged ${logged}, triage ${triage}; communications ${count?.n}, attachments ${count?.files}`,
);
console.log(`| inbound mails logged, ${N} messages | ${((logged / loggedMs) * 1000).toFixed(0)} mails/s |`);
console.log(`| imapflow alone, streamed FETCH | ${((fetched / streamMs) * 1000).toFixed(0)} mails/s |`);
console.log(`| imapflow alone, one UID FETCH per message | ${((fetched / oneByOneMs) * 1000).toFixed(0)} mails/s |`);
await clearInbox(USER);
await database.close();
fs.rmSync(dataDir, { recursive: true, force: true });
