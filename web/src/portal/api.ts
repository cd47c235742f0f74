import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { CustomerPortal, PortalComplaintList, PortalMe, PortalMessageRequest, PortalMessageResult, PortalOrderList, UpdatePortalSettingsRequest } from '../../../contracts/portal.js';
import { PORTAL_CSRF_HEADER } from '../../../contracts/portal.js';
import { api, ApiError } from '../api/client.js';

export type TPortalMe = z.infer<typeof PortalMe>;
export type TCustomerPortal = z.infer<typeof CustomerPortal>;

// ---- the contact's side: its own cookie and CSRF header, never the staff session's ----------------------------

let csrf = '';
let language: 'zh-CN' | 'en-US' = 'zh-CN';
export const setPortalLanguage = (l: 'zh-CN' | 'en-US') => (language = l);

async function portal<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: { 'accept-language': language, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(method === 'POST' ? { [PORTAL_CSRF_HEADER]: csrf } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const data = (await res.json().catch(() => ({}))) as unknown;
  if (!res.ok) throw new ApiError(data as never);
  return data as T;
}

const keys = { me: ['portal', 'me'] as const, orders: ['portal', 'orders'] as const, complaints: ['portal', 'complaints'] as const };

export const usePortalMe = () =>
  useQuery({
    queryKey: keys.me,
    queryFn: async () => {
      const me = await portal<TPortalMe>('GET', '/api/portal/me');
      csrf = me.csrfToken;
      return me;
    },
    retry: false,
  });
export const usePortalOrders = (enabled: boolean) => useQuery({ queryKey: keys.orders, queryFn: () => portal<z.infer<typeof PortalOrderList>>('GET', '/api/portal/orders'), enabled });
export const usePortalComplaints = (enabled: boolean) => useQuery({ queryKey: keys.complaints, queryFn: () => portal<z.infer<typeof PortalComplaintList>>('GET', '/api/portal/complaints'), enabled });
export const useRequestLink = () => useMutation({ mutationFn: (body: { email: string; language: 'zh-CN' | 'en-US' }) => portal<{ ok: true }>('POST', '/api/portal/auth/request-link', body) });
export function useRedeem() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (token: string) => portal<TPortalMe>('POST', '/api/portal/auth/redeem', { token }),
    onSuccess: (me) => {
      csrf = me.csrfToken;
      qc.setQueryData(keys.me, me);
    },
  });
}
export function usePortalLogout() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: () => portal<{ ok: true }>('POST', '/api/portal/auth/logout'), onSettled: () => qc.removeQueries({ queryKey: ['portal'] }) });
}
export function useAcknowledgeChange() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ orderId, changeId, version }: { orderId: string; changeId: string; version: number }) =>
      portal<unknown>('POST', `/api/portal/orders/${orderId}/date-changes/${changeId}/acknowledge`, { version, note: '' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.orders }),
  });
}
export function useConfirmComplaint() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: { id: string; version: number; result: 'accepted' | 'rejected'; comment: string }) => portal<unknown>('POST', `/api/portal/complaints/${id}/confirmation`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.complaints }),
  });
}
export const useSendPortalMessage = () =>
  useMutation({ mutationFn: (body: z.input<typeof PortalMessageRequest>) => portal<z.infer<typeof PortalMessageResult>>('POST', '/api/portal/messages', body) });

// ---- the factory's side (staff session) -------------------------------------------------------------------

const staffKey = (id: string) => ['customer-portal', id] as const;
export const useCustomerPortal = (id: string) => useQuery({ queryKey: staffKey(id), queryFn: () => api.get<TCustomerPortal>(`/api/customers/${id}/portal`) });
export function useCustomerPortalMutations(id: string) {
  const qc = useQueryClient();
  const onSuccess = (data: TCustomerPortal) => qc.setQueryData(staffKey(id), data);
  return {
    invite: useMutation({ mutationFn: (body: { contactId: string; language: 'zh-CN' | 'en-US' }) => api.post<TCustomerPortal>(`/api/customers/${id}/portal/invitations`, body), onSuccess }),
    revoke: useMutation({ mutationFn: (accessId: string) => api.post<TCustomerPortal>(`/api/customers/${id}/portal/access/${accessId}/revoke`), onSuccess }),
    settings: useMutation({ mutationFn: (body: z.input<typeof UpdatePortalSettingsRequest>) => api.put<TCustomerPortal>(`/api/customers/${id}/portal/settings`, body), onSuccess }),
  };
}
