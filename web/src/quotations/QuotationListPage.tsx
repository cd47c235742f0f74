import { useState } from 'react';
import { Button, Card, Checkbox, Empty, Flex, Input, Select, Statistic, Table, Tag, Tooltip, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { ApartmentOutlined, ClockCircleOutlined, ExperimentOutlined, PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import { useLocalized, useT } from '../i18n/index.js';
import { useCan } from '../identity/index.js';
import { PageHeader } from '../platform/PageHeader.js';
import { DateTime } from '../platform/DateTime.js';
import { NONE } from '../platform/format.js';
import { urlPagination, useUrlState } from '../platform/useUrlState.js';
import { CustomerSelect } from '../parties/index.js';
import { useProcedure } from '../procedures/index.js';
import { useQuotationKpis, useQuotationList, type TQuotationSummary } from './api.js';
import { money, QuotationStatusTag } from './labels.js';
import { ExportButton } from '../spreadsheets/index.js';

const FILTERS = ['partyId', 'status', 'q', 'followUpDue'] as const;

const pct = (r: number | null) => (r === null ? '—' : `${Math.round(r * 100)}%`);

/** This year's KPIs: follow-up compliance, quote-to-order conversion, time to quote. */
function KpiStrip() {
  const t = useT();
  const from = dayjs().startOf('year').format('YYYY-MM-DD');
  const to = dayjs().format('YYYY-MM-DD');
  const { data } = useQuotationKpis(from, to);
  if (!data) return null;
  return (
    <Flex gap={12} wrap style={{ marginBottom: 12 }} data-testid="quotation-kpis">
      <Card size="small" style={{ minWidth: 200 }}>
        <Statistic
          title={t('quotation.kpi.followUp')}
          value={pct(data.followUpCompliance.rate)}
          suffix={
            <span style={{ fontSize: 12 }}>
              {data.followUpCompliance.onTime} / {data.followUpCompliance.due}
            </span>
          }
        />
      </Card>
      <Card size="small" style={{ minWidth: 200 }}>
        <Statistic
          title={t('quotation.kpi.conversion')}
          value={pct(data.conversion.rate)}
          suffix={
            <span style={{ fontSize: 12 }}>
              {data.conversion.ordered} / {data.conversion.sent}
            </span>
          }
        />
      </Card>
      <Card size="small" style={{ minWidth: 200 }}>
        <Statistic
          title={t('quotation.kpi.timeToQuote')}
          value={data.timeToQuote.averageHours ?? '—'}
          suffix={<span style={{ fontSize: 12 }}>{t('quotation.kpi.hours')}</span>}
        />
      </Card>
    </Flex>
  );
}

/** 报价单: filters in the URL; status, age and the next follow-up at a glance. */
export function QuotationListPage() {
  const t = useT();
  const loc = useLocalized();
  const can = useCan();
  const navigate = useNavigate();
  const { values: f, page, pageSize, set, reset, active } = useUrlState(FILTERS);
  const [search, setSearch] = useState(f.q ?? '');
  const { data, isFetching, error } = useQuotationList({ ...f, page, pageSize });
  const { data: def } = useProcedure('quotation');
  const today = new Date().toISOString().slice(0, 10);
  const seePrices = can('prices.read');

  const columns: TableColumnsType<TQuotationSummary> = [
    {
      title: t('quotation.fields.number'),
      key: 'number',
      width: 150,
      render: (_, q) => (
        <Link to={`/quotations/${q.id}`} onClick={(e) => e.stopPropagation()} data-testid="quotation-link">
          {q.number} <Tag style={{ marginInlineStart: 2 }}>R{q.revision}</Tag>
        </Link>
      ),
    },
    {
      title: t('quotation.fields.party'),
      key: 'party',
      ellipsis: true,
      render: (_, q) => (
        <Link to={`/customers/${q.partyId}`} onClick={(e) => e.stopPropagation()} title={q.partyName}>
          {q.partyCode} · {q.partyName}
        </Link>
      ),
    },
    {
      title: t('quotation.fields.status'),
      key: 'status',
      width: 190,
      render: (_, q) => (q.voided ? <Tag>{t('common.voided')}</Tag> : <QuotationStatusTag status={q.status} />),
    },
    { title: t('quotation.fields.requestAt'), dataIndex: 'requestAt', width: 140, render: (v: string) => <DateTime value={v} /> },
    { title: t('quotation.fields.age'), dataIndex: 'ageDays', width: 80, align: 'right', render: (v: number) => t('quotation.days', { n: v }) },
    {
      title: t('quotation.fields.followUpDue'),
      dataIndex: 'followUpDue',
      width: 130,
      render: (v: string | null) =>
        v ? (
          <Tag color={v <= today ? 'error' : 'default'} icon={<ClockCircleOutlined />} data-testid="quotation-follow-up-due">
            {v}
          </Tag>
        ) : (
          NONE
        ),
    },
    { title: t('quotation.fields.validUntil'), dataIndex: 'validUntil', width: 110 },
    { title: t('quotation.fields.salesperson'), dataIndex: 'salespersonName', width: 110, ellipsis: true, render: (v: string | null) => v ?? NONE },
    ...(seePrices
      ? [
          {
            title: t('quotation.fields.total'),
            key: 'total',
            width: 130,
            align: 'right' as const,
            render: (_: unknown, q: TQuotationSummary) => money(q.totalAmount, q.currency),
          },
        ]
      : []),
  ];

  return (
    <>
      <PageHeader
        title={t('quotation.listTitle')}
        extra={
          <>
            <ExportButton list="quotations" filters={f} />
            <Link to="/procedures/quotation">
              <Button icon={<ApartmentOutlined />}>{t('quotation.flowchart')}</Button>
            </Link>
            <Link to="/quotations/price-pending">
              <Button icon={<ExperimentOutlined />} data-testid="price-pending-nav">
                {t('quotation.pending.nav')}
              </Button>
            </Link>
            {can('quotations.write') && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => navigate(`/quotations/new${f.partyId ? `?partyId=${f.partyId}` : ''}`)}
                data-testid="quotation-new"
              >
                {t('quotation.new')}
              </Button>
            )}
          </>
        }
      />
      <KpiStrip />
      <Flex gap={8} wrap style={{ marginBottom: 12 }} role="search" aria-label={t('common.filters')}>
        <Input.Search
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onSearch={(v) => set({ q: v.trim() || undefined })}
          allowClear
          placeholder={t('quotation.search')}
          style={{ width: 320 }}
          data-testid="quotation-search"
        />
        <CustomerSelect value={f.partyId} onChange={(v) => set({ partyId: v })} style={{ width: 240 }} includeVoided aria-label={t('quotation.fields.party')} />
        <Select
          value={f.status}
          onChange={(v) => set({ status: v })}
          placeholder={t('quotation.statusAll')}
          allowClear
          style={{ width: 220 }}
          popupMatchSelectWidth={false}
          options={(def?.steps ?? []).map((s) => ({ value: s.id, label: loc(s.name) }))}
          aria-label={t('quotation.fields.status')}
          data-testid="quotation-filter-status"
        />
        <Checkbox
          checked={f.followUpDue === 'true'}
          onChange={(e) => set({ followUpDue: e.target.checked ? 'true' : undefined })}
          style={{ alignSelf: 'center' }}
          data-testid="quotation-filter-follow-up"
        >
          <Tooltip title={t('quotation.followUpDueHint')}>{t('quotation.followUpDueOnly')}</Tooltip>
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
      <Table<TQuotationSummary>
        size="small"
        rowKey="id"
        columns={columns}
        dataSource={data?.items}
        loading={isFetching}
        tableLayout="fixed"
        data-testid="quotation-table"
        rowClassName="clickable-row"
        onRow={(q) => ({ onClick: () => navigate(`/quotations/${q.id}`) })}
        locale={{
          emptyText: (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={error ? t('errors.loadFailed') : active ? t('quotation.emptyFiltered') : t('quotation.empty')}
            >
              {!active && can('quotations.write') && (
                <Button type="primary" onClick={() => navigate('/quotations/new')}>
                  {t('quotation.new')}
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
