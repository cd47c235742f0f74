import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  CustomerPortal,
  PortalComplaintList,
  PortalMe,
  PortalMessageRequest,
  PortalMessageResult,
  PortalOrderList,
  PortalSurveyList,
  PortalTotpSetup,
  PortalUploadResult,
  PortalUploadList,
  CustomerPortalUploadList,
  PortalVisitList,
  UpdatePortalSettingsRequest,
  portalUploadKinds,
} from '../../../contracts/portal.js';
import type { PublicSurvey, PublicSurveyThanks, SubmitSurveyRequest } from '../../../contracts/surveys.js';
import { PORTAL_CSRF_HEADER } from '../../../contracts/portal.js';
import { api, ApiError } from '../api/client.js';

export type TPortalMe = z.infer<typeof PortalMe>;
export type TCustomerPortal = z.infer<typeof CustomerPortal>;

// ---- the contact's side: its own cookie and CSRF header, never the staff session's ----------------------------

let csrf = '';
let language: 'zh-CN' | 'en-US' = 'zh-CN';
export const setPortalLanguage = (l: 'zh-CN' | 'en-US') => (language = l);

async function portal<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const form = body instanceof FormData;
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: {
      'accept-language': language,
      ...(body === undefined || form ? {} : { 'content-type': 'application/json' }),
      ...(method === 'POST' ? { [PORTAL_CSRF_HEADER]: csrf } : {}),
    },
    ...(body === undefined ? {} : { body: form ? body : JSON.stringify(body) }),
  });
  const data = (await res.json().catch(() => ({}))) as unknown;
  if (!res.ok) throw new ApiError(data as never);
  return data as T;
}

const keys = {
  me: ['portal', 'me'] as const,
  orders: ['portal', 'orders'] as const,
  complaints: ['portal', 'complaints'] as const,
  surveys: ['portal', 'surveys'] as const,
  visits: ['portal', 'visits'] as const,
  uploads: ['portal', 'uploads'] as const,
};

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
export const usePortalOrders = (enabled: boolean) =>
  useQuery({ queryKey: keys.orders, queryFn: () => portal<z.infer<typeof PortalOrderList>>('GET', '/api/portal/orders'), enabled });
export const usePortalComplaints = (enabled: boolean) =>
  useQuery({ queryKey: keys.complaints, queryFn: () => portal<z.infer<typeof PortalComplaintList>>('GET', '/api/portal/complaints'), enabled });
export const useRequestLink = () =>
  useMutation({ mutationFn: (body: { email: string; language: 'zh-CN' | 'en-US' }) => portal<{ ok: true }>('POST', '/api/portal/auth/request-link', body) });
export function usePasswordSignIn() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { email: string; password: string; code?: string }) => portal<TPortalMe>('POST', '/api/portal/auth/sign-in', body),
    onSuccess: (me) => {
      csrf = me.csrfToken;
      qc.setQueryData(keys.me, me);
    },
  });
}
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
  return useMutation({
    mutationFn: () => portal<{ ok: true }>('POST', '/api/portal/auth/logout'),
    onSettled: () => qc.removeQueries({ queryKey: ['portal'] }),
  });
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
    mutationFn: ({ id, ...body }: { id: string; version: number; result: 'accepted' | 'rejected'; comment: string }) =>
      portal<unknown>('POST', `/api/portal/complaints/${id}/confirmation`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.complaints }),
  });
}
export const useSendPortalMessage = () =>
  useMutation({
    mutationFn: (body: z.input<typeof PortalMessageRequest>) => portal<z.infer<typeof PortalMessageResult>>('POST', '/api/portal/messages', body),
  });

export function useReconfirm() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ orderId, version, note }: { orderId: string; version: number; note: string }) =>
      portal<unknown>('POST', `/api/portal/orders/${orderId}/reconfirm`, { version, note }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.orders }),
  });
}
export const usePortalSurveys = (enabled: boolean) =>
  useQuery({ queryKey: keys.surveys, queryFn: () => portal<z.infer<typeof PortalSurveyList>>('GET', '/api/portal/surveys'), enabled });
