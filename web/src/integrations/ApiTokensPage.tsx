import { useState } from 'react';
import { Alert, App, Button, Form, Input, InputNumber, Modal, Popconfirm, Select, Table, Tag, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { permissions, type Permission } from '../../../contracts/identity.js';
import { useLocale, useT } from '../i18n/index.js';
import { PageHeader } from '../platform/PageHeader.js';
import { useProblemHandler } from '../platform/problem.js';
import { UserSelect } from '../platform/UserSelect.js';
import { useCurrentUser } from '../identity/session.js';
import { useCreateToken, useMyTokens, useRevokeToken, useServiceTokens, type TApiToken } from './api.js';
import { SecretModal } from './SecretModal.js';

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
  const fmt = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : t('integration.tokens.never'));

  const columns: TableColumnsType<TApiToken> = [
    { title: t('integration.tokens.name'), dataIndex: 'name' },
    ...(kind === 'service' ? [{ title: t('integration.tokens.user'), dataIndex: 'userName' }] : []),
    { title: t('integration.tokens.prefix'), dataIndex: 'prefix', render: (p: string) => <code>{p}…</code> },
    { title: t('integration.tokens.scopes'), dataIndex: 'scopes', render: (s: string[]) => s.map((x) => <Tag key={x}>{x}</Tag>) },
    { title: t('integration.tokens.expiresAt'), dataIndex: 'expiresAt', render: (d: string) => new Date(d).toLocaleDateString() },
    { title: t('integration.tokens.lastUsed'), key: 'last', render: (_, r) => (r.lastUsedAt ? `${fmt(r.lastUsedAt)} · ${r.lastUsedIp ?? ''}` : fmt(null)) },
    { title: t('integration.tokens.state'), dataIndex: 'state', render: (s: TApiToken['state']) => <Tag color={stateColour[s]} data-testid="token-state">{t(`integration.tokens.states.${s}`)}</Tag> },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, r) =>
        r.state === 'active' ? (
          <Popconfirm
            title={t('integration.tokens.revokeConfirm')}
            okText={t('integration.tokens.revoke')}
            cancelText={t('common.cancel')}
            onConfirm={() => revoke.mutate(r.id, { onSuccess: () => message.success(t('integration.tokens.revoked')), onError: (e) => onProblem(e) })}
          >
            <Button size="small" danger data-testid="token-revoke">
              {t('integration.tokens.revoke')}
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
        title={kind === 'personal' ? t('integration.tokens.title') : t('integration.tokens.serviceTitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="token-new">
            {t('integration.tokens.new')}
          </Button>
        }
      />
      <Alert type="info" showIcon title={kind === 'personal' ? t('integration.tokens.hint') : `${t('integration.tokens.hint')} ${t('integration.tokens.serviceHint')}`} style={{ marginBottom: 16 }} />
      <Table<TApiToken> size="small" rowKey="id" loading={isLoading} columns={columns} dataSource={data?.items ?? []} pagination={false} data-testid="token-table" scroll={{ x: 'max-content' }} />
      <Modal
        open={creating}
        title={t('integration.tokens.new')}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        okButtonProps={{ loading: create.isPending, 'data-testid': 'token-save' } as never}
        destroyOnHidden
      >
        <Form form={form} name="api-token" layout="vertical" onFinish={submit} initialValues={{ expiresInDays: 90, scopes: [] }}>
          {kind === 'service' && (
            <Form.Item name="userId" label={t('integration.tokens.user')} rules={[{ required: true }]}>
              <UserSelect data-testid="token-user" />
            </Form.Item>
          )}
          <Form.Item name="name" label={t('integration.tokens.name')} rules={[{ required: true, max: 80 }]}>
            <Input data-testid="token-name" />
          </Form.Item>
          <Form.Item name="scopes" label={t('integration.tokens.scopes')} extra={t('integration.tokens.scopesHint')} rules={[{ required: true }]}>
            <Select mode="multiple" data-testid="token-scopes" options={offered.sort().map((p) => ({ value: p, label: scopeLabel(p) }))} />
          </Form.Item>
          <Form.Item name="expiresInDays" label={t('integration.tokens.expiresInDays')} rules={[{ required: true }]}>
            <InputNumber min={1} max={366} data-testid="token-days" />
          </Form.Item>
        </Form>
      </Modal>
      <SecretModal title={t('integration.tokens.secretTitle')} secret={secret} onClose={() => setSecret(null)} />
    </>
  );
}

export function ApiTokensPage() {
  return <TokensPage kind="personal" />;
}

export function ServiceTokensPage() {
  return <TokensPage kind="service" />;
}
