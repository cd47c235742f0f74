import { useEffect } from 'react';
import { Alert, Button, Card, Col, DatePicker, Flex, Form, Input, InputNumber, Row, Select, Tag, Tooltip, Typography, type FormInstance } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { CreateQuotationRequest, QuotationLineInput } from '../../../contracts/quotations.js';
import { useT } from '../i18n/index.js';
import { useCan } from '../identity/index.js';
import { maxLengthOf, rulesFor } from '../platform/zodRule.js';
import { CustomerSelect, useCustomer } from '../parties/index.js';
import { useCommunicationList } from '../communications/index.js';
import { ModelInput } from '../products/index.js';
import type { TQuotation } from './api.js';

export interface QuoteLineValues {
  id?: string;
  model?: string;
  description?: string | null;
  quantity?: number | null;
  unit?: string;
  unitPrice?: number | null;
  breaks?: { minQuantity?: number; unitPrice?: number }[];
  discount?: number | null;
  cost?: number | null;
}

export interface QuotationValues {
  partyId?: string;
  contactId?: string | null;
  requestCommunicationId?: string | null;
  issueDate?: Dayjs;
  validUntil?: Dayjs;
  currency: string;
  terms?: string | null;
  notes?: string | null;
  priceChangeReason?: string | null;
  lines: QuoteLineValues[];
}

export const emptyQuoteLine = (): QuoteLineValues => ({ unit: 'pcs', breaks: [] });

export function freshQuotation(partyId?: string, requestCommunicationId?: string): QuotationValues {
  const today = dayjs().startOf('day');
  return { partyId, requestCommunicationId, issueDate: today, validUntil: today.add(30, 'day'), currency: 'CNY', lines: [emptyQuoteLine()] };
}

export function quotationToValues(q: TQuotation): QuotationValues {
  return {
    partyId: q.partyId,
    contactId: q.contactId,
    requestCommunicationId: q.requestCommunicationId,
    issueDate: dayjs(q.issueDate),
    validUntil: dayjs(q.validUntil),
    currency: q.currency,
    terms: q.terms,
    notes: q.notes,
    priceChangeReason: q.priceChangeReason,
    lines: q.lines.map((l) => ({
      id: l.id,
      model: l.model,
      description: l.description,
      quantity: l.quantity,
      unit: l.unit,
      unitPrice: l.unitPrice,
      breaks: l.breaks.map((b) => ({ minQuantity: b.minQuantity, unitPrice: b.unitPrice ?? undefined })),
      discount: l.discount,
      cost: l.cost,
    })),
  };
}

/** Form values → request shape; a user who cannot see prices sends no price, discount or cost (the server refuses them and keeps the old ones). */
export function quotationValuesToBody(v: QuotationValues, canSeePrices: boolean): Record<string, unknown> {
  return {
    ...v,
    issueDate: v.issueDate?.format('YYYY-MM-DD'),
    validUntil: v.validUntil?.format('YYYY-MM-DD'),
    lines: (v.lines ?? []).map((l) => {
      const line: Record<string, unknown> = { ...l, breaks: (l.breaks ?? []).filter((b) => b && b.minQuantity) };
      if (!canSeePrices) {
        delete line.unitPrice;
        delete line.breaks;
        delete line.discount;
        delete line.cost;
      }
      return line;
    }),
  };
}

const lineShape = QuotationLineInput.shape;

