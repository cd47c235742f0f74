import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  DiagramCounts as DiagramCountsContract,
  DueRecord as DueRecordContract,
  DueRecords,
  StepCounts as StepCountsContract,
  StepRecord as StepRecordContract,
  InstanceList,
  PauseClockRequest,
  ProcedureList,
  ProcedureSummary,
  ResumeClockRequest,
  SignoffRequest,
  TInstanceView,
  TProcedureDefinition,
  TransitionRequest,
} from '../../../contracts/procedures.js';
import { api, headers, ApiError, NETWORK_ERROR } from '../api/client.js';

export type TProcedureSummary = z.infer<typeof ProcedureSummary>;
export type { TInstanceView, TProcedureDefinition };
export type TAvailableAction = TInstanceView['actions'][number];

export type StepCounts = z.infer<typeof StepCountsContract>;
export type DiagramCounts = z.infer<typeof DiagramCountsContract>;
export type StepRecord = z.infer<typeof StepRecordContract>;

export const procedureKeys = {
  all: ['procedures'] as const,
  list: ['procedures', 'list'] as const,
  definition: (id: string, version?: number) => ['procedures', 'definition', id, version ?? 'latest'] as const,
  counts: (id: string) => ['procedures', 'counts', id] as const,
  records: (id: string, stepId: string) => ['procedures', 'records', id, stepId] as const,
  instances: (refType: string, refId: string) => ['procedure-instances', refType, refId] as const,
};

/** Definitions change only with a release: cache them for long. */
const DEFINITION_STALE = 10 * 60_000;

export function useProcedureList() {
  return useQuery({
    queryKey: procedureKeys.list,
    queryFn: () => api.get<z.infer<typeof ProcedureList>>('/api/procedures'),
    staleTime: DEFINITION_STALE,
  });
}

/**
 * A definition by the version and content digest the list names: that URL is immutable, so after the first visit the
 * browser answers it from its cache and a page costs one revalidated list request (304) instead of one per definition.
 */
function definitionQuery(list: z.infer<typeof ProcedureList> | undefined, id: string | undefined, version?: number) {
  const summary = list?.items.find((p) => p.id === id);
  const v = version ?? summary?.version;
  const digest = v !== undefined ? summary?.digests[String(v)] : undefined;
  return {
    queryKey: procedureKeys.definition(id ?? '', v),
    queryFn: () => api.get<TProcedureDefinition>(`/api/procedures/${encodeURIComponent(id!)}`, { version: v, digest }),
    enabled: !!id && !!list,
    staleTime: DEFINITION_STALE,
  };
}

export function useProcedure(id: string | undefined, version?: number) {
  const list = useProcedureList();
  const query = useQuery(definitionQuery(list.data, id, version));
  // still loading while the list it waits for is (a disabled query alone would say "not loading, no data")
  return id && list.isPending ? ({ ...query, isLoading: true } as typeof query) : query;
}

/** The latest definition of every procedure (there are few): step names for notifications, auto-start hints. */
export function useAllProcedures() {
  const list = useProcedureList();
  const defs = useQueries({ queries: (list.data?.items ?? []).map((p) => definitionQuery(list.data, p.id, p.version)) });
  return defs.map((d) => d.data).filter((d): d is TProcedureDefinition => !!d);
}

export function useProcedureCounts(id: string | undefined, poll = true) {
  return useQuery({
    queryKey: procedureKeys.counts(id ?? ''),
    queryFn: () => api.get<DiagramCounts>(`/api/procedures/${encodeURIComponent(id!)}/counts`),
    enabled: !!id,
    refetchInterval: poll ? 60_000 : false,
  });
}

export function useStepRecords(id: string, stepId: string | null) {
  return useQuery({
    queryKey: procedureKeys.records(id, stepId ?? ''),
    queryFn: () => api.get<{ items: StepRecord[] }>(`/api/procedures/${encodeURIComponent(id)}/steps/${encodeURIComponent(stepId!)}/records`),
    enabled: !!stepId,
  });
}

export const bpmnUrl = (id: string, version?: number) => `/api/procedures/${encodeURIComponent(id)}/bpmn${version ? `?version=${version}` : ''}`;

