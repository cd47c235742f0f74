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
    expect(() => parseDefinition('procedures/x/v1.yaml', minimal.replace('to: review', 'to: nowhere'))).toThrow(
      /procedures\/x\/v1\.yaml[\s\S]*transitions\.0\.to: unknown step "nowhere"/,
    );
    expect(() => parseDefinition('f.yaml', minimal.replace('roles: [staff]', 'roles: [pilot]'))).toThrow(/f\.yaml[\s\S]*transitions\.0\.roles\.0/);
    expect(() => parseDefinition('f.yaml', minimal.replace('roles: [staff] }', 'roles: [staff], guards: [telepathy] }'))).toThrow(/unknown guard "telepathy"/);
    expect(() => parseDefinition('f.yaml', 'id: [')).toThrow(ProcedureDefinitionError);
  });

  it('refuses a confidential field name as a key (a definition is cached alike for every user, so nothing may be redacted)', () => {
    const withPrice = minimal.replace('steps:', 'fields:\n  price: { label: { zh: 价格, en: Price } }\nsteps:');
    expect(() => parseDefinition('f.yaml', withPrice)).toThrow(/fields\.price: 'price' is a confidential field name/);
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

  it('checks what a step shows and what a transition collects: declared fields, known panels, system transitions', () => {
    const withField = minimal.replace('roles: [staff] }', 'roles: [staff], fields: [note] }');
    expect(() => parseDefinition('f.yaml', withField)).toThrow(/transitions\.0\.fields\.0: field "note" is not declared/);
    const declared = withField.replace('steps:', 'fields:\n  note: { label: { zh: 说明, en: Note } }\nsteps:');
    expect(parseDefinition('f.yaml', declared).fields.note).toEqual({ label: { zh: '说明', en: 'Note' }, kind: 'textarea' });
    expect(() =>
      parseDefinition('f.yaml', declared.replace('kind: textarea', '').replace('{ zh: 说明, en: Note } }', '{ zh: 说明, en: Note }, kind: choice }')),
    ).toThrow(/fields\.note\.choices: a choice field lists its choices/);
    // communication has no panels; an order step may only name the order page's panels
    expect(() => parseDefinition('f.yaml', minimal.replace('lane: sales }', 'lane: sales, view: { editable: [lines] } }'))).toThrow(
      /steps\.0\.view\.editable\.0: record type "communication" has no panels/,
    );
    const order = minimal.replace('recordType: communication', 'recordType: order');
    expect(parseDefinition('f.yaml', order.replace('lane: sales }', 'lane: sales, view: { editable: [lines] } }')).steps[0]!.view).toEqual({
      visible: [],
      editable: ['lines'],
    });
    expect(() => parseDefinition('f.yaml', order.replace('lane: sales }', 'lane: sales, view: { visible: [wishes] } }'))).toThrow(
      /unknown panel "wishes" of order/,
    );
    // the system's transitions name no roles; people's transitions must
    expect(() => parseDefinition('f.yaml', minimal.replace('roles: [staff] }', 'actor: system, roles: [staff] }'))).toThrow(/a system transition has no roles/);
    // a transition the customer's contact may take (portal): a user transition, never with an electronic signature
    expect(parseDefinition('f.yaml', minimal.replace('roles: [staff] }', 'roles: [staff], customerContact: true }')).transitions[0]!.customerContact).toBe(
      true,
    );
    expect(() => parseDefinition('f.yaml', minimal.replace('roles: [staff] }', 'roles: [staff], customerContact: true, requiresSignature: true }'))).toThrow(
      /a transition a customer contact takes/,
    );
    expect(
      loadDefinitions()
        .find((d) => d.id === 'order' && d.version === 2)!
        .transitions.find((t) => t.id === 'reconfirm')!.customerContact,
    ).toBe(true);
    expect(() => parseDefinition('f.yaml', minimal.replace('roles: [staff] }', 'roles: [] }'))).toThrow(/names their roles/);
  });

  it('resolves a version written as changes to an earlier one (extends), and names the file of a bad change', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'defs-'));
    fs.mkdirSync(path.join(dir, 'demo'));
    fs.writeFileSync(path.join(dir, 'demo', 'v1.yaml'), minimal.replace('id: demo', 'id: demo'));
    const v2 = (body: string) => fs.writeFileSync(path.join(dir, 'demo', 'v2.yaml'), `id: demo\nversion: 2\nextends: 1\n${body}`);
    v2(`title: { zh: 演示二, en: Demo 2 }
steps:
  - { after: a, id: check, name: { zh: 复核, en: Check }, lane: sales }
transitions:
  - { id: submit, from: a, to: check, action: { zh: 提交, en: Submit }, roles: [staff, manager] }
  - { id: checked, from: check, to: review, action: { zh: 复核完毕, en: Checked }, roles: [manager] }
`);
    const [one, two] = loadDefinitions(dir);
    expect(one!.steps.map((s) => s.id)).toEqual(['a', 'review', 'done']);
    expect(two).toMatchObject({ version: 2, extends: 1, title: { en: 'Demo 2' }, documentNo: 'T-01', start: 'a' });
    expect(two!.steps.map((s) => s.id)).toEqual(['a', 'check', 'review', 'done']);
    expect(two!.transitions.map((t) => `${t.id}:${t.from}->${t.to}:${t.roles.join('+')}`)).toEqual([
      'submit:a->check:staff+manager',
      'checked:check->review:manager',
    ]);
    v2('remove: { steps: [nowhere] }\n');
    expect(() => loadDefinitions(dir)).toThrow(/demo\/v2\.yaml: remove\.steps: "nowhere" is not in the version extended/);
    v2('steps:\n  - { after: nowhere, id: x, name: { zh: 甲, en: X }, lane: sales }\n');
    expect(() => loadDefinitions(dir)).toThrow(/demo\/v2\.yaml: steps: after: "nowhere" is not a step/);
    // the result is checked like a full file: removing the step a transition leads to is refused
    v2('remove: { steps: [review] }\n');
    expect(() => loadDefinitions(dir)).toThrow(/demo\/v2\.yaml[\s\S]*transitions\.0\.to: unknown step "review"/);
    fs.writeFileSync(path.join(dir, 'demo', 'v2.yaml'), 'id: demo\nversion: 2\nextends: 5\n');
    expect(() => loadDefinitions(dir)).toThrow(/extends: 5 must name an earlier version of demo that exists/);
  });
});

