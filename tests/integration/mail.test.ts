import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { PDFParse } from 'pdf-parse';
import { rows } from '../../server/platform/db/client.js';
import { drainOutbox } from '../../server/platform/outbox/outbox.js';
import { adminClient, client, engines, expectProblem, testApp, userWithRoles, type Client } from '../support/harness.js';
import { siteCalendar } from '../../server/calendar/index.js';
import { jpegBytes, upload } from '../support/multipart.js';
import { defaultSurveyTemplate } from '../../contracts/surveys.js';
import { DEV_IMAP_PORT, DEV_MAIL_PASSWORD, portOpen } from '../../server/mail/dev/dovecot.js';
import { DEV_SMTP_USER, startDevSmtpReceiver, type DevSmtpReceiver } from '../../server/mail/dev/smtp-receiver.js';
import { clearInbox, deliverRaw, inbox, mailServersUnavailable } from '../../server/mail/dev/testing.js';

/**
 * E-mail against real servers: Debian's Dovecot on 127.0.0.1:11143 (started by .ci/run or npm run dev:mail) and an
 * in-process SMTP receiver (smtp-server) that files what it accepts into Dovecot. Skipped with the reason when Dovecot
 * is absent — except in CI, which must have it.
 */
const unavailable = await mailServersUnavailable();
if (unavailable && process.env.CI) throw new Error(`CI must run the mail tests: ${unavailable}`);

const ok = async (res: Promise<{ statusCode: number; body: string; json(): unknown }>) => {
  const r = await res;
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as Record<string, any>;
};

async function closedPort(): Promise<number> {
  for (let p = 2599; p > 2500; p--) if (!(await portOpen(p))) return p;
  throw new Error('no closed port');
}

