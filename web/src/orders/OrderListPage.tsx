import { useState } from 'react';
import { Button, Checkbox, Empty, Flex, Input, Select, Table, Tag, Tooltip, type TableColumnsType } from 'antd';
import { ApartmentOutlined, PlusOutlined, QuestionCircleOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import { orderTypes } from '../../../contracts/orders.js';
import { useLocalized, useT } from '../i18n/index.js';
import { useCan } from '../identity/index.js';
import { PageHeader } from '../platform/PageHeader.js';
import { DateTime } from '../platform/DateTime.js';
import { NONE } from '../platform/format.js';
import { urlPagination, useUrlState } from '../platform/useUrlState.js';
import { CustomerSelect } from '../parties/index.js';
import { useProcedure } from '../procedures/index.js';
import { useOrderList, type TOrderSummary } from './api.js';
import { FormTag, OrderStatusTag, TypeTag } from './labels.js';
import { ExportButton } from '../spreadsheets/index.js';

const FILTERS = ['partyId', 'status', 'type', 'q', 'includeVoided'] as const;

/** 客户订单: filters in the URL; a row opens the order. */
export function OrderListPage() {
  const t = useT();
  const loc = useLocalized();
  const can = useCan();
  const navigate = useNavigate();
  const { values: f, page, pageSize, set, reset, active } = useUrlState(FILTERS);
  const [search, setSearch] = useState(f.q ?? '');
  const { data, isFetching, error } = useOrderList({ ...f, page, pageSize });
  const { data: def } = useProcedure('order');

  const columns: TableColumnsType<TOrderSummary> = [
    {
      title: t('order.fields.number'),
      dataIndex: 'number',
      width: 130,
      render: (n: string, o) => (
        <Link to={`/orders/${o.id}`} onClick={(e) => e.stopPropagation()} data-testid="order-link">
          {n}
        </Link>
      ),
    },
    {
      title: t('order.fields.party'),
      key: 'party',
      ellipsis: true,
      render: (_, o) => (
        <Link to={`/customers/${o.partyId}`} onClick={(e) => e.stopPropagation()} title={o.partyName}>
          {o.partyCode} · {o.partyName}
        </Link>
      ),
    },
    { title: t('order.fields.customerPo'), dataIndex: 'customerPo', width: 130, ellipsis: true, render: (v: string | null) => v ?? NONE },
    { title: t('order.fields.form'), dataIndex: 'form', width: 120, render: (v: TOrderSummary['form']) => <FormTag form={v} /> },
    { title: t('order.fields.type'), dataIndex: 'type', width: 100, render: (v: TOrderSummary['type']) => <TypeTag type={v} /> },
    {
      title: t('order.fields.status'),
      key: 'status',
      width: 190,
      render: (_, o) => (
        <Flex gap={4} align="center" wrap>
          {o.voided ? <Tag>{t('common.voided')}</Tag> : <OrderStatusTag status={o.status} closed={o.closed} />}
          {o.openClarifications > 0 && (
            <Tooltip title={t('order.openClarifications', { n: o.openClarifications })}>
              <QuestionCircleOutlined style={{ color: '#d48806' }} />
            </Tooltip>
          )}
        </Flex>
      ),
    },
    { title: t('order.fields.receivedAt'), dataIndex: 'receivedAt', width: 140, render: (v: string) => <DateTime value={v} /> },
    { title: t('order.fields.firstRequestedDate'), dataIndex: 'firstRequestedDate', width: 120, render: (v: string | null) => v ?? NONE },
    { title: t('order.fields.lineCount'), dataIndex: 'lineCount', width: 60, align: 'right' },
  ];

  return (
    <>
      <PageHeader
        title={t('order.listTitle')}
        extra={
          <>
            <ExportButton list="orders" filters={f} />
            <Link to="/procedures/order">
              <Button icon={<ApartmentOutlined />}>{t('order.flowchart')}</Button>
            </Link>
            {can('orders.write') && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => navigate(`/orders/new${f.partyId ? `?partyId=${f.partyId}` : ''}`)}
                data-testid="order-new"
              >
                {t('order.new')}
              </Button>
            )}
          </>
        }
      />
      <Flex gap={8} wrap style={{ marginBottom: 12 }} role="search" aria-label={t('common.filters')}>
        <Input.Search
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onSearch={(v) => set({ q: v.trim() || undefined })}
          allowClear
          placeholder={t('order.search')}
          style={{ width: 340 }}
          data-testid="order-search"
        />
        <CustomerSelect
          value={f.partyId}
          onChange={(v) => set({ partyId: v })}
          style={{ width: 240 }}
          includeVoided
          aria-label={t('order.fields.party')}
          data-testid="order-filter-customer"
        />
        <Select
          value={f.status}
          onChange={(v) => set({ status: v })}
          placeholder={t('order.statusAll')}
          allowClear
          style={{ width: 220 }}
          popupMatchSelectWidth={false}
          options={(def?.steps ?? []).map((s) => ({ value: s.id, label: loc(s.name) }))}
          aria-label={t('order.fields.status')}
          data-testid="order-filter-status"
        />
        <Select
          value={f.type}
          onChange={(v) => set({ type: v })}
          placeholder={t('order.typeAll')}
          allowClear
          style={{ width: 130 }}
          options={orderTypes.map((x) => ({ value: x, label: t(`order.types.${x}`) }))}
          aria-label={t('order.fields.type')}
        />
        <Checkbox
          checked={f.includeVoided === 'true'}
          onChange={(e) => set({ includeVoided: e.target.checked ? 'true' : undefined })}
          style={{ alignSelf: 'center' }}
        >
          {t('common.includeVoided')}
        </Checkbox>
        {active && (
          <Button
            type="link"
            onClick={() => {
              setSearch('');
              reset();
            }}
          >
            {t('common.clearFilters')}
          </Button>
        )}
      </Flex>
      <Table<TOrderSummary>
        size="small"
        rowKey="id"
        columns={columns}
        dataSource={data?.items}
        loading={isFetching}
        tableLayout="fixed"
        data-testid="order-table"
        rowClassName={(o) => (o.voided ? 'clickable-row row-voided' : 'clickable-row')}
        onRow={(o) => ({ onClick: () => navigate(`/orders/${o.id}`) })}
        locale={{
          emptyText: (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={error ? t('errors.loadFailed') : active ? t('order.emptyFiltered') : t('order.empty')}>
              {!active && can('orders.write') && (
                <Button type="primary" onClick={() => navigate('/orders/new')}>
                  {t('order.new')}
                </Button>
              )}
            </Empty>
          ),
        }}
        pagination={urlPagination({ page, pageSize, set }, data?.total ?? 0, (total) =>
          t(data?.totalCapped ? 'common.totalAtLeast' : 'common.total', { total: total.toLocaleString() }),
        )}
      />
    </>
  );
}
