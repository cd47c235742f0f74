import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../server/platform/db/client.js';
import { drainOutbox } from '../../server/platform/outbox/outbox.js';
import { adminClient, engines, expectProblem, testApp, userWithRoles, type Client } from '../support/harness.js';
import { upload } from '../support/multipart.js';
import { createCommunication } from '../../server/communications/index.js';
import { CreateCommunicationRequest } from '../../contracts/communications.js';
import type { Db } from '../../server/platform/db/client.js';
import type { AuthContext } from '../../server/platform/http/access.js';

async function customerWithContact(api: Client, code = 'DG-001') {
  const c = (
    await api.post('/api/customers', { code, nameZh: '东莞精密五金有限公司', contacts: [{ name: '陈工', title: '品质主管', phone: '0769-2233 4455' }] })
  ).json();
  return { customer: c, contact: c.contacts[0] };
}

const call = (partyId: string, contactId: string) => ({
  partyId,
  channel: 'phone',
  direction: 'in',
  occurredAt: '2026-11-20T02:30:00.000Z',
  contactId,
  subject: '来电反映外壳开裂',
  content: '客户来电：RY-2045 外壳在装配时开裂，批号 2611-03，约 30 件，要求尽快回复处理方案。',
  result: '已答应 24 小时内回复初步分析',
});

