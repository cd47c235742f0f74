import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  AcceptCustomerRequest,
  Contact,
  CreateCustomerRequest,
  Customer,
  CustomerList,
  CustomerSummary,
  UpdateContactRequest,
  UpdateCustomerRequest,
  ContactInput,
} from '../../../contracts/parties.js';
import type { VoidRequest } from '../../../contracts/common.js';
import type { Timeline } from '../../../contracts/platform.js';
import type { CustomerSegmentAnswer, RefreshSegmentsResult } from '../../../contracts/segments.js';
import { api, type Query } from '../api/client.js';
import { call } from '../api/call.js';
import { communicationRoutes } from '../../../contracts/communications.routes.js';

export type TCustomer = z.infer<typeof Customer>;
export type TCustomerSummary = z.infer<typeof CustomerSummary>;
export type TContact = z.infer<typeof Contact>;
export type TCustomerList = z.infer<typeof CustomerList>;
export type TTimeline = z.infer<typeof Timeline>;

export const customerKeys = {
  all: ['customers'] as const,
  list: (q: Query) => ['customers', 'list', q] as const,
  one: (id: string) => ['customers', 'one', id] as const,
  timeline: (id: string) => ['customers', 'timeline', id] as const,
};

export function useCustomerList(query: Query, enabled = true) {
  return useQuery({
    queryKey: customerKeys.list(query),
    queryFn: () => api.get<TCustomerList>('/api/customers', query),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useCustomer(id: string | undefined | null) {
  return useQuery({ queryKey: customerKeys.one(id ?? ''), queryFn: () => api.get<TCustomer>(`/api/customers/${id}`), enabled: !!id });
}

/** The timeline 50 at a time, newest first; fetchNextPage loads the next older 50. */
export function useCustomerTimeline(id: string) {
  return useInfiniteQuery({
    queryKey: customerKeys.timeline(id),
    queryFn: ({ pageParam }) => call(communicationRoutes.timeline, { params: { id }, query: pageParam ? { before: pageParam } : undefined }),
    initialPageParam: '' as string,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** After any write to a customer: lists, the record, its timeline and history refresh. */
function useRefresh() {
  const qc = useQueryClient();
  return (id?: string) =>
    Promise.all([qc.invalidateQueries({ queryKey: customerKeys.all }), id ? qc.invalidateQueries({ queryKey: ['history'] }) : Promise.resolve()]);
}

export function useCreateCustomer() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: z.output<typeof CreateCustomerRequest>) => api.post<TCustomer>('/api/customers', body),
    onSuccess: () => refresh(),
  });
}

export function useUpdateCustomer(id: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: z.output<typeof UpdateCustomerRequest>) => api.put<TCustomer>(`/api/customers/${id}`, body),
    onSuccess: () => refresh(id),
  });
}

export function useAcceptCustomer(id: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: z.output<typeof AcceptCustomerRequest>) => api.post<TCustomer>(`/api/customers/${id}/accept`, body),
    onSuccess: () => refresh(id),
  });
}

export function useVoidCustomer(id: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: z.output<typeof VoidRequest>) => api.post<TCustomer>(`/api/customers/${id}/void`, body),
    onSuccess: () => refresh(id),
  });
}

type ContactBody = Partial<z.output<typeof ContactInput>> & Pick<z.output<typeof ContactInput>, 'name'>;

export function useSaveContact(customerId: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ contactId, body }: { contactId?: string; body: ContactBody | (ContactBody & Pick<z.output<typeof UpdateContactRequest>, 'version'>) }) =>
      contactId
        ? api.put<TContact>(`/api/customers/${customerId}/contacts/${contactId}`, body)
        : api.post<TContact>(`/api/customers/${customerId}/contacts`, body),
    onSuccess: () => refresh(customerId),
  });
}

export function useVoidContact(customerId: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ contactId, body }: { contactId: string; body: z.output<typeof VoidRequest> }) =>
      api.post<TContact>(`/api/customers/${customerId}/contacts/${contactId}/void`, body),
    onSuccess: () => refresh(customerId),
  });
}

export type TCustomerSegment = NonNullable<z.infer<typeof CustomerSegmentAnswer>['segment']>;

/** The customer's stored value segment (ABC, RFM, high value, cadence); revenue only with prices.read. */
export function useCustomerSegment(id: string) {
  return useQuery({
    queryKey: ['customers', 'segment', id] as const,
    queryFn: () => api.get<z.infer<typeof CustomerSegmentAnswer>>(`/api/customers/${id}/segment`),
  });
}

/** Recompute every customer's segment now (also done nightly). */
export function useRefreshSegments() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<z.infer<typeof RefreshSegmentsResult>>('/api/customer-segments/refresh', {}),
    onSuccess: () => qc.invalidateQueries({ queryKey: customerKeys.all }),
  });
}
