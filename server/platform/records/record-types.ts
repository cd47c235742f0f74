import type { Executor } from '../db/client.js';
import type { Permission } from '../../../contracts/identity.js';
import type { Localized } from '../../../contracts/common.js';
import type { z } from 'zod';
import type { RecordPeople } from './edit-rights.js';

/**
 * Each feature registers its record type once. Links, history, search and (later)
 * procedures and notifications speak in `{type, id}` references resolved here, so a new
 * feature plugs in without touching the others' tables.
 */
export interface RecordType {
  type: string;
  title: z.infer<typeof Localized>;
  /** the permission that lets a user see records of this type */
  readPermission: Permission;
  /** a short human title, or null when the record does not exist */
  fetchTitle(db: Executor, id: string): Promise<string | null>;
  /** the titles of many records in one statement (lists and My work describe a page of them); by id, absent when not found */
  fetchTitles?(db: Executor, ids: string[]): Promise<Map<string, string>>;
  url(id: string): string;
  /** records whose history belongs with this one (a customer's contacts) */
  relatedRefs?(db: Executor, id: string): Promise<{ type: string; id: string }[]>;
  /** the people and departments of a record, for the edit rights (`edit-rights.ts`); null when it does not exist */
  editPeople?(db: Executor, id: string): Promise<RecordPeople | null>;
}

const registry = new Map<string, RecordType>();

export function registerRecordType(def: RecordType) {
  registry.set(def.type, def);
}

export function recordType(type: string): RecordType | undefined {
  return registry.get(type);
}

/**
 * Titles of many records, keyed `type:id` (null when the record or its type is unknown): one statement per type that
 * reads its titles together, else one per record. One statement at a time — `db` may be a transaction.
 */
export async function fetchTitles(db: Executor, refs: { type: string; id: string }[]): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  const byType = new Map<string, string[]>();
  for (const r of refs) {
    const key = `${r.type}:${r.id}`;
    if (out.has(key)) continue;
    out.set(key, null);
    const ids = byType.get(r.type) ?? [];
    ids.push(r.id);
    byType.set(r.type, ids);
  }
  for (const [type, ids] of byType) {
    const t = registry.get(type);
    if (!t) continue;
    if (t.fetchTitles) {
      const titles = await t.fetchTitles(db, ids);
      for (const id of ids) out.set(`${type}:${id}`, titles.get(id) ?? null);
    } else for (const id of ids) out.set(`${type}:${id}`, await t.fetchTitle(db, id));
  }
  return out;
}

/** The uuids among record ids (a reference may carry any text; a uuid column refuses the rest). */
export const uuidsOf = (ids: string[]) => ids.filter((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id));

export function recordTypes(): RecordType[] {
  return [...registry.values()];
}
