import { registerRecordType, uuidsOf } from '../platform/records/record-types.js';
import {
  selectCampaign,
  selectCampaignEditPeople,
  selectCampaignTitles,
  selectResponse,
  selectResponseEditPeople,
  selectTemplate,
  selectTemplateEditPeople,
  RESPONSE_REF,
} from './surveys.repository.js';
import { registerSurveyProcedureHooks } from './surveys.procedure.js';

export { surveysRoutes } from './surveys.routes.js';
export {
  createCampaign,
  getCampaign,
  listResponses,
  openSurveysOfContact,
  openSurveyOfContact,
  replyLetter,
  submitSurveyOfContact,
} from './surveys.service.js';

const isUuid = (id: string) => /^[0-9a-f-]{36}$/i.test(id);

export function registerSurveyFeature() {
  registerRecordType({
    type: 'survey-campaign',
    title: { zh: '满意度调查', en: 'Satisfaction survey' },
    readPermission: 'surveys.read',
    fetchTitle: async (db, id) => {
      if (!isUuid(id)) return null;
      const c = await selectCampaign(db, id);
      return c ? `${c.number} ${c.title}` : null;
    },
    fetchTitles: async (db, ids) => new Map((await selectCampaignTitles(db, uuidsOf(ids))).map((c) => [c.id, `${c.number} ${c.title}`])),
    url: (id) => `/surveys/campaigns/${id}`,
    editPeople: selectCampaignEditPeople,
  });
  // improvement actions point at the response; its title names the campaign and customer, not the answers
  registerRecordType({
    type: RESPONSE_REF,
    title: { zh: '满意度调查回复', en: 'Survey response' },
    readPermission: 'surveys.read',
    fetchTitle: async (db, id) => {
      if (!isUuid(id)) return null;
      const r = await selectResponse(db, id);
      return r ? `${r.campaignNumber} ${r.partyName}` : null;
    },
    url: (id) => `/surveys/responses/${id}`,
    editPeople: selectResponseEditPeople,
  });
  registerRecordType({
    type: 'survey-template',
    title: { zh: '调查问卷', en: 'Survey questionnaire' },
    readPermission: 'surveys.read',
    fetchTitle: async (db, id) => {
      if (!isUuid(id)) return null;
      const t = await selectTemplate(db, id);
      return t ? `${t.title.zh} v${t.revision}` : null;
    },
    url: () => '/surveys/templates',
    editPeople: selectTemplateEditPeople,
  });
  registerSurveyProcedureHooks();
}

// used by other features
export { createTemplate, submitSurvey } from './surveys.service.js';
