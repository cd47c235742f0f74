import { useState } from 'react';
import { Badge, Button, Empty, Flex, Segmented, Table, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import { useT } from '../i18n/index.js';
import { useCan } from '../identity/index.js';
import { PageHeader } from '../platform/PageHeader.js';
import { useVisits, type TVisitSummary } from './api.js';
import { StepTag, VisitKindTag } from './labels.js';
import { VisitPlanModal } from './VisitDialogs.js';

/** 客户访问与审核: customer visits and audits, and our visits to customers. */
export function VisitListPage() {
  const t = useT();
  const can = useCan();
  const navigate = useNavigate();
  const [filter, setFilter] = useState<'open' | 'closed' | 'all'>('open');
  const [planning, setPlanning] = useState(false);
  const { data, isFetching } = useVisits(filter === 'all' ? {} : { open: filter === 'open' ? 'true' : 'false' });
  const columns: TableColumnsType<TVisitSummary> = [
    { title: t('visit.fields.number'), dataIndex: 'number', width: 130, render: (n: string, v) => <Link to={`/visits/${v.id}`}>{n}</Link> },
    { title: t('visit.fields.directionLabel'), key: 'kind', width: 190, render: (_, v) => <VisitKindTag direction={v.direction} kind={v.kind} /> },
    { title: t('visit.fields.customer'), key: 'customer', render: (_, v) => `${v.partyCode} · ${v.partyName}` },
    { title: t('visit.fields.dates'), key: 'dates', width: 200, render: (_, v) => (v.startDate === v.endDate ? v.startDate : `${v.startDate} – ${v.endDate}`) },
    { title: t('visit.fields.purpose'), dataIndex: 'purpose', ellipsis: true },
    {
      title: t('visit.fields.status'),
      key: 'state',
      width: 190,
      render: (_, v) => <StepTag procedureId="customer-visit" state={v.state} status={v.status} testId="visit-status" />,
    },
    {
      title: t('visit.fields.openFindings'),
      dataIndex: 'openFindings',
      width: 110,
      render: (n: number) => (n ? <Badge count={n} /> : <Typography.Text type="secondary">0</Typography.Text>),
    },
  ];
  return (
    <>
      <PageHeader
        title={t('visit.listTitle')}
        subtitle={t('visit.listHint')}
        extra={
          can('visits.write') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setPlanning(true)} data-testid="visit-new">
              {t('visit.new')}
            </Button>
          )
        }
      />
      <Flex style={{ marginBottom: 12 }}>
        <Segmented
          value={filter}
          onChange={(v) => setFilter(v as typeof filter)}
          options={(['open', 'closed', 'all'] as const).map((k) => ({ value: k, label: t(`visit.filter.${k}`) }))}
          data-testid="visit-filter"
        />
      </Flex>
      <Table<TVisitSummary>
        rowKey="id"
        size="middle"
        loading={isFetching}
        columns={columns}
        dataSource={data?.items ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        onRow={(v) => ({ onClick: () => navigate(`/visits/${v.id}`), style: { cursor: 'pointer' } })}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('visit.empty')} /> }}
        data-testid="visit-table"
        scroll={{ x: 900 }}
      />
      <VisitPlanModal
        visit={null}
        open={planning}
        onClose={() => setPlanning(false)}
        onReload={() => undefined}
        onCreated={(v) => navigate(`/visits/${v.id}`)}
      />
    </>
  );
}
