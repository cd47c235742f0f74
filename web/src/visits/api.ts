import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  AcknowledgeRequest,
  AddFindingRequest,
  CreateVisitRequest,
  InformCustomerRequest,
  RespondFindingRequest,
  TVisit,
  UpdateVisitRequest,
  VisitActionRequest,
  VisitList,
  VisitMinutesRequest,
} from '../../../contracts/visits.js';
import type { TActionItem } from '../../../contracts/actions.js';
import { api, type Query } from '../api/client.js';

export type { TVisit };
export type TVisitSummary = z.infer<typeof VisitList>['items'][number];

export const visitKeys = {
  list: (q: Query) => ['visits', 'list', q] as const,
  one: (id: string) => ['visits', 'one', id] as const,
};

export function useVisits(query: Query) {
  return useQuery({ queryKey: visitKeys.list(query), queryFn: () => api.get<z.infer<typeof VisitList>>('/api/visits', query) });
}

export function useVisit(id: string | undefined) {
  return useQuery({ queryKey: visitKeys.one(id ?? ''), queryFn: () => api.get<TVisit>(`/api/visits/${id}`), enabled: !!id });
}

/** After a write: the visit, lists, its procedure (guards read the visit), actions, communications, history, my work. */
function useAfterVisitWrite() {
  const qc = useQueryClient();
  return (visit?: TVisit) => {
    if (visit) qc.setQueryData(visitKeys.one(visit.id), visit);
    return Promise.all(
      ['visits', 'procedure-instances', 'history', 'actions', 'communications', 'my-work'].map((k) => qc.invalidateQueries({ queryKey: [k] })),
    );
  };
}

export function useSaveVisit(id?: string) {
  const after = useAfterVisitWrite();
  return useMutation({
    mutationFn: (body: z.input<typeof CreateVisitRequest> | z.input<typeof UpdateVisitRequest>) => (id ? api.put<TVisit>(`/api/visits/${id}`, body) : api.post<TVisit>('/api/visits', body)),
    onSuccess: after,
  });
}
export function useAcknowledgeNotice(id: string) {
  const after = useAfterVisitWrite();
  return useMutation({ mutationFn: (body: z.input<typeof AcknowledgeRequest>) => api.post<TVisit>(`/api/visits/${id}/acknowledgements`, body), onSuccess: after });
}
export function useAddFinding(id: string) {
  const after = useAfterVisitWrite();
  return useMutation({ mutationFn: (body: z.input<typeof AddFindingRequest>) => api.post<TVisit>(`/api/visits/${id}/findings`, body), onSuccess: after });
}
export function useRespondFinding(id: string) {
  const after = useAfterVisitWrite();
  return useMutation({
    mutationFn: ({ findingId, body }: { findingId: string; body: z.input<typeof RespondFindingRequest> }) => api.post<TVisit>(`/api/visits/${id}/findings/${findingId}/response`, body),
    onSuccess: after,
  });
}
export function useVisitMinutes(id: string) {
  const after = useAfterVisitWrite();
  return useMutation({ mutationFn: (body: z.input<typeof VisitMinutesRequest>) => api.put<TVisit>(`/api/visits/${id}/minutes`, body), onSuccess: after });
}
export function useInformCustomer(id: string) {
  const after = useAfterVisitWrite();
  return useMutation({ mutationFn: (body: z.input<typeof InformCustomerRequest>) => api.post<TVisit>(`/api/visits/${id}/inform-customer`, body), onSuccess: after });
}
export function useVisitAction(id: string) {
  const after = useAfterVisitWrite();
  return useMutation({ mutationFn: (body: z.input<typeof VisitActionRequest>) => api.post<TActionItem>(`/api/visits/${id}/actions`, body), onSuccess: () => after() });
}
