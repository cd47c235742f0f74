import { useState } from 'react';
import { Button, Checkbox, Empty, Flex, Input, Select, Table, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import { propertyConditions, propertyKinds } from '../../../contracts/registers.js';
import { useRegistersT as useT } from './words.js';
import { useCan } from '../identity/index.js';
import { PageHeader } from '../platform/PageHeader.js';
import { useProperties, type TPropertySummary } from './api.js';
import { ConditionTag, DueDate, KindTag } from './labels.js';
import { PropertyModal } from './PropertyDialogs.js';

export function usePropertyColumns(withCustomer: boolean): TableColumnsType<TPropertySummary> {
  const t = useT();
  return [
    {
      title: t('registers.property.fields.number'),
      dataIndex: 'number',
      width: 110,
      render: (n: string, p) => <Link to={`/customer-property/${p.id}`}>{n}</Link>,
    },
    { title: t('registers.property.fields.kind'), dataIndex: 'kind', width: 130, render: (k: TPropertySummary['kind']) => <KindTag kind={k} /> },
    ...(withCustomer
      ? [
          {
            title: t('registers.property.fields.customer'),
            key: 'customer',
            width: 200,
            render: (_: unknown, p: TPropertySummary) => `${p.partyCode} · ${p.partyName}`,
          },
        ]
      : []),
    { title: t('registers.property.fields.description'), dataIndex: 'description', ellipsis: true },
    { title: t('registers.property.fields.location'), dataIndex: 'location', width: 150, ellipsis: true },
    {
      title: t('registers.property.fields.condition'),
      dataIndex: 'condition',
      width: 100,
      render: (c: TPropertySummary['condition']) => <ConditionTag condition={c} />,
    },
    {
      title: t('registers.property.fields.nextVerificationDue'),
      key: 'due',
      width: 190,
      render: (_, p) => <DueDate date={p.nextVerificationDue} overdue={p.verificationOverdue} />,
    },
  ];
}

/** 顾客财产清单 [IATF 8.5.3]: filters by kind, condition, overdue verification and text. */
export function PropertyListPage() {
  const t = useT();
  const can = useCan();
  const navigate = useNavigate();
  const [kind, setKind] = useState<string | undefined>();
  const [condition, setCondition] = useState<string | undefined>();
  const [overdue, setOverdue] = useState(false);
  const [q, setQ] = useState('');
  const [creating, setCreating] = useState(false);
  const { data, isFetching } = useProperties({
    ...(kind ? { kind } : {}),
    ...(condition ? { condition } : {}),
    ...(overdue ? { overdue: 'true' } : {}),
    ...(q ? { q } : {}),
  });
  const columns = usePropertyColumns(true);
  return (
    <>
      <PageHeader
        title={t('registers.property.listTitle')}
        subtitle={t('registers.property.listHint')}
        extra={
          can('registers.write') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="property-new">
              {t('registers.property.new')}
            </Button>
          )
        }
      />
      <Flex gap={8} wrap style={{ marginBottom: 12 }} align="center">
        <Input.Search allowClear placeholder={t('registers.property.search')} style={{ width: 260 }} onSearch={setQ} data-testid="property-search" />
        <Select
          allowClear
          placeholder={t('registers.property.allKinds')}
          style={{ width: 150 }}
          value={kind}
          onChange={setKind}
          options={propertyKinds.map((k) => ({ value: k, label: t(`registers.property.kind.${k}`) }))}
          data-testid="property-filter-kind"
        />
        <Select
          allowClear
          placeholder={t('registers.property.allConditions')}
          style={{ width: 150 }}
          value={condition}
          onChange={setCondition}
          options={propertyConditions.map((k) => ({ value: k, label: t(`registers.property.condition.${k}`) }))}
          data-testid="property-filter-condition"
        />
        <Checkbox checked={overdue} onChange={(e) => setOverdue(e.target.checked)} data-testid="property-filter-overdue">
          {t('registers.property.overdueOnly')}
        </Checkbox>
      </Flex>
      <Table<TPropertySummary>
        rowKey="id"
        size="middle"
        loading={isFetching}
        columns={columns}
        dataSource={data?.items ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        onRow={(p) => ({ onClick: () => navigate(`/customer-property/${p.id}`), style: { cursor: 'pointer' } })}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('registers.property.empty')} /> }}
        data-testid="property-table"
        scroll={{ x: 1000 }}
      />
      <PropertyModal
        item={null}
        open={creating}
        onClose={() => setCreating(false)}
        onReload={() => undefined}
        onSaved={(p) => navigate(`/customer-property/${p.id}`)}
      />
    </>
  );
}
