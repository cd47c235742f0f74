import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The embedded engine's promise, tested on the real thing: Accord as `npm start` runs it (its own process, PGlite in a
 * data directory), communications acknowledged by the API, then the process killed without warning (SIGKILL: no
 * shutdown, no flush) — started again, every acknowledged record is there. What it does not promise: a power cut
 * (PGlite writes through the operating system's page cache; see README "What each engine promises").
 */
const ADMIN = 'Crash-admin-pass-2026!';
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-crash-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

async function startAccord() {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: '',
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      ADMIN_PASSWORD: ADMIN,
      LOG_LEVEL: 'silent',
      LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`Accord exited: ${output}`);
    if (
      await fetch(`${base}/api/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (i > 600) throw new Error(`Accord did not start: ${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN }),
  });
  const cookie = (login.headers.getSetCookie() ?? []).map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const call = async (method: string, url: string, body?: unknown) => {
    const res = await fetch(`${base}${url}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };
  return { child, call };
}

describe('a killed embedded Accord', () => {
  it('loses nothing it acknowledged: started again after SIGKILL, every communication is there', async () => {
    const first = await startAccord();
    const customer = await first.call('POST', '/api/customers', { code: 'CRASH-1', nameZh: '断电测试客户' });
    expect(customer.status).toBe(200);
    const acknowledged: string[] = [];
    for (let i = 0; i < 25; i++) {
      const res = await first.call('POST', '/api/communications', {
        partyId: customer.json.id,
        channel: 'phone',
        direction: 'in',
        occurredAt: '2026-12-01T02:00:00.000Z',
        subject: `来电 ${i}`,
        content: `第 ${i} 次来电`,
      });
      expect(res.status).toBe(200);
      acknowledged.push(res.json.id as string);
    }
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));

    const second = await startAccord();
    const list = await second.call('GET', `/api/communications?partyId=${customer.json.id}&pageSize=100`);
    expect(list.status).toBe(200);
    expect((list.json.items as { id: string }[]).map((c) => c.id).sort()).toEqual(acknowledged.sort());
    second.child.kill('SIGTERM');
    await new Promise((r) => second.child.once('exit', r));
  }, 180_000);
});
