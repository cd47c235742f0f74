import './words.js';
import { useLayoutEffect, useState } from 'react';
import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { DeleteOutlined, PlusOutlined, ReloadOutlined, SendOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useLocale, useLocalized, useT } from '../i18n/index.js';
import { errorCodes, errorMessage, type ErrorCode } from '../../../contracts/errors.js';
import { PageHeader } from '../platform/PageHeader.js';
import { DateTime } from '../platform/DateTime.js';
import { useProblemHandler } from '../platform/problem.js';
import { useDepartments } from '../identity/index.js';
import {
  useMailboxes,
  useMailQueue,
  useMailSettings,
  useMailTemplates,
  usePollMailbox,
  useRetryMail,
  useSaveMailbox,
  useSaveMailSettings,
  useSaveMailTemplate,
  useTestMail,
  type TMailbox,
  type TMailMessage,
  type TMailTemplate,
} from './api.js';
import { MailStatusTag } from './MailStatusTag.js';
import { RobotsTab } from './RobotsTab.js';
import { RulesTab } from './RulesTab.js';
import { rulesWords } from './rules-words.js';
import { useFeatureT } from '../i18n/feature.js';
import { notifyWords } from './notify-words.js';

function SettingsTab() {
  const t = useT();
  const w = useFeatureT(notifyWords);
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const { data } = useMailSettings();
  const { data: depts } = useDepartments();
  const localized = useLocalized();
  const save = useSaveMailSettings();
  const test = useTestMail();
  const [form] = Form.useForm();
  const [testTo, setTestTo] = useState('');
  useLayoutEffect(() => {
    if (data) form.setFieldsValue({ ...data, password: '' });
  }, [data, form]);
  if (!data) return null;
  const submit = (v: Record<string, unknown>) => {
    const password = typeof v.password === 'string' && v.password ? v.password : undefined;
    save.mutate(
      {
        version: data.version,
        smtpHost: String(v.smtpHost ?? ''),
        smtpPort: Number(v.smtpPort),
        smtpSecurity: v.smtpSecurity as 'none' | 'starttls' | 'tls',
        smtpUser: String(v.smtpUser ?? ''),
        ...(password ? { password } : {}),
        fromAddress: String(v.fromAddress ?? ''),
        fromName: String(v.fromName ?? ''),
        senders: (v.senders as { departmentId: string; fromAddress: string; fromName: string }[] | undefined) ?? [],
        signature: v.signature as { zh: string; en: string },
        digestHour: Number(v.digestHour ?? 8),
      },
      { onSuccess: () => message.success(t('common.saved')), onError: (e) => onProblem(e, { form }) },
    );
  };
  return (
    <Card>
      <Typography.Paragraph type="secondary">{t('mail.settings.hint')}</Typography.Paragraph>
      {data.passwordUnreadable && <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('mail.settings.passwordUnreadable')} />}
      <Form form={form} layout="vertical" name="mail-settings" onFinish={submit} disabled={save.isPending} style={{ maxWidth: 720 }}>
        <Space.Compact block>
          <Form.Item name="smtpHost" label={t('mail.settings.host')} style={{ flex: 3 }}>
            <Input data-testid="mail-smtp-host" placeholder="smtp.example.com" />
          </Form.Item>
          <Form.Item name="smtpPort" label={t('mail.settings.port')} style={{ flex: 1 }}>
            <InputNumber min={1} max={65535} style={{ width: '100%' }} data-testid="mail-smtp-port" />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="smtpSecurity" label={t('mail.settings.security')}>
          <Select
            data-testid="mail-smtp-security"
            options={[
              { value: 'none', label: t('mail.settings.securityNone') },
              { value: 'starttls', label: t('mail.settings.securityStarttls') },
              { value: 'tls', label: t('mail.settings.securityTls') },
            ]}
          />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="smtpUser" label={t('mail.settings.user')} style={{ flex: 1 }}>
            <Input autoComplete="off" data-testid="mail-smtp-user" />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('mail.settings.password')}
            style={{ flex: 1 }}
            extra={data.passwordSet ? t('mail.settings.passwordKept') : undefined}
          >
            <Input.Password autoComplete="new-password" data-testid="mail-smtp-password" />
          </Form.Item>
        </Space.Compact>
        <Space.Compact block>
          <Form.Item name="fromAddress" label={t('mail.settings.fromAddress')} style={{ flex: 1 }}>
            <Input data-testid="mail-from-address" />
          </Form.Item>
          <Form.Item name="fromName" label={t('mail.settings.fromName')} style={{ flex: 1 }}>
            <Input data-testid="mail-from-name" />
          </Form.Item>
        </Space.Compact>
        <Typography.Text strong>{t('mail.settings.senders')}</Typography.Text>
        <Form.List name="senders">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="baseline" wrap>
                  <Form.Item name={[f.name, 'departmentId']} rules={[{ required: true }]}>
                    <Select
                      style={{ width: 160 }}
                      placeholder={t('mail.settings.senderDepartment')}
                      options={(depts?.items ?? []).map((d) => ({ value: d.id, label: localized(d.name) }))}
                    />
                  </Form.Item>
                  <Form.Item name={[f.name, 'fromAddress']} rules={[{ required: true }]}>
                    <Input placeholder={t('mail.settings.senderAddress')} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'fromName']}>
                    <Input placeholder={t('mail.settings.senderName')} />
                  </Form.Item>
                  <Button type="text" icon={<DeleteOutlined />} aria-label={t('mail.settings.remove')} onClick={() => remove(f.name)} />
                </Space>
              ))}
              <Form.Item>
                <Button icon={<PlusOutlined />} onClick={() => add({ fromName: '' })}>
                  {t('mail.settings.addSender')}
                </Button>
              </Form.Item>
            </>
          )}
        </Form.List>
        <Form.Item name="digestHour" label={w('digestHour')}>
          <InputNumber min={0} max={23} style={{ width: 120 }} data-testid="mail-digest-hour" />
        </Form.Item>
        <Form.Item name={['signature', 'zh']} label={t('mail.settings.signatureZh')}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.Item name={['signature', 'en']} label={t('mail.settings.signatureEn')}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="mail-settings-save">
          {t('common.save')}
        </Button>
      </Form>
      <Space style={{ marginTop: 24 }} wrap>
        <Input
          style={{ width: 280 }}
          placeholder={t('mail.settings.testTo')}
          value={testTo}
          onChange={(e) => setTestTo(e.target.value)}
          data-testid="mail-test-to"
        />
        <Button
          icon={<SendOutlined />}
          loading={test.isPending}
          disabled={!testTo}
          data-testid="mail-test-send"
          onClick={() =>
            test.mutate(
              { to: testTo },
              { onSuccess: (r) => message.success(t('mail.settings.testSent', { messageId: r.messageId })), onError: (e) => onProblem(e) },
            )
          }
        >
          {t('mail.settings.test')}
        </Button>
      </Space>
    </Card>
  );
}

