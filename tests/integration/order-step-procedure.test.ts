import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { initProcedures } from '../../server/procedures/index.js';
import { definitionsDir } from '../../server/procedures/definitions.js';
import { adminClient, engines, expectProblem, testApp, userWithRoles, type Client } from '../support/harness.js';

/**
 * "Adding a step to the order procedure = the definition file (+ a guard or effect if it needs code) + this
 * walkthrough" (docs/ARCHITECTURE.md). A test-only order v4 — written as changes to v3 — puts a credit check by
 * Finance between intake and the contract review, with a field of its own. No other code changes: the API
 * enforces the new step (lane, required field, what is editable) and the instance view carries it.
 */
const V4 = `
id: order
version: 4
extends: 3
fields:
  creditNote: { label: { zh: 信用审核意见, en: Credit check note }, kind: textarea }
steps:
  - after: intake
    id: credit-check
    name: { zh: 财务信用审核, en: Credit check by Finance }
    lane: finance
    role: staff
    deadline: { amount: 1, unit: workingDays }
    view: { visible: [lines] }
transitions:
  - id: submit-contract-review
    from: intake
    to: credit-check
    action: { zh: 提交信用审核与合同评审, en: Submit for the credit check and contract review }
    roles: [staff, manager, gm, vp]
    guards: [no-open-clarifications, no-unclear-lines, oral-order-confirmed, acceptance-standard-confirmed, order-is-contract]
  - id: credit-cleared
    from: credit-check
    to: contract-review
    action: { zh: 信用审核通过, en: Credit cleared }
    roles: [staff, manager]
    fields: [creditNote]
`;

describe.each(engines())('a step added to the order procedure by its definition alone, on %s', (engine) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'order-v4-'));
  fs.mkdirSync(path.join(dir, 'order'));
  fs.writeFileSync(path.join(dir, 'order', 'v4.yaml'), V4);
  afterAll(() => {
    initProcedures();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is enforced by the API and carried by the instance view', async () => {
    const t = await testApp(engine);
    // building the app registered the guards, effects and panels; now load the shipped definitions and v4
    initProcedures([definitionsDir, dir]);
    const { api: admin } = await adminClient(t.app);
    const clerk = await userWithRoles(t.app, admin, 'clerk', ['staff'], 'sales');
    const finance = await userWithRoles(t.app, admin, 'cashier', ['staff'], 'finance');
    const customer = (await admin.post('/api/customers', { code: 'CR-01', nameZh: '信用审核客户' })).json();
    await admin.post('/api/products', { model: 'RY-2045', spec: '12V 2A', nameZh: '电源适配器', inBom: true });
    const body = {
      partyId: customer.id,
      customerPo: 'CR-PO-1',
      form: 'fax',
      orderDate: '2026-11-20',
      receivedAt: '2026-11-20T02:00:00.000Z',
      lines: [{ model: 'RY-2045', spec: '12V 2A', quantity: 100, requestedDate: '2026-12-20' }],
    };
    const order = (await clerk.api.post('/api/orders', body)).json();
    const instanceOf = async (api: Client) => (await api.get(`/api/procedure-instances?refType=order&refId=${order.id}`)).json().items[0];
    const move = async (api: Client, transitionId: string, extra: Record<string, unknown> = {}) => {
      const i = await instanceOf(api);
      return api.post(`/api/procedure-instances/${i.id}/transitions`, { version: i.version, transitionId, ...extra });
    };

    // new records take the new version; the view lists the new step where the file put it
    let view = await instanceOf(clerk.api);
    expect(view.procedureVersion).toBe(4);
    expect(view.steps.map((s: { id: string }) => s.id).slice(0, 3)).toEqual(['intake', 'credit-check', 'clarification']);
    expect(view.view).toEqual({
      visible: ['lines', 'reviewMeeting', 'reviewWaiver', 'statutory'],
      editable: ['lines', 'reviewMeeting', 'reviewWaiver', 'statutory'],
    });

    const moved = await move(clerk.api, 'submit-contract-review');
    expect(moved.statusCode, moved.body).toBe(200);
    view = moved.json();
    expect(view).toMatchObject({ state: 'credit-check', view: { visible: ['lines'], editable: [] }, actions: [] });

    // the step's view closes the order for editing: the order service asks the definition, not a list of its own
    const o = (await clerk.api.get(`/api/orders/${order.id}`)).json();
    expectProblem(await clerk.api.put(`/api/orders/${order.id}`, { ...body, version: o.version }), 409, 'ORDER_NOT_EDITABLE');
    // the lane: Finance takes it, Sales may not
    expectProblem(await move(clerk.api, 'credit-cleared', { fields: { creditNote: '额度充足' } }), 403, 'PROCEDURE_NOT_YOUR_STEP');
    // Finance sees the action with the field and its label from the file
    view = await instanceOf(finance.api);
    expect(view.actions).toEqual([
      expect.objectContaining({
        transitionId: 'credit-cleared',
        fields: ['creditNote'],
        form: [{ name: 'creditNote', required: true, kind: 'textarea', label: { zh: '信用审核意见', en: 'Credit check note' } }],
      }),
    ]);
    const missing = expectProblem(await move(finance.api, 'credit-cleared'), 422, 'PROCEDURE_FIELDS_MISSING');
    expect(missing.errors![0]!.path).toBe('body.fields.creditNote');
    const cleared = await move(finance.api, 'credit-cleared', { fields: { creditNote: '额度充足，预付 30%' } });
    expect(cleared.statusCode, cleared.body).toBe(200);
    expect(cleared.json()).toMatchObject({ state: 'contract-review', signoff: { round: 1 } });

    // the shipped versions are untouched: v3 still goes from intake straight to the contract review
    const { allDefinitions, definitionVersion } = await import('../../server/procedures/catalogue.js');
    expect(allDefinitions().find((d) => d.latest.id === 'order')!.versions).toEqual([1, 2, 3, 4]);
    expect(definitionVersion('order', 3).transitions.find((x) => x.id === 'submit-contract-review')!.to).toBe('contract-review');
  });
});
