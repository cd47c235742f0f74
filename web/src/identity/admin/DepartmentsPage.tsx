import { useState, useLayoutEffect } from 'react';
import { App, Button, Form, Input, Modal, Switch, Table, Tag, Tooltip, type ButtonProps, type TableColumnsType } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { CreateDepartmentRequest, UpdateDepartmentRequest } from '../../../../contracts/identity.js';
import { useT } from '../../i18n/index.js';
import { PageHeader } from '../../platform/PageHeader.js';
import { useProblemHandler } from '../../platform/problem.js';
import { rulesFor, toRequest } from '../../platform/zodRule.js';
import { useCreateDepartment, useDepartments, useUpdateDepartment, type TDepartment } from '../api.js';

function DepartmentModal({ dept, open, onClose }: { dept?: TDepartment; open: boolean; onClose(): void }) {
  const t = useT();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const [form] = Form.useForm();
  const create = useCreateDepartment();
  const update = useUpdateDepartment();
  const createRules = rulesFor(CreateDepartmentRequest);
  const updateRules = rulesFor(UpdateDepartmentRequest);
  const pending = create.isPending || update.isPending;
  useLayoutEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(dept ? { code: dept.code, nameZh: dept.name.zh, nameEn: dept.name.en, active: dept.active } : { active: true });
  }, [open, dept, form]);
  const submit = (values: Record<string, unknown>) => {
    const opts = { onSuccess: () => (message.success(t('common.saved')), onClose()), onError: (e: unknown) => onProblem(e, { form, onReload: onClose }) };
    try {
      if (dept) update.mutate({ id: dept.id, body: toRequest(UpdateDepartmentRequest, { ...values, version: dept.version }) }, opts);
      else create.mutate(toRequest(CreateDepartmentRequest, values), opts);
    } catch (e) {
      onProblem(e);
    }
  };
  return (
    <Modal
      open={open}
      title={dept ? t('admin.departments.editTitle', { code: dept.code }) : t('admin.departments.new')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: pending, 'data-testid': 'department-save' } as ButtonProps}
      destroyOnHidden
    >
      <Form form={form} name="department" layout="vertical" onFinish={submit} disabled={pending}>
        <Form.Item
          name="code"
          label={t('admin.departments.code')}
          rules={dept ? undefined : createRules.code}
          extra={dept ? undefined : t('admin.departments.codeHint')}
        >
          <Input disabled={!!dept} autoFocus={!dept} data-testid="department-code" />
        </Form.Item>
        <Form.Item name="nameZh" label={t('admin.departments.nameZh')} rules={updateRules.nameZh}>
          <Input autoFocus={!!dept} data-testid="department-name-zh" />
        </Form.Item>
        <Form.Item name="nameEn" label={t('admin.departments.nameEn')} rules={updateRules.nameEn}>
          <Input data-testid="department-name-en" />
        </Form.Item>
        {dept && (
          <Form.Item name="active" label={t('admin.departments.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

export function DepartmentsPage() {
  const t = useT();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const { data, isLoading } = useDepartments();
  const update = useUpdateDepartment();
  const [editing, setEditing] = useState<TDepartment | 'new' | null>(null);
  const items = [...(data?.items ?? [])].sort((a, b) => a.sort - b.sort || a.code.localeCompare(b.code));
  const columns: TableColumnsType<TDepartment> = [
    { title: t('admin.departments.code'), dataIndex: 'code', width: 160 },
    { title: t('admin.departments.nameZh'), key: 'zh', render: (_, d) => d.name.zh },
    { title: t('admin.departments.nameEn'), key: 'en', render: (_, d) => d.name.en },
    {
      title: t('admin.departments.active'),
      dataIndex: 'active',
      width: 110,
      render: (active: boolean, d) => (
        <Switch
          size="small"
          checked={active}
          aria-label={t('admin.departments.active')}
          onChange={(checked) =>
            update.mutate(
              { id: d.id, body: { version: d.version, nameZh: d.name.zh, nameEn: d.name.en, active: checked } },
              { onSuccess: () => message.success(t('common.saved')), onError: (e) => onProblem(e) },
            )
          }
        />
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 80,
      render: (_, d) => (
        <Tooltip title={t('common.edit')}>
          <Button type="text" size="small" icon={<EditOutlined />} onClick={() => setEditing(d)} aria-label={t('common.edit')} />
        </Tooltip>
      ),
    },
  ];
  return (
    <>
      <PageHeader
        title={t('nav.departments')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="department-new">
            {t('admin.departments.new')}
          </Button>
        }
      />
      <Table<TDepartment>
        size="small"
        rowKey="id"
        loading={isLoading}
        columns={columns}
        dataSource={items}
        pagination={false}
        rowClassName={(d) => (d.active ? '' : 'row-voided')}
        footer={() => <Tag>{t('admin.departments.inactiveHint')}</Tag>}
      />
      <DepartmentModal dept={editing && editing !== 'new' ? editing : undefined} open={editing !== null} onClose={() => setEditing(null)} />
    </>
  );
}
