import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  AcknowledgeDeliveryChangeRequest,
  AnswerClarificationRequest,
  AttachWrittenOrderRequest,
  ConfirmRequirementsRequest,
  ConfirmAcceptanceStandardRequest,
  RecordReviewWaiverRequest,
  RecordReviewMeetingRequest,
  CreateClarificationRequest,
  CreateDeliveryChangeRequest,
  CreateOrderRequest,
  OrderDraftFromMail,
  OrderList,
  OrderSummary,
  OverrideClassificationRequest,
  RecordShipmentRequest,
  SetDeliveryPlanRequest,
  TOrder,
  TOrderLine,
  TClarification,
  UpdateOrderRequest,
  SetStatutoryItemRequest,
} from '../../../contracts/orders.js';
import { api, type Query } from '../api/client.js';

export type { TOrder, TOrderLine, TClarification };
export type TOrderSummary = z.infer<typeof OrderSummary>;
export type TOrderList = z.infer<typeof OrderList>;

export const orderKeys = {
  all: ['orders'] as const,
  list: (q: Query) => ['orders', 'list', q] as const,
  one: (id: string) => ['orders', 'one', id] as const,
};

export function useOrderList(query: Query, enabled = true) {
  return useQuery({
    queryKey: orderKeys.list(query),
    queryFn: () => api.get<TOrderList>('/api/orders', query),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export type TOrderDraftFromMail = z.infer<typeof OrderDraftFromMail>;

/** 接单: the order form's prefill from an incoming mail (403 without orders.write, 409 once taken). */
export function useOrderDraftFromMail(communicationId: string | undefined) {
  return useQuery({
    queryKey: ['orders', 'from-mail', communicationId ?? ''],
    queryFn: () => api.get<TOrderDraftFromMail>(`/api/orders/from-mail/${communicationId}`),
    enabled: !!communicationId,
    retry: false,
  });
}

export function useOrder(id: string | undefined) {
  return useQuery({ queryKey: orderKeys.one(id ?? ''), queryFn: () => api.get<TOrder>(`/api/orders/${id}`), enabled: !!id });
}

/**
 * After a write to an order: the order (set from the answer), lists, its procedure instance
 * (guards read the order), linked communications, history, actions.
 */
function useAfterOrderWrite() {
  const qc = useQueryClient();
  return (order: TOrder) => {
    qc.setQueryData(orderKeys.one(order.id), order);
    return Promise.all([
      qc.invalidateQueries({ queryKey: orderKeys.all }),
      qc.invalidateQueries({ queryKey: ['procedure-instances'] }),
      qc.invalidateQueries({ queryKey: ['communications'] }),
      qc.invalidateQueries({ queryKey: ['customers'] }),
      qc.invalidateQueries({ queryKey: ['history'] }),
      qc.invalidateQueries({ queryKey: ['actions'] }),
    ]);
  };
}

function useOrderMutation<B>(fn: (body: B) => Promise<TOrder>) {
  const after = useAfterOrderWrite();
  return useMutation({ mutationFn: fn, onSuccess: after });
}

export const useCreateOrder = () => useOrderMutation((body: z.output<typeof CreateOrderRequest>) => api.post<TOrder>('/api/orders', body));
export const useUpdateOrder = (id: string) => useOrderMutation((body: z.output<typeof UpdateOrderRequest>) => api.put<TOrder>(`/api/orders/${id}`, body));
export const useOverrideClassification = (id: string) =>
  useOrderMutation((body: z.output<typeof OverrideClassificationRequest>) => api.post<TOrder>(`/api/orders/${id}/classification`, body));
export const useAttachWrittenOrder = (id: string) =>
  useOrderMutation((body: z.output<typeof AttachWrittenOrderRequest>) => api.post<TOrder>(`/api/orders/${id}/written-order`, body));
export const useAskClarification = (id: string) =>
  useOrderMutation((body: z.output<typeof CreateClarificationRequest>) => api.post<TOrder>(`/api/orders/${id}/clarifications`, body));
export const useAnswerClarification = (id: string) =>
  useOrderMutation(({ clarificationId, ...body }: z.output<typeof AnswerClarificationRequest> & { clarificationId: string }) =>
    api.post<TOrder>(`/api/orders/${id}/clarifications/${clarificationId}/answer`, body),
  );
export const useSetDeliveryPlan = (id: string) =>
  useOrderMutation((body: z.output<typeof SetDeliveryPlanRequest>) => api.put<TOrder>(`/api/orders/${id}/delivery-plan`, body));
export const useChangeDelivery = (id: string) =>
  useOrderMutation((body: z.output<typeof CreateDeliveryChangeRequest>) => api.post<TOrder>(`/api/orders/${id}/delivery-changes`, body));
export const useAcknowledgeChange = (id: string) =>
  useOrderMutation(({ changeId, ...body }: z.output<typeof AcknowledgeDeliveryChangeRequest> & { changeId: string }) =>
    api.post<TOrder>(`/api/orders/${id}/delivery-changes/${changeId}/acknowledge`, body),
  );
export const useRecordShipment = (id: string) =>
  useOrderMutation((body: z.output<typeof RecordShipmentRequest>) => api.post<TOrder>(`/api/orders/${id}/shipments`, body));
export const useConfirmRequirements = (id: string) =>
  useOrderMutation((body: z.output<typeof ConfirmRequirementsRequest>) => api.post<TOrder>(`/api/orders/${id}/requirements-confirmation`, body));
export const useConfirmAcceptance = (id: string) =>
  useOrderMutation((body: z.output<typeof ConfirmAcceptanceStandardRequest>) => api.post<TOrder>(`/api/orders/${id}/acceptance-confirmation`, body));
export const useRecordWaiver = (id: string) =>
  useOrderMutation((body: z.output<typeof RecordReviewWaiverRequest>) => api.post<TOrder>(`/api/orders/${id}/review-waiver`, body));
export const useRecordReviewMeeting = (id: string) =>
  useOrderMutation((body: z.output<typeof RecordReviewMeetingRequest>) => api.post<TOrder>(`/api/orders/${id}/review-meeting`, body));
export const useSetStatutoryItem = (id: string) =>
  useOrderMutation(({ item, ...body }: z.output<typeof SetStatutoryItemRequest> & { item: string }) =>
    api.put<TOrder>(`/api/orders/${id}/statutory/${item}`, body),
  );
