import { useState } from 'react';
import { Button, Empty, Flex, Input, Segmented, Table, Tag, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import { useEngineeringT as useT } from './words.js';
import { useCan } from '../identity/index.js';
import { PageHeader } from '../platform/PageHeader.js';
import { DateTime } from '../platform/DateTime.js';
import { NONE } from '../platform/format.js';
import { useSamples, type TSampleSummary } from './api.js';
import { SampleModal } from './SampleDialogs.js';
import { StateTag } from './parts.js';

export function SampleDue({ s }: { s: Pick<TSampleSummary, 'answerDue' | 'status'> }) {
  const t = useT();
  if (!s.answerDue || s.status !== 'open') return <>{NONE}</>;
  const late = new Date(s.answerDue).getTime() < Date.now();
  return (
    <span data-testid="sample-answer-due">
      <DateTime value={s.answerDue} />
      {late && (
        <Tag color="error" style={{ marginInlineStart: 6 }} data-testid="sample-overdue">
          {t('engineering.sample.overdue')}
        </Tag>
      )}
    </span>
  );
}

export function useSampleColumns(withCustomer: boolean): TableColumnsType<TSampleSummary> {
  const t = useT();
  return [
    { title: t('engineering.sample.fields.number'), dataIndex: 'number', width: 120, render: (n: string, s) => <Link to={`/samples/${s.id}`}>{n}</Link> },
    ...(withCustomer
      ? [{ title: t('engineering.common.customer'), key: 'customer', width: 200, render: (_: unknown, s: TSampleSummary) => `${s.partyCode} · ${s.partyName}` }]
      : []),
    { title: t('engineering.sample.fields.model'), dataIndex: 'model', width: 140 },
    { title: t('engineering.sample.fields.quantity'), dataIndex: 'quantity', width: 80, align: 'right' },
    { title: t('engineering.sample.fields.sentOn'), dataIndex: 'sentOn', width: 110 },
    { title: t('engineering.sample.fields.shipVia'), dataIndex: 'shipVia', width: 100, render: (k: string) => t(`engineering.sample.shipVia.${k}`) },
    {
      title: t('engineering.common.order'),
      key: 'order',
      width: 140,
      render: (_, s) => (s.order ? <Link to={`/orders/${s.order.id}`}>{s.order.number}</Link> : NONE),
    },
    { title: t('engineering.sample.answerDue'), key: 'due', width: 200, render: (_, s) => <SampleDue s={s} /> },
    {
      title: t('engineering.sample.fields.status'),
      key: 'state',
      width: 140,
      render: (_, s) => <StateTag state={s.state} label={s.state ? t(`engineering.sample.state.${s.state}`) : ''} testId="sample-state" />,
    },
  ];
}

const filters = ['all', 'sent', 'awaiting-customer', 'approved', 'rejected'] as const;

/** 样品确认 [CC 5.4]: samples sent and the customers' answers. */
export function SampleListPage() {
  const t = useT();
  const can = useCan();
  const navigate = useNavigate();
  const [state, setState] = useState<(typeof filters)[number]>('all');
  const [q, setQ] = useState('');
  const [creating, setCreating] = useState(false);
  const { data, isFetching } = useSamples({ ...(state !== 'all' ? { state } : {}), ...(q ? { q } : {}) });
  const columns = useSampleColumns(true);
  return (
    <>
      <PageHeader
        title={t('engineering.sample.listTitle')}
        subtitle={t('engineering.sample.listHint')}
        extra={
          can('engineering.write') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="sample-new">
              {t('engineering.sample.new')}
            </Button>
          )
        }
      />
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Segmented
          value={state}
          onChange={(v) => setState(v as typeof state)}
          options={filters.map((k) => ({ value: k, label: k === 'all' ? t('engineering.common.all') : t(`engineering.sample.state.${k}`) }))}
          data-testid="sample-filter"
        />
        <Input.Search allowClear placeholder={t('engineering.common.search')} style={{ width: 260 }} onSearch={setQ} data-testid="sample-search" />
      </Flex>
      <Table<TSampleSummary>
        rowKey="id"
        size="middle"
        loading={isFetching}
        columns={columns}
        dataSource={data?.items ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        onRow={(s) => ({ onClick: () => navigate(`/samples/${s.id}`), style: { cursor: 'pointer' } })}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('engineering.sample.empty')} /> }}
        data-testid="sample-table"
        scroll={{ x: 1100 }}
      />
      <SampleModal sample={null} open={creating} onClose={() => setCreating(false)} onReload={() => undefined} onSaved={(s) => navigate(`/samples/${s.id}`)} />
    </>
  );
}