describe.each(engines())('communication log on %s', (engine) => {
  it('logs a phone call with an attachment, checksummed, and shows it on the customer timeline', async () => {
    const { app } = await testApp(engine);
    const { api, session } = await adminClient(app);
    const { customer, contact } = await customerWithContact(api);
    const photo = Buffer.from('%PDF-1.4 fax scan of the order');
    const up = await upload(app, session, '传真订单.pdf', photo, 'application/pdf');
    expect(up.statusCode).toBe(200);
    expect(up.json()).toMatchObject({ filename: '传真订单.pdf', size: photo.length, sha256: crypto.createHash('sha256').update(photo).digest('hex') });

    const res = await api.post('/api/communications', {
      ...call(customer.id, contact.id),
      attachmentIds: [up.json().id],
      followUpDue: '2026-11-21T02:30:00.000Z',
    });
    expect(res.statusCode).toBe(200);
    const c = res.json();
    expect(c).toMatchObject({ number: 'C000001', partyCode: 'DG-001', contactName: '陈工', ourUserName: '系统管理员 Admin', version: 1 });
    expect(c.attachments.map((a: { filename: string }) => a.filename)).toEqual(['传真订单.pdf']);

    const file = await app.inject({ method: 'GET', url: `/api/attachments/${up.json().id}/content`, headers: { cookie: session.cookie } });
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(photo)).toBe(true);

    const timeline = (await api.get(`/api/customers/${customer.id}/timeline`)).json();
    expect(timeline.items[0]).toMatchObject({ title: 'C000001 来电反映外壳开裂', url: `/communications/${c.id}` });
    const after = (await api.get(`/api/customers/${customer.id}`)).json();
    expect(after.lastContactAt).toBe('2026-11-20T02:30:00.000Z');
    expect((await api.get('/api/communications?followUp=open')).json().total).toBe(1);

    // an attachment can be claimed once only
    const again = expectProblem(
      await api.post('/api/communications', { ...call(customer.id, contact.id), attachmentIds: [up.json().id] }),
      422,
      'ATTACHMENT_NOT_FOUND',
    );
    expect(again.errors?.[0]?.path).toBe('body.attachmentIds.0');
  });

  it('answers a logged communication exactly as it reads back, and its audit row and search row match', async () => {
    const { app, database } = await testApp(engine);
    const db = database.db;
    const { api } = await adminClient(app);
    const { customer, contact } = await customerWithContact(api);
    const first = (await api.post('/api/communications', call(customer.id, contact.id))).json();
    const clerk = await userWithRoles(app, api, 'clerk1', ['staff']);
    const res = await api.post('/api/communications', {
      ...call(customer.id, contact.id),
      direction: 'out',
      subject: '回复：开裂分析',
      ourUserId: clerk.id,
      links: [
        { type: 'communication', id: first.id },
        { type: 'communication', id: first.id },
      ],
    });
    expect(res.statusCode).toBe(200);
    const created = res.json();
    expect(created).toEqual((await api.get(`/api/communications/${created.id}`)).json());
    expect(created).toMatchObject({
      number: 'C000002',
      ourUserId: clerk.id,
      createdByName: '系统管理员 Admin',
      links: [{ type: 'communication', id: first.id, title: expect.any(String) }],
    });
    const [audit] = await rows<{ after: Record<string, unknown> }>(
      db,
      sql`select after from audit_log where ref_type = 'communication' and ref_id = ${created.id} and action = 'create'`,
    );
    expect(audit!.after).toMatchObject({
      number: 'C000002',
      partyName: customer.nameZh,
      contactName: '陈工',
      links: [`communication:${first.id}`],
      attachments: [],
    });
    const [doc] = await rows<{ title: string; codes: string }>(
      db,
      sql`select title, codes from search_index where ref_type = 'communication' and ref_id = ${created.id}`,
    );
    expect(doc).toEqual({ title: `C000002 回复：开裂分析 — ${customer.nameZh}`, codes: 'C000002 DG-001' });
  });

  it('serves the customer timeline 50 at a time, newest first, with a cursor to the older ones', async () => {
    const { app } = await testApp(engine);
    const { api } = await adminClient(app);
    const { customer, contact } = await customerWithContact(api);
    // 53 communications, two of them at the same moment (the cursor breaks the tie by number)
    for (let i = 0; i < 53; i++) {
      const at = new Date(Date.UTC(2026, 9, 1, 2, 0) + Math.min(i, 51) * 3_600_000).toISOString();
      expect((await api.post('/api/communications', { ...call(customer.id, contact.id), occurredAt: at, subject: `第 ${i + 1} 次` })).statusCode).toBe(200);
    }
    const page1 = (await api.get(`/api/customers/${customer.id}/timeline`)).json();
    expect(page1.items).toHaveLength(50);
    expect(page1.items[0].title).toBe('C000053 第 53 次');
    expect(page1.items[1].title).toBe('C000052 第 52 次');
    expect(page1.nextCursor).toEqual(expect.any(String));
    const page2 = (await api.get(`/api/customers/${customer.id}/timeline?before=${encodeURIComponent(page1.nextCursor)}`)).json();
    expect(page2.items.map((i: { title: string }) => i.title)).toEqual(['C000003 第 3 次', 'C000002 第 2 次', 'C000001 第 1 次']);
    expect(page2.nextCursor).toBeNull();
    const small = (await api.get(`/api/customers/${customer.id}/timeline?limit=10`)).json();
    expect(small.items).toHaveLength(10);
    expectProblem(await api.get(`/api/customers/${customer.id}/timeline?before=yesterday`), 400, 'VALIDATION_FAILED');
    expectProblem(await api.get(`/api/customers/${crypto.randomUUID()}/timeline`), 404, 'NOT_FOUND');
  });

  it('refuses files of a forbidden type or over the size limit', async () => {
    const { app } = await testApp(engine);
    const { session } = await adminClient(app);
    expectProblem(await upload(app, session, 'tool.exe', 'MZ...'), 415, 'FILE_TYPE_NOT_ALLOWED');
    expectProblem(await upload(app, session, 'big.pdf', Buffer.alloc(1024 * 1024 + 10, 1)), 413, 'FILE_TOO_LARGE');
  });

  it('finds a communication by a one- or two-character Chinese word, by English and by number', async () => {
    const { app } = await testApp(engine);
    const { api } = await adminClient(app);
    const { customer, contact } = await customerWithContact(api);
    const c = (await api.post('/api/communications', call(customer.id, contact.id))).json();
    await api.post('/api/communications', {
      ...call(customer.id, contact.id),
      subject: 'Delivery date',
      content: 'Customer asks to pull in the delivery of HX-310A by one week.',
      result: null,
    });
    for (const q of ['开裂', '裂', '批号', 'RY-2045', 'C000001']) {
      const hits = (await api.get(`/api/search?q=${encodeURIComponent(q)}`)).json().hits;
      expect(
        hits.map((h: { ref: { id: string } }) => h.ref.id),
        q,
      ).toContain(c.id);
    }
    const en = (await api.get('/api/search?q=deliver')).json().hits;
    expect(en.map((h: { title: string }) => h.title)).toEqual(['C000002 Delivery date — 东莞精密五金有限公司']);
    expect((await api.get(`/api/search?q=${encodeURIComponent('没有这个词')}`)).json().hits).toEqual([]);
    const customerHit = (await api.get(`/api/search?q=${encodeURIComponent('精密五金')}&types=customer`)).json().hits;
    expect(customerHit.map((h: { url: string }) => h.url)).toEqual([`/customers/${customer.id}`]);
  });

  it('corrects with a reason and keeps both versions in the history; refuses no reason and stale versions', async () => {
    const { app, database } = await testApp(engine);
    const { api } = await adminClient(app);
    const { customer, contact } = await customerWithContact(api);
    const c = (await api.post('/api/communications', call(customer.id, contact.id))).json();
    const fix = { ...call(customer.id, contact.id), content: c.content.replace('约 30 件', '约 300 件'), version: 1 };
    const noReason = expectProblem(await api.put(`/api/communications/${c.id}`, fix), 400, 'VALIDATION_FAILED');
    expect(noReason.errors!.map((e) => e.path)).toEqual(['body.reason']);
    const corrected = await api.put(`/api/communications/${c.id}`, { ...fix, reason: '数量听错，客户邮件确认为 300 件' });
    expect(corrected.json()).toMatchObject({ version: 2, content: fix.content });
    const [before] = await rows<{ n: number }>(database.db, sql`select count(*)::int as n from audit_log`);
    expectProblem(await api.put(`/api/communications/${c.id}`, { ...fix, content: 'lost update', reason: 'stale' }), 409, 'VERSION_CONFLICT');
    const [after] = await rows<{ n: number }>(database.db, sql`select count(*)::int as n from audit_log`);
    expect(after!.n).toBe(before!.n);
    expect((await api.get(`/api/communications/${c.id}`)).json().content).toBe(fix.content);

    const history = (await api.get(`/api/history/communication/${c.id}`)).json();
    expect(history.entries.map((e: { action: string }) => e.action)).toEqual(['create', 'correct']);
    const correction = history.entries[1];
    expect(correction.reason).toBe('数量听错，客户邮件确认为 300 件');
    expect(correction.before.content).toContain('约 30 件');
    expect(correction.after.content).toContain('约 300 件');
    // search follows the correction
    expect((await api.get(`/api/search?q=${encodeURIComponent('300')}`)).json().hits).toHaveLength(1);
  });

  it('refuses a contact of another customer, unknown links and missing fields, writing nothing', async () => {
    const { app, database } = await testApp(engine);
    const { api } = await adminClient(app);
    const { customer } = await customerWithContact(api, 'A1');
    const other = await customerWithContact(api, 'B1');
    expectProblem(await api.post('/api/communications', call(customer.id, other.contact.id)), 422, 'CONTACT_NOT_OF_PARTY');
    const unknown = expectProblem(
      await api.post('/api/communications', { ...call(customer.id, other.contact.id), contactId: null, links: [{ type: 'spaceship', id: '1' }] }),
      422,
      'UNKNOWN_RECORD_TYPE',
    );
    expect(unknown.errors?.[0]?.path).toBe('body.links.0.type');
    const missing = expectProblem(
      await api.post('/api/communications', { partyId: customer.id, channel: 'pigeon', direction: 'in' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(missing.errors!.map((e) => e.path).sort()).toEqual(['body.channel', 'body.content', 'body.occurredAt', 'body.subject']);
    const [n] = await rows<{ n: number }>(database.db, sql`select count(*)::int as n from communications`);
    expect(n!.n).toBe(0);

    // numbers have no gaps: a transaction that took a number and rolled back gives it back
    const admin = (await rows<{ id: string }>(database.db, sql`select id from users where username = 'admin'`))[0]!;
    const auth = {
      userId: admin.id,
      username: 'admin',
      displayName: 'admin',
      locale: 'zh-CN',
      roles: ['admin'],
      departmentIds: [],
      departmentCodes: [],
      permissions: new Set(['communications.write', 'communications.read']),
      visible: new Set(),
      csrfToken: '',
      sessionHash: '',
      mustChangePassword: false,
    } as unknown as AuthContext;
    await expect(
      database.db.transaction(async (tx) => {
        await createCommunication(tx as unknown as Db, auth, CreateCommunicationRequest.parse({ ...call(customer.id, customer.contacts[0].id) }));
        throw new Error('rolled back after taking a number');
      }),
    ).rejects.toThrow('rolled back');
    const first = (await api.post('/api/communications', call(customer.id, customer.contacts[0].id))).json();
    const second = (await api.post('/api/communications', call(customer.id, customer.contacts[0].id))).json();
    expect([first.number, second.number]).toEqual(['C000001', 'C000002']);
  });

  it('links a communication to other records and lists by link', async () => {
    const { app } = await testApp(engine);
    const { api } = await adminClient(app);
    const { customer, contact } = await customerWithContact(api);
    const first = (await api.post('/api/communications', call(customer.id, contact.id))).json();
    const reply = (
      await api.post('/api/communications', {
        ...call(customer.id, contact.id),
        direction: 'out',
        subject: '回复：开裂分析',
        links: [{ type: 'communication', id: first.id }],
      })
    ).json();
    expect(reply.links).toEqual([{ type: 'communication', id: first.id, title: 'C000001 来电反映外壳开裂' }]);
    const linked = (await api.get(`/api/communications?linkType=communication&linkId=${first.id}`)).json();
    expect(linked.items.map((x: { id: string }) => x.id)).toEqual([reply.id]);
  });

  it('voids only with the permission and a reason; follow-ups are completed and notify the assignee', async () => {
    const { app, database } = await testApp(engine);
    const { api: admin } = await adminClient(app);
    const clerk = await userWithRoles(app, admin, 'clerk', ['staff']);
    const { customer, contact } = await customerWithContact(admin);
    const c = (
      await admin.post('/api/communications', { ...call(customer.id, contact.id), ourUserId: clerk.id, followUpDue: '2026-11-21T00:00:00.000Z' })
    ).json();
    expect(c.ourUserName).toBe('clerk');
    await drainOutbox(database.db);
    const inbox = (await clerk.api.get('/api/notifications')).json();
    expect(inbox.unread).toBe(1);
    expect(inbox.items[0]).toMatchObject({ messageKey: 'communication.assigned', url: `/communications/${c.id}` });

    const done = (await clerk.api.post(`/api/communications/${c.id}/follow-up-done`, { version: 1 })).json();
    expect(done.followUpDoneAt).not.toBeNull();
    expectProblem(await clerk.api.post(`/api/communications/${c.id}/void`, { version: 2, reason: '重复登记' }), 403, 'FORBIDDEN');
    const voided = (await admin.post(`/api/communications/${c.id}/void`, { version: 2, reason: '重复登记' })).json();
    expect(voided).toMatchObject({ voided: true, voidReason: '重复登记' });
    expect((await admin.get('/api/communications')).json().total).toBe(0);
    expect((await admin.get(`/api/search?q=${encodeURIComponent('开裂')}`)).json().hits).toEqual([]);
    expectProblem(await admin.put(`/api/communications/${c.id}`, { ...call(customer.id, contact.id), version: 3, reason: 'too late' }), 409, 'RECORD_VOIDED');
  });
});
