import { useState } from 'react';
import { Button, Input, Modal, Space, Typography } from 'antd';
import { DownloadOutlined, FileZipOutlined } from '@ant-design/icons';
import { CustomerSelect } from '../parties/index.js';
import { useFeatureT } from '../i18n/feature.js';
import { kpiZh } from './i18n.zh-CN.js';
import { kpiEn } from './i18n.en-US.js';

const kpiWords = { 'zh-CN': kpiZh, 'en-US': kpiEn };

/**
 * The audit pack of a customer for a period (GET /api/customers/:id/audit-pack, a zip): from the customer's scorecard
 * (the customer given) and from the KPI dashboard (the dashboard's customer filter, else chosen in the dialog).
 */
export function AuditPackButton({ customerId, period }: { customerId?: string; period: { from: string; to: string } }) {
  const kw = useFeatureT(kpiWords);
  const [open, setOpen] = useState(false);
  const [pack, setPack] = useState(period);
  const [chosen, setChosen] = useState<string | undefined>(customerId);
  const party = customerId ?? chosen;
  const download = (
    <Button type="primary" icon={<DownloadOutlined />} disabled={!party}>
      {kw('auditPack.download')}
    </Button>
  );
  return (
    <>
      <Button
        icon={<FileZipOutlined />}
        onClick={() => {
          setPack(period);
          setChosen(customerId);
          setOpen(true);
        }}
        data-testid="audit-pack-open"
      >
        {kw('auditPack.button')}
      </Button>
      <Modal open={open} title={kw('auditPack.title')} onCancel={() => setOpen(false)} footer={null} destroyOnHidden data-testid="audit-pack-dialog">
        <Typography.Paragraph type="secondary">{kw('auditPack.hint')}</Typography.Paragraph>
        <Space wrap>
          {customerId ? null : (
            <CustomerSelect
              value={chosen}
              onChange={(v: string | undefined) => setChosen(v)}
              placeholder={kw('customer')}
              style={{ width: 260 }}
              data-testid="audit-pack-customer"
            />
          )}
          {kw('from')}
          <Input
            type="month"
            value={pack.from}
            onChange={(e) => e.target.value && setPack({ ...pack, from: e.target.value })}
            style={{ width: 150 }}
            data-testid="audit-pack-from"
          />
          {kw('to')}
          <Input
            type="month"
            value={pack.to}
            onChange={(e) => e.target.value && setPack({ ...pack, to: e.target.value })}
            style={{ width: 150 }}
            data-testid="audit-pack-to"
          />
          {party ? (
            <a
              href={`/api/customers/${party}/audit-pack?from=${pack.from}&to=${pack.to}`}
              download
              data-testid="audit-pack-download"
              onClick={() => setOpen(false)}
            >
              {download}
            </a>
          ) : (
            download
          )}
        </Space>
      </Modal>
    </>
  );
}
