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
import type { Query } from '../api/client.js';
import { call } from '../api/call.js';
import { actionRoutes } from '../../../contracts/actions.routes.js';

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
    queryFn: () => call(actionRoutes.list, { query }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useAction(id: string | undefined) {
  return useQuery({ queryKey: actionKeys.one(id ?? ''), queryFn: () => call(actionRoutes.get, { params: { id: id! } }), enabled: !!id });
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
  return useMutation({ mutationFn: (body: z.input<typeof CreateActionRequest>) => call(actionRoutes.create, { body }), onSuccess: refresh });
}

export function useUpdateAction(id: string) {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (body: z.input<typeof UpdateActionRequest>) => call(actionRoutes.update, { params: { id }, body }), onSuccess: refresh });
}

export function useCompleteAction(id: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: z.input<typeof CompleteActionRequest>) => call(actionRoutes.complete, { params: { id }, body }),
    onSuccess: refresh,
  });
}

export function useVerifyAction(id: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: z.input<typeof VerifyActionRequest>) => call(actionRoutes.verify, { params: { id }, body }),
    onSuccess: refresh,
  });
}

export function useCancelAction(id: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: z.input<typeof CancelActionRequest>) => call(actionRoutes.cancel, { params: { id }, body }),
    onSuccess: refresh,
  });
}
