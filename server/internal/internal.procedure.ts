import type { FieldError } from '../platform/http/app-error.js';
import { AppError } from '../platform/http/app-error.js';
import { commChannels, commGoals } from '../../contracts/internal.js';
import { registerEffect, registerGuard, type ProcedureContext, registerPanels } from '../procedures/index.js';
import { departmentNames } from '../visits/index.js';
import * as repo from './internal.repository.js';

const invalid = (field: string, code: string) => new AppError('VALIDATION_FAILED', [{ path: `body.fields.${field}`, code }]);
const text = (v: unknown) => (v === undefined || v === null || String(v).trim() === '' ? undefined : String(v).trim());

async function planOf(ctx: ProcedureContext) {
  const p = await repo.selectPlan(ctx.tx, ctx.ref.id);
  if (!p) throw new AppError('NOT_FOUND');
  return p;
}

/** Guards and effects of the `internal-communication` procedure (procedures/internal-communication/v1.yaml). */
export function registerPlanHooks() {
  // the panels of the communication-plan page a step's `view:` may show or open for editing (procedures/*.yaml)
  registerPanels('communication-plan', ['replies']);
  // each step's fields are checked and kept on the plan, so the plan reads as the seven steps
  registerEffect('plan-record-step', async (ctx) => {
    const p = await planOf(ctx);
    const f = ctx.fields;
    const v: repo.PlanValues = {};
    if (text(f.goal) !== undefined) {
      if (!(commGoals as readonly string[]).includes(String(f.goal))) throw invalid('goal', 'invalid_value');
      v.goal = String(f.goal);
    }
    if (text(f.objective) !== undefined) v.objective = text(f.objective)!;
    if (text(f.channel) !== undefined) {
      if (!(commChannels as readonly string[]).includes(String(f.channel))) throw invalid('channel', 'invalid_value');
      v.channel = String(f.channel);
    }
    if (text(f.scheduledAt) !== undefined) {
      const d = new Date(String(f.scheduledAt));
      if (Number.isNaN(d.getTime())) throw invalid('scheduledAt', 'invalid_date');
      v.scheduledAt = d;
    }
    for (const k of ['place', 'participants', 'content', 'form', 'followUpNote', 'lessons', 'improvement'] as const) {
      if (text(f[k]) !== undefined) v[k] = text(f[k])!.slice(0, 4000);
    }
    if (text(f.communicationNote) !== undefined) {
      v.communicationNote = text(f.communicationNote)!.slice(0, 4000);
      if (!p.communicatedAt) v.communicatedAt = ctx.at ?? new Date();
    }
    if (text(f.score) !== undefined) {
      const n = Number(f.score);
      if (!Number.isInteger(n) || n < 1 || n > 5) throw invalid('score', 'between_1_and_5');
      v.score = n;
    }
    await repo.updatePlanRow(ctx.tx, p.id, null, v, ctx.auth.userId);
  });
  // feedback is collected when every department addressed has replied
  registerGuard('plan-replies-complete', async (ctx) => {
    const p = await planOf(ctx);
    const replied = new Set((await repo.selectReplies(ctx.tx, p.id)).map((r) => r.department));
    const missing = p.departments.filter((d) => !replied.has(d));
    if (!missing.length) return true;
    const names = await departmentNames(ctx, missing);
    const e: FieldError = {
      path: 'plan.replies',
      code: 'missing',
      message: ctx.auth.locale === 'zh-CN' ? `以下部门尚未反馈：${names.zh.join('、')}` : `No feedback yet from: ${names.en.join(', ')}`,
    };
    return e;
  });
}
