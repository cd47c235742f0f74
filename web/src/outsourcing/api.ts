import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  ConfirmVendorDeliveryRequest,
  CreateCuttingSheetRequest,
  CreateVendorRequest,
  CuttingSheetList,
  RecordVendorReceiptRequest,
  TCuttingSheet,
  TVendor,
  UpdateCuttingSheetRequest,
  UpdateVendorRequest,
  VendorList,
  CreateVendorEvaluationRequest,
  EvaluationFacts,
  TVendorEvaluation,
  VendorEvaluationList,
} from '../../../contracts/outsourcing.js';
import { api, type Query } from '../api/client.js';

export type { TCuttingSheet, TVendor };

export const outsourcingKeys = {
  vendors: (q: Query) => ['vendors', q] as const,
  sheets: (q: Query) => ['cutting-sheets', 'list', q] as const,
  sheet: (id: string) => ['cutting-sheets', 'one', id] as const,
};

export function useVendors(query: Query = {}) {
  return useQuery({ queryKey: outsourcingKeys.vendors(query), queryFn: () => api.get<z.infer<typeof VendorList>>('/api/vendors', query) });
}

export function useSaveVendor() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id?: string; body: z.input<typeof CreateVendorRequest> | z.input<typeof UpdateVendorRequest> }) =>
      v.id ? api.put<TVendor>(`/api/vendors/${v.id}`, v.body) : api.post<TVendor>('/api/vendors', v.body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['vendors'] }),
  });
}

export function useCuttingSheets(query: Query, enabled = true) {
  return useQuery({ queryKey: outsourcingKeys.sheets(query), queryFn: () => api.get<z.infer<typeof CuttingSheetList>>('/api/cutting-sheets', query), enabled });
}

export function useCuttingSheet(id: string | undefined) {
  return useQuery({ queryKey: outsourcingKeys.sheet(id ?? ''), queryFn: () => api.get<TCuttingSheet>(`/api/cutting-sheets/${id}`), enabled: !!id });
}

/** After a write to a sheet: the sheet, lists, its procedure (guards read the sheet), actions, history. */
function useAfterSheetWrite() {
  const qc = useQueryClient();
  return (sheet: TCuttingSheet) => {
    qc.setQueryData(outsourcingKeys.sheet(sheet.id), sheet);
    return Promise.all([
      qc.invalidateQueries({ queryKey: ['cutting-sheets'] }),
      qc.invalidateQueries({ queryKey: ['procedure-instances'] }),
      qc.invalidateQueries({ queryKey: ['history'] }),
    ]);
  };
}

export function useCreateCuttingSheet(orderId: string) {
  const after = useAfterSheetWrite();
  return useMutation({
    mutationFn: (body: z.input<typeof CreateCuttingSheetRequest>) => api.post<TCuttingSheet>(`/api/orders/${orderId}/cutting-sheets`, body),
    onSuccess: after,
  });
}
export function useUpdateCuttingSheet(id: string) {
  const after = useAfterSheetWrite();
  return useMutation({
    mutationFn: (body: z.input<typeof UpdateCuttingSheetRequest>) => api.put<TCuttingSheet>(`/api/cutting-sheets/${id}`, body),
    onSuccess: after,
  });
}
export function useConfirmVendorDelivery(id: string) {
  const after = useAfterSheetWrite();
  return useMutation({
    mutationFn: (body: z.input<typeof ConfirmVendorDeliveryRequest>) => api.post<TCuttingSheet>(`/api/cutting-sheets/${id}/vendor-confirmation`, body),
    onSuccess: after,
  });
}
export function useRecordVendorReceipt(id: string) {
  const after = useAfterSheetWrite();
  return useMutation({
    mutationFn: (body: z.input<typeof RecordVendorReceiptRequest>) => api.post<TCuttingSheet>(`/api/cutting-sheets/${id}/receipt`, body),
    onSuccess: after,
  });
}

export function useVendorEvaluations(vendorId: string | null) {
  return useQuery({
    queryKey: ['vendors', 'evaluations', vendorId],
    queryFn: () => api.get<z.infer<typeof VendorEvaluationList>>(`/api/vendors/${vendorId}/evaluations`),
    enabled: !!vendorId,
  });
}

export function useEvaluationFacts(vendorId: string | null, from: string | undefined, to: string | undefined) {
  return useQuery({
    queryKey: ['vendors', 'evaluation-facts', vendorId, from, to],
    queryFn: () => api.get<z.infer<typeof EvaluationFacts>>(`/api/vendors/${vendorId}/evaluation-facts`, { from: from!, to: to! }),
    enabled: !!vendorId && !!from && !!to && from <= to,
  });
}

export function useEvaluateVendor(vendorId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof CreateVendorEvaluationRequest>) => api.post<TVendorEvaluation>(`/api/vendors/${vendorId}/evaluations`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['vendors'] }),
  });
}