function TemplateEditor({ tpl }: { tpl: TMailTemplate }) {
  const t = useT();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const save = useSaveMailTemplate();
  const [form] = Form.useForm();
  useLayoutEffect(() => {
    form.setFieldsValue({ subject: tpl.subject, body: tpl.body });
  }, [tpl, form]);
  return (
    <Form
      form={form}
      layout="vertical"
      name={`mail-template-${tpl.key}`}
      onFinish={(v: { subject: { zh: string; en: string }; body: { zh: string; en: string } }) =>
        save.mutate(
          { key: tpl.key, body: { revision: tpl.revision, subject: v.subject, body: v.body } },
          { onSuccess: () => message.success(t('common.saved')), onError: (e) => onProblem(e, { form }) },
        )
      }
    >
      <Typography.Paragraph type="secondary">
        {t('mail.templates.variables')}:{' '}
        {tpl.variables.map((v) => (
          <Tag key={v}>{`{{${v}}}`}</Tag>
        ))}
      </Typography.Paragraph>
      <Form.Item name={['subject', 'zh']} label={t('mail.templates.subjectZh')}>
        <Input />
      </Form.Item>
      <Form.Item name={['body', 'zh']} label={t('mail.templates.bodyZh')}>
        <Input.TextArea rows={8} />
      </Form.Item>
      <Form.Item name={['subject', 'en']} label={t('mail.templates.subjectEn')}>
        <Input />
      </Form.Item>
      <Form.Item name={['body', 'en']} label={t('mail.templates.bodyEn')}>
        <Input.TextArea rows={8} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={save.isPending} data-testid={`mail-template-save-${tpl.key}`}>
        {t('common.save')}
      </Button>
    </Form>
  );
}

function TemplatesTab() {
  const t = useT();
  const { data } = useMailTemplates();
  return (
    <Card>
      <Typography.Paragraph type="secondary">{t('mail.templates.hint')}</Typography.Paragraph>
      <Tabs
        tabPosition="left"
        items={(data?.items ?? []).map((tpl) => ({
          key: tpl.key,
          label: (
            <span>
              {t(`mail.templates.names.${tpl.key}`)} <Tag>{t('mail.templates.revision', { revision: tpl.revision })}</Tag>
            </span>
          ),
          children: <TemplateEditor tpl={tpl} />,
        }))}
      />
    </Card>
  );
}