export const usePortalSurvey = (id: string) =>
  useQuery({
    queryKey: [...keys.surveys, id],
    queryFn: () => portal<z.infer<typeof PublicSurvey>>('GET', `/api/portal/surveys/${id}`),
    retry: false,
    enabled: !!id,
  });
export function useSubmitPortalSurvey(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (b: z.input<typeof SubmitSurveyRequest>) => portal<z.infer<typeof PublicSurveyThanks>>('POST', `/api/portal/surveys/${id}`, b),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.surveys }),
  });
}
export const usePortalVisits = (enabled: boolean) =>
  useQuery({ queryKey: keys.visits, queryFn: () => portal<z.infer<typeof PortalVisitList>>('GET', '/api/portal/visits'), enabled });
export type UploadKind = (typeof portalUploadKinds)[number];
export function usePortalUpload() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { kind: UploadKind; ref: { type: 'order' | 'complaint'; id: string } | null; note: string; file: File }) => {
      const form = new FormData();
      form.append('kind', v.kind);
      if (v.ref) {
        form.append('refType', v.ref.type);
        form.append('refId', v.ref.id);
      }
      if (v.note) form.append('note', v.note);
      form.append('file', v.file, v.file.name);
      return portal<z.infer<typeof PortalUploadResult>>('POST', '/api/portal/uploads', form);
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.orders });
      void qc.invalidateQueries({ queryKey: keys.uploads });
    },
  });
}
/** What I uploaded: what, when, on which record, what became of it. */
export const usePortalUploads = (enabled: boolean) =>
  useQuery({ queryKey: keys.uploads, queryFn: () => portal<z.infer<typeof PortalUploadList>>('GET', '/api/portal/uploads'), enabled });
export function usePortalAccount() {
  const qc = useQueryClient();
  const refresh = () => qc.invalidateQueries({ queryKey: keys.me });
  return {
    password: useMutation({ mutationFn: (password: string) => portal<{ ok: true }>('POST', '/api/portal/password', { password }), onSuccess: refresh }),
    totpSetup: useMutation({ mutationFn: () => portal<z.infer<typeof PortalTotpSetup>>('POST', '/api/portal/totp/setup') }),
    totpEnable: useMutation({ mutationFn: (code: string) => portal<{ ok: true }>('POST', '/api/portal/totp/enable', { code }), onSuccess: refresh }),
    totpDisable: useMutation({ mutationFn: (code: string) => portal<{ ok: true }>('POST', '/api/portal/totp/disable', { code }), onSuccess: refresh }),
  };
}

// ---- the factory's side (staff session) -------------------------------------------------------------------

const staffKey = (id: string) => ['customer-portal', id] as const;
export const useCustomerPortal = (id: string) => useQuery({ queryKey: staffKey(id), queryFn: () => api.get<TCustomerPortal>(`/api/customers/${id}/portal`) });
export function useCustomerPortalMutations(id: string) {
  const qc = useQueryClient();
  const onSuccess = (data: TCustomerPortal) => qc.setQueryData(staffKey(id), data);
  return {
    invite: useMutation({
      mutationFn: (body: { contactId: string; language: 'zh-CN' | 'en-US' }) => api.post<TCustomerPortal>(`/api/customers/${id}/portal/invitations`, body),
      onSuccess,
    }),
    revoke: useMutation({ mutationFn: (accessId: string) => api.post<TCustomerPortal>(`/api/customers/${id}/portal/access/${accessId}/revoke`), onSuccess }),
    settings: useMutation({
      mutationFn: (body: z.input<typeof UpdatePortalSettingsRequest>) => api.put<TCustomerPortal>(`/api/customers/${id}/portal/settings`, body),
      onSuccess,
    }),
  };
}
/** The customer page: documents its contacts uploaded in the portal. */
export const useCustomerPortalUploads = (id: string) =>
  useQuery({ queryKey: [...staffKey(id), 'uploads'], queryFn: () => api.get<z.infer<typeof CustomerPortalUploadList>>(`/api/customers/${id}/portal/uploads`) });
