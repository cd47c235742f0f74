import { useState } from 'react';
import { Alert, App, Button, Form, Input, InputNumber, Modal, Popconfirm, Select, Table, Tag, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { permissions, type Permission } from '../../../contracts/identity.js';
import { useLocale, useT } from '../i18n/index.js';
import { PageHeader } from '../platform/PageHeader.js';
import { useProblemHandler } from '../platform/problem.js';
import { UserSelect } from '../platform/UserSelect.js';
import { useCurrentUser } from '../identity/index.js';
import { useCreateToken, useMyTokens, useRevokeToken, useServiceTokens, type TApiToken } from './api.js';
import { SecretModal } from './SecretModal.js';
import { useFeatureT } from '../i18n/feature.js';
import { integrationZh } from './i18n.zh-CN.js';
import { integrationEn } from './i18n.en-US.js';

const integrationWords = { 'zh-CN': integrationZh, 'en-US': integrationEn };
const useIntegrationT = () => useFeatureT(integrationWords);

const stateColour = { active: 'green', expired: 'default', revoked: 'red' } as const;

function useScopeLabel() {
  const { locale } = useLocale();
  return (p: string) => {
    const name = permissions[p as Permission];
    return name ? `${p} · ${locale === 'zh-CN' ? name.zh : name.en}` : p;
  };
}

function TokensPage({ kind }: { kind: 'personal' | 'service' }) {
  const t = useT();
  const it = useIntegrationT();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const me = useCurrentUser();
  const scopeLabel = useScopeLabel();
  const mine = useMyTokens();
  const service = useServiceTokens();
  const { data, isLoading } = kind === 'personal' ? mine : service;
  const create = useCreateToken(kind);
  const revoke = useRevokeToken(kind);
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [form] = Form.useForm();
  // a personal token may carry what the user holds; for a service user the server checks (422 names the scope)
  const offered = kind === 'personal' ? (me.permissions as string[]) : (Object.keys(permissions) as string[]);
  const fmt = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : it('tokens.never'));

  const columns: TableColumnsType<TApiToken> = [
    { title: it('tokens.name'), dataIndex: 'name' },
    ...(kind === 'service' ? [{ title: it('tokens.user'), dataIndex: 'userName' }] : []),
    { title: it('tokens.prefix'), dataIndex: 'prefix', render: (p: string) => <code>{p}…</code> },
    { title: it('tokens.scopes'), dataIndex: 'scopes', render: (s: string[]) => s.map((x) => <Tag key={x}>{x}</Tag>) },
    { title: it('tokens.expiresAt'), dataIndex: 'expiresAt', render: (d: string) => new Date(d).toLocaleDateString() },
    { title: it('tokens.lastUsed'), key: 'last', render: (_, r) => (r.lastUsedAt ? `${fmt(r.lastUsedAt)} · ${r.lastUsedIp ?? ''}` : fmt(null)) },
    {
      title: it('tokens.state'),
      dataIndex: 'state',
      render: (s: TApiToken['state']) => (
        <Tag color={stateColour[s]} data-testid="token-state">
          {it(`tokens.states.${s}`)}
        </Tag>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, r) =>
        r.state === 'active' ? (
          <Popconfirm
            title={it('tokens.revokeConfirm')}
            okText={it('tokens.revoke')}
            cancelText={t('common.cancel')}
            onConfirm={() => revoke.mutate(r.id, { onSuccess: () => message.success(it('tokens.revoked')), onError: (e) => onProblem(e) })}
          >
            <Button size="small" danger data-testid="token-revoke">
              {it('tokens.revoke')}
            </Button>
          </Popconfirm>
        ) : null,
    },
  ];

  const submit = (values: { name: string; scopes: string[]; expiresInDays: number; userId?: string }) =>
    create.mutate(values as never, {
      onSuccess: (res) => {
        setCreating(false);
        form.resetFields();
        setSecret(res.secret);
      },
      onError: (e) => onProblem(e, { form }),
    });

  return (
    <>
      <PageHeader
        title={kind === 'personal' ? it('tokens.title') : it('tokens.serviceTitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="token-new">
            {it('tokens.new')}
          </Button>
        }
      />
      <Alert
        type="info"
        showIcon
        title={kind === 'personal' ? it('tokens.hint') : `${it('tokens.hint')} ${it('tokens.serviceHint')}`}
        style={{ marginBottom: 16 }}
      />
      <Table<TApiToken>
        size="small"
        rowKey="id"
        loading={isLoading}
        columns={columns}
        dataSource={data?.items ?? []}
        pagination={false}
        data-testid="token-table"
        scroll={{ x: 'max-content' }}
      />
      <Modal
        open={creating}
        title={it('tokens.new')}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        okButtonProps={{ loading: create.isPending, 'data-testid': 'token-save' } as never}
        destroyOnHidden
      >
        <Form form={form} name="api-token" layout="vertical" onFinish={submit} initialValues={{ expiresInDays: 90, scopes: [] }}>
          {kind === 'service' && (
            <Form.Item name="userId" label={it('tokens.user')} rules={[{ required: true }]}>
              <UserSelect data-testid="token-user" />
            </Form.Item>
          )}
          <Form.Item name="name" label={it('tokens.name')} rules={[{ required: true, max: 80 }]}>
            <Input data-testid="token-name" />
          </Form.Item>
          <Form.Item name="scopes" label={it('tokens.scopes')} extra={it('tokens.scopesHint')} rules={[{ required: true }]}>
            <Select mode="multiple" data-testid="token-scopes" options={offered.sort().map((p) => ({ value: p, label: scopeLabel(p) }))} />
          </Form.Item>
          <Form.Item name="expiresInDays" label={it('tokens.expiresInDays')} rules={[{ required: true }]}>
            <InputNumber min={1} max={366} data-testid="token-days" />
          </Form.Item>
        </Form>
      </Modal>
      <SecretModal title={it('tokens.secretTitle')} secret={secret} onClose={() => setSecret(null)} />
    </>
  );
}

export function ApiTokensPage() {
  return <TokensPage kind="personal" />;
}

export function ServiceTokensPage() {
  return <TokensPage kind="service" />;
}