describe('procedure diagrams', () => {
  const def = parseDefinition('t', minimal);

  it('draws lanes in order of appearance, a start event, steps and flows including sign-off exits', () => {
    const d = procedureDiagram(def);
    expect(d.lanes.map((l) => l.id)).toEqual(['sales', 'quality']);
    expect(d.nodes.map((n) => `${n.kind}:${n.id}@${n.lane}`)).toEqual([
      `start:${START_NODE}@sales`,
      'task:a@sales',
      'signoff:review@quality',
      'end:done@sales',
    ]);
    expect(d.edges.map((e) => `${e.from}->${e.to}:${e.kind}`)).toEqual([`${START_NODE}->a:flow`, 'a->review:flow', 'review->done:approve', 'review->a:reject']);
    expect(d.nodes.find((n) => n.id === 'review')!.signoffDepartments).toEqual(['quality', 'finance']);
  });

  it('exports BPMN 2.0 that a BPMN parser reads, with a lane per department', async () => {
    const xml = procedureBpmn(
      loadDefinitions().find((x) => x.id === 'enquiry')!,
      (c) => (c === 'sales' ? '市场部 Sales' : c),
    );
    const { rootElement, warnings } = await new BpmnModdle().fromXML(xml);
    expect(warnings).toEqual([]);
    const process = (
      rootElement as unknown as {
        rootElements: { $type: string; laneSets?: { lanes: { name: string; flowNodeRef: unknown[] }[] }[]; flowElements: { $type: string }[] }[];
      }
    ).rootElements.find((e) => e.$type === 'bpmn:Process')!;
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
