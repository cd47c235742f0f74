import { useRef, useState } from 'react';
import { App, Typography, Upload, type UploadFile } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { ApiError } from '../api/client.js';
import { useT } from '../i18n/index.js';
import { fmtBytes } from '../platform/format.js';
import { uploadAttachment, type TAttachment } from './api.js';

/** What the server takes (it checks again and has the last word). */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
export const ACCEPT = '.pdf,.png,.jpg,.jpeg,.gif,.webp,.bmp,.tif,.tiff,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.txt,.csv,.eml,.msg,.zip';

const toUploadFile = (a: TAttachment): UploadFile => ({ uid: a.id, name: a.filename, status: 'done', size: a.size, response: a });

/**
 * An antd form control: value = the attachments uploaded so far. Each file is sent at
 * once (POST /api/attachments); the form then passes their ids.
 */
export function AttachmentUpload({ value = [], onChange, testId }: { value?: TAttachment[]; onChange?: (v: TAttachment[]) => void; testId?: string }) {
  const t = useT();
  const { message } = App.useApp();
  const [inflight, setInflight] = useState<UploadFile[]>([]);
  const latest = useRef(value);
  latest.current = value;

  const patch = (uid: string, change: Partial<UploadFile> | null) =>
    setInflight((list) => (change ? list.map((f) => (f.uid === uid ? { ...f, ...change } : f)) : list.filter((f) => f.uid !== uid)));

  return (
    <div data-testid={testId}>
      <Upload.Dragger
        multiple
        accept={ACCEPT}
        fileList={[...value.map(toUploadFile), ...inflight]}
        beforeUpload={(file) => {
          if (file.size > MAX_UPLOAD_BYTES) {
            message.error(t('comm.fileTooLarge', { name: file.name, max: fmtBytes(MAX_UPLOAD_BYTES) }));
            return Upload.LIST_IGNORE;
          }
          return true;
        }}
        customRequest={({ file, onProgress, onSuccess, onError }) => {
          const f = file as File & { uid: string };
          setInflight((list) => [...list, { uid: f.uid, name: f.name, status: 'uploading', percent: 0, size: f.size }]);
          uploadAttachment(f, (percent) => {
            patch(f.uid, { percent });
            onProgress?.({ percent });
          })
            .then((att) => {
              patch(f.uid, null);
              onChange?.([...latest.current, att]);
              onSuccess?.(att);
            })
            .catch((e: unknown) => {
              const detail = e instanceof ApiError ? e.problem.detail : String(e);
              patch(f.uid, { status: 'error', response: detail, error: new Error(detail) });
              message.error(`${f.name}: ${detail}`);
              onError?.(e instanceof Error ? e : new Error(detail));
            });
        }}
        onRemove={(file) => {
          if (file.status === 'done') onChange?.(latest.current.filter((a) => a.id !== file.uid));
          else patch(file.uid, null);
          return true;
        }}
        showUploadList={{ showDownloadIcon: false }}
        style={{ padding: '4px 0' }}
      >
        <Typography.Text>
          <InboxOutlined style={{ color: '#1657d9', marginInlineEnd: 6 }} />
          {t('comm.uploadHint')}
        </Typography.Text>
        <br />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('comm.uploadLimits', { max: fmtBytes(MAX_UPLOAD_BYTES) })}
        </Typography.Text>
      </Upload.Dragger>
    </div>
  );
}
