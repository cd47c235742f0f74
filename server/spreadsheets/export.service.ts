import { PassThrough, type Writable } from 'node:stream';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify';
import type { Db } from '../platform/db/client.js';
import type { AuthContext } from '../platform/http/access.js';
import type { Locale } from '../../contracts/errors.js';
import { insertAudit } from '../platform/audit/index.js';
import { columnClass, exportList, resolveColumns, type CellValue, type ExportColumn, type ExportList } from './export-registry.js';

export type ExportFormat = 'xlsx' | 'csv';
/** rows fetched per page through the list's service: memory stays flat whatever the total */
export const EXPORT_PAGE = 1000;

export interface ExportRequest {
  format: ExportFormat;
  /** resolved by `resolveColumns` (the user's visible columns, checked) */
  columns: ExportColumn<unknown>[];
  filters: Record<string, unknown>;
}

export interface StartedExport {
  stream: PassThrough;
  filename: string;
  contentType: string;
  done: Promise<number>;
}

function siteFormatter(timeZone: string) {
  const f = new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  return (iso: string) => {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? iso : f.format(d);
  };
}

/** One cell as the spreadsheet shows it: datetimes in the site's time zone, yes/no in the user's language. */
export function cellFormatter(locale: Locale, timeZone: string) {
  const dt = siteFormatter(timeZone);
  const yes = locale === 'zh-CN' ? '是' : 'Yes';
  const no = locale === 'zh-CN' ? '否' : 'No';
  return <T>(c: ExportColumn<T>, row: T): string | number | null => {
    const raw: CellValue = c.value ? c.value(row) : (row as Record<string, CellValue>)[c.key];
    if (raw === null || raw === undefined || raw === '') return null;
    switch (c.kind) {
      case 'bool':
        return raw ? yes : no;
      case 'datetime':
        return typeof raw === 'string' ? dt(raw) : String(raw);
      case 'number':
        return typeof raw === 'number' ? raw : Number(raw);
      default:
        return typeof raw === 'boolean' ? (raw ? yes : no) : raw;
    }
  };
}

/**
 * A text cell Excel would read as a formula when it opens the CSV (=, +, -, @, tab, CR first) gets a leading
 * apostrophe: typed-in text never runs as a formula on the reader's machine (CSV injection). xlsx cells are
 * written as strings and need nothing.
 */
export function csvSafe(v: string | number | null): string | number | null {
  return typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

async function write(stream: Writable, chunk: string | Buffer) {
  if (!stream.write(chunk)) await once(stream, 'drain');
}

/**
 * Streams a list to xlsx or csv page by page (the list's own service, its filters and sort) and writes the
 * audit row (who, which list, filters, columns, rows) when the last row is out. Columns the user may not see
 * (prices, personal data) are never fetched into the file.
 */
export function startExport(
  db: Db,
  auth: AuthContext,
  list: ExportList,
  req: ExportRequest,
  opts: { locale: Locale; timeZone: string; audit?: boolean },
): StartedExport {
  const columns = req.columns;
  const personal = columns.some((c) => columnClass(c) === 'personal');
  const title = opts.locale === 'zh-CN' ? list.title.zh : list.title.en;
  const stamp = new Date().toISOString().slice(0, 10);
  const filename = `${title}-${stamp}.${req.format}`;
  const out = new PassThrough();
  const cell = cellFormatter(opts.locale, opts.timeZone);
  const headers = columns.map((c) => (opts.locale === 'zh-CN' ? c.zh : c.en));

  const run = async (): Promise<number> => {
    let rows = 0;
    const eachPage = async (onRow: (values: (string | number | null)[]) => Promise<void> | void) => {
      for (let page = 1; ; page++) {
        const { items, more } = await list.fetch(db, auth, req.filters, page, EXPORT_PAGE);
        if (personal && items.length) await list.personalShown?.(db, auth, items);
        for (const item of items) {
          await onRow(columns.map((c) => cell(c, item)));
          rows++;
        }
        if (!(more ?? items.length >= EXPORT_PAGE)) break;
      }
    };
    if (req.format === 'csv') {
      // UTF-8 with a BOM: Excel on Chinese Windows opens it as UTF-8 instead of GBK
      await write(out, '\uFEFF');
      const csv = stringify({ bom: false });
      csv.pipe(out, { end: false });
      csv.write(headers);
      await eachPage(async (values) => {
        if (!csv.write(values.map(csvSafe))) await once(csv, 'drain');
      });
      csv.end();
      await once(csv, 'end');
    } else {
      // the zip goes through its own stream: the response ends only after the audit row below is written
      const zip = new PassThrough();
      zip.pipe(out, { end: false });
      const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: zip, useStyles: true, useSharedStrings: false });
      wb.creator = 'Accord';
      const sheet = wb.addWorksheet(title.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
      sheet.columns = columns.map((c, i) => ({ header: headers[i], key: c.key, width: c.width ?? Math.max(10, Math.min(40, headers[i]!.length * 2 + 4)) }));
      sheet.getRow(1).font = { bold: true };
      sheet.getRow(1).commit();
      await eachPage(async (values) => {
        sheet.addRow(values).commit();
        // let the zip stream drain before the next row when the client reads slowly
        if (out.writableNeedDrain) await once(out, 'drain');
      });
      sheet.commit();
      await wb.commit();
      await finished(zip);
    }
    // a caller that bundles the sheet into a file of its own (the audit pack) audits that file instead
    if (opts.audit !== false)
      await insertAudit(db, {
        actorId: auth.userId,
        ref: { type: 'export', id: list.id },
        action: 'export',
        after: { list: list.id, format: req.format, rows, columns: columns.map((c) => c.key), filters: req.filters },
      });
    // the file ends after its audit row is written: whoever has the whole file finds the export in the trail
    out.end();
    return rows;
  };
  const done = run().catch((error: unknown) => {
    out.destroy(error instanceof Error ? error : new Error(String(error)));
    throw error;
  });
  // the route answers the stream; a failure is logged there, never an unhandled rejection
  done.catch(() => {});
  return {
    stream: out,
    filename,
    contentType: req.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    done,
  };
}

/**
 * A list's xlsx as one buffer, for a file that bundles it (the audit pack): the same columns, permissions and
 * privacy log as the list export; the bundling file writes the audit row.
 */
export async function exportListBuffer(
  db: Db,
  auth: AuthContext,
  listId: string,
  filters: Record<string, unknown>,
  opts: { locale: Locale; timeZone: string },
) {
  const list = exportList(listId);
  if (!list) throw new Error(`no export list ${listId}`);
  const columns = await resolveColumns(db, auth, list, filters, null);
  const started = startExport(db, auth, list, { format: 'xlsx', columns: columns as ExportColumn<unknown>[], filters }, { ...opts, audit: false });
  const chunks: Buffer[] = [];
  started.stream.on('data', (c: Buffer) => chunks.push(c));
  const [rows] = await Promise.all([started.done, finished(started.stream)]);
  return { buf: Buffer.concat(chunks), rows, title: list.title };
}
