import { useCallback } from 'react';
import { Badge, Button, Empty, Flex, List, Typography } from 'antd';
import {
  AlertOutlined,
  BellOutlined,
  ClockCircleOutlined,
  ExclamationCircleOutlined,
  LockOutlined,
  SafetyCertificateOutlined,
  ToolOutlined,
  UserAddOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import { useLocale, useT } from '../i18n/index.js';
import { DateTime } from '../platform/DateTime.js';
import { useProcedureNames } from '../procedures/index.js';
import { useMarkRead, type TNotification } from './api.js';
import { notificationText } from './messages.js';

const icons: Record<string, ReactNode> = {
  'communication.assigned': <UserAddOutlined style={{ color: '#1657d9' }} />,
  'clock.dueSoon': <ClockCircleOutlined style={{ color: '#d46b08' }} />,
  'clock.overdue': <ExclamationCircleOutlined style={{ color: '#cf1322' }} />,
  'clock.escalated': <AlertOutlined style={{ color: '#a8071a' }} />,
  'action.assigned': <ToolOutlined style={{ color: '#1657d9' }} />,
  'action.verify': <SafetyCertificateOutlined style={{ color: '#531dab' }} />,
  'account.locked': <LockOutlined style={{ color: '#cf1322' }} />,
};

/** The bell's list (fetched when the bell is first opened): newest first, a click on an item opens its record. */
export function NotificationPanel({ items, unread, onGo }: { items: TNotification[]; unread: number; onGo(n: TNotification): void }) {
  const t = useT();
  const { locale } = useLocale();
  const markRead = useMarkRead();
  const names = useProcedureNames();
  const stepName = useCallback((id: string, procedureId?: string) => names.step(id, procedureId) ?? id, [names]);
  const go = onGo;
  return (
    <div style={{ width: 380, maxWidth: 'calc(100vw - 32px)' }} data-testid="notification-list">
      <Flex justify="space-between" align="center" style={{ padding: '4px 12px 8px', borderBottom: '1px solid #f0f0f0' }}>
        <Typography.Text strong>{t('notifications.title')}</Typography.Text>
        {unread > 0 && (
          <Button
            type="link"
            size="small"
            style={{ paddingInline: 0 }}
            loading={markRead.isPending}
            onClick={() => markRead.mutate(items.filter((n) => !n.read).map((n) => n.id))}
            data-testid="notification-read-all"
          >
            {t('notifications.markAllRead')}
          </Button>
        )}
      </Flex>
      <List<TNotification>
        size="small"
        dataSource={items}
        style={{ maxHeight: 420, overflow: 'auto' }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.empty')} /> }}
        renderItem={(n) => (
          <List.Item
            className={`notification-item${n.read ? '' : ' unread'}`}
            onClick={() => go(n)}
            data-testid="notification-item"
            data-key={n.messageKey}
            data-read={n.read ? 'true' : 'false'}
            role="button"
            tabIndex={0}
            onKeyDown={(e) => e.key === 'Enter' && go(n)}
          >
            <Flex gap={10} align="flex-start" style={{ width: '100%' }}>
              <span style={{ fontSize: 16, lineHeight: '20px' }}>{icons[n.messageKey] ?? <BellOutlined />}</span>
              <Flex vertical style={{ minWidth: 0, flex: 1 }}>
                <Typography.Text strong={!n.read} style={{ fontSize: 13 }}>
                  {notificationText(locale, n.messageKey, n.params, stepName)}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  <DateTime value={n.createdAt} relative />
                </Typography.Text>
              </Flex>
              {!n.read && <Badge status="processing" />}
            </Flex>
          </List.Item>
        )}
      />
    </div>
  );
}
