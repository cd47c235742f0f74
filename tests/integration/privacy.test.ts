import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../server/platform/db/client.js';
import { sealAudit, verifyAudit } from '../../server/platform/audit/index.js';
import { ERASED, ERASED_NAME } from '../../server/privacy/index.js';
import { adminClient, engines, expectProblem, testApp, userWithRoles } from '../support/harness.js';
import { upload } from '../support/multipart.js';

const ok = async (res: Promise<{ statusCode: number; body: string; json(): unknown }>) => {
  const r = await res;
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
};

const SWITCHBOARD = '0769-2233 4455';
const MOBILE = '138 0013 8000';
const EMAIL = 'chen.gong@dg-precision.example';

describe.each(engines())('personal data of contacts (PIPL) on %s', (engine) => {
  async function setup() {
    const t = await testApp(engine);
    const { api: admin } = await adminClient(t.app);
    const mr = await userWithRoles(t.app, admin, 'mr-zhao', ['mr'], 'quality');
    const clerk = await userWithRoles(t.app, admin, 'sales-wu', ['staff', 'sales-clerk'], 'sales');
    const staff = await userWithRoles(t.app, admin, 'prod-li', ['staff'], 'production');
    const customer = (
      await admin.post('/api/customers', {
        code: 'DG-PIPL',
        nameZh: '东莞精密五金有限公司',
        contacts: [
          { name: '陈工', title: '品质主管', phone: SWITCHBOARD, mobile: MOBILE, email: EMAIL },
          { name: '王经理', title: '采购经理', phone: SWITCHBOARD },
        ],
      })
    ).json();
    const chen = (customer.contacts as { id: string; name: string }[]).find((c) => c.name === '陈工');
    const wang = (customer.contacts as { id: string; name: string }[]).find((c) => c.name === '王经理');
    const call = await clerk.api.post('/api/communications', {
      partyId: customer.id,
      channel: 'phone',
      direction: 'in',
      occurredAt: '2026-11-20T02:30:00.000Z',
      contactId: chen!.id,
      subject: '陈工来电：外壳开裂',
      content: `陈工（手机 ${MOBILE}，邮箱 ${EMAIL}）反映 RY-2045 外壳开裂，总机 ${SWITCHBOARD}。`,
      result: '答应 24 小时内回复陈工',
    });
    expect(call.statusCode, call.body).toBe(200);
    return { ...t, admin, mr, clerk, staff, customer, chen: chen!, wang: wang!, call: call.json() };
  }

  it('records the legal basis, logs who was shown the personal data, and exports everything held about the person', async () => {
    const { mr, clerk, staff, customer, chen } = await setup();
    // only the privacy officer's permission opens these routes
    expectProblem(await clerk.api.get(`/api/contacts/${chen.id}/privacy`), 403, 'FORBIDDEN');
    expectProblem(await staff.api.post(`/api/contacts/${chen.id}/anonymise`, {}), 403, 'FORBIDDEN');

    // the clerk sees the phone numbers (and is logged); a production user sees none (and is not)
    const mobileOf = async (api: typeof clerk.api) =>
      (await api.get(`/api/customers/${customer.id}`)).json().contacts.find((c: { id: string }) => c.id === chen.id).mobile;
    expect(await mobileOf(clerk.api)).toBe(MOBILE);
    expect(await mobileOf(staff.api)).toBeUndefined();
    const first = await mr.api.get(`/api/contacts/${chen.id}/privacy`);
    expect(first.statusCode, first.body).toBe(200);
    let privacy = first.json();
    expect(privacy.views.map((v: { userName: string; route: string }) => `${v.userName} ${v.route}`)).toEqual([
      'sales-wu GET /api/customers/:id',
      '系统管理员 Admin POST /api/customers',
    ]); // the creator was shown them too
    expect(privacy.privacy).toMatchObject({ legalBasis: null, version: 0 });

    // consent needs its date; a stale version is refused; the basis is audited
    const noDate = expectProblem(
      await mr.api.put(`/api/contacts/${chen.id}/privacy`, { legalBasis: 'consent', source: '名片', version: 0 }),
      400,
      'VALIDATION_FAILED',
    );
    expect(noDate.errors?.map((e) => e.path)).toEqual(['body.consentAt']);
    privacy = (
      await mr.api.put(`/api/contacts/${chen.id}/privacy`, {
        legalBasis: 'consent',
        consentAt: '2026-03-01T02:00:00.000Z',
        source: '供应商信息表（客户填写）',
        version: 0,
      })
    ).json();
    expect(privacy.privacy).toMatchObject({ legalBasis: 'consent', source: '供应商信息表（客户填写）', version: 1 });
    expectProblem(await mr.api.put(`/api/contacts/${chen.id}/privacy`, { legalBasis: 'contract', source: 'x', version: 0 }), 409, 'VERSION_CONFLICT');

    // the person asks what we hold: one JSON file, the request recorded with counts
    const res = await mr.api.post(`/api/contacts/${chen.id}/privacy/export`, {
      receivedAt: '2026-12-01T02:00:00.000Z',
      channel: 'email',
      requester: '陈工本人',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="PR-00001.json"');
    const doc = JSON.parse(res.body);
    expect(doc.person).toMatchObject({ name: '陈工', mobile: MOBILE, email: EMAIL });
    expect(doc.communications).toHaveLength(1);
    expect(doc.legalBasis.legalBasis).toBe('consent');
    privacy = (await mr.api.get(`/api/contacts/${chen.id}/privacy`)).json();
    expect(privacy.requests).toEqual([
      expect.objectContaining({ number: 'PR-00001', kind: 'access', requester: '陈工本人', summary: expect.objectContaining({ communications: 1 }) }),
    ]);
    // the same as a workbook, one sheet per kind of data
    const xlsx = await mr.api.post(`/api/contacts/${chen.id}/privacy/export`, {
      receivedAt: '2026-12-01T02:00:00.000Z',
      channel: 'email',
      requester: '陈工本人',
      format: 'xlsx',
    });
    expect(xlsx.headers['content-disposition']).toBe('attachment; filename="PR-00002.xlsx"');
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['person', 'legal basis', 'communications', 'mail', 'history', 'views']);
    expect(wb.getWorksheet('person')!.getRow(2).values).toEqual(expect.arrayContaining(['陈工', MOBILE]));
    expect(wb.getWorksheet('communications')!.rowCount).toBe(2);
  });

  it('erases the person on request: their data leaves every record, search and history of their company; the records stay and the trail still verifies', async () => {
    const { app, database, admin, mr, clerk, customer, chen, wang, call } = await setup();
    // a scan named after the person, attached to a communication of their company
    const scan = (await upload(app, clerk.session, '陈工名片.pdf', '%PDF-1.4 business card', 'application/pdf')).json();
    await ok(
      clerk.api.post('/api/communications', {
        partyId: customer.id,
        channel: 'visit',
        direction: 'in',
        occurredAt: '2026-11-21T02:30:00.000Z',
        subject: '拜访',
        content: '交换名片',
        attachmentIds: [scan.id],
      }),
    );
    const body = { receivedAt: '2026-12-02T02:00:00.000Z', channel: 'letter', requester: '陈工本人', reason: '本人书面要求删除个人信息' };
    expectProblem(await mr.api.post(`/api/contacts/${chen.id}/anonymise`, { ...body, confirmName: '陈' }), 422, 'CONFIRMATION_MISMATCH');
    const done = await mr.api.post(`/api/contacts/${chen.id}/anonymise`, { ...body, confirmName: '陈工' });
    expect(done.statusCode, done.body).toBe(200);
    const summary = done.json().request.summary as Record<string, number>;
    expect(summary).toMatchObject({ communications: 1, contacts: 1, attachments: 1, audit_log: expect.any(Number), search_index: expect.any(Number) });

    // the contact is gone as a person, the colleague's shared switchboard number stays theirs
    const after = (await admin.get(`/api/customers/${customer.id}`)).json();
    expect(after.contacts.find((c: { id: string }) => c.id === chen.id)).toMatchObject({ name: ERASED_NAME, phone: null, mobile: null, email: null });
    expect(after.contacts.find((c: { id: string }) => c.id === wang.id)).toMatchObject({ name: '王经理', phone: SWITCHBOARD });
    // the communication stays, without the person's name, mobile or mail address
    const comm = (await admin.get(`/api/communications/${call.id}`)).json();
    for (const text of [comm.subject, comm.content, comm.result]) {
      expect(text).not.toMatch(/陈工|138 0013 8000|chen\.gong/);
    }
    expect(comm.content).toContain(ERASED);
    expect(comm.content).toContain('RY-2045');
    expect(comm.content).toContain(SWITCHBOARD); // shared with a live contact: not the person's alone
    const [file] = await rows<{ filename: string }>(database.db, sql`select filename from attachments where id = ${scan.id}`);
    expect(file!.filename).toBe(`${ERASED}名片.pdf`);
    // search finds nothing of the person; history snapshots no longer hold them
    for (const q of ['陈工', MOBILE, EMAIL]) expect((await admin.get(`/api/search?q=${encodeURIComponent(q)}`)).json().hits, q).toEqual([]);
    const snapshots = await rows<{ t: string }>(
      database.db,
      sql`select coalesce(before::text, '') || coalesce(after::text, '') || coalesce(reason, '') as t from audit_log`,
    );
    expect(snapshots.filter((r) => /陈工|138 0013 8000|chen\.gong/.test(r.t))).toEqual([]);
    // the audit trail still verifies: the rewritten rows are declared, not tampered with
    await sealAudit(database.db);
    expect((await verifyAudit(database.db, { graceSeconds: 0 })).ok).toBe(true);
    // a change behind the application is still caught
    await database.db.execute(sql`update audit_log set reason = 'x' where id = (select min(id) from audit_log where link_mac is not null)`);
    expect((await verifyAudit(database.db, { graceSeconds: 0 })).problem?.kind).toBe('changed');

    // done once: a second erasure or a new legal basis is refused
    expectProblem(await mr.api.post(`/api/contacts/${chen.id}/anonymise`, { ...body, confirmName: ERASED_NAME }), 409, 'CONTACT_ANONYMISED');
    expectProblem(await mr.api.put(`/api/contacts/${chen.id}/privacy`, { legalBasis: 'contract', source: 'x', version: 1 }), 409, 'CONTACT_ANONYMISED');
    const history = (await mr.api.get(`/api/contacts/${chen.id}/privacy`)).json();
    expect(history.requests[0]).toMatchObject({ kind: 'anonymise', handledByName: 'mr-zhao' });
    expect(history.privacy.anonymisedAt).toBeTruthy();
    void clerk;
  });
});
