import './words.js';
import { useEffect, useState } from 'react';
import { App, Alert, Button, Card, Form, Input, InputNumber, Radio, Select, Space, Typography } from 'antd';
import { SendOutlined } from '@ant-design/icons';
import { useNavigate, useSearchParams } from 'react-router';
import { templateKeys } from '../../../contracts/mail.js';
import { api } from '../api/client.js';
import { useT } from '../i18n/index.js';
import { PageHeader } from '../platform/PageHeader.js';
import { useProblemHandler } from '../platform/problem.js';
import { useCompose, useSendMail, type TComposed } from './api.js';

type Lang = 'zh-CN' | 'en-US';
type Key = (typeof templateKeys)[number];

/**
 * Write a mail about a record: the template filled in from the record (both languages), edited by the user, then
 * queued. `/mail/compose?template=general&type=customer&id=…`. A complaint's confirmation link is created and mailed
 * in one step (the link is filled in only when the mail leaves).
 */
export function ComposeMailPage() {
  const t = useT();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const [params] = useSearchParams();
  const type = params.get('type') ?? 'customer';
  const id = params.get('id') ?? '';
  const [templateKey, setTemplateKey] = useState<Key>(
    (templateKeys as readonly string[]).includes(params.get('template') ?? '') ? (params.get('template') as Key) : 'general',
  );
  const compose = useCompose();
  const send = useSendMail();
  const [composed, setComposed] = useState<TComposed | null>(null);
  const [sending, setSending] = useState(false);
  const [form] = Form.useForm();
  const linkMail = templateKey === 'complaint-confirmation' && type === 'complaint';

  useEffect(() => {
    if (!id) return;
    compose.mutate(
      { templateKey, ref: { type, id } },
      {
        onSuccess: (c) => {
          setComposed(c);
          form.setFieldsValue({ contactId: c.contactId, language: c.language, subject: c.subject, body: c.body, days: 14 });
        },
        onError: (e) => onProblem(e),
      },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [templateKey, type, id]);

  const switchLanguage = (l: Lang) => {
    if (!composed) return;
    const text = composed.texts[l === 'en-US' ? 'en' : 'zh'];
    form.setFieldsValue({ subject: text.subject, body: text.body });
  };

  const submit = async (v: { contactId: string; language: Lang; subject: string; body: string; days?: number }) => {
    setSending(true);
    try {
      if (linkMail) {
        const complaint = await api.get<{ version: number }>(`/api/complaints/${id}`);
        await api.post(`/api/complaints/${id}/customer-links`, {
          version: complaint.version,
          days: v.days ?? 14,
          channel: 'email',
          mail: { language: v.language, subject: v.subject, body: v.body },
        });
      } else {
        await send.mutateAsync({
          templateKey,
          templateRevision: composed?.templateRevision,
          ref: { type, id },
          contactId: v.contactId,
          language: v.language,
          subject: v.subject,
          body: v.body,
        });
      }
      message.success(t('mail.compose.sent'));
      navigate(-1);
    } catch (e) {
      onProblem(e, { form });
    } finally {
      setSending(false);
    }
  };

  return (
    <>
      <PageHeader title={t('mail.compose.title')} subtitle={composed?.partyName} />
      <Card>
        <Typography.Paragraph type="secondary">{t('mail.compose.hint')}</Typography.Paragraph>
        <Form form={form} layout="vertical" name="compose-mail" onFinish={submit} disabled={sending || !composed} style={{ maxWidth: 860 }}>
          <Space wrap>
            <Form.Item label={t('mail.compose.template')}>
              <Select<Key>
                style={{ width: 240 }}
                value={templateKey}
                onChange={setTemplateKey}
                data-testid="compose-template"
                options={templateKeys.map((k) => ({ value: k, label: t(`mail.templates.names.${k}`) }))}
              />
            </Form.Item>
            <Form.Item name="contactId" label={t('mail.compose.contact')} rules={[{ required: true }]}>
              <Select
                style={{ width: 240 }}
                disabled={linkMail}
                data-testid="compose-contact"
                options={(composed?.contacts ?? []).map((c) => ({
                  value: c.id,
                  label: c.hasAddress ? c.name : `${c.name} ${t('mail.compose.noAddress')}`,
                  disabled: !c.hasAddress,
                }))}
              />
            </Form.Item>
            <Form.Item name="language" label={t('mail.compose.language')}>
              <Radio.Group
                onChange={(e) => switchLanguage(e.target.value as Lang)}
                optionType="button"
                options={[
                  { value: 'zh-CN', label: '中文' },
                  { value: 'en-US', label: 'English' },
                ]}
              />
            </Form.Item>
            {linkMail && (
              <Form.Item name="days" label={t('mail.compose.linkDays')}>
                <InputNumber min={1} max={60} />
              </Form.Item>
            )}
          </Space>
          {composed?.pending.length ? (
            <Alert type="info" showIcon style={{ marginBottom: 12 }} title={composed.pending.map((p) => `{{${p}}}`).join(' ')} />
          ) : null}
          <Form.Item name="subject" label={t('mail.compose.subject')} rules={[{ required: true }]}>
            <Input data-testid="compose-subject" />
          </Form.Item>
          <Form.Item name="body" label={t('mail.compose.body')} rules={[{ required: true }]}>
            <Input.TextArea rows={14} data-testid="compose-body" />
          </Form.Item>
          <Button type="primary" htmlType="submit" icon={<SendOutlined />} loading={sending} data-testid="compose-send">
            {t('mail.compose.send')}
          </Button>
        </Form>
      </Card>
    </>
  );
}
