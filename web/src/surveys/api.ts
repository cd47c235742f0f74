import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  CreatedSurveyCampaign,
  CreateSurveyCampaignRequest,
  CreateSurveyTemplateRequest,
  EnterSurveyResponseRequest,
  PublicSurvey,
  PublicSurveyThanks,
  RecordReplyRequest,
  ReviseSurveyTemplateRequest,
  SentReminders,
  SendRemindersRequest,
  SubmitSurveyRequest,
  SurveyCampaignList,
  SurveyCampaignSummary,
  SurveyLink,
  SurveyTemplateList,
  TReplyLetter,
  TSurveyAnalysis,
  TSurveyCampaign,
  TSurveyResponse,
  TSurveyTemplate,
} from '../../../contracts/surveys.js';
import { api, type Query } from '../api/client.js';

export type { TReplyLetter, TSurveyAnalysis, TSurveyCampaign, TSurveyResponse, TSurveyTemplate };
export type TSurveyCampaignSummary = z.infer<typeof SurveyCampaignSummary>;
export type TCreatedCampaign = z.infer<typeof CreatedSurveyCampaign>;
export type TSurveyLink = z.infer<typeof SurveyLink>;
export type TPublicSurvey = z.infer<typeof PublicSurvey>;

export const surveyKeys = {
  all: ['surveys'] as const,
  templates: ['surveys', 'templates'] as const,
  list: (q: Query) => ['surveys', 'list', q] as const,
  one: (id: string) => ['surveys', 'one', id] as const,
  analysis: (id: string) => ['surveys', 'analysis', id] as const,
  letter: (id: string, partyId: string) => ['surveys', 'letter', id, partyId] as const,
  response: (id: string) => ['surveys', 'response', id] as const,
};

export const useTemplates = () =>
  useQuery({ queryKey: surveyKeys.templates, queryFn: () => api.get<z.infer<typeof SurveyTemplateList>>('/api/survey-templates') });
export const useCampaignList = (q: Query) =>
  useQuery({
    queryKey: surveyKeys.list(q),
    queryFn: () => api.get<z.infer<typeof SurveyCampaignList>>('/api/survey-campaigns', q),
    placeholderData: keepPreviousData,
  });
export const useCampaign = (id: string | undefined) =>
  useQuery({ queryKey: surveyKeys.one(id ?? ''), queryFn: () => api.get<TSurveyCampaign>(`/api/survey-campaigns/${id}`), enabled: !!id });
export const useAnalysis = (id: string | undefined) =>
  useQuery({ queryKey: surveyKeys.analysis(id ?? ''), queryFn: () => api.get<TSurveyAnalysis>(`/api/survey-campaigns/${id}/analysis`), enabled: !!id });
export const useReplyLetter = (id: string | undefined, partyId: string | undefined) =>
  useQuery({
    queryKey: surveyKeys.letter(id ?? '', partyId ?? ''),
    queryFn: () => api.get<TReplyLetter>(`/api/survey-campaigns/${id}/replies/${partyId}`),
    enabled: !!id && !!partyId,
  });
export const useSurveyResponse = (id: string | undefined) =>
  useQuery({ queryKey: surveyKeys.response(id ?? ''), queryFn: () => api.get<TSurveyResponse>(`/api/survey-responses/${id}`), enabled: !!id });

/** After any survey write: surveys, the procedure, communications, actions, history. */
function useRefresh() {
  const qc = useQueryClient();
  return () =>
    Promise.all([surveyKeys.all, ['procedure-instances'], ['communications'], ['actions'], ['history']].map((queryKey) => qc.invalidateQueries({ queryKey })));
}
function useSurveyMutation<B, R>(fn: (body: B) => Promise<R>) {
  const refresh = useRefresh();
  return useMutation({ mutationFn: fn, onSuccess: () => refresh() });
}

export const useCreateTemplate = () =>
  useSurveyMutation((b: z.output<typeof CreateSurveyTemplateRequest>) => api.post<TSurveyTemplate>('/api/survey-templates', b));
export const useReviseTemplate = () =>
  useSurveyMutation(({ id, ...b }: z.output<typeof ReviseSurveyTemplateRequest> & { id: string }) =>
    api.post<TSurveyTemplate>(`/api/survey-templates/${id}/revisions`, b),
  );
export const useCreateCampaign = () =>
  useSurveyMutation((b: z.output<typeof CreateSurveyCampaignRequest>) => api.post<TCreatedCampaign>('/api/survey-campaigns', b));
export const useSendReminders = (id: string) =>
  useSurveyMutation((b: z.input<typeof SendRemindersRequest>) => api.post<z.infer<typeof SentReminders>>(`/api/survey-campaigns/${id}/reminders`, b));
export const useReissueLink = (id: string) =>
  useSurveyMutation(({ recipientId, reason }: { recipientId: string; reason: string }) =>
    api.post<TSurveyLink>(`/api/survey-campaigns/${id}/recipients/${recipientId}/link`, { reason }),
  );
export const useEnterResponse = (id: string) =>
  useSurveyMutation((b: z.output<typeof EnterSurveyResponseRequest>) => api.post<TSurveyResponse>(`/api/survey-campaigns/${id}/responses`, b));
export const useRecordReply = (id: string) =>
  useSurveyMutation((b: z.output<typeof RecordReplyRequest>) => api.post<TSurveyCampaign>(`/api/survey-campaigns/${id}/replies`, b));
export const useRaiseCorrective = () =>
  useSurveyMutation(({ id, reason }: { id: string; reason: string }) => api.post<TSurveyResponse>(`/api/survey-responses/${id}/corrective`, { reason }));

// the public page (no session)
export const usePublicSurvey = (token: string | undefined) =>
  useQuery({ queryKey: ['public-survey', token], queryFn: () => api.get<TPublicSurvey>(`/api/public/surveys/${token}`), enabled: !!token, retry: false });
export const useSubmitSurvey = (token: string) =>
  useMutation({ mutationFn: (b: z.input<typeof SubmitSurveyRequest>) => api.post<z.infer<typeof PublicSurveyThanks>>(`/api/public/surveys/${token}`, b) });

/** The full address of a link, for copying into an email. */
export const absoluteUrl = (path: string) => `${window.location.origin}${path}`;
