import { useState } from 'react';
import { App, Button, Drawer, Dropdown, Form, Input, Modal, Space, Table, Tag, Tooltip, Typography, type ButtonProps, type TableColumnsType } from 'antd';
import { EditOutlined, HistoryOutlined, KeyOutlined, LockOutlined, PlusOutlined, SolutionOutlined, UnlockOutlined } from '@ant-design/icons';
import { MIN_PASSWORD_LENGTH, ResetPasswordRequest, roleTemplates } from '../../../../contracts/identity.js';
import { useLocalized, useT } from '../../i18n/index.js';
import { PageHeader } from '../../platform/PageHeader.js';
import { DateTime } from '../../platform/DateTime.js';
import { HistoryPanel } from '../../platform/HistoryPanel.js';
import { useProblemHandler } from '../../platform/problem.js';
import { rulesFor } from '../../platform/zodRule.js';
import { fmtDateTime, NONE } from '../../platform/format.js';
import { useApplyRoleTemplate, useDepartments, useResetPassword, useRoles, useUnlockUser, useUsers, type TUser } from '../api.js';
import { UserModal } from './UserModal.js';

function ResetPasswordModal({ user, onClose }: { user: TUser | null; onClose(): void }) {
  const t = useT();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const reset = useResetPassword();
  const [form] = Form.useForm<{ password: string }>();
  const rules = rulesFor(ResetPasswordRequest);
  return (
    <Modal
      open={!!user}
      title={t('admin.users.resetTitle', { name: user?.displayName ?? '' })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('admin.users.resetPassword')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: reset.isPending, 'data-testid': 'reset-password-save' } as ButtonProps}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('admin.users.resetHint')}</Typography.Paragraph>
      <Form
        form={form}
        name="reset-password"
        layout="vertical"
        onFinish={({ password }) =>
          reset.mutate(
            { id: user!.id, body: { version: user!.version, password } },
            { onSuccess: () => (message.success(t('admin.users.resetDone')), onClose()), onError: (e) => onProblem(e, { form, onReload: onClose }) },
          )
        }
      >
        <Form.Item
          name="password"
          label={t('admin.users.temporaryPassword')}
          rules={[...rules.password, { min: MIN_PASSWORD_LENGTH, message: t('password.tooShort', { min: MIN_PASSWORD_LENGTH }) }]}
          extra={t('password.hint', { min: MIN_PASSWORD_LENGTH })}
        >
          <Input.Password autoFocus autoComplete="new-password" data-testid="reset-password-input" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function UsersPage() {
  const t = useT();
  const loc = useLocalized();
  const { data, isLoading } = useUsers();
  const { data: roles } = useRoles();
  const { data: departments } = useDepartments();
  const [editing, setEditing] = useState<TUser | 'new' | null>(null);
  const [resetting, setResetting] = useState<TUser | null>(null);
  const unlock = useUnlockUser();
  const [history, setHistory] = useState<TUser | null>(null);
  const [filter, setFilter] = useState('');
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const applyTemplate = useApplyRoleTemplate();
  // one click: the template sets department and roles (a template without a department keeps the user's first one)
  const apply = (u: TUser, template: string) =>
    applyTemplate.mutate(
      { id: u.id, body: { version: u.version, template, ...(u.departmentIds[0] ? { departmentId: u.departmentIds[0] } : {}) } },
      { onSuccess: () => message.success(t('admin.users.templateApplied')), onError: (e) => onProblem(e) },
    );
  const roleName = (code: string) => loc(roles?.items.find((r) => r.code === code)?.name) || code;
  const deptName = (id: string) => loc(departments?.items.find((d) => d.id === id)?.name) || NONE;
  const f = filter.trim().toLowerCase();
  const users = (data?.items ?? []).filter((u) => !f || `${u.username} ${u.displayName} ${u.workEmail ?? ''}`.toLowerCase().includes(f));

  const columns: TableColumnsType<TUser> = [
    { title: t('admin.users.username'), dataIndex: 'username', width: 130, sorter: (a, b) => a.username.localeCompare(b.username) },
    { title: t('admin.users.displayName'), dataIndex: 'displayName', width: 120 },
    { title: t('admin.users.workEmail'), dataIndex: 'workEmail', ellipsis: true, render: (v: string | null) => v ?? NONE },
    { title: t('admin.users.roles'), dataIndex: 'roles', render: (r: string[]) => r.map((c) => <Tag key={c}>{roleName(c)}</Tag>) },
    { title: t('admin.users.departments'), dataIndex: 'departmentIds', render: (ids: string[]) => ids.map(deptName).join('、') || NONE },
    { title: t('admin.users.locale'), dataIndex: 'locale', width: 80, render: (l: TUser['locale']) => (l === 'zh-CN' ? '中文' : 'EN') },
    {
      title: t('admin.users.state'),
      key: 'state',
      width: 150,
      render: (_, u) => (
        <Space size={4} wrap>
          {u.active ? <Tag color="success">{t('admin.users.activeTag')}</Tag> : <Tag>{t('admin.users.disabledTag')}</Tag>}
          {u.lockedUntil && new Date(u.lockedUntil) > new Date() && (
            <Tooltip title={t('admin.users.lockedUntil', { at: fmtDateTime(u.lockedUntil) })}>
              <Tag color="error" icon={<LockOutlined />} data-testid="user-locked">
                {t('admin.users.locked')}
              </Tag>
            </Tooltip>
          )}
        </Space>
      ),
    },
    { title: t('common.createdAt'), dataIndex: 'createdAt', width: 140, render: (v: string) => <DateTime value={v} /> },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 140,
      render: (_, u) => (
        <Space size={0}>
          <Dropdown
            trigger={['click']}
            menu={{
              items: roleTemplates.map((tpl) => ({ key: tpl.code, label: loc(tpl), 'data-testid': `user-template-${tpl.code}` })),
              onClick: ({ key }) => apply(u, key),
            }}
          >
            <Tooltip title={t('admin.users.applyTemplate')}>
              <Button
                type="text"
                size="small"
                icon={<SolutionOutlined />}
                aria-label={t('admin.users.applyTemplate')}
                loading={applyTemplate.isPending && applyTemplate.variables?.id === u.id}
                data-testid="user-template"
              />
            </Tooltip>
          </Dropdown>
          {u.lockedUntil && new Date(u.lockedUntil) > new Date() && (
            <Tooltip title={t('admin.users.unlock')}>
              <Button
                type="text"
                size="small"
                icon={<UnlockOutlined />}
                loading={unlock.isPending && unlock.variables === u.id}
                onClick={() => unlock.mutate(u.id, { onSuccess: () => message.success(t('admin.users.unlockDone')), onError: (e) => onProblem(e) })}
                aria-label={t('admin.users.unlock')}
                data-testid="user-unlock"
              />
            </Tooltip>
          )}
          <Tooltip title={t('common.edit')}>
            <Button type="text" size="small" icon={<EditOutlined />} onClick={() => setEditing(u)} aria-label={t('common.edit')} data-testid="user-edit" />
          </Tooltip>
          <Tooltip title={t('admin.users.resetPassword')}>
            <Button
              type="text"
              size="small"
              icon={<KeyOutlined />}
              onClick={() => setResetting(u)}
              aria-label={t('admin.users.resetPassword')}
              data-testid="user-reset-password"
            />
          </Tooltip>
          <Tooltip title={t('history.title')}>
            <Button type="text" size="small" icon={<HistoryOutlined />} onClick={() => setHistory(u)} aria-label={t('history.title')} />
          </Tooltip>
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('nav.users')}
        extra={
          <>
            <Input.Search placeholder={t('admin.users.filter')} allowClear onChange={(e) => setFilter(e.target.value)} style={{ width: 220 }} />
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="user-new">
              {t('admin.users.new')}
            </Button>
          </>
        }
      />
      <Table<TUser>
        size="small"
        rowKey="id"
        loading={isLoading}
        columns={columns}
        dataSource={users}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showTotal: (total) => t('common.total', { total }) }}
        rowClassName={(u) => (u.active ? '' : 'row-voided')}
        data-testid="user-table"
      />
      <UserModal user={editing && editing !== 'new' ? editing : undefined} open={editing !== null} onClose={() => setEditing(null)} />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />
      <Drawer open={!!history} onClose={() => setHistory(null)} title={`${t('history.title')} · ${history?.username ?? ''}`} size={720} destroyOnHidden>
        {history && <HistoryPanel type="user" id={history.id} />}
      </Drawer>
    </>
  );
}
