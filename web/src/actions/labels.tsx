import { Tag, Tooltip, Typography } from 'antd';
import { CheckCircleOutlined, ClockCircleOutlined, ExclamationCircleOutlined, SafetyCertificateOutlined, StopOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import dayjs from 'dayjs';
import type { TActionItem } from './api.js';
import { useT } from '../i18n/index.js';
import { fmtDateTime } from '../platform/format.js';
import { ProvisionalTag } from '../procedures/index.js';

type Status = TActionItem['status'];
const statusColors: Record<Status, string> = { open: 'processing', done: 'gold', verified: 'success', cancelled: 'default' };
const statusIcons: Record<Status, ReactNode> = {
  open: <ClockCircleOutlined />,
  done: <CheckCircleOutlined />,
  verified: <SafetyCertificateOutlined />,
  cancelled: <StopOutlined />,
};

export function ActionStatusTag({ status }: { status: Status }) {
  const t = useT();
  return (
    <Tag icon={statusIcons[status]} color={statusColors[status]} style={{ marginInlineEnd: 0 }} data-testid="action-status" data-status={status}>
      {t(`enums.actionStatus.${status}`)}
    </Tag>
  );
}

/** The due date (a working day) with "overdue" in red and "provisional" when the year's calendar is not published. */
export function DueDate({
  action,
  compact = false,
}: {
  action: Pick<TActionItem, 'dueDate' | 'dueAt' | 'overdue' | 'provisional' | 'status'>;
  compact?: boolean;
}) {
  const t = useT();
  const open = action.status === 'open';
  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      <Tooltip title={action.dueAt ? t('action.dueAtTooltip', { at: fmtDateTime(action.dueAt) }) : undefined}>
        <Typography.Text
          type={open && action.overdue ? 'danger' : undefined}
          strong={open && action.overdue}
          data-testid="action-due"
          data-due={action.dueDate}
        >
          {compact ? action.dueDate : `${action.dueDate} ${dayjs(action.dueDate).format('ddd')}`}
        </Typography.Text>
      </Tooltip>{' '}
      {open && action.overdue && (
        <Tag icon={<ExclamationCircleOutlined />} color="error" style={{ marginInlineEnd: 0 }}>
          {t('action.overdue')}
        </Tag>
      )}
      {open && action.provisional && !compact && <ProvisionalTag />}
    </span>
  );
}
