import { useState } from 'react';
import { Button, Empty, Flex, Input, Segmented, Table, Tag, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import { useRegistersT as useT } from './words.js';
import { useCan } from '../identity/index.js';
import { PageHeader } from '../platform/PageHeader.js';
import { StepTag } from '../visits/index.js';
import { useCsrs, type TCsrSummary } from './api.js';
import { CsrModal } from './CsrDialogs.js';

export function useCsrColumns(withCustomer: boolean): TableColumnsType<TCsrSummary> {
  const t = useT();
  return [
    { title: t('registers.csr.fields.number'), dataIndex: 'number', width: 120, render: (n: string, c) => <Link to={`/csr/${c.id}`}>{n}</Link> },
    ...(withCustomer
      ? [{ title: t('registers.csr.fields.customer'), key: 'customer', width: 200, render: (_: unknown, c: TCsrSummary) => `${c.partyCode} · ${c.partyName}` }]
      : []),
    { title: t('registers.csr.fields.title'), dataIndex: 'title', ellipsis: true },
    { title: t('registers.csr.fields.documentNo'), dataIndex: 'documentNo', width: 130, render: (d: string | null) => d ?? '—' },
    { title: t('registers.csr.fields.revision'), dataIndex: 'revision', width: 80 },
    { title: t('registers.csr.fields.receivedDate'), dataIndex: 'receivedDate', width: 110 },
    {
      title: t('registers.csr.fields.status'),
      key: 'status',
      width: 220,
      render: (_, c) =>
        c.supersededById ? (
          <Tag data-testid="csr-status" data-status="superseded">
            {t('registers.csr.superseded', { number: c.supersededByNumber ?? '' })}
          </Tag>
        ) : (
          <StepTag procedureId="csr-review" state={c.state} status={c.status} testId="csr-status" />
        ),
    },
  ];
}

/** 顾客特殊要求清单 [IATF 4.3.2]: current, in force, or all revisions. */
export function CsrListPage() {
  const t = useT();
  const can = useCan();
  const navigate = useNavigate();
  const [filter, setFilter] = useState<'current' | 'inForce' | 'all'>('current');
  const [q, setQ] = useState('');
  const [creating, setCreating] = useState(false);
  const { data, isFetching } = useCsrs({
    ...(filter === 'current' ? { current: 'true' } : filter === 'inForce' ? { inForce: 'true' } : {}),
    ...(q ? { q } : {}),
  });
  const columns = useCsrColumns(true);
  return (
    <>
      <PageHeader
        title={t('registers.csr.listTitle')}
        subtitle={t('registers.csr.listHint')}
        extra={
          can('registers.write') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="csr-new">
              {t('registers.csr.new')}
            </Button>
          )
        }
      />
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Segmented
          value={filter}
          onChange={(v) => setFilter(v as typeof filter)}
          options={(['current', 'inForce', 'all'] as const).map((k) => ({ value: k, label: t(`registers.csr.filter.${k}`) }))}
          data-testid="csr-filter"
        />
        <Input.Search allowClear placeholder={t('registers.csr.search')} style={{ width: 260 }} onSearch={setQ} data-testid="csr-search" />
      </Flex>
      <Table<TCsrSummary>
        rowKey="id"
        size="middle"
        loading={isFetching}
        columns={columns}
        dataSource={data?.items ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        onRow={(c) => ({ onClick: () => navigate(`/csr/${c.id}`), style: { cursor: 'pointer' } })}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('registers.csr.empty')} /> }}
        data-testid="csr-table"
        scroll={{ x: 1000 }}
      />
      <CsrModal csr={null} open={creating} onClose={() => setCreating(false)} onReload={() => undefined} onSaved={(c) => navigate(`/csr/${c.id}`)} />
    </>
  );
}
