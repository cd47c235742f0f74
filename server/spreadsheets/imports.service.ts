import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import type { Db } from '../platform/db/client.js';
import type { AuthContext } from '../platform/http/access.js';
import { AppError, notFound } from '../platform/http/app-error.js';
import { sensitiveClassOf } from '../platform/http/redact.js';
import { insertAudit } from '../platform/audit/index.js';
import { TimeZoneOffsets } from '../calendar/index.js';
import { findInvalidText } from '../../contracts/common.js';
import type { Locale } from '../../contracts/errors.js';
import { importRowReasons, type TImportJob, type TImportKind } from '../../contracts/spreadsheets.js';
import { importKinds, type FieldSpec, type ImportKindSpec, type PlannedRow, type RowIssue, type Typed, type Values } from './import-kinds.js';
import { cellText, normaliseHeader, parseWallTime, readSheet, sniffFormat, type FileFormat, type ParsedSheet, type RawCell } from './parse.js';
import * as repo from './imports.repository.js';
import type { StoredRowError, StoredRowPlan } from './imports.table.js';

/** rows written per transaction: a batch is all or nothing */
export const IMPORT_BATCH = 200;
const SHOWN = 500;

export interface ImportContext {
  db: Db;
  dataDir: string;
  timeZone: string;
}

export function spec(kind: string): ImportKindSpec {
  const s = importKinds[kind as TImportKind];
  if (!s) throw notFound();
  return s;
}

export function assertMay(auth: AuthContext, s: ImportKindSpec) {
  if (!auth.permissions.has(s.permission)) throw new AppError('FORBIDDEN');
}

const filePath = (dataDir: string, sha: string) => path.join(dataDir, 'imports', sha);

// ---- presentation ------------------------------------------------------------------------------------------------

export function message(code: string, params: Record<string, string | number>, locale: Locale) {
  const entry = importRowReasons[code as keyof typeof importRowReasons] ?? importRowReasons.failed;
  const text = locale === 'zh-CN' ? entry.zh : entry.en;
  return text.replace(/\{(\w+)\}/g, (_, k: string) => (k in params ? String(params[k]) : `{${k}}`));
}

function fieldsOf(s: ImportKindSpec) {
  return s.fields.map((f) => ({ key: f.key, zh: f.zh, en: f.en, required: !!f.required, naturalKey: !!f.naturalKey, hint: f.hint }));
}

