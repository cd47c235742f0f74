import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { registerCalculations } from './calculations.js';
import { kpisDir, loadKpiDefinitions } from './definitions.js';

const processes = new Set([
  'complaint',
  'customer-visit',
  'cutting-sheet',
  'enquiry',
  'internal-communication',
  'order',
  'quotation',
  'service-request',
  'survey',
]);
registerCalculations();

function dirWith(files: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpis-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.join(dir, path.dirname(name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}
const good = `id: x-rate
version: 1
documentNo: KPI-T-01
name: { zh: 测试, en: Test }
description: { zh: 测试, en: Test }
calculation: repeat-complaints
unit: percent
direction: lower-better
target: 5
warning: 10
owner: { department: quality, process: complaint }
`;

describe('KPI definitions (kpis/<id>/v<N>.yaml)', () => {
  it('loads every shipped KPI', () => {
    const all = loadKpiDefinitions(kpisDir, processes);
    expect(all.size).toBeGreaterThanOrEqual(22);
    expect(all.get('complaint-acknowledged-24h')!.get(1)!.params).toEqual({ amount: 24, unit: 'workingHours' });
  });

  it('resolves a version that extends an earlier one', () => {
    const dir = dirWith({ 'x-rate/v1.yaml': good, 'x-rate/v2.yaml': 'extends: 1\nversion: 2\ntarget: 3\n' });
    const v2 = loadKpiDefinitions(dir, processes).get('x-rate')!.get(2)!;
    expect(v2).toMatchObject({ version: 2, target: 3, warning: 10, calculation: 'repeat-complaints' });
  });

  it('refuses a broken file, naming the file and the path inside it', () => {
    const bad = (text: string) => () => loadKpiDefinitions(dirWith({ 'x-rate/v1.yaml': text }), processes);
    expect(bad(good.replace('repeat-complaints', 'no-such-calc'))).toThrow(/kpis\/x-rate\/v1\.yaml[\s\S]*calculation: unknown calculation "no-such-calc"/);
    expect(bad(good.replace('process: complaint', 'process: nowhere'))).toThrow(/owner\.process: unknown procedure "nowhere"/);
    expect(bad(good.replace('warning: 10', 'warning: 1'))).toThrow(/warning: lower is better/);
    expect(bad(good.replace('unit: percent', 'unit: furlongs'))).toThrow(/kpis\/x-rate\/v1\.yaml[\s\S]*unit/);
    expect(bad(good.replace('id: x-rate', 'id: y-rate'))).toThrow(/differs from its folder/);
    expect(bad(good + 'surprise: 1\n')).toThrow(/surprise|Unrecognized/);
  });
});
