import { expect } from 'vitest';
import type { Client } from './harness.js';

/**
 * The steps order v3 (procedures/order/v3.yaml) adds, walked the plain way for tests that pass through them:
 * the statutory checklist (QC 4.2.1), the order confirmation (CS 2.4), the task sheet signed by the GM (SP 5.3)
 * and the production plan acknowledged by the departments (SP 6.3.1.2).
 */
export const STATUTORY_ITEMS = ['rohs', 'reach', 'export-control', 'labelling', 'customer-specific', 'other'] as const;
export const PLAN_DISTRIBUTION = ['production', 'quality', 'purchasing', 'gm-office'];

const instanceOf = async (api: Client, orderId: string) => (await api.get(`/api/procedure-instances?refType=order&refId=${orderId}`)).json().items[0];
async function move(api: Client, orderId: string, transitionId: string, extra: Record<string, unknown> = {}) {
  const i = await instanceOf(api, orderId);
  return api.post(`/api/procedure-instances/${i.id}/transitions`, { version: i.version, transitionId, ...extra });
}
async function sign(api: Client, orderId: string, department: string) {
  const i = await instanceOf(api, orderId);
  return api.post(`/api/procedure-instances/${i.id}/signoffs`, { version: i.version, department, opinion: 'accept' });
}
const ok = async (res: Promise<{ statusCode: number; body: string }>) => {
  const r = await res;
  expect(r.statusCode, r.body).toBe(200);
};

/** Every item decided: RoHS applies and is reviewed with its evidence, the rest not applicable. */
export async function statutoryReviewed(api: Client, orderId: string) {
  for (const item of STATUTORY_ITEMS) {
    const current = (await api.get(`/api/orders/${orderId}`)).json().statutory.find((x: { item: string }) => x.item === item);
    const rohs = item === 'rohs';
    await ok(
      api.put(`/api/orders/${orderId}/statutory/${item}`, {
        version: current.version,
        applicable: rohs ? 'yes' : 'na',
        evidence: rohs ? 'SGS RoHS 报告 CANEC2612345601' : null,
        reviewed: rohs,
      }),
    );
  }
}

export const confirmationFields = {
  deliveryAddress: '香港九龙观塘道 388 号 12 楼仓库',
  paymentMethod: '月结 60 天电汇',
  confirmedBy: '黄先生（采购经理）',
  confirmedAt: '2026-11-23T03:00:00.000Z',
  confirmationChannel: 'email',
};
export async function confirmOrder(api: Client, orderId: string) {
  await ok(move(api, orderId, 'confirm-order', { fields: confirmationFields }));
}

export const taskSheetFields = {
  productionStart: '2026-12-01T00:00:00.000Z',
  productionFinish: '2026-12-15T10:00:00.000Z',
  taskSheetInstructions: '二车间 3 号线；每箱 50 只',
};
/** PMC prepares the task sheet, the GM signs it, production, QA, purchasing and the GM office acknowledge the plan. */
export async function taskSheetIssued(planning: Client, gm: { api: Client; password: string }, signers: Record<string, Client>, orderId: string) {
  await ok(move(planning, orderId, 'prepare-task-sheet', { fields: taskSheetFields }));
  await ok(move(gm.api, orderId, 'sign-task-sheet', { password: gm.password }));
  for (const d of PLAN_DISTRIBUTION) await ok(sign(signers[d]!, orderId, d));
}
