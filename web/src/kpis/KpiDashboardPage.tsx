import { useMemo, useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  Card,
  Drawer,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Skeleton,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  Tooltip,
  Typography,
  type ButtonProps,
} from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { Link, useSearchParams } from 'react-router';
import type { EChartsCoreOption } from 'echarts/core';
import { customerGrades } from '../../../contracts/party-values.js';
import { kpiEventTypes } from '../../../contracts/kpis.js';
import { isApiError } from '../api/client.js';
import { useLocalized, useT } from '../i18n/index.js';
import { useCan, useDepartmentName, useDepartments } from '../identity/index.js';
import { PageHeader } from '../platform/PageHeader.js';
import { useProblemHandler } from '../platform/problem.js';
import { CustomerSelect } from '../parties/index.js';
import { AttachmentUpload } from '../communications/index.js';
import { EChart } from '../surveys/index.js';
import { lastMonths, useCreateEvent, useKpiDefinitions, useKpiEvents, useKpiRecords, useKpis, useSetTarget, useVoidEvent, type TKpiValue } from './api.js';
import { fmtValue, StatusLight } from './labels.js';
import { AuditPackButton } from './AuditPackButton.js';
import { useFeatureT } from '../i18n/feature.js';
import { kpiZh } from './i18n.zh-CN.js';
import { kpiEn } from './i18n.en-US.js';

const kpiWords = { 'zh-CN': kpiZh, 'en-US': kpiEn };
const useKpiT = () => useFeatureT(kpiWords);

const STATUS_COLOR = { green: '#389e0d', amber: '#d48806', red: '#cf1322', none: '#8c8c8c' } as const;

