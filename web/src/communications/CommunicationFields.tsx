import { useEffect, type Ref } from 'react';
import { Alert, Col, DatePicker, Form, Input, Radio, Row, Select, type FormInstance, type RefSelectProps } from 'antd';
import { ApartmentOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { CreateCommunicationRequest, directions, topics } from '../../../contracts/communications.js';
import { channels } from '../../../contracts/parties.js';
import { useT } from '../i18n/index.js';
import { maxLengthOf, rulesFor } from '../platform/zodRule.js';
import { UserSelect } from '../platform/UserSelect.js';
import { CustomerSelect, useCustomer } from '../parties/index.js';
import { AttachmentUpload } from './AttachmentUpload.js';
import { AttachmentList } from './AttachmentList.js';
import type { TAttachment } from './api.js';
import { channelIcons } from './labels.js';
import { useLocalized } from '../i18n/index.js';
import { useAllProcedures, type TProcedureDefinition, useDeadlineText } from '../procedures/index.js';

/** Procedures that start by themselves when a record with these values is saved (startWhen). */
export function autoStarting(defs: TProcedureDefinition[], recordType: string, values: Record<string, unknown>): TProcedureDefinition[] {
  return defs.filter(
    (d) => d.recordType === recordType && d.startWhen && Object.keys(d.startWhen).length > 0 && Object.entries(d.startWhen).every(([k, v]) => values[k] === v),
  );
}

/** "将启动客户咨询程序，24 工作小时内答复" under the topic, before the clerk saves. */
function ProcedureHint({ form, testId }: { form: FormInstance; testId: string }) {
  const t = useT();
  const loc = useLocalized();
  const deadlineText = useDeadlineText();
  const defs = useAllProcedures();
  const topic = Form.useWatch('topic', form) as string | undefined;
  const direction = Form.useWatch('direction', form) as string | undefined;
  const channel = Form.useWatch('channel', form) as string | undefined;
  const starting = autoStarting(defs, 'communication', { topic, direction, channel });
  if (!starting.length) return null;
  return (
    <Alert
      type="info"
      showIcon
      icon={<ApartmentOutlined />}
      style={{ marginBottom: 12 }}
      data-testid={testId}
      title={starting.map((d) => {
        const first = d.steps.find((s) => s.id === d.start);
        const action = d.transitions.find((tr) => tr.from === d.start);
        return (
          <div key={d.id}>
            {first?.deadline && action
              ? t('procedure.willStartDue', { title: loc(d.title), deadline: deadlineText(first.deadline), action: loc(action.action) })
              : t('procedure.willStart', { title: loc(d.title) })}
          </div>
        );
      })}
    />
  );
}

const shape = CreateCommunicationRequest.shape;

/** The follow-up date is a day; it falls due at the end of that working day. */
export const FOLLOW_UP_HOUR = 18;

/**
 * The fields of a communication, shared by quick entry (`create`) and correction. Test
 * ids are `${prefix}-customer`, `${prefix}-subject`…
 */
export function CommunicationFields(props: {
  form: FormInstance;
  mode: 'create' | 'correct';
  prefix: string;
  customerRef?: Ref<RefSelectProps>;
  /** in correction the customer is fixed: its label */
  partyLabel?: string;
  /** pick the customer's primary contact when the customer changes */
  autoContact?: boolean;
  /** in correction: the files already attached (they stay; new uploads are added) */
  existingAttachments?: TAttachment[];
}) {
  const t = useT();
  const rules = rulesFor(CreateCommunicationRequest);
  const partyId = Form.useWatch('partyId', props.form) as string | undefined;
  const { data: customer, isFetching } = useCustomer(partyId);
  const contacts = (customer?.contacts ?? []).filter((c) => !c.voided);
  const p = props.prefix;

  useEffect(() => {
    if (!props.autoContact || !customer || customer.id !== partyId) return;
    const current = props.form.getFieldValue('contactId') as string | undefined;
    if (current && contacts.some((c) => c.id === current)) return;
    const pick = contacts.find((c) => c.isPrimary) ?? (contacts.length === 1 ? contacts[0] : undefined);
    props.form.setFieldValue('contactId', pick?.id);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [customer?.id, partyId]);

  const presets = [
    { label: t('comm.presets.tomorrow'), value: dayjs().add(1, 'day') },
    { label: t('comm.presets.in3days'), value: dayjs().add(3, 'day') },
    { label: t('comm.presets.nextWeek'), value: dayjs().add(7, 'day') },
    { label: t('comm.presets.in2weeks'), value: dayjs().add(14, 'day') },
  ];

  return (
    <Row gutter={12}>
      <Col span={24}>
        {props.mode === 'create' ? (
          <Form.Item name="partyId" label={t('comm.fields.party')} rules={rules.partyId}>
            <CustomerSelect ref={props.customerRef} allowClear={false} data-testid={`${p}-customer`} />
          </Form.Item>
        ) : (
          <Form.Item label={t('comm.fields.party')}>
            <Input value={props.partyLabel} disabled />
          </Form.Item>
        )}
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item name="contactId" label={t('comm.fields.contact')} rules={rules.contactId}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            loading={isFetching}
            disabled={!partyId}
            placeholder={partyId ? (contacts.length ? t('comm.pickContact') : t('comm.noContacts')) : t('comm.pickCustomerFirst')}
            options={contacts.map((c) => ({ value: c.id, label: c.title ? `${c.name} (${c.title})` : c.name }))}
            data-testid={`${p}-contact`}
          />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item name="channel" label={t('comm.fields.channel')} rules={rules.channel}>
          <Select
            showSearch={{ optionFilterProp: 'search' }}
            options={channels.map((c) => ({
              value: c,
              label: (
                <span>
                  {channelIcons[c]} {t(`enums.channel.${c}`)}
                </span>
              ),
              search: `${c} ${t(`enums.channel.${c}`)}`,
            }))}
            data-testid={`${p}-channel`}
          />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item name="direction" label={t('comm.fields.direction')} rules={rules.direction}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={directions.map((d) => ({ value: d, label: t(`enums.direction.${d}`) }))}
            data-testid={`${p}-direction`}
          />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item name="topic" label={t('comm.fields.topic')} rules={rules.topic} tooltip={t('comm.topicHint')}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={topics.map((x) => ({ value: x, label: t(`enums.topic.${x}`) }))}
            data-testid={`${p}-topic`}
          />
        </Form.Item>
      </Col>
      {props.mode === 'create' && (
        <Col span={24}>
          <ProcedureHint form={props.form} testId={`${p}-procedure-hint`} />
        </Col>
      )}
      <Col xs={24} sm={12}>
        <Form.Item name="occurredAt" label={t('comm.fields.occurredAt')} rules={rules.occurredAt}>
          <DatePicker
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            style={{ width: '100%' }}
            allowClear={false}
            disabledDate={(d) => d.isAfter(dayjs().endOf('day'))}
            data-testid={`${p}-occurred-at`}
          />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item name="ourUserId" label={t('comm.fields.ourUser')} rules={rules.ourUserId}>
          <UserSelect allowClear={false} data-testid={`${p}-our-user`} />
        </Form.Item>
      </Col>
      <Col span={24}>
        <Form.Item name="subject" label={t('comm.fields.subject')} rules={rules.subject}>
          <Input maxLength={maxLengthOf(shape.subject)} data-testid={`${p}-subject`} />
        </Form.Item>
      </Col>
      <Col span={24}>
        <Form.Item name="content" label={t('comm.fields.content')} rules={rules.content}>
          <Input.TextArea autoSize={{ minRows: 4, maxRows: 14 }} maxLength={maxLengthOf(shape.content)} data-testid={`${p}-content`} />
        </Form.Item>
      </Col>
      <Col span={24}>
        <Form.Item name="result" label={t('comm.fields.result')} rules={rules.result}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 6 }} maxLength={maxLengthOf(shape.result)} data-testid={`${p}-result`} />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item name="followUpDue" label={t('comm.fields.followUpDue')} rules={rules.followUpDue} tooltip={t('comm.followUpHint')}>
          <DatePicker presets={presets} style={{ width: '100%' }} disabledDate={(d) => d.isBefore(dayjs().startOf('day'))} data-testid={`${p}-follow-up`} />
        </Form.Item>
      </Col>
      {!!props.existingAttachments?.length && (
        <Col span={24}>
          <Form.Item label={t('comm.existingAttachments')}>
            <AttachmentList items={props.existingAttachments} />
          </Form.Item>
        </Col>
      )}
      <Col span={24}>
        <Form.Item name="attachments" label={props.mode === 'correct' ? t('comm.addAttachments') : t('comm.fields.attachments')} valuePropName="value">
          <AttachmentUpload testId={`${p}-attachments`} />
        </Form.Item>
      </Col>
    </Row>
  );
}
