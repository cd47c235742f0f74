import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  AssignIncomingRequest,
  Composed,
  ComposeRequest,
  CreateMailboxRequest,
  IgnoreIncomingRequest,
  IncomingMail,
  IncomingMailList,
  Mailbox,
  MailboxList,
  MailMessage,
  MailMessageList,
  MailSettings,
  MailTemplate,
  MailTemplateList,
  PollResult,
  SendMailRequest,
  TestMailRequest,
  TestMailResult,
  UpdateMailboxRequest,
  UpdateMailSettingsRequest,
  UpdateMailTemplateRequest,
} from '../../../contracts/mail.js';
import { api } from '../api/client.js';

export type TMailSettings = z.infer<typeof MailSettings>;
export type TMailTemplate = z.infer<typeof MailTemplate>;
export type TMailMessage = z.infer<typeof MailMessage>;
export type TMailbox = z.infer<typeof Mailbox>;
export type TIncomingMail = z.infer<typeof IncomingMail>;
export type TComposed = z.infer<typeof Composed>;

const keys = {
  settings: ['mail', 'settings'] as const,
  templates: ['mail', 'templates'] as const,
  queue: (status?: string) => ['mail', 'queue', status ?? 'all'] as const,
  record: (type: string, id: string) => ['mail', 'record', type, id] as const,
  mailboxes: ['mail', 'mailboxes'] as const,
  incoming: (status: string) => ['mail', 'incoming', status] as const,
};

export const useMailSettings = () => useQuery({ queryKey: keys.settings, queryFn: () => api.get<TMailSettings>('/api/mail/settings') });
export function useSaveMailSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof UpdateMailSettingsRequest>) => api.put<TMailSettings>('/api/mail/settings', body),
    onSuccess: (data) => qc.setQueryData(keys.settings, data),
  });
}
export const useTestMail = () =>
  useMutation({ mutationFn: (body: z.input<typeof TestMailRequest>) => api.post<z.infer<typeof TestMailResult>>('/api/mail/settings/test', body) });

export const useMailTemplates = () => useQuery({ queryKey: keys.templates, queryFn: () => api.get<z.infer<typeof MailTemplateList>>('/api/mail/templates') });
export function useSaveMailTemplate() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ key, body }: { key: string; body: z.input<typeof UpdateMailTemplateRequest> }) => api.put<TMailTemplate>(`/api/mail/templates/${key}`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.templates }),
  });
}

export const useMailQueue = (status?: string) =>
  useQuery({
    queryKey: keys.queue(status),
    queryFn: () => api.get<z.infer<typeof MailMessageList>>('/api/mail/queue', { status, limit: 200 }),
    refetchInterval: 10_000,
  });
export function useRetryMail() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<TMailMessage>(`/api/mail/queue/${id}/retry`),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['mail'] }),
  });
}
export const useRecordMails = (type: string, id: string) =>
  useQuery({ queryKey: keys.record(type, id), queryFn: () => api.get<z.infer<typeof MailMessageList>>(`/api/mail/records/${type}/${id}`) });

export const useCompose = () => useMutation({ mutationFn: (body: z.input<typeof ComposeRequest>) => api.post<TComposed>('/api/mail/compose', body) });
export function useSendMail() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof SendMailRequest>) => api.post<TMailMessage>('/api/mail/send', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['mail'] }),
  });
}

export const useMailboxes = () => useQuery({ queryKey: keys.mailboxes, queryFn: () => api.get<z.infer<typeof MailboxList>>('/api/mail/mailboxes') });
export function useSaveMailbox() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: z.input<typeof CreateMailboxRequest> | z.input<typeof UpdateMailboxRequest> }) =>
      id ? api.put<TMailbox>(`/api/mail/mailboxes/${id}`, body) : api.post<TMailbox>('/api/mail/mailboxes', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.mailboxes }),
  });
}
export function usePollMailbox() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<z.infer<typeof PollResult>>(`/api/mail/mailboxes/${id}/poll`),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['mail'] }),
  });
}

export const useIncoming = (status: 'triage' | 'logged' | 'ignored') =>
  useQuery({ queryKey: keys.incoming(status), queryFn: () => api.get<z.infer<typeof IncomingMailList>>('/api/mail/incoming', { status, limit: 200 }) });
export function useAssignIncoming() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: z.input<typeof AssignIncomingRequest> }) => api.post<TIncomingMail>(`/api/mail/incoming/${id}/assign`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['mail'] }),
  });
}
export function useIgnoreIncoming() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: z.input<typeof IgnoreIncomingRequest> }) => api.post<TIncomingMail>(`/api/mail/incoming/${id}/ignore`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['mail'] }),
  });
}