function QueueTab() {
  const t = useT();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const { locale } = useLocale();
  const [status, setStatus] = useState<TMailMessage['status'] | undefined>(undefined);
  const { data, isLoading } = useMailQueue(status);
  const retry = useRetryMail();
  const columns: TableColumnsType<TMailMessage> = [
    { title: t('mail.queue.statusCol'), key: 'status', width: 110, render: (_, m) => <MailStatusTag m={m} /> },
    { title: t('mail.queue.to'), key: 'to', render: (_, m) => [m.toName, m.email].filter(Boolean).join(' · ') },
    { title: t('mail.queue.subject'), dataIndex: 'subject' },
    { title: t('mail.queue.record'), key: 'ref', render: (_, m) => m.refTitle ?? '' },
    { title: t('mail.queue.attempts'), dataIndex: 'attempts', width: 90 },
    {
      title: t('mail.queue.nextAttempt'),
      key: 'next',
      render: (_, m) => (m.status === 'queued' && m.nextAttemptAt ? <DateTime value={m.nextAttemptAt} /> : null),
    },
    {
      title: t('mail.queue.error'),
      key: 'err',
      render: (_, m) =>
        m.lastErrorCode ? (
          <Typography.Text type="danger">
            {m.lastErrorCode in errorCodes ? errorMessage(m.lastErrorCode as ErrorCode, locale) : m.lastErrorCode}
          </Typography.Text>
        ) : null,
    },
    { title: t('mail.queue.sentAt'), key: 'sent', render: (_, m) => <DateTime value={m.sentAt} /> },
    {
      title: t('common.actions'),
      key: 'a',
      render: (_, m) =>
        m.status !== 'sent' ? (
          <Button
            size="small"
            icon={<ReloadOutlined />}
            data-testid={`mail-retry-${m.id}`}
            onClick={() => retry.mutate(m.id, { onSuccess: () => message.success(t('mail.queue.retried')), onError: (e) => onProblem(e) })}
          >
            {t('mail.queue.retry')}
          </Button>
        ) : m.communicationId ? (
          <Link to={`/communications/${m.communicationId}`}>{m.messageId}</Link>
        ) : null,
    },
  ];
  return (
    <Card>
      <Select<TMailMessage['status'] | 'all'>
        style={{ width: 160, marginBottom: 12 }}
        value={status ?? 'all'}
        onChange={(v) => setStatus(v === 'all' ? undefined : v)}
        data-testid="mail-queue-status"
        options={[
          { value: 'all', label: t('mail.queue.all') },
          ...(['queued', 'sending', 'sent', 'failed'] as const).map((s) => ({ value: s, label: t(`mail.queue.status.${s}`) })),
        ]}
      />
      <Table<TMailMessage>
        size="small"
        rowKey="id"
        loading={isLoading}
        columns={columns}
        dataSource={data?.items ?? []}
        locale={{ emptyText: t('mail.queue.empty') }}
        data-testid="mail-queue"
      />
    </Card>
  );
}

