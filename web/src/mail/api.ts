import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  AssignIncomingRequest,
  Composed,
  ComposeRequest,
  CreateMailboxRequest,
  IgnoreIncomingRequest,
  IncomingMail,
  Mailbox,
  MailMessage,
  MailStatus,
  MailSettings,
  MailTemplate,
  SendMailRequest,
  TemplateKeyParams,
  TestMailRequest,
  UpdateMailboxRequest,
  UpdateMailSettingsRequest,
  UpdateMailTemplateRequest,
} from '../../../contracts/mail.js';
import { call } from '../api/call.js';
import { mailRoutes } from '../../../contracts/mail.routes.js';

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

export const useMailSettings = () => useQuery({ queryKey: keys.settings, queryFn: () => call(mailRoutes.settings) });
export function useSaveMailSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof UpdateMailSettingsRequest>) => call(mailRoutes.updateSettings, { body }),
    onSuccess: (data) => qc.setQueryData(keys.settings, data),
  });
}
export const useTestMail = () => useMutation({ mutationFn: (body: z.input<typeof TestMailRequest>) => call(mailRoutes.testSettings, { body }) });

export const useMailTemplates = () => useQuery({ queryKey: keys.templates, queryFn: () => call(mailRoutes.templates) });
export function useSaveMailTemplate() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ key, body }: { key: z.input<typeof TemplateKeyParams>['key']; body: z.input<typeof UpdateMailTemplateRequest> }) =>
      call(mailRoutes.updateTemplate, { params: { key }, body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.templates }),
  });
}

export const useMailQueue = (status?: z.input<typeof MailStatus>) =>
  useQuery({
    queryKey: keys.queue(status),
    queryFn: () => call(mailRoutes.queue, { query: { status, limit: 200 } }),
    refetchInterval: 10_000,
  });
export function useRetryMail() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(mailRoutes.retry, { params: { id } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['mail'] }),
  });
}
export const useRecordMails = (type: string, id: string) =>
  useQuery({ queryKey: keys.record(type, id), queryFn: () => call(mailRoutes.recordMails, { params: { type, id } }) });

export const useCompose = () => useMutation({ mutationFn: (body: z.input<typeof ComposeRequest>) => call(mailRoutes.compose, { body }) });
export function useSendMail() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof SendMailRequest>) => call(mailRoutes.send, { body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['mail'] }),
  });
}

export const useMailboxes = () => useQuery({ queryKey: keys.mailboxes, queryFn: () => call(mailRoutes.mailboxes) });
export function useSaveMailbox() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: z.input<typeof CreateMailboxRequest> | z.input<typeof UpdateMailboxRequest> }) =>
      id
        ? call(mailRoutes.updateMailbox, { params: { id }, body: body as z.input<typeof UpdateMailboxRequest> })
        : call(mailRoutes.createMailbox, { body: body as z.input<typeof CreateMailboxRequest> }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.mailboxes }),
  });
}
export function usePollMailbox() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(mailRoutes.pollMailbox, { params: { id } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['mail'] }),
  });
}

export const useIncoming = (status: 'triage' | 'logged' | 'ignored') =>
  useQuery({ queryKey: keys.incoming(status), queryFn: () => call(mailRoutes.incoming, { query: { status, limit: 200 } }) });
export function useAssignIncoming() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: z.input<typeof AssignIncomingRequest> }) => call(mailRoutes.assignIncoming, { params: { id }, body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['mail'] }),
  });
}
export function useIgnoreIncoming() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: z.input<typeof IgnoreIncomingRequest> }) => call(mailRoutes.ignoreIncoming, { params: { id }, body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['mail'] }),
  });
}
