import type { AuthContext } from '../platform/http/access.js';
import type { FieldError } from '../platform/http/app-error.js';
import { registerEffect, registerGuard } from '../procedures/index.js';
import * as repo from './surveys.repository.js';

const refuse = (auth: AuthContext, path: string, code: string, zh: string, en: string): FieldError => ({ path, code, message: auth.locale === 'zh-CN' ? zh : en });

/** Guards and effects the `survey` procedure names (procedures/survey/v1.yaml). */
export function registerSurveyProcedureHooks() {
  registerGuard('survey-has-responses', async (ctx) => {
    const n = (await repo.selectResponses(ctx.tx, [ctx.ref.id])).length;
    return n > 0 || refuse(ctx.auth, 'survey.responses', 'none', '还没有任何客户回复，不能转品质部分析。', 'No customer has answered yet: nothing to route to QA.');
  });
  // the reply lists the improvements made, so they are done (or cancelled with a reason) first [CC 5.9]
  registerGuard('survey-actions-complete', async (ctx) => {
    const responses = await repo.selectResponses(ctx.tx, [ctx.ref.id]);
    const open = (await repo.selectResponseActions(ctx.tx, responses.map((r) => r.id))).filter((a) => a.status === 'open');
    return open.length === 0 || refuse(ctx.auth, 'survey.actions', 'open', `还有 ${open.length} 项改善措施未完成。`, `${open.length} improvement action(s) are not done yet.`);
  });
  registerGuard('survey-replies-sent', async (ctx) => {
    const responses = await repo.selectResponses(ctx.tx, [ctx.ref.id]);
    const replies = await repo.selectReplies(ctx.tx, ctx.ref.id);
    const missing = responses.find((r) => !replies.some((x) => x.partyId === r.partyId));
    return !missing || refuse(ctx.auth, 'survey.replies', 'missing', `尚未回复客户 ${missing.partyName}。`, `The reply to ${missing.partyName} has not been sent yet.`);
  });
  registerEffect('record-survey-analysis', async (ctx) => {
    await repo.setAnalysisSummary(ctx.tx, ctx.ref.id, String(ctx.fields.analysisSummary), ctx.auth.userId);
  });
}
