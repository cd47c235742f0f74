import { createHash } from 'node:crypto';
import type { TProcedureDefinition } from '../../contracts/procedures.js';
import { AppError } from '../platform/http/app-error.js';
import { definitionsDir, loadDefinitions } from './definitions.js';

/** The loaded definitions: every version of every procedure, read once at start-up. */
const byId = new Map<string, Map<number, TProcedureDefinition>>();
/** A digest of each version's content (`id@version` → hex): the web caches a version under it for good. */
const digests = new Map<string, string>();

export function initProcedures(dirs: string[] = [definitionsDir]) {
  byId.clear();
  digests.clear();
  for (const def of loadDefinitions(dirs)) {
    if (!byId.has(def.id)) byId.set(def.id, new Map());
    byId.get(def.id)!.set(def.version, def);
    digests.set(`${def.id}@${def.version}`, createHash('sha256').update(JSON.stringify(def)).digest('hex').slice(0, 20));
  }
}

/** The content digest of a loaded version (changes when a release edits the file, so a cached copy is never stale). */
export function definitionDigest(def: TProcedureDefinition): string {
  return digests.get(`${def.id}@${def.version}`)!;
}

export function latestDefinition(id: string): TProcedureDefinition {
  const versions = byId.get(id);
  if (!versions?.size) throw new AppError('PROCEDURE_NOT_FOUND');
  return versions.get(Math.max(...versions.keys()))!;
}

/** The version a record started under (records stay pinned to it). */
export function definitionVersion(id: string, version: number): TProcedureDefinition {
  const def = byId.get(id)?.get(version);
  if (!def) throw new AppError('PROCEDURE_NOT_FOUND');
  return def;
}

export function allDefinitions(): { latest: TProcedureDefinition; versions: number[]; digests: Record<string, string> }[] {
  return [...byId.values()].map((versions) => {
    const nums = [...versions.keys()].sort((a, b) => a - b);
    const latest = versions.get(nums[nums.length - 1]!)!;
    return { latest, versions: nums, digests: Object.fromEntries(nums.map((n) => [String(n), digests.get(`${latest.id}@${n}`)!])) };
  });
}

/** Definitions whose auto-start rule matches a new record's facts. */
export function autoStartDefinitions(recordType: string, facts: Record<string, unknown>): TProcedureDefinition[] {
  return [...byId.keys()]
    .map((id) => latestDefinition(id))
    .filter((d) => d.recordType === recordType && d.startWhen && Object.entries(d.startWhen).every(([k, v]) => facts[k] === v));
}
