import { useLayoutEffect, useState } from 'react';
import dayjs, { type Dayjs } from 'dayjs';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, DatePicker, Descriptions, Drawer, Empty, Form, Input, Modal, Select, Space, Table, Typography, type ButtonProps } from 'antd';
import { legalBases } from '../../../contracts/privacy.js';
import { useLocale, useT } from '../i18n/index.js';
import { featureWord, useFeatureT } from '../i18n/feature.js';
import { privacyZh } from './i18n.zh-CN.js';
import { privacyEn } from './i18n.en-US.js';

const words = { 'zh-CN': privacyZh, 'en-US': privacyEn };
const usePrivacyT = () => useFeatureT(words);
import { useProblemHandler } from '../platform/problem.js';
import { DateTime } from '../platform/DateTime.js';
import { exportPersonalData, useAnonymise, useContactPrivacy, useUpdatePrivacy, type TContactPrivacyView } from './api.js';

interface Contact {
  id: string;
  name: string;
}

/** PIPL for one contact: legal basis, the requests handled (export, erasure) and who viewed the personal data. */
export function ContactPrivacyDrawer({ contact, onClose }: { contact: Contact | null; onClose(): void }) {
  const p = usePrivacyT();
  const { data, isLoading } = useContactPrivacy(contact?.id);
  return (
    <Drawer open={!!contact} onClose={onClose} title={p('title', { name: contact?.name ?? '' })} size={760} destroyOnHidden data-testid="privacy-drawer">
      {contact && (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Typography.Paragraph type="secondary">{p('intro')}</Typography.Paragraph>
          {isLoading || !data ? null : data.privacy.anonymisedAt ? (
            <Alert
              type="info"
              showIcon
              title={p('anonymised', { at: dayjs(data.privacy.anonymisedAt).format('YYYY-MM-DD HH:mm') })}
              data-testid="privacy-anonymised"
            />
          ) : (
            <>
              <BasisForm contactId={contact.id} view={data} />
              <RequestButtons contact={contact} />
            </>
          )}
          {data && <Requests view={data} />}
          {data && <Views view={data} />}
        </Space>
      )}
    </Drawer>
  );
}

function BasisForm({ contactId, view }: { contactId: string; view: TContactPrivacyView }) {
  const p = usePrivacyT();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ legalBasis?: string; consentAt?: Dayjs | null; source?: string; note?: string }>();
  const update = useUpdatePrivacy(contactId);
  const onProblem = useProblemHandler();
  const basis = Form.useWatch('legalBasis', form);
  useLayoutEffect(() => {
    const p = view.privacy;
    form.setFieldsValue({
      legalBasis: p.legalBasis ?? undefined,
      consentAt: p.consentAt ? dayjs(p.consentAt) : null,
      source: p.source ?? undefined,
      note: p.note ?? undefined,
    });
  }, [view, form]);
  const save = async () => {
    const v = await form.validateFields();
    try {
      await update.mutateAsync({
        legalBasis: v.legalBasis as (typeof legalBases)[number],
        consentAt: v.consentAt ? v.consentAt.startOf('day').toISOString() : null,
        source: v.source ?? '',
        note: v.note ?? null,
        version: view.privacy.version,
      });
      message.success(p('saved'));
    } catch (e) {
      onProblem(e, { form });
    }
  };
  return (
    <Form form={form} layout="vertical" name="privacy-basis" data-testid="privacy-basis-form">
      {!view.privacy.legalBasis && <Alert type="warning" showIcon title={p('none')} style={{ marginBottom: 12 }} />}
      <Space wrap align="start">
        <Form.Item name="legalBasis" label={p('basis')} rules={[{ required: true }]} style={{ minWidth: 240 }}>
          <Select data-testid="privacy-basis" options={legalBases.map((b) => ({ value: b, label: p(`bases.${b}`) }))} />
        </Form.Item>
        {basis === 'consent' && (
          <Form.Item name="consentAt" label={p('consentAt')} rules={[{ required: true }]}>
            <DatePicker data-testid="privacy-consent-at" />
          </Form.Item>
        )}
      </Space>
      <Form.Item name="source" label={p('source')} rules={[{ required: true, max: 200 }]} extra={p('sourceHint')}>
        <Input data-testid="privacy-source" maxLength={200} />
      </Form.Item>
      <Form.Item name="note" label={p('note')} rules={[{ max: 500 }]}>
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
      <Button type="primary" onClick={save} loading={update.isPending} data-testid="privacy-save">
        {p('save')}
      </Button>
    </Form>
  );
}

type RequestForm = { receivedAt?: Dayjs; channel?: string; requester?: string; reason?: string; confirmName?: string; format?: 'json' | 'xlsx' };

