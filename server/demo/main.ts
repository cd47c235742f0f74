/**
 * `npm run demo`: Accord with a realistic demo company, in its own data directory.
 *
 *   DATA_DIR        default ./data-demo (never the real ./data)
 *   PORT            default 3000
 *   ADMIN_PASSWORD  default demo-admin-2026
 *   DEMO_SCALE      default 1 (30 customers, ~300 communications); e.g. 0.3 for a smaller company
 *   DEMO_DATABASE_URL  load the demo into this PostgreSQL database instead (DATABASE_URL is ignored,
 *                      so the demo never writes into the real database by accident)
 *
 * On a new data directory the organisation is seeded and the demo loaded through the real
 * services before the server starts; afterwards `npm run demo` just starts it again.
 */
import path from 'node:path';
import { ConfigError, loadConfig } from '../platform/config.js';
import { openDatabase } from '../platform/db/client.js';
import { configureAuditChain } from '../platform/audit/index.js';
import { seedOrganisation } from '../identity/index.js';
import { start } from '../main.js';
import { registerFeatures } from '../app.js';
import { registerCalendarFeature } from '../calendar/index.js';
import { DEMO_USER_PASSWORD, demoUsers } from './demo.data.js';
import { hasCustomers, loadDemo, type DemoSummary } from './load-demo.js';

export const DEMO_ADMIN_PASSWORD = 'demo-admin-2026';

function banner(dataDir: string, adminPassword: string, loaded: DemoSummary | null): string {
  const width = Math.max(...demoUsers.map((u) => u.username.length), 'admin'.length) + 2;
  const lines = [
    loaded
      ? `Demo company loaded in ${(loaded.ms / 1000).toFixed(1)} s: ${loaded.customers} customers, ${loaded.contacts} contacts, ${loaded.communications} communications ` +
        `(${loaded.corrections} corrected; follow-ups ${loaded.followUps.open} open, ${loaded.followUps.overdue} overdue, ${loaded.followUps.done} done; ` +
        `enquiries ${loaded.enquiries.answered} answered, ${loaded.enquiries.waiting} waiting for an answer).`
      : 'Demo data already present: started without loading it again.',
    `Demo data lives in ${dataDir} — delete that directory to start over.`,
    '',
    `Sign in as any of these users (password for all: ${DEMO_USER_PASSWORD}):`,
    ...demoUsers.map((u) => `  ${u.username.padEnd(width)}${u.displayName}  —  ${u.job}  [${u.roles.join(', ')}]`),
    `  ${'admin'.padEnd(width)}系统管理员 Administrator  —  password ${adminPassword}${loaded ? '' : ' (as set when this data directory was created)'}`,
  ];
  return lines.join('\n');
}

export async function main(processEnv: Record<string, string | undefined> = process.env) {
  const env: Record<string, string | undefined> = {
    ...processEnv,
    DATA_DIR: processEnv.DATA_DIR || './data-demo',
    ADMIN_PASSWORD: processEnv.ADMIN_PASSWORD || DEMO_ADMIN_PASSWORD,
    DATABASE_URL: processEnv.DEMO_DATABASE_URL ?? '',
    COMPANY_NAME_ZH: processEnv.COMPANY_NAME_ZH ?? '瑞源精密电子有限公司',
    COMPANY_NAME_EN: processEnv.COMPANY_NAME_EN ?? 'Ruiyuan Precision Electronics Co., Ltd.',
  };
  if (processEnv.DATABASE_URL && !processEnv.DEMO_DATABASE_URL) {
    console.warn('DATABASE_URL is ignored by the demo (it runs on PGlite in DATA_DIR); set DEMO_DATABASE_URL to load it into PostgreSQL.');
  }
  const scale = Number(processEnv.DEMO_SCALE ?? '1');
  if (!Number.isFinite(scale) || scale <= 0 || scale > 1) {
    console.error('Invalid configuration:\n  DEMO_SCALE: must be a number in (0, 1]');
    process.exit(2);
  }
  let config;
  try {
    config = loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const adminPassword = config.adminPassword!;

  let loaded: DemoSummary | null = null;
  // the demo runs through the services: procedures (enquiries start one) and the calendar must be known first
  registerFeatures();
  registerCalendarFeature(config.siteTimeZone);
  configureAuditChain(config);
  const database = await openDatabase(config);
  try {
    await seedOrganisation(database.db, { adminPassword, timeZone: config.siteTimeZone });
    if (!(await hasCustomers(database.db))) {
      console.log(`Loading the demo company into ${database.engine === 'pglite' ? config.dataDir : 'PostgreSQL'} …`);
      loaded = await loadDemo(database.db, { adminPassword, scale, dataDir: config.dataDir, log: (line) => console.log(line) });
    }
  } finally {
    await database.close();
  }
  const relative = path.relative(process.cwd(), config.dataDir);
  const where = database.engine !== 'pglite' ? 'the DEMO_DATABASE_URL database' : relative && !relative.startsWith('..') ? `./${relative}` : config.dataDir;
  return start(env, { banner: banner(where, adminPassword, loaded) });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
