import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initProcedures, startProcedure } from '../../server/procedures/index.js';
import { definitionsDir } from '../../server/procedures/definitions.js';
import { adminClient, engines, expectProblem, testApp, userWithRoles } from '../support/harness.js';

const fixtures = path.resolve('tests/fixtures/procedures');

/** The engine's generic behaviour, on test definitions: parallel sign-off, signatures, version pinning. */
describe.each(engines())('procedure engine on %s', (engine) => {
  beforeAll(async () => {
    // building the app registers the guards and effects the shipped definitions name; then add the fixtures
    await testApp(engine);
    initProcedures([definitionsDir, fixtures]);
  });
  afterAll(() => initProcedures());

  async function setup() {
    const t = await testApp(engine);
    const { api: admin } = await adminClient(t.app);
    const sales = await userWithRoles(t.app, admin, 'sales1', ['staff'], 'sales');
    const qa = await userWithRoles(t.app, admin, 'qa1', ['staff'], 'quality');
    const finance = await userWithRoles(t.app, admin, 'fin1', ['staff'], 'finance');
    const gm = await userWithRoles(t.app, admin, 'gm1', ['gm'], 'gm-office');
    const customer = (await admin.post('/api/customers', { code: 'REV-1', nameZh: '评审客户' })).json();
    return { ...t, admin, sales, qa, finance, gm, customer };
  }

  it('lets the browser keep definitions: the list revalidates (304), a version named with its digest is immutable', async () => {
    const { app, session } = await testApp(engine).then(async (t) => ({ app: t.app, ...(await adminClient(t.app)) }));
    const headers = { cookie: session.cookie };
    const list = await app.inject({ method: 'GET', url: '/api/procedures', headers });
    expect(list.statusCode).toBe(200);
    expect(list.headers['cache-control']).toBe('private, no-cache');
    const etag = list.headers.etag as string;
    expect(etag).toMatch(/^"[0-9a-f]+"$/);
    const again = await app.inject({ method: 'GET', url: '/api/procedures', headers: { ...headers, 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');

    const order = (list.json() as { items: { id: string; version: number; digests: Record<string, string> }[] }).items.find((p) => p.id === 'order')!;
    const digest = order.digests[String(order.version)]!;
    const pinned = await app.inject({ method: 'GET', url: `/api/procedures/order?version=${order.version}&digest=${digest}`, headers });
    expect(pinned.statusCode).toBe(200);
    expect(pinned.headers['cache-control']).toContain('immutable');
    expect(pinned.headers.etag).toBe(`"${digest}"`);
    expect(pinned.json()).toMatchObject({ id: 'order', version: order.version });
    // without the digest, or with a digest of other content, the answer is only revalidated
    for (const url of [
      `/api/procedures/order?version=${order.version}`,
      `/api/procedures/order?version=${order.version}&digest=0123abcd`,
      '/api/procedures/order',
    ]) {
      const res = await app.inject({ method: 'GET', url, headers });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('private, no-cache');
      expect((await app.inject({ method: 'GET', url, headers: { ...headers, 'if-none-match': res.headers.etag as string } })).statusCode, url).toBe(304);
    }
    // nobody signed in gets nothing, cached or not
    expectProblem(await app.inject({ method: 'GET', url: `/api/procedures/order?version=${order.version}&digest=${digest}` }), 401, 'UNAUTHENTICATED');
  });

  it('runs a parallel sign-off: one rejection sends it back, all accepting moves on; an e-signature closes it', async () => {
    const { database, sales, qa, finance, gm, customer } = await setup();
    const instance = await database.db.transaction((tx) =>
      startProcedure(tx, null, { procedureId: 'customer-review', ref: { type: 'customer', id: customer.id }, assigneeId: null, at: new Date() }),
    );
    const url = (p: string) => `/api/procedure-instances/${instance.id}/${p}`;
    let view = (await sales.api.post(url('transitions'), { version: 1, transitionId: 'submit' })).json();
    expect(view).toMatchObject({ state: 'review', signoff: { departments: ['quality', 'finance'], signed: [], round: 1 } });
    expect(view.clock).toMatchObject({ status: 'running' });

    // sign-off refusals: a department not asked, a department not mine, a rejection without comment
    expectProblem(await sales.api.post(url('signoffs'), { version: 2, department: 'sales', opinion: 'accept' }), 409, 'SIGNOFF_NOT_EXPECTED');
    expectProblem(await sales.api.post(url('signoffs'), { version: 2, department: 'quality', opinion: 'accept' }), 403, 'PROCEDURE_NOT_YOUR_STEP');
    expectProblem(await finance.api.post(url('signoffs'), { version: 2, department: 'finance', opinion: 'reject' }), 422, 'REASON_REQUIRED');

    view = (await qa.api.post(url('signoffs'), { version: 2, department: 'quality', opinion: 'accept' })).json();
    expect(view).toMatchObject({ state: 'review', version: 3 });
    expect(view.signoff.signed.map((s: { department: string }) => s.department)).toEqual(['quality']);
    expectProblem(await qa.api.post(url('signoffs'), { version: 3, department: 'quality', opinion: 'accept' }), 409, 'SIGNOFF_NOT_EXPECTED');
    view = (await finance.api.post(url('signoffs'), { version: 3, department: 'finance', opinion: 'reject', comment: '信用额度不足' })).json();
    expect(view).toMatchObject({ state: 'draft', signoff: null });

    // second round starts empty; all accept → approval
    view = (await sales.api.post(url('transitions'), { version: view.version, transitionId: 'submit' })).json();
    expect(view.signoff).toMatchObject({ round: 2, signed: [] });
    view = (await finance.api.post(url('signoffs'), { version: view.version, department: 'finance', opinion: 'conditional', comment: '预付 30%' })).json();
    view = (await qa.api.post(url('signoffs'), { version: view.version, department: 'quality', opinion: 'accept' })).json();
    expect(view.state).toBe('approval');

    // the approval step requires `decision`, and the GM's electronic signature
    expectProblem(
      await sales.api.post(url('transitions'), { version: view.version, transitionId: 'approve', fields: { decision: 'ok' } }),
      403,
      'PROCEDURE_NOT_YOUR_STEP',
    );
    const missing = expectProblem(
      await gm.api.post(url('transitions'), { version: view.version, transitionId: 'approve', password: 'gm1-password-1' }),
      422,
      'PROCEDURE_FIELDS_MISSING',
    );
    expect(missing.errors![0]!.path).toBe('body.fields.decision');
    expectProblem(
      await gm.api.post(url('transitions'), { version: view.version, transitionId: 'approve', fields: { decision: '同意合作' }, password: 'wrong' }),
      422,
      'SIGNATURE_INVALID',
    );
    view = (
      await gm.api.post(url('transitions'), { version: view.version, transitionId: 'approve', fields: { decision: '同意合作' }, password: 'gm1-password-1' })
    ).json();
    expect(view).toMatchObject({ state: 'approved', status: 'closed' });
    const history = (await gm.api.get(`/api/history/customer/${customer.id}`)).json();
    expect(
      history.entries.filter((e: { action: string }) => e.action === 'procedure.signoff').map((e: { after: { opinion: string } }) => e.after.opinion),
    ).toEqual(['accept', 'reject', 'conditional', 'accept']);
  });

  it('keeps a record on the version it started under; new records take the new version', async () => {
    const { database, sales, customer } = await setup();
    initProcedures([definitionsDir]);
    const old = (
      await sales.api.post('/api/communications', {
        partyId: customer.id,
        channel: 'phone',
        direction: 'in',
        topic: 'enquiry',
        occurredAt: new Date().toISOString(),
        subject: 'v1',
        content: '旧版本',
      })
    ).json();
    initProcedures([definitionsDir, fixtures]); // enquiry v2 adds a "checked" step
    const neu = (
      await sales.api.post('/api/communications', {
        partyId: customer.id,
        channel: 'phone',
        direction: 'in',
        topic: 'enquiry',
        occurredAt: new Date().toISOString(),
        subject: 'v2',
        content: '新版本',
      })
    ).json();
    const [a] = (await sales.api.get(`/api/procedure-instances?refType=communication&refId=${old.id}`)).json().items;
    const [b] = (await sales.api.get(`/api/procedure-instances?refType=communication&refId=${neu.id}`)).json().items;
    expect([a.procedureVersion, b.procedureVersion]).toEqual([1, 2]);
    expect(a.actions.map((x: { transitionId: string }) => x.transitionId)).toEqual(['answer']);
    expect(b.actions.map((x: { transitionId: string }) => x.transitionId)).toEqual(['check']);
    expectProblem(await sales.api.post(`/api/procedure-instances/${a.id}/transitions`, { version: 1, transitionId: 'check' }), 409, 'PROCEDURE_WRONG_STATE');
    void database;
  });
});
