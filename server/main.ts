import { ConfigError, loadConfig } from './platform/config.js';
import { openDatabase } from './platform/db/client.js';
import { startOutboxWorker } from './platform/outbox/outbox.js';
import { AdminPasswordError, seedOrganisation } from './identity/index.js';
import { startEscalationSweeper } from './procedures/index.js';
import { startQuotationFollowUpSweeper } from './quotations/index.js';
import { recomputeProvisionalClocks, registerCalendarFeature, siteCalendar } from './calendar/index.js';
import { buildApp, registerFeatures } from './app.js';
import { startMailPoller } from './mail/index.js';
import { ProcedureDefinitionError } from './procedures/definitions.js';

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
    seeded = await seedOrganisation(database.db, { adminPassword: config.adminPassword, timeZone: config.siteTimeZone });
  } catch (err) {
    if (err instanceof AdminPasswordError) {
      console.error(`Invalid configuration:\n  ${err.message}`);
      await database.close();
      process.exit(2);
    }
    throw err;
  }
  registerCalendarFeature(config.siteTimeZone);
  // national data added by this release: provisional deadlines are recomputed (and logged)
  await database.db.transaction(async (tx) => recomputeProvisionalClocks(tx, await siteCalendar(tx)));
  const app = await buildApp({ config, database });
  const stopOutbox = startOutboxWorker(database.db, app.log);
  const stopSweeper = startEscalationSweeper(database.db, app.log);
  const stopFollowUps = startQuotationFollowUpSweeper(database.db, app.log);
  const stopMailPoller = startMailPoller(database.db, app.log, config.mailPollSeconds);
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
    stopOutbox();
    stopSweeper();
    stopFollowUps();
    stopMailPoller();
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  return app;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await start();
}
