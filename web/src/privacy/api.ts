import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { AnonymiseRequest, AnonymiseResult, ContactPrivacyView, ExportRequest, UpdateContactPrivacyRequest } from '../../../contracts/privacy.js';
import type { TProblem } from '../../../contracts/common.js';
import { api, headers, ApiError, NETWORK_ERROR } from '../api/client.js';

export type TContactPrivacyView = z.infer<typeof ContactPrivacyView>;
const key = (contactId: string) => ['privacy', contactId] as const;

export function useContactPrivacy(contactId: string | undefined) {
  return useQuery({ queryKey: key(contactId ?? ''), queryFn: () => api.get<TContactPrivacyView>(`/api/contacts/${contactId}/privacy`), enabled: !!contactId });
}

export function useUpdatePrivacy(contactId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof UpdateContactPrivacyRequest>) => api.put<TContactPrivacyView>(`/api/contacts/${contactId}/privacy`, body),
    onSuccess: (data) => qc.setQueryData(key(contactId), data),
  });
}

export function useAnonymise(contactId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof AnonymiseRequest>) => api.post<z.infer<typeof AnonymiseResult>>(`/api/contacts/${contactId}/anonymise`, body),
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: key(contactId) }),
        qc.invalidateQueries({ queryKey: ['customers'] }),
        qc.invalidateQueries({ queryKey: ['communications'] }),
      ]),
  });
}

/** Records the access request and saves the file the server answers with (its name is the request's number). */
export async function exportPersonalData(contactId: string, body: z.input<typeof ExportRequest>): Promise<string> {
  let res: Response;
  try {
    res = await fetch(`/api/contacts/${contactId}/privacy/export`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { ...headers(undefined, true), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  } catch {
    throw new ApiError({ type: 'about:blank', title: NETWORK_ERROR, status: 0, code: NETWORK_ERROR, detail: NETWORK_ERROR });
  }
  if (!res.ok) {
    const problem = (await res.json().catch(() => null)) as Partial<TProblem> | null;
    throw new ApiError({
      type: 'about:blank',
      title: problem?.code ?? 'INTERNAL',
      status: res.status,
      code: problem?.code ?? 'INTERNAL',
      detail: problem?.detail ?? res.statusText,
      errors: problem?.errors,
    });
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? `personal-data.${body.format ?? 'json'}`;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  return name.replace(/\.(json|xlsx)$/, '');
}