function MailboxModal({ box, open, onClose }: { box: TMailbox | null; open: boolean; onClose(): void }) {
  const t = useT();
  const onProblem = useProblemHandler();
  const save = useSaveMailbox();
  const [form] = Form.useForm();
  useLayoutEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(box ? { ...box, password: '' } : { imapPort: 993, imapSecurity: 'tls', active: true });
  }, [open, box, form]);
  return (
    <Modal
      open={open}
      title={box ? box.name : t('mail.mailboxes.new')}
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
        name="mailbox"
        onFinish={(v: Record<string, unknown>) => {
          const body = {
            name: String(v.name ?? ''),
            imapHost: String(v.imapHost ?? ''),
            imapPort: Number(v.imapPort),
            imapSecurity: v.imapSecurity as 'none' | 'starttls' | 'tls',
            imapUser: String(v.imapUser ?? ''),
            active: !!v.active,
            password: String(v.password ?? ''),
          };
          save.mutate(box ? { id: box.id, body: { ...body, version: box.version, password: body.password || null } } : { body }, {
            onSuccess: onClose,
            onError: (e) => onProblem(e, { form }),
          });
        }}
      >
        <Form.Item name="name" label={t('mail.mailboxes.name')}>
          <Input data-testid="mailbox-name" />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="imapHost" label={t('mail.mailboxes.host')} style={{ flex: 3 }}>
            <Input data-testid="mailbox-host" />
          </Form.Item>
          <Form.Item name="imapPort" label={t('mail.mailboxes.port')} style={{ flex: 1 }}>
            <InputNumber min={1} max={65535} style={{ width: '100%' }} data-testid="mailbox-port" />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="imapSecurity" label={t('mail.settings.security')}>
          <Select
            options={[
              { value: 'none', label: t('mail.settings.securityNone') },
              { value: 'starttls', label: 'STARTTLS (143)' },
              { value: 'tls', label: 'SSL/TLS (993)' },
            ]}
          />
        </Form.Item>
        <Form.Item name="imapUser" label={t('mail.mailboxes.user')}>
          <Input autoComplete="off" data-testid="mailbox-user" />
        </Form.Item>
        <Form.Item name="password" label={t('mail.mailboxes.password')} extra={box?.passwordSet ? t('mail.settings.passwordKept') : undefined}>
          <Input.Password autoComplete="new-password" data-testid="mailbox-password" />
        </Form.Item>
        <Form.Item name="active" label={t('mail.mailboxes.active')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function MailboxesTab() {
  const t = useT();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const { data, isLoading } = useMailboxes();
  const poll = usePollMailbox();
  const [editing, setEditing] = useState<TMailbox | 'new' | null>(null);
  const columns: TableColumnsType<TMailbox> = [
    { title: t('mail.mailboxes.name'), dataIndex: 'name', render: (name: string, b) => <a onClick={() => setEditing(b)}>{name}</a> },
    { title: t('mail.mailboxes.host'), key: 'host', render: (_, b) => `${b.imapUser}@${b.imapHost}:${b.imapPort}` },
    { title: t('mail.mailboxes.active'), key: 'active', render: (_, b) => (b.active ? <Tag color="green">✓</Tag> : <Tag>—</Tag>) },
    { title: t('mail.mailboxes.lastPolled'), key: 'polled', render: (_, b) => <DateTime value={b.lastPolledAt} relative /> },
    {
      title: t('mail.mailboxes.lastError'),
      key: 'err',
      render: (_, b) => (b.lastError ? <Typography.Text type="danger">{b.lastError}</Typography.Text> : null),
    },
    {
      title: t('mail.mailboxes.watch'),
      key: 'watch',
      render: (_, b) =>
        b.active ? (
          <Space direction="vertical" size={0} data-testid={`mailbox-watch-${b.id}`}>
            <Tag color={b.watchState === 'idling' ? 'green' : b.watchState === 'reconnecting' ? 'orange' : undefined}>
              {t(`mail.mailboxes.watchStates.${b.watchState ?? 'none'}`)}
            </Tag>
            {b.watchError ? <Typography.Text type="danger">{b.watchError}</Typography.Text> : null}
            {b.watchChangedAt ? (
              <Typography.Text type="secondary">
                <DateTime value={b.watchChangedAt} relative />
              </Typography.Text>
            ) : null}
          </Space>
        ) : null,
    },
    {
      title: t('common.actions'),
      key: 'a',
      render: (_, b) => (
        <Button
          size="small"
          icon={<ReloadOutlined />}
          loading={poll.isPending && poll.variables === b.id}
          data-testid={`mailbox-poll-${b.id}`}
          onClick={() =>
            poll.mutate(b.id, {
              onSuccess: (r) => message.success(t('mail.mailboxes.polled', { fetched: r.fetched, logged: r.logged, triage: r.triage, skipped: r.skipped })),
              onError: (e) => onProblem(e),
            })
          }
        >
          {t('mail.mailboxes.poll')}
        </Button>
      ),
    },
  ];
  return (
    <Card>
      <Typography.Paragraph type="secondary">{t('mail.mailboxes.hint')}</Typography.Paragraph>
      <Button type="primary" icon={<PlusOutlined />} style={{ marginBottom: 12 }} onClick={() => setEditing('new')} data-testid="mailbox-new">
        {t('mail.mailboxes.new')}
      </Button>
      <Table<TMailbox> size="small" rowKey="id" loading={isLoading} columns={columns} dataSource={data?.items ?? []} />
      <MailboxModal box={editing === 'new' ? null : editing} open={editing !== null} onClose={() => setEditing(null)} />
    </Card>
  );
}

export function MailAdminPage() {
  const t = useT();
  const w = useFeatureT(notifyWords);
  const rw = useFeatureT(rulesWords);
  const [tab, setTab] = useState('settings');
  return (
    <>
      <PageHeader title={t('mail.adminTitle')} />
      <Tabs
        activeKey={tab}
        onChange={setTab}
        destroyOnHidden
        items={[
          { key: 'settings', label: t('mail.tabs.settings'), children: <SettingsTab /> },
          { key: 'templates', label: t('mail.tabs.templates'), children: <TemplatesTab /> },
          { key: 'queue', label: <span data-testid="mail-tab-queue">{t('mail.tabs.queue')}</span>, children: <QueueTab /> },
          { key: 'mailboxes', label: <span data-testid="mail-tab-mailboxes">{t('mail.tabs.mailboxes')}</span>, children: <MailboxesTab /> },
          { key: 'rules', label: <span data-testid="mail-tab-rules">{rw('tab')}</span>, children: <RulesTab /> },
          { key: 'robots', label: <span data-testid="mail-tab-robots">{w('robots.tab')}</span>, children: <RobotsTab /> },
        ]}
      />
    </>
  );
}
