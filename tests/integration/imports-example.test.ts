import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../server/platform/db/client.js';
import { exampleSettled } from '../../server/spreadsheets/index.js';
import { adminClient, engines, expectProblem, testApp, userWithRoles } from '../support/harness.js';

async function count(db: Parameters<typeof rows>[0], table: string, where = 'true') {
  const [r] = await rows<{ n: number }>(db, sql.raw(`select count(*)::int as n from ${table} where ${where}`));
  return r!.n;
}

interface Sheet {
  kind: string;
  total: number;
  created: number;
  updated: number;
  skipped: number;
  errorCount: number;
}

describe.each(engines())('importing the whole example workbook on %s', (engine) => {
  it('dry run per sheet in dependency order writes nothing; the run imports every sheet as the dry run said; admins only', async () => {
    const { app, database } = await testApp(engine);
    const { api } = await adminClient(app);
    const before = {
      customers: await count(database.db, 'parties', "kind = 'customer'"),
      audit: await count(database.db, 'audit_log'),
      users: await count(database.db, 'users'),
    };

    const check = await api.post('/api/imports/example/check');
    expect(check.statusCode).toBe(200);
    const plan = check.json() as { fileName: string; sheets: Sheet[] };
    expect(plan.sheets.map((s) => s.kind)).toEqual(['customers', 'products', 'vendors', 'users', 'communications', 'orders']);
    // an empty company: everything is new, nothing refused — the communications and orders find the customers the
    // first sheet would create
    for (const s of plan.sheets) expect(s, s.kind).toMatchObject({ errorCount: 0, updated: 0, skipped: 0 });
    const by = Object.fromEntries(plan.sheets.map((s) => [s.kind, s]));
    expect(by.customers!.created).toBe(by.customers!.total);
    expect(by.communications).toMatchObject({ total: 400, created: 400 });
    expect(by.vendors).toMatchObject({ created: 6 });
    expect(by.users).toMatchObject({ created: 12 });
    expect(by.orders!.created).toBe(24);
    // the dry run wrote nothing
    expect(await count(database.db, 'parties', "kind = 'customer'")).toBe(before.customers);
    expect(await count(database.db, 'communications')).toBe(0);
    expect(await count(database.db, 'users')).toBe(before.users);
    expect(await count(database.db, 'audit_log')).toBe(before.audit);

    // not for someone who may not import every kind
    const { api: sales } = await userWithRoles(app, api, 'wholesales', ['staff', 'sales-clerk']);
    expectProblem(await sales.post('/api/imports/example/check'), 403, 'FORBIDDEN');
    expectProblem(await sales.post('/api/imports/example/run'), 403, 'FORBIDDEN');

    const started = await api.post('/api/imports/example/run');
    expect(started.statusCode).toBe(200);
    const run = started.json() as { id: string; status: string };
    expect(run.status).toBe('running');
    await exampleSettled(run.id);
    const done = (await api.get(`/api/imports/example/run/${run.id}`)).json() as {
      status: string;
      message: string | null;
      sheets: (Sheet & { jobId: string; status: string })[];
    };
    expect(done.message).toBeNull();
    expect(done.status).toBe('done');
    for (const s of done.sheets) expect(s, s.kind).toMatchObject({ status: 'done', created: by[s.kind]!.created, updated: 0, errorCount: 0 });
    expect(await count(database.db, 'parties', "kind = 'customer'")).toBe(before.customers + by.customers!.created);
    expect(await count(database.db, 'communications')).toBe(400);
    expect(await count(database.db, 'orders')).toBe(24);
    // each record says where it came from
    expect(await count(database.db, 'audit_log', "ref_type = 'customer' and reason like 'imported from file accord-example-factory.xlsx row %'")).toBe(
      by.customers!.created,
    );
    expect(await count(database.db, 'audit_log', "ref_type = 'communication' and reason like 'imported from file accord-example-factory.xlsx row %'")).toBe(
      400,
    );
    // someone else's run is not theirs to see
    expectProblem(await sales.get(`/api/imports/example/run/${run.id}`), 404, 'NOT_FOUND');

    // a second dry run: the example is there already, nothing new
    const again = (await api.post('/api/imports/example/check')).json() as { sheets: Sheet[] };
    const byAgain = Object.fromEntries(again.sheets.map((s) => [s.kind, s]));
    expect(byAgain.customers!.created).toBe(0);
    expect(byAgain.communications).toMatchObject({ created: 0, skipped: 400 });
    expect(byAgain.orders).toMatchObject({ created: 0 });
  });
});
