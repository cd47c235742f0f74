import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  AnomalyList,
  AnomalyReportRequest,
  CloseAnomalyRequest,
  CreateAnomalyRequest,
  CreateProcessQuestionRequest,
  CreateSampleRequest,
  LinkAnomalyComplaintRequest,
  ProcessAnswerRequest,
  ProcessQuestionList,
  ProcessSignRequest,
  SampleAnswerRequest,
  SampleList,
  TAnomaly,
  TOrderEngineeringRecords,
  TProcessQuestion,
  TSample,
  UpdateSampleRequest,
} from '../../../contracts/engineering.js';
import { api, type Query } from '../api/client.js';

export type { TAnomaly, TProcessQuestion, TSample };
export type TSampleSummary = z.infer<typeof SampleList>['items'][number];
export type TQuestionSummary = z.infer<typeof ProcessQuestionList>['items'][number];
export type TAnomalySummary = z.infer<typeof AnomalyList>['items'][number];

const keys = {
  samples: (q: Query) => ['samples', 'list', q] as const,
  sample: (id: string) => ['samples', 'one', id] as const,
  questions: (q: Query) => ['process-questions', 'list', q] as const,
  question: (id: string) => ['process-questions', 'one', id] as const,
  anomalies: (q: Query) => ['anomalies', 'list', q] as const,
  anomaly: (id: string) => ['anomalies', 'one', id] as const,
  // under 'samples' so that any write of these records (useAfterWrite) refreshes the order's panel
  ofOrder: (orderId: string) => ['samples', 'of-order', orderId] as const,
};

export const useSamples = (query: Query, enabled = true) =>
  useQuery({ queryKey: keys.samples(query), queryFn: () => api.get<z.infer<typeof SampleList>>('/api/samples', query), enabled });
export const useSample = (id: string | undefined) =>
  useQuery({ queryKey: keys.sample(id ?? ''), queryFn: () => api.get<TSample>(`/api/samples/${id}`), enabled: !!id });
export const useQuestions = (query: Query, enabled = true) =>
  useQuery({ queryKey: keys.questions(query), queryFn: () => api.get<z.infer<typeof ProcessQuestionList>>('/api/process-questions', query), enabled });
export const useQuestion = (id: string | undefined) =>
  useQuery({ queryKey: keys.question(id ?? ''), queryFn: () => api.get<TProcessQuestion>(`/api/process-questions/${id}`), enabled: !!id });
export const useAnomalies = (query: Query, enabled = true) =>
  useQuery({ queryKey: keys.anomalies(query), queryFn: () => api.get<z.infer<typeof AnomalyList>>('/api/anomalies', query), enabled });
export const useAnomaly = (id: string | undefined) =>
  useQuery({ queryKey: keys.anomaly(id ?? ''), queryFn: () => api.get<TAnomaly>(`/api/anomalies/${id}`), enabled: !!id });

/** The order page's panel: the order's samples, process-design questions and anomalies. */
export const useOrderEngineering = (orderId: string) =>
  useQuery({ queryKey: keys.ofOrder(orderId), queryFn: () => api.get<TOrderEngineeringRecords>(`/api/orders/${orderId}/engineering-records`) });

/** After a write: these records, procedures, communications, history, notifications, my work. */
function useAfterWrite() {
  const qc = useQueryClient();
  return () =>
    Promise.all(
      ['samples', 'process-questions', 'anomalies', 'procedure-instances', 'history', 'communications', 'customers', 'my-work'].map((k) =>
        qc.invalidateQueries({ queryKey: [k] }),
      ),
    );
}
function usePost<B, R>(url: string, method: 'post' | 'put' = 'post') {
  const after = useAfterWrite();
  return useMutation({ mutationFn: (body: B) => (method === 'put' ? api.put<R>(url, body) : api.post<R>(url, body)), onSuccess: after });
}

export const useSaveSample = (id?: string) =>
  usePost<z.input<typeof CreateSampleRequest> | z.input<typeof UpdateSampleRequest>, TSample>(id ? `/api/samples/${id}` : '/api/samples', id ? 'put' : 'post');
export const useAnswerSample = (id: string) => usePost<z.input<typeof SampleAnswerRequest>, TSample>(`/api/samples/${id}/answer`);
export const useCreateQuestion = () => usePost<z.input<typeof CreateProcessQuestionRequest>, TProcessQuestion>('/api/process-questions');
export const useAnswerQuestion = (id: string) => usePost<z.input<typeof ProcessAnswerRequest>, TProcessQuestion>(`/api/process-questions/${id}/answer`);
export const useSignQuestion = (id: string) => usePost<z.input<typeof ProcessSignRequest>, TProcessQuestion>(`/api/process-questions/${id}/signature`);
export const useCreateAnomaly = () => usePost<z.input<typeof CreateAnomalyRequest>, TAnomaly>('/api/anomalies');
export const useAddReport = (id: string) => usePost<z.input<typeof AnomalyReportRequest>, TAnomaly>(`/api/anomalies/${id}/reports`);
export const useLinkAnomalyComplaint = (id: string) => usePost<z.input<typeof LinkAnomalyComplaintRequest>, TAnomaly>(`/api/anomalies/${id}/complaint`);
/** Link any of the customer's anomalies to a complaint (the complaint page picks one). */
export function useLinkAnyAnomaly() {
  const after = useAfterWrite();
  return useMutation({
    mutationFn: ({ id, ...body }: { id: string } & z.input<typeof LinkAnomalyComplaintRequest>) => api.post<TAnomaly>(`/api/anomalies/${id}/complaint`, body),
    onSuccess: after,
  });
}
export const useCloseAnomaly = (id: string) => usePost<z.input<typeof CloseAnomalyRequest>, TAnomaly>(`/api/anomalies/${id}/close`);
