import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../server/platform/db/client.js';
import { drainOutbox } from '../../server/platform/outbox/outbox.js';
import { insertNotification } from '../../server/notifications/index.js';
import { dingtalkSign, feishuSign, runDigest } from '../../server/mail/index.js';
import { notificationTexts } from '../../server/mail/notification-texts.js';
import { siteCalendar } from '../../server/calendar/index.js';
import { adminClient, engines, expectProblem, testApp, userWithRoles } from '../support/harness.js';
import { DEV_MAIL_PASSWORD } from '../../server/mail/dev/dovecot.js';
import { DEV_SMTP_USER, startDevSmtpReceiver, type DevSmtpReceiver } from '../../server/mail/dev/smtp-receiver.js';
import { clearInbox, inbox, mailServersUnavailable } from '../../server/mail/dev/testing.js';
import { zhCN } from '../../web/src/i18n/zh-CN.js';
import { enUS } from '../../web/src/i18n/en-US.js';

/**
 * Notifications by mail (immediate / digest / off per kind, escalations always) against the real SMTP receiver and
 * Dovecot, and the group robots (WeCom, DingTalk, Feishu) against a local HTTP receiver that checks each format and
 * signature as the robot's server does.
 */
const unavailable = await mailServersUnavailable();
if (unavailable && process.env.CI) throw new Error(`CI must run the mail tests: ${unavailable}`);

const ok = async (res: Promise<{ statusCode: number; body: string; json(): unknown }>) => {
  const r = await res;
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as Record<string, any>;
};

it("the mail texts of notifications are the bell's texts", () => {
  const web = { zh: (zhCN as any).notifications.messages, en: (enUS as any).notifications.messages };
  expect(notificationTexts.zh).toEqual(web.zh);
  expect(notificationTexts.en).toEqual(web.en);
});

interface Received {
  path: string;
  query: URLSearchParams;
  body: any;
  verdict: string;
}

