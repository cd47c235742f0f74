import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../server/platform/db/client.js';
import { adminClient, engines, testApp } from '../support/harness.js';
import { DEV_IMAP_PORT, DEV_MAIL_PASSWORD, startDovecot } from '../../server/mail/dev/dovecot.js';
import { clearInbox, deliverRaw, mailServersUnavailable } from '../../server/mail/dev/testing.js';
import { mailWatchers } from '../../server/mail/index.js';

/**
 * IMAP IDLE against the real Dovecot: a watcher holds an IDLE connection on the mailbox; a mail appended while it
 * idles is logged without any poll being asked for. The test waits for states (the watcher idling, the communication
 * logged), bounded only by the test's own timeout — no timed assertions.
 */
const unavailable = await mailServersUnavailable();
if (unavailable && process.env.CI) throw new Error(`CI must run the mail tests: ${unavailable}`);

async function until<T>(what: () => Promise<T | undefined | null | false> | T | undefined | null | false): Promise<T> {
  for (;;) {
    const v = await what();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

// skipped only without a Dovecot on 127.0.0.1:11143 (npm run dev:mail starts one; .ci/run does, and with CI set fails instead)
describe.skipIf(!!unavailable).each(engines())('IMAP IDLE on %s', (engine) => {
  beforeAll(async () => {
    await startDovecot(); // idempotent: a running Dovecot learns the `idle` mailbox
  });
  let close: (() => Promise<void>) | null = null;
  afterAll(async () => close?.());

  it('a mail appended while the watcher idles is logged on the customer without a poll; a changed mailbox gets a fresh watcher', async () => {
    const t = await testApp(engine);
    const { api: admin } = await adminClient(t.app);
    await clearInbox('idle');
    const customer = (
      await admin.post('/api/customers', { code: 'SZ-09', nameZh: '深圳快讯电子', contacts: [{ name: '陈工', email: 'chen@kuaixun.test' }] })
    ).json();
    const box = (
      await admin.post('/api/mail/mailboxes', {
        name: 'idle@',
        imapHost: '127.0.0.1',
        imapPort: DEV_IMAP_PORT,
        imapSecurity: 'none',
        imapUser: 'idle',
        password: DEV_MAIL_PASSWORD,
      })
    ).json();
    const watchers = mailWatchers(t.database.db);
    close = () => watchers.close();
    await watchers.reconcile();
    const first = watchers.get(box.id)!;
    await until(() => first.state() === 'idling');
    const readsBefore = first.reads();

    await deliverRaw(
      'idle',
      'From: chen@kuaixun.test\r\nTo: idle@accord.test\r\nSubject: =?UTF-8?B?' +
        Buffer.from('新订单到了').toString('base64') +
        '?=\r\nMessage-ID: <idle-1@kuaixun.test>\r\n\r\n请查收。\r\n',
    );
    const [logged] = await until(async () => {
      const r = await rows<{ party_id: string; direction: string; channel: string }>(
        t.database.db,
        sql`select party_id, direction, channel from communications where subject = '新订单到了'`,
      );
      return r.length ? r : null;
    });
    expect(logged).toMatchObject({ party_id: customer.id, direction: 'in', channel: 'email' });
    // it was the IDLE notification that read the mailbox (nobody polled), and the watcher went back to idling
    expect(first.reads()).toBeGreaterThan(readsBefore);
    await until(() => first.state() === 'idling');

    // the mailbox's connection settings change: the old watcher stops, a new one idles; a second mail is logged once
    const current = (await admin.get('/api/mail/mailboxes')).json().items.find((b: { id: string }) => b.id === box.id);
    await admin.put(`/api/mail/mailboxes/${box.id}`, {
      version: current.version,
      name: 'idle@',
      imapHost: '127.0.0.1',
      imapPort: DEV_IMAP_PORT,
      imapSecurity: 'none',
      imapUser: 'idle',
      password: DEV_MAIL_PASSWORD,
      active: true,
    });
    await watchers.reconcile();
    const second = watchers.get(box.id)!;
    expect(second).not.toBe(first);
    expect(first.state()).toBe('stopped');
    await until(() => second.state() === 'idling');
    await deliverRaw('idle', 'From: chen@kuaixun.test\r\nTo: idle@accord.test\r\nSubject: second\r\nMessage-ID: <idle-2@kuaixun.test>\r\n\r\nagain\r\n');
    await until(async () => (await rows(t.database.db, sql`select 1 from communications where subject = 'second'`)).length > 0);
    const counts = await rows<{ n: number }>(t.database.db, sql`select count(*)::int as n from mail_incoming where mailbox_id = ${box.id}`);
    expect(counts[0]!.n).toBe(2);

    // a deactivated mailbox loses its watcher
    const now = (await admin.get('/api/mail/mailboxes')).json().items.find((b: { id: string }) => b.id === box.id);
    await admin.put(`/api/mail/mailboxes/${box.id}`, {
      version: now.version,
      name: 'idle@',
      imapHost: '127.0.0.1',
      imapPort: DEV_IMAP_PORT,
      imapSecurity: 'none',
      imapUser: 'idle',
      active: false,
    });
    await watchers.reconcile();
    expect(watchers.get(box.id)).toBeUndefined();
    expect(second.state()).toBe('stopped');
    await watchers.close();
    close = null;
  });
});

if (unavailable) {
  describe('IMAP IDLE', () => {
    // only without Dovecot on 127.0.0.1 (npx tsx server/mail/dev/main.ts dovecot); under CI=1 the file throws instead of skipping
    it.skip(`skipped: ${unavailable}`, () => undefined);
  });
}
