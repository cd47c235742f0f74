import crypto from 'node:crypto';
import type { Db } from '../platform/db/client.js';
import type { AuthContext } from '../platform/http/access.js';
import { AppError, notFound } from '../platform/http/app-error.js';
import type { Locale } from '../../contracts/errors.js';
import type { TExampleCheck, TExampleRun, TImportKind } from '../../contracts/spreadsheets.js';
import { EXAMPLE_FILE_NAME, exampleWorkbook } from './example.js';
import type { PlannedRow } from './import-kinds.js';
import { readSheet } from './parse.js';
import {
  assertMay,
  checkImport,
  getImport,
  importSettled,
  message,
  spec,
  startImport,
  storedErrors,
  suggestMapping,
  typeRows,
  uploadImport,
  type ImportContext,
} from './imports.service.js';

/**
 * "Import the whole example": the bundled example workbook, every sheet in the order its records depend on each
 * other (customers before their communications and orders; products, vendors and the people beside them), for an
 * administrator trying Accord on an empty company. A dry run shows per sheet what would be created, updated,
 * skipped or refused; the run imports sheet after sheet as the wizard does (each sheet an import of its own, in
 * batches, audited "imported from file X row N"), stopping at the first sheet that fails.
 */
export const exampleOrder: TImportKind[] = ['customers', 'products', 'vendors', 'users', 'communications', 'orders'];

function assertMayAll(auth: AuthContext) {
  for (const kind of exampleOrder) assertMay(auth, spec(kind));
}

class DryRunDone extends Error {}

/**
 * The dry run of the whole workbook. Later sheets name records of earlier ones (a communication's customer), so
 * each sheet is planned and then written — all in one transaction that is rolled back at the end: the counts are
 * exactly what the run would do, and nothing stays. (The transaction holds the communication counter meanwhile:
 * someone logging a communication at that moment waits the few seconds it takes.)
 */
export async function checkExample(ctx: ImportContext, auth: AuthContext, locale: Locale): Promise<TExampleCheck> {
  assertMayAll(auth);
  const buf = await exampleWorkbook();
  const sheets: TExampleCheck['sheets'] = [];
  await ctx.db
    .transaction(async (tx) => {
      const db = tx as unknown as Db;
      for (const kind of exampleOrder) {
        const s = spec(kind);
        const sheet = await readSheet(buf, 'xlsx', { prefer: [s.kind, s.title.zh, s.title.en, ...s.sheetNames] });
        const headers = sheet.headers.filter((h) => h);
        const mapping = suggestMapping(s, headers, {});
        const planned = typeRows({ ...ctx, db }, s, sheet, mapping);
        const valid = planned.filter((r) => !r.issues.length);
        await s.plan(db, valid);
        for (const r of planned) if (r.issues.length) r.action = 'error';
        const errors = storedErrors(s, mapping, planned);
        const n = (a: PlannedRow['action']) => planned.filter((r) => r.action === a).length;
        sheets.push({
          kind,
          sheet: sheet.sheet,
          total: planned.length,
          created: n('create'),
          updated: n('update'),
          skipped: n('skip'),
          errorCount: errors.length,
          errors: errors.slice(0, 5).map((e) => ({ row: e.row, column: e.column, field: e.field, code: e.code, message: message(e.code, e.params, locale) })),
        });
        // written as the run writes them, so that the sheets after this one find these records
        const reasonOf = (r: PlannedRow) => `dry run of ${EXAMPLE_FILE_NAME} row ${r.rowNo}`;
        const work = planned.filter((r) => r.action === 'create' || r.action === 'update');
        if (s.applyBatch) await s.applyBatch(db, auth, work, reasonOf);
        else for (const r of work) await s.apply(db, auth, r, reasonOf(r));
      }
      throw new DryRunDone();
    })
    .catch((error: unknown) => {
      if (!(error instanceof DryRunDone)) throw error;
    });
  return { fileName: EXAMPLE_FILE_NAME, sheets };
}

interface ExampleRun {
  id: string;
  userId: string;
  status: 'running' | 'done' | 'failed';
  message: string | null;
  jobs: Partial<Record<TImportKind, string>>;
}

/** The runs of this process (a few): the imports they started stay in each user's list of imports anyway. */
const runs = new Map<string, ExampleRun>();
const settled = new Map<string, Promise<void>>();

export async function startExample(ctx: ImportContext, auth: AuthContext, locale: Locale): Promise<TExampleRun> {
  assertMayAll(auth);
  if ([...runs.values()].some((r) => r.userId === auth.userId && r.status === 'running')) throw new AppError('IMPORT_ALREADY_STARTED');
  const run: ExampleRun = { id: crypto.randomUUID(), userId: auth.userId, status: 'running', message: null, jobs: {} };
  runs.set(run.id, run);
  while (runs.size > 20) runs.delete(runs.keys().next().value!);
  const buf = await exampleWorkbook();
  const work = (async () => {
    for (const kind of exampleOrder) {
      const uploaded = await uploadImport(ctx, auth, kind, EXAMPLE_FILE_NAME, buf, locale);
      run.jobs[kind] = uploaded.id;
      const checked = await checkImport(ctx, auth, uploaded.id, uploaded.mapping, locale);
      if (checked.errorCount) {
        run.status = 'failed';
        run.message = `${kind}: ${checked.errorCount} error(s)`;
        return;
      }
      await startImport(ctx, auth, uploaded.id, locale);
      await importSettled(uploaded.id);
      const done = await getImport(ctx, auth, uploaded.id, locale);
      if (done.status !== 'done') {
        run.status = 'failed';
        run.message = `${kind}: ${done.status}${done.message ? ` (${done.message})` : ''}`;
        return;
      }
    }
    run.status = 'done';
  })()
    .catch((error: unknown) => {
      run.status = 'failed';
      run.message = error instanceof AppError ? error.code : 'INTERNAL';
    })
    .finally(() => settled.delete(run.id));
  settled.set(run.id, work);
  return presentRun(ctx, auth, run, locale);
}

/** Waits for a run of the whole example (tests). */
export async function exampleSettled(id: string) {
  await settled.get(id);
}

/** Waits for every run of the example workbook in this process (tests: counting what a request wrote). */
export async function examplesSettled() {
  await Promise.allSettled([...settled.values()]);
}

async function presentRun(ctx: ImportContext, auth: AuthContext, run: ExampleRun, locale: Locale): Promise<TExampleRun> {
  const sheets: TExampleRun['sheets'] = [];
  for (const kind of exampleOrder) {
    const jobId = run.jobs[kind];
    if (!jobId) {
      sheets.push({ kind, jobId: null, status: 'waiting', total: 0, processed: 0, created: 0, updated: 0, skipped: 0, errorCount: 0 });
      continue;
    }
    const j = await getImport(ctx, auth, jobId, locale);
    sheets.push({
      kind,
      jobId,
      status: j.status,
      total: j.total,
      processed: j.processed,
      created: j.created,
      updated: j.updated,
      skipped: j.skipped,
      errorCount: j.errorCount,
    });
  }
  return { id: run.id, status: run.status, message: run.message, sheets };
}

export async function getExampleRun(ctx: ImportContext, auth: AuthContext, id: string, locale: Locale): Promise<TExampleRun> {
  const run = runs.get(id);
  if (!run || run.userId !== auth.userId) throw notFound();
  return presentRun(ctx, auth, run, locale);
}
