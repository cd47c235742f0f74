import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../server/platform/db/client.js';
import { adminClient, engines, expectProblem, testApp, userWithRoles } from '../support/harness.js';
import { DEV_IMAP_PORT, DEV_MAIL_PASSWORD } from '../../server/mail/dev/dovecot.js';
import { clearInbox, deliverRaw, mailServersUnavailable } from '../../server/mail/dev/testing.js';

/**
 * Incoming mail rules as data (issue 15), against the private Dovecot on 127.0.0.1:11143. This file reads only the dev
 * mailbox `rules`, which no other test file touches (files run in parallel).
 */
const unavailable = await mailServersUnavailable();
if (unavailable && process.env.CI) throw new Error(`CI must run the mail tests: ${unavailable}`);
const BOX = 'rules';

const ok = async (res: Promise<{ statusCode: number; body: string; json(): unknown }>) => {
  const r = await res;
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as Record<string, any>;
};

describe.skipIf(!!unavailable).each(engines())('mail rules on %s', (engine) => {
  async function setup() {
    const t = await testApp(engine);
    const { api: admin, session } = await adminClient(t.app);
    await clearInbox(BOX);
    const customer = await ok(
      admin.post('/api/customers', { code: 'SZ-01', nameZh: '深圳华强电子有限公司', contacts: [{ name: '王采购', email: 'buyer@huaqiang.test' }] }),
    );
    const box = await ok(
      admin.post('/api/mail/mailboxes', {
        name: '规则 rules@',
        imapHost: '127.0.0.1',
        imapPort: DEV_IMAP_PORT,
        imapSecurity: 'none',
        imapUser: BOX,
        password: DEV_MAIL_PASSWORD,
      }),
    );
    return { ...t, admin, adminId: session.me.id, customer, box };
  }
  const gbk = async (t: string) => (await import('iconv-lite')).default.encode(t, 'gbk').toString('base64');

  it('ships the default rule, and a GBK 询价 mail starts the enquiry procedure with its 24-working-hour clock, as a typed-in enquiry does', async () => {
    const s = await setup();
    const list = await ok(s.admin.get('/api/mail/rules'));
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({
      conditions: [{ kind: 'subjectMatches', value: '询价|RFQ|enquiry|inquiry' }],
      actions: { topic: 'enquiry', assigneeId: null, ignoreReason: null },
      active: true,
    });
    // listing writes nothing: the default rule is stored when the first mail is read (or a rule changed), once
    const stored = async () => (await rows<{ n: number }>(s.database.db, sql`select count(*)::int as n from mail_rules`))[0]!.n;
    expect(await stored()).toBe(0);

    await deliverRaw(
      BOX,
      [
        'From: buyer@huaqiang.test',
        'To: rules@accord.test',
        `Subject: =?GBK?B?${await gbk('询价：RY-2045 5000 件')}?=`,
        'Message-ID: <rfq-1@huaqiang.test>',
        'Date: Wed, 30 Sep 2026 16:00:00 +0800',
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=GBK',
        'Content-Transfer-Encoding: base64',
        '',
        await gbk('请报价 RY-2045 5000 件。'),
        '',
      ].join('\r\n'),
    );
    await deliverRaw(
      BOX,
      [
        'From: buyer@huaqiang.test',
        'To: rules@accord.test',
        'Subject: 周报',
        'Message-ID: <weekly-1@huaqiang.test>',
        'Date: Wed, 30 Sep 2026 16:30:00 +0800',
        '',
        'weekly',
        '',
      ].join('\r\n'),
    );
    expect(await ok(s.admin.post(`/api/mail/mailboxes/${s.box.id}/poll`))).toMatchObject({ fetched: 2, logged: 2, ignored: 0, errors: [] });

    expect(await stored()).toBe(1);
    expect((await ok(s.admin.get('/api/mail/rules'))).items).toMatchObject([{ id: list.items[0].id, version: 1 }]);
    const items = (await ok(s.admin.get(`/api/communications?partyId=${s.customer.id}`))).items as { id: string; subject: string; topic: string }[];
    const rfq = items.find((c) => c.subject === '询价：RY-2045 5000 件')!;
    expect(rfq.topic).toBe('enquiry');
    expect(items.find((c) => c.subject === '周报')!.topic).toBe('other');
    const [instance] = (await ok(s.admin.get(`/api/procedure-instances?refType=communication&refId=${rfq.id}`))).items;
    // received Wednesday 30 Sep 16:00 Shanghai: due 16:00 on Saturday 10 Oct (National Day, 调休) — the same clock as the typed-in enquiry
    expect(instance).toMatchObject({ procedureId: 'enquiry', state: 'received', status: 'open' });
    expect(instance.clock).toMatchObject({ dueAt: '2026-10-10T08:00:00.000Z', status: 'running' });
    const other = items.find((c) => c.subject === '周报')!;
    expect((await ok(s.admin.get(`/api/procedure-instances?refType=communication&refId=${other.id}`))).items).toEqual([]);
  });

  it('applies a custom rule before the default one: sender domain → a department and a colleague; the first match wins; an ignore rule logs nothing', async () => {
    const s = await setup();
    const depts = (await ok(s.admin.get('/api/departments'))).items as { id: string; code: string }[];
    const quality = depts.find((d) => d.code === 'quality')!;
    const zhang = await userWithRoles(s.app, s.admin, 'zhang-qa', ['staff'], 'quality');
    const rule = await ok(
      s.admin.post('/api/mail/rules', {
        name: '华强来信 → 质量部',
        position: 10,
        match: 'all',
        conditions: [{ kind: 'fromDomain', value: 'huaqiang.test' }],
        actions: { topic: 'product-info', assigneeId: zhang.id, departmentId: quality.id },
      }),
    );
    await ok(
      s.admin.post('/api/mail/rules', {
        name: 'Newsletters',
        position: 20,
        match: 'any',
        conditions: [
          { kind: 'subjectContains', value: 'newsletter' },
          { kind: 'bodyContains', value: 'unsubscribe' },
        ],
        actions: { ignoreReason: '广告 newsletter' },
      }),
    );
    await deliverRaw(
      BOX,
      ['From: buyer@huaqiang.test', 'To: rules@accord.test', 'Subject: RFQ RY-2046', 'Message-ID: <rfq-2@huaqiang.test>', '', 'please quote', ''].join('\r\n'),
    );
    await deliverRaw(
      BOX,
      ['From: news@vendor.test', 'To: rules@accord.test', 'Subject: Hello', 'Message-ID: <n-1@vendor.test>', '', 'Click to unsubscribe', ''].join('\r\n'),
    );
    expect(await ok(s.admin.post(`/api/mail/mailboxes/${s.box.id}/poll`))).toMatchObject({ fetched: 2, logged: 1, ignored: 1, triage: 0, errors: [] });

    // the domain rule came first: its topic (not the default rule's enquiry), its colleague; no enquiry procedure
    const [c] = (await ok(s.admin.get(`/api/communications?partyId=${s.customer.id}`))).items;
    expect(c).toMatchObject({ subject: 'RFQ RY-2046', topic: 'product-info', ourUserId: zhang.id });
    expect((await ok(s.admin.get(`/api/procedure-instances?refType=communication&refId=${c.id}`))).items).toEqual([]);
    const logged = (await ok(s.admin.get('/api/mail/incoming?status=logged'))).items;
    expect(logged[0]).toMatchObject({ ruleId: rule.id, departmentId: quality.id });
    const ignored = (await ok(s.admin.get('/api/mail/incoming?status=ignored'))).items;
    expect(ignored).toHaveLength(1);
    expect(ignored[0].resolvedReason).toContain('广告 newsletter');
    expect(ignored[0].communicationId).toBeNull();

    // deactivated, the rule no longer applies: the default rule makes the next RFQ an enquiry
    const off = await ok(
      s.admin.put(`/api/mail/rules/${rule.id}`, {
        name: rule.name,
        position: 10,
        match: 'all',
        conditions: rule.conditions,
        actions: rule.actions,
        active: false,
        version: rule.version,
      }),
    );
    expect(off).toMatchObject({ active: false, version: 2 });
    await deliverRaw(
      BOX,
      ['From: buyer@huaqiang.test', 'To: rules@accord.test', 'Subject: RFQ RY-2047', 'Message-ID: <rfq-3@huaqiang.test>', '', 'please quote', ''].join('\r\n'),
    );
    expect(await ok(s.admin.post(`/api/mail/mailboxes/${s.box.id}/poll`))).toMatchObject({ fetched: 1, logged: 1 });
    const next = (await ok(s.admin.get(`/api/communications?partyId=${s.customer.id}`))).items.find((x: { subject: string }) => x.subject === 'RFQ RY-2047');
    expect(next.topic).toBe('enquiry');

    // every change audited with who, before and after
    const audit = await rows<{ action: string; actor_id: string | null; before: any; after: any }>(
      s.database.db,
      sql`select action, actor_id, before, after from audit_log where ref_type = 'mail-rule' and ref_id = ${rule.id} order by at`,
    );
    expect(audit.map((a) => a.action)).toEqual(['create', 'update']);
    expect(audit.map((a) => a.actor_id)).toEqual([s.adminId, s.adminId]);
    expect(audit[1]!.before).toMatchObject({ active: true, version: 1 });
    expect(audit[1]!.after).toMatchObject({ active: false, version: 2 });
  });

  it('refuses bad rules with the field, writes nothing, and lets only mail administrators edit rules', async () => {
    const s = await setup();
    await ok(s.admin.get('/api/mail/rules'));
    const good = { name: 'x', position: 1, match: 'all', conditions: [{ kind: 'subjectContains', value: 'abc' }], actions: { topic: 'enquiry' } };
    const paths = async (body: unknown, status = 400, code = status === 422 ? 'LINKED_RECORD_NOT_FOUND' : 'VALIDATION_FAILED') =>
      (expectProblem(await s.admin.post('/api/mail/rules', body), status, code).errors ?? []).map((e) => e.path);
    expect(await paths({ ...good, conditions: [] })).toContain('body.conditions');
    expect(await paths({ ...good, conditions: [{ kind: 'subjectMatches', value: '([unclosed' }] })).toContain('body.conditions.0.value');
    expect(await paths({ ...good, conditions: [{ kind: 'subjectMatches', value: '(a+)+$' }] })).toEqual(['body.conditions.0.value']);
    expect(await paths({ ...good, name: 'a\u0000b' }, 400, 'INVALID_TEXT')).toEqual(['body.name']);
    expect(await paths({ ...good, conditions: [{ kind: 'subjectContains', value: 'RFQ\u0000' }] }, 400, 'INVALID_TEXT')).toEqual(['body.conditions.0.value']);
    expect(await paths({ ...good, actions: {} })).toContain('body.actions');
    expect(await paths({ ...good, actions: { topic: 'gossip' } })).toContain('body.actions.topic');
    expect(await paths({ ...good, conditions: [{ kind: 'fromDomain', value: 'not a domain' }] })).toContain('body.conditions.0.value');
    expect(await paths({ ...good, conditions: [{ kind: 'mailbox', mailboxId: '00000000-0000-4000-8000-000000000000' }] }, 422)).toEqual([
      'body.conditions.0.mailboxId',
    ]);
    expect(await paths({ ...good, actions: { assigneeId: '00000000-0000-4000-8000-000000000000' } }, 422)).toEqual(['body.actions.assigneeId']);
    expect((await ok(s.admin.get('/api/mail/rules'))).items).toHaveLength(1);

    // a manager (no users.admin) may neither read nor change rules
    const manager = await userWithRoles(s.app, s.admin, 'wang', ['manager'], 'sales');
    expect(manager.session.me.permissions).not.toContain('users.admin');
    expectProblem(await manager.api.get('/api/mail/rules'), 403, 'FORBIDDEN');
    expectProblem(await manager.api.post('/api/mail/rules', good), 403, 'FORBIDDEN');
    const [rule] = (await ok(s.admin.get('/api/mail/rules'))).items;
    expectProblem(await manager.api.put(`/api/mail/rules/${rule.id}`, { ...good, version: rule.version }), 403, 'FORBIDDEN');
    expect((await ok(s.admin.get('/api/mail/rules'))).items[0]).toMatchObject({ version: 1, name: rule.name });
  });
});