// skipped only without a Dovecot on 127.0.0.1:11143 (npm run dev:mail starts one; .ci/run does, and with CI set fails instead)
describe.skipIf(!!unavailable).each(engines())('mail on %s', (engine) => {
  let smtp: DevSmtpReceiver;
  beforeAll(async () => {
    smtp = await startDevSmtpReceiver();
  });
  afterAll(async () => smtp?.close());

  async function setup() {
    const t = await testApp(engine);
    const { api: admin } = await adminClient(t.app);
    for (const u of ['customer', 'buyer', 'sales']) await clearInbox(u);
    const settings = (await admin.get('/api/mail/settings')).json();
    await ok(
      admin.put('/api/mail/settings', {
        version: settings.version,
        smtpHost: '127.0.0.1',
        smtpPort: smtp.port,
        smtpSecurity: 'none',
        smtpUser: DEV_SMTP_USER,
        password: DEV_MAIL_PASSWORD,
        fromAddress: 'sales@accord.test',
        fromName: '瑞源销售部',
        senders: [],
        signature: { zh: '瑞源精密电子 销售部', en: 'Ruiyuan Precision, Sales' },
      }),
    );
    const customer = await ok(
      admin.post('/api/customers', {
        code: 'SZ-01',
        nameZh: '深圳华强电子有限公司',
        nameEn: 'Shenzhen Huaqiang Electronics',
        contacts: [
          { name: '刘工', title: 'SQE', email: 'customer@accord.test' },
          { name: '王采购', title: 'Buyer', email: 'buyer@huaqiang.test' },
        ],
      }),
    );
    return { ...t, admin, customer };
  }
  type S = Awaited<ReturnType<typeof setup>>;

  async function putSettings(s: S, over: Record<string, unknown>) {
    const cur = (await s.admin.get('/api/mail/settings')).json();
    const { passwordSet, passwordUnreadable, ...rest } = cur;
    void passwordSet;
    void passwordUnreadable;
    return ok(s.admin.put('/api/mail/settings', { ...rest, ...over }));
  }

  it("keeps the SMTP password encrypted, sends a test mail, and names what went wrong in the user's language", async () => {
    const s = await setup();
    const settings = (await s.admin.get('/api/mail/settings')).json();
    expect(settings).toMatchObject({ smtpHost: '127.0.0.1', passwordSet: true, passwordUnreadable: false });
    expect(JSON.stringify(settings)).not.toContain(DEV_MAIL_PASSWORD);
    const [stored] = await rows<{ enc: string }>(s.database.db, sql`select smtp_password_enc as enc from mail_settings`);
    expect(stored!.enc).toMatch(/^v1:/);
    expect(stored!.enc).not.toContain(DEV_MAIL_PASSWORD);
    const audit = await rows<{ after: unknown }>(s.database.db, sql`select after from audit_log where ref_type = 'mail-settings'`);
    expect(JSON.stringify(audit)).not.toContain(DEV_MAIL_PASSWORD);

    const sent = await ok(s.admin.post('/api/mail/settings/test', { to: 'customer@accord.test', language: 'zh-CN' }));
    const got = await inbox('customer');
    expect(got.map((m) => [m.messageId, m.subject])).toEqual([[sent.messageId, 'Accord 测试邮件']]);

    // a wrong password, a closed port, a name that does not resolve, TLS against a plain server
    await putSettings(s, { password: 'wrong-password' });
    const auth = expectProblem(await s.admin.post('/api/mail/settings/test', { to: 'customer@accord.test' }), 422, 'MAIL_AUTH_FAILED');
    expect(auth.detail).toContain('用户名或密码');
    await putSettings(s, { password: DEV_MAIL_PASSWORD, smtpPort: await closedPort() });
    expectProblem(await s.admin.post('/api/mail/settings/test', { to: 'customer@accord.test' }), 422, 'MAIL_CONNECTION_REFUSED');
    await putSettings(s, { smtpHost: 'no-such-host.invalid', smtpPort: smtp.port });
    expectProblem(await s.admin.post('/api/mail/settings/test', { to: 'customer@accord.test' }), 422, 'MAIL_HOST_NOT_FOUND');
    await putSettings(s, { smtpHost: '127.0.0.1', smtpSecurity: 'tls' });
    const tls = await s.admin.call('POST', '/api/mail/settings/test', { to: 'customer@accord.test' });
    expect(tls.statusCode).toBe(422);
    expect(tls.json().code).toBe('MAIL_TLS_FAILED');
    // settings are administration
    const staff = await userWithRoles(s.app, s.admin, 'li-sales', ['staff']);
    expectProblem(await staff.api.get('/api/mail/settings'), 403, 'FORBIDDEN');
  });

  it('a user edits a template before sending; the outbox sends it once, logs it on the customer with its Message-ID', async () => {
    const s = await setup();
    const sales = await userWithRoles(s.app, s.admin, 'li-sales', ['staff', 'sales-clerk']);
    const contact = s.customer.contacts.find((c: { name: string }) => c.name === '刘工');
    const composed = await ok(
      sales.api.post('/api/mail/compose', { templateKey: 'general', ref: { type: 'customer', id: s.customer.id }, contactId: contact.id }),
    );
    expect(composed.subject).toBe('[SZ-01] ');
    expect(composed.body).toContain('刘工，您好');
    const queued = await ok(
      sales.api.post('/api/mail/send', {
        templateKey: 'general',
        ref: { type: 'customer', id: s.customer.id },
        contactId: contact.id,
        language: 'zh-CN',
        subject: '[SZ-01] 样品寄出通知',
        body: `${composed.body}\n样品已于今日寄出。`,
      }),
    );
    expect(queued).toMatchObject({ status: 'queued', email: 'customer@accord.test', attempts: 0 });
    expect(await drainOutbox(s.database.db)).toBeGreaterThan(0);
    const [sentRow] = (await s.admin.get('/api/mail/queue?status=sent')).json().items;
    expect(sentRow).toMatchObject({ id: queued.id, status: 'sent', attempts: 1, messageId: queued.messageId });
    const got = await inbox('customer');
    expect(got).toHaveLength(1);
    expect(got[0]!.messageId).toBe(queued.messageId);
    expect(got[0]!.subject).toBe('[SZ-01] 样品寄出通知');
    expect(got[0]!.text).toContain('样品已于今日寄出');
    expect(got[0]!.text).toContain('瑞源精密电子 销售部');
    const comm = await ok(sales.api.get(`/api/communications/${sentRow.communicationId}`));
    expect(comm).toMatchObject({ direction: 'out', channel: 'email', subject: '[SZ-01] 样品寄出通知' });
    expect(comm.content).toContain(`Message-ID: ${queued.messageId}`);
    // a second drain sends nothing more
    await drainOutbox(s.database.db);
    expect(await inbox('customer')).toHaveLength(1);
    // without contacts.personal.read the address is not shown
    const plain = await userWithRoles(s.app, s.admin, 'zhao-staff', ['staff']);
    const mails = (await plain.api.get(`/api/mail/records/customer/${s.customer.id}`)).json();
    expect(mails.items).toHaveLength(1);
    expect(mails.items[0].email).toBeUndefined();
  });

  it('retries with back-off, shows a failed mail on the queue, sends it once the server is back; two drainers never send twice', async () => {
    const s = await setup();
    const contact = s.customer.contacts.find((c: { name: string }) => c.name === '刘工');
    await putSettings(s, { smtpPort: await closedPort() });
    const queued = await ok(
      s.admin.post('/api/mail/send', {
        templateKey: 'general',
        ref: { type: 'customer', id: s.customer.id },
        contactId: contact.id,
        language: 'en-US',
        subject: 'Delivery note',
        body: 'Hello',
      }),
    );
    await drainOutbox(s.database.db);
    let row = (await s.admin.get('/api/mail/queue')).json().items[0];
    expect(row).toMatchObject({ status: 'queued', attempts: 1, lastErrorCode: 'MAIL_CONNECTION_REFUSED' });
    const wait = Date.parse(row.nextAttemptAt) - Date.now();
    expect(wait).toBeGreaterThan(50_000);
    // not due yet: a drain does not try again
    await drainOutbox(s.database.db);
    expect((await s.admin.get('/api/mail/queue')).json().items[0].attempts).toBe(1);
    // the server comes back; the administrator sends it now
    await putSettings(s, { smtpPort: smtp.port });
    await ok(s.admin.post(`/api/mail/queue/${queued.id}/retry`));
    await drainOutbox(s.database.db);
    row = (await s.admin.get('/api/mail/queue')).json().items[0];
    expect(row).toMatchObject({ status: 'sent' });
    expectProblem(await s.admin.post(`/api/mail/queue/${queued.id}/retry`), 409, 'MAIL_NOT_RETRYABLE');

    // a recipient the server refuses outright: failed at once, visible on the record
    await clearInbox('customer');
    for (let i = 0; i < 6; i++) {
      await ok(
        s.admin.post('/api/mail/send', {
          templateKey: 'general',
          ref: { type: 'customer', id: s.customer.id },
          contactId: contact.id,
          language: 'zh-CN',
          subject: `通知 ${i}`,
          body: '正文',
        }),
      );
    }
    // two instances drain at once (PostgreSQL: two connections; PGlite: one, serialised)
    await Promise.all([drainOutbox(s.database.db), drainOutbox(s.database.db)]);
    await drainOutbox(s.database.db);
    const got = await inbox('customer');
    expect(got.map((m) => m.subject).sort()).toEqual([0, 1, 2, 3, 4, 5].map((i) => `通知 ${i}`));
    expect(new Set(got.map((m) => m.messageId)).size).toBe(6);
  });

  it('claims a mail in one short transaction, talks SMTP outside any transaction, records the result in another; a second instance leaves the claim alone; an expired claim is sent again', async () => {
    const s = await setup();
    const contact = s.customer.contacts.find((c: { name: string }) => c.name === '刘工');
    const queued = await ok(
      s.admin.post('/api/mail/send', {
        templateKey: 'general',
        ref: { type: 'customer', id: s.customer.id },
        contactId: contact.id,
        language: 'zh-CN',
        subject: '交期通知',
        body: '正文',
      }),
    );
    const before = smtp.accepted();
    // instance A claims the mail and is mid-conversation with the SMTP server (the receiver holds its answer)
    const held = smtp.hold();
    const a = drainOutbox(s.database.db);
    await held.reached;
    // no transaction and no row lock is held while SMTP talks: the mail row can be locked NOWAIT from outside
    await s.database.db.transaction(async (tx) => {
      const [row] = await rows<{ status: string; lease: Date | string }>(
        tx,
        sql`select status, lease_until as lease from mail_messages where id = ${queued.id} for update nowait`,
      );
      expect(row!.status).toBe('sending');
      expect(new Date(row!.lease).getTime()).toBeGreaterThan(Date.now());
    });
    expect((await s.admin.get('/api/mail/queue?status=sending')).json().items.map((m: { id: string }) => m.id)).toEqual([queued.id]);
    expectProblem(await s.admin.post(`/api/mail/queue/${queued.id}/retry`), 409, 'MAIL_NOT_RETRYABLE');
    // instance B drains meanwhile, the mail's outbox row made due again: the claim holds, B sends nothing
    await s.database.db.execute(sql`update outbox set processed_at = null, run_after = null where topic = 'mail.send' and payload->>'id' = ${queued.id}`);
    await drainOutbox(s.database.db);
    expect(smtp.accepted()).toBe(before);
    held.release();
    await a;
    expect(smtp.accepted()).toBe(before + 1);
    const [sent] = await rows<{ status: string; lease: unknown; attempts: number }>(
      s.database.db,
      sql`select status, lease_until as lease, attempts from mail_messages where id = ${queued.id}`,
    );
    expect(sent).toMatchObject({ status: 'sent', lease: null, attempts: 1 });
    // the watchdog row left by the claim finds the mail sent and does nothing
    await s.database.db.execute(sql`update outbox set processed_at = null, run_after = null where topic = 'mail.send' and payload->>'id' = ${queued.id}`);
    await drainOutbox(s.database.db);
    expect(await inbox('customer')).toHaveLength(1);

    // an instance died after claiming (status sending, lease run out, no result written): the watchdog row sends it
    // again — the documented at-least-once edge; a claim still within its lease is left alone
    await clearInbox('customer');
    const orphan = await ok(
      s.admin.post('/api/mail/send', {
        templateKey: 'general',
        ref: { type: 'customer', id: s.customer.id },
        contactId: contact.id,
        language: 'zh-CN',
        subject: '孤儿邮件',
        body: '正文',
      }),
    );
    await s.database.db.execute(sql`update mail_messages set status = 'sending', lease_until = now() + interval '5 minutes' where id = ${orphan.id}`);
    await drainOutbox(s.database.db);
    expect(await inbox('customer')).toHaveLength(0);
    await s.database.db.execute(sql`update mail_messages set lease_until = now() - interval '1 second' where id = ${orphan.id}`);
    await s.database.db.execute(sql`update outbox set processed_at = null, run_after = null where topic = 'mail.send' and payload->>'id' = ${orphan.id}`);
    await drainOutbox(s.database.db);
    const again = await inbox('customer');
    expect(again.map((m) => m.messageId)).toEqual([orphan.messageId]);
    const [row] = (await s.admin.get('/api/mail/queue?status=sent')).json().items.filter((m: { id: string }) => m.id === orphan.id);
    expect(row).toMatchObject({ status: 'sent', attempts: 1 });
    expect(row.lastError).toContain('earlier claim ran out');
  });

  it('a complaint mail with photos → complaint with the photos → closure-confirmation link mailed → the customer confirms; no link stays in the database', async () => {
    const s = await setup();
    const sales = await userWithRoles(s.app, s.admin, 'li-sales', ['staff'], 'sales');
    const qa = await userWithRoles(s.app, s.admin, 'zhou-qa', ['staff'], 'quality');
    const qaManager = await userWithRoles(s.app, s.admin, 'chen-qa-mgr', ['manager'], 'quality');
    const vp = await userWithRoles(s.app, s.admin, 'vp-wu', ['vp'], 'gm-office');
    const production = await userWithRoles(s.app, s.admin, 'prod-he', ['staff'], 'production');
    const contact = s.customer.contacts.find((c: { name: string }) => c.name === '刘工');
    const cal = await siteCalendar(s.database.db);
    const due = cal.addWorkingDays(cal.localDate(new Date()), 3).date;
    const instanceOf = async (api: Client, id: string) => (await api.get(`/api/procedure-instances?refType=complaint&refId=${id}`)).json().items[0];
    const move = async (api: Client, id: string, transitionId: string, extra: Record<string, unknown> = {}) => {
      const i = await instanceOf(api, id);
      return ok(api.post(`/api/procedure-instances/${i.id}/transitions`, { version: i.version, transitionId, ...extra }));
    };
    const get = async (api: Client, id: string) => (await api.get(`/api/complaints/${id}`)).json();
    const put = async (api: Client, id: string, section: string, body: Record<string, unknown>) =>
      ok(api.put(`/api/complaints/${id}/${section}`, { version: (await get(api, id)).version, ...body }));
    const post = async (api: Client, id: string, section: string, body: Record<string, unknown>) =>
      api.post(`/api/complaints/${id}/${section}`, { version: (await get(api, id)).version, ...body });
    // the customer's complaint mail with two photos arrives in the shared mailbox and is logged on the customer
    const box = await ok(
      s.admin.post('/api/mail/mailboxes', {
        name: 'quality@',
        imapHost: '127.0.0.1',
        imapPort: DEV_IMAP_PORT,
        imapSecurity: 'none',
        imapUser: 'sales',
        password: DEV_MAIL_PASSWORD,
      }),
    );
    const photoPart = (name: string) => [
      '--p1',
      `Content-Type: image/jpeg; name="${name}"`,
      `Content-Disposition: attachment; filename="${name}"`,
      'Content-Transfer-Encoding: base64',
      '',
      jpegBytes(name).toString('base64'),
    ];
    await deliverRaw(
      'sales',
      [
        'From: customer@accord.test',
        'To: quality@accord.test',
        `Subject: =?UTF-8?B?${Buffer.from('投诉：RY-2045 批次 L2611-07 输出电压偏低').toString('base64')}?=`,
        'Message-ID: <complaint-1@accord.test>',
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="p1"',
        '',
        '--p1',
        'Content-Type: text/plain; charset=utf-8',
        '',
        '来料检验发现 37 只输出电压偏低，照片见附件。',
        ...photoPart('iqc-1.jpg'),
        ...photoPart('iqc-2.jpg'),
        '--p1--',
        '',
      ].join('\r\n'),
    );
    expect(await ok(s.admin.post(`/api/mail/mailboxes/${box.id}/poll`))).toMatchObject({ logged: 1, triage: 0 });
    const complaintMail = (await sales.api.get(`/api/communications?partyId=${s.customer.id}`))
      .json()
      .items.find((x: { subject: string }) => x.subject === '投诉：RY-2045 批次 L2611-07 输出电压偏低');
    const mailPhotos = (await ok(sales.api.get(`/api/communications/${complaintMail.id}`))).attachments;
    expect(mailPhotos.map((a: { filename: string }) => a.filename).sort()).toEqual(['iqc-1.jpg', 'iqc-2.jpg']);
    // the complaint is taken from the mail with its photos (copied: the mail keeps its own); refusals write nothing
    const intake = {
      partyId: s.customer.id,
      channel: 'email',
      receivedAt: new Date(Date.now() - 3600_000).toISOString(),
      contactId: contact.id,
      model: 'RY-2045',
      lot: 'L2611-07',
      deliveredQuantity: 5000,
      defectiveQuantity: 37,
      description: '来料检验发现 37 只输出电压偏低',
      failureMode: '输出电压偏低',
      remedySought: ['8d-report'],
      originCommunicationId: complaintMail.id,
      originAttachmentIds: mailPhotos.map((a: { id: string }) => a.id),
    };
    const noOrigin = expectProblem(await sales.api.post('/api/complaints', { ...intake, originCommunicationId: null }), 400, 'VALIDATION_FAILED');
    expect(noOrigin.errors!.map((e) => e.path)).toEqual(['body.originCommunicationId']);
    const photoUpload = (await upload(s.app, sales.session, 'other.jpg', jpegBytes('other'), 'image/jpeg')).json();
    const foreign = expectProblem(await sales.api.post('/api/complaints', { ...intake, originAttachmentIds: [photoUpload.id] }), 422, 'ATTACHMENT_NOT_FOUND');
    expect(foreign.errors!.map((e) => e.path)).toEqual(['body.originAttachmentIds.0']);
    expect((await rows<{ n: number }>(s.database.db, sql`select count(*)::int as n from complaints`))[0]!.n).toBe(0);
    const c = await ok(sales.api.post('/api/complaints', intake));
    expect(c.originCommunication).toMatchObject({ id: complaintMail.id });
    expect(c.attachments.map((a: { filename: string; sha256: string }) => [a.filename, a.sha256]).sort()).toEqual(
      mailPhotos.map((a: { filename: string; sha256: string }) => [a.filename, a.sha256]).sort(),
    );
    expect((await ok(sales.api.get(`/api/communications/${complaintMail.id}`))).attachments).toHaveLength(2);
    await move(sales.api, c.id, 'acknowledge', { fields: { acknowledgement: '已收到投诉。' } });
    await put(qa.api, c.id, 'assessment', { severity: 'major', safetyRegulatory: false, customerImpact: ['sorting-at-customer'], path: 'full-8d' });
    await move(qa.api, c.id, 'submit-assessment');
    await move(vp.api, c.id, 'approve-8d');
    await move(qa.api, c.id, 'd0-full-8d', { fields: { symptom: '客户 IQC 满载测试输出电压 11.2V', emergencyResponse: '在库品冻结，派 2 人到客户处挑选' } });
    await put(qa.api, c.id, 'team', { leaderId: qaManager.id, members: [{ userId: qa.id, role: 'QE' }] });
    await move(qaManager.api, c.id, 'approve-d1');
    await put(qa.api, c.id, 'problem', { what: '电压低', where: '客户 IQC', when: '2026-11-26', who: 'IQC', why: '老化', how: '满载', howMany: '37/5000' });
    await move(qaManager.api, c.id, 'approve-d2');
    for (const location of ['customer', 'in-transit', 'warehouse', 'wip', 'supplier'])
      await ok(post(qa.api, c.id, 'containment', { location, description: '全检', quantityChecked: 100, quantityFound: 0 }));
    await move(qaManager.api, c.id, 'approve-d3');
    const photo = (await upload(s.app, qa.session, 'teardown.jpg', jpegBytes('teardown'), 'image/jpeg')).json();
    await put(qa.api, c.id, 'root-cause', {
      method: '5-why',
      occurrenceCause: 'R12 错',
      escapePoint: '终检只测空载',
      analysis: '5 why',
      evidenceAttachmentIds: [photo.id],
    });
    await move(qaManager.api, c.id, 'approve-d4');
    await ok(post(qa.api, c.id, 'actions', { title: '料架防错', ownerId: production.id, department: 'production', dueDate: due }));
    await put(qa.api, c.id, 'effectiveness', { method: '跟踪 3 批', criterion: '零不良', plannedDate: due, verifierId: qa.id });
    await move(qaManager.api, c.id, 'approve-d5');
    const action = (await get(qa.api, c.id)).actions[0];
    await ok(production.api.post(`/api/actions/${action.id}/complete`, { version: action.version, evidence: '已完成' }));
    await move(qaManager.api, c.id, 'approve-d6');
    await put(qa.api, c.id, 'prevention', {
      similarReviewed: '已查',
      pfmea: { answer: 'updated', revision: 'C' },
      controlPlan: { answer: 'updated', revision: 'B' },
    });
    await move(qaManager.api, c.id, 'approve-d7');
    await move(qa.api, c.id, 'confirm-effective', { fields: { effectivenessNote: '3 批零不良' } });

    // the user reads the template filled in from the complaint, edits it, and sends the link by mail
    const composed = await ok(qa.api.post('/api/mail/compose', { templateKey: 'complaint-confirmation', ref: { type: 'complaint', id: c.id } }));
    expect(composed.contactId).toBe(contact.id);
    expect(composed.pending).toEqual(['link']);
    expect(composed.body).toContain(c.number);
    expect(composed.body).toContain('{{link}}');
    await ok(
      post(qa.api, c.id, 'customer-links', {
        days: 7,
        channel: 'email',
        mail: { language: 'zh-CN', subject: composed.subject, body: `${composed.body}\n（已更新 PFMEA C 版）` },
      }),
    );
    await drainOutbox(s.database.db);
    const [mail] = await inbox('customer');
    expect(mail!.subject).toBe(`投诉 ${c.number} 的 8D 报告请您确认 [${c.number}]`);
    expect(mail!.text).toContain('（已更新 PFMEA C 版）');
    const link = mail!.text!.match(/http:\/\/localhost:3000\/c\/([A-Za-z0-9_-]{43})/);
    expect(link, mail!.text).toBeTruthy();
    // the link lives only in the mail: the queue row keeps the placeholder and no secret, the log no link
    const [row] = await rows<{ body: string; secrets: string | null; status: string }>(
      s.database.db,
      sql`select body, secrets_enc as secrets, status from mail_messages`,
    );
    expect(row).toMatchObject({ status: 'sent', secrets: null });
    expect(row!.body).toContain('{{link}}');
    const dump = await rows<{ t: string }>(s.database.db, sql`select string_agg(content, ' ') as t from communications`);
    expect(dump[0]!.t).not.toContain(link![1]!);
    // the customer opens the link from the mail and accepts
    const anon = client(s.app, null, 'zh-CN');
    expect((await anon.get(`/api/customer-links/${link![1]}`)).statusCode).toBe(200);
    await ok(anon.post(`/api/customer-links/${link![1]}/answer`, { result: 'accepted', comment: '同意结案', signedBy: '刘工' }));
    expect((await get(qa.api, c.id)).confirmations.map((x: { result: string }) => x.result)).toEqual(['accepted']);
    // the customer's mail reply with the complaint number in the subject threads onto the complaint
    await deliverRaw(
      'sales',
      `From: someone@elsewhere.test\r\nTo: quality@accord.test\r\nSubject: =?UTF-8?B?${Buffer.from(`回复：[${c.number}] 照片`).toString('base64')}?=\r\nMessage-ID: <photo-1@elsewhere.test>\r\n\r\n见附件\r\n`,
    );
    expect(await ok(s.admin.post(`/api/mail/mailboxes/${box.id}/poll`))).toMatchObject({ logged: 1, triage: 0 });
    const onComplaint = (await qa.api.get(`/api/communications?linkType=complaint&linkId=${c.id}`)).json();
    expect(onComplaint.items.some((x: { direction: string; subject: string }) => x.direction === 'in' && x.subject === `回复：[${c.number}] 照片`)).toBe(true);
  });

  it("mails survey invitations in each contact's language with the link filled in as it leaves; a contact without an address is refused, nothing written", async () => {
    const s = await setup();
    const clerk = await userWithRoles(s.app, s.admin, 'clerk', ['staff'], 'sales');
    const template = await ok(clerk.api.post('/api/survey-templates', defaultSurveyTemplate));
    const other = await ok(s.admin.post('/api/customers', { code: 'SZ-02', nameZh: '深圳恒通电子有限公司', contacts: [{ name: '李小姐' }] }));
    const liu = s.customer.contacts.find((c: { name: string }) => c.name === '刘工');
    const tpl = (await clerk.api.get('/api/mail/templates')).json().items.find((t: { key: string }) => t.key === 'survey-invitation');
    const mail = { zh: { subject: tpl.subject.zh, body: tpl.body.zh }, en: { subject: tpl.subject.en, body: `${tpl.body.en}\nP.S. edited` } };
    const base = {
      title: '年度顾客满意度调查',
      templateId: template.id,
      periodFrom: '2026-01-01',
      periodTo: '2026-11-30',
      responseDeadline: '2026-12-31',
      mail,
    };
    const before = (await rows<{ n: number }>(s.database.db, sql`select count(*)::int as n from survey_campaigns`))[0]!.n;
    const refused = expectProblem(
      await clerk.api.post('/api/survey-campaigns', {
        ...base,
        recipients: [
          { partyId: s.customer.id, contactId: liu.id, language: 'en-US' },
          { partyId: other.id, contactId: other.contacts[0].id },
        ],
      }),
      422,
      'MAIL_CONTACT_NO_ADDRESS',
    );
    expect(refused.errors!.map((e) => e.path)).toEqual(['body.recipients.1.contactId']);
    expect((await rows<{ n: number }>(s.database.db, sql`select count(*)::int as n from survey_campaigns`))[0]!.n).toBe(before);
    const created = await ok(
      clerk.api.post('/api/survey-campaigns', { ...base, recipients: [{ partyId: s.customer.id, contactId: liu.id, language: 'en-US' }] }),
    );
    await drainOutbox(s.database.db);
    const [got] = await inbox('customer');
    expect(got!.subject).toBe(`Customer satisfaction survey [${created.campaign.number}]`);
    expect(got!.text).toContain('Dear 刘工');
    expect(got!.text).toContain('P.S. edited');
    expect(got!.text).toContain('2026-12-31');
    expect(got!.text).toContain(`http://localhost:3000/s/${created.links[0].token}`);
    const opened = await client(s.app, null).get(`/api/public/surveys/${created.links[0].token}`);
    expect(opened.statusCode).toBe(200);
  });

  it('a survey reminder mails a fresh link (only hashes are kept); the earlier link stops working', async () => {
    const s = await setup();
    const clerk = await userWithRoles(s.app, s.admin, 'clerk', ['staff'], 'sales');
    const template = await ok(clerk.api.post('/api/survey-templates', defaultSurveyTemplate));
    const liu = s.customer.contacts.find((c: { name: string }) => c.name === '刘工');
    const tpls = (await clerk.api.get('/api/mail/templates')).json().items as {
      key: string;
      subject: { zh: string; en: string };
      body: { zh: string; en: string };
    }[];
    const textOf = (key: string) => {
      const t = tpls.find((x) => x.key === key)!;
      return { zh: { subject: t.subject.zh, body: t.body.zh }, en: { subject: t.subject.en, body: t.body.en } };
    };
    const sentAt = new Date(Date.now() - 14 * 86_400_000).toISOString();
    const created = await ok(
      clerk.api.post('/api/survey-campaigns', {
        title: '年度顾客满意度调查',
        templateId: template.id,
        periodFrom: '2026-01-01',
        periodTo: '2026-11-30',
        responseDeadline: '2027-01-29',
        reminderAfterWorkingDays: 3,
        sentAt,
        mail: textOf('survey-invitation'),
        recipients: [{ partyId: s.customer.id, contactId: liu.id, language: 'zh-CN' }],
      }),
    );
    await drainOutbox(s.database.db);
    const first = created.links[0].token as string;
    const reminded = await ok(clerk.api.post(`/api/survey-campaigns/${created.campaign.id}/reminders`, { channel: 'email', mail: textOf('survey-reminder') }));
    expect(reminded).toMatchObject({ reminded: 1, notDue: 0 });
    await drainOutbox(s.database.db);
    const got = await inbox('customer');
    const reminder = got.find((m) => m.subject?.startsWith('提醒：顾客满意度调查'));
    expect(reminder, got.map((m) => m.subject).join()).toBeDefined();
    expect(reminder!.text).toContain('刘工，您好');
    const link = /http:\/\/localhost:3000\/s\/([A-Za-z0-9_-]+)/.exec(reminder!.text ?? '')?.[1];
    expect(link).toBeDefined();
    expect(link).not.toBe(first);
    expect((await client(s.app, null).get(`/api/public/surveys/${link}`)).statusCode).toBe(200);
    expect((await client(s.app, null).get(`/api/public/surveys/${first}`)).statusCode).toBe(404);
    // the link is in the mail only: neither the communication log nor the queue row keeps it
    const logged = await rows<{ content: string }>(s.database.db, sql`select content from communications where subject like '满意度调查提醒%'`);
    expect(logged).toHaveLength(1);
    expect(logged[0]!.content).toContain('原链接失效');
    expect(JSON.stringify(logged)).not.toContain(link!);
    expect(JSON.stringify(await rows(s.database.db, sql`select body, secrets_enc from mail_messages`))).not.toContain(link!);
  });

  it('a quotation mailed from its record carries its print form as a PDF, with prices only for a sender who may see them', async () => {
    const s = await setup();
    const liu = s.customer.contacts.find((c: { name: string }) => c.name === '刘工');
    const q = await ok(
      s.admin.post('/api/quotations', {
        partyId: s.customer.id,
        contactId: liu.id,
        issueDate: '2026-11-20',
        validUntil: '2099-12-31',
        lines: [{ model: 'RY-2045', description: '连接器 8P', quantity: 1000, unitPrice: 12.5 }],
      }),
    );
    const send = (api: Client) =>
      ok(
        api.post('/api/mail/send', {
          templateKey: 'general',
          ref: { type: 'quotation', id: q.id },
          contactId: liu.id,
          language: 'zh-CN',
          subject: `报价单 [${q.number}]`,
          body: '刘工，您好：\n\n请查收附件中的报价单。',
        }),
      );
    await send(s.admin);
    const clerk = await userWithRoles(s.app, s.admin, 'clerk', ['staff'], 'sales');
    await send(clerk.api);
    await drainOutbox(s.database.db);
    const got = await inbox('customer');
    expect(got).toHaveLength(2);
    const texts: string[] = [];
    for (const m of got) {
      expect(m.attachments.map((a) => [a.filename, a.contentType])).toEqual([[`${q.number}-R1.pdf`, 'application/pdf']]);
      const parser = new PDFParse({ data: new Uint8Array(m.attachments[0]!.content) });
      // Chromium's ToUnicode map gives a few shared CJK glyphs as Kangxi radicals (⼦ U+2F26 for 子): NFKC folds them back
      texts.push((await parser.getText()).text.normalize('NFKC'));
      await parser.destroy();
    }
    for (const t of texts) {
      expect(t).toContain(q.number);
      expect(t).toContain('深圳华强电子有限公司');
      expect(t).toContain('RY-2045');
    }
    // the administrator sees prices; staff without prices.read sends a PDF without them
    const withPrice = texts.filter((t) => t.includes('12.50'));
    expect(withPrice).toHaveLength(1);
    expect(texts.filter((t) => t.includes('12,500.00'))).toHaveLength(1);
  });

  it('reads a flood of mail in bounded batches, progress kept on the mailbox, a malformed one never stopping it', async () => {
    const s = await setup();
    await clearInbox('quality');
    const box = await ok(
      s.admin.post('/api/mail/mailboxes', {
        name: 'quality@',
        imapHost: '127.0.0.1',
        imapPort: DEV_IMAP_PORT,
        imapSecurity: 'none',
        imapUser: 'quality',
        password: DEV_MAIL_PASSWORD,
      }),
    );
    for (let i = 0; i < 130; i++) {
      await deliverRaw(
        'quality',
        i === 64
          ? 'Content-Type: multipart/alternative\r\n\r\n\u0000\u0001 no boundary at all'
          : `From: bulk${i}@unknown.test\r\nTo: quality@accord.test\r\nSubject: bulk ${i}\r\nMessage-ID: <bulk-${i}@unknown.test>\r\n\r\nbody ${i}\r\n`,
      );
    }
    expect(await ok(s.admin.post(`/api/mail/mailboxes/${box.id}/poll`))).toMatchObject({ fetched: 100, triage: 100, errors: [] });
    let mailbox = (await s.admin.get('/api/mail/mailboxes')).json().items.find((b: { id: string }) => b.id === box.id);
    const after100 = mailbox.lastUid;
    expect(await ok(s.admin.post(`/api/mail/mailboxes/${box.id}/poll`))).toMatchObject({ fetched: 30, triage: 30 });
    mailbox = (await s.admin.get('/api/mail/mailboxes')).json().items.find((b: { id: string }) => b.id === box.id);
    expect(mailbox.lastUid).toBeGreaterThan(after100);
    expect(mailbox.lastPolledAt).toBeTruthy();
    expect((await s.admin.get('/api/mail/incoming?limit=1')).json().total).toBe(130);
  });

  it('reads a shared mailbox: GBK subject and a PDF PO logged on the customer, the reply threads back, unmatched mail to triage, nothing twice', async () => {
    const s = await setup();
    const sales = await userWithRoles(s.app, s.admin, 'li-sales', ['staff', 'sales-clerk']);
    const box = await ok(
      s.admin.post('/api/mail/mailboxes', {
        name: '销售部 sales@',
        imapHost: '127.0.0.1',
        imapPort: DEV_IMAP_PORT,
        imapSecurity: 'none',
        imapUser: 'sales',
        password: DEV_MAIL_PASSWORD,
      }),
    );
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
    // 询价单 (RFQ) in GBK, base64 in the subject and the body
    const iconv = (await import('iconv-lite')).default;
    const enc = (t: string) => iconv.encode(t, 'gbk').toString('base64');
    const raw = [
      'From: =?GBK?B?' + enc('王采购') + '?= <buyer@huaqiang.test>',
      'To: sales@accord.test',
      'Subject: =?GBK?B?' + enc('订单 PO-8812 请确认交期') + '?=',
      'Message-ID: <po-8812@huaqiang.test>',
      'Date: Mon, 7 Dec 2026 09:00:00 +0800',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=GBK',
      'Content-Transfer-Encoding: base64',
      '',
      enc('附件是我司订单，请确认交期。'),
      '--b1',
      'Content-Type: application/pdf; name="PO-8812.pdf"',
      'Content-Disposition: attachment; filename="PO-8812.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      pdf.toString('base64'),
      '--b1--',
      '',
    ].join('\r\n');
    await deliverRaw('sales', raw);
    // an unknown sender, and a broken message
    await deliverRaw(
      'sales',
      'From: someone@unknown.test\r\nTo: sales@accord.test\r\nSubject: hello\r\nMessage-ID: <x1@unknown.test>\r\n\r\nWho handles quotes?\r\n',
    );
    await deliverRaw(
      'sales',
      'Content-Type: multipart/mixed; boundary="nope"\r\nSubject: =?x-unknown?B?@@@?=\r\n\r\n--nope\r\nContent-Type: text/plain; charset=x-klingon\r\n\r\n\u00ff\u00fe garbage',
    );
    const first = await ok(s.admin.post(`/api/mail/mailboxes/${box.id}/poll`));
    expect(first).toMatchObject({ fetched: 3, logged: 1, triage: 2, errors: [] });
    // polled again: nothing new, nothing twice
    expect(await ok(s.admin.post(`/api/mail/mailboxes/${box.id}/poll`))).toMatchObject({ fetched: 0, logged: 0 });

    const timeline = (await sales.api.get(`/api/communications?partyId=${s.customer.id}`)).json();
    const po = timeline.items.find((c: { subject: string }) => c.subject === '订单 PO-8812 请确认交期');
    expect(po).toMatchObject({ direction: 'in', channel: 'email' });
    const detail = await ok(sales.api.get(`/api/communications/${po.id}`));
    expect(detail.content).toContain('附件是我司订单，请确认交期。');
    expect(detail.attachments).toHaveLength(1);
    expect(detail.attachments[0]).toMatchObject({ filename: 'PO-8812.pdf', mime: 'application/pdf' });
    expect(detail.attachments[0].sha256).toMatch(/^[0-9a-f]{64}$/);

    // our answer goes out threaded; the customer's reply comes back onto the same record
    const buyer = s.customer.contacts.find((c: { name: string }) => c.name === '王采购');
    // (the buyer's real address is on the customer's domain; the dev server files it into catchall)
    const answer = await ok(
      sales.api.post('/api/mail/send', {
        templateKey: 'general',
        ref: { type: 'communication', id: po.id },
        contactId: buyer.id,
        language: 'zh-CN',
        subject: 'Re: 订单 PO-8812 请确认交期',
        body: '交期确认为 12 月 20 日。',
      }),
    );
    await drainOutbox(s.database.db);
    await deliverRaw(
      'sales',
      [
        `From: buyer@huaqiang.test`,
        'To: sales@accord.test',
        'Subject: Re: Re: PO-8812',
        'Message-ID: <reply-1@huaqiang.test>',
        `In-Reply-To: ${answer.messageId}`,
        `References: <po-8812@huaqiang.test> ${answer.messageId}`,
        '',
        'OK, thanks.',
        '',
      ].join('\r\n'),
    );
    expect(await ok(s.admin.post(`/api/mail/mailboxes/${box.id}/poll`))).toMatchObject({ fetched: 1, logged: 1 });
    const linked = (await sales.api.get(`/api/communications?linkType=communication&linkId=${po.id}`)).json();
    expect(linked.items.map((c: { direction: string; subject: string }) => [c.direction, c.subject]).sort()).toEqual([
      ['in', 'Re: Re: PO-8812'],
      ['out', 'Re: 订单 PO-8812 请确认交期'],
    ]);

    // triage: assign the unknown sender to the customer (adding the contact), ignore the broken one — each with its reason
    const triage = (await sales.api.get('/api/mail/incoming')).json();
    expect(triage.total).toBe(2);
    const hello = triage.items.find((m: { subject: string }) => m.subject === 'hello');
    const broken = triage.items.find((m: { subject: string }) => m.subject !== 'hello');
    expectProblem(
      await sales.api.post(`/api/mail/incoming/${hello.id}/assign`, { version: hello.version, partyId: s.customer.id, reason: '' }),
      400,
      'VALIDATION_FAILED',
    );
    await ok(
      sales.api.post(`/api/mail/incoming/${hello.id}/assign`, {
        version: hello.version,
        partyId: s.customer.id,
        createContact: true,
        contactName: '新联系人',
        reason: '华强新采购',
      }),
    );
    await ok(sales.api.post(`/api/mail/incoming/${broken.id}/ignore`, { version: broken.version, reason: '乱码垃圾邮件' }));
    expectProblem(await sales.api.post(`/api/mail/incoming/${broken.id}/ignore`, { version: broken.version + 1, reason: '再次' }), 409, 'MAIL_NOT_IN_TRIAGE');
    expect((await sales.api.get('/api/mail/incoming')).json().total).toBe(0);
    const audit = await rows<{ action: string; reason: string }>(
      s.database.db,
      sql`select action, reason from audit_log where action in ('mail.assign', 'ignore') order by at`,
    );
    expect(audit.map((a) => [a.action, a.reason])).toEqual([
      ['mail.assign', '华强新采购'],
      ['ignore', '乱码垃圾邮件'],
    ]);
    // an attachment over the upload limit (1 MB in tests): the mail is logged, the attachment left out with a note
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(1_500_000, 0x41)])
      .toString('base64')
      .replace(/.{76}/g, '$&\r\n');
    await deliverRaw(
      'sales',
      [
        'From: buyer@huaqiang.test',
        'To: sales@accord.test',
        'Subject: drawings',
        'Message-ID: <big-1@huaqiang.test>',
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="b2"',
        '',
        '--b2',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'see drawing',
        '--b2',
        'Content-Type: application/pdf; name="drawing.pdf"',
        'Content-Disposition: attachment; filename="drawing.pdf"',
        'Content-Transfer-Encoding: base64',
        '',
        big,
        '--b2--',
        '',
      ].join('\r\n'),
    );
    expect(await ok(s.admin.post(`/api/mail/mailboxes/${box.id}/poll`))).toMatchObject({ fetched: 1, logged: 1, errors: [] });
    const drawings = (await sales.api.get(`/api/communications?partyId=${s.customer.id}`))
      .json()
      .items.find((c: { subject: string }) => c.subject === 'drawings');
    const drawingsDetail = await ok(sales.api.get(`/api/communications/${drawings.id}`));
    expect(drawingsDetail.attachments).toHaveLength(0);
    expect(drawingsDetail.content).toContain('Attachment drawing.pdf is too large');
    // the sender is now a contact: the next mail from them is matched by address
    await deliverRaw('sales', 'From: someone@unknown.test\r\nTo: sales@accord.test\r\nSubject: second\r\nMessage-ID: <x2@unknown.test>\r\n\r\nAgain\r\n');
    expect(await ok(s.admin.post(`/api/mail/mailboxes/${box.id}/poll`))).toMatchObject({ fetched: 1, logged: 1, triage: 0 });
  });
});

// Skipped only on a machine without Dovecot (a developer's laptop): the reason is printed, and with CI set (.ci/run
// sets it) the file fails at the top instead of skipping.
if (unavailable) {
  describe('mail', () => {
    // only without Dovecot on 127.0.0.1 (npx tsx server/mail/dev/main.ts dovecot); under CI=1 the file throws instead of skipping
    it.skip(`skipped: ${unavailable}`, () => undefined);
  });
}
