import './words.js';
import { Tag } from 'antd';
import { useT } from '../i18n/index.js';
import type { TMailMessage } from './api.js';

const statusColor = { queued: 'processing', sending: 'processing', sent: 'success', failed: 'error' } as const;

export function MailStatusTag({ m }: { m: TMailMessage }) {
  const t = useT();
  return <Tag color={statusColor[m.status]}>{t(`mail.queue.status.${m.status}`)}</Tag>;
}
