import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { NotificationItem, NotificationList } from '../../../contracts/notifications.js';
import { call } from '../api/call.js';
import { notificationRoutes } from '../../../contracts/notifications.routes.js';

export type TNotification = z.infer<typeof NotificationItem>;
export type TNotificationList = z.infer<typeof NotificationList>;

export const NOTIFICATIONS_KEY = ['notifications'] as const;

/** Polled every minute while the app is open (and on focus). */
export function useNotifications() {
  return useQuery({
    queryKey: NOTIFICATIONS_KEY,
    queryFn: () => call(notificationRoutes.list),
    refetchInterval: 60_000,
    refetchOnWindowFocus: true,
    staleTime: 30_000,
  });
}

export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (ids: string[]) => Promise.all(ids.map((id) => call(notificationRoutes.markRead, { params: { id } }))),
    onMutate: (ids) => {
      // read at once in the list; the next poll confirms
      qc.setQueryData<TNotificationList>(NOTIFICATIONS_KEY, (old) =>
        old
          ? {
              items: old.items.map((n) => (ids.includes(n.id) ? { ...n, read: true } : n)),
              unread: Math.max(0, old.unread - old.items.filter((n) => ids.includes(n.id) && !n.read).length),
            }
          : old,
      );
    },
    onSettled: () => qc.invalidateQueries({ queryKey: NOTIFICATIONS_KEY }),
  });
}
