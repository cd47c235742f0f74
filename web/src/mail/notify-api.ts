import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  CreateRobotRequest,
  NotificationMailSettings,
  Robot,
  RobotList,
  UpdateNotificationMailSettingsRequest,
  UpdateRobotRequest,
} from '../../../contracts/notifications.js';
import { api } from '../api/client.js';

export type TNotificationMailSettings = z.infer<typeof NotificationMailSettings>;
export type TRobot = z.infer<typeof Robot>;

const keys = { mine: ['notification-mail', 'mine'] as const, robots: ['mail', 'robots'] as const };

export const useMyNotificationMail = () => useQuery({ queryKey: keys.mine, queryFn: () => api.get<TNotificationMailSettings>('/api/me/notification-mail') });
export function useSaveMyNotificationMail() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof UpdateNotificationMailSettingsRequest>) => api.put<TNotificationMailSettings>('/api/me/notification-mail', body),
    onSuccess: (data) => qc.setQueryData(keys.mine, data),
  });
}

export const useRobots = () => useQuery({ queryKey: keys.robots, queryFn: () => api.get<z.infer<typeof RobotList>>('/api/mail/robots') });
export function useSaveRobot() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string | null; body: z.input<typeof CreateRobotRequest> | z.input<typeof UpdateRobotRequest> }) =>
      id ? api.put<TRobot>(`/api/mail/robots/${id}`, body) : api.post<TRobot>('/api/mail/robots', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.robots }),
  });
}
export const useTestRobot = () => useMutation({ mutationFn: (id: string) => api.post<{ ok: true }>(`/api/mail/robots/${id}/test`) });
