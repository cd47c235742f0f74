import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser } from 'playwright-core';
import { buildApp, webDist } from '../../server/app.js';
import { loadConfig } from '../../server/platform/config.js';
import { openPglite, type Database } from '../../server/platform/db/client.js';
import { seedOrganisation } from '../../server/identity/index.js';
import { configureAuditChain } from '../../server/platform/audit/index.js';

export const CHROMIUM = '/usr/bin/chromium';
export const ADMIN_PASSWORD = 'journey-admin-1';

/** Why browser journeys cannot run here, or null when they can. */
export function browserUnavailable(): string | null {
  if (!fs.existsSync(CHROMIUM)) return `Chromium not found at ${CHROMIUM} (apt-get install chromium fonts-noto-cjk)`;
  if (!fs.existsSync(path.join(webDist, 'index.html'))) return `the web app is not built (${webDist}); run npm run build:web`;
  return null;
}

export interface Running {
  app: FastifyInstance;
  database: Database;
  baseUrl: string;
  browser: Browser;
  close(): Promise<void>;
}

/** Accord on a fresh embedded database and a free port, and a headless Chromium. */
export async function startAccord(): Promise<Running> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-e2e-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    ADMIN_PASSWORD,
    LOG_LEVEL: 'warn',
    COMPANY_NAME_ZH: '瑞源精密电子有限公司',
    COMPANY_NAME_EN: 'Ruiyuan Precision Electronics Co., Ltd.',
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
  });
  const database = await openPglite(path.join(dataDir, 'pglite'));
  configureAuditChain(config);
  await seedOrganisation(database.db, { adminPassword: ADMIN_PASSWORD, timeZone: 'Asia/Shanghai' });
  const app = await buildApp({ config, database, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      // the app turns antd's motion off for a user who prefers reduced motion: no click lands on a zooming dialog
      '--force-prefers-reduced-motion',
    ],
  });
  return {
    app,
    database,
    baseUrl: `http://127.0.0.1:${port}`,
    browser,
    async close() {
      await browser.close();
      await app.close();
      await database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const screenshotDir = path.resolve('test-results/screenshots');
