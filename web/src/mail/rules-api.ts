import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { CreateMailRuleRequest, MailRule, MailRuleList, UpdateMailRuleRequest } from '../../../contracts/mail.js';
import { api } from '../api/client.js';

export type TMailRule = z.infer<typeof MailRule>;
const key = ['mail', 'rules'] as const;

export const useMailRules = () => useQuery({ queryKey: key, queryFn: () => api.get<z.infer<typeof MailRuleList>>('/api/mail/rules') });
export function useSaveMailRule() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string | null; body: z.input<typeof CreateMailRuleRequest> | z.input<typeof UpdateMailRuleRequest> }) =>
      id ? api.put<TMailRule>(`/api/mail/rules/${id}`, body) : api.post<TMailRule>('/api/mail/rules', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: key }),
  });
}
