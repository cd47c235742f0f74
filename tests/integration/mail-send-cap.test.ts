import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../server/platform/db/client.js';
import { drainOutbox } from '../../server/platform/outbox/outbox.js';
import { adminClient, engines, testApp } from '../support/harness.js';
import { DEV_MAIL_PASSWORD, startDovecot } from '../../server/mail/dev/dovecot.js';
import { DEV_SMTP_USER, startDevSmtpReceiver, type DevSmtpReceiver } from '../../server/mail/dev/smtp-receiver.js';
import { clearInbox, inbox, inboxEnvelopes, mailServersUnavailable } from '../../server/mail/dev/testing.js';
import { leaseTiming, LEASE_MS, queueUserMail } from '../../server/mail/mail.service.js';
import { closePooledTransport, sendSlots } from '../../server/mail/index.js';

/**
 * The SMTP concurrency cap against the real receiver (smtp-server on 127.0.0.1, filing into Dovecot): a burst of
 * 1,000 mails goes out over at most MAIL_SMTP_MAX_CONNECTIONS connections of one instance, reused, each mail exactly
 * once although two drainers (two instances' outbox workers) work the queue at once; a claim that waited long for a
 * free connection is renewed before it is sent. Own mailbox (burst) so it never races the other mail tests.
 */
const unavailable = await mailServersUnavailable();
if (unavailable && process.env.CI) throw new Error(`CI must run the mail tests: ${unavailable}`);

