import type { FastifyInstance } from 'fastify';
import { ConfigError, loadConfig, type Config } from './platform/config.js';
import { openDatabase, type Database } from './platform/db/client.js';
import { startPeriodic, type StopPeriodic } from './platform/periodic/index.js';
import { markRunning, serveBackupRequests } from './platform/backup/index.js';
import { configureAuditChain, sealAudit } from './platform/audit/index.js';
import { startOutboxWorker } from './platform/outbox/outbox.js';
import { AdminPasswordError, seedOrganisation } from './identity/index.js';
import { startEscalationSweeper } from './procedures/index.js';
import { refreshSegmentsIfStale } from './parties/index.js';
import { startQuotationFollowUpSweeper } from './quotations/index.js';
import { recomputeProvisionalClocks, registerCalendarFeature, siteCalendar } from './calendar/index.js';
import { buildApp, registerFeatures } from './app.js';
import { startDigestRunner, startMailPoller } from './mail/index.js';
import { ProcedureDefinitionError } from './procedures/definitions.js';

/**
 * First-start seeding, upgrades of existing installations (new permissions, roles) and the recomputation of
 * provisional deadlines, under the start-up lock: two instances started together on one PostgreSQL database
 * take turns (the second finds the organisation seeded) instead of racing into a duplicate key.
 */
export async function prepareDatabase(database: Database, config: Pick<Config, 'adminPassword' | 'siteTimeZone' | 'dataDir' | 'auditKey'>) {
  configureAuditChain(config);
  return database.exclusive(async () => {
    const seeded = await seedOrganisation(database.db, { adminPassword: config.adminPassword, timeZone: config.siteTimeZone });
    registerCalendarFeature(config.siteTimeZone);
    // national data added by this release: provisional deadlines are recomputed (and logged)
    await database.db.transaction(async (tx) => recomputeProvisionalClocks(tx, await siteCalendar(tx)));
    return seeded;
  });
}

/**
 * Stop taking requests, let those in flight finish, close keep-alive sockets as soon as they are idle (a client's
 * idle keep-alive would otherwise hold the process for the 72 s keep-alive timeout), wait for background jobs in
 * progress; after `graceMs` every connection is closed.
 */
export async function stopGracefully(app: FastifyInstance, jobs: StopPeriodic[], graceMs: number) {
  const idle = setInterval(() => app.server.closeIdleConnections(), 100);
  const hard = setTimeout(() => app.server.closeAllConnections(), graceMs);
  try {
    await Promise.all([app.close(), ...jobs.map((stop) => stop())]);
  } finally {
    clearInterval(idle);
    clearTimeout(hard);
  }
}

/** Start Accord: validate configuration, open and migrate the database, seed, listen. */
export async function start(env: Record<string, string | undefined> = process.env, opts: { banner?: string } = {}) {
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
  try {
    registerFeatures(); // loads and checks the procedure definitions before anything else
  } catch (err) {
    if (err instanceof ProcedureDefinitionError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const database = await openDatabase(config);
  let seeded;
  try {
    seeded = await prepareDatabase(database, config);
  } catch (err) {
    if (err instanceof AdminPasswordError) {
      console.error(`Invalid configuration:\n  ${err.message}`);
      await database.close();
      process.exit(2);
    }
    throw err;
  }
  const app = await buildApp({ config, database });
  const stopOutbox = startOutboxWorker(database.db, app.log);
  const stopSweeper = startEscalationSweeper(database.db, app.log);
  const stopFollowUps = startQuotationFollowUpSweeper(database.db, app.log);
  const stopSealer = config.auditChain ? startPeriodic('audit seal', () => sealAudit(database.db), app.log, 2000) : async () => undefined;
  const stopMailPoller = startMailPoller(database.db, app.log, config.mailPollSeconds);
  const stopDigest = startDigestRunner(database.db, app.log);
  // customer value segments: recomputed once a site day (and on demand from the customer list)
  const stopSegments = startPeriodic('customer segments', () => refreshSegmentsIfStale(database.db), app.log, 15 * 60_000);
  // the embedded database is this process's alone: `npm run backup` hands its work to it (platform/backup/running.ts)
  const unmark = database.engine === 'pglite' ? markRunning(config.dataDir) : () => undefined;
  const stopBackups =
    database.engine === 'pglite' ? startPeriodic('backup requests', () => serveBackupRequests(database, config.dataDir), app.log, 2000) : async () => undefined;
  await app.listen({ port: config.port, host: config.host });
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;
  const lines = [`Accord is running at ${url}  (database: ${database.engine}${database.engine === 'pglite' ? `, data in ${config.dataDir}` : ''})`];
  if (opts.banner) lines.push(opts.banner);
  if (seeded.created) {
    lines.push(
      seeded.generatedPassword
        ? `First start: sign in at ${url}/login as  admin  with password  ${seeded.generatedPassword}  (shown only this once; change it after signing in)`
        : `First start: sign in at ${url}/login as  admin  with the password from ADMIN_PASSWORD`,
    );
  }
  console.log(`\n${lines.join('\n')}\n`);
  const shutdown = async () => {
    await stopGracefully(
      app,
      [stopOutbox, stopSweeper, stopFollowUps, stopSealer, stopMailPoller, stopDigest, stopSegments, stopBackups],
      config.shutdownGraceMs,
    );
    await database.close();
    unmark();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  return app;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await start();
}
