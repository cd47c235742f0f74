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
import type { Query } from '../api/client.js';
import { call } from '../api/call.js';
import { visitRoutes } from '../../../contracts/visits.routes.js';

export type { TVisit };
export type TVisitSummary = z.infer<typeof VisitList>['items'][number];

export const visitKeys = {
  list: (q: Query) => ['visits', 'list', q] as const,
  one: (id: string) => ['visits', 'one', id] as const,
};

export function useVisits(query: Query) {
  return useQuery({ queryKey: visitKeys.list(query), queryFn: () => call(visitRoutes.list, { query }) });
}

export function useVisit(id: string | undefined) {
  return useQuery({ queryKey: visitKeys.one(id ?? ''), queryFn: () => call(visitRoutes.get, { params: { id: id! } }), enabled: !!id });
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
    mutationFn: (body: z.input<typeof CreateVisitRequest> | z.input<typeof UpdateVisitRequest>) =>
      id
        ? call(visitRoutes.update, { params: { id }, body: body as z.input<typeof UpdateVisitRequest> })
        : call(visitRoutes.create, { body: body as z.input<typeof CreateVisitRequest> }),
    onSuccess: after,
  });
}
export function useAcknowledgeNotice(id: string) {
  const after = useAfterVisitWrite();
  return useMutation({ mutationFn: (body: z.input<typeof AcknowledgeRequest>) => call(visitRoutes.acknowledge, { params: { id }, body }), onSuccess: after });
}
export function useAddFinding(id: string) {
  const after = useAfterVisitWrite();
  return useMutation({ mutationFn: (body: z.input<typeof AddFindingRequest>) => call(visitRoutes.addFinding, { params: { id }, body }), onSuccess: after });
}
export function useRespondFinding(id: string) {
  const after = useAfterVisitWrite();
  return useMutation({
    mutationFn: ({ findingId, body }: { findingId: string; body: z.input<typeof RespondFindingRequest> }) =>
      call(visitRoutes.respondFinding, { params: { id, findingId }, body }),
    onSuccess: after,
  });
}
export function useVisitMinutes(id: string) {
  const after = useAfterVisitWrite();
  return useMutation({ mutationFn: (body: z.input<typeof VisitMinutesRequest>) => call(visitRoutes.minutes, { params: { id }, body }), onSuccess: after });
}
export function useInformCustomer(id: string) {
  const after = useAfterVisitWrite();
  return useMutation({
    mutationFn: (body: z.input<typeof InformCustomerRequest>) => call(visitRoutes.informCustomer, { params: { id }, body }),
    onSuccess: after,
  });
}
export function useVisitAction(id: string) {
  const after = useAfterVisitWrite();
  return useMutation({
    mutationFn: (body: z.input<typeof VisitActionRequest>) => call(visitRoutes.addAction, { params: { id }, body }),
    onSuccess: () => after(),
  });
}
