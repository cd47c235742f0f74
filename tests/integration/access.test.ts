import { describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { loadConfig } from '../../server/platform/config.js';
import { undeclaredRoutes } from '../../server/platform/http/access.js';
import { adminClient, client, engines, expectProblem, testApp } from '../support/harness.js';

describe.each(engines())('route access on %s', (engine) => {
  it('every route of the application declares its access', async () => {
    const { app } = await testApp(engine);
    expect(app.routeCatalogue.length).toBeGreaterThan(25);
    expect(undeclaredRoutes(app)).toEqual([]);
  });

  it('the enumeration catches a route without a declaration, and the route is refused', async () => {
    const { database, dataDir } = await testApp(engine);
    const app = await buildApp({
      config: loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }),
      database,
      logger: false,
      extraRoutes: async (a) => {
        a.get('/api/forgotten', async () => ({ secret: 42 }));
      },
    });
    try {
      expect(undeclaredRoutes(app).map((r) => `${r.method} ${r.url}`)).toEqual(['GET /api/forgotten', 'HEAD /api/forgotten']);
      expectProblem(await app.inject({ method: 'GET', url: '/api/forgotten' }), 403, 'FORBIDDEN');
    } finally {
      await app.close();
    }
  });

  it('serves the web app at the root and on its client routes; unknown API paths get a problem', async () => {
    const { app } = await testApp(engine);
    for (const url of ['/', '/customers', '/procedures/enquiry']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type'], url).toMatch(/^text\/html/);
      expect(res.body, url).toContain('<div id="root">');
    }
    expectProblem(await app.inject({ method: 'GET', url: '/api/nope' }), 404, 'ROUTE_NOT_FOUND');
  });

  it('health is public; OpenAPI and docs need a session by default, like business routes', async () => {
    const { app } = await testApp(engine);
    const anon = client(app, null);
    expect((await anon.get('/api/health')).json()).toEqual({ status: 'ok', database: engine });
    expectProblem(await anon.get('/api/openapi.json'), 401, 'UNAUTHENTICATED');
    const { api } = await adminClient(app);
    const openapi = (await api.get('/api/openapi.json')).json();
    expect(openapi.openapi).toMatch(/^3\./);
    expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['/api/customers', '/api/communications', '/api/search']));
    expect((await api.get('/api/docs/')).statusCode).toBe(200);
    expectProblem(await anon.get('/api/customers'), 401, 'UNAUTHENTICATED');
    expectProblem(await anon.get('/api/no-such-thing'), 404, 'ROUTE_NOT_FOUND');
  });
});
