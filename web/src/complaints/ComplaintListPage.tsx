import './words.js';
import { useState } from 'react';
import { Button, Card, Checkbox, Empty, Flex, Input, Select, Statistic, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { ApartmentOutlined, FieldTimeOutlined, PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import { severities } from '../../../contracts/complaints.js';
import { useLocalized, useT } from '../i18n/index.js';
import { useCan } from '../identity/index.js';
import { PageHeader } from '../platform/PageHeader.js';
import { DateTime } from '../platform/DateTime.js';
import { NONE } from '../platform/format.js';
import { urlPagination, useUrlState } from '../platform/useUrlState.js';
import { CustomerSelect } from '../parties/index.js';
import { useProcedure, fmtDue } from '../procedures/index.js';
import { useComplaintKpi, useComplaintList, type TComplaintSummary } from './api.js';
import { ComplaintStatusTag, SeverityTag } from './labels.js';
import { TimingTemplateDrawer } from './TimingTemplateDrawer.js';
import { ExportButton } from '../spreadsheets/index.js';

const FILTERS = ['partyId', 'status', 'severity', 'q', 'open', 'overdue'] as const;

/** The timeliness KPI [CM 5.1] with its definition one hover away. */
function KpiCard() {
  const t = useT();
  const loc = useLocalized();
  const { data } = useComplaintKpi();
  const { data: def } = useProcedure('complaint');
  if (!data) return null;
  return (
    <Card size="small" style={{ marginBottom: 12 }} data-testid="complaint-kpi">
      <Flex gap={32} wrap align="center">
        <Tooltip title={loc(data.definition)}>
          <Statistic title={<span>{t('complaint.kpi.title')} ⓘ</span>} value={data.rate === null ? NONE : `${Math.round(data.rate * 1000) / 10}%`} />
        </Tooltip>
        <Statistic title={t('complaint.kpi.total')} value={data.total} />
        <Statistic title={t('complaint.kpi.onTime')} value={data.handledOnTime} />
        <Statistic title={t('complaint.kpi.ack')} value={data.acknowledgedOnTime} />
        <Typography.Text type="secondary" style={{ flex: 1, minWidth: 260, fontSize: 12 }}>
          {t('complaint.kpi.definition')}: {loc(data.definition)}
        </Typography.Text>
      </Flex>
      {data.steps.some((s) => s.late > 0) && (
        <Flex gap={6} wrap style={{ marginTop: 8 }} data-testid="complaint-kpi-late-steps">
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('complaint.kpi.lateSteps')}:
          </Typography.Text>
          {data.steps
            .filter((s) => s.late > 0)
            .map((s) => (
              <Tag key={s.stepId} color="error">
                {loc(def?.steps.find((x) => x.id === s.stepId)?.name) || s.stepId} {s.late}/{s.visits}
              </Tag>
            ))}
        </Flex>
      )}
    </Card>
  );
}

/** 客户投诉: status, severity, age, overdue; filters in the URL; a row opens the complaint. */
export function ComplaintListPage() {
  const t = useT();
  const loc = useLocalized();
  const can = useCan();
  const navigate = useNavigate();
  const { values: f, page, pageSize, set, reset, active } = useUrlState(FILTERS);
  const [search, setSearch] = useState(f.q ?? '');
  const [timing, setTiming] = useState(false);
  const { data, isFetching, error } = useComplaintList({ ...f, page, pageSize });
  const { data: def } = useProcedure('complaint');

  const columns: TableColumnsType<TComplaintSummary> = [
    {
      title: t('complaint.fields.number'),
      dataIndex: 'number',
      width: 130,
      render: (n: string, c) => (
        <Link to={`/complaints/${c.id}`} onClick={(e) => e.stopPropagation()} data-testid="complaint-link">
          {n}
        </Link>
      ),
    },
    { title: t('complaint.fields.party'), key: 'party', ellipsis: true, render: (_, c) => `${c.partyCode} · ${c.partyName}` },
    { title: t('complaint.fields.model'), key: 'model', width: 150, ellipsis: true, render: (_, c) => (c.lot ? `${c.model} / ${c.lot}` : c.model) },
    { title: t('complaint.fields.kind'), dataIndex: 'kind', width: 90, render: (v: TComplaintSummary['kind']) => t(`complaint.kinds.${v}`) },
    {
      title: t('complaint.fields.severity'),
      dataIndex: 'severity',
      width: 80,
      render: (v: TComplaintSummary['severity']) => (v ? <SeverityTag severity={v} /> : NONE),
    },
    { title: t('complaint.fields.status'), key: 'status', width: 210, render: (_, c) => <ComplaintStatusTag status={c.status} closed={c.closed} /> },
    { title: t('complaint.fields.receivedAt'), dataIndex: 'receivedAt', width: 140, render: (v: string) => <DateTime value={v} /> },
    { title: t('complaint.fields.age'), dataIndex: 'ageDays', width: 60, align: 'right' },
    {
      title: t('complaint.fields.due'),
      key: 'due',
      width: 190,
      render: (_, c) =>
        c.dueAt ? (
          <Flex gap={4} align="center">
            <Typography.Text type={c.overdue ? 'danger' : undefined} style={{ fontSize: 12 }}>
              {fmtDue(c.dueAt)}
            </Typography.Text>
            {c.overdue && (
              <Tag color="error" data-testid="complaint-overdue">
                {t('complaint.overdue')}
              </Tag>
            )}
          </Flex>
        ) : (
          NONE
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('complaint.listTitle')}
        subtitle={t('complaint.listHint')}
        extra={
          <>
            <ExportButton list="complaints" filters={f} />
            <Link to="/procedures/complaint">
              <Button icon={<ApartmentOutlined />}>{t('complaint.flowchart')}</Button>
            </Link>
            {can('customers.write') && (
              <Button icon={<FieldTimeOutlined />} onClick={() => setTiming(true)} data-testid="timing-open">
                {t('complaint.timing.open')}
              </Button>
            )}
            {can('complaints.write') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/complaints/new')} data-testid="complaint-new">
                {t('complaint.new')}
              </Button>
            )}
          </>
        }
      />
      <KpiCard />
      <Flex gap={8} wrap style={{ marginBottom: 12 }} role="search" aria-label={t('common.filters')}>
        <Input.Search
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onSearch={(v) => set({ q: v.trim() || undefined })}
          allowClear
          placeholder={t('complaint.search')}
          style={{ width: 300 }}
          data-testid="complaint-search"
        />
        <CustomerSelect value={f.partyId} onChange={(v) => set({ partyId: v })} style={{ width: 220 }} includeVoided aria-label={t('complaint.fields.party')} />
        <Select
          value={f.status}
          onChange={(v) => set({ status: v })}
          placeholder={t('complaint.fields.status')}
          allowClear
          style={{ width: 200 }}
          popupMatchSelectWidth={false}
          options={(def?.steps ?? []).map((s) => ({ value: s.id, label: loc(s.name) }))}
        />
        <Select
          value={f.severity}
          onChange={(v) => set({ severity: v })}
          placeholder={t('complaint.fields.severity')}
          allowClear
          style={{ width: 110 }}
          options={severities.map((s) => ({ value: s, label: t(`complaint.severities.${s}`) }))}
        />
        <Checkbox checked={f.open === 'true'} onChange={(e) => set({ open: e.target.checked ? 'true' : undefined })} style={{ alignSelf: 'center' }}>
          {t('complaint.openOnly')}
        </Checkbox>
        <Checkbox
          checked={f.overdue === 'true'}
          onChange={(e) => set({ overdue: e.target.checked ? 'true' : undefined })}
          style={{ alignSelf: 'center' }}
          data-testid="complaint-filter-overdue"
        >
          {t('complaint.overdueOnly')}
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
      <Table<TComplaintSummary>
        size="small"
        rowKey="id"
        columns={columns}
        dataSource={data?.items}
        loading={isFetching}
        tableLayout="fixed"
        data-testid="complaint-table"
        rowClassName="clickable-row"
        onRow={(c) => ({ onClick: () => navigate(`/complaints/${c.id}`) })}
        locale={{
          emptyText: (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={error ? t('errors.loadFailed') : t('complaint.empty')}>
              {!active && can('complaints.write') && (
                <Button type="primary" onClick={() => navigate('/complaints/new')}>
                  {t('complaint.new')}
                </Button>
              )}
            </Empty>
          ),
        }}
        pagination={urlPagination({ page, pageSize, set }, data?.total ?? 0, (total) =>
          t(data?.totalCapped ? 'common.totalAtLeast' : 'common.total', { total: total.toLocaleString() }),
        )}
      />
      <TimingTemplateDrawer open={timing} onClose={() => setTiming(false)} />
    </>
  );
}
