import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  CreateRobotRequest,
  NotificationMailSettings,
  Robot,
  UpdateNotificationMailSettingsRequest,
  UpdateRobotRequest,
} from '../../../contracts/notifications.js';
import { call } from '../api/call.js';
import { mailRoutes } from '../../../contracts/mail.routes.js';

export type TNotificationMailSettings = z.infer<typeof NotificationMailSettings>;
export type TRobot = z.infer<typeof Robot>;

const keys = { mine: ['notification-mail', 'mine'] as const, robots: ['mail', 'robots'] as const };

export const useMyNotificationMail = () => useQuery({ queryKey: keys.mine, queryFn: () => call(mailRoutes.myNotificationMail) });
export function useSaveMyNotificationMail() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof UpdateNotificationMailSettingsRequest>) => call(mailRoutes.updateMyNotificationMail, { body }),
    onSuccess: (data) => qc.setQueryData(keys.mine, data),
  });
}

export const useRobots = () => useQuery({ queryKey: keys.robots, queryFn: () => call(mailRoutes.robots) });
export function useSaveRobot() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string | null; body: z.input<typeof CreateRobotRequest> | z.input<typeof UpdateRobotRequest> }) =>
      id
        ? call(mailRoutes.updateRobot, { params: { id }, body: body as z.input<typeof UpdateRobotRequest> })
        : call(mailRoutes.createRobot, { body: body as z.input<typeof CreateRobotRequest> }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.robots }),
  });
}
export const useTestRobot = () => useMutation({ mutationFn: (id: string) => call(mailRoutes.testRobot, { params: { id } }) });
