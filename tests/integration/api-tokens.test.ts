import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { rows } from '../../server/platform/db/client.js';
import { adminClient, engines, expectProblem, testApp, userWithRoles, type Method } from '../support/harness.js';

/** A client that speaks only with `Authorization: Bearer` (no cookie, no CSRF header). */
function bearer(app: FastifyInstance, secret: string, extra: Record<string, string> = {}) {
  const call = (method: Method, url: string, payload?: unknown) =>
    app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${secret}`, 'accept-language': 'en-US', ...extra },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  return {
    get: (url: string) => call('GET', url),
    post: (url: string, body: unknown = {}) => call('POST', url, body),
    put: (url: string, body: unknown = {}) => call('PUT', url, body),
  };
}

const line = (over: Record<string, unknown> = {}) => ({
  model: 'RY-2045',
  spec: '12V 2A',
  quantity: 500,
  requestedDate: '2026-12-20',
  unitPrice: 12.345,
  currency: 'CNY',
  ...over,
});
const order = (partyId: string, lines = [line()]) => ({
  partyId,
  customerPo: 'PO-1',
  form: 'email',
  orderDate: '2026-11-20',
  receivedAt: '2026-11-20T02:00:00.000Z',
  lines,
});

describe.each(engines())('API tokens on %s', (engine) => {
  async function setup() {
    const t = await testApp(engine);
    const { api: admin } = await adminClient(t.app);
    // a sales clerk: orders, customers, prices and personal data
    const clerk = await userWithRoles(t.app, admin, 'clerk', ['staff', 'sales-clerk'], 'sales');
    const customer = (
      await admin.post('/api/customers', { code: 'SZ-01', nameZh: '深圳华强电子有限公司', contacts: [{ name: '陈小姐', email: 'chen@hq.cn' }] })
    ).json();
    const mint = async (scopes: string[], days = 30) => {
      const res = await clerk.api.post('/api/api-tokens', { name: `t-${scopes.join(',')}`, scopes, expiresInDays: days });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { token: { id: string; prefix: string; scopes: string[]; state: string; lastUsedAt: string | null }; secret: string };
    };
    return { ...t, admin, clerk, customer, mint };
  }

  it('shows the secret once, keeps only its hash, and acts as its user narrowed to its scopes (prices redacted without the scope)', async () => {
    const { app, database, clerk, customer, mint } = await setup();
    const o = (await clerk.api.post('/api/orders', order(customer.id))).json();
    const full = await mint(['orders.read', 'prices.read']);
    expect(full.secret).toMatch(/^acc_[A-Za-z0-9_-]{40,}$/);
    expect(full.token).toMatchObject({ state: 'active', scopes: ['orders.read', 'prices.read'], prefix: full.secret.slice(0, 10), lastUsedAt: null });
    // the list never carries the secret; the database holds its SHA-256 only
    const listed = await clerk.api.get('/api/api-tokens');
    expect(listed.body).not.toContain(full.secret);
    const stored = await rows<Record<string, unknown>>(database.db, sql`select * from api_tokens`);
    expect(JSON.stringify(stored)).not.toContain(full.secret.slice(4));

    const api = bearer(app, full.secret);
    expect((await api.get(`/api/orders/${o.id}`)).json().lines[0].unitPrice).toBe(12.345);
    const noPrices = bearer(app, (await mint(['orders.read'])).secret);
    const seen = await noPrices.get(`/api/orders/${o.id}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json().lines[0].unitPrice).toBeUndefined();
    expect(seen.body).not.toContain('12.345');
    // the user may read customers, the token may not
    expectProblem(await noPrices.get('/api/customers'), 403, 'TOKEN_SCOPE_MISSING');
    // personal data is a scope of its own
    const customers = bearer(app, (await mint(['customers.read'])).secret);
    expect((await customers.get(`/api/customers/${customer.id}`)).json().contacts[0].email).toBeUndefined();
    const personal = bearer(app, (await mint(['customers.read', 'contacts.personal.read'])).secret);
    expect((await personal.get(`/api/customers/${customer.id}`)).json().contacts[0].email).toBe('chen@hq.cn');
    // last use is recorded and shown
    const mine = (await clerk.api.get('/api/api-tokens')).json().items as { id: string; lastUsedAt: string | null; lastUsedIp: string | null }[];
    expect(mine.find((x) => x.id === full.token.id)!.lastUsedAt).not.toBeNull();
    // /api/auth/me answers as the user with the token's permissions
    expect((await noPrices.get('/api/auth/me')).json()).toMatchObject({ username: 'clerk', permissions: ['orders.read'], csrfToken: '' });
  });

  it('writes without CSRF within its write scopes; a price field without the prices scope is refused by name; the same edit rights apply', async () => {
    const { app, admin, clerk, customer, mint } = await setup();
    const readOnly = bearer(app, (await mint(['orders.read', 'prices.read'])).secret);
    expectProblem(await readOnly.post('/api/orders', order(customer.id)), 403, 'TOKEN_SCOPE_MISSING');
    const writer = bearer(app, (await mint(['orders.read', 'orders.write'])).secret);
    const refused = expectProblem(await writer.post('/api/orders', order(customer.id)), 403, 'FIELD_NOT_PERMITTED');
    expect(refused.errors!.map((e) => e.path)).toEqual(['body.lines.0.unitPrice']);
    const created = await writer.post('/api/orders', order(customer.id, [line({ unitPrice: undefined })]));
    expect(created.statusCode, created.body).toBe(200);
    const o = created.json();
    expect((await admin.get(`/api/history/order/${o.id}`)).json().entries[0]).toMatchObject({ action: 'create', actorName: 'clerk' });

    // a procedure action needs the write scope of the instance's record type
    const [instance] = (await clerk.api.get(`/api/procedure-instances?refType=order&refId=${o.id}`)).json().items;
    const step = { version: instance.version, transitionId: 'clarify' };
    expectProblem(
      await bearer(app, (await mint(['orders.read'])).secret).post(`/api/procedure-instances/${instance.id}/transitions`, step),
      403,
      'TOKEN_SCOPE_MISSING',
    );
    const moved = await writer.post(`/api/procedure-instances/${instance.id}/transitions`, step);
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().state).toBe('clarification');

    // record edit rights: a user of another department holds orders.write but may not edit this order, nor may their token
    const o2 = (await clerk.api.get(`/api/orders/${o.id}`)).json();
    const outsider = await userWithRoles(app, admin, 'qe', ['staff'], 'quality');
    const outsiderToken = (await outsider.api.post('/api/api-tokens', { name: 'q', scopes: ['orders.read', 'orders.write'], expiresInDays: 1 })).json()
      .secret as string;
    const sessionAnswer = await outsider.api.put(`/api/orders/${o2.id}`, { version: o2.version, customerPo: 'PO-X' });
    const tokenAnswer = await bearer(app, outsiderToken).put(`/api/orders/${o2.id}`, { version: o2.version, customerPo: 'PO-X' });
    expect(sessionAnswer.statusCode, sessionAnswer.body).toBe(403);
    expect(tokenAnswer.statusCode).toBe(403);
    expect(tokenAnswer.json().code).toBe(sessionAnswer.json().code);
  });

  it('refuses scopes the user lacks, token management and password changes by token, revoked / expired / inactive tokens, and a token in a cookie', async () => {
    const { app, database, admin, clerk, mint } = await setup();
    const bad = expectProblem(
      await clerk.api.post('/api/api-tokens', { name: 'x', scopes: ['orders.read', 'users.admin'], expiresInDays: 1 }),
      422,
      'TOKEN_SCOPE_NOT_HELD',
    );
    expect(bad.errors!.map((e) => e.path)).toEqual(['body.scopes.1']);
    const t = await mint(['orders.read']);
    const api = bearer(app, t.secret);
    expectProblem(await api.get('/api/api-tokens'), 403, 'TOKEN_NOT_ALLOWED');
    expectProblem(await api.post('/api/api-tokens', { name: 'y', scopes: ['orders.read'], expiresInDays: 1 }), 403, 'TOKEN_NOT_ALLOWED');
    expectProblem(await api.post('/api/auth/password', { currentPassword: 'x', newPassword: 'y' }), 403, 'TOKEN_NOT_ALLOWED');
    expectProblem(await api.post('/api/notifications/00000000-0000-4000-8000-000000000000/read'), 403, 'TOKEN_SCOPE_MISSING');
    // never from a cookie: the secret in the session cookie is no session
    const cookie = await app.inject({ method: 'GET', url: '/api/orders', headers: { cookie: `accord_session=${t.secret}` } });
    expect(cookie.statusCode).toBe(401);
    // an unknown or malformed token: 401, even beside a valid session cookie (which is then ignored)
    expectProblem(await bearer(app, 'acc_unknown-token-0123456789').get('/api/orders'), 401, 'TOKEN_INVALID');
    expectProblem(await bearer(app, 'acc_unknown-token-0123456789', { cookie: clerk.session.cookie }).get('/api/orders'), 401, 'TOKEN_INVALID');
    expect((await api.get('/api/orders')).statusCode).toBe(200);

    // revoked: only by its owner (another's token is not found)
    const other = await userWithRoles(app, admin, 'other', ['staff'], 'sales');
    expectProblem(await other.api.post(`/api/api-tokens/${t.token.id}/revoke`), 404, 'NOT_FOUND');
    expect((await clerk.api.post(`/api/api-tokens/${t.token.id}/revoke`)).json().state).toBe('revoked');
    expectProblem(await clerk.api.post(`/api/api-tokens/${t.token.id}/revoke`), 409, 'TOKEN_REVOKED');
    expectProblem(await api.get('/api/orders'), 401, 'TOKEN_INVALID');
    // expired
    const e = await mint(['orders.read']);
    await database.db.execute(sql`update api_tokens set expires_at = now() - interval '1 second' where id = ${e.token.id}`);
    expectProblem(await bearer(app, e.secret).get('/api/orders'), 401, 'TOKEN_INVALID');
    expect((await clerk.api.get('/api/api-tokens')).json().items.find((x: { id: string }) => x.id === e.token.id).state).toBe('expired');
    // the user disabled: the token stops too
    const live = await mint(['orders.read']);
    await database.db.execute(sql`update users set active = false where username = 'clerk'`);
    expectProblem(await bearer(app, live.secret).get('/api/orders'), 401, 'TOKEN_INVALID');
  });

  it('service tokens: made and revoked by an administrator for a service user, refused to others', async () => {
    const { app, admin, clerk } = await setup();
    const bot = await userWithRoles(app, admin, 'erp-bot', ['staff'], 'sales');
    expectProblem(
      await clerk.api.post('/api/admin/service-tokens', { userId: bot.id, name: 'ERP', scopes: ['orders.read'], expiresInDays: 90 }),
      403,
      'FORBIDDEN',
    );
    const made = await admin.post('/api/admin/service-tokens', { userId: bot.id, name: 'ERP', scopes: ['orders.read'], expiresInDays: 90 });
    expect(made.statusCode, made.body).toBe(200);
    const { token, secret } = made.json();
    expect(token).toMatchObject({ kind: 'service', userName: 'erp-bot', state: 'active' });
    expect((await bearer(app, secret).get('/api/auth/me')).json().username).toBe('erp-bot');
    expect((await admin.get('/api/admin/service-tokens')).json().items).toHaveLength(1);
    // it is not the bot's personal token
    expect((await bot.api.get('/api/api-tokens')).json().items).toHaveLength(0);
    expectProblem(await bot.api.post(`/api/api-tokens/${token.id}/revoke`), 404, 'NOT_FOUND');
    expect((await admin.post(`/api/admin/service-tokens/${token.id}/revoke`)).json().state).toBe('revoked');
    expectProblem(await bearer(app, secret).get('/api/orders'), 401, 'TOKEN_INVALID');
    const history = (await admin.get(`/api/history/api-token/${token.id}`)).json();
    expect(history.entries.map((x: { action: string }) => x.action)).toEqual(['api-token.created', 'api-token.revoked']);
  });
});
