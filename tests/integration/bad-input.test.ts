import crypto from 'node:crypto';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { rows, type Db } from '../../server/platform/db/client.js';
import { findInvalidText } from '../../contracts/common.js';
import { adminClient, engines, expectProblem, testApp, type Session } from '../support/harness.js';
import { examplesSettled, importsSettled } from '../../server/spreadsheets/index.js';

const anything = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.object({ maxDepth: 1 }),
);

const NUL = 'ab\u0000cd';
const SURROGATE = 'ab\uD800cd';
/** a lone high surrogate as (CESU-style) percent-encoded bytes: not valid UTF-8, so not a string a URL can carry */
const SURROGATE_IN_URL = 'ab%ED%A0%80cd';

/** Audit rows of changes. An export is a read that is audited once it ran (a URL's undecodable bytes read as
 * U+FFFD are a filter that matches nothing, not a refusal), so its rows are not counted here. */
async function auditCount(db: Db) {
  const [row] = await rows<{ n: number }>(db, sql`select count(*)::int as n from audit_log where ref_type <> 'export'`);
  return row!.n;
}

function expectProblemBody(res: LightMyRequestResponse, what: string) {
  if (res.statusCode >= 500) throw new Error(`${what}: ${res.statusCode} ${res.body}`);
  if (res.statusCode >= 400 && !String(res.headers['content-type']).includes('application/problem+json')) {
    throw new Error(`${what}: ${res.statusCode} is not problem+json (${res.headers['content-type']}): ${res.body}`);
  }
}

function expectInvalidText(res: LightMyRequestResponse, path: string, what: string) {
  const body = res.json() as { code?: string; errors?: { path: string }[] };
  if (res.statusCode !== 400 || body.code !== 'INVALID_TEXT' || body.errors?.[0]?.path !== path) {
    throw new Error(`${what}: expected 400 INVALID_TEXT at ${path}, got ${res.statusCode} ${res.body}`);
  }
  expect(res.headers['content-type']).toContain('application/problem+json');
}

// ---- the operations of the OpenAPI document, and the string fields each one takes ----

type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
};
type Method = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
interface Operation {
  method: Method;
  path: string;
  pathParams: string[];
  queryParams: string[];
  /** body fields that take text: top-level properties, and one level into objects and arrays (index 0) */
  bodyFields: (string | number)[][];
  bodyProps: string[];
}

const variants = (s: JsonSchema): JsonSchema[] => [s, ...(s.anyOf ?? []), ...(s.oneOf ?? [])];
const isText = (s: JsonSchema) =>
  variants(s).some(
    (v) => v.type === 'string' || (Array.isArray(v.type) && v.type.includes('string')) || (!!v.enum && v.enum.some((e) => typeof e === 'string')),
  );
const propertiesOf = (s: JsonSchema) => variants(s).find((v) => v.properties)?.properties;
const itemsOf = (s: JsonSchema) => variants(s).find((v) => v.items)?.items;

function textFields(schema: JsonSchema | undefined): (string | number)[][] {
  const out: (string | number)[][] = [];
  for (const [name, prop] of Object.entries(schema ? (propertiesOf(schema) ?? {}) : {})) {
    if (isText(prop)) out.push([name]);
    const items = itemsOf(prop);
    if (items && isText(items)) out.push([name, 0]);
    for (const [sub, subProp] of Object.entries((items && propertiesOf(items)) ?? {})) if (isText(subProp)) out.push([name, 0, sub]);
    for (const [sub, subProp] of Object.entries(propertiesOf(prop) ?? {})) if (isText(subProp)) out.push([name, sub]);
  }
  return out;
}

function operations(doc: {
  paths: Record<string, Record<string, { parameters?: { in: string; name: string }[]; requestBody?: { content: Record<string, { schema: JsonSchema }> } }>>;
}) {
  const ops: Operation[] = [];
  for (const [path, byMethod] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(byMethod)) {
      const bodySchema = op.requestBody?.content['application/json']?.schema;
      ops.push({
        method: method.toUpperCase() as Method,
        path,
        pathParams: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!),
        queryParams: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
        bodyFields: textFields(bodySchema),
        bodyProps: Object.keys((bodySchema && propertiesOf(bodySchema)) ?? {}),
      });
    }
  }
  return ops;
}

