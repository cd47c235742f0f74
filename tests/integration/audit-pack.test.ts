import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { unzipSync, strFromU8 } from 'fflate';
import { rows } from '../../server/platform/db/client.js';
import { adminClient, engines, expectProblem, testApp, userWithRoles, type Client } from '../support/harness.js';
import { buildKpiDataset } from '../support/kpi-dataset.js';

/** The audit pack of customer A for September–October 2025 on the hand-built KPI dataset. */
describe.each(engines())('audit pack on %s', (engine) => {
  const PHONE = '13800138000';
  const EMAIL = 'wang@a.example';
  const PRICE = '98765.43';

  async function setup() {
    const t = await testApp(engine);
    const { api: admin } = await adminClient(t.app);
    const db = t.database.db;
    const [adminRow] = await rows<{ id: string }>(db, sql`select id from users where username = 'admin'`);
    const a = (
      await admin.post('/api/customers', {
        code: 'A-01',
        nameZh: '甲客户',
        nameEn: 'Alpha',
        grade: 'A',
        contacts: [{ name: '王经理', phone: PHONE, email: EMAIL }],
      })
    ).json();
    const b = (await admin.post('/api/customers', { code: 'B-01', nameZh: '乙客户', grade: 'B', contacts: [{ name: 'Ms. Li' }] })).json();
    const contacts = await rows<{ id: string; partyId: string }>(db, sql`select id, party_id as "partyId" from contacts`);
    const contactOf = (p: string) => contacts.find((c) => c.partyId === p)!.id;
    const data = await buildKpiDataset(db, adminRow!.id, a.id, b.id, contactOf(a.id), contactOf(b.id));
    // a price on A's order line, and personal data in the trail of A's order and of A itself within the period
    await db.execute(sql`update order_lines set unit_price = ${PRICE} where order_id = ${data.o1.id}`);
    await db.execute(
      sql`insert into audit_log (at, actor_id, ref_type, ref_id, action, after) values ('2025-09-15T02:00:00Z', ${adminRow!.id}, 'order', ${data.o1.id}, 'update', ${JSON.stringify({ lines: [{ unitPrice: PRICE }], contact: { phone: PHONE } })}::jsonb)`,
    );
    await db.execute(
      sql`insert into audit_log (at, actor_id, ref_type, ref_id, action, after) values ('2025-09-16T02:00:00Z', ${adminRow!.id}, 'customer', ${a.id}, 'update', ${JSON.stringify({ contacts: [{ name: '王经理', email: EMAIL }] })}::jsonb)`,
    );
    // a visit by A in the period, and one before it
    const visit = await admin.post('/api/visits', { partyId: a.id, purpose: '过程审核 process audit', startDate: '2025-09-18', endDate: '2025-09-18' });
    expect(visit.statusCode, visit.body).toBe(200);
    const early = await admin.post('/api/visits', { partyId: a.id, purpose: 'earlier', startDate: '2025-08-18', endDate: '2025-08-18' });
    expect(early.statusCode, early.body).toBe(200);
    // an auditor's reader: the management representative's role without contacts' personal data (prices it never had)
    const roles = (await admin.get('/api/roles')).json() as
      { items: { code: string; version: number; permissions: string[] }[] } | { code: string; version: number; permissions: string[] }[];
    const list = Array.isArray(roles) ? roles : roles.items;
    const mr = list.find((r) => r.code === 'mr')!;
    const put = await admin.put('/api/roles/mr', {
      version: mr.version,
      permissions: mr.permissions.filter((p) => p !== 'contacts.personal.read' && p !== 'prices.read'),
    });
    expect(put.statusCode, put.body).toBe(200);
    const reader = await userWithRoles(t.app, admin, 'auditor-mr', ['mr'], 'quality');
    return { ...t, db, admin, reader: reader.api, a, b, data, visit: visit.json() as { number: string } };
  }

  async function download(api: Client, partyId: string, from = '2025-09', to = '2025-10') {
    const r = await api.get(`/api/customers/${partyId}/audit-pack?from=${from}&to=${to}`);
    expect(r.statusCode, r.body.slice(0, 500)).toBe(200);
    expect(r.headers['content-type']).toBe('application/zip');
    const entries = unzipSync(new Uint8Array(r.rawPayload));
    const names = Object.keys(entries);
    const root = names[0]!.split('/')[0]!;
    const files = new Map(names.map((n) => [n.slice(root.length + 1), Buffer.from(entries[n]!)]));
    return { files, root };
  }

  /** Every file's text; an xlsx is a zip of XML — its parts are read too. */
  function allText(files: Map<string, Buffer>) {
    let out = '';
    for (const [name, data] of files) {
      if (name.endsWith('.xlsx')) for (const part of Object.values(unzipSync(new Uint8Array(data)))) out += strFromU8(part);
      else out += data.toString('utf8');
      out += '\n';
    }
    return out;
  }

  it('opens, its manifest matches each file, and its index lists every record of the customer in the period', async () => {
    const { admin, db, a, visit } = await setup();
    const { files, root } = await download(admin, a.id);
    expect(root).toBe('audit-pack-A-01-2025-09_2025-10');
    const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8')) as {
      customer: { code: string };
      period: { from: string; to: string };
      files: { name: string; bytes: number; sha256: string }[];
    };
    expect(manifest.customer.code).toBe('A-01');
    expect(manifest.period).toEqual({ from: '2025-09', to: '2025-10' });
    // every file but the manifest is listed once, with the right size and checksum
    expect(manifest.files.map((f) => f.name).sort()).toEqual([...files.keys()].filter((n) => n !== 'manifest.json').sort());
    for (const f of manifest.files) {
      const data = files.get(f.name)!;
      expect(data.length, f.name).toBe(f.bytes);
      expect(createHash('sha256').update(data).digest('hex'), f.name).toBe(f.sha256);
    }
    for (const n of ['index.html', 'communications.xlsx', 'audit-trail.xlsx', 'kpi-sheet.xlsx']) expect(files.has(n), n).toBe(true);

    // the index lists every record of A in the period, and each of its print forms is in the zip
    const index = files.get('index.html')!.toString('utf8');
    expect(index).toContain('审核资料包');
    const expected = {
      orders: await rows<{ number: string }>(
        db,
        sql`select number from orders where party_id = ${a.id} and received_at >= '2025-08-31T16:00:00Z' and received_at < '2025-10-31T16:00:00Z'`,
      ),
      complaints: await rows<{ number: string }>(
        db,
        sql`select number from complaints where party_id = ${a.id} and received_at >= '2025-08-31T16:00:00Z' and received_at < '2025-10-31T16:00:00Z'`,
      ),
    };
    expect(expected.orders.map((o) => o.number)).toEqual(['SO-2025-0001']);
    expect(expected.complaints.map((c) => c.number).sort()).toEqual(['CC-2025-1', 'CC-2025-2']);
    for (const o of expected.orders) {
      expect(index).toContain(o.number);
      for (const form of ['contractReview', 'productionNotice', 'deliveryPlan']) expect(files.has(`records/orders/${o.number}-${form}.html`), form).toBe(true);
    }
    for (const c of expected.complaints) {
      expect(index).toContain(c.number);
      for (const form of ['complaintForm', 'eightD']) expect(files.has(`records/complaints/${c.number}-${form}.html`), form).toBe(true);
    }
    expect(index).toContain(visit.number);
    expect(files.has(`records/visits/${visit.number}-visitMinutes.html`)).toBe(true);
    expect(files.has('records/surveys/SV-2025-1-replyLetter.html')).toBe(true);
    expect([...files.keys()].filter((n) => n.startsWith('records/visits/'))).toHaveLength(1); // the August visit is outside
    // another customer's records are not in it
    expect(index).not.toContain('CC-2025-3');
    expect(index).not.toContain('SO-2025-0002');
    // the contract review carries the order's lines; the admin sees the price, the production notice never does
    expect(files.get('records/orders/SO-2025-0001-contractReview.html')!.toString('utf8')).toContain(PRICE);
    expect(files.get('records/orders/SO-2025-0001-productionNotice.html')!.toString('utf8')).not.toContain(PRICE);
    // the admin's pack holds the personal data and prices of the trail (the control for the redaction test below)
    const text = allText(files);
    expect(text).toContain(PHONE);
    expect(text).toContain(EMAIL);

    // the export is audited: who, which customer, the period, how many files
    const audit = await rows<{ after: { from: string; to: string; files: number } }>(
      db,
      sql`select after from audit_log where ref_type = 'customer' and ref_id = ${a.id} and action = 'audit-pack'`,
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]!.after).toMatchObject({ from: '2025-09', to: '2025-10', files: manifest.files.length + 1 });
  });

  it('leaves out prices and personal data for a reader who may not see them', async () => {
    const { reader, a } = await setup();
    const { files } = await download(reader, a.id);
    const text = allText(files);
    expect(text).toContain('SO-2025-0001'); // the records are there …
    expect(text).toContain('CC-2025-1');
    expect(text).not.toContain(PRICE); // … without their prices
    expect(text).not.toContain(PHONE); // … or the contact's personal data
    expect(text).not.toContain(EMAIL);
    // still a sound pack
    const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8')) as { files: { name: string; sha256: string }[] };
    for (const f of manifest.files) expect(createHash('sha256').update(files.get(f.name)!).digest('hex')).toBe(f.sha256);
  });

  it('is refused without kpis.read, for an unknown customer and for a bad period', async () => {
    const { t, admin, a } = await (async () => {
      const s = await setup();
      return { t: s, admin: s.admin, a: s.a };
    })();
    const staff = await userWithRoles(t.app, admin, 'pack-staff', ['staff'], 'sales');
    expectProblem(await staff.api.get(`/api/customers/${a.id}/audit-pack?from=2025-09&to=2025-10`), 403, 'FORBIDDEN');
    expectProblem(await admin.get(`/api/customers/00000000-0000-4000-8000-000000000009/audit-pack?from=2025-09&to=2025-10`), 404, 'NOT_FOUND');
    const bad = await admin.get(`/api/customers/${a.id}/audit-pack?from=2025-13&to=2025-10`);
    expect(bad.statusCode).toBe(400);
    expectProblem(await admin.get(`/api/customers/${a.id}/audit-pack?from=2025-10&to=2025-09`), 422, 'KPI_PERIOD_INVALID');
  });
});
