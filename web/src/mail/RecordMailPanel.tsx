import './words.js';
import { Button, List, Space, Typography } from 'antd';
import { MailOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useT } from '../i18n/index.js';
import { DateTime } from '../platform/DateTime.js';
import { useRecordMails } from './api.js';
import { MailStatusTag } from './MailStatusTag.js';

/** A record's mail and its state (queued, sent, failed with the reason), with a link to write one. */
export function RecordMailPanel({ type, id, template = 'general' }: { type: string; id: string; template?: string }) {
  const t = useT();
  const { data } = useRecordMails(type, id);
  return (
    <div data-testid="record-mail">
      <Space style={{ marginBottom: 8 }}>
        <Typography.Text strong>{t('mail.record.title')}</Typography.Text>
        <Link to={`/mail/compose?template=${template}&type=${type}&id=${id}`}>
          <Button size="small" icon={<MailOutlined />} data-testid="record-mail-compose">
            {t('mail.record.compose')}
          </Button>
        </Link>
      </Space>
      <List
        size="small"
        dataSource={data?.items ?? []}
        locale={{ emptyText: t('mail.record.empty') }}
        renderItem={(m) => (
          <List.Item>
            <Space wrap>
              <MailStatusTag m={m} />
              <span>{m.subject}</span>
              <Typography.Text type="secondary">{m.toName}</Typography.Text>
              <DateTime value={m.sentAt ?? m.createdAt} />
              {m.status !== 'sent' && m.lastError ? <Typography.Text type="danger">{m.lastError}</Typography.Text> : null}
            </Space>
          </List.Item>
        )}
      />
    </div>
  );
}
