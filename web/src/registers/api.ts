import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  CreateCsrRequest,
  CreateCustomerPropertyRequest,
  CsrDeploymentRequest,
  CsrList,
  CustomerPropertyList,
  PropertyActionRequest,
  PropertyIncidentRequest,
  TCsrDocument,
  TCustomerProperty,
  UpdateCsrRequest,
  UpdateCustomerPropertyRequest,
  VerifyCustomerPropertyRequest,
} from '../../../contracts/registers.js';
import type { TActionItem } from '../../../contracts/actions.js';
import { api, type Query } from '../api/client.js';

export type { TCsrDocument, TCustomerProperty };
export type TPropertySummary = z.infer<typeof CustomerPropertyList>['items'][number];
export type TCsrSummary = z.infer<typeof CsrList>['items'][number];

export const registerKeys = {
  properties: (q: Query) => ['customer-property', 'list', q] as const,
  property: (id: string) => ['customer-property', 'one', id] as const,
  csrs: (q: Query) => ['csr', 'list', q] as const,
  csr: (id: string) => ['csr', 'one', id] as const,
};

export function useProperties(query: Query, enabled = true) {
  return useQuery({
    queryKey: registerKeys.properties(query),
    queryFn: () => api.get<z.infer<typeof CustomerPropertyList>>('/api/customer-property', query),
    enabled,
  });
}
export function useProperty(id: string | undefined) {
  return useQuery({ queryKey: registerKeys.property(id ?? ''), queryFn: () => api.get<TCustomerProperty>(`/api/customer-property/${id}`), enabled: !!id });
}
export function useCsrs(query: Query, enabled = true) {
  return useQuery({ queryKey: registerKeys.csrs(query), queryFn: () => api.get<z.infer<typeof CsrList>>('/api/csr', query), enabled });
}
export function useCsr(id: string | undefined) {
  return useQuery({ queryKey: registerKeys.csr(id ?? ''), queryFn: () => api.get<TCsrDocument>(`/api/csr/${id}`), enabled: !!id });
}

/** After a write: the registers, procedures (guards read the record), communications, actions, history, my work. */
function useAfterWrite() {
  const qc = useQueryClient();
  return () =>
    Promise.all(
      ['customer-property', 'csr', 'procedure-instances', 'history', 'actions', 'communications', 'customers', 'my-work'].map((k) =>
        qc.invalidateQueries({ queryKey: [k] }),
      ),
    );
}

export function useSaveProperty(id?: string) {
  const after = useAfterWrite();
  return useMutation({
    mutationFn: (body: z.input<typeof CreateCustomerPropertyRequest> | z.input<typeof UpdateCustomerPropertyRequest>) =>
      id ? api.put<TCustomerProperty>(`/api/customer-property/${id}`, body) : api.post<TCustomerProperty>('/api/customer-property', body),
    onSuccess: after,
  });
}
export function useVerifyProperty(id: string) {
  const after = useAfterWrite();
  return useMutation({
    mutationFn: (body: z.input<typeof VerifyCustomerPropertyRequest>) => api.post<TCustomerProperty>(`/api/customer-property/${id}/verifications`, body),
    onSuccess: after,
  });
}
export function useReportIncident(id: string) {
  const after = useAfterWrite();
  return useMutation({
    mutationFn: (body: z.input<typeof PropertyIncidentRequest>) => api.post<TCustomerProperty>(`/api/customer-property/${id}/incidents`, body),
    onSuccess: after,
  });
}
export function usePropertyAction(id: string) {
  const after = useAfterWrite();
  return useMutation({
    mutationFn: (body: z.input<typeof PropertyActionRequest>) => api.post<TActionItem>(`/api/customer-property/${id}/actions`, body),
    onSuccess: after,
  });
}
export function useSaveCsr(id?: string) {
  const after = useAfterWrite();
  return useMutation({
    mutationFn: (body: z.input<typeof CreateCsrRequest> | z.input<typeof UpdateCsrRequest>) =>
      id ? api.put<TCsrDocument>(`/api/csr/${id}`, body) : api.post<TCsrDocument>('/api/csr', body),
    onSuccess: after,
  });
}
export function useAddDeployment(id: string) {
  const after = useAfterWrite();
  return useMutation({
    mutationFn: (body: z.input<typeof CsrDeploymentRequest>) => api.post<TCsrDocument>(`/api/csr/${id}/deployments`, body),
    onSuccess: after,
  });
}
