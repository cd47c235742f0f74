import './words.js';
import { useEffect } from 'react';
import { Alert, App, Button, Card, Checkbox, Col, DatePicker, Flex, Form, Input, InputNumber, Row, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useNavigate, useSearchParams } from 'react-router';
import { complaintChannels, complaintKinds, CreateComplaintRequest, remedies } from '../../../contracts/complaints.js';
import { useT } from '../i18n/index.js';
import { PageHeader } from '../platform/PageHeader.js';
import { useProblemHandler } from '../platform/problem.js';
import { useCtrlEnter } from '../platform/useCtrlEnter.js';
import { maxLengthOf, toRequest } from '../platform/zodRule.js';
import { CustomerSelect, useCustomer } from '../parties/index.js';
import { channelIcons, AttachmentUpload, useCommunication, type TAttachment } from '../communications/index.js';
import { useCreateComplaint } from './api.js';

type Values = Record<string, unknown> & { partyId?: string; receivedAt?: Dayjs; attachments?: TAttachment[] };
const shape = CreateComplaintRequest.shape;

export function ContactSelect(props: { partyId: string | undefined; value?: string | null; onChange?: (v: string | null) => void; testId: string }) {
  const { data } = useCustomer(props.partyId);
  const contacts = (data?.contacts ?? []).filter((c) => !c.voided);
  return (
    <Select
      value={props.value ?? undefined}
      onChange={(v) => props.onChange?.(v ?? null)}
      allowClear
      options={contacts.map((c) => ({ value: c.id, label: c.title ? `${c.name} (${c.title})` : c.name }))}
      data-testid={props.testId}
    />
  );
}

export function ComplaintChannelSelect(props: { value?: string; onChange?: (v: string) => void; testId: string }) {
  const t = useT();
  return (
    <Select
      value={props.value}
      onChange={props.onChange}
      options={complaintChannels.map((c) => ({
        value: c,
        label: (
          <span>
            {channelIcons[c]} {t(`enums.channel.${c}`)}
          </span>
        ),
      }))}
      data-testid={props.testId}
    />
  );
}

/** 投诉登记: from fax, phone, email or the portal — or straight from a logged communication (?communicationId=). */
export function ComplaintNewPage() {
  const t = useT();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const create = useCreateComplaint();
  const [form] = Form.useForm<Values>();
  const partyId = Form.useWatch('partyId', form);
  const communicationId = params.get('communicationId') ?? undefined;
  const { data: origin } = useCommunication(communicationId);
  const required = [{ required: true, message: t('form.required') }];

  // a complaint entered from its communication takes the customer, channel, time and text from it
  useEffect(() => {
    if (!origin) return;
    form.setFieldsValue({
      partyId: origin.partyId,
      contactId: origin.contactId,
      channel: (complaintChannels as readonly string[]).includes(origin.channel) ? origin.channel : 'phone',
      receivedAt: dayjs(origin.occurredAt),
      description: origin.content,
    });
  }, [origin, form]);

  const send = (v: Values) => {
    let body;
    try {
      body = toRequest(CreateComplaintRequest, {
        ...v,
        receivedAt: v.receivedAt?.toISOString(),
        attachmentIds: (v.attachments ?? []).map((a) => a.id),
        attachments: undefined,
        originCommunicationId: communicationId ?? null,
        // the mail's photos and files come along onto the complaint (copied; the mail keeps its own)
        originAttachmentIds: (origin?.attachments ?? []).map((a) => a.id),
      });
    } catch (e) {
      return onProblem(e);
    }
    create.mutate(body, {
      onSuccess: (c) => {
        message.success(t('complaint.savedAs', { number: c.number }));
        navigate(`/complaints/${c.id}`);
      },
      onError: (e) => onProblem(e, { form }),
    });
  };
  useCtrlEnter(true, () => form.submit());

  return (
    <>
      <PageHeader back="/complaints" title={t('complaint.newTitle')} subtitle={t('complaint.newHint')} />
      {origin && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={`${t('complaint.fromCommunication', { number: origin.number })} · ${origin.subject}`}
          data-testid="complaint-origin"
        />
      )}
      <Card size="small">
        <Form<Values>
          form={form}
          name="complaint"
          layout="vertical"
          initialValues={{
            kind: 'complaint',
            channel: 'phone',
            receivedAt: dayjs().second(0).millisecond(0),
            remedySought: ['8d-report'],
            partyId: params.get('partyId') ?? undefined,
          }}
          onFinish={send}
          disabled={create.isPending}
          scrollToFirstError
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey && (e.target as HTMLElement).tagName === 'INPUT') e.preventDefault();
          }}
        >
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item name="partyId" label={t('complaint.fields.party')} rules={required}>
                <CustomerSelect allowClear={false} data-testid="complaint-customer" disabled={!!origin} />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item name="kind" label={t('complaint.fields.kind')} rules={required}>
                <Select options={complaintKinds.map((k) => ({ value: k, label: t(`complaint.kinds.${k}`) }))} data-testid="complaint-kind" />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item name="channel" label={t('complaint.fields.channel')} rules={required}>
                <ComplaintChannelSelect testId="complaint-channel" />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item name="receivedAt" label={t('complaint.fields.receivedAt')} rules={required}>
                <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} data-testid="complaint-received" />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item name="contactId" label={t('complaint.fields.contact')}>
                <ContactSelect partyId={partyId} testId="complaint-contact" />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={16}>
            <Col xs={12} md={6}>
              <Form.Item name="model" label={t('complaint.fields.model')} rules={required}>
                <Input maxLength={maxLengthOf(shape.model)} data-testid="complaint-model" />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="lot" label={t('complaint.fields.lot')}>
                <Input maxLength={80} data-testid="complaint-lot" />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="deliveredQuantity" label={t('complaint.fields.deliveredQuantity')}>
                <InputNumber min={0} precision={0} style={{ width: '100%' }} data-testid="complaint-delivered" />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="defectiveQuantity" label={t('complaint.fields.defectiveQuantity')} rules={required}>
                <InputNumber min={0} precision={0} style={{ width: '100%' }} data-testid="complaint-defective" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="description" label={t('complaint.fields.description')} rules={required}>
            <Input.TextArea rows={3} maxLength={8000} data-testid="complaint-description" />
          </Form.Item>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item name="failureMode" label={t('complaint.fields.failureMode')}>
                <Input maxLength={200} data-testid="complaint-failure-mode" />
              </Form.Item>
            </Col>
            <Col xs={24} md={16}>
              <Form.Item name="relatedReports" label={t('complaint.fields.relatedReports')}>
                <Input maxLength={500} data-testid="complaint-related" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item
            name="remedySought"
            label={t('complaint.fields.remedySought')}
            rules={[{ required: true, type: 'array', min: 1, message: t('form.required') }]}
          >
            <Checkbox.Group options={remedies.map((r) => ({ value: r, label: t(`complaint.remedies.${r}`) }))} data-testid="complaint-remedy" />
          </Form.Item>
          <Form.Item name="remedyNote" label={t('complaint.fields.remedyNote')}>
            <Input maxLength={2000} data-testid="complaint-remedy-note" />
          </Form.Item>
          <Form.Item name="attachments" label={t('complaint.fields.attachments')} valuePropName="value">
            <AttachmentUpload testId="complaint-upload" />
          </Form.Item>
          <Flex gap={8} align="center">
            <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="complaint-save">
              {t('common.save')}
            </Button>
            <Button onClick={() => navigate('/complaints')}>{t('common.cancel')}</Button>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('common.ctrlEnterSaves')}
            </Typography.Text>
          </Flex>
        </Form>
      </Card>
    </>
  );
}
