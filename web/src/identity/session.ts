import { useCallback } from 'react';
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { TMe, Permission } from '../../../contracts/identity.js';
import type { LoginRequest, ChangePasswordRequest } from '../../../contracts/identity.js';
import type { Locale } from '../../../contracts/errors.js';
import { api, isApiError, setCsrfToken } from '../api/client.js';
import { useLocale } from '../i18n/index.js';

export const ME_KEY = ['me'] as const;

/** The signed-in user, or null when there is no session. */
async function fetchMe(): Promise<TMe | null> {
  try {
    const me = await api.get<TMe>('/api/auth/me');
    setCsrfToken(me.csrfToken);
    return me;
  } catch (e) {
    if (isApiError(e) && e.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw e;
  }
}

const meQuery = { queryKey: ME_KEY, queryFn: fetchMe, staleTime: 5 * 60_000, retry: (n: number, e: unknown) => !isApiError(e) && n < 2 };

export function useMe() {
  return useQuery(meQuery);
}

/** Asks who is signed in before the first render (in parallel with the dictionary and the page's code). */
export function prefetchMe(qc: QueryClient) {
  void qc.prefetchQuery(meQuery);
}

/** The signed-in user; only for components under RequireAuth. */
export function useCurrentUser(): TMe {
  const { data } = useMe();
  if (!data) throw new Error('useCurrentUser outside RequireAuth');
  return data;
}

export function useCan(): (permission: Permission) => boolean {
  const { data } = useMe();
  return useCallback((p: Permission) => !!data?.permissions.includes(p), [data]);
}

/**
 * Drops every cached record when the user changes. The `me` query itself stays (only
 * its data is replaced): its observers — the language sync, the route guard — must keep
 * seeing it, which `queryClient.clear()` would break.
 */
function forgetEverythingButMe(qc: QueryClient) {
  qc.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
}

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof LoginRequest>) => api.post<TMe>('/api/auth/login', body),
    onSuccess: (me) => {
      setCsrfToken(me.csrfToken);
      forgetEverythingButMe(qc);
      qc.setQueryData(ME_KEY, me);
    },
  });
}

export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.post('/api/auth/logout'),
    onSettled: () => {
      setCsrfToken(null);
      forgetEverythingButMe(qc);
      qc.setQueryData(ME_KEY, null);
    },
  });
}

export function useChangePassword() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof ChangePasswordRequest>) => api.post('/api/auth/password', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ME_KEY }),
  });
}

/**
 * Switches the UI language at once; when signed in, also saves it as the user's
 * preference (the server then answers in that language too).
 */
export function useSwitchLocale() {
  const qc = useQueryClient();
  const { setLocale } = useLocale();
  return useCallback(
    async (locale: Locale) => {
      setLocale(locale);
      const me = qc.getQueryData<TMe | null>(ME_KEY);
      if (!me || me.locale === locale) return;
      qc.setQueryData<TMe | null>(ME_KEY, (old) => (old ? { ...old, locale } : old));
      try {
        await api.put('/api/auth/preferences', { locale });
      } finally {
        // server-made texts (titles, messages) come back in the new language
        await qc.invalidateQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
      }
    },
    [qc, setLocale],
  );
}
