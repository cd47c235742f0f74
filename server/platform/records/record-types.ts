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

export function recordTypes(): RecordType[] {
  return [...registry.values()];
}
