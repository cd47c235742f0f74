import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ApiToken, ApiTokenList, CreatedApiToken, CreatePersonalTokenRequest, CreateServiceTokenRequest } from '../../../contracts/api-tokens.js';
import type {
  CreateWebhookRequest,
  UpdateWebhookRequest,
  WebhookDelivery,
  WebhookDeliveryList,
  WebhookSubscription,
  WebhookSubscriptionList,
  WebhookWithSecret,
} from '../../../contracts/webhooks.js';
import { api } from '../api/client.js';

export type TApiToken = z.infer<typeof ApiToken>;
export type TCreatedToken = z.infer<typeof CreatedApiToken>;
export type TWebhook = z.infer<typeof WebhookSubscription>;
export type TWebhookDelivery = z.infer<typeof WebhookDelivery>;
export type TWebhookWithSecret = z.infer<typeof WebhookWithSecret>;

const keys = {
  mine: ['api-tokens', 'mine'] as const,
  service: ['api-tokens', 'service'] as const,
  webhooks: ['webhooks'] as const,
  deliveries: (id: string) => ['webhooks', 'deliveries', id] as const,
};

export const useMyTokens = () => useQuery({ queryKey: keys.mine, queryFn: () => api.get<z.infer<typeof ApiTokenList>>('/api/api-tokens') });
export const useServiceTokens = () => useQuery({ queryKey: keys.service, queryFn: () => api.get<z.infer<typeof ApiTokenList>>('/api/admin/service-tokens') });

export function useCreateToken(kind: 'personal' | 'service') {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof CreatePersonalTokenRequest> | z.input<typeof CreateServiceTokenRequest>) =>
      api.post<TCreatedToken>(kind === 'personal' ? '/api/api-tokens' : '/api/admin/service-tokens', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: kind === 'personal' ? keys.mine : keys.service }),
  });
}

export function useRevokeToken(kind: 'personal' | 'service') {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<TApiToken>(kind === 'personal' ? `/api/api-tokens/${id}/revoke` : `/api/admin/service-tokens/${id}/revoke`),
    onSuccess: () => qc.invalidateQueries({ queryKey: kind === 'personal' ? keys.mine : keys.service }),
  });
}

export const useWebhooks = () => useQuery({ queryKey: keys.webhooks, queryFn: () => api.get<z.infer<typeof WebhookSubscriptionList>>('/api/webhooks') });
export const useDeliveries = (id: string | null) =>
  useQuery({
    queryKey: keys.deliveries(id ?? ''),
    queryFn: () => api.get<z.infer<typeof WebhookDeliveryList>>(`/api/webhooks/${id}/deliveries`),
    enabled: !!id,
    refetchInterval: 5_000,
  });

function useInvalidate() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: keys.webhooks });
}
export function useCreateWebhook() {
  const onSuccess = useInvalidate();
  return useMutation({ mutationFn: (body: z.input<typeof CreateWebhookRequest>) => api.post<TWebhookWithSecret>('/api/webhooks', body), onSuccess });
}
export function useUpdateWebhook() {
  const onSuccess = useInvalidate();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: z.input<typeof UpdateWebhookRequest> }) => api.put<TWebhook>(`/api/webhooks/${id}`, body),
    onSuccess,
  });
}
export function useRotateSecret() {
  const onSuccess = useInvalidate();
  return useMutation({
    mutationFn: ({ id, version }: { id: string; version: number }) => api.post<TWebhookWithSecret>(`/api/webhooks/${id}/secret`, { version }),
    onSuccess,
  });
}
export function useTestWebhook() {
  const onSuccess = useInvalidate();
  return useMutation({ mutationFn: (id: string) => api.post<{ ok: true }>(`/api/webhooks/${id}/test`), onSuccess });
}
export function useReplayDelivery() {
  const onSuccess = useInvalidate();
  return useMutation({ mutationFn: (id: string) => api.post<TWebhookDelivery>(`/api/webhooks/deliveries/${id}/replay`), onSuccess });
}
