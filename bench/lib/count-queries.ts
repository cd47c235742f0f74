/**
 * Preloaded into the server child (`node --import tsx --import ./bench/lib/count-queries.ts`):
 * counts the SQL statements node-postgres sends; SIGUSR2 prints `QUERIES <n>` on stdout.
 * The benchmark reads it before and after a run to report statements per request.
 */
import pg from 'pg';

let count = 0;
const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
const original = proto.query;
proto.query = function (this: unknown, ...args: unknown[]) {
  count++;
  return original.apply(this, args);
};
process.on('SIGUSR2', () => process.stdout.write(`QUERIES ${count}\n`));
