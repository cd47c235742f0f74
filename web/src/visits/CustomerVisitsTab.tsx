import { useState } from 'react';
import { Badge, Button, Empty, Flex, Table, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import { useT } from '../i18n/index.js';
import { useCan } from '../identity/index.js';
import { useVisits, type TVisitSummary } from './api.js';
import { StepTag, VisitKindTag } from './labels.js';
import { VisitPlanModal } from './VisitDialogs.js';

/** A customer's visits and audits (both ways), on the customer's page. */
export function CustomerVisitsTab({ customerId }: { customerId: string }) {
  const t = useT();
  const can = useCan();
  const navigate = useNavigate();
  const [planning, setPlanning] = useState(false);
  const { data, isLoading } = useVisits({ partyId: customerId });
  return (
    <div data-testid="customer-visits">
      {can('visits.write') && (
        <Flex justify="end" style={{ marginBottom: 8 }}>
          <Button icon={<PlusOutlined />} onClick={() => setPlanning(true)} data-testid="customer-visit-new">
            {t('visit.new')}
          </Button>
        </Flex>
      )}
      <Table<TVisitSummary>
        rowKey="id"
        size="small"
        loading={isLoading}
        pagination={false}
        dataSource={data?.items ?? []}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('visit.empty')} /> }}
        columns={[
          { title: t('visit.fields.number'), dataIndex: 'number', width: 130, render: (n: string, v) => <Link to={`/visits/${v.id}`}>{n}</Link> },
          { title: t('visit.fields.directionLabel'), key: 'k', width: 190, render: (_, v) => <VisitKindTag direction={v.direction} kind={v.kind} /> },
          {
            title: t('visit.fields.dates'),
            key: 'd',
            width: 200,
            render: (_, v) => (v.startDate === v.endDate ? v.startDate : `${v.startDate} – ${v.endDate}`),
          },
          { title: t('visit.fields.purpose'), dataIndex: 'purpose', ellipsis: true },
          {
            title: t('visit.fields.status'),
            key: 's',
            width: 190,
            render: (_, v) => <StepTag procedureId="customer-visit" state={v.state} status={v.status} testId="visit-status" />,
          },
          {
            title: t('visit.fields.openFindings'),
            dataIndex: 'openFindings',
            width: 110,
            render: (n: number) => (n ? <Badge count={n} /> : <Typography.Text type="secondary">0</Typography.Text>),
          },
        ]}
      />
      <VisitPlanModal
        visit={null}
        partyId={customerId}
        open={planning}
        onClose={() => setPlanning(false)}
        onReload={() => undefined}
        onCreated={(v) => navigate(`/visits/${v.id}`)}
      />
    </div>
  );
}
