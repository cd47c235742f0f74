import { z } from 'zod';
import type { Db } from '../platform/db/client.js';
import type { Access, AuthContext } from '../platform/http/access.js';
import { sensitiveClassOf } from '../platform/http/redact.js';
import { AppError } from '../platform/http/app-error.js';
import type { SensitiveClass } from '../../contracts/sensitive.js';

/**
 * A list page that can be exported. The list registers its columns (in the order the screen shows them) and
 * reuses its own query contract and service: the export sees exactly the filters and sort of the screen.
 */
export type CellKind = 'text' | 'number' | 'datetime' | 'date' | 'bool';
export type CellValue = string | number | boolean | null | undefined;

export interface ExportColumn<T> {
  key: string;
  zh: string;
  en: string;
  kind?: CellKind;
  /** default: `row[key]` */
  value?: (row: T) => CellValue;
  /** default: the class of `key` in contracts/sensitive.ts */
  sensitive?: SensitiveClass;
  width?: number;
}

export interface ExportList<T = unknown> {
  id: string;
  title: { zh: string; en: string };
  access: Access;
  /** the list's own query contract (page and pageSize are the exporter's) */
  query: z.ZodObject;
  columns: ExportColumn<T>[];
  /** columns that depend on the query (a campaign's questions): called once per export, after `columns` */
  columnsFor?(db: Db, query: Record<string, unknown>): Promise<ExportColumn<T>[]>;
  /** one page of the list, through the list's own service */
  fetch(db: Db, auth: AuthContext, query: Record<string, unknown>, page: number, pageSize: number): Promise<{ items: T[]; more?: boolean }>;
  /** `more` (default: a full page) says whether another page may follow */
  /** told of each page written with personal columns (the privacy log of who was shown a contact's data) */
  personalShown?(db: Db, auth: AuthContext, items: T[]): Promise<void>;
}

const lists = new Map<string, ExportList>();

export function registerExportList<T>(list: ExportList<T>) {
  lists.set(list.id, list as unknown as ExportList);
}

export function exportLists(): ExportList[] {
  return [...lists.values()];
}

export function exportList(id: string): ExportList | undefined {
  return lists.get(id);
}

export function columnClass<T>(c: ExportColumn<T>): SensitiveClass | null {
  return c.sensitive ?? sensitiveClassOf(c.key) ?? null;
}

/**
 * The columns of one export: every column the user may see, in the screen's order, or — with `wanted`, the
 * visible columns of the screen — exactly those. A wanted column the user may not see (a price, personal
 * data) is refused 403 FIELD_NOT_PERMITTED naming it, never silently dropped; an unknown one is a 400.
 */
export async function resolveColumns<T>(
  db: Db,
  auth: AuthContext,
  list: ExportList<T>,
  filters: Record<string, unknown>,
  wanted: string[] | null,
): Promise<ExportColumn<T>[]> {
  const all = [...list.columns, ...(list.columnsFor ? await list.columnsFor(db, filters) : [])];
  if (wanted && wanted.length) {
    const byKey = new Map(all.map((c) => [c.key, c]));
    const unknown = wanted.filter((k) => !byKey.has(k));
    if (unknown.length)
      throw new AppError(
        'VALIDATION_FAILED',
        unknown.map((k) => ({ path: 'query.columns', code: 'unknown_column', messages: { 'zh-CN': `没有列 ${k}`, 'en-US': `no column ${k}` } })),
      );
    const hidden = wanted.filter((k) => {
      const cls = columnClass(byKey.get(k)!);
      return cls && !auth.visible.has(cls);
    });
    if (hidden.length)
      throw new AppError(
        'FIELD_NOT_PERMITTED',
        hidden.map((k) => ({ path: `query.columns.${k}`, code: `needs_${columnClass(byKey.get(k)!)}` })),
      );
  }
  return allowedColumns({ ...list, columns: all }, auth, wanted);
}

/** The columns this user may have, in the screen's order; `wanted` (visible columns) narrows them. */
export function allowedColumns<T>(list: ExportList<T>, auth: AuthContext, wanted: string[] | null): ExportColumn<T>[] {
  const set = wanted && wanted.length ? new Set(wanted) : null;
  return list.columns.filter((c) => {
    const cls = columnClass(c);
    if (cls && !auth.visible.has(cls)) return false;
    return !set || set.has(c.key);
  });
}
