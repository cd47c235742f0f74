import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ProcedureDefinition } from '../../../contracts/procedures.js';
import { overlay } from '../../../server/procedures/definitions.js';
import { stepPath } from './path.js';

const enquiry = ProcedureDefinition.parse(parse(fs.readFileSync(new URL('../../../procedures/enquiry/v1.yaml', import.meta.url), 'utf8')));
const visit = (stepId: string, enteredAt: string, leftAt: string | null = null) => ({
  stepId,
  enteredAt,
  leftAt,
  actorName: null,
  transitionId: null,
  reason: null,
  grossMinutes: 0,
  netMinutes: 0,
});

describe('stepPath', () => {
  it('shows the current step and the usual way ahead', () => {
    const p = stepPath(enquiry, { state: 'received', status: 'open', history: [visit('received', '2026-01-05T01:00:00Z')] });
    expect(p.map((i) => [i.stepId, i.state])).toEqual([
      ['received', 'current'],
      ['answered', 'ahead'],
      ['closed', 'ahead'],
    ]);
  });

  it('shows only the steps visited once closed (a withdrawn enquiry skips "answered")', () => {
    const p = stepPath(enquiry, {
      state: 'closed',
      status: 'closed',
      history: [visit('closed', '2026-01-05T03:00:00Z'), visit('received', '2026-01-05T01:00:00Z', '2026-01-05T03:00:00Z')],
    });
    expect(p.map((i) => [i.stepId, i.state])).toEqual([
      ['received', 'done'],
      ['closed', 'done'],
    ]);
  });

  // the complaint procedure v2: D0, then the assessment's path — the short 8D's own steps, not the full 8D's
  const yaml = (v: number) => parse(fs.readFileSync(new URL(`../../../procedures/complaint/v${v}.yaml`, import.meta.url), 'utf8')) as Record<string, unknown>;
  const complaint = ProcedureDefinition.parse(overlay('procedures/complaint/v2.yaml', yaml(1), yaml(2)));
  const atVp = { state: 'vp-review', status: 'open' as const, history: [visit('vp-review', '2026-01-05T01:00:00Z')] };
  const ahead = (route: string | null) =>
    stepPath(complaint, atVp, route)
      .filter((i) => i.state === 'ahead')
      .map((i) => i.stepId);

  it('shows a short 8D its own steps ahead, never the full 8D’s', () => {
    expect(ahead('short-8d')).toEqual(['d0-emergency', 'short-d3-containment', 'short-d4-root-cause', 'short-d5-correction', 'short-d8-closure', 'closed']);
    const atD0 = stepPath(complaint, { state: 'd0-emergency', status: 'open', history: [visit('d0-emergency', '2026-01-05T01:00:00Z')] }, 'short-8d');
    expect(atD0.map((i) => i.stepId)).not.toContain('d1-team');
    expect(atD0.map((i) => i.stepId)).not.toContain('d7-prevention');
  });

  it('shows a full 8D and a quick fix their own way, and the usual way before a path is chosen', () => {
    expect(ahead('full-8d')).toEqual([
      'd0-emergency',
      'd1-team',
      'd2-problem',
      'd3-containment',
      'd4-root-cause',
      'd5-actions',
      'd6-implementation',
      'd7-prevention',
      'effectiveness',
      'customer-confirmation',
      'closed',
    ]);
    expect(ahead('quick-fix')[0]).toBe('quick-fix');
    expect(ahead(null)[1]).toBe('d1-team');
  });
});
