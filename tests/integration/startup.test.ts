import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildApp, registerFeatures } from '../../server/app.js';
import { prepareDatabase, stopGracefully } from '../../server/main.js';
import { loadConfig } from '../../server/platform/config.js';
import { openPglite, openPostgres, rows, type Database } from '../../server/platform/db/client.js';
import { startPeriodic } from '../../server/platform/periodic/index.js';
import { adminQuery, workerDatabaseUrl } from '../support/postgres.js';
import { ADMIN_PASSWORD } from '../support/harness.js';

const config = loadConfig({ ADMIN_PASSWORD, LOG_LEVEL: 'silent', DATA_DIR: '/tmp/accord-startup-test' });

describe.skipIf(!process.env.DATABASE_URL)('two instances started together on an empty PostgreSQL database', () => {
  const base = process.env.DATABASE_URL ?? 'postgres://skipped/skipped';
  const { url, name } = workerDatabaseUrl(base, `startup_${process.pid}`);
  const opened: Database[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((d) => d.close()));
    await adminQuery(base, `drop database if exists "${name}" with (force)`);
  });

  it('both migrate and seed without a race: one organisation, one administrator', async () => {
    await adminQuery(base, `drop database if exists "${name}" with (force)`);
    await adminQuery(base, `create database "${name}" template template0 encoding 'UTF8' lc_ctype 'C.UTF-8' lc_collate 'C.UTF-8'`);
    registerFeatures();
    const start = async () => {
      const database = await openPostgres(url, 4);
      opened.push(database);
      return prepareDatabase(database, config);
    };
    const results = await Promise.allSettled([start(), start(), start()]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    const created = results.map((r) => (r.status === 'fulfilled' ? r.value.created : null));
    expect(created.filter(Boolean)).toHaveLength(1);
    const db = opened[0]!.db;
    const [org] = await rows<{ n: number }>(db, sql`select count(*)::int as n from organisation`);
    const [admins] = await rows<{ n: number }>(db, sql`select count(*)::int as n from users where username = 'admin'`);
    expect(org!.n).toBe(1);
    expect(admins!.n).toBe(1);
  });
});

describe('shutdown', () => {
  it('finishes the request in flight, closes idle keep-alive sockets and waits for a background run, well before the keep-alive timeout', async () => {
    registerFeatures();
    const database = await openPglite(undefined);
    await prepareDatabase(database, config);
    const app = await buildApp({ config, database, logger: false });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as AddressInfo).port;
    const agent = new http.Agent({ keepAlive: true, keepAliveMsecs: 60_000 });
    const idleAgent = new http.Agent({ keepAlive: true, keepAliveMsecs: 60_000 });
    const get = (path: string) =>
      new Promise<{ status: number; body: string; socket: import('node:net').Socket }>((resolve, reject) => {
        const req = http.get({ host: '127.0.0.1', port, path, agent: idleAgent }, (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode!, body, socket: req.socket! }));
        });
        req.on('error', reject);
      });
    // a keep-alive socket that sits idle, and a request that is still running when the signal comes
    const idle = await get('/api/health');
    expect(idle.status).toBe(200);
    const idleClosed = new Promise<void>((resolve) => idle.socket.once('close', () => resolve()));
    // the request in flight: its body is still arriving when the signal comes
    const body = JSON.stringify({ username: 'admin', password: 'not the password' });
    const inFlight = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          path: '/api/auth/login',
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode!, body: text }));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 10));
      void held.then(() => req.end(body.slice(10)));
    });
    await new Promise((r) => setTimeout(r, 100));
    let jobRuns = 0;
    let jobDone = false;
    const stopJob = startPeriodic(
      'test job',
      async () => {
        jobRuns++;
        await held;
        jobDone = true;
      },
      app.log,
      10,
    );
    await new Promise((r) => setTimeout(r, 50));
    expect(jobRuns).toBe(1);

    let stopped = false;
    const stopping = stopGracefully(app, [stopJob], 60_000).then(() => (stopped = true));
    await idleClosed; // the idle socket is closed at once, not after the keep-alive timeout
    expect(stopped).toBe(false); // the request and the background run are still going
    release();
    const slow = await inFlight;
    expect(slow.status).toBe(401); // answered in full: the wrong password is refused as usual
    expect(JSON.parse(slow.body)).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    await stopping; // resolves although the agent keeps its socket alive: the server closed it when it went idle
    expect(jobDone).toBe(true);
    expect(jobRuns).toBe(1);
    agent.destroy();
    idleAgent.destroy();
    await database.close();
  }, 30_000);
});
