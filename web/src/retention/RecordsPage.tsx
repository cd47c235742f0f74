import { useState } from 'react';
import { App, Button, Card, Empty, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Table, Tabs, Tag, Typography, type ButtonProps } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { DisposalBatches, DueRecords, LegalHoldList, RetentionRule, RetentionRules, Tombstones } from '../../../contracts/retention.js';
import { api } from '../api/client.js';
import { useLocale, useT } from '../i18n/index.js';
import { featureWord, useFeatureT } from '../i18n/feature.js';
import { retentionZh } from './i18n.zh-CN.js';
import { retentionEn } from './i18n.en-US.js';

const words = { 'zh-CN': retentionZh, 'en-US': retentionEn };
const useRetentionT = () => useFeatureT(words);
import { useCan } from '../identity/index.js';
import { PageHeader } from '../platform/PageHeader.js';
import { DateTime } from '../platform/DateTime.js';
import { useProblemHandler } from '../platform/problem.js';
import { CustomerSelect } from '../parties/index.js';

type TRule = z.infer<typeof RetentionRule>;
const keys = {
  rules: ['retention', 'rules'],
  holds: ['retention', 'holds'],
  due: ['retention', 'due'],
  batches: ['retention', 'batches'],
  tombstones: ['retention', 'tombstones'],
} as const;

function useRefresh() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: ['retention'] });
}

/** The records officer's page: retention per record type, legal holds, the due list and disposal approvals, tombstones. */
export function RecordsPage() {
  const w = useRetentionT();
  return (
    <>
      <PageHeader title={w('title')} />
      <Card>
        <Typography.Paragraph type="secondary" style={{ maxWidth: 900 }}>
          {w('intro')}
        </Typography.Paragraph>
        <Tabs
          items={[
            { key: 'rules', label: <span data-testid="records-tab-rules">{w('tabs.rules')}</span>, children: <Rules /> },
            { key: 'holds', label: <span data-testid="records-tab-holds">{w('tabs.holds')}</span>, children: <Holds /> },
            { key: 'disposal', label: <span data-testid="records-tab-disposal">{w('tabs.disposal')}</span>, children: <Disposal /> },
            { key: 'tombstones', label: <span data-testid="records-tab-tombstones">{w('tabs.tombstones')}</span>, children: <TombstoneList /> },
          ]}
        />
      </Card>
    </>
  );
}

function useTypeName() {
  const { locale } = useLocale();
  return (type: string) => featureWord(words[locale], `types.${type}`) ?? type;
}

