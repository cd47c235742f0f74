import { useState } from 'react';
import { Button, Card, Empty, Input, Modal, Skeleton, Space, Table, Typography } from 'antd';
import { DownloadOutlined, FileZipOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useLocalized, useT } from '../i18n/index.js';
import { lastMonths, useScorecard, type TKpiValue } from './api.js';
import { fmtValue, StatusLight } from './labels.js';
import { useFeatureT } from '../i18n/feature.js';
import { kpiZh } from './i18n.zh-CN.js';
import { kpiEn } from './i18n.en-US.js';

const kpiWords = { 'zh-CN': kpiZh, 'en-US': kpiEn };
const useKpiT = () => useFeatureT(kpiWords);

/** The customer's scorecard on the customer page: every KPI narrowed to the customer, and their own rating of us. */
export function ScorecardPanel({ customerId }: { customerId: string }) {
  const t = useT();
  const kw = useKpiT();
  const loc = useLocalized();
  const [period, setPeriod] = useState(lastMonths(12));
  const { data, isLoading } = useScorecard(customerId, period);
  const [packOpen, setPackOpen] = useState(false);
  const [pack, setPack] = useState(period);
  const inputs = (
    <Space style={{ marginBottom: 12 }} wrap>
      {kw('from')}
      <Input type="month" value={period.from} onChange={(e) => e.target.value && setPeriod({ ...period, from: e.target.value })} style={{ width: 150 }} data-testid="scorecard-from" />
      {kw('to')}
      <Input type="month" value={period.to} onChange={(e) => e.target.value && setPeriod({ ...period, to: e.target.value })} style={{ width: 150 }} data-testid="scorecard-to" />
      <Button
        icon={<FileZipOutlined />}
        onClick={() => {
          setPack(period);
          setPackOpen(true);
        }}
        data-testid="audit-pack-open"
      >
        {kw('auditPack.button')}
      </Button>
      <Modal open={packOpen} title={kw('auditPack.title')} onCancel={() => setPackOpen(false)} footer={null} destroyOnHidden data-testid="audit-pack-dialog">
        <Typography.Paragraph type="secondary">{kw('auditPack.hint')}</Typography.Paragraph>
        <Space wrap>
          {kw('from')}
          <Input type="month" value={pack.from} onChange={(e) => e.target.value && setPack({ ...pack, from: e.target.value })} style={{ width: 150 }} data-testid="audit-pack-from" />
          {kw('to')}
          <Input type="month" value={pack.to} onChange={(e) => e.target.value && setPack({ ...pack, to: e.target.value })} style={{ width: 150 }} data-testid="audit-pack-to" />
          <a href={`/api/customers/${customerId}/audit-pack?from=${pack.from}&to=${pack.to}`} download data-testid="audit-pack-download" onClick={() => setPackOpen(false)}>
            <Button type="primary" icon={<DownloadOutlined />}>
              {kw('auditPack.download')}
            </Button>
          </a>
        </Space>
      </Modal>
    </Space>
  );
  if (isLoading || !data) return <Skeleton active />;
  const counted = data.items.filter((v) => v.total.value !== null || v.hidden);
  return (
    <>
      {inputs}
      <Card size="small" title={kw('scorecard.ratings')} style={{ marginBottom: 12 }} data-testid="scorecard-ratings">
        {data.ratings.length ? (
          <ul style={{ margin: 0 }}>
            {data.ratings.map((r) => (
              <li key={r.id}>
                {r.occurredOn}: <strong>{r.score}</strong> {r.note ?? r.cause ?? ''}
              </li>
            ))}
          </ul>
        ) : (
          <Typography.Text type="secondary">{kw('scorecard.noRatings')}</Typography.Text>
        )}
      </Card>
      {counted.length ? (
        <Table<TKpiValue>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={counted}
          data-testid="scorecard-table"
          columns={[
            { key: 'kpi', title: kw('columns.kpi'), render: (_, v) => <Link to={`/kpis?partyId=${customerId}&kpi=${v.id}`}>{loc(v.name)}</Link> },
            { key: 'value', title: kw('columns.value'), render: (_, v) => (v.hidden ? kw('hidden') : <span data-testid={`scorecard-value-${v.id}`}>{fmtValue(v.total.value, v.unit)}</span>) },
            { key: 'target', title: kw('columns.target'), render: (_, v) => fmtValue(v.target, v.unit) },
            { key: 'status', title: kw('columns.status'), render: (_, v) => <StatusLight status={v.total.status} /> },
          ]}
        />
      ) : (
        <Empty />
      )}
    </>
  );
}
