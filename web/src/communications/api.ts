import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  Communication,
  CommunicationList,
  CreateCommunicationRequest,
  UpdateCommunicationRequest,
  Attachment,
} from '../../../contracts/communications.js';
import type { VoidRequest } from '../../../contracts/common.js';
import { uploadFile, type Query } from '../api/client.js';
import { call } from '../api/call.js';
import { communicationRoutes } from '../../../contracts/communications.routes.js';

export type TCommunication = z.infer<typeof Communication>;
export type TCommunicationList = z.infer<typeof CommunicationList>;
export type TAttachment = z.infer<typeof Attachment>;

export const commKeys = {
  all: ['communications'] as const,
  list: (q: Query) => ['communications', 'list', q] as const,
  one: (id: string) => ['communications', 'one', id] as const,
};

export function useCommunicationList(query: Query, enabled = true) {
  return useQuery({
    queryKey: commKeys.list(query),
    queryFn: () => call(communicationRoutes.list, { query }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useCommunication(id: string | undefined) {
  return useQuery({ queryKey: commKeys.one(id ?? ''), queryFn: () => call(communicationRoutes.get, { params: { id: id! } }), enabled: !!id });
}

/** A communication changes lists, the customer's timeline and last contact, and history. */
function useRefresh() {
  const qc = useQueryClient();
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: commKeys.all }),
      qc.invalidateQueries({ queryKey: ['customers'] }),
      qc.invalidateQueries({ queryKey: ['history'] }),
      qc.invalidateQueries({ queryKey: ['search'] }),
    ]);
}

export function useCreateCommunication() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: z.output<typeof CreateCommunicationRequest>) => call(communicationRoutes.create, { body }),
    onSuccess: () => refresh(),
  });
}

export function useCorrectCommunication(id: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: z.output<typeof UpdateCommunicationRequest>) => call(communicationRoutes.correct, { params: { id }, body }),
    onSuccess: () => refresh(),
  });
}

export function useVoidCommunication(id: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: z.output<typeof VoidRequest>) => call(communicationRoutes.void, { params: { id }, body }),
    onSuccess: () => refresh(),
  });
}

export function useCompleteFollowUp() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ id, version }: { id: string; version: number }) => call(communicationRoutes.followUpDone, { params: { id }, body: { version } }),
    onSuccess: () => refresh(),
  });
}

export function uploadAttachment(file: File, onProgress?: (percent: number) => void) {
  return uploadFile<TAttachment>('/api/attachments', file, onProgress);
}

export const attachmentUrl = (id: string) => `/api/attachments/${id}/content`;
