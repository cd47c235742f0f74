import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  AssessServiceRequest,
  CreateServiceRequest,
  RetireWarrantyRuleRequest,
  SaveWarrantyRuleRequest,
  ServiceConfirmationRequest,
  ServiceRequestList,
  ServiceWorkRequest,
  TServiceRequest,
  TWarranty,
  TWarrantyRule,
  UpdateServiceRequest,
  WarrantyRuleList,
} from '../../../contracts/service.js';
import { api, type Query } from '../api/client.js';

export type { TServiceRequest, TWarranty, TWarrantyRule };

const keys = {
  list: (q: Query) => ['service-requests', 'list', q] as const,
  one: (id: string) => ['service-requests', 'one', id] as const,
  rules: (q: Query) => ['warranty-rules', q] as const,
  warranty: (q: Query) => ['warranty', q] as const,
};

export const useServiceRequests = (query: Query, enabled = true) =>
  useQuery({ queryKey: keys.list(query), queryFn: () => api.get<z.infer<typeof ServiceRequestList>>('/api/service-requests', query), enabled });
export const useServiceRequest = (id: string | undefined) =>
  useQuery({ queryKey: keys.one(id ?? ''), queryFn: () => api.get<TServiceRequest>(`/api/service-requests/${id}`), enabled: !!id });
export const useWarrantyRules = (query: Query) =>
  useQuery({ queryKey: keys.rules(query), queryFn: () => api.get<z.infer<typeof WarrantyRuleList>>('/api/warranty-rules', query) });
export const useWarrantyCheck = (query: Query, enabled: boolean) =>
  useQuery({ queryKey: keys.warranty(query), queryFn: () => api.get<TWarranty>('/api/warranty', query), enabled });

/** After a write: the requests, their procedure, communications, history, my work. */
function useAfterWrite() {
  const qc = useQueryClient();
  return () =>
    Promise.all(
      ['service-requests', 'warranty-rules', 'warranty', 'procedure-instances', 'history', 'communications', 'customers', 'my-work'].map((k) =>
        qc.invalidateQueries({ queryKey: [k] }),
      ),
    );
}
function usePost<B, R>(url: string, method: 'post' | 'put' = 'post') {
  const after = useAfterWrite();
  return useMutation({ mutationFn: (body: B) => (method === 'put' ? api.put<R>(url, body) : api.post<R>(url, body)), onSuccess: after });
}

export const useCreateServiceRequest = () => usePost<z.input<typeof CreateServiceRequest>, TServiceRequest>('/api/service-requests');
export const useUpdateServiceRequest = (id: string) => usePost<z.input<typeof UpdateServiceRequest>, TServiceRequest>(`/api/service-requests/${id}`, 'put');
export const useAssessServiceRequest = (id: string) => usePost<z.input<typeof AssessServiceRequest>, TServiceRequest>(`/api/service-requests/${id}/assessment`);
export const useServiceWork = (id: string) => usePost<z.input<typeof ServiceWorkRequest>, TServiceRequest>(`/api/service-requests/${id}/work`);
export const useConfirmServiceRequest = (id: string) =>
  usePost<z.input<typeof ServiceConfirmationRequest>, TServiceRequest>(`/api/service-requests/${id}/confirmation`);
export const useSaveWarrantyRule = () => usePost<z.input<typeof SaveWarrantyRuleRequest>, TWarrantyRule>('/api/warranty-rules');
export function useRetireWarrantyRule() {
  const after = useAfterWrite();
  return useMutation({
    mutationFn: ({ id, ...body }: z.input<typeof RetireWarrantyRuleRequest> & { id: string }) =>
      api.post<TWarrantyRule>(`/api/warranty-rules/${id}/retire`, body),
    onSuccess: after,
  });
}