function RequestButtons({ contact }: { contact: Contact }) {
  const t = useT();
  const p = usePrivacyT();
  const { message, notification } = App.useApp();
  const onProblem = useProblemHandler();
  const anonymise = useAnonymise(contact.id);
  const summaryText = useSummaryText();
  const qc = useQueryClient();
  const [open, setOpen] = useState<'export' | 'anonymise' | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<RequestForm>();
  useLayoutEffect(() => {
    if (open)
      form.setFieldsValue({ receivedAt: dayjs(), channel: undefined, requester: contact.name, reason: undefined, confirmName: undefined, format: 'json' });
  }, [open, form, contact.name]);
  const submit = async () => {
    const v = await form.validateFields();
    const base = { receivedAt: v.receivedAt!.toISOString(), channel: v.channel!, requester: v.requester! };
    setBusy(true);
    try {
      if (open === 'export') {
        const number = await exportPersonalData(contact.id, { ...base, format: v.format ?? 'json' });
        await qc.invalidateQueries({ queryKey: ['privacy', contact.id] }); // the request is on the list now
        message.success(p('exported', { number }));
      } else {
        const { request } = await anonymise.mutateAsync({ ...base, reason: v.reason!, confirmName: v.confirmName! });
        notification.success({ title: p('anonymisedDone', { number: request.number, summary: summaryText(request.summary) }) });
      }
      setOpen(null);
    } catch (e) {
      onProblem(e, { form });
    } finally {
      setBusy(false);
    }
  };
  const channels = ['email', 'letter', 'phone', 'visit', 'portal'] as const;
  return (
    <>
      <Space wrap>
        <Button onClick={() => setOpen('export')} data-testid="privacy-export">
          {p('export')}
        </Button>
        <Button danger onClick={() => setOpen('anonymise')} data-testid="privacy-anonymise">
          {p('anonymise')}
        </Button>
      </Space>
      <Modal
        open={!!open}
        title={open === 'anonymise' ? p('anonymiseTitle', { name: contact.name }) : p('exportTitle')}
        okText={open === 'anonymise' ? p('anonymise') : p('export')}
        okButtonProps={{ danger: open === 'anonymise', loading: busy, 'data-testid': 'privacy-request-submit' } as ButtonProps}
        cancelText={t('common.cancel')}
        onOk={submit}
        onCancel={() => setOpen(null)}
        destroyOnHidden
      >
        {open === 'anonymise' && <Alert type="warning" showIcon title={p('anonymiseWarning')} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical" name="privacy-request">
          <Space wrap align="start">
            <Form.Item name="receivedAt" label={p('request.receivedAt')} rules={[{ required: true }]}>
              <DatePicker />
            </Form.Item>
            <Form.Item name="channel" label={p('request.channel')} rules={[{ required: true }]} style={{ minWidth: 160 }}>
              <Select data-testid="privacy-request-channel" options={channels.map((c) => ({ value: c, label: t(`enums.channel.${c}`) }))} />
            </Form.Item>
          </Space>
          <Form.Item name="requester" label={p('request.requester')} rules={[{ required: true, max: 100 }]}>
            <Input maxLength={100} />
          </Form.Item>
          {open === 'export' && (
            <Form.Item name="format" label={p('request.format')}>
              <Select
                data-testid="privacy-export-format"
                options={[
                  { value: 'json', label: 'JSON' },
                  { value: 'xlsx', label: 'Excel (.xlsx)' },
                ]}
              />
            </Form.Item>
          )}
          {open === 'anonymise' && (
            <>
              <Form.Item name="reason" label={p('request.reason')} rules={[{ required: true, max: 500 }]}>
                <Input.TextArea rows={2} maxLength={500} data-testid="privacy-reason" />
              </Form.Item>
              <Form.Item name="confirmName" label={p('request.confirmName')} rules={[{ required: true }]} extra={contact.name}>
                <Input data-testid="privacy-confirm-name" autoComplete="off" />
              </Form.Item>
            </>
          )}
        </Form>
      </Modal>
    </>
  );
}

function Requests({ view }: { view: TContactPrivacyView }) {
  const p = usePrivacyT();
  if (!view.requests.length) return null;
  return (
    <>
      <Typography.Title level={5}>{p('requests')}</Typography.Title>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        data-testid="privacy-requests"
        dataSource={view.requests}
        columns={[
          { title: p('columns.number'), dataIndex: 'number' },
          { title: p('columns.kind'), dataIndex: 'kind', render: (k: 'access' | 'anonymise') => p(`requestKinds.${k}`) },
          { title: p('columns.receivedAt'), dataIndex: 'receivedAt', render: (v: string) => dayjs(v).format('YYYY-MM-DD') },
          { title: p('columns.requester'), dataIndex: 'requester' },
          { title: p('columns.handledBy'), dataIndex: 'handledByName' },
          { title: p('columns.summary'), dataIndex: 'summary', render: (s: Record<string, number>) => <SummaryText summary={s} /> },
        ]}
      />
    </>
  );
}

function Views({ view }: { view: TContactPrivacyView }) {
  const p = usePrivacyT();
  return (
    <>
      <Typography.Title level={5}>{p('views', { n: view.viewCount })}</Typography.Title>
      {view.views.length ? (
        <Descriptions size="small" column={1} bordered data-testid="privacy-views">
          {view.views.slice(0, 100).map((v, i) => (
            <Descriptions.Item key={i} label={<DateTime value={v.at} />}>
              {v.userName} · <Typography.Text code>{v.route}</Typography.Text>
            </Descriptions.Item>
          ))}
        </Descriptions>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={p('noViews')} />
      )}
    </>
  );
}

/** What a request found or changed, per kind of record, in the user's language. */
function useSummaryText() {
  const { locale } = useLocale();
  return (summary: Record<string, number>) =>
    Object.entries(summary)
      .map(([k, n]) => `${featureWord(words[locale], `records.${k}`) ?? k} ${n}`)
      .join(' · ');
}

function SummaryText({ summary }: { summary: Record<string, number> }) {
  return <>{useSummaryText()(summary)}</>;
}
