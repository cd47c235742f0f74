import { Tag, Tooltip } from 'antd';
import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  CheckCircleOutlined,
  ClockCircleOutlined,
  GlobalOutlined,
  MailOutlined,
  MessageOutlined,
  PhoneOutlined,
  PrinterOutlined,
  SwapOutlined,
  TeamOutlined,
  CarOutlined,
  FileTextOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { channels } from '../../../contracts/parties.js';
import type { directions, topics } from '../../../contracts/communications.js';
import { useT } from '../i18n/index.js';
import { fmtDateTime, isOverdue } from '../platform/format.js';

type Channel = (typeof channels)[number];
type Direction = (typeof directions)[number];

export const channelIcons: Record<Channel, ReactNode> = {
  phone: <PhoneOutlined />,
  fax: <PrinterOutlined />,
  email: <MailOutlined />,
  meeting: <TeamOutlined />,
  visit: <CarOutlined />,
  im: <MessageOutlined />,
  letter: <FileTextOutlined />,
  portal: <GlobalOutlined />,
};

export function ChannelTag({ channel }: { channel: Channel }) {
  const t = useT();
  return (
    <Tag icon={channelIcons[channel]} style={{ marginInlineEnd: 0 }}>
      {t(`enums.channel.${channel}`)}
    </Tag>
  );
}

const directionIcons: Record<Direction, ReactNode> = { in: <ArrowDownOutlined />, out: <ArrowUpOutlined />, internal: <SwapOutlined /> };
const directionColors: Record<Direction, string> = { in: 'geekblue', out: 'cyan', internal: 'default' };

export function DirectionTag({ direction }: { direction: Direction }) {
  const t = useT();
  return (
    <Tag icon={directionIcons[direction]} color={directionColors[direction]} style={{ marginInlineEnd: 0 }}>
      {t(`enums.direction.${direction}`)}
    </Tag>
  );
}

/** Follow-up: none, open (due date), overdue (red) or done. */
export function FollowUpTag({ due, doneAt }: { due: string | null; doneAt: string | null }) {
  const t = useT();
  if (!due) return null;
  if (doneAt)
    return (
      <Tooltip title={`${t('comm.followUpDoneAt')}: ${fmtDateTime(doneAt)}`}>
        <Tag icon={<CheckCircleOutlined />} color="success">
          {t('comm.followUpDone')}
        </Tag>
      </Tooltip>
    );
  const overdue = isOverdue(due);
  return (
    <Tooltip title={`${t('comm.fields.followUpDue')}: ${fmtDateTime(due)}`}>
      <Tag icon={<ClockCircleOutlined />} color={overdue ? 'error' : 'processing'} data-testid={overdue ? 'follow-up-overdue' : 'follow-up-open'}>
        {overdue ? t('comm.followUpOverdue') : t('comm.followUpOpenUntil', { date: fmtDateTime(due).slice(5, 10) })}
      </Tag>
    </Tooltip>
  );
}

type Topic = (typeof topics)[number];
const topicColors: Record<Topic, string> = {
  enquiry: 'blue',
  order: 'green',
  'product-info': 'cyan',
  complaint: 'red',
  'customer-property': 'purple',
  contingency: 'volcano',
  other: 'default',
};

/** What the communication is about (ISO 9001 8.2.1); "other" stays quiet unless asked. */
export function TopicTag({ topic, showOther = false }: { topic: Topic | undefined; showOther?: boolean }) {
  const t = useT();
  if (!topic || (topic === 'other' && !showOther)) return null;
  return (
    <Tag color={topicColors[topic]} style={{ marginInlineEnd: 0 }} data-testid="topic-tag">
      {t(`enums.topic.${topic}`)}
    </Tag>
  );
}
