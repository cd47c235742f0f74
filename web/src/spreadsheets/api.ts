import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ImportJobList, TExampleCheck, TExampleRun, TImportJob, TImportKind } from '../../../contracts/spreadsheets.js';
import type { TProblem } from '../../../contracts/common.js';
import { api, ApiError, headers, NETWORK_ERROR } from '../api/client.js';

export type { TExampleCheck, TExampleRun, TImportJob, TImportKind };
export type TImportJobList = z.infer<typeof ImportJobList>;

export const importKeys = {
  all: ['imports'] as const,
  one: (id: string) => ['imports', id] as const,
};

/** An import, polled every second while it runs: the page can be left and returned to. */
export function useImportJob(id: string | undefined) {
  return useQuery({
    queryKey: importKeys.one(id ?? ''),
    queryFn: () => api.get<TImportJob>(`/api/imports/${id}`),
    enabled: !!id,
    refetchInterval: (q) => (q.state.data?.status === 'running' ? 1000 : false),
  });
}

export function useRecentImports() {
  return useQuery({ queryKey: importKeys.all, queryFn: () => api.get<TImportJobList>('/api/imports') });
}

/** Multipart: the kind first, then the file (the server reads the kind before the file). */
export function uploadImport(kind: TImportKind, file: File, onProgress?: (percent: number) => void): Promise<TImportJob> {
  return new Promise<TImportJob>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/imports');
    xhr.withCredentials = true;
    for (const [k, v] of Object.entries(headers(undefined, true))) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && onProgress) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onerror = () => reject(new ApiError({ type: 'about:blank', title: NETWORK_ERROR, status: 0, code: NETWORK_ERROR, detail: NETWORK_ERROR }));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body as TImportJob);
      const p = body as Partial<TProblem> | null;
      reject(
        new ApiError({
          type: p?.type ?? 'about:blank',
          title: p?.title ?? String(xhr.status),
          status: xhr.status,
          code: p?.code ?? 'BAD_REQUEST',
          detail: p?.detail ?? String(xhr.status),
          errors: p?.errors,
        }),
      );
    };
    const form = new FormData();
    form.append('kind', kind);
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

export function useImportAction(id: string | undefined) {
  const qc = useQueryClient();
  const done = (job: TImportJob) => {
    qc.setQueryData(importKeys.one(job.id), job);
    void qc.invalidateQueries({ queryKey: importKeys.all, exact: true });
  };
  return {
    check: useMutation({ mutationFn: (mapping: Record<string, string>) => api.post<TImportJob>(`/api/imports/${id}/check`, { mapping }), onSuccess: done }),
    run: useMutation({ mutationFn: () => api.post<TImportJob>(`/api/imports/${id}/run`), onSuccess: done }),
    cancel: useMutation({ mutationFn: () => api.post<TImportJob>(`/api/imports/${id}/cancel`), onSuccess: done }),
  };
}

/** The whole example workbook: its dry run (nothing written) and its run, sheet after sheet (polled while it runs). */
export function useExampleImport(runId: string | undefined) {
  const qc = useQueryClient();
  const run = useQuery({
    queryKey: ['imports', 'example', runId ?? ''],
    queryFn: () => api.get<TExampleRun>(`/api/imports/example/run/${runId}`),
    enabled: !!runId,
    refetchInterval: (q) => (q.state.data?.status === 'running' || !q.state.data ? 1000 : false),
  });
  return {
    run,
    check: useMutation({ mutationFn: () => api.post<TExampleCheck>('/api/imports/example/check') }),
    start: useMutation({
      mutationFn: () => api.post<TExampleRun>('/api/imports/example/run'),
      onSuccess: (r) => {
        qc.setQueryData(['imports', 'example', r.id], r);
        void qc.invalidateQueries({ queryKey: importKeys.all, exact: true });
      },
    }),
  };
}
