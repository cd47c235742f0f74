import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Drawer,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Tooltip,
  type TableColumnsType,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useT } from '../i18n/index.js';
import { PageHeader } from '../platform/PageHeader.js';
import { useProblemHandler } from '../platform/problem.js';
import {
  useCreateWebhook,
  useDeliveries,
  useReplayDelivery,
  useRotateSecret,
  useTestWebhook,
  useUpdateWebhook,
  useWebhooks,
  type TWebhook,
  type TWebhookDelivery,
} from './api.js';
import { SecretModal } from './SecretModal.js';
import { useFeatureT } from '../i18n/feature.js';
import { integrationZh } from './i18n.zh-CN.js';
import { integrationEn } from './i18n.en-US.js';

const integrationWords = { 'zh-CN': integrationZh, 'en-US': integrationEn };
const useIntegrationT = () => useFeatureT(integrationWords);

const statusColour = { queued: 'processing', sending: 'processing', delivered: 'success', failed: 'error' } as const;

function DeliveriesDrawer({ hook, onClose }: { hook: TWebhook | null; onClose(): void }) {
  const t = useT();
  const it = useIntegrationT();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const { data, isLoading, refetch } = useDeliveries(hook?.id ?? null);
  const replay = useReplayDelivery();
  const fmt = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');
  const columns: TableColumnsType<TWebhookDelivery> = [
    { title: it('webhooks.createdAt'), dataIndex: 'createdAt', render: fmt },
    {
      title: it('webhooks.event'),
      dataIndex: 'eventType',
      render: (e: string, d) => (
        <Space size={4}>
          <code>{e}</code>
          {d.replayOf && <Tag>{it('webhooks.replayOf')}</Tag>}
        </Space>
      ),
    },
    {
      title: it('webhooks.status'),
      dataIndex: 'status',
      render: (s: TWebhookDelivery['status']) => (
        <Tag color={statusColour[s]} data-testid="delivery-status">
          {it(`webhooks.statuses.${s}`)}
        </Tag>
      ),
    },
    { title: it('webhooks.attempts'), dataIndex: 'attempts' },
    { title: it('webhooks.response'), key: 'resp', render: (_, d) => d.lastError ?? (d.responseStatus ? `HTTP ${d.responseStatus}` : '—') },
    { title: it('webhooks.nextAttempt'), dataIndex: 'nextAttemptAt', render: fmt },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, d) => (
        <Button
          size="small"
          data-testid="delivery-replay"
          disabled={!hook?.active}
          onClick={() => replay.mutate(d.id, { onSuccess: () => (message.success(it('webhooks.replayed')), void refetch()), onError: (e) => onProblem(e) })}
        >
          {it('webhooks.replay')}
        </Button>
      ),
    },
  ];
  return (
    <Drawer open={!!hook} onClose={onClose} size="large" title={`${it('webhooks.deliveries')} · ${hook?.name ?? ''}`} destroyOnHidden>
      <Table<TWebhookDelivery>
        size="small"
        rowKey="id"
        loading={isLoading}
        columns={columns}
        dataSource={data?.items ?? []}
        pagination={{ pageSize: 20 }}
        locale={{ emptyText: it('webhooks.noDeliveries') }}
        data-testid="delivery-table"
        scroll={{ x: 'max-content' }}
      />
    </Drawer>
  );
}

