import { Col, Form, Input, InputNumber, Row, Select } from 'antd';
import { CreateCustomerRequest, customerGrades, customerStatuses, UpdateCustomerRequest } from '../../../contracts/parties.js';
import { useT } from '../i18n/index.js';
import { maxLengthOf, rulesFor } from '../platform/zodRule.js';
import { UserSelect } from '../platform/UserSelect.js';

/** The customer's own fields; the code only when creating (it never changes). */
export function CustomerFields({ mode }: { mode: 'create' | 'edit' }) {
  const t = useT();
  const create = rulesFor(CreateCustomerRequest);
  const rules = mode === 'create' ? create : rulesFor(UpdateCustomerRequest);
  const shape = CreateCustomerRequest.shape;
  return (
    <Row gutter={12}>
      {mode === 'create' && (
        <Col xs={24} sm={12} md={6}>
          <Form.Item name="code" label={t('customer.fields.code')} rules={create.code} tooltip={t('customer.codeHint')}>
            <Input maxLength={24} autoFocus style={{ textTransform: 'uppercase' }} data-testid="customer-code" />
          </Form.Item>
        </Col>
      )}
      <Col xs={24} sm={12} md={mode === 'create' ? 9 : 12}>
        <Form.Item name="nameZh" label={t('customer.fields.nameZh')} rules={rules.nameZh}>
          <Input maxLength={maxLengthOf(shape.nameZh)} autoFocus={mode === 'edit'} data-testid="customer-name-zh" />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12} md={mode === 'create' ? 9 : 12}>
        <Form.Item name="nameEn" label={t('customer.fields.nameEn')} rules={rules.nameEn}>
          <Input maxLength={maxLengthOf(shape.nameEn)} data-testid="customer-name-en" />
        </Form.Item>
      </Col>
      <Col xs={12} sm={6} md={4}>
        <Form.Item name="grade" label={t('customer.fields.grade')} rules={rules.grade}>
          <Select allowClear options={customerGrades.map((g) => ({ value: g, label: g }))} data-testid="customer-grade" />
        </Form.Item>
      </Col>
      <Col xs={12} sm={6} md={4}>
        <Form.Item name="status" label={t('customer.fields.status')} rules={rules.status}>
          <Select options={customerStatuses.map((s) => ({ value: s, label: t(`enums.status.${s}`) }))} data-testid="customer-status" />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12} md={6}>
        <Form.Item name="ownerId" label={t('customer.fields.owner')} rules={rules.ownerId}>
          <UserSelect data-testid="customer-owner" />
        </Form.Item>
      </Col>
      <Col xs={12} sm={6} md={5}>
        <Form.Item
          name="contactCadenceDays"
          label={t('customer.fields.contactCadenceDays')}
          rules={rules.contactCadenceDays}
          tooltip={t('customer.cadenceHint')}
        >
          <InputNumber min={1} max={3650} precision={0} style={{ width: '100%' }} suffix={t('customer.days')} data-testid="customer-cadence" />
        </Form.Item>
      </Col>
      <Col xs={12} sm={6} md={5}>
        <Form.Item name="preferredLanguage" label={t('customer.fields.preferredLanguage')} rules={rules.preferredLanguage}>
          <Select
            options={[
              { value: 'zh-CN', label: t('enums.locale.zh-CN') },
              { value: 'en-US', label: t('enums.locale.en-US') },
            ]}
          />
        </Form.Item>
      </Col>
      <Col span={24}>
        <Form.Item name="notes" label={t('customer.fields.notes')} rules={rules.notes}>
          <Input.TextArea rows={2} maxLength={maxLengthOf(shape.notes)} showCount data-testid="customer-notes" />
        </Form.Item>
      </Col>
    </Row>
  );
}
