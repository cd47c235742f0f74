import { useState } from 'react';
import { Alert, App, Button, Checkbox, Flex, Form, Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useT } from '../i18n/index.js';
import { useProblemHandler } from '../platform/problem.js';
import { Link } from 'react-router';
import { useCustomerPortal, useCustomerPortalMutations, useCustomerPortalUploads, type TCustomerPortal } from './api.js';
import { useFeatureT } from '../i18n/feature.js';
import { portalZh } from './i18n.zh-CN.js';
import { portalEn } from './i18n.en-US.js';

const portalWords = { 'zh-CN': portalZh, 'en-US': portalEn };
const usePortalT = () => useFeatureT(portalWords);

type Access = TCustomerPortal['access'][number];
type Uploaded = NonNullable<ReturnType<typeof useCustomerPortalUploads>['data']>['items'][number];

/** Documents the customer's contacts uploaded in the portal: who, what, when, on which record, filed as what. */
function PortalUploads({ customerId }: { customerId: string }) {
  const pw = usePortalT();
  const { data } = useCustomerPortalUploads(customerId);
  const columns: TableColumnsType<Uploaded> = [
    { title: pw('staff.uploadedAt'), dataIndex: 'uploadedAt', render: (d: string) => new Date(d).toLocaleString() },
    { title: pw('staff.contact'), dataIndex: 'contactName', render: (n: string | null) => n ?? '—' },
    { title: pw('staff.file'), dataIndex: 'filename' },
    { title: pw('staff.kind'), dataIndex: 'kind', render: (k: Uploaded['kind']) => pw(`upload.kinds.${k}`) },
    {
      title: pw('staff.record'),
      key: 'record',
      render: (_, u) => (u.record ? <Link to={`/${u.record.type === 'order' ? 'orders' : 'complaints'}/${u.record.id}`}>{u.record.number}</Link> : '—'),
    },
    {
      title: pw('staff.status'),
      key: 'status',
      render: (_, u) => (
        <Link to={`/communications/${u.communicationId}`}>
          <Tag color={u.filedAs === 'written-order' ? 'success' : 'processing'} data-testid="customer-portal-upload-status">
            {pw(u.filedAs === 'written-order' ? 'upload.filedWritten' : 'upload.received', { number: u.communicationNumber })}
          </Tag>
        </Link>
      ),
    },
  ];
  return (
    <Table<Uploaded>
      size="small"
      rowKey="id"
      columns={columns}
      dataSource={data?.items ?? []}
      pagination={false}
      data-testid="customer-portal-uploads"
      locale={{ emptyText: pw('upload.noneYet') }}
    />
  );
}
const settingKeys = ['showOrders', 'showComplaints', 'showStepNames', 'showReport', 'showSurveys', 'showVisits', 'allowUploads'] as const;
type SettingKey = (typeof settingKeys)[number];

