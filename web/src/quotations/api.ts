import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  ClosePricePendingRequest,
  CreateOrderFromQuotationRequest,
  CreatePricePendingRequest,
  CreateQuotationRequest,
  PriceHistory,
  PricePending,
  PricePendingList,
  QuotationKpis,
  QuotationList,
  QuotationSummary,
  RecordFollowUpRequest,
  ReviseQuotationRequest,
  TQuotation,
  TQuotationLine,
  UpdateQuotationRequest,
} from '../../../contracts/quotations.js';
import { api, type Query } from '../api/client.js';

export type { TQuotation, TQuotationLine };
export type TQuotationSummary = z.infer<typeof QuotationSummary>;
export type TQuotationList = z.infer<typeof QuotationList>;
export type TPriceHistory = z.infer<typeof PriceHistory>;
export type TPricePending = z.infer<typeof PricePending>;

export const quotationKeys = {
  all: ['quotations'] as const,
  list: (q: Query) => ['quotations', 'list', q] as const,
  one: (id: string) => ['quotations', 'one', id] as const,
};

export function useQuotationList(query: Query) {
  return useQuery({ queryKey: quotationKeys.list(query), queryFn: () => api.get<TQuotationList>('/api/quotations', query), placeholderData: keepPreviousData });
}

export function useQuotation(id: string | undefined) {
  return useQuery({ queryKey: quotationKeys.one(id ?? ''), queryFn: () => api.get<TQuotation>(`/api/quotations/${id}`), enabled: !!id });
}

export function usePriceHistory(partyId: string | undefined, model: string | undefined) {
  return useQuery({
    queryKey: ['quotations', 'price-history', partyId, model],
    queryFn: () => api.get<TPriceHistory>('/api/quotations/price-history', { partyId, model }),
    enabled: !!partyId && !!model,
  });
}

export function useQuotationKpis(from: string, to: string) {
  return useQuery({ queryKey: ['quotations', 'kpis', from, to], queryFn: () => api.get<z.infer<typeof QuotationKpis>>('/api/quotations/kpis', { from, to }) });
}

export function usePricePendingList(query: Query) {
  return useQuery({ queryKey: ['quotations', 'price-pending', query], queryFn: () => api.get<z.infer<typeof PricePendingList>>('/api/price-pending', query) });
}

function useAfterQuotationWrite() {
  const qc = useQueryClient();
  return (q: TQuotation) => {
    qc.setQueryData(quotationKeys.one(q.id), q);
    return Promise.all([
      qc.invalidateQueries({ queryKey: quotationKeys.all }),
      qc.invalidateQueries({ queryKey: ['procedure-instances'] }),
      qc.invalidateQueries({ queryKey: ['communications'] }),
      qc.invalidateQueries({ queryKey: ['history'] }),
      qc.invalidateQueries({ queryKey: ['actions'] }),
      qc.invalidateQueries({ queryKey: ['orders'] }),
    ]);
  };
}

function useQuotationMutation<B>(fn: (body: B) => Promise<TQuotation>) {
  const after = useAfterQuotationWrite();
  return useMutation({ mutationFn: fn, onSuccess: after });
}

export const useCreateQuotation = () => useQuotationMutation((body: z.output<typeof CreateQuotationRequest>) => api.post<TQuotation>('/api/quotations', body));
export const useUpdateQuotation = (id: string) =>
  useQuotationMutation((body: z.output<typeof UpdateQuotationRequest>) => api.put<TQuotation>(`/api/quotations/${id}`, body));
export const useReviseQuotation = (id: string) =>
  useQuotationMutation((body: z.output<typeof ReviseQuotationRequest>) => api.post<TQuotation>(`/api/quotations/${id}/revisions`, body));
export const useRecordFollowUp = (id: string) =>
  useQuotationMutation((body: z.output<typeof RecordFollowUpRequest>) => api.post<TQuotation>(`/api/quotations/${id}/follow-ups`, body));
export const useOrderFromQuotation = (id: string) =>
  useQuotationMutation((body: z.output<typeof CreateOrderFromQuotationRequest>) => api.post<TQuotation>(`/api/quotations/${id}/order`, body));

export function useCreatePricePending() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: z.output<typeof CreatePricePendingRequest>) => api.post<TPricePending>('/api/price-pending', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: quotationKeys.all }),
  });
}
export function useClosePricePending() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: z.output<typeof ClosePricePendingRequest> & { id: string }) =>
      api.post<TPricePending>(`/api/price-pending/${id}/close`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: quotationKeys.all }),
  });
}
