import { spawnSync } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../server/platform/db/client.js';
import { adminClient, engines, testApp } from '../support/harness.js';
import { DEV_IMAP_PORT, DEV_MAIL_PASSWORD, defaultDevMailDir, startDovecot } from '../../server/mail/dev/dovecot.js';
import { clearInbox, deliverRaw, mailServersUnavailable } from '../../server/mail/dev/testing.js';
import { mailWatchers } from '../../server/mail/index.js';

/**
 * The IDLE watcher when the IMAP connection drops, against the real Dovecot (never stopped: other tests share it):
 * - Dovecot kicks the session (`doveadm kick`, as on a restart or an administrator's kick): the watcher reconnects;
 * - the server is gone for a while: the watcher reaches it through a TCP relay on 127.0.0.1 that this test cuts
 *   (every connection closed, new ones refused) and brings back — as a restarted Dovecot looks to a client.
 * Mail that arrived meanwhile is logged once when the watcher is back (a duplicate by Message-ID is skipped), and the
 * mailbox list shows the state and the last error. States are waited for, bounded only by the test's timeout.
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

/** A relay to Dovecot on a port of its own that the test can cut and restore. */
async function relay() {
  const sockets = new Set<net.Socket>();
  let server: net.Server | null = null;
  let port = 0;
  const up = () =>
    new Promise<void>((resolve, reject) => {
      server = net.createServer((inbound) => {
        const outbound = net.connect(DEV_IMAP_PORT, '127.0.0.1');
        for (const s of [inbound, outbound]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => undefined);
        }
        inbound.pipe(outbound).pipe(inbound);
        inbound.on('close', () => outbound.destroy());
        outbound.on('close', () => inbound.destroy());
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as net.AddressInfo).port;
        resolve();
      });
    });
  await up();
  return {
    port: () => port,
    up,
    /** every connection cut, the port closed (connection refused) */
    down: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server!.close(() => resolve());
      }),
    connections: () => sockets.size / 2,
  };
}

const mail = (n: string, subject = `断线期间 ${n}`) =>
  `From: chen@duanxian.test\r\nTo: reconnect@accord.test\r\nSubject: =?UTF-8?B?${Buffer.from(subject).toString('base64')}?=\r\nMessage-ID: <reconnect-${n}@duanxian.test>\r\n\r\n第 ${n} 封\r\n`;

// skipped only without a Dovecot on 127.0.0.1:11143 (npm run dev:mail starts one; .ci/run does, and with CI set fails instead)
describe.skipIf(!!unavailable).each(engines())('IMAP IDLE reconnect on %s', (engine) => {
  beforeAll(async () => {
    await startDovecot(); // idempotent: a running Dovecot learns the `reconnect` mailbox
  });
  let close: (() => Promise<void>) | null = null;
  afterAll(async () => close?.());

  it('reconnects with back-off after Dovecot kicks it or goes away, logs what arrived meanwhile exactly once, and shows the state and last error', async () => {
    const t0 = performance.now();
    const step = (what: string) => console.log(`reconnect test: ${what} at ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const t = await testApp(engine);
    const { api: admin } = await adminClient(t.app);
    await clearInbox('reconnect');
    const customer = (
      await admin.post('/api/customers', { code: 'SZ-11', nameZh: '深圳断线电子', contacts: [{ name: '陈工', email: 'chen@duanxian.test' }] })
    ).json();
    const proxy = await relay();
    const box = (
      await admin.post('/api/mail/mailboxes', {
        name: 'reconnect@',
        imapHost: '127.0.0.1',
        imapPort: proxy.port(),
        imapSecurity: 'none',
        imapUser: 'reconnect',
        password: DEV_MAIL_PASSWORD,
      })
    ).json();
    const watchers = mailWatchers(t.database.db, undefined, { backoff: { minMs: 200, maxMs: 1_600 } });
    close = async () => {
      await watchers.close();
      await proxy.down().catch(() => undefined);
    };
    await watchers.reconcile();
    const w = watchers.get(box.id)!;
    await until(() => w.state() === 'idling');
    const listed = async () => (await admin.get('/api/mail/mailboxes')).json().items.find((b: { id: string }) => b.id === box.id);
    await until(async () => (await listed()).watchState === 'idling');
    const logged = async () =>
      await rows<{ subject: string; party_id: string }>(
        t.database.db,
        sql`select subject, party_id from communications where direction = 'in' order by subject`,
      );

    step('idling');
    // 1. Dovecot ends the session from its side (doveadm kick, as a restart does): the watcher connects again
    const connects = w.connects();
    const kick = spawnSync('doveadm', ['-c', path.join(defaultDevMailDir(), 'dovecot.conf'), 'kick', 'reconnect'], { encoding: 'utf8' });
    expect(kick.status, kick.stderr).toBe(0);
    await until(() => w.connects() > connects && w.state() === 'idling');

    step('reconnected after the kick');
    // 2. the server goes away: connections cut, new ones refused
    await proxy.down();
    await until(() => w.state() === 'reconnecting');
    const down = await until(async () => {
      const b = await listed();
      return b.watchState === 'reconnecting' && b.watchError ? b : null;
    });
    expect(down.watchError).toBeTruthy();
    // mail arrives meanwhile (delivered straight into Dovecot), one of them twice under the same Message-ID
    await deliverRaw('reconnect', mail('1'));
    await deliverRaw('reconnect', mail('2'));
    await deliverRaw('reconnect', mail('2'));
    // several tries fail while it is down, waiting longer each time (back-off), and keep the last error
    const failedBefore = w.connects();
    await new Promise((r) => setTimeout(r, 1_500));
    expect(w.connects()).toBe(failedBefore);
    expect(w.state()).toBe('reconnecting');
    expect(w.lastError()).toBeTruthy();
    expect(await logged()).toHaveLength(0);

    step('down, mail delivered');
    // 3. the server is back: the watcher reconnects and catches up, each mail once
    await proxy.up();
    await until(() => w.state() === 'idling');
    const got = await until(async () => {
      const r = await logged();
      return r.length >= 2 ? r : null;
    });
    expect(got.map((r) => r.subject)).toEqual(['断线期间 1', '断线期间 2']);
    expect(got.every((r) => r.party_id === customer.id)).toBe(true);
    const incoming = await rows<{ n: number; skipped: number }>(t.database.db, sql`select count(*)::int as n from mail_incoming where mailbox_id = ${box.id}`);
    expect(incoming[0]!.n).toBe(2);
    const back = await until(async () => {
      const b = await listed();
      return b.watchState === 'idling' ? b : null;
    });
    expect(back.watchError).toBeNull();

    step('caught up');
    // and it listens again: a new mail is logged without any poll
    await deliverRaw('reconnect', mail('3'));
    await until(async () => (await logged()).length === 3);
    // reading again finds nothing new (nothing twice)
    await watchers.close();
    close = () => proxy.down().catch(() => undefined);
    const again = (await admin.post(`/api/mail/mailboxes/${box.id}/poll`)).json();
    expect(again).toMatchObject({ fetched: 0, logged: 0 });
    expect(await logged()).toHaveLength(3);
  }, 300_000);
});

if (unavailable) {
  describe('IMAP IDLE reconnect', () => {
    // only without Dovecot on 127.0.0.1 (npx tsx server/mail/dev/main.ts dovecot); under CI=1 the file throws instead of skipping
    it.skip(`skipped: ${unavailable}`, () => undefined);
  });
}
