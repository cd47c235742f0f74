import type { TProcedureDefinition } from '../../contracts/procedures.js';
import { AppError } from '../platform/http/app-error.js';
import { definitionsDir, loadDefinitions } from './definitions.js';

/** The loaded definitions: every version of every procedure, read once at start-up. */
const byId = new Map<string, Map<number, TProcedureDefinition>>();

export function initProcedures(dirs: string[] = [definitionsDir]) {
  byId.clear();
  for (const def of loadDefinitions(dirs)) {
    if (!byId.has(def.id)) byId.set(def.id, new Map());
    byId.get(def.id)!.set(def.version, def);
  }
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

export function allDefinitions(): { latest: TProcedureDefinition; versions: number[] }[] {
  return [...byId.values()].map((versions) => {
    const nums = [...versions.keys()].sort((a, b) => a - b);
    return { latest: versions.get(nums[nums.length - 1]!)!, versions: nums };
  });
}

/** Definitions whose auto-start rule matches a new record's facts. */
export function autoStartDefinitions(recordType: string, facts: Record<string, unknown>): TProcedureDefinition[] {
  return [...byId.keys()]
    .map((id) => latestDefinition(id))
    .filter((d) => d.recordType === recordType && d.startWhen && Object.entries(d.startWhen).every(([k, v]) => facts[k] === v));
}
