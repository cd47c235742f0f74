import { registerRecordType } from '../platform/records/record-types.js';
import { because, registerDeadlineOverride, registerGuard, registerPanels } from '../procedures/index.js';
import {
  selectAnomaly,
  selectAnomalyEditPeople,
  selectQuestion,
  selectQuestionEditPeople,
  selectSample,
  selectSampleEditPeople,
  SAMPLE_PROCEDURE,
} from './engineering.repository.js';
import { sampleAnswerDays, sampleAnswerRecorded } from './engineering.service.js';

export { engineeringRoutes } from './engineering.routes.js';
export { createSample, createQuestion, createAnomaly } from './engineering.service.js';
// the demo data's records (server/demo/load-records.ts)
export {
  addReport,
  answerQuestion,
  answerSample,
  closeAnomaly,
  getAnomaly,
  getQuestion,
  getSample,
  linkAnomalyComplaint,
  signQuestion,
} from './engineering.service.js';

const isUuid = (id: string) => /^[0-9a-f-]{36}$/i.test(id);

/** Engineering's and QA's records with the customer [CC 5.3, 5.4, 5.6]: sample confirmations, process-design questions, anomalies. */
export function registerEngineeringFeature() {
  registerRecordType({
    type: 'sample',
    title: { zh: '样品确认', en: 'Sample confirmation' },
    readPermission: 'engineering.read',
    fetchTitle: async (db, id) => {
      if (!isUuid(id)) return null;
      const r = await selectSample(db, id);
      return r ? `${r.number} ${r.model} ×${r.quantity}` : null;
    },
    url: (id) => `/samples/${id}`,
    editPeople: selectSampleEditPeople,
  });
  registerRecordType({
    type: 'process-question',
    title: { zh: '工艺设计疑问', en: 'Process-design question' },
    readPermission: 'engineering.read',
    fetchTitle: async (db, id) => {
      if (!isUuid(id)) return null;
      const r = await selectQuestion(db, id);
      return r ? `${r.number} ${r.processData}`.slice(0, 120) : null;
    },
    url: (id) => `/process-questions/${id}`,
    editPeople: selectQuestionEditPeople,
  });
  registerRecordType({
    type: 'anomaly',
    title: { zh: '异常', en: 'Anomaly' },
    readPermission: 'engineering.read',
    fetchTitle: async (db, id) => {
      if (!isUuid(id)) return null;
      const r = await selectAnomaly(db, id);
      return r ? `${r.number} ${r.title}`.slice(0, 120) : null;
    },
    url: (id) => `/anomalies/${id}`,
    editPeople: selectAnomalyEditPeople,
  });
  // procedures/sample-confirmation: its panels, the answer guards and the record's own answer time
  registerPanels('sample', ['sample', 'answer']);
  registerGuard(
    'sample-answer-approved',
    async (ctx) => (await sampleAnswerRecorded(ctx.tx, ctx.ref.id, 'approved')) || because('sample.answer', 'SAMPLE_NO_ANSWER'),
  );
  registerGuard(
    'sample-answer-rejected',
    async (ctx) => (await sampleAnswerRecorded(ctx.tx, ctx.ref.id, 'rejected')) || because('sample.answer', 'SAMPLE_NO_ANSWER'),
  );
  registerDeadlineOverride(SAMPLE_PROCEDURE, async (tx, ref, stepId) => {
    if (stepId !== 'awaiting-customer') return null;
    const days = await sampleAnswerDays(tx, ref.id);
    return days ? { amount: days, unit: 'workingDays' } : null;
  });
}
