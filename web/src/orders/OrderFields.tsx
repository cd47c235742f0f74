import { useEffect } from 'react';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Tag,
  Tooltip,
  Typography,
  type FormInstance,
} from 'antd';
import { DeleteOutlined, PlusOutlined, QuestionCircleOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { CreateOrderRequest, OrderLineInput, acceptanceBases, orderForms } from '../../../contracts/orders.js';
import { useT } from '../i18n/index.js';
import { useCan } from '../identity/index.js';
import { maxLengthOf, rulesFor } from '../platform/zodRule.js';
import { CustomerSelect, useCustomer } from '../parties/index.js';
import { AttachmentUpload, AttachmentList, type TAttachment } from '../communications/index.js';
import { ModelInput, useProductList } from '../products/index.js';
import { formIcons } from './labels.js';
import type { TOrder } from './api.js';

export interface LineValues {
  id?: string;
  model?: string;
  spec?: string | null;
  quantity?: number;
  unit?: string;
  requestedDate?: Dayjs | null;
  use?: string | null;
  qualityStandard?: string | null;
  hsfRequirement?: string | null;
  specialRequirements?: string | null;
  unitPrice?: number | null;
  currency?: string;
  unclear?: boolean;
  unclearNote?: string | null;
  acceptanceBasis?: string;
}

export interface OrderValues {
  partyId?: string;
  contactId?: string | null;
  customerPo?: string | null;
  form: string;
  orderDate?: Dayjs;
  receivedAt?: Dayjs;
  notes?: string | null;
  attachments?: TAttachment[];
  lines: LineValues[];
  reason?: string;
}

export const emptyLine = (): LineValues => ({ unit: 'pcs', currency: 'CNY', unclear: false, acceptanceBasis: 'standard' });

export function freshOrder(partyId?: string): OrderValues {
  const now = dayjs().second(0).millisecond(0);
  return { partyId, form: 'fax', orderDate: now.startOf('day'), receivedAt: now, attachments: [], lines: [emptyLine()] };
}

/** The order as the form holds it (edit): dates as dayjs, prices only when visible. */
export function orderToValues(o: TOrder): OrderValues {
  return {
    partyId: o.partyId,
    contactId: o.contactId,
    customerPo: o.customerPo,
    form: o.form,
    orderDate: dayjs(o.orderDate),
    receivedAt: dayjs(o.receivedAt),
    notes: o.notes,
    attachments: [],
    lines: o.lines.map((l) => ({
      id: l.id,
      model: l.model,
      spec: l.spec,
      quantity: l.quantity,
      unit: l.unit,
      requestedDate: dayjs(l.requestedDate),
      use: l.use,
      qualityStandard: l.qualityStandard,
      hsfRequirement: l.hsfRequirement,
      specialRequirements: l.specialRequirements,
      unitPrice: l.unitPrice,
      currency: l.currency,
      unclear: l.unclear,
      unclearNote: l.unclearNote,
      acceptanceBasis: l.acceptanceBasis,
    })),
  };
}

/** Form values → the request's shape (civil dates as YYYY-MM-DD, attachments as ids), before `toRequest`. */
export function valuesToBody(v: OrderValues, canSeePrices: boolean): Record<string, unknown> {
  const { attachments, ...rest } = v;
  return {
    ...rest,
    orderDate: v.orderDate?.format('YYYY-MM-DD'),
    attachmentIds: (attachments ?? []).map((a) => a.id),
    lines: (v.lines ?? []).map((l) => {
      const line: Record<string, unknown> = {
        ...l,
        requestedDate: l.requestedDate ? l.requestedDate.format('YYYY-MM-DD') : undefined,
        unclearNote: l.unclear ? l.unclearNote : null,
      };
      // a user who cannot see prices never sends one: the server keeps what is there
      if (!canSeePrices) delete line.unitPrice;
      return line;
    }),
  };
}

const shape = CreateOrderRequest.shape;
const lineShape = OrderLineInput.shape;

function LineCard({
  form,
  index,
  name,
  onRemove,
  canRemove,
  canSeePrices,
}: {
  form: FormInstance<OrderValues>;
  index: number;
  name: number;
  onRemove(): void;
  canRemove: boolean;
  canSeePrices: boolean;
}) {
  const t = useT();
  const rules = rulesFor(OrderLineInput);
  const p = `line-${index}`;
  const unclear = Form.useWatch(['lines', name, 'unclear'], form) as boolean | undefined;
  const model = (Form.useWatch(['lines', name, 'model'], form) as string | undefined)?.trim();
  const { data: match } = useProductList({ q: model || undefined, pageSize: 5 }, !!model);
  const product = model ? match?.items.find((x) => x.model.toLowerCase() === model.toLowerCase()) : undefined;
  return (
    <Card
      size="small"
      data-testid={`line-row-${index}`}
      style={{ marginBottom: 8, borderColor: unclear ? '#ffd591' : undefined, background: unclear ? '#fffbf0' : undefined }}
      title={
        <Flex gap={8} align="center">
          <span>
            {t('order.line.no')} {index + 1}
          </span>
          {model && !match
            ? null
            : model &&
              (product ? (
                product.inBom ? (
                  <Tag color="green">{t('order.line.inCatalogue')}</Tag>
                ) : (
                  <Tag color="orange">{t('order.line.notInBom')}</Tag>
                )
              ) : (
                <Tag color="orange">{t('order.line.notInBom')}</Tag>
              ))}
          {unclear && <Tag color="warning">{t('order.line.unclearTag')}</Tag>}
        </Flex>
      }
      extra={
        canRemove && (
          <Tooltip title={t('order.line.remove')}>
            <Button
              type="text"
              danger
              size="small"
              icon={<DeleteOutlined />}
              onClick={onRemove}
              aria-label={t('order.line.remove')}
              data-testid={`${p}-remove`}
            />
          </Tooltip>
        )
      }
    >
      <Form.Item name={[name, 'id']} hidden>
        <Input />
      </Form.Item>
      <Row gutter={8}>
        <Col xs={24} md={6}>
          <Form.Item name={[name, 'model']} label={t('order.line.model')} rules={rules.model}>
            <ModelInput
              maxLength={maxLengthOf(lineShape.model)}
              data-testid={`${p}-model`}
              onPick={(prod) => {
                if (!form.getFieldValue(['lines', name, 'spec'])) form.setFieldValue(['lines', name, 'spec'], prod.spec);
              }}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={5}>
          <Form.Item name={[name, 'spec']} label={t('order.line.spec')} rules={rules.spec}>
            <Input maxLength={maxLengthOf(lineShape.spec)} data-testid={`${p}-spec`} />
          </Form.Item>
        </Col>
        <Col xs={12} md={4}>
          <Form.Item
            name={[name, 'quantity']}
            label={t('order.line.quantity')}
            rules={[
              { required: true, message: t('form.required') },
              { type: 'integer', min: 1, message: t('form.minNumber', { n: 1 }) },
            ]}
          >
            <InputNumber style={{ width: '100%' }} min={1} precision={0} data-testid={`${p}-quantity`} />
          </Form.Item>
        </Col>
        <Col xs={12} md={3}>
          <Form.Item name={[name, 'unit']} label={t('order.line.unit')} rules={rules.unit}>
            <Input maxLength={maxLengthOf(lineShape.unit)} data-testid={`${p}-unit`} />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item
            name={[name, 'requestedDate']}
            label={t('order.line.requestedDate')}
            dependencies={['orderDate']}
            rules={[{ required: true, message: t('form.required') }]}
          >
            <DatePicker
              style={{ width: '100%' }}
              disabledDate={(d) => {
                const od = form.getFieldValue('orderDate') as Dayjs | undefined;
                return !!od && d.isBefore(od, 'day');
              }}
              data-testid={`${p}-requested-date`}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name={[name, 'use']} label={t('order.line.use')} rules={rules.use}>
            <Input maxLength={maxLengthOf(lineShape.use)} data-testid={`${p}-use`} />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name={[name, 'qualityStandard']} label={t('order.line.qualityStandard')} rules={rules.qualityStandard}>
            <Input maxLength={maxLengthOf(lineShape.qualityStandard)} data-testid={`${p}-quality`} />
          </Form.Item>
        </Col>
        <Col xs={24} md={5}>
          <Form.Item name={[name, 'hsfRequirement']} label={t('order.line.hsfRequirement')} rules={rules.hsfRequirement}>
            <Input maxLength={maxLengthOf(lineShape.hsfRequirement)} data-testid={`${p}-hsf`} />
          </Form.Item>
        </Col>
        {canSeePrices && (
          <>
            <Col xs={12} md={4}>
              <Form.Item name={[name, 'unitPrice']} label={t('order.line.unitPrice')} rules={rules.unitPrice}>
                <InputNumber style={{ width: '100%' }} min={0} data-testid={`${p}-unit-price`} />
              </Form.Item>
            </Col>
            <Col xs={12} md={3}>
              <Form.Item name={[name, 'currency']} label={t('order.line.currency')} rules={rules.currency}>
                <Select options={['CNY', 'USD', 'HKD', 'EUR', 'JPY'].map((c) => ({ value: c, label: c }))} data-testid={`${p}-currency`} />
              </Form.Item>
            </Col>
          </>
        )}
        <Col xs={24} md={6}>
          <Form.Item name={[name, 'acceptanceBasis']} label={t('order.line.acceptanceBasis')} tooltip={t('order.line.acceptanceHint')}>
            <Select options={acceptanceBases.map((b) => ({ value: b, label: t(`order.acceptance.${b}`) }))} data-testid={`${p}-acceptance`} />
          </Form.Item>
        </Col>
        <Col xs={24} md={canSeePrices ? 18 : 24}>
          <Form.Item name={[name, 'specialRequirements']} label={t('order.line.specialRequirements')} rules={rules.specialRequirements}>
            <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={maxLengthOf(lineShape.specialRequirements)} data-testid={`${p}-special`} />
          </Form.Item>
        </Col>
        <Col xs={24} md={5}>
          <Form.Item name={[name, 'unclear']} valuePropName="checked" style={{ marginBottom: 8 }}>
            <Checkbox data-testid={`${p}-unclear`}>
              <QuestionCircleOutlined style={{ color: '#d48806' }} /> {t('order.line.unclear')}
            </Checkbox>
          </Form.Item>
        </Col>
        {unclear && (
          <Col xs={24} md={19}>
            <Form.Item name={[name, 'unclearNote']} rules={[{ required: true, whitespace: true, message: t('form.required') }]} style={{ marginBottom: 8 }}>
              <Input placeholder={t('order.line.unclearPlaceholder')} maxLength={maxLengthOf(lineShape.unclearNote)} data-testid={`${p}-unclear-note`} />
            </Form.Item>
          </Col>
        )}
      </Row>
    </Card>
  );
}

/**
 * The fields of an order — intake (`create`) and edit while in intake. Test ids
 * `order-customer`, `order-po`, `order-form-<form>`, `line-<i>-model`…
 */
export function OrderFields({
  form,
  mode,
  partyLabel,
  existingAttachments,
}: {
  form: FormInstance<OrderValues>;
  mode: 'create' | 'edit';
  partyLabel?: string;
  existingAttachments?: TAttachment[];
}) {
  const t = useT();
  const can = useCan();
  const canSeePrices = can('prices.read');
  const rules = rulesFor(CreateOrderRequest);
  const partyId = Form.useWatch('partyId', form) as string | undefined;
  const { data: customer, isFetching } = useCustomer(partyId);
  const contacts = (customer?.contacts ?? []).filter((c) => !c.voided);

  useEffect(() => {
    if (mode !== 'create' || !customer || customer.id !== partyId) return;
    const current = form.getFieldValue('contactId') as string | undefined;
    if (current && contacts.some((c) => c.id === current)) return;
    const pick = contacts.find((c) => c.isPrimary) ?? (contacts.length === 1 ? contacts[0] : undefined);
    form.setFieldValue('contactId', pick?.id);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [customer?.id, partyId]);

  return (
    <>
      <Row gutter={12}>
        <Col xs={24} md={12}>
          {mode === 'create' ? (
            <Form.Item name="partyId" label={t('order.fields.party')} rules={rules.partyId}>
              <CustomerSelect allowClear={false} autoFocus data-testid="order-customer" />
            </Form.Item>
          ) : (
            <Form.Item label={t('order.fields.party')}>
              <Input value={partyLabel} disabled />
            </Form.Item>
          )}
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name="contactId" label={t('order.fields.contact')} rules={rules.contactId}>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              loading={isFetching}
              disabled={!partyId}
              options={contacts.map((c) => ({ value: c.id, label: c.title ? `${c.name} (${c.title})` : c.name }))}
              data-testid="order-contact"
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name="customerPo" label={t('order.fields.customerPo')} rules={rules.customerPo}>
            <Input maxLength={maxLengthOf(shape.customerPo)} data-testid="order-po" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="form" label={t('order.fields.form')} rules={rules.form}>
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              options={orderForms.map((f) => ({
                value: f,
                label: (
                  <span data-testid={`order-form-${f}`}>
                    {formIcons[f]} {t(`order.forms.${f}`)}
                  </span>
                ),
              }))}
            />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="orderDate" label={t('order.fields.orderDate')} rules={[{ required: true, message: t('form.required') }]}>
            <DatePicker style={{ width: '100%' }} allowClear={false} data-testid="order-order-date" />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="receivedAt" label={t('order.fields.receivedAt')} rules={[{ required: true, message: t('form.required') }]}>
            <DatePicker
              showTime={{ format: 'HH:mm' }}
              format="YYYY-MM-DD HH:mm"
              style={{ width: '100%' }}
              allowClear={false}
              disabledDate={(d) => d.isAfter(dayjs().endOf('day'))}
              data-testid="order-received-at"
            />
          </Form.Item>
        </Col>
      </Row>
      <Typography.Title level={5} style={{ marginTop: 4 }}>
        {t('order.fields.lines')}
      </Typography.Title>
      {!canSeePrices && mode === 'edit' && <Alert type="info" showIcon title={t('order.pricesHidden')} style={{ marginBottom: 8 }} />}
      <Form.List name="lines">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f, i) => (
              <LineCard
                key={f.key}
                form={form}
                index={i}
                name={f.name}
                onRemove={() => remove(f.name)}
                canRemove={fields.length > 1}
                canSeePrices={canSeePrices}
              />
            ))}
            <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add(emptyLine())} data-testid="line-add" style={{ marginBottom: 16 }}>
              {t('order.line.add')}
            </Button>
          </>
        )}
      </Form.List>
      <Row gutter={12}>
        <Col span={24}>
          <Form.Item name="notes" label={t('order.fields.notes')} rules={rules.notes}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={maxLengthOf(shape.notes)} data-testid="order-notes" />
          </Form.Item>
        </Col>
        {!!existingAttachments?.length && (
          <Col span={24}>
            <Form.Item label={t('comm.existingAttachments')}>
              <AttachmentList items={existingAttachments} />
            </Form.Item>
          </Col>
        )}
        <Col span={24}>
          <Form.Item name="attachments" label={t('order.fields.attachments')} valuePropName="value">
            <AttachmentUpload testId="order-attachments" />
          </Form.Item>
        </Col>
      </Row>
    </>
  );
}
