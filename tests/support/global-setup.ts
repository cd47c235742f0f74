import { dropWorkerDatabases } from './postgres.js';

/** Integration tests run on PGlite always, and on PostgreSQL too when DATABASE_URL is set. */
export default async function setup() {
  const url = process.env.DATABASE_URL;
  if (url) await dropWorkerDatabases(url);
  return async () => {
    if (url) await dropWorkerDatabases(url);
  };
}