function LineCard({
  form,
  index,
  name,
  onRemove,
  canRemove,
  showPrices,
}: {
  form: FormInstance<QuotationValues>;
  index: number;
  name: number;
  onRemove(): void;
  canRemove: boolean;
  showPrices: boolean;
}) {
  const t = useT();
  const rules = rulesFor(QuotationLineInput);
  const p = `qline-${index}`;
  // a user who cannot see prices may not set them either (the server refuses them by name)
  const priced = showPrices;
  return (
    <Card
      size="small"
      data-testid={`qline-row-${index}`}
      style={{ marginBottom: 8 }}
      title={
        <span>
          {t('quotation.line.no')} {index + 1}
        </span>
      }
      extra={
        canRemove && (
          <Tooltip title={t('quotation.line.remove')}>
            <Button
              type="text"
              danger
              size="small"
              icon={<DeleteOutlined />}
              onClick={onRemove}
              aria-label={t('quotation.line.remove')}
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
          <Form.Item name={[name, 'model']} label={t('quotation.line.model')} rules={rules.model} tooltip={t('quotation.line.modelHint')}>
            <ModelInput
              maxLength={maxLengthOf(lineShape.model)}
              data-testid={`${p}-model`}
              onPick={(prod) => {
                if (!form.getFieldValue(['lines', name, 'description'])) form.setFieldValue(['lines', name, 'description'], prod.spec);
              }}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name={[name, 'description']} label={t('quotation.line.description')} rules={rules.description}>
            <Input maxLength={maxLengthOf(lineShape.description)} data-testid={`${p}-description`} />
          </Form.Item>
        </Col>
        <Col xs={12} md={5}>
          <Form.Item
            name={[name, 'quantity']}
            label={t('quotation.line.quantity')}
            rules={[{ type: 'integer', min: 1, message: t('form.minNumber', { n: 1 }) }]}
          >
            <InputNumber style={{ width: '100%' }} min={1} precision={0} data-testid={`${p}-quantity`} />
          </Form.Item>
        </Col>
        <Col xs={12} md={5}>
          <Form.Item name={[name, 'unit']} label={t('quotation.line.unit')} rules={rules.unit}>
            <Input maxLength={12} data-testid={`${p}-unit`} />
          </Form.Item>
        </Col>
        {priced ? (
          <>
            <Col xs={12} md={6}>
              <Form.Item
                name={[name, 'unitPrice']}
                label={t('quotation.line.unitPrice')}
                rules={[
                  { required: true, message: t('form.required') },
                  { type: 'number', min: 0.000001, message: t('quotation.line.pricePositive') },
                ]}
              >
                <InputNumber style={{ width: '100%' }} min={0} data-testid={`${p}-unit-price`} />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item name={[name, 'discount']} label={t('quotation.line.discount')}>
                <InputNumber style={{ width: '100%' }} min={0} max={100} suffix="%" data-testid={`${p}-discount`} />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item name={[name, 'cost']} label={t('quotation.line.cost')}>
                <InputNumber style={{ width: '100%' }} min={0} data-testid={`${p}-cost`} />
              </Form.Item>
            </Col>
            <Col xs={24} md={10}>
              <Form.Item label={t('quotation.line.breaks')} tooltip={t('quotation.line.breaksHint')} style={{ marginBottom: 0 }}>
                <Form.List name={[name, 'breaks']}>
                  {(fields, { add, remove }) => (
                    <Flex vertical gap={4}>
                      {fields.map((f, j) => (
                        <Flex key={f.key} gap={4} align="center">
                          <Form.Item name={[f.name, 'minQuantity']} noStyle rules={[{ required: true, message: t('form.required') }]}>
                            <InputNumber
                              min={1}
                              precision={0}
                              placeholder={t('quotation.line.fromQuantity')}
                              style={{ width: 130 }}
                              data-testid={`${p}-break-${j}-qty`}
                            />
                          </Form.Item>
                          <Form.Item name={[f.name, 'unitPrice']} noStyle rules={[{ required: true, message: t('form.required') }]}>
                            <InputNumber min={0} placeholder={t('quotation.line.unitPrice')} style={{ width: 130 }} data-testid={`${p}-break-${j}-price`} />
                          </Form.Item>
                          <Button type="text" size="small" icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('quotation.line.remove')} />
                        </Flex>
                      ))}
                      <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => add({})} style={{ width: 180 }} data-testid={`${p}-break-add`}>
                        {t('quotation.line.addBreak')}
                      </Button>
                    </Flex>
                  )}
                </Form.List>
              </Form.Item>
            </Col>
          </>
        ) : (
          <Col span={24}>
            <Tag>{t('quotation.pricesHiddenShort')}</Tag>
          </Col>
        )}
      </Row>
    </Card>
  );
}

