/**
 * P7 breakdown: the steps of server/main.ts timed one by one on an existing PGlite data directory
 * (DATA_DIR, PORT from the environment). Prints one JSON line: milliseconds since process start per step.
 */
const t0 = performance.now();
const phases: Record<string, number> = { 'node + tsx loader': Math.round(t0) };
const lap = (label: string) => (phases[label] = Math.round(performance.now()));
const { loadConfig } = await import('../../server/platform/config.js');
const { openDatabase } = await import('../../server/platform/db/client.js');
const { seedOrganisation } = await import('../../server/identity/index.js');
const { recomputeProvisionalClocks, registerCalendarFeature, siteCalendar } = await import('../../server/calendar/index.js');
const { buildApp, registerFeatures } = await import('../../server/app.js');
lap('import modules');
const config = loadConfig({ ...process.env, DATABASE_URL: '', LOG_LEVEL: 'warn' });
registerFeatures();
lap('procedure definitions');
const database = await openDatabase(config);
lap('open PGlite + migrations');
const { configureAuditChain } = await import('../../server/platform/audit/index.js');
configureAuditChain(config);
await seedOrganisation(database.db, { adminPassword: config.adminPassword, timeZone: config.siteTimeZone });
registerCalendarFeature(config.siteTimeZone);
await database.db.transaction(async (tx) => recomputeProvisionalClocks(tx, await siteCalendar(tx)));
lap('seed check + clocks');
const app = await buildApp({ config, database, logger: false });
lap('build Fastify app');
await app.listen({ port: config.port, host: '127.0.0.1' });
lap('listen');
console.log(JSON.stringify(phases));
await app.close();
await database.close();
export {};
