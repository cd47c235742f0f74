import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TRecordRef } from '../../../contracts/common.js';
import { api } from '../api/client.js';

/** GET /api/notifications (the route's own schema; not in contracts/). */
export interface TNotification {
  id: string;
  ref: TRecordRef;
  messageKey: string;
  params: Record<string, string>;
  url: string;
  createdAt: string;
  read: boolean;
}
export interface TNotificationList {
  items: TNotification[];
  unread: number;
}

export const NOTIFICATIONS_KEY = ['notifications'] as const;

/** Polled every minute while the app is open (and on focus). */
export function useNotifications() {
  return useQuery({
    queryKey: NOTIFICATIONS_KEY,
    queryFn: () => api.get<TNotificationList>('/api/notifications'),
    refetchInterval: 60_000,
    refetchOnWindowFocus: true,
    staleTime: 30_000,
  });
}

export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (ids: string[]) => Promise.all(ids.map((id) => api.post(`/api/notifications/${id}/read`))),
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
