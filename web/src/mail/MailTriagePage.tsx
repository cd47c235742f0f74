import './words.js';
import { useLayoutEffect, useState } from 'react';
import { App, Checkbox, Form, Input, Modal, Segmented, Table, Tag, Typography, type ButtonProps, type TableColumnsType } from 'antd';
import { Link } from 'react-router';
import { IgnoreIncomingRequest } from '../../../contracts/mail.js';
import { useLocalized, useT } from '../i18n/index.js';
import { useDepartments } from '../identity/index.js';
import { PageHeader } from '../platform/PageHeader.js';
import { DateTime } from '../platform/DateTime.js';
import { ReasonModal } from '../platform/ReasonModal.js';
import { useProblemHandler } from '../platform/problem.js';
import { CustomerSelect } from '../parties/index.js';
import { useAssignIncoming, useIgnoreIncoming, useIncoming, type TIncomingMail } from './api.js';

/** The mail itself: the server's sanitised HTML when there is some, else the plain text. */
export function MailBody({ m }: { m: TIncomingMail }) {
  if (m.htmlBody) return <div className="accord-mail-body" style={{ maxHeight: 400, overflow: 'auto' }} dangerouslySetInnerHTML={{ __html: m.htmlBody }} />;
  return <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{m.textBody}</Typography.Paragraph>;
}

function AssignModal({ mail, onClose }: { mail: TIncomingMail | null; onClose(): void }) {
  const t = useT();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const assign = useAssignIncoming();
  const [form] = Form.useForm();
  const createContact = Form.useWatch('createContact', form);
  useLayoutEffect(() => {
    if (!mail) return;
    form.resetFields();
    form.setFieldsValue({ createContact: false, contactName: mail.fromName });
  }, [mail, form]);
  return (
    <Modal
      open={!!mail}
      title={t('mail.triage.assign')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('mail.triage.assign')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: assign.isPending, 'data-testid': 'triage-assign-ok' } as ButtonProps}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        name="triage-assign"
        onFinish={(v: { partyId: string; createContact: boolean; contactName?: string; reason: string }) =>
          mail &&
          assign.mutate(
            {
              id: mail.id,
              body: { version: mail.version, partyId: v.partyId, createContact: !!v.createContact, contactName: v.contactName || null, reason: v.reason ?? '' },
            },
            { onSuccess: () => (message.success(t('mail.triage.assigned')), onClose()), onError: (e) => onProblem(e, { form }) },
          )
        }
      >
        <Form.Item name="partyId" label={t('mail.triage.customer')} rules={[{ required: true }]}>
          <CustomerSelect data-testid="triage-customer" />
        </Form.Item>
        <Form.Item name="createContact" valuePropName="checked">
          <Checkbox data-testid="triage-create-contact">{t('mail.triage.createContact')}</Checkbox>
        </Form.Item>
        {createContact && (
          <Form.Item name="contactName" label={t('mail.triage.contactName')}>
            <Input />
          </Form.Item>
        )}
        <Form.Item name="reason" label={t('mail.triage.reason')} rules={[{ required: true, min: 2 }]}>
          <Input.TextArea rows={2} data-testid="triage-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function MailTriagePage() {
  const t = useT();
  const localized = useLocalized();
  const { data: depts } = useDepartments();
  const deptName = (id: string | null) => {
    const d = id ? depts?.items.find((x) => x.id === id) : undefined;
    return d ? localized(d.name) : null;
  };
  const { message } = App.useApp();
  const [status, setStatus] = useState<'triage' | 'logged' | 'ignored'>('triage');
  const { data, isLoading } = useIncoming(status);
  const ignore = useIgnoreIncoming();
  const [assigning, setAssigning] = useState<TIncomingMail | null>(null);
  const [ignoring, setIgnoring] = useState<TIncomingMail | null>(null);
  const columns: TableColumnsType<TIncomingMail> = [
    { title: t('mail.triage.received'), key: 'at', width: 170, render: (_, m) => <DateTime value={m.receivedAt} /> },
    { title: t('mail.triage.from'), key: 'from', render: (_, m) => [m.fromName, m.email].filter(Boolean).join(' · ') },
    {
      title: t('mail.triage.subject'),
      key: 'subject',
      render: (_, m) => (m.communicationId ? <Link to={`/communications/${m.communicationId}`}>{m.subject}</Link> : m.subject),
    },
    // the department a mail rule assigned the mail to, beside its mailbox
    {
      title: t('mail.triage.mailbox'),
      key: 'mailbox',
      width: 160,
      render: (_, m) => [m.mailboxName, deptName(m.departmentId)].filter(Boolean).map((x) => <div key={x}>{x}</div>),
    },
    {
      title: t('mail.triage.notes'),
      key: 'notes',
      render: (_, m) => [
        ...m.notes.map((n) => (
          <Tag key={n} color="orange">
            {n}
          </Tag>
        )),
        m.resolvedReason ? <Tag key="r">{m.resolvedReason}</Tag> : null,
      ],
    },
    {
      title: t('common.actions'),
      key: 'a',
      width: 200,
      render: (_, m) =>
        m.status === 'triage' ? (
          <>
            <a onClick={() => setAssigning(m)} data-testid={`triage-assign-${m.id}`}>
              {t('mail.triage.assign')}
            </a>
            {' · '}
            <a onClick={() => setIgnoring(m)} data-testid={`triage-ignore-${m.id}`}>
              {t('mail.triage.ignore')}
            </a>
          </>
        ) : null,
    },
  ];
  return (
    <>
      <PageHeader title={t('mail.triage.title')} subtitle={t('mail.triage.hint')} />
      <Segmented
        style={{ marginBottom: 12 }}
        value={status}
        onChange={(v) => setStatus(v as typeof status)}
        options={(['triage', 'logged', 'ignored'] as const).map((s) => ({ value: s, label: t(`mail.triage.show.${s}`) }))}
      />
      <Table<TIncomingMail>
        size="small"
        rowKey="id"
        loading={isLoading}
        columns={columns}
        dataSource={data?.items ?? []}
        expandable={{ expandedRowRender: (m) => <MailBody m={m} /> }}
        locale={{ emptyText: t('mail.triage.empty') }}
        data-testid="triage-list"
      />
      <AssignModal mail={assigning} onClose={() => setAssigning(null)} />
      <ReasonModal
        open={!!ignoring}
        title={t('mail.triage.ignore')}
        label={t('mail.triage.reason')}
        okText={t('mail.triage.ignore')}
        schema={IgnoreIncomingRequest.shape.reason}
        onSubmit={(reason) =>
          ignore
            .mutateAsync({ id: ignoring!.id, body: { version: ignoring!.version, reason: reason ?? '' } })
            .then(() => message.success(t('mail.triage.ignored')))
        }
        onClose={() => setIgnoring(null)}
      />
    </>
  );
}
