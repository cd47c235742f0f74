import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  ComplaintKpi,
  ComplaintList,
  CreateComplaintRequest,
  OrderLineOptions,
  RecurrenceCandidates,
  TComplaint,
  TComplaintSummary,
} from '../../../contracts/complaints.js';
import { api, type Query } from '../api/client.js';

export type { TComplaint, TComplaintSummary };
export type TComplaintList = z.infer<typeof ComplaintList>;
export type TRecurrenceCandidates = z.infer<typeof RecurrenceCandidates>;
export type TComplaintKpi = z.infer<typeof ComplaintKpi>;
export type TOrderLineOptions = z.infer<typeof OrderLineOptions>;

export const complaintKeys = {
  all: ['complaints'] as const,
  list: (q: Query) => ['complaints', 'list', q] as const,
  one: (id: string) => ['complaints', 'one', id] as const,
  candidates: (id: string) => ['complaints', 'candidates', id] as const,
  kpi: ['complaints', 'kpi'] as const,
};

export function useComplaintList(query: Query) {
  return useQuery({ queryKey: complaintKeys.list(query), queryFn: () => api.get<TComplaintList>('/api/complaints', query), placeholderData: keepPreviousData });
}

export function useComplaint(id: string | undefined) {
  return useQuery({ queryKey: complaintKeys.one(id ?? ''), queryFn: () => api.get<TComplaint>(`/api/complaints/${id}`), enabled: !!id });
}

export function useRecurrenceCandidates(id: string) {
  return useQuery({
    queryKey: complaintKeys.candidates(id),
    queryFn: () => api.get<TRecurrenceCandidates>(`/api/complaints/${id}/recurrence-candidates`),
    enabled: !!id,
  });
}

/** The customer's order lines and shipments a complaint line may name (the pickers). */
export function useOrderLineOptions(partyId: string, enabled = true) {
  return useQuery({
    queryKey: ['complaints', 'order-lines', partyId],
    queryFn: () => api.get<TOrderLineOptions>('/api/complaints/order-lines', { partyId }),
    enabled: enabled && !!partyId,
  });
}

/** The complaints with a line on an order (the order page's list). */
export function useOrderComplaints(orderId: string, enabled = true) {
  return useQuery({
    queryKey: complaintKeys.list({ orderId, pageSize: 50 }),
    queryFn: () => api.get<TComplaintList>('/api/complaints', { orderId, pageSize: 50 }),
    enabled: enabled && !!orderId,
  });
}

export function useComplaintKpi() {
  return useQuery({ queryKey: complaintKeys.kpi, queryFn: () => api.get<TComplaintKpi>('/api/complaints/kpi') });
}

/** After a write: the complaint from the answer, lists, its procedure (guards read it), communications, actions, history. */
function useAfterWrite() {
  const qc = useQueryClient();
  return (c: TComplaint) => {
    qc.setQueryData(complaintKeys.one(c.id), c);
    return Promise.all([
      qc.invalidateQueries({ queryKey: complaintKeys.all }),
      qc.invalidateQueries({ queryKey: ['procedure-instances'] }),
      qc.invalidateQueries({ queryKey: ['communications'] }),
      qc.invalidateQueries({ queryKey: ['actions'] }),
      qc.invalidateQueries({ queryKey: ['history'] }),
    ]);
  };
}

export function useCreateComplaint() {
  const after = useAfterWrite();
  return useMutation({ mutationFn: (body: z.infer<typeof CreateComplaintRequest>) => api.post<TComplaint>('/api/complaints', body), onSuccess: after });
}

/** Any write to a complaint's sub-resource: `PUT|POST /api/complaints/:id/<path>`. */
export function useComplaintWrite(id: string) {
  const after = useAfterWrite();
  return useMutation({
    mutationFn: ({ method, path, body }: { method: 'PUT' | 'POST'; path: string; body: unknown }) =>
      method === 'PUT' ? api.put<TComplaint>(`/api/complaints/${id}/${path}`, body) : api.post<TComplaint>(`/api/complaints/${id}/${path}`, body),
    onSuccess: after,
  });
}
