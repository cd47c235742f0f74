import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  CommunicationPlanList,
  CreateCommunicationPlanRequest,
  CreateMeetingRequest,
  CreateMeetingSeriesRequest,
  MeetingActionRequest,
  MeetingList,
  MyWork,
  PlanReplyRequest,
  TCommunicationPlan,
  TMeeting,
  UpdateMeetingRequest,
} from '../../../contracts/internal.js';
import { api, type Query } from '../api/client.js';
import { call } from '../api/call.js';
import { actionRoutes } from '../../../contracts/actions.routes.js';
import { meetingRoutes } from '../../../contracts/meetings.routes.js';

export type { TCommunicationPlan, TMeeting };
export type TPlanSummary = z.infer<typeof CommunicationPlanList>['items'][number];
export type TMeetingSummary = z.infer<typeof MeetingList>['items'][number];
export type TWorkItem = z.infer<typeof MyWork>['items'][number];

function useAfter() {
  const qc = useQueryClient();
  return () =>
    Promise.all(
      ['communication-plans', 'meetings', 'meeting-series', 'procedure-instances', 'history', 'actions', 'communications', 'my-work'].map((k) =>
        qc.invalidateQueries({ queryKey: [k] }),
      ),
    );
}

export function usePlans(query: Query) {
  return useQuery({
    queryKey: ['communication-plans', 'list', query],
    queryFn: () => api.get<z.infer<typeof CommunicationPlanList>>('/api/communication-plans', query),
  });
}
export function usePlan(id: string | undefined) {
  return useQuery({
    queryKey: ['communication-plans', 'one', id],
    queryFn: () => api.get<TCommunicationPlan>(`/api/communication-plans/${id}`),
    enabled: !!id,
  });
}
export function useCreatePlan() {
  const after = useAfter();
  return useMutation({
    mutationFn: (body: z.input<typeof CreateCommunicationPlanRequest>) => api.post<TCommunicationPlan>('/api/communication-plans', body),
    onSuccess: () => after(),
  });
}
export function useReplyToPlan(id: string) {
  const after = useAfter();
  return useMutation({
    mutationFn: (body: z.input<typeof PlanReplyRequest>) => api.post<TCommunicationPlan>(`/api/communication-plans/${id}/replies`, body),
    onSuccess: () => after(),
  });
}

export function useMeetingSeries() {
  return useQuery({ queryKey: ['meeting-series'], queryFn: () => call(meetingRoutes.listSeries) });
}
export function useCreateSeries() {
  const after = useAfter();
  return useMutation({
    mutationFn: (body: z.input<typeof CreateMeetingSeriesRequest>) => call(meetingRoutes.createSeries, { body }),
    onSuccess: () => after(),
  });
}
export function useMeetings(query: Query) {
  return useQuery({ queryKey: ['meetings', 'list', query], queryFn: () => call(meetingRoutes.list, { query }) });
}
export function useMeeting(id: string | undefined) {
  return useQuery({ queryKey: ['meetings', 'one', id], queryFn: () => call(meetingRoutes.get, { params: { id: id! } }), enabled: !!id });
}
export function useCreateMeeting() {
  const after = useAfter();
  return useMutation({ mutationFn: (body: z.input<typeof CreateMeetingRequest>) => call(meetingRoutes.create, { body }), onSuccess: () => after() });
}
export function useUpdateMeeting(id: string) {
  const after = useAfter();
  return useMutation({
    mutationFn: (body: z.input<typeof UpdateMeetingRequest>) => call(meetingRoutes.update, { params: { id }, body }),
    onSuccess: () => after(),
  });
}
export function useDistributeMeeting(id: string) {
  const after = useAfter();
  return useMutation({ mutationFn: (version: number) => call(meetingRoutes.distribute, { params: { id }, body: { version } }), onSuccess: () => after() });
}
export function useAcknowledgeMeeting(id: string) {
  const after = useAfter();
  return useMutation({ mutationFn: () => call(meetingRoutes.acknowledge, { params: { id } }), onSuccess: () => after() });
}
export function useMeetingAction(id: string) {
  const after = useAfter();
  return useMutation({
    mutationFn: (body: z.input<typeof MeetingActionRequest>) => call(meetingRoutes.addAction, { params: { id }, body }),
    onSuccess: () => after(),
  });
}

/** One page of my work (overdue first) with the counts of all of it. */
export function useMyWork(page = 1, pageSize = 50, scope: 'mine' | 'department' = 'mine') {
  return useQuery({
    queryKey: ['my-work', scope, page, pageSize],
    queryFn: () => api.get<z.infer<typeof MyWork>>('/api/my-work', { scope, page, pageSize }),
    refetchInterval: 60_000,
    placeholderData: (previous) => previous,
  });
}

/** Take an open action item of one's own department from the shared queue. */
export function useClaimAction() {
  const after = useAfter();
  return useMutation({
    mutationFn: ({ id, version }: { id: string; version: number }) => call(actionRoutes.claim, { params: { id }, body: { version } }),
    onSuccess: () => after(),
  });
}
