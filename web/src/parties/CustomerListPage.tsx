import { lazy, Suspense, useState } from 'react';
import { Button, Checkbox, Empty, Flex, Input, Select, Tag, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
// the values without zod: the list's first load stays free of the contracts' validation
import { customerGrades, customerStatuses } from '../../../contracts/party-values.js';
import { useT } from '../i18n/index.js';
import { useCan } from '../identity/index.js';
import { PageHeader, secondaryStyle } from '../platform/PageHeader.js';
import { LiteTable } from '../platform/LiteTable.js';
import { DateTime } from '../platform/DateTime.js';
import { UserSelect } from '../platform/UserSelect.js';
import { urlPagination, useUrlState } from '../platform/useUrlState.js';
import { NONE } from '../platform/format.js';
import { useCustomerList, type TCustomerSummary } from './api.js';
import { AcceptedTag, DueTag, GradeTag, StatusTag, VoidedTag } from './labels.js';
import { ExportButton } from '../spreadsheets/index.js';
import { useFeatureT } from '../i18n/feature.js';
import { segmentWords } from './segment-words.js';

// the "recompute segments" work (its mutation, the problem handler and zod) comes only when the button is pressed
const RefreshSegmentsRun = lazy(() => import('./SegmentPanel.js').then((m) => ({ default: m.RefreshSegmentsRun })));

function RefreshSegmentsButton() {
  const w = useFeatureT(segmentWords);
  const [running, setRunning] = useState(false);
  return (
    <>
      <Button loading={running} onClick={() => setRunning(true)} data-testid="segments-refresh">
        {w('refresh')}
      </Button>
      {running && (
        <Suspense fallback={null}>
          <RefreshSegmentsRun onDone={() => setRunning(false)} />
        </Suspense>
      )}
    </>
  );
}
const abcColor = { A: 'gold', B: 'blue', C: 'default' } as const;

const FILTERS = ['q', 'status', 'grade', 'segment', 'highValue', 'ownerId', 'contactDue', 'includeVoided', 'sort'] as const;
type Sort = 'code' | 'name' | 'lastContact';

export function CustomerListPage() {
  const t = useT();
  const w = useFeatureT(segmentWords);
  const can = useCan();
  const navigate = useNavigate();
  const { values: f, page, pageSize, set, reset, active } = useUrlState(FILTERS);
  const sort = (f.sort as Sort | undefined) ?? 'code';
  const { data, isFetching, error } = useCustomerList({ ...f, sort, page, pageSize });

  // the server sorts code and name A→Z, last contact newest first
  const sortOrder = (key: Sort) => (sort === key ? (key === 'lastContact' ? ('descend' as const) : ('ascend' as const)) : null);
  const columns: TableColumnsType<TCustomerSummary> = [
    {
      title: t('customer.fields.code'),
      dataIndex: 'code',
      width: 120,
      sorter: true,
      sortOrder: sortOrder('code'),
      sortDirections: ['ascend'],
      render: (code: string, c) => (
        <Link to={`/customers/${c.id}`} onClick={(e) => e.stopPropagation()}>
          {code}
        </Link>
      ),
    },
    {
      title: t('customer.fields.name'),
      key: 'name',
      sorter: true,
      sortOrder: sortOrder('name'),
      sortDirections: ['ascend'],
      render: (_, c) => (
        <Flex vertical>
          <span>
            {c.nameZh} {c.voided && <VoidedTag />}
          </span>
          {c.nameEn && <span style={{ ...secondaryStyle, fontSize: 12 }}>{c.nameEn}</span>}
        </Flex>
      ),
    },
    { title: t('customer.fields.grade'), dataIndex: 'grade', width: 70, align: 'center', render: (g: string | null) => <GradeTag grade={g} /> },
    {
      title: w('column'),
      dataIndex: 'abcClass',
      width: 70,
      align: 'center',
      render: (abc: TCustomerSummary['abcClass'], c) => (
        <Flex gap={4} justify="center" align="center">
          {abc ? (
            <Tag color={abcColor[abc]} style={{ marginInlineEnd: 0 }}>
              {abc}
            </Tag>
          ) : (
            NONE
          )}
          {c.highValue && (
            <span title={w('highValue')} aria-label={w('highValue')} role="img" style={{ color: '#faad14' }}>
              ★
            </span>
          )}
        </Flex>
      ),
    },
    { title: t('customer.fields.status'), dataIndex: 'status', width: 90, render: (s: TCustomerSummary['status']) => <StatusTag status={s} /> },
    { title: t('customer.fields.owner'), dataIndex: 'ownerName', width: 140, ellipsis: true, render: (n: string | null) => n ?? NONE },
    {
      title: t('customer.fields.lastContact'),
      dataIndex: 'lastContactAt',
      width: 150,
      sorter: true,
      sortOrder: sortOrder('lastContact'),
      sortDirections: ['descend'],
      render: (at: string | null, c) => (
        <Flex gap={6} align="center">
          <DateTime value={at} relative />
          {c.contactDue && !c.voided && <DueTag />}
        </Flex>
      ),
    },
    { title: t('customer.fields.acceptedByGm'), dataIndex: 'acceptedByGm', width: 110, render: (a: boolean) => <AcceptedTag accepted={a} /> },
  ];

  return (
    <>
      <PageHeader
        title={t('customer.listTitle')}
        extra={
          <>
            <ExportButton list="customers" filters={{ ...f, sort }} />
            <ExportButton list="contacts" filters={{ ...f, sort }} label="contacts" />
            {can('customers.write') && <RefreshSegmentsButton />}
            {can('customers.write') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/customers/new')} data-testid="customer-new">
                {t('customer.new')}
              </Button>
            )}
          </>
        }
      />
      <Flex gap={8} wrap style={{ marginBottom: 12 }} role="search" aria-label={t('common.filters')}>
        <Input.Search
          key={`q-${f.q ?? ''}`}
          defaultValue={f.q}
          placeholder={t('customer.searchPlaceholder')}
          allowClear
          onSearch={(q) => set({ q: q.trim() })}
          style={{ width: 260 }}
          data-testid="customer-search"
        />
        <Select
          value={f.status}
          onChange={(v) => set({ status: v })}
          placeholder={t('customer.fields.status')}
          allowClear
          style={{ width: 120 }}
          options={customerStatuses.map((s) => ({ value: s, label: t(`enums.status.${s}`) }))}
          aria-label={t('customer.fields.status')}
        />
        <Select
          value={f.grade}
          onChange={(v) => set({ grade: v })}
          placeholder={t('customer.fields.grade')}
          allowClear
          style={{ width: 100 }}
          options={customerGrades.map((g) => ({ value: g, label: g }))}
          aria-label={t('customer.fields.grade')}
        />
        <Select
          value={f.segment}
          onChange={(v) => set({ segment: v })}
          placeholder={w('filter')}
          allowClear
          style={{ width: 110 }}
          options={[...(['A', 'B', 'C'] as const).map((g) => ({ value: g, label: g })), { value: 'none', label: w('none') }]}
          aria-label={w('filter')}
          data-testid="customer-segment-filter"
        />
        <Checkbox
          checked={f.highValue === 'true'}
          onChange={(e) => set({ highValue: e.target.checked ? 'true' : undefined })}
          style={{ alignSelf: 'center' }}
          data-testid="customer-high-value-filter"
        >
          {w('filterHighValue')}
        </Checkbox>
        <UserSelect
          value={f.ownerId}
          onChange={(v) => set({ ownerId: v })}
          placeholder={t('customer.fields.owner')}
          style={{ width: 140 }}
          aria-label={t('customer.fields.owner')}
        />
        <Checkbox
          checked={f.contactDue === 'true'}
          onChange={(e) => set({ contactDue: e.target.checked ? 'true' : undefined })}
          style={{ alignSelf: 'center' }}
        >
          {t('customer.filterDue')}
        </Checkbox>
        <Checkbox
          checked={f.includeVoided === 'true'}
          onChange={(e) => set({ includeVoided: e.target.checked ? 'true' : undefined })}
          style={{ alignSelf: 'center' }}
        >
          {t('common.includeVoided')}
        </Checkbox>
        {active && (
          <Button type="link" onClick={reset}>
            {t('common.clearFilters')}
          </Button>
        )}
      </Flex>
      <LiteTable<TCustomerSummary>
        size="small"
        rowKey="id"
        columns={columns}
        dataSource={data?.items}
        loading={isFetching}
        data-testid="customer-table"
        rowClassName={(c) => (c.voided ? 'clickable-row row-voided' : 'clickable-row')}
        onRow={(c) => ({ onClick: () => navigate(`/customers/${c.id}`) })}
        onChange={(_p, _f, sorter) => {
          const s = Array.isArray(sorter) ? sorter[0] : sorter;
          const key = s?.columnKey ?? s?.field;
          const map: Record<string, Sort> = { code: 'code', name: 'name', lastContactAt: 'lastContact' };
          const next = typeof key === 'string' ? map[key] : undefined;
          if (next && next !== sort) set({ sort: next === 'code' ? undefined : next });
        }}
        locale={{
          emptyText: (
            <Empty
              description={error ? t('errors.loadFailed') : active ? t('customer.emptyFiltered') : t('customer.empty')}
              image={Empty.PRESENTED_IMAGE_SIMPLE}
            >
              {!active && can('customers.write') && (
                <Button type="primary" onClick={() => navigate('/customers/new')}>
                  {t('customer.new')}
                </Button>
              )}
            </Empty>
          ),
        }}
        pagination={urlPagination({ page, pageSize, set }, data?.total ?? 0, (total) => t('common.total', { total }))}
      />
    </>
  );
}