export function toJob(row: repo.ImportJobRow, locale: Locale): TImportJob {
  const s = spec(row.kind);
  return {
    id: row.id,
    kind: row.kind as TImportKind,
    fileName: row.fileName,
    sheet: row.sheet,
    status: row.status as TImportJob['status'],
    headers: row.headers,
    mapping: row.mapping,
    fields: fieldsOf(s),
    rule: s.rule,
    total: row.total,
    processed: row.processed,
    created: row.created,
    updated: row.updated,
    skipped: row.skipped,
    errorCount: row.errorCount,
    errors: row.errors.slice(0, SHOWN).map((e) => ({ row: e.row, column: e.column, field: e.field, code: e.code, message: message(e.code, e.params, locale) })),
    plan: row.plan.slice(0, SHOWN),
    message: row.message,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

/** A run writes its progress after every batch (seconds apart); one silent this long was stopped with its server. */
const STALE_MS = 10 * 60_000;

async function ownJob(db: Db, auth: AuthContext, id: string) {
  const row = await repo.selectJob(db, id);
  if (!row || row.userId !== auth.userId) throw notFound();
  if (row.status === 'running' && !running.has(id) && Date.now() - row.updatedAt.getTime() > STALE_MS) {
    // the batches that committed stay (each whole); the rest was never imported
    return (
      (await repo.updateJob(db, id, { status: 'failed', message: 'interrupted: the server stopped during the import', finishedAt: new Date() }, ['running'])) ??
      row
    );
  }
  return row;
}

// ---- mapping -----------------------------------------------------------------------------------------------------

function fieldNames(f: FieldSpec): string[] {
  return [f.key, f.zh, f.en, `${f.zh}${f.en}`, ...(f.aliases ?? [])].map(normaliseHeader);
}

/** field → header: what the user confirmed last time for these headers, else the headers recognised (zh or en). */
export function suggestMapping(s: ImportKindSpec, headers: string[], remembered: Record<string, string>): Record<string, string> {
  const mapping: Record<string, string> = {};
  const taken = new Set<string>();
  for (const h of headers) {
    const field = remembered[normaliseHeader(h)];
    if (field && s.fields.some((f) => f.key === field) && !mapping[field]) {
      mapping[field] = h;
      taken.add(h);
    }
  }
  for (const f of s.fields) {
    if (mapping[f.key]) continue;
    const names = new Set(fieldNames(f));
    const h = headers.find((x) => !taken.has(x) && names.has(normaliseHeader(x)));
    if (h) {
      mapping[f.key] = h;
      taken.add(h);
    }
  }
  return mapping;
}

// ---- upload ------------------------------------------------------------------------------------------------------

export async function uploadImport(ctx: ImportContext, auth: AuthContext, kind: string, fileName: string, buf: Buffer, locale: Locale): Promise<TImportJob> {
  const s = spec(kind);
  assertMay(auth, s);
  const format = sniffFormat(buf, fileName);
  const sheet = await readSheet(buf, format, { prefer: [s.kind, s.title.zh, s.title.en, ...s.sheetNames] });
  const sha = crypto.createHash('sha256').update(buf).digest('hex');
  const target = filePath(ctx.dataDir, sha);
  if (!fs.existsSync(target)) {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(`${target}.tmp`, buf);
    fs.renameSync(`${target}.tmp`, target);
  }
  keepSheet(sha, format, sheet);
  const remembered = await repo.selectMapping(ctx.db, auth.userId, kind);
  const headers = sheet.headers.filter((h) => h);
  const row = await repo.insertJob(ctx.db, {
    userId: auth.userId,
    kind,
    fileName,
    fileSha256: sha,
    fileFormat: format,
    sheet: sheet.sheet,
    headers,
    mapping: suggestMapping(s, headers, remembered),
    status: 'uploaded',
    total: sheet.rows.length,
  });
  return toJob(row, locale);
}

/**
 * The sheets parsed lately (upload → dry run → run read the same file three times within minutes): kept in memory a
 * short while, a few at most, so a large file is parsed once. The file on disk stays the truth (a restart, another
 * instance, an evicted entry: parsed again from it); a sheet is never changed by its readers.
 */
const SHEETS_KEPT = 2;
const SHEET_TTL_MS = 15 * 60_000;
const parsedSheets = new Map<string, { sheet: ParsedSheet; at: number }>();
const sheetKey = (sha: string, format: string, sheet: string | null) => `${sha}|${format}|${sheet ?? ''}`;

function keepSheet(sha: string, format: string, sheet: ParsedSheet) {
  const now = Date.now();
  for (const [k, v] of parsedSheets) if (now - v.at > SHEET_TTL_MS) parsedSheets.delete(k);
  parsedSheets.delete(sheetKey(sha, format, sheet.sheet));
  parsedSheets.set(sheetKey(sha, format, sheet.sheet), { sheet, at: now });
  while (parsedSheets.size > SHEETS_KEPT) parsedSheets.delete(parsedSheets.keys().next().value!);
}

async function loadSheet(ctx: ImportContext, row: repo.ImportJobRow): Promise<ParsedSheet> {
  const kept = parsedSheets.get(sheetKey(row.fileSha256, row.fileFormat, row.sheet));
  if (kept && Date.now() - kept.at <= SHEET_TTL_MS) return kept.sheet;
  const buf = fs.readFileSync(filePath(ctx.dataDir, row.fileSha256));
  const sheet = await readSheet(buf, row.fileFormat as FileFormat, { sheet: row.sheet });
  keepSheet(row.fileSha256, row.fileFormat, sheet);
  return sheet;
}

// ---- dry run -----------------------------------------------------------------------------------------------------

function checkMapping(s: ImportKindSpec, auth: AuthContext, headers: string[], mapping: Record<string, string>) {
  const problems: { path: string; code: string }[] = [];
  for (const [field, header] of Object.entries(mapping)) {
    if (!s.fields.some((f) => f.key === field)) problems.push({ path: `body.mapping.${field}`, code: 'unknown_field' });
    else if (!headers.includes(header)) problems.push({ path: `body.mapping.${field}`, code: 'unknown_header' });
  }
  if (problems.length) throw new AppError('VALIDATION_FAILED', problems);
  // the mirror of the write rights: a column the user could not read may not be written either
  const hidden = Object.keys(mapping)
    .filter((f) => {
      const cls = sensitiveClassOf(f);
      return cls && !auth.visible.has(cls);
    })
    .map((f) => ({ path: `body.mapping.${f}`, code: `needs_${sensitiveClassOf(f)}` }));
  if (hidden.length) throw new AppError('FIELD_NOT_PERMITTED', hidden);
  const missing = s.fields.filter((f) => f.required && !mapping[f.key]);
  if (missing.length) {
    throw new AppError(
      'IMPORT_MAPPING_INCOMPLETE',
      missing.map((f) => ({ path: `body.mapping.${f.key}`, code: 'required', messages: { 'zh-CN': `${f.zh} 未对应到列`, 'en-US': `${f.en} is not mapped` } })),
    );
  }
}

const choiceIndexes = new WeakMap<FieldSpec, Map<string, string>>();
/** a choice field's values by every word typed for them (normalised), the first value listed winning a shared word */
function choiceIndex(f: FieldSpec): Map<string, string> {
  let index = choiceIndexes.get(f);
  if (!index) {
    index = new Map();
    for (const [value, words] of Object.entries(f.choices ?? {})) {
      for (const w of [value, ...words]) if (!index.has(normaliseHeader(w))) index.set(normaliseHeader(w), value);
    }
    choiceIndexes.set(f, index);
  }
  return index;
}

function typed(f: FieldSpec, cell: RawCell | undefined, timeZone: string): { value: Typed; issue?: RowIssue } {
  if (cell?.formula) return { value: null, issue: { field: f.key, code: 'formula' } };
  const raw = cell?.value ?? null;
  if (f.type === 'date') {
    const t = raw instanceof Date || typeof raw === 'number' ? raw : cellText(raw);
    if (t === null) return f.required ? { value: null, issue: { field: f.key, code: 'required' } } : { value: null };
    const w = parseWallTime(t);
    if (!w) return { value: null, issue: { field: f.key, code: 'bad_date', params: { value: String(t) } } };
    const p2 = (n: number) => String(n).padStart(2, '0');
    return { value: `${w.y}-${p2(w.m)}-${p2(w.d)}` };
  }
  if (f.type === 'datetime') {
    const t = raw instanceof Date || typeof raw === 'number' ? raw : cellText(raw);
    if (t === null) return f.required ? { value: null, issue: { field: f.key, code: 'required' } } : { value: null };
    const w = parseWallTime(t);
    if (!w) return { value: null, issue: { field: f.key, code: 'bad_date', params: { value: String(t) } } };
    const day = Date.UTC(w.y, w.m - 1, w.d) / 86_400_000;
    // a date without a time: 09:00 at the site, the start of a working day
    const ms = (w.hh === 0 && w.mm === 0 ? 9 * 60 : w.hh * 60 + w.mm) * 60_000;
    return { value: new Date(TimeZoneOffsets.for(timeZone).toInstant(day, ms)) };
  }
  const text = cellText(raw);
  if (text === null) return f.required ? { value: null, issue: { field: f.key, code: 'required' } } : { value: null };
  if (findInvalidText(text, 'x')) return { value: null, issue: { field: f.key, code: 'invalid_text' } };
  if (f.max && text.length > f.max) return { value: null, issue: { field: f.key, code: 'too_long', params: { max: f.max } } };
  switch (f.type) {
    case 'code':
      return /^[A-Za-z0-9][A-Za-z0-9_-]{1,23}$/.test(text) ? { value: text.toUpperCase() } : { value: null, issue: { field: f.key, code: 'bad_code' } };
    case 'username':
      return /^[a-zA-Z0-9._-]{2,40}$/.test(text) ? { value: text.toLowerCase() } : { value: null, issue: { field: f.key, code: 'bad_username' } };
    case 'int': {
      const n = typeof raw === 'number' ? raw : Number(text.replace(/[,，\s]/g, ''));
      return Number.isInteger(n) && n >= 1 && n <= 1_000_000_000
        ? { value: n }
        : { value: null, issue: { field: f.key, code: 'bad_number', params: { value: text } } };
    }
    case 'decimal': {
      const n = typeof raw === 'number' ? raw : Number(text.replace(/[,，¥￥$\s]/g, ''));
      return Number.isFinite(n) && n >= 0 && n <= 1_000_000_000
        ? { value: n }
        : { value: null, issue: { field: f.key, code: 'bad_number', params: { value: text } } };
    }
    case 'email':
      return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text) ? { value: text } : { value: null, issue: { field: f.key, code: 'bad_email' } };
    case 'number': {
      const n = typeof raw === 'number' ? raw : Number(text.replace(/[,，]/g, ''));
      return Number.isInteger(n) && n >= 1 && n <= 3650 ? { value: n } : { value: null, issue: { field: f.key, code: 'bad_number', params: { value: text } } };
    }
    case 'bool':
    case 'choice': {
      const value = choiceIndex(f).get(normaliseHeader(text));
      if (value !== undefined) return { value: f.type === 'bool' ? value === 'true' : value };
      const choices = Object.entries(f.choices ?? {})
        .map(([v, w]) => (w[0] && w[0] !== v ? `${v}/${w[0]}` : v))
        .join(', ');
      return { value: null, issue: { field: f.key, code: 'bad_choice', params: { value: text, choices } } };
    }
    default:
      return { value: text };
  }
}

/**
 * The rows a dry run typed, per job: the run plans again (the data may have changed since), but typing the cells
 * depends only on the file, the mapping and the site's time zone, so the run takes them from here when those are
 * the same. The kind's plan (the lookups) always runs again.
 */
const typedRows = new Map<string, { key: string; rows: { rowNo: number; values: Values; issues: RowIssue[] }[] }>();
const typedKey = (job: repo.ImportJobRow, mapping: Record<string, string>, timeZone: string) =>
  JSON.stringify([job.fileSha256, job.fileFormat, job.sheet, timeZone, Object.entries(mapping).sort(([a], [b]) => (a < b ? -1 : 1))]);

/** Every row typed and checked, duplicates in the file found, then the kind's plan (create/update/skip). */
async function planRows(ctx: ImportContext, s: ImportKindSpec, job: repo.ImportJobRow, mapping: Record<string, string>): Promise<PlannedRow[]> {
  const key = typedKey(job, mapping, ctx.timeZone);
  const kept = typedRows.get(job.id);
  const planned: PlannedRow[] =
    kept && kept.key === key
      ? kept.rows.map((r) => ({ rowNo: r.rowNo, values: r.values, issues: [...r.issues], action: 'error', key: null, label: null }))
      : typeRows(ctx, s, await loadSheet(ctx, job), mapping);
  if (!(kept && kept.key === key)) {
    typedRows.delete(job.id);
    typedRows.set(job.id, { key, rows: planned.map((r) => ({ rowNo: r.rowNo, values: r.values, issues: [...r.issues] })) });
    // a few dry runs kept (the ones whose run may follow): the oldest goes first
    while (typedRows.size > SHEETS_KEPT) typedRows.delete(typedRows.keys().next().value!);
  }
  const valid = planned.filter((r) => !r.issues.length);
  await s.plan(ctx.db, valid);
  for (const r of planned) if (r.issues.length) r.action = 'error';
  return planned;
}

/** The cells typed field by field, duplicate natural keys in the file marked. */
export function typeRows(ctx: ImportContext, s: ImportKindSpec, sheet: ParsedSheet, mapping: Record<string, string>): PlannedRow[] {
  const index = new Map(sheet.headers.map((h, i) => [h, i]));
  const planned: PlannedRow[] = sheet.rows.map(({ rowNo, cells }) => {
    const values: Values = {};
    const issues: RowIssue[] = [];
    for (const f of s.fields) {
      const header = mapping[f.key];
      const col = header === undefined ? undefined : index.get(header);
      const { value, issue } = typed(f, col === undefined ? undefined : cells[col], ctx.timeZone);
      values[f.key] = value;
      if (issue) issues.push(issue);
    }
    return { rowNo, values, issues, action: 'error', key: null, label: null };
  });
  const keyField = s.grouped ? undefined : s.fields.find((f) => f.naturalKey);
  if (keyField) {
    const first = new Map<string, number>();
    for (const r of planned) {
      const k = r.values[keyField.key];
      if (k === null || k === undefined) continue;
      const norm = String(k).toUpperCase();
      const seen = first.get(norm);
      if (seen !== undefined) r.issues.push({ field: keyField.key, code: 'duplicate_in_file', params: { other: seen, key: String(k) } });
      else first.set(norm, r.rowNo);
    }
  }
  return planned;
}

export function storedErrors(s: ImportKindSpec, mapping: Record<string, string>, planned: PlannedRow[]): StoredRowError[] {
  return planned.flatMap((r) =>
    r.issues.map((i) => ({
      row: r.rowNo,
      column: i.field ? (mapping[i.field] ?? s.fields.find((f) => f.key === i.field)?.zh ?? null) : null,
      field: i.field,
      code: i.code,
      params: i.params ?? {},
    })),
  );
}

function summary(planned: PlannedRow[]) {
  const n = (a: PlannedRow['action']) => planned.filter((r) => r.action === a).length;
  return { created: n('create'), updated: n('update'), skipped: n('skip') };
}

export async function checkImport(ctx: ImportContext, auth: AuthContext, id: string, mapping: Record<string, string>, locale: Locale): Promise<TImportJob> {
  const job = await ownJob(ctx.db, auth, id);
  const s = spec(job.kind);
  assertMay(auth, s);
  if (job.status !== 'uploaded' && job.status !== 'checked') throw new AppError('IMPORT_ALREADY_STARTED');
  checkMapping(s, auth, job.headers, mapping);
  await repo.upsertMapping(
    ctx.db,
    auth.userId,
    job.kind,
    Object.fromEntries(Object.entries(mapping).map(([field, header]) => [normaliseHeader(header), field])),
  );
  const planned = await planRows(ctx, s, job, mapping);
  const errors = storedErrors(s, mapping, planned);
  const plan: StoredRowPlan[] = planned.slice(0, SHOWN).map((r) => ({ row: r.rowNo, action: r.action, key: r.key, label: r.label }));
  const row = await repo.updateJob(
    ctx.db,
    id,
    { status: 'checked', mapping, ...summary(planned), errorCount: errors.length, errors, plan, total: planned.length, processed: 0 },
    ['uploaded', 'checked'],
  );
  if (!row) throw new AppError('IMPORT_ALREADY_STARTED');
  return toJob(row, locale);
}

// ---- the run -----------------------------------------------------------------------------------------------------

const running = new Map<string, Promise<void>>();

interface Secret {
  key: string;
  label: string;
  value: string;
}
/**
 * The one-time passwords of the users an import created: in memory only (never in the database, never in the
 * audit), handed out once to the administrator who ran the import, then forgotten. Lost with a restart: the
 * administrator then resets those users' passwords.
 */
const secrets = new Map<string, Secret[]>();

/** The one-time passwords of an import's new users as a workbook, once; a second call finds nothing (404). */
export async function takePasswords(ctx: ImportContext, auth: AuthContext, id: string, locale: Locale) {
  const job = await ownJob(ctx.db, auth, id);
  assertMay(auth, spec(job.kind));
  const list = secrets.get(id);
  if (!list || job.status === 'running') throw notFound();
  secrets.delete(id);
  await insertAudit(ctx.db, { actorId: auth.userId, ref: { type: 'import', id }, action: 'passwords.handed-out', after: { users: list.map((x) => x.key) } });
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(locale === 'zh-CN' ? '初始密码' : 'One-time passwords');
  ws.columns = [{ width: 20 }, { width: 20 }, { width: 28 }];
  ws.addRow(
    locale === 'zh-CN' ? ['用户名', '姓名', '一次性密码（首次登录须修改）'] : ['User name', 'Name', 'One-time password (changed at first sign-in)'],
  ).font = { bold: true };
  for (const x of list) ws.addRow([x.key, x.label, x.value]);
  return { buf: Buffer.from(await wb.xlsx.writeBuffer()), contentType: XLSX, filename: locale === 'zh-CN' ? '初始密码.xlsx' : 'one-time-passwords.xlsx' };
}

export async function startImport(ctx: ImportContext, auth: AuthContext, id: string, locale: Locale): Promise<TImportJob> {
  const job = await ownJob(ctx.db, auth, id);
  const s = spec(job.kind);
  assertMay(auth, s);
  if (job.status !== 'checked') throw new AppError(job.status === 'uploaded' ? 'IMPORT_NOT_CHECKED' : 'IMPORT_ALREADY_STARTED');
  if (job.errorCount > 0) {
    throw new AppError('IMPORT_HAS_ERRORS', [
      { path: 'errors', code: 'errors', messages: { 'zh-CN': `${job.errorCount} 个错误`, 'en-US': `${job.errorCount} error(s)` } },
    ]);
  }
  const row = await repo.updateJob(ctx.db, id, { status: 'running', processed: 0, created: 0, updated: 0, skipped: 0, cancelRequested: 0, message: null }, [
    'checked',
  ]);
  if (!row) throw new AppError('IMPORT_ALREADY_STARTED');
  const work = runImport(ctx, auth, row).finally(() => running.delete(id));
  running.set(id, work);
  return toJob(row, locale);
}

/** Waits for a run (tests, shutdown). */
export async function importSettled(id: string) {
  await running.get(id);
}

/** Waits for every run in this process (tests: counting what a request wrote). */
export async function importsSettled() {
  await Promise.allSettled([...running.values()]);
}

/** At shutdown: every run stops after its current batch. */
export async function stopImports(db: Db) {
  const ids = [...running.keys()];
  for (const id of ids) await repo.updateJob(db, id, { cancelRequested: 1 }, ['running']);
  await Promise.allSettled([...running.values()]);
}

/** A seam for tests: awaited between two batches of a run (a cancel then lands at a known batch boundary). */
export const importHooks: { betweenBatches?: (jobId: string) => Promise<void> } = {};

async function runImport(ctx: ImportContext, auth: AuthContext, job: repo.ImportJobRow) {
  const s = spec(job.kind);
  const fail = (message: string, errors?: StoredRowError[]) =>
    repo.updateJob(ctx.db, job.id, { status: 'failed', message, finishedAt: new Date(), ...(errors ? { errors, errorCount: errors.length } : {}) }, [
      'running',
    ]);
  try {
    // planned again: the data may have changed since the dry run (another import, someone typing)
    const planned = await planRows(ctx, s, job, job.mapping);
    // the run has what it needs: neither the typed rows nor the parsed sheet are asked for again
    typedRows.delete(job.id);
    parsedSheets.delete(sheetKey(job.fileSha256, job.fileFormat, job.sheet));
    const errors = storedErrors(s, job.mapping, planned);
    if (errors.length) {
      await fail('errors since the dry run', errors);
      return;
    }
    let processed = 0;
    let created = 0;
    let updated = 0;
    let skipped = 0;
    const size = (s.applyBatch && s.batchSize) || IMPORT_BATCH;
    for (let i = 0; i < planned.length; i += size) {
      if (i > 0) await importHooks.betweenBatches?.(job.id);
      const current = await repo.selectJob(ctx.db, job.id);
      if (!current || current.cancelRequested) {
        await repo.updateJob(ctx.db, job.id, { status: 'cancelled', finishedAt: new Date() }, ['running']);
        return;
      }
      const batch = planned.slice(i, i + size);
      let at = batch[0]!.rowNo;
      const batchSecrets: Secret[] = [];
      try {
        const counts = await ctx.db.transaction(async (tx) => {
          const c = { created: 0, updated: 0, skipped: 0 };
          const reasonOf = (r: PlannedRow) => `imported from file ${job.fileName} row ${r.rowNo}`;
          if (s.applyBatch) {
            // the kind's bulk path: the whole batch in a few statements; each record's own audit row says "imported
            // from file X row N", and one row on the import lists the batch's rows and the records they became
            const work = batch.filter((r) => r.action !== 'skip' && r.action !== 'line');
            c.skipped += batch.filter((r) => r.action === 'skip').length;
            at = work[0]?.rowNo ?? at;
            const done = await s.applyBatch(tx as unknown as Db, auth, work, reasonOf);
            for (const { outcome } of done) c[outcome]++;
            if (work.length) {
              await insertAudit(tx, {
                actorId: auth.userId,
                ref: { type: 'import', id: job.id },
                action: 'import.batch',
                reason: `imported from file ${job.fileName} rows ${work[0]!.rowNo}–${work[work.length - 1]!.rowNo}`,
                after: { file: job.fileName, sheet: job.sheet, recordType: s.recordType, rows: work.map((r, n) => [r.rowNo, done[n]!.id, done[n]!.outcome]) },
              });
            }
          }
          for (const r of s.applyBatch ? [] : batch) {
            at = r.rowNo;
            if (r.action === 'skip') {
              c.skipped++;
              continue;
            }
            // a further line of an order: written with the order its first row creates
            if (r.action === 'line') continue;
            const reason = `imported from file ${job.fileName} row ${r.rowNo}`;
            const { id, outcome, secret } = await s.apply(tx as unknown as Db, auth, r, reason);
            c[outcome]++;
            if (secret) batchSecrets.push(secret);
            if (outcome !== 'skipped') {
              await insertAudit(tx, {
                actorId: auth.userId,
                ref: { type: s.recordType, id },
                action: 'import',
                reason,
                after: { file: job.fileName, sheet: job.sheet, row: r.rowNo, importId: job.id, outcome },
              });
            }
          }
          await repo.updateJob(tx, job.id, {
            processed: processed + batch.length,
            created: created + c.created,
            updated: updated + c.updated,
            skipped: skipped + c.skipped,
          });
          return c;
        });
        // kept only once the batch committed: a rolled-back user has no password to hand out
        if (batchSecrets.length) secrets.set(job.id, [...(secrets.get(job.id) ?? []), ...batchSecrets]);
        processed += batch.length;
        created += counts.created;
        updated += counts.updated;
        skipped += counts.skipped;
      } catch (error) {
        const code = error instanceof AppError ? error.code : 'INTERNAL';
        await fail(`row ${at}: ${code}`, [{ row: at, column: null, field: null, code: 'failed', params: { value: code } }]);
        return;
      }
    }
    await repo.updateJob(ctx.db, job.id, { status: 'done', finishedAt: new Date() }, ['running']);
  } catch (error) {
    await fail(error instanceof AppError ? error.code : 'INTERNAL').catch(() => {});
  }
}

export async function cancelImport(ctx: ImportContext, auth: AuthContext, id: string, locale: Locale): Promise<TImportJob> {
  const job = await ownJob(ctx.db, auth, id);
  if (job.status === 'running') {
    const row = await repo.updateJob(ctx.db, id, { cancelRequested: 1 }, ['running']);
    if (row) return toJob(row, locale);
  }
  const row = await repo.updateJob(ctx.db, id, { status: 'cancelled', finishedAt: new Date() }, ['uploaded', 'checked']);
  if (!row) throw new AppError('IMPORT_NOT_RUNNING');
  return toJob(row, locale);
}

export async function getImport(ctx: ImportContext, auth: AuthContext, id: string, locale: Locale) {
  return toJob(await ownJob(ctx.db, auth, id), locale);
}

export async function listImports(ctx: ImportContext, auth: AuthContext, locale: Locale) {
  const rows = await repo.selectJobsOf(ctx.db, auth.userId);
  return {
    items: rows.map((r) => {
      const { errors: _e, plan: _p, fields: _f, headers: _h, mapping: _m, ...rest } = toJob(r, locale);
      return rest;
    }),
  };
}

// ---- files to download -------------------------------------------------------------------------------------------

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The input as uploaded plus an error column (every error of the row, in the user's language). */
export async function errorWorkbook(ctx: ImportContext, auth: AuthContext, id: string, locale: Locale) {
  const job = await ownJob(ctx.db, auth, id);
  const sheet = await loadSheet(ctx, job);
  const byRow = new Map<number, string[]>();
  for (const e of job.errors) {
    const text = `${e.column ? `${e.column}: ` : ''}${message(e.code, e.params, locale)}`;
    byRow.set(e.row, [...(byRow.get(e.row) ?? []), text]);
  }
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(locale === 'zh-CN' ? '错误' : 'Errors');
  const errorHeader = locale === 'zh-CN' ? '错误说明' : 'Errors';
  ws.addRow([...sheet.headers, errorHeader]).font = { bold: true };
  for (const r of sheet.rows) {
    const values = sheet.headers.map((_, i) => {
      const c = r.cells[i];
      return c?.formula ? null : (c?.value ?? null);
    });
    const row = ws.addRow([...values, (byRow.get(r.rowNo) ?? []).join('; ')]);
    if (byRow.has(r.rowNo)) row.getCell(sheet.headers.length + 1).font = { color: { argb: 'FFC00000' } };
  }
  const buf = Buffer.from(await wb.xlsx.writeBuffer());
  const stem = job.fileName.replace(/\.[^.]+$/, '');
  return { buf, contentType: XLSX, filename: `${stem}-${locale === 'zh-CN' ? '错误' : 'errors'}.xlsx` };
}

/** A bilingual template: the headers "中文 English" on the first sheet, each field's rule on the second. */
export async function template(auth: AuthContext, kind: string, format: 'xlsx' | 'csv', locale: Locale) {
  const s = spec(kind);
  assertMay(auth, s);
  const fields = s.fields.filter((f) => {
    const cls = sensitiveClassOf(f.key);
    return !cls || auth.visible.has(cls);
  });
  const headers = fields.map((f) => `${f.zh} ${f.en}`);
  const name = `${locale === 'zh-CN' ? s.title.zh : s.title.en}-template`;
  if (format === 'csv') {
    return { buf: Buffer.concat([Buffer.from('\uFEFF'), Buffer.from(stringify([headers]))]), contentType: 'text/csv; charset=utf-8', filename: `${name}.csv` };
  }
  const wb = new ExcelJS.Workbook();
  const data = wb.addWorksheet(s.title.zh.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  data.columns = headers.map((h) => ({ header: h, width: Math.max(14, h.length + 6) }));
  data.getRow(1).font = { bold: true };
  fields.forEach((f, i) => {
    if (f.required) data.getRow(1).getCell(i + 1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };
  });
  const help = wb.addWorksheet('说明 Help');
  help.columns = [{ width: 28 }, { width: 10 }, { width: 60 }, { width: 60 }];
  help.addRow(['规则 Rule', '', s.rule.zh, s.rule.en]);
  help.addRow([]);
  help.addRow(['列 Column', '必填 Required', '说明', 'Notes']).font = { bold: true };
  for (const f of fields) help.addRow([`${f.zh} ${f.en}`, f.required ? '是 Yes' : '', f.hint.zh, f.hint.en]);
  return { buf: Buffer.from(await wb.xlsx.writeBuffer()), contentType: XLSX, filename: `${name}.xlsx` };
}
