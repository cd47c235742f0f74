import { useLayoutEffect } from 'react';
import { App, Col, Form, Input, Modal, Row, Select, Switch, type ButtonProps } from 'antd';
import { CreateUserRequest, MIN_PASSWORD_LENGTH, roleTemplates, UpdateUserRequest } from '../../../../contracts/identity.js';
import { useLocalized, useT } from '../../i18n/index.js';
import { useProblemHandler } from '../../platform/problem.js';
import { rulesFor, toRequest } from '../../platform/zodRule.js';
import { useCreateUser, useDepartments, useRoles, useUpdateUser, type TUser } from '../api.js';

/** Create (user undefined) or edit a user. */
export function UserModal({ user, open, onClose }: { user?: TUser; open: boolean; onClose(): void }) {
  const t = useT();
  const loc = useLocalized();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const [form] = Form.useForm();
  const create = useCreateUser();
  const update = useUpdateUser();
  const { data: roles } = useRoles();
  const { data: departments } = useDepartments();
  const rules = user ? rulesFor(UpdateUserRequest) : rulesFor(CreateUserRequest);
  const createRules = rulesFor(CreateUserRequest);
  const pending = create.isPending || update.isPending;

  useLayoutEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(user ? { ...user } : { locale: 'zh-CN', active: true, roles: ['staff'], departmentIds: [] });
  }, [open, user, form]);

  const submit = (values: Record<string, unknown>) => {
    const opts = { onSuccess: () => (message.success(t('common.saved')), onClose()), onError: (e: unknown) => onProblem(e, { form, onReload: onClose }) };
    try {
      if (user) update.mutate({ id: user.id, body: toRequest(UpdateUserRequest, { ...values, version: user.version }) }, opts);
      else create.mutate(toRequest(CreateUserRequest, values), opts);
    } catch (e) {
      onProblem(e);
    }
  };

  return (
    <Modal
      open={open}
      title={user ? t('admin.users.editTitle', { name: user.username }) : t('admin.users.new')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: pending, 'data-testid': 'user-save' } as ButtonProps}
      width={640}
      destroyOnHidden
    >
      <Form form={form} name="user" layout="vertical" onFinish={submit} disabled={pending}>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="username" label={t('admin.users.username')} rules={user ? undefined : createRules.username}>
              <Input disabled={!!user} autoFocus={!user} autoComplete="off" data-testid="user-username" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="displayName" label={t('admin.users.displayName')} rules={rules.displayName}>
              <Input autoFocus={!!user} data-testid="user-display-name" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="workEmail" label={t('admin.users.workEmail')} rules={rules.workEmail}>
              <Input inputMode="email" autoComplete="off" data-testid="user-email" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="locale" label={t('admin.users.locale')} rules={rules.locale}>
              <Select
                options={[
                  { value: 'zh-CN', label: t('enums.locale.zh-CN') },
                  { value: 'en-US', label: t('enums.locale.en-US') },
                ]}
              />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item label={t('admin.users.template')} extra={t('admin.users.templateHint')}>
              <Select
                allowClear
                options={roleTemplates.map((tpl) => ({ value: tpl.code, label: loc(tpl) }))}
                onChange={(code?: string) => {
                  const tpl = roleTemplates.find((x) => x.code === code);
                  if (!tpl) return;
                  const dept = departments?.items.find((d) => d.code === tpl.department);
                  form.setFieldsValue({ roles: [...tpl.roles], ...(dept ? { departmentIds: [dept.id] } : {}) });
                }}
                data-testid="user-template"
              />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="roles" label={t('admin.users.roles')} rules={rules.roles}>
              <Select mode="multiple" options={(roles?.items ?? []).map((r) => ({ value: r.code, label: loc(r.name) }))} data-testid="user-roles" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="departmentIds" label={t('admin.users.departments')} rules={rules.departmentIds}>
              <Select
                mode="multiple"
                showSearch={{ optionFilterProp: 'label' }}
                options={(departments?.items ?? [])
                  .filter((d) => d.active || (user?.departmentIds ?? []).includes(d.id))
                  .map((d) => ({ value: d.id, label: loc(d.name) }))}
                data-testid="user-departments"
              />
            </Form.Item>
          </Col>
          {user ? (
            <Col span={12}>
              <Form.Item name="active" label={t('admin.users.active')} valuePropName="checked">
                <Switch />
              </Form.Item>
            </Col>
          ) : (
            <Col span={12}>
              <Form.Item
                name="password"
                label={t('admin.users.initialPassword')}
                rules={[...createRules.password, { min: MIN_PASSWORD_LENGTH, message: t('password.tooShort', { min: MIN_PASSWORD_LENGTH }) }]}
                extra={t('admin.users.initialPasswordHint', { min: MIN_PASSWORD_LENGTH })}
              >
                <Input.Password autoComplete="new-password" data-testid="user-password" />
              </Form.Item>
            </Col>
          )}
        </Row>
      </Form>
    </Modal>
  );
}
