import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../platform/paths.js';
import { parse as parseYaml } from 'yaml';
import { ProcedureDefinition, type TProcedureDefinition } from '../../contracts/procedures.js';
import { channels } from '../../contracts/parties.js';
import { guardNames, effectNames, panelNames } from './registry.js';
import { sensitiveClassOf } from '../platform/http/redact.js';

export const definitionsDir = path.join(projectRoot, 'procedures');

export class ProcedureDefinitionError extends Error {}

export interface DefinitionIssue {
  path: string;
  message: string;
}

/** Cross-checks zod cannot express: references between steps and transitions, reachability. */
export function checkDefinition(
  def: TProcedureDefinition,
  known = { guards: guardNames(), effects: effectNames(), panels: panelNames(def.recordType) },
): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  const declared = (name: string, at: string) => {
    if (!def.fields[name]) issues.push({ path: at, message: `field "${name}" is not declared under fields: (its label and kind)` });
  };
  for (const [name, f] of Object.entries(def.fields)) {
    if (f.kind === 'choice' && !f.choices?.length) issues.push({ path: `fields.${name}.choices`, message: 'a choice field lists its choices' });
    if (f.kind !== 'choice' && f.choices) issues.push({ path: `fields.${name}.choices`, message: 'only choice fields take choices' });
    if (f.kind !== 'channel' && f.channels) issues.push({ path: `fields.${name}.channels`, message: 'only channel fields take channels' });
    f.channels?.forEach((c, j) => {
      if (!(channels as readonly string[]).includes(c)) issues.push({ path: `fields.${name}.channels.${j}`, message: `unknown channel "${c}"` });
    });
  }
  def.steps.forEach((s, i) => {
    s.requires.forEach((f, j) => declared(f, `steps.${i}.requires.${j}`));
    for (const kind of ['visible', 'editable'] as const) {
      s.view[kind].forEach((p, j) => {
        if (!known.panels) issues.push({ path: `steps.${i}.view.${kind}.${j}`, message: `record type "${def.recordType}" has no panels (registerPanels)` });
        else if (!known.panels.has(p))
          issues.push({ path: `steps.${i}.view.${kind}.${j}`, message: `unknown panel "${p}" of ${def.recordType} (known: ${[...known.panels].join(', ')})` });
      });
    }
    if (s.kind === 'end' && s.view.editable.length) issues.push({ path: `steps.${i}.view.editable`, message: 'nothing is editable at an end step' });
  });
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
    if (from?.kind === 'signoff')
      issues.push({ path: `transitions.${i}.from`, message: `sign-off step "${t.from}" is left by its sign-off rule, not by transitions` });
    t.fields.forEach((f, j) => declared(f, `transitions.${i}.fields.${j}`));
    t.optional.forEach((f, j) => {
      declared(f, `transitions.${i}.optional.${j}`);
      if (t.fields.includes(f)) issues.push({ path: `transitions.${i}.optional.${j}`, message: `field "${f}" is both required and optional` });
    });
    if (t.actor === 'user' && !t.roles.length)
      issues.push({ path: `transitions.${i}.roles`, message: 'a transition people take names their roles (or is actor: system)' });
    if (t.customerContact && (t.actor !== 'user' || t.requiresSignature)) {
      issues.push({
        path: `transitions.${i}.customerContact`,
        message: 'a transition a customer contact takes is a user transition without an electronic signature',
      });
    }
    if (t.actor === 'system' && (t.roles.length || t.lane || t.requiresSignature || t.fields.length)) {
      issues.push({ path: `transitions.${i}.actor`, message: 'a system transition has no roles, lane, fields or signature: no person takes it' });
    }
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
        s.signoff.guards.forEach((g, j) => {
          if (!known.guards.has(g)) issues.push({ path: `steps.${i}.signoff.guards.${j}`, message: `unknown guard "${g}"` });
        });
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
  while (queue.length) {
    for (const n of next.get(queue.shift()!) ?? []) {
      if (seen.has(n)) continue;
      seen.add(n);
      queue.push(n);
    }
  }
  def.steps.forEach((s, i) => {
    if (!seen.has(s.id)) issues.push({ path: `steps.${i}`, message: `step "${s.id}" cannot be reached from "${def.start}"` });
    if (s.kind !== 'end' && !next.get(s.id)?.length) issues.push({ path: `steps.${i}`, message: `step "${s.id}" has no way out` });
  });
  return issues;
}

/** Parse and check one definition file's text (a full definition); errors name the file and the path inside it. */
export function parseDefinition(file: string, text: string): TProcedureDefinition {
  return checkedDefinition(file, readYaml(file, text));
}

function readYaml(file: string, text: string): unknown {
  try {
    return parseYaml(text);
  } catch (err) {
    throw new ProcedureDefinitionError(`${file}: not valid YAML: ${(err as Error).message}`);
  }
}

function checkedDefinition(file: string, raw: unknown): TProcedureDefinition {
  const parsed = ProcedureDefinition.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ProcedureDefinitionError(`${file}: invalid procedure definition\n${lines.join('\n')}`);
  }
  const issues = [...checkDefinition(parsed.data), ...reservedKeys(parsed.data, '')];
  if (issues.length) {
    throw new ProcedureDefinitionError(`${file}: invalid procedure definition\n${issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`);
  }
  return parsed.data;
}