export function WebhooksPage() {
  const t = useT();
  const it = useIntegrationT();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const { data, isLoading } = useWebhooks();
  const create = useCreateWebhook();
  const update = useUpdateWebhook();
  const rotate = useRotateSecret();
  const test = useTestWebhook();
  const [editing, setEditing] = useState<TWebhook | 'new' | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [logOf, setLogOf] = useState<TWebhook | null>(null);
  const [form] = Form.useForm();
  const events = data?.events ?? [];

  const open = (hook: TWebhook | 'new') => {
    setEditing(hook);
    form.resetFields();
    form.setFieldsValue(hook === 'new' ? { events: [], maxConsecutiveFailures: 10, active: true } : { ...hook });
  };
  const submit = (values: { name: string; url: string; events: string[]; maxConsecutiveFailures: number; active?: boolean }) => {
    const onError = (e: unknown) => onProblem(e, { form });
    if (editing === 'new') {
      create.mutate(
        { name: values.name, url: values.url, events: values.events as never, maxConsecutiveFailures: values.maxConsecutiveFailures },
        { onSuccess: (res) => (setEditing(null), setSecret(res.secret)), onError },
      );
    } else if (editing) {
      update.mutate(
        {
          id: editing.id,
          body: {
            version: editing.version,
            name: values.name,
            url: values.url,
            events: values.events as never,
            active: values.active ?? true,
            maxConsecutiveFailures: values.maxConsecutiveFailures,
          },
        },
        { onSuccess: () => (setEditing(null), message.success(t('common.saved'))), onError },
      );
    }
  };

  const columns: TableColumnsType<TWebhook> = [
    { title: it('webhooks.name'), dataIndex: 'name' },
    { title: it('webhooks.url'), dataIndex: 'url', render: (u: string) => <code style={{ wordBreak: 'break-all' }}>{u}</code> },
    { title: it('webhooks.events'), dataIndex: 'events', render: (e: string[]) => e.map((x) => <Tag key={x}>{x}</Tag>) },
    {
      title: it('webhooks.active'),
      key: 'active',
      render: (_, h) =>
        h.active ? (
          <Tag color="green" data-testid="webhook-state">
            {it('webhooks.active')}
          </Tag>
        ) : (
          <Tag color="red" data-testid="webhook-state">
            {h.disabledReason === 'auto' ? it('webhooks.disabledAuto') : it('webhooks.disabledManual')}
          </Tag>
        ),
    },
    { title: it('webhooks.failures'), key: 'f', render: (_, h) => `${h.consecutiveFailures} / ${h.maxConsecutiveFailures}` },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, h) => (
        <Space wrap size={4}>
          <Button size="small" onClick={() => open(h)} data-testid="webhook-edit">
            {it('webhooks.edit')}
          </Button>
          <Button size="small" onClick={() => setLogOf(h)} data-testid="webhook-deliveries">
            {it('webhooks.deliveries')}
          </Button>
          <Tooltip title={h.active ? undefined : it('webhooks.disabledManual')}>
            <Button
              size="small"
              disabled={!h.active}
              data-testid="webhook-test"
              onClick={() => test.mutate(h.id, { onSuccess: () => message.success(it('webhooks.testSent')), onError: (e) => onProblem(e) })}
            >
              {it('webhooks.test')}
            </Button>
          </Tooltip>
          <Popconfirm
            title={it('webhooks.rotateConfirm')}
            okText={it('webhooks.rotate')}
            cancelText={t('common.cancel')}
            onConfirm={() => rotate.mutate({ id: h.id, version: h.version }, { onSuccess: (res) => setSecret(res.secret), onError: (e) => onProblem(e) })}
          >
            <Button size="small" data-testid="webhook-rotate">
              {it('webhooks.rotate')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={it('webhooks.title')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')} data-testid="webhook-new">
            {it('webhooks.new')}
          </Button>
        }
      />
      <Alert type="info" showIcon title={it('webhooks.hint')} style={{ marginBottom: 16 }} />
      <Table<TWebhook>
        size="small"
        rowKey="id"
        loading={isLoading}
        columns={columns}
        dataSource={data?.items ?? []}
        pagination={false}
        data-testid="webhook-table"
        scroll={{ x: 'max-content' }}
      />
      <Modal
        open={!!editing}
        title={editing === 'new' ? it('webhooks.new') : it('webhooks.edit')}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        okButtonProps={{ loading: create.isPending || update.isPending, 'data-testid': 'webhook-save' } as never}
        destroyOnHidden
        forceRender
      >
        <Form form={form} name="webhook" layout="vertical" onFinish={submit}>
          <Form.Item name="name" label={it('webhooks.name')} rules={[{ required: true, max: 80 }]}>
            <Input data-testid="webhook-name" />
          </Form.Item>
          <Form.Item name="url" label={it('webhooks.url')} rules={[{ required: true, type: 'url' }]}>
            <Input placeholder="https://erp.example.cn/hooks/accord" data-testid="webhook-url" />
          </Form.Item>
          <Form.Item name="events" label={it('webhooks.events')} rules={[{ required: true }]}>
            <Select mode="multiple" data-testid="webhook-events" options={events.map((e) => ({ value: e, label: e }))} />
          </Form.Item>
          <Form.Item name="maxConsecutiveFailures" label={it('webhooks.maxFailures')} rules={[{ required: true }]}>
            <InputNumber min={1} max={100} />
          </Form.Item>
          {editing !== 'new' && (
            <Form.Item name="active" label={it('webhooks.active')} valuePropName="checked">
              <Switch data-testid="webhook-active" />
            </Form.Item>
          )}
        </Form>
      </Modal>
      <SecretModal title={it('webhooks.secretTitle')} secret={secret} onClose={() => setSecret(null)} />
      <DeliveriesDrawer hook={logOf ? (data?.items.find((h) => h.id === logOf.id) ?? logOf) : null} onClose={() => setLogOf(null)} />
    </>
  );
}