/** The KPI dashboard [IATF 9.1.2.1, ISO 9.1.3]: every KPI by month against target, trend, drill-down to the records. */
export function KpiDashboardPage() {
  const kw = useKpiT();
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const def = lastMonths(12);
  const q = {
    from: params.get('from') ?? def.from,
    to: params.get('to') ?? def.to,
    ...(params.get('partyId') ? { partyId: params.get('partyId')! } : {}),
    ...(params.get('grade') ? { grade: params.get('grade')! } : {}),
    ...(params.get('department') ? { department: params.get('department')! } : {}),
  };
  // from the address bar as it is now: two changes before a re-render must not undo each other
  const set = (k: string, v: string | null | undefined) => {
    const next = new URLSearchParams(window.location.search);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  const tab = params.get('tab') ?? 'dashboard';
  return (
    <>
      <PageHeader
        title={kw('title')}
        subtitle={kw('hint')}
        extra={
          <Space wrap>
            <Link to={`/kpis/report?from=${q.from}&to=${q.to}`} target="_blank" data-testid="kpis-report-link">
              <Button icon={<PrinterOutlined />}>{kw('report.open')}</Button>
            </Link>
            {/* the dashboard's customer and period, or a customer chosen in the dialog */}
            <AuditPackButton key={`${q.partyId ?? ''}|${q.from}|${q.to}`} customerId={q.partyId} period={{ from: q.from, to: q.to }} />
          </Space>
        }
      />
      <Tabs
        activeKey={tab}
        onChange={(k) => set('tab', k === 'dashboard' ? null : k)}
        items={[
          {
            key: 'dashboard',
            label: <span data-testid="kpis-tab-dashboard">{kw('tabs.dashboard')}</span>,
            children: <Dashboard q={q} set={set} selected={params.get('kpi')} />,
          },
          ...(can('kpis.manage') ? [{ key: 'events', label: <span data-testid="kpis-tab-events">{kw('tabs.events')}</span>, children: <EventsTab /> }] : []),
          { key: 'definitions', label: <span data-testid="kpis-tab-definitions">{kw('tabs.definitions')}</span>, children: <DefinitionsTab /> },
        ]}
      />
    </>
  );
}

type Q = { from: string; to: string; partyId?: string; grade?: string; department?: string };

function Filters({ q, set }: { q: Q; set(k: string, v: string | null | undefined): void }) {
  const kw = useKpiT();
  const loc = useLocalized();
  const { data: depts } = useDepartments();
  return (
    <Flex gap={12} wrap style={{ marginBottom: 12 }} data-testid="kpis-filters">
      <Space>
        {kw('from')}
        <Input type="month" value={q.from} onChange={(e) => e.target.value && set('from', e.target.value)} style={{ width: 150 }} data-testid="kpis-from" />
      </Space>
      <Space>
        {kw('to')}
        <Input type="month" value={q.to} onChange={(e) => e.target.value && set('to', e.target.value)} style={{ width: 150 }} data-testid="kpis-to" />
      </Space>
      <CustomerSelect
        value={q.partyId}
        onChange={(v) => set('partyId', v)}
        allowClear
        placeholder={kw('allCustomers')}
        style={{ width: 240 }}
        data-testid="kpis-customer"
      />
      <Select
        value={q.grade}
        onChange={(v) => set('grade', v)}
        allowClear
        placeholder={kw('allGrades')}
        style={{ width: 130 }}
        options={customerGrades.map((g) => ({ value: g, label: g }))}
        data-testid="kpis-grade"
      />
      <Select
        value={q.department}
        onChange={(v) => set('department', v)}
        allowClear
        placeholder={kw('allDepartments')}
        style={{ width: 200 }}
        options={(depts?.items ?? []).map((d) => ({ value: d.code, label: loc(d.name) }))}
        data-testid="kpis-department"
      />
    </Flex>
  );
}

function Dashboard({ q, set, selected }: { q: Q; set(k: string, v: string | null | undefined): void; selected: string | null }) {
  const t = useT();
  const kw = useKpiT();
  const loc = useLocalized();
  const deptName = useDepartmentName();
  const { data, error, isLoading } = useKpis(q);
  const [drill, setDrill] = useState<{ id: string; month?: string } | null>(null);
  const items = data?.items ?? [];
  const current = items.find((i) => i.id === selected) ?? items[0];
  const months = data?.items[0]?.months.map((m) => m.month) ?? [];
  const columns = [
    {
      key: 'kpi',
      title: kw('columns.kpi'),
      fixed: 'left' as const,
      width: 260,
      render: (_: unknown, v: TKpiValue) => (
        <Space direction="vertical" size={0}>
          <a onClick={() => set('kpi', v.id)} data-testid={`kpis-select-${v.id}`}>
            {loc(v.name)}
          </a>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {v.documentNo} · {deptName(v.owner.department)}
          </Typography.Text>
        </Space>
      ),
    },
    {
      key: 'status',
      title: kw('columns.status'),
      width: 90,
      render: (_: unknown, v: TKpiValue) => <StatusLight status={v.total.status} testId={`kpis-status-${v.id}`} />,
    },
    {
      key: 'value',
      title: kw('columns.value'),
      width: 120,
      render: (_: unknown, v: TKpiValue) =>
        v.hidden ? (
          <Typography.Text type="secondary">{kw('hidden')}</Typography.Text>
        ) : (
          <a onClick={() => setDrill({ id: v.id })} data-testid={`kpis-value-${v.id}`} style={{ color: STATUS_COLOR[v.total.status], fontWeight: 600 }}>
            {fmtValue(v.total.value, v.unit)}
          </a>
        ),
    },
    {
      key: 'target',
      title: kw('columns.target'),
      width: 110,
      render: (_: unknown, v: TKpiValue) => (
        <Tooltip title={`${kw(`direction.${v.direction}` as never)} · ${kw('columns.warning')} ${fmtValue(v.warning, v.unit)}`}>
          <span data-testid={`kpis-target-${v.id}`}>{fmtValue(v.target, v.unit)}</span>
          {v.targetOverridden && <Tag style={{ marginInlineStart: 4 }}>{kw('overridden')}</Tag>}
        </Tooltip>
      ),
    },
    ...months.map((m, i) => ({
      key: m,
      title: m.slice(2),
      width: 78,
      render: (_: unknown, v: TKpiValue) => {
        const p = v.months[i]!;
        if (v.hidden || p.value === null) return <Typography.Text type="secondary">—</Typography.Text>;
        return (
          <a onClick={() => setDrill({ id: v.id, month: m })} style={{ color: STATUS_COLOR[p.status] }} data-testid={`kpis-cell-${v.id}-${m}`}>
            {fmtValue(p.value, v.unit, true)}
          </a>
        );
      },
    })),
  ];
  return (
    <>
      <Filters q={q} set={set} />
      {error && <Alert type="error" showIcon title={isApiError(error) ? error.problem.detail : t('errors.loadFailed')} />}
      {isLoading ? (
        <Skeleton active />
      ) : (
        <>
          <Table<TKpiValue>
            size="small"
            rowKey="id"
            columns={columns}
            dataSource={items}
            pagination={false}
            scroll={{ x: 620 + months.length * 78 }}
            data-testid="kpis-table"
          />
          {current && <Trend v={current} />}
        </>
      )}
      <DrillDown q={q} drill={drill} onClose={() => setDrill(null)} kpi={items.find((i) => i.id === drill?.id)} />
    </>
  );
}

function Trend({ v }: { v: TKpiValue }) {
  const kw = useKpiT();
  const loc = useLocalized();
  const option = useMemo<EChartsCoreOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 48, right: 24, top: 32, bottom: 32 },
      xAxis: { type: 'category', data: v.months.map((m) => m.month) },
      yAxis: { type: 'value' },
      series: [
        {
          type: 'bar',
          name: loc(v.name),
          data: v.months.map((m) => ({ value: m.value, itemStyle: { color: STATUS_COLOR[m.status] } })),
          markLine: {
            symbol: 'none',
            data: [
              { yAxis: v.target, name: kw('targetLine'), lineStyle: { color: '#1657d9', type: 'dashed' } },
              { yAxis: v.warning, lineStyle: { color: '#d48806', type: 'dotted' } },
            ],
          },
        },
        {
          type: 'line',
          data: v.months.map((m) => m.value),
          smooth: true,
          lineStyle: { color: '#595959' },
          itemStyle: { color: '#595959' },
          connectNulls: true,
        },
      ],
    }),
    [v, loc, kw],
  );
  return (
    <Card size="small" style={{ marginTop: 12 }} title={kw('trendTitle', { name: loc(v.name) })} data-testid="kpis-trend">
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {loc(v.description)}
      </Typography.Paragraph>
      {v.hidden ? <Typography.Text type="secondary">{kw('hidden')}</Typography.Text> : <EChart option={option} height={260} testId="kpis-trend-chart" />}
    </Card>
  );
}

