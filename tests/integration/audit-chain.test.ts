import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../server/platform/db/client.js';
import { sealAudit, verifyAudit } from '../../server/platform/audit/index.js';
import { adminClient, engines, testApp, userWithRoles } from '../support/harness.js';

/** The tamper-evident audit trail [ISO 9001 7.5.3]: a change, a deletion and an insertion behind the app's back are found. */
describe.each(engines())('audit chain on %s', (engine) => {
  async function setup() {
    const { app, database } = await testApp(engine);
    const { api: admin } = await adminClient(app);
    for (const n of [1, 2, 3]) {
      const res = await admin.post('/api/customers', { code: `AUD-${n}`, nameZh: `审计客户${n}`, nameEn: `Audit Customer ${n}` });
      expect(res.statusCode, res.body).toBe(200);
    }
    await sealAudit(database.db);
    const all = await rows<{ id: number; seq: number | null }>(database.db, sql`select id::int as id, seq::int as seq from audit_log order by seq`);
    return { app, admin, db: database.db, all };
  }

  it('seals every row the app writes and verifies intact, through the API for the audit.read permission only', async () => {
    const { app, admin, db, all } = await setup();
    expect(all.length).toBeGreaterThanOrEqual(3);
    expect(all.every((r) => r.seq !== null)).toBe(true);
    expect(all.map((r) => r.seq)).toEqual(all.map((_, i) => i + 1));
    const v = await verifyAudit(db);
    expect(v).toMatchObject({ ok: true, checked: all.length, pending: 0, problem: null, head: { seq: all.length } });
    const res = await admin.get('/api/audit/verify');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, checked: all.length });
    const staff = await userWithRoles(app, admin, 'audit-staff', ['staff']);
    expect((await staff.api.get('/api/audit/verify')).statusCode).toBe(403);
    // the user's creation is sealed on the next run; sealing again changes nothing
    expect((await sealAudit(db)).sealed).toBeGreaterThan(0);
    expect(await sealAudit(db)).toEqual({ sealed: 0 });
    expect(await verifyAudit(db)).toMatchObject({ ok: true, pending: 0 });
  });

  it('finds a row changed with SQL, and names it', async () => {
    const { db, all } = await setup();
    const victim = all[1]!;
    await db.execute(sql`update audit_log set reason = 'edited behind the back' where id = ${victim.id}`);
    const v = await verifyAudit(db);
    expect(v.ok).toBe(false);
    expect(v.problem).toMatchObject({ kind: 'changed', id: victim.id, seq: victim.seq });
  });

  it('finds a deleted row by the gap it leaves, and a cut tail by the head', async () => {
    const { db, all } = await setup();
    await db.execute(sql`delete from audit_log where id = ${all[1]!.id}`);
    expect((await verifyAudit(db)).problem).toMatchObject({ kind: 'missing', seq: all[1]!.seq });

    const again = await setup();
    const last = again.all[again.all.length - 1]!;
    await again.db.execute(sql`delete from audit_log where id = ${last.id}`);
    expect((await verifyAudit(again.db)).problem).toMatchObject({ kind: 'head-mismatch', seq: last.seq! - 1 });
  });

  it('finds a row inserted with SQL: never sealed, and a forged place breaks the link', async () => {
    const { db, all } = await setup();
    await db.execute(
      sql`insert into audit_log (at, ref_type, ref_id, action, reason) values (now() - interval '1 hour', 'customer', 'x', 'update', 'slipped in')`,
    );
    expect(await sealAudit(db)).toEqual({ sealed: 0 }); // the sealer does not bless a row the app did not write
    const v = await verifyAudit(db);
    expect(v.problem).toMatchObject({ kind: 'unsealed', refId: 'x' });

    const again = await setup();
    // moving a sealed row's content to another place: the mac still fits the content, the link does not
    const [a, b] = again.all;
    await again.db.execute(sql`update audit_log set seq = -1 where id = ${a!.id}`);
    await again.db.execute(sql`update audit_log set seq = ${a!.seq} where id = ${b!.id}`);
    await again.db.execute(sql`update audit_log set seq = ${b!.seq} where id = ${a!.id}`);
    expect((await verifyAudit(again.db)).problem).toMatchObject({ kind: 'broken-link', seq: a!.seq });
    void all;
  });

  it('adopts rows written before the chain existed', async () => {
    const { db } = await testApp(engine).then((t) => ({ db: t.database.db }));
    await db.execute(sql`insert into audit_log (ref_type, ref_id, action) values ('customer', 'legacy-1', 'create'), ('customer', 'legacy-2', 'update')`);
    await db.execute(sql`insert into audit_chain (id) values (1) on conflict (id) do nothing`);
    await db.execute(sql`update audit_chain set adopted_through_id = (select max(id) from audit_log) where id = 1`);
    const { sealed } = await sealAudit(db);
    expect(sealed).toBeGreaterThanOrEqual(2);
    expect(await verifyAudit(db)).toMatchObject({ ok: true, pending: 0 });
  });
});