/** A robot server on 127.0.0.1: answers as WeCom / DingTalk / Feishu do, refusing a wrong format or signature. */
async function startRobotReceiver(secrets: { dingtalk: string; feishu: string }) {
  const received: Received[] = [];
  let failNext = 0;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const body = JSON.parse(raw || '{}');
      let verdict = 'ok';
      if (url.pathname === '/cgi-bin/webhook/send') {
        if (!url.searchParams.get('key') || body.msgtype !== 'markdown' || typeof body.markdown?.content !== 'string') verdict = 'bad wecom format';
      } else if (url.pathname === '/robot/send') {
        const ts = Number(url.searchParams.get('timestamp'));
        if (body.msgtype !== 'markdown' || typeof body.markdown?.title !== 'string' || typeof body.markdown?.text !== 'string') verdict = 'bad dingtalk format';
        else if (url.searchParams.get('sign') !== dingtalkSign(secrets.dingtalk, ts) || Math.abs(Date.now() - ts) > 3_600_000) verdict = 'bad dingtalk sign';
      } else if (url.pathname.startsWith('/open-apis/bot/v2/hook/')) {
        const ts = Number(body.timestamp);
        if (body.msg_type !== 'text' || typeof body.content?.text !== 'string') verdict = 'bad feishu format';
        else if (body.sign !== feishuSign(secrets.feishu, ts) || Math.abs(Date.now() / 1000 - ts) > 3600) verdict = 'bad feishu sign';
      } else verdict = 'unknown path';
      received.push({ path: url.pathname, query: url.searchParams, body, verdict });
      if (failNext > 0) {
        failNext--;
        res.writeHead(502).end('bad gateway');
        return;
      }
      const feishu = url.pathname.startsWith('/open-apis');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(
          verdict === 'ok'
            ? feishu
              ? { code: 0, msg: 'success' }
              : { errcode: 0, errmsg: 'ok' }
            : feishu
              ? { code: 19021, msg: verdict }
              : { errcode: 310000, errmsg: verdict },
        ),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  return { port, received, failOnce: () => (failNext = 1), close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe.skipIf(!!unavailable).each(engines())('notifications by mail and to group robots on %s', (engine) => {
  let smtp: DevSmtpReceiver;
  beforeAll(async () => {
    smtp = await startDevSmtpReceiver();
  });
  afterAll(async () => smtp?.close());

  async function setup() {
    const t = await testApp(engine);
    const { api: admin } = await adminClient(t.app);
    // li@ and wang@ land in the dev mailbox catchall, which no other test file reads (files run in parallel)
    await clearInbox('catchall');
    const settings = (await admin.get('/api/mail/settings')).json();
    await ok(
      admin.put('/api/mail/settings', {
        version: settings.version,
        smtpHost: '127.0.0.1',
        smtpPort: smtp.port,
        smtpSecurity: 'none',
        smtpUser: DEV_SMTP_USER,
        password: DEV_MAIL_PASSWORD,
        fromAddress: 'accord@accord.test',
        fromName: 'Accord',
        senders: [],
        signature: { zh: '', en: '' },
        digestHour: 9,
      }),
    );
    const li = await userWithRoles(t.app, admin, 'li-sales', ['staff']);
    const wang = await userWithRoles(t.app, admin, 'wang-sales', ['staff']);
    await t.database.db.execute(sql`update users set work_email = 'li@accord.test' where id = ${li.id}`);
    await t.database.db.execute(sql`update users set work_email = 'wang@accord.test' where id = ${wang.id}`);
    const notify = (userId: string, v: { refType: string; refId: string; messageKey: string; params: Record<string, string> }) =>
      t.database.db.transaction(async (tx) => insertNotification(tx, { userId, ...v }));
    return { ...t, admin, li, wang, notify };
  }

  it('mails each kind as the user chose (immediate, digest, off), escalations always, and names no record the user cannot open', async () => {
    const s = await setup();
    const mine = await ok(s.li.api.get('/api/me/notification-mail'));
    expect(mine).toMatchObject({
      sendTo: 'li@accord.test',
      digestHour: 9,
      alwaysMailed: ['escalation'],
      modes: { escalation: 'immediate', assignment: 'immediate', deadline: 'digest' },
    });
    expectProblem(await s.li.api.put('/api/me/notification-mail', { version: mine.version, modes: { escalation: 'off' } }), 422, 'NOTIFICATION_ALWAYS_MAILED');
    const saved = await ok(s.li.api.put('/api/me/notification-mail', { version: mine.version, modes: { assignment: 'off', quotation: 'immediate' } }));
    expect(saved.modes).toMatchObject({ assignment: 'off', quotation: 'immediate', deadline: 'digest' });
    expectProblem(await s.li.api.put('/api/me/notification-mail', { version: mine.version, modes: { order: 'off' } }), 409, 'VERSION_CONFLICT');
    // another user's choice is their own
    expect((await ok(s.wang.api.get('/api/me/notification-mail'))).modes.assignment).toBe('immediate');

    const dueAt = new Date('2026-12-08T09:30:00Z').toISOString();
    await s.notify(s.li.id, {
      refType: 'quotation',
      refId: crypto.randomUUID(),
      messageKey: 'quotation.accepted',
      params: { title: 'Q-2026-0007 R1 深圳华强电子有限公司' },
    });
    await s.notify(s.li.id, {
      refType: 'action',
      refId: crypto.randomUUID(),
      messageKey: 'action.assigned',
      params: { title: 'A00001 更换治具', dueDate: '2026-12-10' },
    });
    await s.notify(s.li.id, {
      refType: 'complaint',
      refId: crypto.randomUUID(),
      messageKey: 'clock.dueSoon',
      params: { title: 'CC-2026-0003 端子氧化', dueAt, step: '', percent: '75' },
    });
    await s.notify(s.li.id, {
      refType: 'complaint',
      refId: crypto.randomUUID(),
      messageKey: 'clock.escalated',
      params: { title: 'CC-2026-0004 尺寸超差', dueAt, step: '', percent: '150' },
    });
    // a record type staff cannot read (webhooks are administration): the mail does not name it
    await s.notify(s.li.id, { refType: 'webhook', refId: crypto.randomUUID(), messageKey: 'webhook.disabled', params: { name: 'ERP 同步', failures: '5' } });
    await drainOutbox(s.database.db);
    await drainOutbox(s.database.db);

    const got = await inbox('catchall');
    const subjects = got.map((m) => m.subject).sort();
    expect(subjects).toEqual(
      [
        '[Accord] 报价结果：客户接受 Q-2026-0007 R1 深圳华强电子有限公司',
        '[Accord] 您有一条关于Webhook 订阅的新通知（您无权查看该记录，请在 Accord 中查看）',
        '[Accord] 逾期升级（时限已用 150%）：CC-2026-0004 尺寸超差（期限 2026年12月8日 17:30）',
      ].sort(),
    );
    const all = got.map((m) => `${m.subject}\n${m.text}`).join('\n');
    expect(all).not.toContain('更换治具'); // off
    expect(all).not.toContain('端子氧化'); // waits for the digest
    expect(all).not.toContain('ERP 同步');
    expect(got[0]!.text).toContain('/account/notifications');
    const states = await rows<{ key: string; state: string }>(
      s.database.db,
      sql`select message_key as key, mail_state as state from notifications order by message_key`,
    );
    expect(states).toEqual([
      { key: 'action.assigned', state: 'off' },
      { key: 'clock.dueSoon', state: 'digest' },
      { key: 'clock.escalated', state: 'mailed' },
      { key: 'quotation.accepted', state: 'mailed' },
      { key: 'webhook.disabled', state: 'mailed' },
    ]);
    // a drain again sends nothing twice
    await drainOutbox(s.database.db);
    expect(await inbox('catchall')).toHaveLength(3);
  });

  it('sends the digest once a working day at the configured hour, once however many instances run it', async () => {
    const s = await setup();
    const dueAt = new Date('2026-12-08T09:30:00Z').toISOString();
    await s.notify(s.li.id, {
      refType: 'complaint',
      refId: crypto.randomUUID(),
      messageKey: 'clock.dueSoon',
      params: { title: 'CC-2026-0003 端子氧化', dueAt, step: '', percent: '75' },
    });
    await s.notify(s.li.id, {
      refType: 'order',
      refId: crypto.randomUUID(),
      messageKey: 'order.planReported',
      params: { title: 'SO-2026-0009 深圳华强', plan: '12月15日交 5000 件' },
    });
    await drainOutbox(s.database.db);
    expect(await inbox('catchall')).toHaveLength(0);

    const cal = await siteCalendar(s.database.db);
    // 2026-12-06 is a Sunday; 2026-12-07 a Monday (working day): 08:59 is before the hour, 09:00 is it
    expect(cal.isWorkingDay('2026-12-06')).toBe(false);
    expect(await runDigest(s.database.db, cal.toInstant('2026-12-06', 10 * 60))).toBeNull();
    expect(await runDigest(s.database.db, cal.toInstant('2026-12-07', 8 * 60 + 59))).toBeNull();
    const at = cal.toInstant('2026-12-07', 9 * 60);
    const runs = await Promise.all([runDigest(s.database.db, at), runDigest(s.database.db, at)]);
    expect(runs.filter(Boolean)).toEqual([{ day: '2026-12-07', mails: 1 }]);
    expect(await runDigest(s.database.db, cal.toInstant('2026-12-07', 15 * 60))).toBeNull();
    await drainOutbox(s.database.db);
    const got = await inbox('catchall');
    expect(got.map((m) => m.subject)).toEqual(['[Accord] 每日通知摘要 2026-12-07（2 条）']);
    expect(got[0]!.text).toContain('即将到期：CC-2026-0003 端子氧化');
    expect(got[0]!.text).toContain('交货计划汇报：SO-2026-0009 深圳华强');
    // the next working day has nothing new to send
    expect(await runDigest(s.database.db, cal.toInstant('2026-12-08', 9 * 60))).toEqual({ day: '2026-12-08', mails: 0 });
  });

  it("posts to the department's WeCom, DingTalk and Feishu robots in their formats, signed, once per event, with retries", async () => {
    const s = await setup();
    const secrets = { dingtalk: 'SEC-dingtalk-secret-0123', feishu: 'feishu-secret-4567' };
    const robot = await startRobotReceiver(secrets);
    try {
      const depts = (await ok(s.admin.get('/api/departments'))) as any;
      const sales = (depts.items ?? depts).find((d: { code: string }) => d.code === 'sales');
      const base = `http://127.0.0.1:${robot.port}`;
      const wecom = await ok(
        s.admin.post('/api/mail/robots', {
          departmentId: sales.id,
          provider: 'wecom',
          name: '销售群',
          url: `${base}/cgi-bin/webhook/send?key=abc-123`,
          kinds: ['quotation', 'escalation'],
        }),
      );
      const ding = await ok(
        s.admin.post('/api/mail/robots', {
          departmentId: sales.id,
          provider: 'dingtalk',
          name: '销售钉钉群',
          url: `${base}/robot/send?access_token=tok`,
          secret: secrets.dingtalk,
          kinds: ['escalation'],
        }),
      );
      await ok(
        s.admin.post('/api/mail/robots', {
          departmentId: sales.id,
          provider: 'feishu',
          name: '销售飞书群',
          url: `${base}/open-apis/bot/v2/hook/hook-1`,
          secret: secrets.feishu,
          kinds: ['escalation'],
        }),
      );
      expect(wecom).toMatchObject({ secretSet: false, active: true });
      expect(ding.secretSet).toBe(true);
      const stored = await rows<{ enc: string }>(s.database.db, sql`select secret_enc as enc from notification_robots where provider = 'dingtalk'`);
      expect(stored[0]!.enc).toMatch(/^v1:/);
      expect(JSON.stringify(await rows(s.database.db, sql`select * from notification_robots`))).not.toContain(secrets.dingtalk);
      expect(JSON.stringify(await rows(s.database.db, sql`select after from audit_log where ref_type = 'notification-robot'`))).not.toContain(secrets.dingtalk);
      // a robot test message answers at once
      await ok(s.admin.post(`/api/mail/robots/${ding.id}/test`));
      expect(robot.received.map((r) => r.verdict)).toEqual(['ok']);
      robot.received.length = 0;
      // staff cannot configure robots
      expectProblem(await s.li.api.get('/api/mail/robots'), 403, 'FORBIDDEN');

      // the same escalation reaches two colleagues of the department: each robot posts it once
      const ref = crypto.randomUUID();
      const params = { title: 'CC-2026-0004 尺寸超差', dueAt: new Date().toISOString(), step: '', percent: '150', unitPrice: '12.50' };
      await s.database.db.transaction(async (tx) => {
        await insertNotification(tx, { userId: s.li.id, refType: 'complaint', refId: ref, messageKey: 'clock.escalated', params });
        await insertNotification(tx, { userId: s.wang.id, refType: 'complaint', refId: ref, messageKey: 'clock.escalated', params });
      });
      // an assignment: no robot takes that kind
      await s.notify(s.li.id, {
        refType: 'action',
        refId: crypto.randomUUID(),
        messageKey: 'action.assigned',
        params: { title: 'A00001 更换治具', dueDate: '2026-12-10' },
      });
      robot.failOnce();
      await drainOutbox(s.database.db);
      await drainOutbox(s.database.db);
      expect(robot.received.map((r) => r.verdict)).toEqual(['ok', 'ok', 'ok']);
      expect(robot.received.map((r) => r.path).sort()).toEqual(['/cgi-bin/webhook/send', '/open-apis/bot/v2/hook/hook-1', '/robot/send']);
      const texts = robot.received.map((r) => JSON.stringify(r.body));
      for (const t of texts) expect(t).toContain('CC-2026-0004 尺寸超差');
      expect(texts.join()).not.toContain('更换治具');
      expect(texts.join()).not.toContain('12.50');
      // the first post got a 502: it waits for its back-off, then goes once
      const deliveries = await rows<{ status: string; attempts: number }>(s.database.db, sql`select status, attempts from robot_deliveries order by status`);
      expect(deliveries).toEqual([
        { status: 'queued', attempts: 1 },
        { status: 'sent', attempts: 1 },
        { status: 'sent', attempts: 1 },
      ]);
      await s.database.db.execute(sql`update outbox set run_after = now() where processed_at is null and topic = 'robot.send'`);
      await Promise.all([drainOutbox(s.database.db), drainOutbox(s.database.db)]);
      await drainOutbox(s.database.db);
      expect(robot.received).toHaveLength(4);
      expect(robot.received[3]!.verdict).toBe('ok');
      expect((await rows<{ status: string }>(s.database.db, sql`select status from robot_deliveries`)).map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
      // a wrong secret: the test names the robot's refusal
      await ok(
        s.admin.put(`/api/mail/robots/${ding.id}`, {
          version: ding.version,
          departmentId: sales.id,
          provider: 'dingtalk',
          name: '销售钉钉群',
          url: `${base}/robot/send?access_token=tok`,
          secret: 'wrong',
          kinds: ['escalation'],
          active: true,
        }),
      );
      const refused = expectProblem(await s.admin.post(`/api/mail/robots/${ding.id}/test`), 422, 'ROBOT_SEND_FAILED');
      expect(JSON.stringify(refused.errors)).toContain('bad dingtalk sign');
    } finally {
      await robot.close();
    }
  });
});
