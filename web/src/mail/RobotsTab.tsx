import { useLayoutEffect, useState } from 'react';
import { App, Button, Card, Form, Input, Modal, Select, Switch, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined, SendOutlined } from '@ant-design/icons';
import { notificationKinds, robotProviders, type NotificationKindT } from '../../../contracts/notifications.js';
import { useLocalized, useT } from '../i18n/index.js';
import { useFeatureT } from '../i18n/feature.js';
import { DateTime } from '../platform/DateTime.js';
import { useProblemHandler } from '../platform/problem.js';
import { useDepartments } from '../identity/index.js';
import { useRobots, useSaveRobot, useTestRobot, type TRobot } from './notify-api.js';
import { notifyWords } from './notify-words.js';

function RobotModal({ robot, open, onClose }: { robot: TRobot | null; open: boolean; onClose(): void }) {
  const t = useT();
  const w = useFeatureT(notifyWords);
  const localized = useLocalized();
  const onProblem = useProblemHandler();
  const { data: depts } = useDepartments();
  const save = useSaveRobot();
  const [form] = Form.useForm();
  useLayoutEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(robot ? { ...robot, secret: '' } : { provider: 'wecom', kinds: ['escalation'], active: true });
  }, [open, robot, form]);
  return (
    <Modal
      open={open}
      title={robot ? w('robots.edit') : w('robots.new')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: save.isPending }}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        name="robot"
        onFinish={(v: Record<string, unknown>) => {
          const body = {
            departmentId: String(v.departmentId ?? ''),
            provider: v.provider as TRobot['provider'],
            name: String(v.name ?? ''),
            url: String(v.url ?? ''),
            kinds: (v.kinds as NotificationKindT[]) ?? [],
            active: !!v.active,
          };
          const secret = String(v.secret ?? '');
          save.mutate(
            robot
              ? { id: robot.id, body: { ...body, version: robot.version, secret: secret || null } }
              : { id: null, body: { ...body, ...(secret ? { secret } : {}) } },
            { onSuccess: onClose, onError: (e) => onProblem(e, { form }) },
          );
        }}
      >
        <Form.Item name="name" label={w('robots.name')}>
          <Input data-testid="robot-name" />
        </Form.Item>
        <Form.Item name="departmentId" label={w('robots.department')}>
          <Select data-testid="robot-department" options={(depts?.items ?? []).map((d) => ({ value: d.id, label: localized(d.name) }))} />
        </Form.Item>
        <Form.Item name="provider" label={w('robots.provider')}>
          <Select data-testid="robot-provider" options={robotProviders.map((p) => ({ value: p, label: w(`robots.providers.${p}`) }))} />
        </Form.Item>
        <Form.Item name="url" label={w('robots.url')}>
          <Input data-testid="robot-url" placeholder="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…" />
        </Form.Item>
        <Form.Item name="secret" label={w('robots.secret')} extra={robot?.secretSet ? w('robots.secretKept') : undefined}>
          <Input.Password autoComplete="new-password" data-testid="robot-secret" />
        </Form.Item>
        <Form.Item name="kinds" label={w('robots.kinds')}>
          <Select mode="multiple" data-testid="robot-kinds" options={notificationKinds.map((k) => ({ value: k, label: w(`kinds.${k}`) }))} />
        </Form.Item>
        <Form.Item name="active" label={w('robots.active')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Group robots (WeCom, DingTalk, Feishu) per department: which notification kinds go to which group. */
export function RobotsTab() {
  const t = useT();
  const w = useFeatureT(notifyWords);
  const localized = useLocalized();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const { data, isLoading } = useRobots();
  const { data: depts } = useDepartments();
  const test = useTestRobot();
  const [editing, setEditing] = useState<TRobot | 'new' | null>(null);
  const deptName = (id: string) => {
    const d = depts?.items.find((x) => x.id === id);
    return d ? localized(d.name) : '';
  };
  const columns: TableColumnsType<TRobot> = [
    { title: w('robots.name'), dataIndex: 'name', render: (name: string, r) => <a onClick={() => setEditing(r)}>{name}</a> },
    { title: w('robots.department'), key: 'dept', render: (_, r) => deptName(r.departmentId) },
    { title: w('robots.provider'), key: 'provider', render: (_, r) => <Tag>{w(`robots.providers.${r.provider}`)}</Tag> },
    { title: w('robots.kinds'), key: 'kinds', render: (_, r) => r.kinds.map((k) => <Tag key={k}>{w(`kinds.${k}`).split('（')[0]!.split(' (')[0]}</Tag>) },
    { title: w('robots.active'), key: 'active', render: (_, r) => (r.active ? <Tag color="green">✓</Tag> : <Tag>—</Tag>) },
    { title: w('robots.lastSent'), key: 'sent', render: (_, r) => <DateTime value={r.lastSentAt} relative /> },
    { title: w('robots.lastError'), key: 'err', render: (_, r) => (r.lastError ? <Typography.Text type="danger">{r.lastError}</Typography.Text> : null) },
    {
      title: t('common.actions'),
      key: 'a',
      render: (_, r) => (
        <Button
          size="small"
          icon={<SendOutlined />}
          loading={test.isPending && test.variables === r.id}
          onClick={() => test.mutate(r.id, { onSuccess: () => message.success(w('robots.testOk')), onError: (e) => onProblem(e) })}
        >
          {w('robots.test')}
        </Button>
      ),
    },
  ];
  return (
    <Card>
      <Typography.Paragraph type="secondary">{w('robots.hint')}</Typography.Paragraph>
      <Button type="primary" icon={<PlusOutlined />} style={{ marginBottom: 12 }} onClick={() => setEditing('new')} data-testid="robot-new">
        {w('robots.new')}
      </Button>
      <Table<TRobot> size="small" rowKey="id" loading={isLoading} columns={columns} dataSource={data?.items ?? []} />
      <RobotModal robot={editing === 'new' ? null : editing} open={editing !== null} onClose={() => setEditing(null)} />
    </Card>
  );
}
