import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { projectRoot } from '../platform/paths.js';
import { KpiDefinition, type TKpiDefinition } from '../../contracts/kpis.js';
import { calculationNames } from './calculations.js';

export const kpisDir = path.join(projectRoot, 'kpis');

export class KpiDefinitionError extends Error {}

/** Cross-checks zod cannot express: the calculation exists in code, the process is a procedure, thresholds are ordered. */
export function checkKpi(def: TKpiDefinition, known: { calculations: Set<string>; processes: Set<string> }): string[] {
  const issues: string[] = [];
  if (!known.calculations.has(def.calculation))
    issues.push(`calculation: unknown calculation "${def.calculation}" (known: ${[...known.calculations].sort().join(', ')})`);
  if (def.owner.process && !known.processes.has(def.owner.process)) issues.push(`owner.process: unknown procedure "${def.owner.process}"`);
  if (def.direction === 'higher-better' && def.warning > def.target)
    issues.push('warning: higher is better, so the warning threshold lies at or below the target');
  if (def.direction === 'lower-better' && def.warning < def.target)
    issues.push('warning: lower is better, so the warning threshold lies at or above the target');
  return issues;
}

/**
 * `kpis/<id>/v<N>.yaml`: every version of every KPI. A version may say `extends: <N>` and restate only what changes
 * (any top-level key replaces the earlier value). A broken file stops start-up naming the file and the path inside it.
 */
export function loadKpiDefinitions(dir: string, processes: Set<string>): Map<string, Map<number, TKpiDefinition>> {
  const out = new Map<string, Map<number, TKpiDefinition>>();
  if (!fs.existsSync(dir)) return out;
  const calculations = calculationNames();
  for (const folder of fs.readdirSync(dir).sort()) {
    const folderPath = path.join(dir, folder);
    if (!fs.statSync(folderPath).isDirectory()) continue;
    const raws = new Map<number, Record<string, unknown>>();
    const names = fs
      .readdirSync(folderPath)
      .filter((n) => /^v\d+\.ya?ml$/.test(n))
      .sort((a, b) => Number(a.replace(/\D/g, '')) - Number(b.replace(/\D/g, '')));
    for (const name of names) {
      const file = path.join('kpis', folder, name);
      let raw: unknown;
      try {
        raw = parseYaml(fs.readFileSync(path.join(folderPath, name), 'utf8'));
      } catch (err) {
        throw new KpiDefinitionError(`${file}: not valid YAML: ${(err as Error).message}`);
      }
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new KpiDefinitionError(`${file}: not a mapping`);
      let full = raw as Record<string, unknown>;
      if (typeof full.extends === 'number') {
        const base = raws.get(full.extends);
        if (!base) throw new KpiDefinitionError(`${file}: extends: version ${full.extends} is not there`);
        const { extends: _e, ...rest } = full;
        full = { ...base, ...rest };
      }
      raws.set(Number(name.replace(/\D/g, '')), full);
      const parsed = KpiDefinition.safeParse(full);
      if (!parsed.success) {
        throw new KpiDefinitionError(
          `${file}: invalid KPI definition\n${parsed.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n')}`,
        );
      }
      const def = parsed.data;
      const issues = checkKpi(def, { calculations, processes });
      if (def.id !== folder) issues.push(`id: "${def.id}" differs from its folder "${folder}"`);
      if (`v${def.version}.yaml` !== name && `v${def.version}.yml` !== name) issues.push(`version: ${def.version} differs from the file name ${name}`);
      if (issues.length) throw new KpiDefinitionError(`${file}: invalid KPI definition\n${issues.map((i) => `  ${i}`).join('\n')}`);
      if (!out.has(def.id)) out.set(def.id, new Map());
      out.get(def.id)!.set(def.version, def);
    }
  }
  return out;
}
