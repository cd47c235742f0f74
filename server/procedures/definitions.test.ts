import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, beforeAll } from 'vitest';
import { BpmnModdle } from 'bpmn-moddle';
import { loadDefinitions, parseDefinition, ProcedureDefinitionError, definitionsDir } from './definitions.js';
import { registerEffect, registerGuard } from './registry.js';
import { procedureDiagram, START_NODE } from '../../contracts/procedure-diagram.js';
import { procedureBpmn } from './bpmn.js';
import { registerFeatures } from '../app.js';

const minimal = `
id: demo
version: 1
documentNo: T-01
title: { zh: 演示, en: Demo }
recordType: communication
start: a
steps:
  - { id: a, name: { zh: 甲, en: A }, lane: sales }
  - { id: review, name: { zh: 会签, en: Review }, lane: quality, kind: signoff, signoff: { departments: [quality, finance], rejectTo: a, approveTo: done } }
  - { id: done, name: { zh: 完成, en: Done }, lane: sales, kind: end }
transitions:
  - { id: submit, from: a, to: review, action: { zh: 提交, en: Submit }, roles: [staff] }
turtle: { owner: sales }
`;

beforeAll(() => {
  // the shipped definitions name the guards and effects the features register (orders, communications…)
  registerFeatures();
  registerEffect('log-reply', async () => undefined);
  registerGuard('always', async () => true);
});

describe('procedure definitions', () => {
  it('loads every shipped definition', () => {
    const defs = loadDefinitions();
    expect(defs.map((d) => `${d.id}@${d.version}`)).toContain('enquiry@1');
  });

  it('names the file and the path of a broken definition', () => {
    expect(() => parseDefinition('procedures/x/v1.yaml', minimal.replace('to: review', 'to: nowhere'))).toThrow(/procedures\/x\/v1\.yaml[\s\S]*transitions\.0\.to: unknown step "nowhere"/);
    expect(() => parseDefinition('f.yaml', minimal.replace('roles: [staff]', 'roles: [pilot]'))).toThrow(/f\.yaml[\s\S]*transitions\.0\.roles\.0/);
    expect(() => parseDefinition('f.yaml', minimal.replace("roles: [staff] }", "roles: [staff], guards: [telepathy] }"))).toThrow(/unknown guard "telepathy"/);
    expect(() => parseDefinition('f.yaml', 'id: [')).toThrow(ProcedureDefinitionError);
  });

  it('refuses unreachable steps and dead ends', () => {
    const orphan = minimal.replace('  - { id: done,', '  - { id: lost, name: { zh: 丢, en: Lost }, lane: sales }\n  - { id: done,');
    expect(() => parseDefinition('f.yaml', orphan)).toThrow(/step "lost" cannot be reached[\s\S]*step "lost" has no way out/);
  });

  it('refuses a file whose id or version does not match its place', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'defs-'));
    fs.mkdirSync(path.join(dir, 'demo'));
    fs.writeFileSync(path.join(dir, 'demo', 'v2.yaml'), minimal);
    expect(() => loadDefinitions(dir)).toThrow(/must match the file's place procedures\/demo\/v1\.yaml/);
  });
});

describe('procedure diagrams', () => {
  const def = parseDefinition('t', minimal);

  it('draws lanes in order of appearance, a start event, steps and flows including sign-off exits', () => {
    const d = procedureDiagram(def);
    expect(d.lanes.map((l) => l.id)).toEqual(['sales', 'quality']);
    expect(d.nodes.map((n) => `${n.kind}:${n.id}@${n.lane}`)).toEqual([`start:${START_NODE}@sales`, 'task:a@sales', 'signoff:review@quality', 'end:done@sales']);
    expect(d.edges.map((e) => `${e.from}->${e.to}:${e.kind}`)).toEqual([`${START_NODE}->a:flow`, 'a->review:flow', 'review->done:approve', 'review->a:reject']);
    expect(d.nodes.find((n) => n.id === 'review')!.signoffDepartments).toEqual(['quality', 'finance']);
  });

  it('exports BPMN 2.0 that a BPMN parser reads, with a lane per department', async () => {
    const xml = procedureBpmn(loadDefinitions().find((x) => x.id === 'enquiry')!, (c) => (c === 'sales' ? '市场部 Sales' : c));
    const { rootElement, warnings } = await new BpmnModdle().fromXML(xml);
    expect(warnings).toEqual([]);
    const process = (rootElement as unknown as { rootElements: { $type: string; laneSets?: { lanes: { name: string; flowNodeRef: unknown[] }[] }[]; flowElements: { $type: string }[] }[] }).rootElements.find(
      (e) => e.$type === 'bpmn:Process',
    )!;
    expect(process.laneSets![0]!.lanes.map((l) => l.name)).toEqual(['市场部 Sales']);
    const types = process.flowElements.map((e) => e.$type);
    expect(types.filter((t) => t === 'bpmn:UserTask')).toHaveLength(2);
    expect(types.filter((t) => t === 'bpmn:SequenceFlow')).toHaveLength(4);
    expect(types).toContain('bpmn:StartEvent');
    expect(types).toContain('bpmn:EndEvent');
    const multi = procedureBpmn(def);
    expect(multi).toContain('multiInstanceLoopCharacteristics');
  });
});

void definitionsDir;