/** The fields of a quotation — new (`create`) and edit while in draft. */
export function QuotationFields({ form, mode, partyLabel }: { form: FormInstance<QuotationValues>; mode: 'create' | 'edit'; partyLabel?: string }) {
  const t = useT();
  const can = useCan();
  const canSeePrices = can('prices.read');
  const rules = rulesFor(CreateQuotationRequest);
  const partyId = Form.useWatch('partyId', form) as string | undefined;
  const { data: customer, isFetching } = useCustomer(partyId);
  const { data: comms } = useCommunicationList({ partyId, pageSize: 30 }, !!partyId);
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
      {customer && !customer.acceptedByGm && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('quotation.newCustomerWarning')} data-testid="quotation-new-customer" />
      )}
      <Row gutter={12}>
        <Col xs={24} md={12}>
          {mode === 'create' ? (
            <Form.Item name="partyId" label={t('quotation.fields.party')} rules={rules.partyId}>
              <CustomerSelect allowClear={false} autoFocus data-testid="quotation-customer" />
            </Form.Item>
          ) : (
            <Form.Item label={t('quotation.fields.party')}>
              <Input value={partyLabel} disabled />
            </Form.Item>
          )}
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name="contactId" label={t('quotation.fields.contact')}>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              loading={isFetching}
              disabled={!partyId}
              options={contacts.map((c) => ({ value: c.id, label: c.title ? `${c.name} (${c.title})` : c.name }))}
              data-testid="quotation-contact"
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name="currency" label={t('quotation.fields.currency')}>
            <Select options={['CNY', 'USD', 'HKD', 'EUR', 'JPY'].map((c) => ({ value: c, label: c }))} data-testid="quotation-currency" />
          </Form.Item>
        </Col>
        {mode === 'create' && (
          <Col xs={24} md={12}>
            <Form.Item name="requestCommunicationId" label={t('quotation.fields.request')} tooltip={t('quotation.fields.requestHint')}>
              <Select
                allowClear
                disabled={!partyId}
                showSearch={{ optionFilterProp: 'label' }}
                options={(comms?.items ?? []).filter((c) => c.direction === 'in').map((c) => ({ value: c.id, label: `${c.number} · ${c.subject}` }))}
                data-testid="quotation-request"
              />
            </Form.Item>
          </Col>
        )}
        <Col xs={12} md={6}>
          <Form.Item name="issueDate" label={t('quotation.fields.issueDate')} rules={[{ required: true, message: t('form.required') }]}>
            <DatePicker style={{ width: '100%' }} allowClear={false} data-testid="quotation-issue-date" />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item
            name="validUntil"
            label={t('quotation.fields.validUntil')}
            dependencies={['issueDate']}
            rules={[
              { required: true, message: t('form.required') },
              ({ getFieldValue }) => ({
                validator: (_, v: Dayjs | undefined) => {
                  const issue = getFieldValue('issueDate') as Dayjs | undefined;
                  return v && issue && v.isBefore(issue, 'day') ? Promise.reject(new Error(t('quotation.validityBeforeIssue'))) : Promise.resolve();
                },
              }),
            ]}
          >
            <DatePicker style={{ width: '100%' }} allowClear={false} data-testid="quotation-valid-until" />
          </Form.Item>
        </Col>
      </Row>
      <Typography.Title level={5} style={{ marginTop: 4 }}>
        {t('quotation.fields.lines')}
      </Typography.Title>
      {!canSeePrices && (
        <Alert type="info" showIcon title={mode === 'edit' ? t('quotation.pricesHiddenEdit') : t('quotation.pricesWriteOnly')} style={{ marginBottom: 8 }} />
      )}
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
                showPrices={canSeePrices}
              />
            ))}
            <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add(emptyQuoteLine())} data-testid="qline-add" style={{ marginBottom: 16 }}>
              {t('quotation.line.add')}
            </Button>
          </>
        )}
      </Form.List>
      <Row gutter={12}>
        <Col xs={24} md={12}>
          <Form.Item name="terms" label={t('quotation.fields.terms')}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={4000} data-testid="quotation-terms" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="notes" label={t('quotation.fields.notes')}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={4000} data-testid="quotation-notes" />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name="priceChangeReason" label={t('quotation.fields.priceChangeReason')} tooltip={t('quotation.fields.priceChangeReasonHint')}>
            <Input maxLength={1000} data-testid="quotation-price-change-reason" />
          </Form.Item>
        </Col>
      </Row>
    </>
  );
}
