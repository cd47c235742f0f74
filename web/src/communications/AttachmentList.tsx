import { Empty, List, Tooltip, Typography } from 'antd';
import { PaperClipOutlined } from '@ant-design/icons';
import { useT } from '../i18n/index.js';
import { fmtBytes, fmtDateTime } from '../platform/format.js';
import { attachmentUrl, type TAttachment } from './api.js';

/** Download links with size and a short SHA-256 (the full hash in the tooltip, copyable). */
export function AttachmentList({ items }: { items: TAttachment[] }) {
  const t = useT();
  if (!items.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('comm.noAttachments')} style={{ margin: 8 }} />;
  return (
    <List
      size="small"
      dataSource={items}
      data-testid="attachment-list"
      renderItem={(a) => (
        <List.Item
          extra={
            <Tooltip title={`SHA-256 ${a.sha256}`}>
              <Typography.Text type="secondary" copyable={{ text: a.sha256 }} style={{ fontFamily: 'monospace', fontSize: 12 }}>
                {a.sha256.slice(0, 12)}
              </Typography.Text>
            </Tooltip>
          }
        >
          <span>
            <PaperClipOutlined />{' '}
            <a href={attachmentUrl(a.id)} download={a.filename} data-testid="attachment-link">
              {a.filename}
            </a>{' '}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {fmtBytes(a.size)} · {a.mime} · {fmtDateTime(a.uploadedAt)}
            </Typography.Text>
          </span>
        </List.Item>
      )}
    />
  );
}
