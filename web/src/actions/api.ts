import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  ActionList,
  CancelActionRequest,
  CompleteActionRequest,
  CreateActionRequest,
  TActionItem,
  UpdateActionRequest,
  VerifyActionRequest,
} from '../../../contracts/actions.js';
import { api, type Query } from '../api/client.js';

export type { TActionItem };
export type TActionList = z.infer<typeof ActionList>;

export const actionKeys = {
  all: ['actions'] as const,
  list: (q: Query) => ['actions', 'list', q] as const,
  one: (id: string) => ['actions', 'one', id] as const,
};

export function useActionList(query: Query, enabled = true) {
  return useQuery({
    queryKey: actionKeys.list(query),
    queryFn: () => api.get<TActionList>('/api/actions', query),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useAction(id: string | undefined) {
  return useQuery({ queryKey: actionKeys.one(id ?? ''), queryFn: () => api.get<TActionItem>(`/api/actions/${id}`), enabled: !!id });
}

/** An action changes its lists, itself, its history and its source record's history. */
function useRefresh() {
  const qc = useQueryClient();
  return (a: TActionItem) => {
    qc.setQueryData(actionKeys.one(a.id), a);
    return Promise.all([
      qc.invalidateQueries({ queryKey: actionKeys.all }),
      qc.invalidateQueries({ queryKey: ['history'] }),
      qc.invalidateQueries({ queryKey: ['notifications'] }),
    ]);
  };
}

export function useCreateAction() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (body: z.output<typeof CreateActionRequest>) => api.post<TActionItem>('/api/actions', body), onSuccess: refresh });
}

export function useUpdateAction(id: string) {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (body: z.output<typeof UpdateActionRequest>) => api.put<TActionItem>(`/api/actions/${id}`, body), onSuccess: refresh });
}

export function useCompleteAction(id: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: z.output<typeof CompleteActionRequest>) => api.post<TActionItem>(`/api/actions/${id}/complete`, body),
    onSuccess: refresh,
  });
}

export function useVerifyAction(id: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: z.output<typeof VerifyActionRequest>) => api.post<TActionItem>(`/api/actions/${id}/verify`, body),
    onSuccess: refresh,
  });
}

export function useCancelAction(id: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: z.output<typeof CancelActionRequest>) => api.post<TActionItem>(`/api/actions/${id}/cancel`, body),
    onSuccess: refresh,
  });
}
