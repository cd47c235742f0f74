import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../platform/paths.js';
import { parse as parseYaml } from 'yaml';
import { ProcedureDefinition, type TProcedureDefinition } from '../../contracts/procedures.js';
import { guardNames, effectNames } from './registry.js';

export const definitionsDir = path.join(projectRoot, 'procedures');

export class ProcedureDefinitionError extends Error {}

export interface DefinitionIssue {
  path: string;
  message: string;
}

/** Cross-checks zod cannot express: references between steps and transitions, reachability. */
export function checkDefinition(def: TProcedureDefinition, known = { guards: guardNames(), effects: effectNames() }): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  const stepIds = new Map<string, number>();
  def.steps.forEach((s, i) => {
    if (stepIds.has(s.id)) issues.push({ path: `steps.${i}.id`, message: `duplicate step id "${s.id}"` });
    stepIds.set(s.id, i);
  });
  if (!stepIds.has(def.start)) issues.push({ path: 'start', message: `unknown step "${def.start}"` });
  const transitionIds = new Set<string>();
  def.transitions.forEach((t, i) => {
    if (transitionIds.has(t.id)) issues.push({ path: `transitions.${i}.id`, message: `duplicate transition id "${t.id}"` });
    transitionIds.add(t.id);
    if (!stepIds.has(t.from)) issues.push({ path: `transitions.${i}.from`, message: `unknown step "${t.from}"` });
    if (!stepIds.has(t.to)) issues.push({ path: `transitions.${i}.to`, message: `unknown step "${t.to}"` });
    const from = def.steps[stepIds.get(t.from) ?? -1];
    if (from?.kind === 'end') issues.push({ path: `transitions.${i}.from`, message: `end step "${t.from}" cannot have outgoing transitions` });
    if (from?.kind === 'signoff') issues.push({ path: `transitions.${i}.from`, message: `sign-off step "${t.from}" is left by its sign-off rule, not by transitions` });
    t.guards.forEach((g, j) => {
      if (!known.guards.has(g)) issues.push({ path: `transitions.${i}.guards.${j}`, message: `unknown guard "${g}"` });
    });
    t.effects.forEach((e, j) => {
      if (!known.effects.has(e)) issues.push({ path: `transitions.${i}.effects.${j}`, message: `unknown effect "${e}"` });
    });
  });
  def.steps.forEach((s, i) => {
    if (s.kind === 'signoff') {
      if (!s.signoff) issues.push({ path: `steps.${i}.signoff`, message: 'a sign-off step needs its departments and rejectTo/approveTo' });
      else {
        if (!stepIds.has(s.signoff.rejectTo)) issues.push({ path: `steps.${i}.signoff.rejectTo`, message: `unknown step "${s.signoff.rejectTo}"` });
        if (!stepIds.has(s.signoff.approveTo)) issues.push({ path: `steps.${i}.signoff.approveTo`, message: `unknown step "${s.signoff.approveTo}"` });
      }
    } else if (s.signoff) issues.push({ path: `steps.${i}.signoff`, message: 'only sign-off steps take a sign-off rule' });
  });
  if (!def.steps.some((s) => s.kind === 'end')) issues.push({ path: 'steps', message: 'a procedure needs at least one end step' });
  // every step reachable from the start
  const next = new Map<string, string[]>();
  for (const t of def.transitions) next.set(t.from, [...(next.get(t.from) ?? []), t.to]);
  for (const s of def.steps) if (s.signoff) next.set(s.id, [...(next.get(s.id) ?? []), s.signoff.approveTo, s.signoff.rejectTo]);
  const seen = new Set<string>([def.start]);
  const queue = [def.start];
  while (queue.length) for (const n of next.get(queue.shift()!) ?? []) if (!seen.has(n)) (seen.add(n), queue.push(n));
  def.steps.forEach((s, i) => {
    if (!seen.has(s.id)) issues.push({ path: `steps.${i}`, message: `step "${s.id}" cannot be reached from "${def.start}"` });
    if (s.kind !== 'end' && !(next.get(s.id)?.length)) issues.push({ path: `steps.${i}`, message: `step "${s.id}" has no way out` });
  });
  return issues;
}

/** Parse and check one definition file's text; errors name the file and the path inside it. */
export function parseDefinition(file: string, text: string): TProcedureDefinition {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    throw new ProcedureDefinitionError(`${file}: not valid YAML: ${(err as Error).message}`);
  }
  const parsed = ProcedureDefinition.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ProcedureDefinitionError(`${file}: invalid procedure definition\n${lines.join('\n')}`);
  }
  const issues = checkDefinition(parsed.data);
  if (issues.length) {
    throw new ProcedureDefinitionError(`${file}: invalid procedure definition\n${issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`);
  }
  return parsed.data;
}

/** Every `procedures/<id>/v<N>.yaml`, validated; duplicates and misfiled versions are errors. */
export function loadDefinitions(dir = definitionsDir): TProcedureDefinition[] {
  const out: TProcedureDefinition[] = [];
  if (!fs.existsSync(dir)) return out;
  for (const folder of fs.readdirSync(dir).sort()) {
    const folderPath = path.join(dir, folder);
    if (!fs.statSync(folderPath).isDirectory()) continue;
    for (const name of fs.readdirSync(folderPath).sort()) {
      if (!/\.ya?ml$/.test(name)) continue;
      const file = path.join(folderPath, name);
      const rel = path.relative(process.cwd(), file);
      const def = parseDefinition(rel, fs.readFileSync(file, 'utf8'));
      if (def.id !== folder || `v${def.version}` !== name.replace(/\.ya?ml$/, '')) {
        throw new ProcedureDefinitionError(`${rel}: id/version (${def.id} v${def.version}) must match the file's place procedures/${def.id}/v${def.version}.yaml`);
      }
      out.push(def);
    }
  }
  return out;
}