function DrillDown({ q, drill, onClose, kpi }: { q: Q; drill: { id: string; month?: string } | null; onClose(): void; kpi: TKpiValue | undefined }) {
  const kw = useKpiT();
  const loc = useLocalized();
  const [failingOnly, setFailingOnly] = useState(false);
  const rq = { ...q, ...(drill?.month ? { month: drill.month } : {}), ...(failingOnly ? { failing: 'true' } : {}) };
  const { data, isLoading } = useKpiRecords(drill?.id ?? null, rq);
  return (
    <Drawer
      open={!!drill}
      onClose={onClose}
      width={760}
      title={kpi ? kw('drill.title', { name: `${loc(kpi.name)}${drill?.month ? ` · ${drill.month}` : ''}` }) : ''}
      destroyOnHidden
    >
      <Space style={{ marginBottom: 12 }}>
        <Switch checked={failingOnly} onChange={setFailingOnly} data-testid="kpis-failing-only" />
        {kw('drill.onlyFailing')}
      </Space>
      <Table
        size="small"
        loading={isLoading}
        rowKey={(r) => `${r.ref.type}:${r.ref.id}:${r.title}:${r.month}`}
        dataSource={data?.items ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        data-testid="kpis-records"
        columns={[
          {
            key: 'failing',
            title: kw('drill.failing'),
            width: 80,
            render: (_, r) => (r.failing ? <Badge color="#cf1322" text={kw('status.red')} /> : <Badge color="#389e0d" text={kw('drill.counted')} />),
          },
          { key: 'month', title: kw('drill.month'), dataIndex: 'month', width: 90 },
          { key: 'record', title: kw('drill.record'), render: (_, r) => (r.url ? <Link to={r.url}>{r.title}</Link> : r.title) },
          { key: 'customer', title: kw('drill.customer'), dataIndex: 'partyName' },
          { key: 'detail', title: kw('drill.detail'), dataIndex: 'detail' },
        ]}
      />
      {!!data?.hiddenCount && <Typography.Text type="secondary">{kw('drill.hiddenCount', { n: data.hiddenCount })}</Typography.Text>}
    </Drawer>
  );
}

function EventsTab() {
  const kw = useKpiT();
  const can = useCan();
  const onProblem = useProblemHandler();
  const { data } = useKpiEvents({});
  const create = useCreateEvent();
  const voidEvent = useVoidEvent();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const type = Form.useWatch('type', form) as string | undefined;
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await create.mutateAsync({ ...v, attachmentIds: (v.attachments ?? []).map((a: { id: string }) => a.id), attachments: undefined });
      setOpen(false);
      form.resetFields();
    } catch (e) {
      onProblem(e, { form });
    }
  };
  return (
    <>
      <Button type="primary" onClick={() => setOpen(true)} data-testid="kpis-event-add" style={{ marginBottom: 12 }}>
        {kw('events.add')}
      </Button>
      <Table
        size="small"
        rowKey="id"
        dataSource={data?.items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: kw('events.empty') }}
        data-testid="kpis-events"
        columns={[
          { key: 'date', title: kw('events.date'), dataIndex: 'occurredOn', width: 110 },
          { key: 'type', title: kw('events.type'), render: (_, e) => kw(`events.types.${e.type}` as never) },
          { key: 'customer', title: kw('customer'), dataIndex: 'partyName' },
          ...(can('prices.read') ? [{ key: 'cost', title: kw('events.cost'), render: (_: unknown, e: { cost?: number | null }) => e.cost ?? '' }] : []),
          { key: 'score', title: kw('events.score'), dataIndex: 'score' },
          { key: 'cause', title: kw('events.cause'), dataIndex: 'cause' },
          {
            key: 'void',
            width: 90,
            render: (_, e) =>
              e.voided ? (
                <Tag>{kw('events.voided')}</Tag>
              ) : (
                <a
                  onClick={() => {
                    const reason = window.prompt(kw('events.void'));
                    if (reason) voidEvent.mutateAsync({ id: e.id, version: e.version, reason }).catch((err: unknown) => onProblem(err));
                  }}
                >
                  {kw('events.void')}
                </a>
              ),
          },
        ]}
      />
      <Modal
        open={open}
        title={kw('events.add')}
        onCancel={() => setOpen(false)}
        onOk={submit}
        confirmLoading={create.isPending}
        okButtonProps={{ 'data-testid': 'kpis-event-save' } as ButtonProps}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" initialValues={{ type: 'premium-freight' }}>
          <Form.Item name="type" label={kw('events.type')} rules={[{ required: true }]}>
            <Select options={kpiEventTypes.map((k) => ({ value: k, label: kw(`events.types.${k}` as never) }))} data-testid="kpis-event-type" />
          </Form.Item>
          <Form.Item name="partyId" label={kw('customer')} rules={[{ required: true }]}>
            <CustomerSelect data-testid="kpis-event-customer" />
          </Form.Item>
          <Form.Item name="occurredOn" label={kw('events.date')} rules={[{ required: true }]}>
            <Input type="date" data-testid="kpis-event-date" />
          </Form.Item>
          {type === 'customer-rating' ? (
            <Form.Item name="score" label={kw('events.score')} rules={[{ required: true }]}>
              <InputNumber min={0} max={1000} style={{ width: '100%' }} data-testid="kpis-event-score" />
            </Form.Item>
          ) : (
            can('prices.read') && (
              <Form.Item name="cost" label={kw('events.cost')}>
                <InputNumber min={0} style={{ width: '100%' }} data-testid="kpis-event-cost" />
              </Form.Item>
            )
          )}
          <Form.Item name="cause" label={kw('events.cause')}>
            <Input.TextArea rows={2} data-testid="kpis-event-cause" />
          </Form.Item>
          <Form.Item name="attachments" label={kw('events.attachment')}>
            <AttachmentUpload testId="kpis-event-attachment" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function DefinitionsTab() {
  const kw = useKpiT();
  const loc = useLocalized();
  const can = useCan();
  const deptName = useDepartmentName();
  const onProblem = useProblemHandler();
  const { data, isLoading } = useKpiDefinitions();
  const setTarget = useSetTarget();
  const [editing, setEditing] = useState<string | null>(null);
  const [form] = Form.useForm();
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await setTarget.mutateAsync({ id: editing!, ...v });
      setEditing(null);
    } catch (e) {
      onProblem(e, { form });
    }
  };
  return (
    <>
      <Table
        size="small"
        loading={isLoading}
        rowKey={(r) => r.definition.id}
        dataSource={data?.items ?? []}
        pagination={false}
        data-testid="kpis-definitions"
        expandable={{
          expandedRowRender: (r) => (
            <>
              <Typography.Paragraph>{loc(r.definition.description)}</Typography.Paragraph>
              <Typography.Text strong>{kw('targetHistory')}</Typography.Text>
              <ul>
                {r.targets.map((h, i) => (
                  <li key={i}>
                    {fmtValue(h.target, r.definition.unit)} / {fmtValue(h.warning, r.definition.unit)} —{' '}
                    {i === 0 ? `${kw('fromFile')} ${h.reason}` : `${h.reason} (${h.byName ?? ''}, ${h.at.slice(0, 10)})`}
                  </li>
                ))}
              </ul>
            </>
          ),
        }}
        columns={[
          { key: 'doc', title: kw('columns.doc'), render: (_, r) => `${r.definition.documentNo} v${r.definition.version}`, width: 130 },
          { key: 'name', title: kw('columns.kpi'), render: (_, r) => loc(r.definition.name) },
          { key: 'owner', title: kw('columns.owner'), render: (_, r) => deptName(r.definition.owner.department) },
          {
            key: 'process',
            title: kw('columns.process'),
            render: (_, r) => (r.definition.owner.process ? <Link to={`/procedures/${r.definition.owner.process}`}>{r.definition.owner.process}</Link> : ''),
          },
          { key: 'target', title: kw('columns.target'), render: (_, r) => fmtValue(r.definition.target, r.definition.unit) },
          { key: 'warning', title: kw('columns.warning'), render: (_, r) => fmtValue(r.definition.warning, r.definition.unit) },
          ...(can('kpis.manage')
            ? [
                {
                  key: 'edit',
                  render: (_: unknown, r: { definition: { id: string; target: number; warning: number } }) => (
                    <a
                      data-testid={`kpis-set-target-${r.definition.id}`}
                      onClick={() => {
                        form.setFieldsValue({ target: r.definition.target, warning: r.definition.warning, reason: '' });
                        setEditing(r.definition.id);
                      }}
                    >
                      {kw('setTarget')}
                    </a>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={!!editing}
        title={kw('setTarget')}
        onCancel={() => setEditing(null)}
        onOk={submit}
        confirmLoading={setTarget.isPending}
        okButtonProps={{ 'data-testid': 'kpis-target-save' } as ButtonProps}
      >
        <Form form={form} layout="vertical">
          <Form.Item name="target" label={kw('columns.target')} rules={[{ required: true }]}>
            <InputNumber style={{ width: '100%' }} data-testid="kpis-target-input" />
          </Form.Item>
          <Form.Item name="warning" label={kw('columns.warning')} rules={[{ required: true }]}>
            <InputNumber style={{ width: '100%' }} data-testid="kpis-warning-input" />
          </Form.Item>
          <Form.Item name="reason" label={kw('targetReason')} rules={[{ required: true }]}>
            <Input data-testid="kpis-target-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
