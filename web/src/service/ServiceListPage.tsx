import { useState } from 'react';
import { Button, Empty, Flex, Input, Segmented, Select, Table, Tag, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import { serviceKinds } from '../../../contracts/service.js';
import { useServiceT as useT } from './words.js';
import { useCan } from '../identity/index.js';
import { PageHeader } from '../platform/PageHeader.js';
import { DateTime } from '../platform/DateTime.js';
import { NONE } from '../platform/format.js';
import { useServiceRequests, type TServiceRequest } from './api.js';
import { ServiceRequestModal } from './ServiceDialogs.js';
import { ServiceStateTag, WarrantyTag } from './parts.js';

export function StepDue({ s }: { s: Pick<TServiceRequest, 'stepDue' | 'status'> }) {
  if (!s.stepDue || s.status !== 'open') return <>{NONE}</>;
  const late = new Date(s.stepDue).getTime() < Date.now();
  return (
    <span data-testid="service-step-due">
      <DateTime value={s.stepDue} />
      {late && (
        <Tag color="error" style={{ marginInlineStart: 6 }}>
          !
        </Tag>
      )}
    </span>
  );
}

export function useServiceColumns(withCustomer: boolean): TableColumnsType<TServiceRequest> {
  const t = useT();
  return [
    { title: t('service.fields.number'), dataIndex: 'number', width: 130, render: (n: string, s) => <Link to={`/service-requests/${s.id}`}>{n}</Link> },
    ...(withCustomer
      ? [{ title: t('service.fields.customer'), key: 'customer', width: 200, render: (_: unknown, s: TServiceRequest) => `${s.partyCode} · ${s.partyName}` }]
      : []),
    { title: t('service.fields.kind'), dataIndex: 'kind', width: 120, render: (k: string) => t(`service.kind.${k}`) },
    { title: t('service.fields.model'), dataIndex: 'model', width: 130 },
    { title: t('service.fields.serialNo'), key: 'serial', width: 130, render: (_, s) => s.serialNo ?? s.lotNo ?? NONE },
    { title: t('service.fields.receivedAt'), dataIndex: 'receivedAt', width: 150, render: (v: string) => <DateTime value={v} /> },
    { title: t('service.warranty.title'), key: 'warranty', width: 110, render: (_, s) => <WarrantyTag w={s.warranty} /> },
    { title: t('service.fields.due'), key: 'due', width: 190, render: (_, s) => <StepDue s={s} /> },
    { title: t('service.fields.status'), key: 'state', width: 150, render: (_, s) => <ServiceStateTag state={s.state} /> },
  ];
}

const filters = ['all', 'open', 'closed'] as const;

/** 售后服务 [CS 2.5–2.6]: repair, technical support, installation, return and refund requests. */
export function ServiceListPage() {
  const t = useT();
  const can = useCan();
  const navigate = useNavigate();
  const [filter, setFilter] = useState<(typeof filters)[number]>('open');
  const [kind, setKind] = useState<string | undefined>();
  const [q, setQ] = useState('');
  const [creating, setCreating] = useState(false);
  const { data, isFetching } = useServiceRequests({ ...(kind ? { kind } : {}), ...(q ? { q } : {}) });
  const items = (data?.items ?? []).filter((s) => filter === 'all' || s.status === filter);
  const columns = useServiceColumns(true);
  return (
    <>
      <PageHeader
        title={t('service.listTitle')}
        subtitle={t('service.listHint')}
        extra={
          can('service.write') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="service-new">
              {t('service.new')}
            </Button>
          )
        }
      />
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Segmented
          value={filter}
          onChange={(v) => setFilter(v as typeof filter)}
          options={filters.map((k) => ({ value: k, label: t(`service.filter.${k}`) }))}
          data-testid="service-filter"
        />
        <Select
          allowClear
          placeholder={t('service.fields.kind')}
          style={{ width: 180 }}
          value={kind}
          onChange={setKind}
          options={serviceKinds.map((k) => ({ value: k, label: t(`service.kind.${k}`) }))}
          data-testid="service-kind-filter"
        />
        <Input.Search allowClear placeholder={t('service.search')} style={{ width: 280 }} onSearch={setQ} data-testid="service-search" />
      </Flex>
      <Table<TServiceRequest>
        rowKey="id"
        size="middle"
        loading={isFetching}
        columns={columns}
        dataSource={items}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        onRow={(s) => ({ onClick: () => navigate(`/service-requests/${s.id}`), style: { cursor: 'pointer' } })}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('service.empty')} /> }}
        data-testid="service-table"
        scroll={{ x: 1200 }}
      />
      <ServiceRequestModal
        request={null}
        open={creating}
        onClose={() => setCreating(false)}
        onReload={() => undefined}
        onSaved={(s) => navigate(`/service-requests/${s.id}`)}
      />
    </>
  );
}
