import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { CreateMailRuleRequest, MailRule, UpdateMailRuleRequest } from '../../../contracts/mail.js';
import { call } from '../api/call.js';
import { mailRoutes } from '../../../contracts/mail.routes.js';

export type TMailRule = z.infer<typeof MailRule>;
const key = ['mail', 'rules'] as const;

export const useMailRules = () => useQuery({ queryKey: key, queryFn: () => call(mailRoutes.rules) });
export function useSaveMailRule() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string | null; body: z.input<typeof CreateMailRuleRequest> | z.input<typeof UpdateMailRuleRequest> }) =>
      id
        ? call(mailRoutes.updateRule, { params: { id }, body: body as z.input<typeof UpdateMailRuleRequest> })
        : call(mailRoutes.createRule, { body: body as z.input<typeof CreateMailRuleRequest> }),
    onSuccess: () => qc.invalidateQueries({ queryKey: key }),
  });
}