function Rules() {
  const t = useT();
  const w = useRetentionT();
  const typeName = useTypeName();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const refresh = useRefresh();
  const { data, isLoading } = useQuery({ queryKey: keys.rules, queryFn: () => api.get<z.infer<typeof RetentionRules>>('/api/retention/rules') });
  const [editing, setEditing] = useState<TRule | null>(null);
  const [form] = Form.useForm<{ keepYears: number; countedFrom: 'closed' | 'created'; basis: string }>();
  const save = useMutation({
    mutationFn: (v: { keepYears: number; countedFrom: string; basis: string }) =>
      api.put(`/api/retention/rules/${editing!.recordType}`, { ...v, version: editing!.version }),
  });
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await save.mutateAsync(v);
      message.success(w('saved'));
      setEditing(null);
      await refresh();
    } catch (e) {
      onProblem(e, { form });
    }
  };
  return (
    <>
      <Table<TRule>
        size="small"
        rowKey="recordType"
        loading={isLoading}
        pagination={false}
        dataSource={data?.items ?? []}
        data-testid="retention-rules"
        columns={[
          { title: w('columns.type'), dataIndex: 'recordType', render: (v: string) => typeName(v) },
          {
            title: w('columns.keepYears'),
            dataIndex: 'keepYears',
            render: (v: number | null) => (v ? w('years', { n: v }) : <Typography.Text type="secondary">{w('noRule')}</Typography.Text>),
          },
          { title: w('columns.countedFrom'), dataIndex: 'countedFrom', render: (v: 'closed' | 'created', r) => (r.keepYears ? w(`countedFrom.${v}`) : '—') },
          { title: w('columns.basis'), dataIndex: 'basis', render: (v: string | null) => v ?? '—' },
          {
            key: 'edit',
            width: 80,
            render: (_, r) => (
              <Button
                size="small"
                data-testid={`retention-edit-${r.recordType}`}
                onClick={() => {
                  setEditing(r);
                  form.setFieldsValue({ keepYears: r.keepYears ?? 3, countedFrom: r.countedFrom, basis: r.basis ?? '' });
                }}
              >
                {w('edit')}
              </Button>
            ),
          },
        ]}
      />
      <Modal
        open={!!editing}
        title={editing ? typeName(editing.recordType) : ''}
        okText={w('save')}
        cancelText={t('common.cancel')}
        onOk={submit}
        onCancel={() => setEditing(null)}
        okButtonProps={{ loading: save.isPending }}
        forceRender
      >
        <Form form={form} layout="vertical" name="retention-rule">
          <Space align="start">
            <Form.Item name="keepYears" label={w('columns.keepYears')} rules={[{ required: true, type: 'integer', min: 1, max: 100 }]}>
              <InputNumber min={1} max={100} addonAfter="年 / y" data-testid="retention-years" />
            </Form.Item>
            <Form.Item name="countedFrom" label={w('columns.countedFrom')} rules={[{ required: true }]}>
              <Select style={{ width: 160 }} options={(['closed', 'created'] as const).map((v) => ({ value: v, label: w(`countedFrom.${v}`) }))} />
            </Form.Item>
          </Space>
          <Form.Item name="basis" label={w('columns.basis')} rules={[{ required: true, max: 300 }]} extra={w('basisHint')}>
            <Input.TextArea rows={2} maxLength={300} data-testid="retention-basis" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function Holds() {
  const t = useT();
  const w = useRetentionT();
  const typeName = useTypeName();
  const onProblem = useProblemHandler();
  const refresh = useRefresh();
  const { data, isLoading } = useQuery({ queryKey: keys.holds, queryFn: () => api.get<z.infer<typeof LegalHoldList>>('/api/legal-holds') });
  const [placing, setPlacing] = useState(false);
  const [releasing, setReleasing] = useState<string | null>(null);
  const [form] = Form.useForm<{ refType: string; partyId?: string; refId?: string; reason: string }>();
  const target = Form.useWatch('refType', form) ?? 'customer';
  const [releaseForm] = Form.useForm<{ reason: string }>();
  const place = async () => {
    const v = await form.validateFields();
    try {
      await api.post('/api/legal-holds', { refType: v.refType, refId: v.refType === 'customer' ? v.partyId : v.refId?.trim(), reason: v.reason });
      setPlacing(false);
      form.resetFields();
      await refresh();
    } catch (e) {
      onProblem(e, { form });
    }
  };
  const release = async () => {
    const v = await releaseForm.validateFields();
    try {
      await api.post(`/api/legal-holds/${releasing}/release`, v);
      setReleasing(null);
      releaseForm.resetFields();
      await refresh();
    } catch (e) {
      onProblem(e, { form: releaseForm });
    }
  };
  return (
    <>
      <Button style={{ marginBottom: 12 }} onClick={() => setPlacing(true)} data-testid="hold-place">
        {w('placeHold')}
      </Button>
      <Table
        size="small"
        rowKey="id"
        loading={isLoading}
        pagination={false}
        dataSource={data?.items ?? []}
        data-testid="hold-table"
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={w('noHolds')} /> }}
        columns={[
          { title: w('columns.record'), dataIndex: 'title', render: (v: string, h) => `${typeName(h.refType)} · ${v}` },
          { title: w('columns.reason'), dataIndex: 'reason' },
          { title: w('columns.placedAt'), dataIndex: 'placedAt', render: (v: string) => <DateTime value={v} /> },
          {
            key: 'release',
            width: 90,
            render: (_, h) => (
              <Button size="small" onClick={() => setReleasing(h.id)}>
                {w('release')}
              </Button>
            ),
          },
        ]}
      />
      <Modal
        open={placing}
        title={w('placeHold')}
        okText={w('placeHold')}
        cancelText={t('common.cancel')}
        onOk={place}
        onCancel={() => setPlacing(false)}
        forceRender
      >
        <Form form={form} layout="vertical" name="hold">
          <Form.Item name="refType" label={w('holdTarget')} initialValue="customer" rules={[{ required: true }]}>
            <Select
              data-testid="hold-type"
              options={['customer', 'communication', 'order', 'complaint', 'quotation', 'visit'].map((v) => ({ value: v, label: typeName(v) }))}
            />
          </Form.Item>
          {target === 'customer' ? (
            <Form.Item name="partyId" label={w('holdCustomer')} rules={[{ required: true }]}>
              <CustomerSelect data-testid="hold-customer" />
            </Form.Item>
          ) : (
            <Form.Item name="refId" label={w('holdRecordId')} rules={[{ required: true, max: 60 }]} extra={w('holdRecordHint')}>
              <Input data-testid="hold-record-id" maxLength={60} />
            </Form.Item>
          )}
          <Form.Item name="reason" label={w('columns.reason')} rules={[{ required: true, max: 500 }]}>
            <Input.TextArea rows={2} maxLength={500} data-testid="hold-reason" />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={!!releasing}
        title={w('release')}
        okText={w('release')}
        cancelText={t('common.cancel')}
        onOk={release}
        onCancel={() => setReleasing(null)}
        forceRender
      >
        <Form form={releaseForm} layout="vertical" name="release">
          <Form.Item name="reason" label={w('releaseReason')} rules={[{ required: true, max: 500 }]}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function Disposal() {
  const t = useT();
  const w = useRetentionT();
  const can = useCan();
  const typeName = useTypeName();
  const onProblem = useProblemHandler();
  const refresh = useRefresh();
  const due = useQuery({ queryKey: keys.due, queryFn: () => api.get<z.infer<typeof DueRecords>>('/api/retention/due') });
  const batches = useQuery({ queryKey: keys.batches, queryFn: () => api.get<z.infer<typeof DisposalBatches>>('/api/disposals') });
  const [rejecting, setRejecting] = useState<{ id: string; version: number } | null>(null);
  const [rejectForm] = Form.useForm<{ reason: string }>();
  const run = (fn: () => Promise<unknown>) => async () => {
    try {
      await fn();
      await refresh();
    } catch (e) {
      onProblem(e);
    }
  };
  const reject = async () => {
    const v = await rejectForm.validateFields();
    try {
      await api.post(`/api/disposals/${rejecting!.id}/reject`, { version: rejecting!.version, reason: v.reason });
      setRejecting(null);
      rejectForm.resetFields();
      await refresh();
    } catch (e) {
      onProblem(e, { form: rejectForm });
    }
  };
  const items = due.data?.items ?? [];
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <div>
        <Button type="primary" disabled={!items.length} onClick={run(() => api.post('/api/disposals', {}))} data-testid="disposal-propose">
          {w('propose')}
        </Button>
        <Table
          style={{ marginTop: 12 }}
          size="small"
          rowKey={(r) => `${r.refType}:${r.refId}`}
          loading={due.isLoading}
          dataSource={items}
          data-testid="disposal-due"
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={w('nothingDue')} /> }}
          columns={[
            { title: w('columns.type'), dataIndex: 'refType', render: (v: string) => typeName(v) },
            { title: w('columns.record'), dataIndex: 'title' },
            { title: w('columns.since'), dataIndex: 'since', render: (v: string) => <DateTime value={v} /> },
            { title: w('columns.keepYears'), dataIndex: 'keepYears', render: (v: number) => w('years', { n: v }) },
          ]}
        />
      </div>
      <Table
        size="small"
        rowKey="id"
        loading={batches.isLoading}
        dataSource={batches.data?.items ?? []}
        data-testid="disposal-batches"
        pagination={false}
        columns={[
          { title: w('columns.number'), dataIndex: 'number' },
          {
            title: w('columns.status'),
            dataIndex: 'status',
            render: (s: 'proposed' | 'disposed' | 'rejected') => (
              <Tag color={s === 'disposed' ? 'default' : s === 'rejected' ? 'warning' : 'processing'}>{w(`status.${s}`)}</Tag>
            ),
          },
          { title: w('columns.items'), dataIndex: 'items', render: (v: unknown[]) => v.length },
          { title: w('columns.proposedAt'), dataIndex: 'proposedAt', render: (v: string) => <DateTime value={v} /> },
          {
            key: 'decide',
            render: (_, b) =>
              b.status === 'proposed' && can('records.dispose') ? (
                <Space>
                  <Popconfirm
                    title={w('approveConfirm', { n: b.items.length })}
                    onConfirm={run(() => api.post(`/api/disposals/${b.id}/approve`, { version: b.version }))}
                    okButtonProps={{ danger: true, 'data-testid': 'disposal-approve-confirm' } as ButtonProps}
                  >
                    <Button size="small" danger data-testid="disposal-approve">
                      {w('approve')}
                    </Button>
                  </Popconfirm>
                  <Button size="small" onClick={() => setRejecting({ id: b.id, version: b.version })}>
                    {w('reject')}
                  </Button>
                </Space>
              ) : (
                (b.decisionReason ?? null)
              ),
          },
        ]}
      />
      <Modal
        open={!!rejecting}
        title={w('reject')}
        okText={w('reject')}
        cancelText={t('common.cancel')}
        onOk={reject}
        onCancel={() => setRejecting(null)}
        forceRender
      >
        <Form form={rejectForm} layout="vertical" name="reject">
          <Form.Item name="reason" label={w('rejectReason')} rules={[{ required: true, max: 500 }]}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}

function TombstoneList() {
  const w = useRetentionT();
  const typeName = useTypeName();
  const { data, isLoading } = useQuery({ queryKey: keys.tombstones, queryFn: () => api.get<z.infer<typeof Tombstones>>('/api/tombstones') });
  return (
    <Table
      size="small"
      rowKey={(r) => `${r.refType}:${r.refId}`}
      loading={isLoading}
      dataSource={data?.items ?? []}
      data-testid="tombstones"
      pagination={{ pageSize: 50, hideOnSinglePage: true }}
      columns={[
        { title: w('columns.type'), dataIndex: 'refType', render: (v: string) => typeName(v) },
        { title: w('columns.record'), dataIndex: 'title' },
        { title: w('columns.since'), dataIndex: 'since', render: (v: string) => <DateTime value={v} /> },
        { title: w('columns.disposedAt'), dataIndex: 'disposedAt', render: (v: string) => <DateTime value={v} /> },
        { title: w('columns.rule'), dataIndex: 'rule', render: (r: { keepYears: number; basis: string }) => `${w('years', { n: r.keepYears })} · ${r.basis}` },
      ]}
    />
  );
}