// skipped only without a Dovecot on 127.0.0.1:11143 (npm run dev:mail starts one; .ci/run does, and with CI set fails instead)
describe.skipIf(!!unavailable).each(engines())('outgoing mail cap on %s', (engine) => {
  let smtp: DevSmtpReceiver;
  beforeAll(async () => {
    await startDovecot(); // idempotent: a running Dovecot learns the `burst` mailbox
    smtp = await startDevSmtpReceiver();
  });
  afterEach(() => closePooledTransport());
  afterAll(async () => smtp?.close());

  async function setup(maxConnections: number) {
    const t = await testApp(engine);
    const before = t.app.config.smtpMaxConnections;
    t.app.config.smtpMaxConnections = maxConnections;
    const { api: admin } = await adminClient(t.app);
    await clearInbox('burst');
    const settings = (await admin.get('/api/mail/settings')).json();
    const put = await admin.put('/api/mail/settings', {
      version: settings.version,
      smtpHost: '127.0.0.1',
      smtpPort: smtp.port,
      smtpSecurity: 'none',
      smtpUser: DEV_SMTP_USER,
      password: DEV_MAIL_PASSWORD,
      fromAddress: 'notify@accord.test',
      fromName: 'Accord',
      senders: [],
      signature: { zh: '', en: '' },
    });
    expect(put.statusCode, put.body).toBe(200);
    return { ...t, restore: () => (t.app.config.smtpMaxConnections = before) };
  }

  const queue = (db: Db, n: number, tag: string) =>
    db.transaction(async (tx) => {
      const ids: string[] = [];
      for (let i = 0; i < n; i++) {
        const row = await queueUserMail(tx, {
          userId: '',
          toAddress: 'burst@accord.test',
          toName: '值班',
          language: 'zh-CN',
          subject: `${tag} ${i}`,
          body: `通知 ${i}`,
          ref: null,
        });
        ids.push(row.id);
      }
      return ids;
    });

  // a burst twice the outbox's claim of 50 and ~30 times the cap (MAIL_BURST=1000 for the full thousand: ~4 minutes on a loaded 2-core machine)
  const BURST = Number(process.env.MAIL_BURST ?? 100);
  it('a burst of notifications leaves over at most N connections, reused; two drainers at once send each exactly once', async () => {
    const N = 3;
    const s = await setup(N);
    try {
      await queue(s.database.db, BURST, '通知');
      smtp.resetPeak();
      const acceptedBefore = smtp.accepted();
      // two instances' outbox workers drain at once until nothing is left (bounded: each drain claims up to 50)
      const drainer = async () => {
        for (let i = 0; i < 200; i++) {
          const [left] = await rows<{ n: number }>(s.database.db, sql`select count(*)::int as n from mail_messages where status in ('queued', 'sending')`);
          if (!left!.n) return;
          await drainOutbox(s.database.db);
        }
      };
      const t0 = performance.now();
      await Promise.all([drainer(), drainer()]);
      console.log(`burst: ${BURST} mails sent in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      expect(smtp.accepted() - acceptedBefore).toBe(BURST);
      const { peak, total } = smtp.connections();
      expect(peak).toBeGreaterThan(0);
      expect(peak).toBeLessThanOrEqual(N);
      // the connections are reused across the burst, not one per mail
      expect(total).toBeLessThanOrEqual(N * 2);
      expect(sendSlots.stats()).toEqual({ busy: 0, waiting: 0 });
      const [sent] = await rows<{ n: number; once: number }>(
        s.database.db,
        sql`select count(*)::int as n, count(*) filter (where attempts = 1)::int as once from mail_messages where status = 'sent'`,
      );
      expect(sent).toEqual({ n: BURST, once: BURST });
      const got = await inboxEnvelopes('burst');
      expect(got).toHaveLength(BURST);
      expect(new Set(got.map((m) => m.messageId)).size).toBe(BURST);
      expect(new Set(got.map((m) => m.subject)).size).toBe(BURST);
    } finally {
      s.restore();
    }
  }, 240_000);

  it('a claim that waited for a free connection until its lease was nearly out is renewed before it is sent, and sent once', async () => {
    const s = await setup(1);
    const renew = leaseTiming.renewWithinMs;
    try {
      const [, second] = await queue(s.database.db, 2, '排队');
      // the one connection is busy with the first mail (the receiver holds its answer); the second waits for it
      const held = smtp.hold();
      const drain = drainOutbox(s.database.db);
      await held.reached;
      expect(sendSlots.stats()).toEqual({ busy: 1, waiting: 1 });
      const [claimed] = await rows<{ lease: string | Date; status: string }>(
        s.database.db,
        sql`select lease_until as lease, status from mail_messages where id = ${second!}`,
      );
      expect(claimed!.status).toBe('sending');
      // by the time its turn comes, the second claim counts as nearly run out
      leaseTiming.renewWithinMs = LEASE_MS + 60_000;
      held.release();
      await drain;
      const got = await rows<{ status: string; attempts: number }>(s.database.db, sql`select status, attempts from mail_messages order by subject`);
      expect(got.map((m) => [m.status, m.attempts])).toEqual([
        ['sent', 1],
        ['sent', 1],
      ]);
      // renewed: a second watchdog row, due after the new lease (it finds the mail sent and does nothing)
      const watchdogs = await rows<{ run_after: string | Date }>(
        s.database.db,
        sql`select run_after from outbox where topic = 'mail.send' and payload->>'id' = ${second!} and processed_at is null order by run_after`,
      );
      expect(watchdogs).toHaveLength(2);
      expect(new Date(watchdogs[1]!.run_after).getTime()).toBeGreaterThan(new Date(claimed!.lease).getTime());
      await s.database.db.execute(sql`update outbox set run_after = null where topic = 'mail.send' and processed_at is null`);
      await drainOutbox(s.database.db);
      expect((await inbox('burst')).map((m) => m.subject).sort()).toEqual(['排队 0', '排队 1']);
    } finally {
      leaseTiming.renewWithinMs = renew;
      s.restore();
    }
  });
});

if (unavailable) {
  describe('outgoing mail cap', () => {
    // only without Dovecot on 127.0.0.1 (npx tsx server/mail/dev/main.ts dovecot); under CI=1 the file throws instead of skipping
    it.skip(`skipped: ${unavailable}`, () => undefined);
  });
}
