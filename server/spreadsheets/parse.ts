import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import chardet from 'chardet';
import iconv from 'iconv-lite';
import { AppError } from '../platform/http/app-error.js';

/** One cell as read: a formula is kept as such (the import refuses it, naming the cell). */
export type RawValue = string | number | boolean | Date | null;
export interface RawCell {
  value: RawValue;
  formula?: boolean;
}
export interface ParsedSheet {
  sheet: string | null;
  headers: string[];
  /** data rows; `rowNo` is the row's number in the sheet (the header is row 1) */
  rows: { rowNo: number; cells: RawCell[] }[];
}

export type FileFormat = 'xlsx' | 'csv';
export const MAX_IMPORT_ROWS = 50_000;

const both = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en });

/** What the file is, by its bytes first (a renamed file is not believed): xlsx (zip), csv (text) or refused. */
export function sniffFormat(buf: Buffer, filename: string): FileFormat {
  const ext = filename.toLowerCase().split('.').pop() ?? '';
  if (buf.length >= 4 && buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04) return 'xlsx';
  if (buf.length >= 8 && buf.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) {
    throw new AppError('IMPORT_XLS_UNSUPPORTED', [{ path: 'file', code: 'xls' }]);
  }
  if ((ext === 'csv' || ext === 'txt' || ext === 'tsv') && looksLikeText(buf)) return 'csv';
  throw new AppError('IMPORT_NOT_SPREADSHEET', [{ path: 'file', code: 'not_spreadsheet' }]);
}

function looksLikeText(buf: Buffer): boolean {
  const head = buf.subarray(0, 8192);
  // UTF-16 is not offered by Excel's "CSV" save; NUL bytes mean binary
  return head.length > 0 && !head.includes(0);
}

/** UTF-8 (with or without BOM) when it decodes strictly; otherwise what chardet says, GB18030 for Chinese Excel. */
export function decodeText(buf: Buffer): { text: string; encoding: string } {
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return { text: buf.subarray(3).toString('utf8'), encoding: 'UTF-8' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buf), encoding: 'UTF-8' };
  } catch {
    /* not UTF-8 */
  }
  const guess = (chardet.detect(buf.subarray(0, 65536)) ?? '').toUpperCase();
  // GBK and GB2312 are subsets of GB18030; Big5 for Taiwan/Hong Kong files; anything else: GB18030, the usual
  const encoding =
    guess === 'BIG5'
      ? 'Big5'
      : guess.startsWith('SHIFT_JIS')
        ? 'Shift_JIS'
        : guess.startsWith('ISO-8859') || guess.startsWith('WINDOWS-125')
          ? guess
          : 'GB18030';
  return { text: iconv.decode(buf, encoding), encoding };
}

function csvSheet(buf: Buffer): ParsedSheet {
  const { text } = decodeText(buf);
  const firstLine = text.slice(0, text.indexOf('\n') === -1 ? undefined : text.indexOf('\n'));
  const delimiter =
    (firstLine.match(/\t/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? '\t' : firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
  let records: string[][];
  try {
    records = parseCsv(text, { delimiter, relax_column_count: true, skip_empty_lines: true, bom: true }) as string[][];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new AppError('IMPORT_UNREADABLE', [
      { path: 'file', code: 'csv', messages: both(`CSV 格式错误（第 ${line ?? '?'} 行）`, `CSV syntax error (line ${line ?? '?'})`) },
    ]);
  }
  const [head, ...body] = records;
  if (!head) throw new AppError('IMPORT_EMPTY', [{ path: 'file', code: 'empty' }]);
  const rows = body.map((r, i) => ({ rowNo: i + 2, cells: r.map((v) => ({ value: v === '' ? null : v })) }));
  return { sheet: null, headers: head.map((h) => h.trim()), rows };
}

function cellOf(cell: ExcelJS.Cell): RawCell {
  const v = cell.value as unknown;
  if (v === null || v === undefined) return { value: null };
  if (cell.type === ExcelJS.ValueType.Formula || (typeof v === 'object' && v !== null && ('formula' in v || 'sharedFormula' in v)))
    return { value: null, formula: true };
  if (v instanceof Date) return { value: v };
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return { value: v };
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; text?: unknown; error?: string };
    if (o.richText) return { value: o.richText.map((r) => r.text).join('') };
    if (typeof o.text === 'string') return { value: o.text };
    if (o.error) return { value: o.error };
  }
  return { value: cell.text || null };
}

export interface SheetChoice {
  /** the sheet by name (a job reads the sheet its upload chose) */
  sheet?: string | null;
  /** names that mark the sheet of this kind in a workbook of several (the example workbook) */
  prefer?: string[];
}

function chooseSheet(sheets: ExcelJS.Worksheet[], choice: SheetChoice): ExcelJS.Worksheet | undefined {
  if (choice.sheet) return sheets.find((w) => w.name === choice.sheet);
  const prefer = (choice.prefer ?? []).map(normaliseHeader).filter(Boolean);
  const named = sheets.map((w) => ({ w, n: normaliseHeader(w.name) }));
  const exact = named.find((x) => prefer.includes(x.n));
  if (exact) return exact.w;
  let best: { w: ExcelJS.Worksheet; len: number } | undefined;
  for (const x of named) {
    for (const p of prefer) if (x.n.includes(p) && (!best || p.length > best.len)) best = { w: x.w, len: p.length };
  }
  return best?.w ?? sheets[0];
}