function nested(path: (string | number)[], value: unknown): unknown {
  if (!path.length) return value;
  const [head, ...rest] = path;
  return typeof head === 'number' ? [nested(rest, value)] : { [head!]: nested(rest, value) };
}

/** Each request from its own address, so the per-address rate limits of public routes never answer first. */
function requester(app: FastifyInstance, session: Session) {
  let n = 0;
  return (method: Method, url: string, payload?: unknown) => {
    n++;
    return app.inject({
      method,
      url,
      remoteAddress: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'accept-language': 'en-US' },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  };
}

function url(op: Operation, paramValue: (name: string) => string, query = '') {
  return op.path.replace(/\{(\w+)\}/g, (_, name: string) => paramValue(name)) + query;
}

describe.each(engines())('bad input on %s', (engine) => {
  it('never gets a 5xx and never writes a partial record (property)', async () => {
    const { app, database } = await testApp(engine);
    const { api } = await adminClient(app);
    const customer = (await api.post('/api/customers', { code: 'P1', nameZh: '属性测试' })).json();
    const [before] = await rows<{ c: number; a: number }>(
      database.db,
      sql`select (select count(*)::int from communications) as c, (select count(*)::int from audit_log) as a`,
    );
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            partyId: fc.oneof(fc.constant(customer.id), fc.uuid(), anything),
            channel: anything,
            direction: anything,
            occurredAt: anything,
            subject: anything,
            content: anything,
            links: anything,
            attachmentIds: anything,
          },
          { requiredKeys: [] },
        ),
        fc.constantFrom('/api/communications', '/api/customers', `/api/customers/${customer.id}/contacts`),
        async (body, url) => {
          const res = await api.post(url, body);
          if (res.statusCode >= 500) throw new Error(`${url} ${res.statusCode} ${res.body}`);
          if (res.statusCode >= 400) expect(res.headers['content-type']).toContain('application/problem+json');
        },
      ),
      { numRuns: 60, seed: 20261126 },
    );
    const [after] = await rows<{ c: number; a: number }>(
      database.db,
      sql`select (select count(*)::int from communications) as c, (select count(*)::int from audit_log) as a`,
    );
    // every accepted write is audited; none of the random communications could be valid
    expect(after!.c).toBe(before!.c);
  });

  it('refuses a NUL or a lone surrogate in any text with 400 INVALID_TEXT naming the field, and writes nothing', async () => {
    const { app, database } = await testApp(engine);
    const { api } = await adminClient(app);
    const customer = (await api.post('/api/customers', { code: 'T1', nameZh: '文本测试' })).json();
    const audits = await auditCount(database.db);

    // the examples: search, the sign-in name, a body field, a nested line, a path parameter
    expect(expectProblem(await api.get('/api/search?q=ab%00cd'), 400, 'INVALID_TEXT').errors![0]!.path).toBe('query.q');
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'ad\u0000min', password: 'x' },
      remoteAddress: '10.200.0.1',
    });
    expect(expectProblem(login, 400, 'INVALID_TEXT').errors![0]!.path).toBe('body.username');
    const comm = { partyId: customer.id, channel: 'phone', direction: 'inbound', occurredAt: '2026-11-20T01:00:00.000Z', subject: SURROGATE, content: '正文' };
    expect(expectProblem(await api.post('/api/communications', comm), 400, 'INVALID_TEXT').errors![0]!.path).toBe('body.subject');
    const nestedLine = await api.post('/api/orders', { partyId: customer.id, lines: [{ model: 'RY-1', quantity: 1, unclear: true, unclearNote: NUL }] });
    expect(expectProblem(nestedLine, 400, 'INVALID_TEXT').errors![0]!.path).toBe('body.lines.0.unclearNote');
    expect(expectProblem(await api.put(`/api/customers/ab%00cd`, { nameZh: 'x' }), 400, 'INVALID_TEXT').errors![0]!.path).toBe('params.id');
    // a key is text as well
    expect(expectProblem(await api.post('/api/customers', { code: 'T2', nameZh: '键', ['k\u0000']: 1 }), 400, 'INVALID_TEXT').errors![0]!.path).toBe(
      'body.k\uFFFD',
    );
    // public routes: the survey link and the customer's complaint link
    const survey = await app.inject({ method: 'POST', url: '/api/public/surveys/tok%00en', payload: {}, remoteAddress: '10.200.0.2' });
    expect(expectProblem(survey, 400, 'INVALID_TEXT').errors![0]!.path).toBe('params.token');
    const link = await app.inject({
      method: 'POST',
      url: `/api/customer-links/${'a'.repeat(20)}/answer`,
      payload: { comment: SURROGATE },
      remoteAddress: '10.200.0.3',
    });
    expect(expectProblem(link, 400, 'INVALID_TEXT').errors![0]!.path).toBe('body.comment');
    // a path the router cannot decode (half a character) is a problem too, not a bare JSON error
    const badUrl = await api.get(`/api/customers/${SURROGATE_IN_URL}`);
    expect(badUrl.statusCode).toBe(400);
    expect(badUrl.headers['content-type']).toContain('application/problem+json');

    expect(await auditCount(database.db)).toBe(audits);
    expect((await api.get(`/api/customers/${customer.id}`)).statusCode).toBe(200);
  });

  it('refuses a body nested 200,000 deep or a 100 kB text with a 4xx naming the field, never a 5xx', async () => {
    const { app } = await testApp(engine);
    const { api, session } = await adminClient(app);
    const depth = 200_000;
    const deep = await app.inject({
      method: 'POST',
      url: '/api/communications',
      headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrf },
      payload: `{"partyId":${'['.repeat(depth)}${']'.repeat(depth)}}`,
    });
    expect(deep.statusCode).toBe(400);
    expect(deep.headers['content-type']).toContain('application/problem+json');
    const long = await api.post('/api/customers', { code: 'LONG1', nameZh: '长'.repeat(100_000) });
    expectProblem(long, 400, 'VALIDATION_FAILED');
    expect(long.json().errors[0].path).toBe('body.nameZh');
  });

  it('answers a request line or headers over the limit with a problem+json 431, a NUL in a header with a problem+json 400 (real HTTP requests)', async () => {
    const { app } = await testApp(engine);
    // inject bypasses node's HTTP parser; listen on the app's own server, on a free port
    const server = app.server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/api/search?q=${'a'.repeat(100_000)}`);
      expect(res.status).toBe(431);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(await res.json()).toMatchObject({ status: 431, code: 'REQUEST_HEADERS_TOO_LARGE' });
      const header = await fetch(`http://127.0.0.1:${port}/api/health`, { headers: { 'x-big': 'b'.repeat(20_000) } });
      expect(header.status).toBe(431);
      expect(header.headers.get('content-type')).toContain('application/problem+json');
      // a NUL inside a header never reaches the app: node's parser refuses it, and the answer is a problem too
      const raw = await new Promise<string>((resolve, reject) => {
        const socket = net.connect(port, '127.0.0.1', () => socket.end('GET /api/health HTTP/1.1\r\nHost: accord\r\nX-Note: a\u0000b\r\n\r\n'));
        let text = '';
        socket.on('data', (chunk) => (text += chunk.toString()));
        socket.on('close', () => resolve(text));
        socket.on('error', reject);
      });
      expect(raw).toMatch(/^HTTP\/1\.1 400 /);
      expect(raw).toContain('application/problem+json');
      expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('every operation of the OpenAPI document: NUL and lone surrogates refused at the field, junk never a 5xx, refused requests write nothing', async () => {
    const { app, database } = await testApp(engine);
    const { api, session } = await adminClient(app);
    const doc = (await api.get('/api/openapi.json')).json();
    const ops = operations(doc);
    expect(ops.length).toBeGreaterThan(150);
    const send = requester(app, session);
    const uuid = () => crypto.randomUUID();
    const audits = await auditCount(database.db);
    let cases = 0;

    // 1. NUL and lone surrogates, field by field: 400 INVALID_TEXT naming exactly that field
    for (const op of ops) {
      const what = (where: string) => `${op.method} ${op.path} ${where}`;
      for (const param of op.pathParams) {
        const u = url(op, (name) => (name === param ? 'ab%00cd' : uuid()));
        expectInvalidText(await send(op.method, u, op.method === 'GET' ? undefined : {}), `params.${param}`, what(`params.${param} NUL`));
        cases++;
      }
      // half a character cannot be percent-encoded as UTF-8: the router refuses the path (once per operation)
      if (op.pathParams.length) {
        const s = await send(
          op.method,
          url(op, (name) => (name === op.pathParams[0] ? SURROGATE_IN_URL : uuid())),
          op.method === 'GET' ? undefined : {},
        );
        expectProblemBody(s, what('params surrogate'));
        expect(s.statusCode, what('params surrogate')).toBeGreaterThanOrEqual(400);
        cases++;
      }
      for (const name of op.queryParams) {
        const base = url(op, uuid);
        expectInvalidText(await send(op.method, `${base}?${name}=ab%00cd`, op.method === 'GET' ? undefined : {}), `query.${name}`, what(`query.${name} NUL`));
        cases++;
      }
      if (op.queryParams.length) {
        expectProblemBody(
          await send(op.method, `${url(op, uuid)}?${op.queryParams[0]}=${SURROGATE_IN_URL}`, op.method === 'GET' ? undefined : {}),
          what('query surrogate'),
        );
        cases++;
      }
      for (const field of op.bodyFields) {
        const path = ['body', ...field].join('.');
        expectInvalidText(await send(op.method, url(op, uuid), nested(field, NUL)), path, what(`${path} NUL`));
        expectInvalidText(await send(op.method, url(op, uuid), nested(field, SURROGATE)), path, what(`${path} surrogate`));
        cases += 2;
      }
    }
    expect(cases).toBeGreaterThan(500);
    expect(await auditCount(database.db), 'a request refused for its text wrote an audit row').toBe(audits);

    // 2. junk in every parameter and top-level body property: never a 5xx, 4xx is problem+json, a refusal writes nothing
    const text = fc.oneof(
      fc.string({ maxLength: 24 }),
      fc.string({ unit: 'binary', maxLength: 24 }),
      fc.constantFrom('', ' ', NUL, SURROGATE, '0', '-1', 'null', '1e309', '2026-02-30', 'ÿ'.repeat(300)),
    );
    const junk = fc.oneof(
      text,
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.array(text, { maxLength: 2 }),
      fc.object({ maxDepth: 1, maxKeys: 3 }),
    );
    const inUrl = fc.oneof(
      fc.uuid().map(String),
      fc.string({ maxLength: 24 }).map(encodeURIComponent),
      fc.constantFrom('%00', SURROGATE_IN_URL, '..', 'a'.repeat(120)),
    );
    let audited = await auditCount(database.db);
    for (const [index, op] of ops.entries()) {
      if (op.path === '/api/auth/logout') continue; // would end the session the walk runs in
      const shape = fc.record({
        params: fc.record(Object.fromEntries(op.pathParams.map((p) => [p, inUrl]))),
        query: fc.record(Object.fromEntries(op.queryParams.map((q) => [q, inUrl])), { requiredKeys: [] }),
        body: fc.record(Object.fromEntries(op.bodyProps.map((p) => [p, junk])), { requiredKeys: [] }),
      });
      await fc.assert(
        fc.asyncProperty(shape, async ({ params, query, body }) => {
          const qs = Object.entries(query)
            .map(([k, v]) => `${k}=${v}`)
            .join('&');
          const target = url(op, (name) => (params as Record<string, string>)[name]!, qs ? `?${qs}` : '');
          const res = await send(op.method, target, op.method === 'GET' ? undefined : body);
          const what = `${op.method} ${target} ${JSON.stringify(body)}`;
          expectProblemBody(res, what);
          // GETs write no audit rows; after a write, an accepted one may have, a refused one must not have
          if (op.method !== 'GET') {
            // an accepted import or example-workbook run goes on writing after its answer: counted once it is done
            if (res.statusCode < 400) await Promise.all([importsSettled(), examplesSettled()]);
            const now = await auditCount(database.db);
            // a failed sign-in is recorded on purpose (login.failed, with the address): the security trail
            const auditedOnPurpose = op.path === '/api/auth/login' && res.statusCode === 401;
            if (res.statusCode >= 400 && !auditedOnPurpose) expect(now, `${what}: refused with ${res.statusCode} but wrote`).toBe(audited);
            audited = now;
          }
          const urlClean = !/%00|%ED|a{101}/i.test(target);
          if (op.method !== 'GET' && findInvalidText(body, 'body') !== null && urlClean && res.statusCode !== 404) {
            expect((res.json() as { code: string }).code, what).toBe('INVALID_TEXT');
          }
        }),
        { numRuns: 3, seed: 20261206 + index },
      );
    }
  });
});