/**
 * A definition is the same for every user (the web caches it by its digest), so no key in it may be a confidential
 * field name that the response redaction would strip for some users: a field named `price` must be named otherwise.
 */
function reservedKeys(value: unknown, path: string): { path: string; message: string }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => reservedKeys(v, `${path}.${i}`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => {
    const at = path ? `${path}.${k}` : k;
    return [
      ...(sensitiveClassOf(k) ? [{ path: at, message: `'${k}' is a confidential field name (contracts/sensitive.ts): choose another key` }] : []),
      ...reservedKeys(v, at),
    ];
  });
}

type Raw = Record<string, unknown>;
type Entry = Raw & { id?: unknown; after?: unknown };
const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A version written as changes to an earlier one (`extends: 1`): the result is a full definition,
 * checked like any other. Steps and transitions merge by id — an entry whose id exists replaces that
 * entry where it stands; a new step goes after the step named in `after:` (or at the end); `remove:`
 * lists step and transition ids to drop; `fields` merge by name; any other key replaces the earlier value.
 */
export function overlay(file: string, base: Raw, patch: Raw): Raw {
  const out: Raw = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (key === 'remove' || key === 'steps' || key === 'transitions') continue;
    out[key] = key === 'fields' && isObject(value) && isObject(base.fields) ? { ...base.fields, ...value } : value;
  }
  const remove = isObject(patch.remove) ? patch.remove : {};
  for (const list of ['steps', 'transitions'] as const) {
    let entries = [...((Array.isArray(base[list]) ? base[list] : []) as Entry[])];
    const dropped = Array.isArray(remove[list]) ? (remove[list] as unknown[]) : [];
    for (const id of dropped) {
      if (!entries.some((e) => e.id === id)) throw new ProcedureDefinitionError(`${file}: remove.${list}: "${String(id)}" is not in the version extended`);
    }
    entries = entries.filter((e) => !dropped.includes(e.id));
    const changes = patch[list];
    if (changes !== undefined && !Array.isArray(changes)) throw new ProcedureDefinitionError(`${file}: ${list}: a list of entries to add or replace`);
    for (const change of (changes ?? []) as Entry[]) {
      const { after, ...entry } = change;
      const at = entries.findIndex((e) => e.id === entry.id);
      if (at >= 0) {
        if (after !== undefined)
          throw new ProcedureDefinitionError(`${file}: ${list}: "${String(entry.id)}" replaces an entry in place; after: is for new entries`);
        entries[at] = entry;
      } else if (after !== undefined) {
        const prev = entries.findIndex((e) => e.id === after);
        if (prev < 0) throw new ProcedureDefinitionError(`${file}: ${list}: after: "${String(after)}" is not a ${list === 'steps' ? 'step' : 'transition'}`);
        entries.splice(prev + 1, 0, entry);
      } else entries.push(entry);
    }
    out[list] = entries;
  }
  return out;
}

/**
 * Every `procedures/<id>/v<N>.yaml` in these folders (later folders may add versions: test fixtures),
 * resolved (`extends`) and validated; duplicates and misfiled versions are errors.
 */
export function loadDefinitions(dirs: string | string[] = definitionsDir): TProcedureDefinition[] {
  const files = new Map<string, { file: string; raw: Raw }>();
  for (const dir of Array.isArray(dirs) ? dirs : [dirs]) {
    if (!fs.existsSync(dir)) continue;
    for (const folder of fs.readdirSync(dir).sort()) {
      const folderPath = path.join(dir, folder);
      if (!fs.statSync(folderPath).isDirectory()) continue;
      for (const name of fs.readdirSync(folderPath).sort()) {
        if (!/\.ya?ml$/.test(name)) continue;
        const file = path.join(folderPath, name);
        const rel = path.relative(process.cwd(), file);
        const raw = readYaml(rel, fs.readFileSync(file, 'utf8'));
        if (!isObject(raw) || raw.id !== folder || `v${String(raw.version)}` !== name.replace(/\.ya?ml$/, '')) {
          throw new ProcedureDefinitionError(
            `${rel}: id/version (${isObject(raw) ? `${String(raw.id)} v${String(raw.version)}` : '?'}) must match the file's place procedures/${isObject(raw) ? `${String(raw.id)}/v${String(raw.version)}` : '<id>/v<N>'}.yaml`,
          );
        }
        const key = `${folder}@${String(raw.version)}`;
        if (files.has(key)) throw new ProcedureDefinitionError(`${rel}: ${folder} v${String(raw.version)} is also defined in ${files.get(key)!.file}`);
        files.set(key, { file: rel, raw });
      }
    }
  }
  const resolved = new Map<string, Raw>();
  const resolve = (key: string): Raw => {
    const done = resolved.get(key);
    if (done) return done;
    const { file, raw } = files.get(key)!;
    let full = raw;
    if (raw.extends !== undefined) {
      const base = `${String(raw.id)}@${String(raw.extends)}`;
      if (typeof raw.extends !== 'number' || raw.extends >= Number(raw.version) || !files.has(base)) {
        throw new ProcedureDefinitionError(`${file}: extends: ${String(raw.extends)} must name an earlier version of ${String(raw.id)} that exists`);
      }
      full = overlay(file, resolve(base), raw);
    }
    resolved.set(key, full);
    return full;
  };
  return [...files.keys()].map((key) => checkedDefinition(files.get(key)!.file, resolve(key)));
}