/** Fetches the BPMN export and saves it under the server's file name. */
export async function downloadBpmn(id: string, version?: number): Promise<void> {
  let res: Response;
  try {
    res = await fetch(bpmnUrl(id, version), { credentials: 'same-origin', headers: { ...headers(), accept: 'application/xml' } });
  } catch {
    throw new ApiError({ type: 'about:blank', title: NETWORK_ERROR, status: 0, code: NETWORK_ERROR, detail: NETWORK_ERROR });
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { code?: string; detail?: string } | null;
    throw new ApiError({
      type: 'about:blank',
      title: body?.code ?? 'INTERNAL',
      status: res.status,
      code: body?.code ?? 'INTERNAL',
      detail: body?.detail ?? res.statusText,
    });
  }
  const blob = await res.blob();
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? `${id}${version ? `-v${version}` : ''}.bpmn`;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// ---- instances on a record -------------------------------------------------------------

export function useInstances(refType: string, refId: string | undefined) {
  return useQuery({
    queryKey: procedureKeys.instances(refType, refId ?? ''),
    queryFn: () => api.get<z.infer<typeof InstanceList>>('/api/procedure-instances', { refType, refId }),
    enabled: !!refId,
    // the clock moves and others act: keep it fresh while the page is open
    refetchInterval: 60_000,
  });
}

/**
 * After an action on an instance: the instance itself (set from the answer), the record
 * (an answer logs a reply), its history, the counts and the lists.
 */
function useAfterInstanceWrite() {
  const qc = useQueryClient();
  return (view: TInstanceView) => {
    qc.setQueryData<z.infer<typeof InstanceList>>(procedureKeys.instances(view.ref.type, view.ref.id), (old) =>
      old ? { items: old.items.map((i) => (i.id === view.id ? view : i)) } : old,
    );
    return Promise.all([
      qc.invalidateQueries({ queryKey: ['procedure-instances'] }),
      qc.invalidateQueries({ queryKey: ['procedures', 'counts'] }),
      qc.invalidateQueries({ queryKey: ['procedures', 'records'] }),
      qc.invalidateQueries({ queryKey: ['communications'] }),
      qc.invalidateQueries({ queryKey: ['customers'] }),
      qc.invalidateQueries({ queryKey: ['history'] }),
      // effects create and complete the procedure's tasks
      qc.invalidateQueries({ queryKey: ['actions'] }),
    ]);
  };
}

export function useTransition(instanceId: string) {
  const after = useAfterInstanceWrite();
  return useMutation({
    mutationFn: (body: z.input<typeof TransitionRequest>) => api.post<TInstanceView>(`/api/procedure-instances/${instanceId}/transitions`, body),
    onSuccess: after,
  });
}

export function useSignoff(instanceId: string) {
  const after = useAfterInstanceWrite();
  return useMutation({
    mutationFn: (body: z.input<typeof SignoffRequest>) => api.post<TInstanceView>(`/api/procedure-instances/${instanceId}/signoffs`, body),
    onSuccess: after,
  });
}

export function usePauseClock(instanceId: string) {
  const after = useAfterInstanceWrite();
  return useMutation({
    mutationFn: (body: z.input<typeof PauseClockRequest>) => api.post<TInstanceView>(`/api/procedure-instances/${instanceId}/clock/pause`, body),
    onSuccess: after,
  });
}

export function useResumeClock(instanceId: string) {
  const after = useAfterInstanceWrite();
  return useMutation({
    mutationFn: (body: z.input<typeof ResumeClockRequest>) => api.post<TInstanceView>(`/api/procedure-instances/${instanceId}/clock/resume`, body),
    onSuccess: after,
  });
}

export type DueRecord = z.infer<typeof DueRecordContract> & { overdue: boolean };

/** Records whose step is overdue or due within 24 h, across every procedure I may read: one request. */
export function useDueRecords(enabled = true) {
  const due = useQuery({
    queryKey: ['procedure-instances', 'due'] as const,
    queryFn: () => api.get<z.infer<typeof DueRecords>>('/api/procedure-instances/due'),
    enabled,
    refetchInterval: 60_000,
  });
  const now = Date.now();
  const items: DueRecord[] = (due.data?.items ?? []).map((x) => ({ ...x, overdue: !!x.dueAt && Date.parse(x.dueAt) < now }));
  return { items, total: due.data?.total ?? 0, isLoading: due.isLoading };
}