async function xlsxSheet(buf: Buffer, choice: SheetChoice): Promise<ParsedSheet> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch {
    throw new AppError('IMPORT_UNREADABLE', [{ path: 'file', code: 'unreadable' }]);
  }
  const hidden = wb.worksheets.find((w) => w.state === 'hidden' || w.state === 'veryHidden');
  if (hidden) {
    throw new AppError('IMPORT_HIDDEN_SHEET', [
      { path: 'file', code: 'hidden_sheet', messages: both(`隐藏的工作表：${hidden.name}`, `hidden sheet: ${hidden.name}`) },
    ]);
  }
  const ws = chooseSheet(wb.worksheets, choice);
  if (!ws) throw new AppError('IMPORT_EMPTY', [{ path: 'file', code: 'empty' }]);
  const merges = ((ws.model as { merges?: string[] }).merges ?? []).filter((range) => /^[A-Z]+1(:|$)/.test(range));
  if (merges.length) {
    throw new AppError('IMPORT_MERGED_HEADER', [
      { path: 'file', code: 'merged_header', messages: both(`合并的表头单元格：${merges.join(', ')}`, `merged header cells: ${merges.join(', ')}`) },
    ]);
  }
  const headerRow = ws.getRow(1);
  const width = headerRow.cellCount;
  const headers: string[] = [];
  for (let c = 1; c <= width; c++) {
    const h = cellOf(headerRow.getCell(c));
    headers.push(h.value === null ? '' : String(h.value instanceof Date ? h.value.toISOString() : h.value).trim());
  }
  while (headers.length && headers[headers.length - 1] === '') headers.pop();
  const rows: ParsedSheet['rows'] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNo) => {
    if (rowNo === 1) return;
    if (rows.length > MAX_IMPORT_ROWS) return;
    const cells: RawCell[] = [];
    for (let c = 1; c <= headers.length; c++) cells.push(cellOf(row.getCell(c)));
    if (cells.every((x) => x.value === null && !x.formula)) return;
    rows.push({ rowNo, cells });
  });
  return { sheet: ws.name, headers, rows };
}

export async function readSheet(buf: Buffer, format: FileFormat, choice: SheetChoice = {}): Promise<ParsedSheet> {
  const sheet = format === 'csv' ? csvSheet(buf) : await xlsxSheet(buf, choice);
  if (!sheet.headers.some((h) => h)) throw new AppError('IMPORT_EMPTY', [{ path: 'file', code: 'empty' }]);
  const seen = new Set<string>();
  for (const h of sheet.headers) {
    const k = normaliseHeader(h);
    if (!k) continue;
    if (seen.has(k))
      throw new AppError('IMPORT_DUPLICATE_HEADER', [{ path: 'file', code: 'duplicate_header', messages: both(`重复的表头：${h}`, `duplicate header: ${h}`) }]);
    seen.add(k);
  }
  if (!sheet.rows.length) throw new AppError('IMPORT_EMPTY', [{ path: 'file', code: 'empty' }]);
  if (sheet.rows.length > MAX_IMPORT_ROWS) {
    throw new AppError('IMPORT_TOO_MANY_ROWS', [
      { path: 'file', code: 'too_many_rows', messages: both(`最多 ${MAX_IMPORT_ROWS} 行`, `at most ${MAX_IMPORT_ROWS} rows`) },
    ]);
  }
  return sheet;
}

/** Headers compared without case, spaces, punctuation or the bilingual template's brackets. */
export function normaliseHeader(h: string): string {
  return h
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-./\\:：*（）()【】[\]]/g, '');
}

// ---- cell values -------------------------------------------------------------------------------------------------

export function cellText(v: RawValue): string | null {
  if (v === null) return null;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  const s = String(v).trim();
  return s === '' ? null : s;
}

export interface WallTime {
  y: number;
  m: number;
  d: number;
  hh: number;
  mm: number;
}

/**
 * A date as factories type it: a date cell, an Excel serial number (days since 1899-12-30), 2026-03-05,
 * 2026/3/5, 2026.3.5, 2026年3月5日, optionally followed by a time (14:30). Null when not a date.
 */
export function parseWallTime(v: RawValue): WallTime | null {
  if (v instanceof Date) {
    // exceljs gives the cell's wall-clock time as UTC fields
    return { y: v.getUTCFullYear(), m: v.getUTCMonth() + 1, d: v.getUTCDate(), hh: v.getUTCHours(), mm: v.getUTCMinutes() };
  }
  if (typeof v === 'number' || (typeof v === 'string' && /^\d{5}(\.\d+)?$/.test(v.trim()))) {
    const serial = Number(v);
    if (!(serial > 0 && serial < 2958466)) return null;
    const ms = Math.round((serial - 25569) * 86_400_000);
    const dt = new Date(ms);
    return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate(), hh: dt.getUTCHours(), mm: dt.getUTCMinutes() };
  }
  if (typeof v !== 'string') return null;
  const s = v.trim().normalize('NFKC');
  const m = s.match(
    /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]+(\d{1,2})[:：时](\d{2})(?:[:：分]\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?\s*分?)?$/,
  );
  if (!m) return null;
  const w = { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]), hh: m[4] ? Number(m[4]) : 0, mm: m[5] ? Number(m[5]) : 0 };
  const check = new Date(Date.UTC(w.y, w.m - 1, w.d));
  if (check.getUTCMonth() !== w.m - 1 || check.getUTCDate() !== w.d || w.hh > 23 || w.mm > 59 || w.y < 1900 || w.y > 2200) return null;
  return w;
}
