import pg from 'pg';

/** Per-worker test databases are created beside the one DATABASE_URL names. */
export function workerDatabaseUrl(baseUrl: string, worker: string): { url: string; name: string } {
  const u = new URL(baseUrl);
  const base = decodeURIComponent(u.pathname.replace(/^\//, '')) || 'accord';
  const name = `${base}_w${worker}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  u.pathname = `/${name}`;
  return { url: u.toString(), name };
}

export function workerPrefix(baseUrl: string): string {
  return workerDatabaseUrl(baseUrl, '').name;
}

export async function adminQuery(baseUrl: string, sqlText: string) {
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    return await client.query(sqlText);
  } finally {
    await client.end();
  }
}

export async function dropWorkerDatabases(baseUrl: string) {
  const prefix = workerPrefix(baseUrl);
  const res = await adminQuery(baseUrl, `select datname from pg_database where datname like '${prefix}%'`);
  for (const row of res.rows as { datname: string }[]) {
    await adminQuery(baseUrl, `drop database if exists "${row.datname}" with (force)`);
  }
}