/** On the customer page (staff): who is invited to the portal, and what it shows this customer. */
export function CustomerPortalTab({ customerId, contacts, canWrite }: { customerId: string; contacts: { id: string; name: string }[]; canWrite: boolean }) {
  const t = useT();
  const pw = usePortalT();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const { data } = useCustomerPortal(customerId);
  const m = useCustomerPortalMutations(customerId);
  const [contactId, setContactId] = useState<string | undefined>();
  const [language, setLanguage] = useState<'zh-CN' | 'en-US'>('zh-CN');
  if (!data) return null;
  const s = data.settings;
  const columns: TableColumnsType<Access> = [
    { title: pw('staff.contact'), dataIndex: 'contactName' },
    { title: pw('staff.invitedAt'), dataIndex: 'invitedAt', render: (d: string) => new Date(d).toLocaleString() },
    { title: pw('staff.lastSignIn'), dataIndex: 'lastSignInAt', render: (d: string | null) => (d ? new Date(d).toLocaleString() : '—') },
    {
      title: pw('staff.active'),
      dataIndex: 'active',
      render: (a: boolean) => (
        <Tag color={a ? 'green' : 'default'} data-testid="portal-access-state">
          {a ? pw('staff.activeYes') : pw('staff.activeNo')}
        </Tag>
      ),
    },
    {
      title: t('common.actions'),
      key: 'a',
      render: (_, a) =>
        canWrite && a.active ? (
          <Button size="small" danger onClick={() => m.revoke.mutate(a.id, { onError: (e) => onProblem(e) })} data-testid="portal-access-revoke">
            {pw('staff.revoke')}
          </Button>
        ) : null,
    },
  ];
  return (
    <Flex vertical gap={12} data-testid="customer-portal-tab">
      <Alert type="info" showIcon title={pw('staff.hint')} />
      {canWrite && (
        <Flex gap={8} wrap>
          <Select
            style={{ minWidth: 200 }}
            placeholder={pw('staff.contact')}
            value={contactId}
            onChange={setContactId}
            options={contacts.map((c) => ({ value: c.id, label: c.name }))}
            data-testid="portal-invite-contact"
          />
          <Select
            style={{ width: 120 }}
            value={language}
            onChange={setLanguage}
            options={[
              { value: 'zh-CN', label: '中文' },
              { value: 'en-US', label: 'English' },
            ]}
            aria-label={pw('staff.language')}
          />
          <Button
            type="primary"
            disabled={!contactId}
            loading={m.invite.isPending}
            data-testid="portal-invite"
            onClick={() =>
              m.invite.mutate({ contactId: contactId!, language }, { onSuccess: () => message.success(pw('staff.invited')), onError: (e) => onProblem(e) })
            }
          >
            {pw('staff.invite')}
          </Button>
        </Flex>
      )}
      <Table<Access> size="small" rowKey="id" columns={columns} dataSource={data.access} pagination={false} />
      <Typography.Title level={5} style={{ margin: 0 }}>
        {pw('staff.uploads')}
      </Typography.Title>
      <PortalUploads customerId={customerId} />
      <Form
        key={s.version}
        layout="inline"
        disabled={!canWrite}
        initialValues={s}
        onFinish={(v: Record<SettingKey, boolean>) =>
          m.settings.mutate(
            { version: s.version, ...(Object.fromEntries(settingKeys.map((k) => [k, !!v[k]])) as Record<SettingKey, boolean>) },
            { onSuccess: () => message.success(t('common.saved')), onError: (e) => onProblem(e) },
          )
        }
      >
        <Form.Item name="showOrders" valuePropName="checked">
          <Checkbox>{pw('staff.showOrders')}</Checkbox>
        </Form.Item>
        <Form.Item name="showComplaints" valuePropName="checked">
          <Checkbox>{pw('staff.showComplaints')}</Checkbox>
        </Form.Item>
        <Form.Item name="showStepNames" valuePropName="checked">
          <Checkbox data-testid="portal-show-steps">{pw('staff.showStepNames')}</Checkbox>
        </Form.Item>
        <Form.Item name="showReport" valuePropName="checked">
          <Checkbox data-testid="portal-show-report">{pw('staff.showReport')}</Checkbox>
        </Form.Item>
        <Form.Item name="showSurveys" valuePropName="checked">
          <Checkbox data-testid="portal-show-surveys">{pw('staff.showSurveys')}</Checkbox>
        </Form.Item>
        <Form.Item name="showVisits" valuePropName="checked">
          <Checkbox data-testid="portal-show-visits">{pw('staff.showVisits')}</Checkbox>
        </Form.Item>
        <Form.Item name="allowUploads" valuePropName="checked">
          <Checkbox data-testid="portal-allow-uploads">{pw('staff.allowUploads')}</Checkbox>
        </Form.Item>
        <Button htmlType="submit" data-testid="portal-settings-save">
          {pw('staff.save')}
        </Button>
      </Form>
    </Flex>
  );
}
