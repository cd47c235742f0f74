import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { FastifyInstance } from 'fastify';
import { rows } from '../../server/platform/db/client.js';
import { importHooks, importSettled } from '../../server/spreadsheets/index.js';
import { adminClient, engines, expectProblem, testApp, userWithRoles, type Session } from '../support/harness.js';

type Cell = string | number | Date | null | { formula: string; result?: unknown };

async function xlsx(headers: string[], data: Cell[][], build?: (wb: ExcelJS.Workbook, ws: ExcelJS.Worksheet) => void) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  ws.addRow(headers);
  for (const r of data) ws.addRow(r);
  build?.(wb, ws);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function upload(app: FastifyInstance, session: Session, kind: string, filename: string, content: Buffer, extraHeaders: Record<string, string> = {}) {
  const boundary = `----accord${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\n${kind}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return app.inject({
    method: 'POST',
    url: '/api/imports',
    headers: {
      cookie: session.cookie,
      'x-csrf-token': session.csrf,
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'accept-language': 'zh-CN',
      ...extraHeaders,
    },
    payload,
  });
}

async function count(db: Parameters<typeof rows>[0], table: string, where = 'true') {
  const [r] = await rows<{ n: number }>(db, sql.raw(`select count(*)::int as n from ${table} where ${where}`));
  return r!.n;
}

const customerHeaders = ['客户编号 Customer code', '客户名称 Customer name', 'English name', '等级', '状态', '联系人', '电话', '邮箱'];

describe.each(engines())('spreadsheet imports on %s', (engine) => {
  it('imports customers with contacts: template, mapping (zh/en headers), dry run, run, upsert by code, audit rows naming the file row', async () => {
    const { app, database } = await testApp(engine);
    const { api, session } = await adminClient(app);
    // the template is bilingual and carries a help sheet
    const t = await api.get('/api/imports/templates/customers');
    expect(t.statusCode).toBe(200);
    const twb = new ExcelJS.Workbook();
    await twb.xlsx.load(t.rawPayload as unknown as ArrayBuffer);
    expect(twb.worksheets.map((w) => w.name)).toEqual(['客户及联系人', '说明 Help']);
    expect(twb.worksheets[0]!.getRow(1).getCell(1).value).toBe('客户编号 Customer code');

    expect((await api.post('/api/customers', { code: 'OLD-1', nameZh: '旧名称', grade: 'C' })).statusCode).toBe(200);
    const file = await xlsx(customerHeaders, [
      ['NEW-1', '宁波精工', 'Ningbo Precision', 'A', '活跃', '陈静', '0574-1111', 'cj@nb.cn'],
      ['old-1', '新名称', null, 'B', null, null, null, null],
      ['NEW-2', '苏州电子', null, null, 'prospect', null, null, null],
    ]);
    const up = await upload(app, session, 'customers', '客户.xlsx', file);
    expect(up.statusCode).toBe(200);
    const job = up.json();
    expect(job).toMatchObject({ kind: 'customers', status: 'uploaded', total: 3, sheet: 'Sheet1' });
    expect(job.mapping).toMatchObject({
      code: '客户编号 Customer code',
      nameZh: '客户名称 Customer name',
      nameEn: 'English name',
      grade: '等级',
      status: '状态',
      contactName: '联系人',
      phone: '电话',
      email: '邮箱',
    });

    // the run is refused before the dry run
    expectProblem(await api.post(`/api/imports/${job.id}/run`), 409, 'IMPORT_NOT_CHECKED');
    const checked = (await api.post(`/api/imports/${job.id}/check`, { mapping: job.mapping })).json();
    expect(checked).toMatchObject({ status: 'checked', created: 2, updated: 1, skipped: 0, errorCount: 0 });
    expect(checked.plan.map((p: { row: number; action: string; key: string }) => [p.row, p.action, p.key])).toEqual([
      [2, 'create', 'NEW-1'],
      [3, 'update', 'OLD-1'],
      [4, 'create', 'NEW-2'],
    ]);
    expect(checked.rule).toMatchObject({ zh: expect.stringContaining('按客户编号匹配') });
    expect(await count(database.db, 'parties', "code like 'NEW-%'")).toBe(0);

    const started = await api.post(`/api/imports/${job.id}/run`);
    expect(started.statusCode).toBe(200);
    await importSettled(job.id);
    const done = (await api.get(`/api/imports/${job.id}`)).json();
    expect(done).toMatchObject({ status: 'done', processed: 3, created: 2, updated: 1 });

    const list = (await api.get('/api/customers?q=NEW')).json();
    expect(list.items.map((c: { code: string }) => c.code).sort()).toEqual(['NEW-1', 'NEW-2']);
    const nb = (await api.get(`/api/customers/${list.items.find((c: { code: string }) => c.code === 'NEW-1').id}`)).json();
    expect(nb).toMatchObject({ nameZh: '宁波精工', grade: 'A', status: 'active' });
    expect(nb.contacts[0]).toMatchObject({ name: '陈静', phone: '0574-1111', email: 'cj@nb.cn', isPrimary: true });
    const old = (await api.get('/api/customers?q=OLD-1')).json().items[0];
    expect(old).toMatchObject({ nameZh: '新名称', grade: 'B' });
    // found by search like a typed-in customer
    const found = (await api.get(`/api/search?q=${encodeURIComponent('宁波精工')}`)).json();
    expect(JSON.stringify(found)).toContain('NEW-1');
    const audit = await rows<{ reason: string }>(database.db, sql`select reason from audit_log where action = 'import' order by id`);
    expect(audit.map((a) => a.reason)).toEqual([
      'imported from file 客户.xlsx row 2',
      'imported from file 客户.xlsx row 3',
      'imported from file 客户.xlsx row 4',
    ]);

    // the mapping is remembered for the user: a file with the same headers is mapped alike
    const again = (await upload(app, session, 'customers', 'again.xlsx', file)).json();
    expect(again.mapping).toEqual(job.mapping);
    const second = (await api.post(`/api/imports/${again.id}/check`, { mapping: again.mapping })).json();
    expect(second).toMatchObject({ created: 0, updated: 0, skipped: 3 });
  });

  it('reports every bad row with row, column and reason in the user language; the error workbook carries them; nothing is imported', async () => {
    const { app, database } = await testApp(engine);
    const { api, session } = await adminClient(app);
    const file = await xlsx(customerHeaders, [
      ['A-1', '甲公司', null, 'Z', null, null, null, 'not-an-email'],
      ['A-2', null, null, null, null, null, null, null],
      ['a-1', '重复', null, null, null, null, null, null],
      ['A-3', { formula: 'CONCAT("乙","公司")', result: '乙公司' }, null, null, null, null, null, null],
    ]);
    const job = (await upload(app, session, 'customers', 'bad.xlsx', file)).json();
    const checked = (await api.post(`/api/imports/${job.id}/check`, { mapping: job.mapping })).json();
    expect(checked.errorCount).toBe(5);
    const byRow = checked.errors.map((e: { row: number; column: string; code: string }) => [e.row, e.column, e.code]);
    expect(byRow).toEqual([
      [2, '等级', 'bad_choice'],
      [2, '邮箱', 'bad_email'],
      [3, '客户名称 Customer name', 'required'],
      [4, '客户编号 Customer code', 'duplicate_in_file'],
      [5, '客户名称 Customer name', 'formula'],
    ]);
    expect(checked.errors[3].message).toBe('与第 2 行的 a-1 重复'.replace('a-1', 'A-1'));
    expect(checked.errors[4].message).toContain('公式');
    const en = await app.inject({ method: 'GET', url: `/api/imports/${job.id}`, headers: { cookie: session.cookie } });
    expect(en.statusCode).toBe(200);
    expectProblem(await api.post(`/api/imports/${job.id}/run`), 409, 'IMPORT_HAS_ERRORS');
    expect(await count(database.db, 'parties', "code like 'A-%'")).toBe(0);

    const wbRes = await api.get(`/api/imports/${job.id}/errors`);
    expect(wbRes.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(wbRes.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).getCell(customerHeaders.length + 1).value).toBe('错误说明');
    expect(String(ws.getRow(2).getCell(customerHeaders.length + 1).value)).toContain('邮箱格式不正确');
    expect(ws.getRow(2).getCell(1).value).toBe('A-1');
  });

  it('refuses files that are no spreadsheet, old .xls, over the size limit, with merged headers or a hidden sheet — nothing imported', async () => {
    const { app, database } = await testApp(engine);
    const { session } = await adminClient(app);
    const jobs = () => count(database.db, 'import_jobs');
    expectProblem(await upload(app, session, 'customers', 'photo.xlsx', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3])), 415, 'IMPORT_NOT_SPREADSHEET');
    expectProblem(await upload(app, session, 'customers', 'x.csv', Buffer.from([0x00, 0x01, 0x02, 0x00])), 415, 'IMPORT_NOT_SPREADSHEET');
    expectProblem(
      await upload(app, session, 'customers', 'old.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0])),
      415,
      'IMPORT_XLS_UNSUPPORTED',
    );
    expectProblem(await upload(app, session, 'customers', 'broken.xlsx', Buffer.from('PK\u0003\u0004 not really a zip')), 422, 'IMPORT_UNREADABLE');
    // a 200 MB file is refused from its announced length, before it is read
    expectProblem(
      await upload(app, session, 'customers', 'big.xlsx', Buffer.from('PK'), { 'content-length': String(200 * 1024 * 1024) }),
      413,
      'IMPORT_FILE_TOO_LARGE',
    );
    const merged = await xlsx(['客户编号', '客户名称', ''], [['M-1', '合并', 'x']], (_wb, ws) => ws.mergeCells('B1:C1'));
    const m = expectProblem(await upload(app, session, 'customers', 'merged.xlsx', merged), 422, 'IMPORT_MERGED_HEADER');
    expect(m.errors?.[0]?.message).toContain('B1:C1');
    const hidden = await xlsx(['客户编号', '客户名称'], [['H-1', '隐藏']], (wb) => {
      const h = wb.addWorksheet('旧数据');
      h.state = 'hidden';
      h.addRow(['H-2', 'x']);
    });
    const h = expectProblem(await upload(app, session, 'customers', 'hidden.xlsx', hidden), 422, 'IMPORT_HIDDEN_SHEET');
    expect(h.errors?.[0]?.message).toContain('旧数据');
    expectProblem(await upload(app, session, 'customers', 'empty.csv', Buffer.from('客户编号,客户名称\n')), 422, 'IMPORT_EMPTY');
    expect(await jobs()).toBe(0);
    expect(await count(database.db, 'parties', "code like 'H-%' or code like 'M-%'")).toBe(0);
  });

  it('reads GBK/GB18030 and UTF-8 CSV, dates typed as text or Excel serials; skips communications already logged', async () => {
    const { app, database } = await testApp(engine);
    const { api, session } = await adminClient(app);
    expect((await api.post('/api/customers', { code: 'C-1', nameZh: '深圳华强', contacts: [{ name: '李明' }] })).statusCode).toBe(200);
    const csv = [
      '客户编号,沟通时间,沟通方式,方向,类别,客户联系人,主题,内容,结果',
      'C-1,2026/3/5,电话,收到,询价,李明,询价 A100,客户询问 A100 价格,已报价',
      'C-1,2026年3月6日 14:30,邮件,发出,其他,,回复交期,交期两周,',
      'C-1,46090,传真,in,other,,传真确认,确认图纸,',
      'C-1,2026-13-40,电话,in,other,,坏日期,内容,',
      'C-9,2026-03-07,电话,in,other,,无此客户,内容,',
    ].join('\r\n');
    const gbk = iconv.encode(csv, 'gbk');
    const job = (await upload(app, session, 'communications', '沟通记录.csv', gbk)).json();
    expect(job.headers[0]).toBe('客户编号');
    const checked = (await api.post(`/api/imports/${job.id}/check`, { mapping: job.mapping })).json();
    expect(checked.errors.map((e: { row: number; code: string }) => [e.row, e.code])).toEqual([
      [5, 'bad_date'],
      [6, 'unknown_customer'],
    ]);
    expect(checked.errors[0].message).toContain('2026-13-40');

    const good = Buffer.from('\uFEFF' + csv.split('\r\n').slice(0, 4).join('\r\n'), 'utf8');
    const job2 = (await upload(app, session, 'communications', 'ok.csv', good)).json();
    const c2 = (await api.post(`/api/imports/${job2.id}/check`, { mapping: job2.mapping })).json();
    expect(c2).toMatchObject({ errorCount: 0, created: 3 });
    await api.post(`/api/imports/${job2.id}/run`);
    await importSettled(job2.id);
    expect((await api.get(`/api/imports/${job2.id}`)).json()).toMatchObject({ status: 'done', created: 3 });
    const log = (await api.get('/api/communications')).json();
    const when = log.items.map((c: { occurredAt: string; subject: string }) => [c.subject, c.occurredAt]).sort();
    expect(when).toEqual([
      ['传真确认', '2026-03-09T01:00:00.000Z'],
      ['回复交期', '2026-03-06T06:30:00.000Z'],
      ['询价 A100', '2026-03-05T01:00:00.000Z'],
    ]);
    expect(log.items.find((c: { subject: string }) => c.subject === '询价 A100')).toMatchObject({
      channel: 'phone',
      direction: 'in',
      topic: 'enquiry',
      contactName: '李明',
    });
    // on the customer's timeline like a typed-in one
    const partyId = log.items[0].partyId;
    const timeline = (await api.get(`/api/customers/${partyId}/timeline`)).json();
    expect(JSON.stringify(timeline)).toContain('回复交期');
    // the same file again: every row already logged, skipped
    const job3 = (await upload(app, session, 'communications', 'ok.csv', good)).json();
    expect((await api.post(`/api/imports/${job3.id}/check`, { mapping: job3.mapping })).json()).toMatchObject({ created: 0, skipped: 3, errorCount: 0 });
    // each communication's history says where it came from: its own create row (the bulk path), or — the incoming
    // enquiry, which starts its procedure as typed in — an import row beside it; the import's row lists the batch
    const history = await rows<{ action: string; reason: string }>(
      database.db,
      sql`select action, reason from audit_log where ref_type = 'communication' and reason like 'imported from file%' order by reason`,
    );
    expect(history.map((a) => [a.action, a.reason])).toEqual([
      ['import', 'imported from file ok.csv row 2'],
      ['create', 'imported from file ok.csv row 3'],
      ['create', 'imported from file ok.csv row 4'],
    ]);
    const [batch] = await rows<{ after: { rows: [number, string, string][] } }>(
      database.db,
      sql`select after from audit_log where ref_type = 'import' and ref_id = ${job2.id} and action = 'import.batch'`,
    );
    expect(batch!.after.rows.map(([row, , outcome]) => [row, outcome])).toEqual([
      [2, 'created'],
      [3, 'created'],
      [4, 'created'],
    ]);
    expect(batch!.after.rows.map(([, id]) => id).sort()).toEqual(log.items.map((c: { id: string }) => c.id).sort());
  });

  it('cancels a running import after a whole batch: what was imported is exactly the batches that ran', async () => {
    const { app, database } = await testApp(engine);
    const { api, session } = await adminClient(app);
    const data = Array.from({ length: 600 }, (_, i) => [`CX-${String(i).padStart(4, '0')}`, `取消测试客户${i}`, null, null, null, null, null, null] as Cell[]);
    const job = (await upload(app, session, 'customers', 'many.xlsx', await xlsx(customerHeaders, data))).json();
    expect((await api.post(`/api/imports/${job.id}/check`, { mapping: job.mapping })).json()).toMatchObject({ created: 600, errorCount: 0 });
    // the run is held after its first batch until the cancel has been asked for (a run is fast enough to finish
    // 600 rows before an unheld cancel arrives)
    let reached!: () => void;
    const atBoundary = new Promise<void>((r) => (reached = r));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    importHooks.betweenBatches = async () => {
      reached();
      await gate;
    };
    try {
      expect((await api.post(`/api/imports/${job.id}/run`)).json().status).toBe('running');
      await atBoundary;
      const cancelled = await api.post(`/api/imports/${job.id}/cancel`);
      expect(cancelled.statusCode).toBe(200);
    } finally {
      release();
      importHooks.betweenBatches = undefined;
    }
    await importSettled(job.id);
    const end = (await api.get(`/api/imports/${job.id}`)).json();
    expect(end.status).toBe('cancelled');
    expect(end.processed).toBe(200);
    expect(await count(database.db, 'parties', "code like 'CX-%'")).toBe(end.created);
    expect(await count(database.db, 'audit_log', "action = 'import'")).toBe(end.created);
    expectProblem(await api.post(`/api/imports/${job.id}/cancel`), 409, 'IMPORT_NOT_RUNNING');
    expectProblem(await api.post(`/api/imports/${job.id}/run`), 409, 'IMPORT_ALREADY_STARTED');
    // another user cannot see or touch it
    const { api: other } = await userWithRoles(app, api, 'imother', ['manager']);
    expect((await other.get(`/api/imports/${job.id}`)).statusCode).toBe(404);
  });

  it('imports products and vendors by their natural keys; a staff member or a finance clerk may not import customers', async () => {
    const { app } = await testApp(engine);
    const { api, session } = await adminClient(app);
    const p = await xlsx(
      ['型号', '规格', '中文名称', '在BOM中'],
      [
        ['A100', '10x20', '支架', '是'],
        ['B200', null, '外壳', '否'],
      ],
    );
    const pj = (await upload(app, session, 'products', 'p.xlsx', p)).json();
    expect((await api.post(`/api/imports/${pj.id}/check`, { mapping: pj.mapping })).json()).toMatchObject({ created: 2, errorCount: 0 });
    await api.post(`/api/imports/${pj.id}/run`);
    await importSettled(pj.id);
    const products = (await api.get('/api/products')).json();
    expect(products.items.map((x: { model: string; inBom: boolean }) => [x.model, x.inBom])).toEqual([
      ['A100', true],
      ['B200', false],
    ]);
    const v = await xlsx(['Code', 'Name', 'Status', 'Scope'], [['V-01', '东莞电镀厂', 'qualified', '电镀']]);
    const vj = (await upload(app, session, 'vendors', 'v.xlsx', v)).json();
    expect((await api.post(`/api/imports/${vj.id}/check`, { mapping: vj.mapping })).json()).toMatchObject({ created: 1, errorCount: 0 });
    await api.post(`/api/imports/${vj.id}/run`);
    await importSettled(vj.id);
    expect((await api.get('/api/vendors')).json().items.map((x: { code: string }) => x.code)).toEqual(['V-01']);

    const { session: staff } = await userWithRoles(app, api, 'imstaff', ['staff']);
    expectProblem(await upload(app, staff, 'customers', 'c.xlsx', await xlsx(customerHeaders, [['S-1', 'x']])), 403, 'FORBIDDEN');
    const { session: clerk } = await userWithRoles(app, api, 'imclerk', ['staff', 'finance-clerk']);
    expectProblem(await upload(app, clerk, 'customers', 'c.xlsx', await xlsx(customerHeaders, [['S-1', 'x']])), 403, 'FORBIDDEN');
  });
});

describe('the example workbook', () => {
  it('imports whole, kind by kind from its sheets, without an error: the open orders stand at their steps, the people can sign in', async () => {
    const { app, database } = await testApp('pglite');
    const { api, session } = await adminClient(app);
    const res = await api.get('/api/imports/example');
    expect(res.statusCode).toBe(200);
    const totals: Record<string, number> = {};
    for (const kind of ['customers', 'products', 'vendors', 'communications', 'orders', 'users']) {
      const job = (await upload(app, session, kind, 'accord-example-factory.xlsx', res.rawPayload)).json();
      expect(job.sheet, kind).toMatch(
        { customers: /Customers/, products: /Products/, vendors: /Vendors/, communications: /Communications/, orders: /Open orders/, users: /Users/ }[kind]!,
      );
      expect(Object.keys(job.mapping).length, kind).toBeGreaterThan(3);
      const checked = (await api.post(`/api/imports/${job.id}/check`, { mapping: job.mapping })).json();
      expect(checked.errors, kind).toEqual([]);
      await api.post(`/api/imports/${job.id}/run`);
      await importSettled(job.id);
      const done = (await api.get(`/api/imports/${job.id}`)).json();
      expect(done.status, `${kind}: ${done.message}`).toBe('done');
      totals[kind] = done.created;
    }
    expect(totals.products).toBe(60);
    expect(totals.vendors).toBe(6);
    expect(totals.communications).toBe(400);
    expect(totals.customers).toBeGreaterThan(25);
    expect(totals.orders).toBe(24);
    expect(totals.users).toBe(12);
    // the orders continue at the steps the sheet gives, spread over the procedure
    const states = await rows<{ state: string; n: number }>(
      database.db,
      sql`select state, count(*)::int as n from procedure_instances where procedure_id = 'order' and status = 'open' group by state order by state`,
    );
    expect(Object.fromEntries(states.map((x) => [x.state, x.n]))).toEqual({
      intake: 3,
      clarification: 3,
      'contract-review': 3,
      'production-notice': 3,
      production: 8,
      reconfirmation: 2,
      shipment: 2,
    });
    const users = (await api.get('/api/users')).json();
    expect(JSON.stringify(users)).toContain('li.na');
    // six imports in a row, twelve password hashes among them: more than the default test time on a shared machine
  }, 600_000);
});
