import { useEffect, useState } from 'react';
import { Alert, Button, Card, DatePicker, Flex, Form, Input, InputNumber, Modal, Result, Select, Table, Typography, type ButtonProps } from 'antd';
import { CopyOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useNavigate } from 'react-router';
import { channels } from '../../../contracts/parties.js';
import { useLocalized, useT } from '../i18n/index.js';
import { PageHeader } from '../platform/PageHeader.js';
import { useProblemHandler } from '../platform/problem.js';
import { CustomerSelect, useCustomer } from '../parties/index.js';
import { absoluteUrl, useCreateCampaign, useTemplates, type TCreatedCampaign } from './api.js';

interface Values {
  title: string;
  templateId: string;
  period: [Dayjs, Dayjs];
  responseDeadline: Dayjs;
  reminderAfterWorkingDays: number;
  channel: string;
  recipients: { partyId?: string; contactId?: string; language: 'zh-CN' | 'en-US' }[];
}

function ContactSelect({ partyId, value, onChange, index }: { partyId: string | undefined; value?: string; onChange?: (v: string) => void; index: number }) {
  const t = useT();
  const { data } = useCustomer(partyId);
  const options = (data?.contacts ?? []).filter((c) => !c.voided).map((c) => ({ value: c.id, label: c.title ? `${c.name}（${c.title}）` : c.name }));
  return (
    <Select
      value={value}
      onChange={onChange}
      options={options}
      placeholder={t('survey.new.contact')}
      disabled={!partyId}
      style={{ minWidth: 180 }}
      data-testid={`recipient-contact-${index}`}
    />
  );
}

/** The links, shown once: only their hashes are kept, so they are copied into the emails now. */
export function LinksModal({ created, onClose }: { created: TCreatedCampaign | null; onClose(): void }) {
  const t = useT();
  return (
    <Modal
      open={!!created}
      onCancel={onClose}
      onOk={onClose}
      width={760}
      title={t('survey.links.title')}
      cancelButtonProps={{ style: { display: 'none' } }}
      okText={t('survey.links.done')}
      okButtonProps={{ 'data-testid': 'links-done' } as ButtonProps}
    >
      <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('survey.links.once')} />
      <Table
        size="small"
        rowKey="recipientId"
        pagination={false}
        dataSource={created?.links ?? []}
        data-testid="campaign-links"
        columns={[
          { title: t('survey.fields.customer'), dataIndex: 'partyName', width: 200 },
          { title: t('survey.new.contact'), dataIndex: 'contactName', width: 100 },
          {
            title: t('survey.links.url'),
            dataIndex: 'url',
            render: (url: string) => (
              <Typography.Text
                copyable={{ text: absoluteUrl(url), icon: <CopyOutlined /> }}
                style={{ wordBreak: 'break-all', fontSize: 12 }}
                data-testid="link-url"
                data-url={absoluteUrl(url)}
              >
                {absoluteUrl(url)}
              </Typography.Text>
            ),
          },
        ]}
      />
    </Modal>
  );
}

