import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  CreateKpiEventRequest,
  KpiDefinitionList,
  KpiEvent,
  KpiEventList,
  KpiRecords,
  KpiValues,
  ProcessIndicators,
  Scorecard,
  TKpiValue,
} from '../../../contracts/kpis.js';
import { api, type Query } from '../api/client.js';

export type { TKpiValue };
export type TKpiValues = z.infer<typeof KpiValues>;
export type TKpiRecords = z.infer<typeof KpiRecords>;
export type TKpiEvent = z.infer<typeof KpiEvent>;
export type TKpiDefinitionList = z.infer<typeof KpiDefinitionList>;
export type TScorecard = z.infer<typeof Scorecard>;

export const kpiKeys = {
  all: ['kpis'] as const,
  values: (q: Query) => ['kpis', 'values', q] as const,
  records: (id: string, q: Query) => ['kpis', 'records', id, q] as const,
  definitions: ['kpis', 'definitions'] as const,
  events: (q: Query) => ['kpis', 'events', q] as const,
  scorecard: (id: string, q: Query) => ['kpis', 'scorecard', id, q] as const,
  process: (id: string, q: Query) => ['kpis', 'process', id, q] as const,
};

/** The last `n` months up to this one, as YYYY-MM. */
export function lastMonths(n: number): { from: string; to: string } {
  const now = new Date();
  const to = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
  const start = new Date(now.getFullYear(), now.getMonth() - (n - 1), 1);
  return { from: `${start.getFullYear()}-${String(start.getMonth() + 1).padStart(2, '0')}`, to };
}

export const useKpis = (q: Query) =>
  useQuery({ queryKey: kpiKeys.values(q), queryFn: () => api.get<TKpiValues>('/api/kpis', q), placeholderData: keepPreviousData });
export const useKpiRecords = (id: string | null, q: Query) =>
  useQuery({ queryKey: kpiKeys.records(id ?? '', q), queryFn: () => api.get<TKpiRecords>(`/api/kpis/${id}/records`, q), enabled: !!id });
export const useKpiDefinitions = () => useQuery({ queryKey: kpiKeys.definitions, queryFn: () => api.get<TKpiDefinitionList>('/api/kpis/definitions') });
export const useKpiEvents = (q: Query) => useQuery({ queryKey: kpiKeys.events(q), queryFn: () => api.get<z.infer<typeof KpiEventList>>('/api/kpi-events', q) });
export const useScorecard = (id: string, q: Query) =>
  useQuery({ queryKey: kpiKeys.scorecard(id, q), queryFn: () => api.get<TScorecard>(`/api/customers/${id}/scorecard`, q) });
export const useProcessIndicators = (process: string, q: Query, enabled: boolean) =>
  useQuery({ queryKey: kpiKeys.process(process, q), queryFn: () => api.get<z.infer<typeof ProcessIndicators>>(`/api/kpis/processes/${process}`, q), enabled });

function useKpiMutation<B, R>(fn: (body: B) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: kpiKeys.all }), qc.invalidateQueries({ queryKey: ['history'] })]),
  });
}
export const useSetTarget = () =>
  useKpiMutation(({ id, ...b }: { id: string; target: number; warning: number; reason: string }) => api.put<TKpiDefinitionList>(`/api/kpis/${id}/target`, b));
export const useCreateEvent = () => useKpiMutation((b: z.input<typeof CreateKpiEventRequest>) => api.post<TKpiEvent>('/api/kpi-events', b));
export const useVoidEvent = () =>
  useKpiMutation(({ id, ...b }: { id: string; version: number; reason: string }) => api.post<TKpiEvent>(`/api/kpi-events/${id}/void`, b));
