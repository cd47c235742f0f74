// `npm run audit:verify`: recompute the audit chain of the configured database (DATA_DIR or DATABASE_URL, and
// AUDIT_KEY or the key file beside the data) and name the first broken row. Exit code 0: intact; 1: broken.
import { ConfigError, loadConfig } from '../config.js';
import { openDatabase } from '../db/client.js';
import { configureAuditChain, verifyAudit } from './index.js';

try {
  const config = loadConfig();
  configureAuditChain(config);
  const database = await openDatabase(config);
  try {
    const v = await verifyAudit(database.db);
    console.log(`audit chain: ${v.checked} rows checked, head #${v.head.seq} ${v.head.hash.slice(0, 16)}…, ${v.pending} awaiting their seal`);
    if (v.ok) console.log('intact');
    else {
      const p = v.problem!;
      const what = {
        changed: 'changed after it was written',
        missing: 'missing (deleted)',
        'broken-link': 'out of place (inserted or moved)',
        unsealed: 'never sealed (written behind the application, or changed before its seal)',
        'head-mismatch': 'the chain ends before its recorded head (rows cut from the end)',
      }[p.kind];
      console.log(
        `BROKEN at ${p.seq !== null ? `place #${p.seq}` : ''}${p.id !== null ? ` row id ${p.id}` : ''}${p.refType ? ` (${p.refType} ${p.refId}, ${p.at})` : ''}: ${what}`,
      );
    }
    process.exitCode = v.ok ? 0 : 1;
  } finally {
    await database.close();
  }
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exitCode = 2;
}