/** Send a survey: questionnaire, period, who is asked; each contact gets a link. */
export function CampaignNewPage() {
  const t = useT();
  const loc = useLocalized();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const { data: templates } = useTemplates();
  const create = useCreateCampaign();
  const onProblem = useProblemHandler();
  const [created, setCreated] = useState<TCreatedCampaign | null>(null);
  const current = (templates?.items ?? []).filter((x) => x.current);
  const recipients = Form.useWatch('recipients', form) ?? [];
  const firstTemplate = current[0]?.id;
  useEffect(() => {
    if (firstTemplate && !form.getFieldValue('templateId')) form.setFieldValue('templateId', firstTemplate);
  }, [firstTemplate, form]);
  const submit = async () => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    try {
      const res = await create.mutateAsync({
        title: v.title,
        templateId: v.templateId,
        periodFrom: v.period[0].format('YYYY-MM-DD'),
        periodTo: v.period[1].format('YYYY-MM-DD'),
        responseDeadline: v.responseDeadline.format('YYYY-MM-DD'),
        reminderAfterWorkingDays: v.reminderAfterWorkingDays,
        channel: v.channel as 'email',
        recipients: v.recipients.map((r) => ({ partyId: r.partyId!, contactId: r.contactId!, language: r.language })),
      });
      setCreated(res);
    } catch (e) {
      onProblem(e, { form });
    }
  };
  if (templates && !current.length) {
    return (
      <>
        <PageHeader back="/surveys" title={t('survey.newCampaign')} />
        <Result
          status="info"
          title={t('survey.new.noTemplate')}
          extra={
            <Button type="primary" onClick={() => navigate('/surveys/templates')}>
              {t('survey.template.nav')}
            </Button>
          }
        />
      </>
    );
  }
  return (
    <>
      <PageHeader back="/surveys" title={t('survey.newCampaign')} />
      <Card>
        <Form
          form={form}
          layout="vertical"
          style={{ maxWidth: 900 }}
          initialValues={{
            reminderAfterWorkingDays: 5,
            channel: 'email',
            period: [dayjs().startOf('year'), dayjs().endOf('month')],
            responseDeadline: dayjs().add(14, 'day'),
            recipients: [{ language: 'zh-CN' }],
            title: t('survey.new.defaultTitle', { year: dayjs().year() }),
          }}
        >
          <Form.Item name="title" label={t('survey.fields.title')} rules={[{ required: true, message: t('form.required') }]}>
            <Input maxLength={200} data-testid="campaign-title" />
          </Form.Item>
          <Flex gap={12} wrap>
            <Form.Item
              name="templateId"
              label={t('survey.fields.template')}
              rules={[{ required: true, message: t('form.required') }]}
              style={{ minWidth: 280 }}
            >
              <Select options={current.map((x) => ({ value: x.id, label: `${loc(x.title)} v${x.version}` }))} data-testid="campaign-template" />
            </Form.Item>
            <Form.Item name="period" label={t('survey.fields.period')} rules={[{ required: true, message: t('form.required') }]}>
              <DatePicker.RangePicker data-testid="campaign-period" />
            </Form.Item>
            <Form.Item name="responseDeadline" label={t('survey.fields.responseDeadline')} rules={[{ required: true, message: t('form.required') }]}>
              <DatePicker data-testid="campaign-deadline" />
            </Form.Item>
          </Flex>
          <Flex gap={12} wrap>
            <Form.Item name="reminderAfterWorkingDays" label={t('survey.fields.reminderAfter')} tooltip={t('survey.fields.reminderHint')}>
              <InputNumber min={1} max={60} addonAfter={t('survey.workingDays')} />
            </Form.Item>
            <Form.Item name="channel" label={t('survey.fields.channel')}>
              <Select style={{ width: 160 }} options={channels.map((c) => ({ value: c, label: t(`enums.channel.${c}`) }))} />
            </Form.Item>
          </Flex>
          <Typography.Title level={5}>{t('survey.fields.recipients')}</Typography.Title>
          <Form.List
            name="recipients"
            rules={[{ validator: async (_, v: unknown[]) => (v?.length ? undefined : Promise.reject(new Error(t('survey.new.needRecipient')))) }]}
          >
            {(fields, { add, remove }, { errors }) => (
              <>
                {fields.map((f, i) => (
                  <Flex key={f.key} gap={8} wrap align="start" data-testid={`recipient-row-${i}`}>
                    <Form.Item name={[f.name, 'partyId']} rules={[{ required: true, message: t('form.required') }]} style={{ minWidth: 280, marginBottom: 8 }}>
                      <CustomerSelect
                        data-testid={`recipient-customer-${i}`}
                        onChange={() => form.setFieldValue(['recipients', f.name, 'contactId'], undefined)}
                      />
                    </Form.Item>
                    <Form.Item name={[f.name, 'contactId']} rules={[{ required: true, message: t('form.required') }]} style={{ marginBottom: 8 }}>
                      <ContactSelect partyId={recipients[i]?.partyId} index={i} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'language']} style={{ marginBottom: 8 }}>
                      <Select
                        style={{ width: 110 }}
                        options={[
                          { value: 'zh-CN', label: '中文' },
                          { value: 'en-US', label: 'English' },
                        ]}
                        data-testid={`recipient-language-${i}`}
                      />
                    </Form.Item>
                    {fields.length > 1 && <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} aria-label={t('common.remove')} />}
                  </Flex>
                ))}
                <Button icon={<PlusOutlined />} onClick={() => add({ language: 'zh-CN' })} data-testid="recipient-add">
                  {t('survey.new.addRecipient')}
                </Button>
                <Form.ErrorList errors={errors} />
              </>
            )}
          </Form.List>
          <Flex justify="end" style={{ marginTop: 16 }}>
            <Button type="primary" onClick={submit} loading={create.isPending} data-testid="campaign-submit">
              {t('survey.new.send')}
            </Button>
          </Flex>
        </Form>
      </Card>
      <LinksModal created={created} onClose={() => created && navigate(`/surveys/campaigns/${created.campaign.id}`)} />
    </>
  );
}
