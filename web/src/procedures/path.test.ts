import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ProcedureDefinition } from '../../../contracts/procedures.js';
import { stepPath } from './path.js';

const enquiry = ProcedureDefinition.parse(parse(fs.readFileSync(new URL('../../../procedures/enquiry/v1.yaml', import.meta.url), 'utf8')));
const visit = (stepId: string, enteredAt: string, leftAt: string | null = null) => ({ stepId, enteredAt, leftAt, actorName: null, transitionId: null, reason: null, grossMinutes: 0, netMinutes: 0 });

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
});
