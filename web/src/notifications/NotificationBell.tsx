import { lazy, Suspense, useState } from 'react';
import { Badge, Button, Popover, Skeleton, Tooltip } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useT } from '../i18n/index.js';
import { useMarkRead, useNotifications, type TNotification } from './api.js';

// the list (antd's List, the procedures' step names) is fetched when the bell is first opened, not with every page
const NotificationPanel = lazy(() => import('./NotificationPanel.js').then((m) => ({ default: m.NotificationPanel })));

/** 通知: the bell with the unread count; a click opens the list, a click on an item opens its record. */
export function NotificationBell() {
  const t = useT();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const { data } = useNotifications();
  const markRead = useMarkRead();
  const items = data?.items ?? [];
  const unread = data?.unread ?? 0;
  const go = (n: TNotification) => {
    if (!n.read) markRead.mutate([n.id]);
    setOpen(false);
    navigate(n.url);
  };
  const content = (
    <Suspense fallback={<Skeleton active style={{ width: 380, maxWidth: 'calc(100vw - 32px)', padding: '4px 12px' }} />}>
      <NotificationPanel items={items} unread={unread} onGo={go} />
    </Suspense>
  );
  return (
    <Popover
      content={content}
      trigger="click"
      open={open}
      onOpenChange={setOpen}
      placement="bottomRight"
      styles={{ container: { padding: '8px 0' } }}
      arrow={false}
    >
      <Tooltip title={t('notifications.title')} open={open ? false : undefined}>
        <Button
          type="text"
          aria-label={t('notifications.bellLabel', { n: unread })}
          data-testid="notification-bell"
          data-unread={unread}
          style={{ paddingInline: 8 }}
        >
          <Badge count={unread} size="small" overflowCount={99}>
            <BellOutlined style={{ fontSize: 18 }} />
          </Badge>
        </Button>
      </Tooltip>
    </Popover>
  );
}
