import { useState } from 'react';
import { Card, Empty, Input, Skeleton, Space, Table, Typography } from 'antd';
import { Link } from 'react-router';
import { useLocalized } from '../i18n/index.js';
import { lastMonths, useScorecard, type TKpiValue } from './api.js';
import { fmtValue, StatusLight } from './labels.js';
import { AuditPackButton } from './AuditPackButton.js';
import { useFeatureT } from '../i18n/feature.js';
import { kpiZh } from './i18n.zh-CN.js';
import { kpiEn } from './i18n.en-US.js';

const kpiWords = { 'zh-CN': kpiZh, 'en-US': kpiEn };
const useKpiT = () => useFeatureT(kpiWords);

/** The customer's scorecard on the customer page: every KPI narrowed to the customer, and their own rating of us. */
export function ScorecardPanel({ customerId }: { customerId: string }) {
  const kw = useKpiT();
  const loc = useLocalized();
  const [period, setPeriod] = useState(lastMonths(12));
  const { data, isLoading } = useScorecard(customerId, period);
  const inputs = (
    <Space style={{ marginBottom: 12 }} wrap>
      {kw('from')}
      <Input
        type="month"
        value={period.from}
        onChange={(e) => e.target.value && setPeriod({ ...period, from: e.target.value })}
        style={{ width: 150 }}
        data-testid="scorecard-from"
      />
      {kw('to')}
      <Input
        type="month"
        value={period.to}
        onChange={(e) => e.target.value && setPeriod({ ...period, to: e.target.value })}
        style={{ width: 150 }}
        data-testid="scorecard-to"
      />
      <AuditPackButton customerId={customerId} period={period} />
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
            {
              key: 'value',
              title: kw('columns.value'),
              render: (_, v) => (v.hidden ? kw('hidden') : <span data-testid={`scorecard-value-${v.id}`}>{fmtValue(v.total.value, v.unit)}</span>),
            },
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
