import { because, registerEffect, registerGuard } from '../procedures/index.js';
import * as repo from './surveys.repository.js';

/** Guards and effects the `survey` procedure names (procedures/survey/v1.yaml). */
export function registerSurveyProcedureHooks() {
  registerGuard('survey-has-responses', async (ctx) => {
    const n = (await repo.selectResponses(ctx.tx, [ctx.ref.id])).length;
    return n > 0 || because('survey.responses', 'SURVEY_NO_RESPONSES');
  });
  // the reply lists the improvements made, so they are done (or cancelled with a reason) first [CC 5.9]
  registerGuard('survey-actions-complete', async (ctx) => {
    const responses = await repo.selectResponses(ctx.tx, [ctx.ref.id]);
    const open = (
      await repo.selectResponseActions(
        ctx.tx,
        responses.map((r) => r.id),
      )
    ).filter((a) => a.status === 'open');
    return open.length === 0 || because('survey.actions', 'SURVEY_ACTIONS_OPEN', { count: open.length });
  });
  registerGuard('survey-replies-sent', async (ctx) => {
    const responses = await repo.selectResponses(ctx.tx, [ctx.ref.id]);
    const replies = await repo.selectReplies(ctx.tx, ctx.ref.id);
    const missing = responses.find((r) => !replies.some((x) => x.partyId === r.partyId));
    return !missing || because('survey.replies', 'SURVEY_REPLY_MISSING', { partyName: missing.partyName });
  });
  registerEffect('record-survey-analysis', async (ctx) => {
    await repo.setAnalysisSummary(ctx.tx, ctx.ref.id, String(ctx.fields.analysisSummary), ctx.auth.userId);
  });
}
