// Writes pglite-template.tar.gz: an initialised, empty PGlite cluster shipped with the app
// so that the first start (and every test worker) skips initdb. Run: npx tsx server/platform/db/make-template.ts
import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { pgliteTemplatePath } from './client.js';

const started = Date.now();
const client = new PGlite({ extensions: { pg_trgm } });
await client.waitReady;
const dump = await client.dumpDataDir('gzip');
fs.writeFileSync(pgliteTemplatePath, Buffer.from(await dump.arrayBuffer()));
await client.close();
console.log(`wrote ${pgliteTemplatePath} (${fs.statSync(pgliteTemplatePath).size} bytes) in ${Date.now() - started} ms`);
