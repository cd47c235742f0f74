import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { rows } from '../../server/platform/db/client.js';
import { adminClient, engines, expectProblem, testApp, userWithRoles } from '../support/harness.js';
import { defaultSurveyTemplate } from '../../contracts/surveys.js';

async function readXlsx(body: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  const sheet = wb.worksheets[0]!;
  const out: (string | number | null)[][] = [];
  sheet.eachRow((row) => out.push((row.values as (string | number | null)[]).slice(1)));
  return out;
}

const customers = [
  {
    code: 'EX-01',
    nameZh: '东莞塑胶制品厂',
    nameEn: 'Dongguan Plastics',
    grade: 'A',
    status: 'active',
    contacts: [{ name: '王芳', phone: '0769-1234567', email: 'wf@dg.cn', isPrimary: true }],
  },
  { code: 'EX-02', nameZh: '阿里贸易', grade: 'B', status: 'prospect', contacts: [{ name: 'Tom', mobile: '13900000000' }] },
  { code: 'EX-03', nameZh: '北京精密', grade: 'A', status: 'active', contacts: [] },
];

describe.each(engines())('list exports on %s', (engine) => {
  it('exports what the screen shows (filters, sort, visible columns) to xlsx and csv, audited', async () => {
    const { app, database } = await testApp(engine);
    const { api } = await adminClient(app);
    for (const c of customers) expect((await api.post('/api/customers', c)).statusCode).toBe(200);

    const x = await api.get('/api/exports/customers?format=xlsx&grade=A&sort=name');
    expect(x.statusCode).toBe(200);
    expect(x.headers['content-type']).toContain('spreadsheetml');
    expect(x.headers['content-disposition']).toContain("filename*=UTF-8''");
    const sheet = await readXlsx(x.rawPayload);
    expect(sheet[0]!.slice(0, 3)).toEqual(['客户编号', '客户名称', '英文名称']);
    // grade A only, pinyin order: 北京精密 (b) before 东莞塑胶 (d)
    expect(sheet.slice(1).map((r) => r[0])).toEqual(['EX-03', 'EX-01']);

    // a name that Excel would run as a formula is written as text
    expect((await api.post('/api/customers', { code: 'EX-09', nameZh: '=HYPERLINK("http://x","点我")', status: 'dormant' })).statusCode).toBe(200);
    const injected = (await api.get('/api/exports/customers?format=csv&status=dormant')).rawPayload.toString('utf8');
    expect(injected).toContain(`"'=HYPERLINK(""http://x"",""点我"")"`);
    const csv = await api.call('GET', '/api/exports/customers?format=csv&columns=code,nameZh,status&status=active&sort=code');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = csv.rawPayload.subarray(3).toString('utf8').trim().split(/\r?\n/);
    expect(lines).toEqual(['客户编号,客户名称,状态', 'EX-01,东莞塑胶制品厂,active', 'EX-03,北京精密,active']);

    const contacts = await readXlsx((await api.get('/api/exports/contacts?format=xlsx')).rawPayload);
    expect(contacts[0]).toContain('电话');
    expect(contacts.slice(1).map((r) => r[2])).toEqual(['王芳', 'Tom']);
    expect(contacts[1]).toContain('0769-1234567');
    // the privacy log names who was shown the contacts' personal data, as for the screens
    const views = await rows<{ n: number }>(database.db, sql`select count(*)::int as n from personal_data_views where route = 'GET /api/exports/contacts'`);
    expect(views[0]!.n).toBe(2);

    const audit = await rows<{ ref_id: string; after: { rows: number; format: string; filters: Record<string, string> } }>(
      database.db,
      sql`select ref_id, after from audit_log where ref_type = 'export' order by id`,
    );
    expect(audit.map((a) => [a.ref_id, a.after.format, a.after.rows])).toEqual([
      ['customers', 'xlsx', 2],
      ['customers', 'csv', 1],
      ['customers', 'csv', 2],
      ['contacts', 'xlsx', 2],
    ]);
    expect(audit[0]!.after.filters).toMatchObject({ grade: 'A', sort: 'name' });
  });

  it('gives a staff member no personal or price column, even when asked for one', async () => {
    const { app } = await testApp(engine);
    const { api: admin } = await adminClient(app);
    for (const c of customers) expect((await admin.post('/api/customers', c)).statusCode).toBe(200);
    const { api: staff } = await userWithRoles(app, admin, 'exstaff', ['staff']);

    // a forbidden column asked for is refused, naming it — never a file quietly missing it
    const refused = await staff.get('/api/exports/contacts?format=xlsx&columns=customerCode,name,phone,email,mobile');
    const p = expectProblem(refused, 403, 'FIELD_NOT_PERMITTED');
    expect(JSON.stringify(p)).toContain('query.columns.phone');
    expect(JSON.stringify(p)).toContain('query.columns.email');
    expect(refused.rawPayload.includes(Buffer.from('0769'))).toBe(false);
    const res = await staff.get('/api/exports/contacts?format=xlsx&columns=customerCode,name');
    expect(res.statusCode).toBe(200);
    const sheet = await readXlsx(res.rawPayload);
    expect(sheet[0]).toEqual(['客户编号', '联系人']);
    expect(res.rawPayload.includes(Buffer.from('0769'))).toBe(false);
    // the column chooser offers only what the user may export
    const offered = (await staff.get('/api/exports/contacts/columns')).json().items.map((c: { key: string }) => c.key);
    expect(offered).toContain('name');
    expect(offered).not.toContain('phone');
    expect((await admin.get('/api/exports/contacts/columns')).json().items.map((c: { key: string }) => c.key)).toContain('phone');
    expectProblem(await staff.get('/api/exports/quotations?format=csv&columns=number,totalAmount'), 403, 'FIELD_NOT_PERMITTED');
    expectProblem(await staff.get('/api/exports/quotations?format=csv&columns=number,nonsense'), 400, 'VALIDATION_FAILED');
    const csv = (await staff.get('/api/exports/contacts?format=csv')).rawPayload.toString('utf8');
    expect(csv).not.toContain('0769-1234567');
    expect(csv).not.toContain('wf@dg.cn');
    expect(csv).not.toContain('电话');

    const q = (await staff.get('/api/exports/quotations?format=csv')).rawPayload.toString('utf8');
    expect(q).toContain('报价单号');
    expect(q).not.toContain('总金额');
    const qa = (await admin.get('/api/exports/quotations?format=csv')).rawPayload.toString('utf8');
    expect(qa).toContain('总金额');
  });

  it('exports the communication log with its date filter', async () => {
    const { app } = await testApp(engine);
    const { api } = await adminClient(app);
    const c = (await api.post('/api/customers', customers[0])).json();
    for (let i = 0; i < 25; i++) {
      const r = await api.post('/api/communications', {
        partyId: c.id,
        channel: 'phone',
        direction: 'in',
        occurredAt: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(),
        subject: `询价 ${i}`,
        content: `内容 ${i}`,
      });
      expect(r.statusCode).toBe(200);
    }
    const res = await api.get(`/api/exports/communications?format=csv&partyId=${c.id}&from=${encodeURIComponent('2026-01-11T00:00:00.000Z')}`);
    const lines = res.rawPayload.subarray(3).toString('utf8').trim().split(/\r?\n/);
    expect(lines).toHaveLength(16);
    expect(lines[0]).toMatch(/^编号,沟通时间,客户编号/);
    expect(lines.slice(1).every((l) => l.includes('EX-01'))).toBe(true);
  });

  it('exports exactly the chosen columns in the screen order', async () => {
    const { app } = await testApp(engine);
    const { api } = await adminClient(app);
    for (const c of customers) expect((await api.post('/api/customers', c)).statusCode).toBe(200);
    const sheet = await readXlsx((await api.get('/api/exports/customers?format=xlsx&columns=grade,code&sort=code')).rawPayload);
    expect(sheet).toEqual([
      ['客户编号', '等级'],
      ['EX-01', 'A'],
      ['EX-02', 'B'],
      ['EX-03', 'A'],
    ]);
  });

  it('exports the audit trail with the audit page filters, before/after without prices for a user who may not read them', async () => {
    const { app } = await testApp(engine);
    const { api: admin } = await adminClient(app);
    const c = (await admin.post('/api/customers', customers[0])).json();
    await admin.post('/api/customers', customers[1]);
    const page = (await admin.get(`/api/audit/trail?refType=customer&refId=${c.id}`)).json();
    expect(page.total).toBeGreaterThan(0);
    expect(page.items.every((e: { ref: { id: string } }) => e.ref.id === c.id)).toBe(true);
    const csv = (await admin.get(`/api/exports/audit?format=csv&refType=customer&action=create&columns=refType,refId,action,after`)).rawPayload.toString(
      'utf8',
    );
    const lines = csv.slice(1).trim().split(/\r?\n/);
    expect(lines[0]).toBe('记录类型,记录,操作,修改后');
    expect(lines.slice(1).filter((l) => l.startsWith('customer,'))).toHaveLength(2);
    expect(csv).toContain('东莞塑胶制品厂');
    // an order's audit row holds its prices: an auditor without prices.read gets the row, not the price
    const o = await admin.post('/api/orders', {
      partyId: c.id,
      form: 'po',
      customerPo: 'AU-PO',
      orderDate: '2026-03-01',
      receivedAt: '2026-03-01T02:00:00.000Z',
      lines: [{ model: 'AU-1', quantity: 5, requestedDate: '2026-04-01', unitPrice: 7.77 }],
    });
    expect(o.statusCode, o.body).toBe(200);
    const withPrice = (await admin.get('/api/exports/audit?format=csv&refType=order')).rawPayload.toString('utf8');
    expect(withPrice).toContain('AU-1');
    expect(withPrice).toContain('7.77');
    const { api: mgr } = await userWithRoles(app, admin, 'auditmgr', ['manager']);
    const noPrice = (await mgr.get('/api/exports/audit?format=csv&refType=order')).rawPayload.toString('utf8');
    expect(noPrice).toContain('AU-1');
    expect(noPrice).not.toContain('7.77');
    expectProblem(await (await userWithRoles(app, admin, 'nostaff', ['staff'])).api.get('/api/exports/audit?format=csv'), 403, 'FORBIDDEN');
  });

  it("exports a campaign's answers: respondent, customer, a score column per question, NPS, index", async () => {
    const { app } = await testApp(engine);
    const { api: admin } = await adminClient(app);
    const a = (await admin.post('/api/customers', { code: 'SV-1', nameZh: '宏达贸易', contacts: [{ name: '黄先生', email: 'huang@hd.cn' }] })).json();
    const template = (await admin.post('/api/survey-templates', defaultSurveyTemplate)).json();
    const sent = await admin.post('/api/survey-campaigns', {
      title: '年度满意度',
      templateId: template.id,
      periodFrom: '2026-01-01',
      periodTo: '2026-11-30',
      responseDeadline: '2026-12-31',
      recipients: [{ partyId: a.id, contactId: a.contacts[0].id }],
    });
    expect(sent.statusCode, sent.body).toBe(200);
    const { links, campaign } = sent.json();
    const answered = await app.inject({
      method: 'POST',
      url: `/api/public/surveys/${links[0].token}`,
      payload: { scores: { quality: 5, delivery: 4, service: 4, pricing: 3, communication: 5 }, recommend: 9, comments: '交期稳定' },
    });
    expect(answered.statusCode, answered.body).toBe(200);
    const sheet = await readXlsx((await admin.get(`/api/exports/survey-responses?format=xlsx&campaignId=${campaign.id}`)).rawPayload);
    const header = sheet[0]!;
    expect(header.slice(0, 3)).toEqual(['调查编号', '客户', '答卷人']);
    expect(header).toContain('NPS 类别');
    const names = defaultSurveyTemplate.dimensions.map((d) => d.name.zh);
    expect(header.slice(-names.length)).toEqual(names);
    const row = sheet[1]!;
    expect(row[1]).toBe('宏达贸易');
    expect(row[2]).toBe('黄先生');
    expect(row[header.indexOf('NPS 类别')]).toBe('promoter');
    expect(row.slice(-names.length)).toEqual([5, 4, 4, 3, 5]);
    expect(JSON.stringify(sheet)).not.toContain('huang@hd.cn');
    const { api: staff } = await userWithRoles(app, admin, 'svstaff', ['staff']);
    expectProblem(await staff.get(`/api/exports/survey-responses?format=csv&campaignId=${campaign.id}`), 403, 'FORBIDDEN');
  });
});
