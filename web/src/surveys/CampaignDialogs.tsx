import { useState, useLayoutEffect } from 'react';
import { Alert, DatePicker, Form, Input, InputNumber, Modal, Radio, Select, Typography, type ButtonProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { channels } from '../../../contracts/parties.js';
import { useLocalized, useT } from '../i18n/index.js';
import { useProblemHandler } from '../platform/problem.js';
import { AttachmentUpload, type TAttachment } from '../communications/index.js';
import { absoluteUrl, useEnterResponse, useRecordReply, useReissueLink, type TSurveyCampaign, type TSurveyLink } from './api.js';

type Recipient = TSurveyCampaign['recipients'][number];

/** A returned paper / fax / email form typed in by Sales, with the scan. */
export function EnterResponseModal({ campaign, recipient, onClose }: { campaign: TSurveyCampaign; recipient: Recipient | null; onClose(): void }) {
  const t = useT();
  const loc = useLocalized();
  const [form] = Form.useForm<{
    source: 'paper' | 'fax' | 'email';
    receivedAt: Dayjs;
    scan: TAttachment[];
    scores: Record<string, number>;
    recommend: number | null;
    comments?: string;
  }>();
  const enter = useEnterResponse(campaign.id);
  const onProblem = useProblemHandler();
  useLayoutEffect(() => {
    if (recipient) form.resetFields();
  }, [recipient, form]);
  const submit = async () => {
    let v;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    try {
      await enter.mutateAsync({
        recipientId: recipient!.id,
        source: v.source,
        receivedAt: v.receivedAt.toISOString(),
        attachmentIds: (v.scan ?? []).map((a) => a.id),
        scores: v.scores,
        recommend: v.recommend ?? null,
        comments: v.comments?.trim() || null,
      });
      onClose();
    } catch (e) {
      onProblem(e, { form });
    }
  };
  return (
    <Modal
      open={!!recipient}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={enter.isPending}
      width={640}
      title={t('survey.enter.title', { contact: recipient?.contactName ?? '', customer: recipient?.partyName ?? '' })}
      okButtonProps={{ 'data-testid': 'enter-submit' } as ButtonProps}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ source: 'fax', receivedAt: dayjs(), recommend: null }}>
        <Form.Item name="source" label={t('survey.enter.source')}>
          <Radio.Group optionType="button" options={(['fax', 'paper', 'email'] as const).map((s) => ({ value: s, label: t(`survey.source.${s}`) }))} />
        </Form.Item>
        <Form.Item name="receivedAt" label={t('survey.enter.receivedAt')} rules={[{ required: true, message: t('form.required') }]}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item
          name="scan"
          label={t('survey.enter.scan')}
          rules={[{ required: true, type: 'array', min: 1, message: t('survey.enter.scanRequired') }]}
          valuePropName="value"
        >
          <AttachmentUpload testId="enter-scan" />
        </Form.Item>
        {campaign.template.dimensions.map((d) => (
          <Form.Item
            key={d.key}
            name={['scores', d.key]}
            label={loc(d.name)}
            rules={[{ required: true, message: t('survey.public.rateThis') }]}
            style={{ marginBottom: 8 }}
          >
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              options={[1, 2, 3, 4, 5].map((n) => ({ value: n, label: String(n) }))}
              data-testid={`enter-score-${d.key}`}
            />
          </Form.Item>
        ))}
        <Form.Item name="recommend" label={loc(campaign.template.recommendQuestion)}>
          <InputNumber min={0} max={10} precision={0} data-testid="enter-recommend" />
        </Form.Item>
        <Form.Item name="comments" label={loc(campaign.template.commentsQuestion)}>
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** A new link for a contact (the old one stops working); shown once. */
export function ReissueLinkModal({ campaignId, recipient, onClose }: { campaignId: string; recipient: Recipient | null; onClose(): void }) {
  const t = useT();
  const [form] = Form.useForm<{ reason: string }>();
  const reissue = useReissueLink(campaignId);
  const onProblem = useProblemHandler();
  const [link, setLink] = useState<TSurveyLink | null>(null);
  useLayoutEffect(() => {
    if (recipient) {
      form.resetFields();
      setLink(null);
    }
  }, [recipient, form]);
  const submit = async () => {
    if (link) return onClose();
    let v;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    try {
      setLink(await reissue.mutateAsync({ recipientId: recipient!.id, reason: v.reason }));
    } catch (e) {
      onProblem(e, { form });
    }
  };
  return (
    <Modal
      open={!!recipient}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={reissue.isPending}
      title={t('survey.reissue.title', { contact: recipient?.contactName ?? '' })}
      okText={link ? t('common.close') : t('survey.reissue.ok')}
    >
      {link ? (
        <>
          <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('survey.links.once')} />
          <Typography.Text copyable={{ text: absoluteUrl(link.url) }} style={{ wordBreak: 'break-all' }} data-testid="reissued-url">
            {absoluteUrl(link.url)}
          </Typography.Text>
        </>
      ) : (
        <Form form={form} layout="vertical">
          <Typography.Paragraph type="secondary">{t('survey.reissue.hint')}</Typography.Paragraph>
          <Form.Item name="reason" label={t('common.reason')} rules={[{ required: true, min: 2, message: t('form.required') }]}>
            <Input maxLength={500} />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}

/** Record that the reply letter went to the customer (a communication on the survey). */
export function RecordReplyModal({
  campaignId,
  customer,
  onClose,
}: {
  campaignId: string;
  customer: { partyId: string; partyName: string } | null;
  onClose(): void;
}) {
  const t = useT();
  const [form] = Form.useForm<{ channel: string; sentAt: Dayjs; note?: string }>();
  const record = useRecordReply(campaignId);
  const onProblem = useProblemHandler();
  useLayoutEffect(() => {
    if (customer) form.resetFields();
  }, [customer, form]);
  const submit = async () => {
    let v;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    try {
      await record.mutateAsync({ partyId: customer!.partyId, channel: v.channel as 'email', sentAt: v.sentAt.toISOString(), note: v.note?.trim() || null });
      onClose();
    } catch (e) {
      onProblem(e, { form });
    }
  };
  return (
    <Modal
      open={!!customer}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={record.isPending}
      title={t('survey.reply.recordTitle', { customer: customer?.partyName ?? '' })}
      okButtonProps={{ 'data-testid': 'reply-submit' } as ButtonProps}
    >
      <Typography.Paragraph type="secondary">{t('survey.reply.recordHint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ channel: 'email', sentAt: dayjs() }}>
        <Form.Item name="channel" label={t('survey.fields.channel')}>
          <Select options={channels.map((c) => ({ value: c, label: t(`enums.channel.${c}`) }))} />
        </Form.Item>
        <Form.Item name="sentAt" label={t('survey.reply.sentAt')} rules={[{ required: true, message: t('form.required') }]}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item name="note" label={t('survey.reply.note')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
