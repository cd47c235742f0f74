import { Checkbox, Col, Form, Input, Row, Select } from 'antd';
import { channels, ContactInput } from '../../../contracts/parties.js';
import { useT } from '../i18n/index.js';
import { maxLengthOf, rulesFor } from '../platform/zodRule.js';

const shape = ContactInput.shape;
const max = (k: keyof typeof shape) => maxLengthOf(shape[k]);

/**
 * The fields of one contact. `prefix` is its place in the form (`[0]` inside the
 * contacts list of a new customer, `[]` in the contact dialog). Personal fields are left
 * out for users who may not see them, so a save never blanks what they cannot see.
 */
export function ContactFields({ prefix, showPersonal, testPrefix }: { prefix: (string | number)[]; showPersonal: boolean; testPrefix: string }) {
  const t = useT();
  const rules = rulesFor(ContactInput);
  const n = (k: string) => [...prefix, k];
  return (
    <Row gutter={12}>
      <Col xs={24} sm={12} md={8}>
        <Form.Item name={n('name')} label={t('contact.fields.name')} rules={rules.name}>
          <Input maxLength={max('name')} data-testid={`${testPrefix}-name`} />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12} md={8}>
        <Form.Item name={n('title')} label={t('contact.fields.title')} rules={rules.title}>
          <Input maxLength={max('title')} data-testid={`${testPrefix}-title`} />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12} md={8}>
        <Form.Item name={n('preferredChannel')} label={t('contact.fields.preferredChannel')} rules={rules.preferredChannel}>
          <Select allowClear options={channels.map((c) => ({ value: c, label: t(`enums.channel.${c}`) }))} data-testid={`${testPrefix}-preferred-channel`} />
        </Form.Item>
      </Col>
      {showPersonal && (
        <>
          <Col xs={24} sm={12} md={8}>
            <Form.Item name={n('mobile')} label={t('contact.fields.mobile')} rules={rules.mobile}>
              <Input maxLength={max('mobile')} inputMode="tel" data-testid={`${testPrefix}-mobile`} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} md={8}>
            <Form.Item name={n('phone')} label={t('contact.fields.phone')} rules={rules.phone}>
              <Input maxLength={max('phone')} inputMode="tel" data-testid={`${testPrefix}-phone`} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} md={8}>
            <Form.Item name={n('email')} label={t('contact.fields.email')} rules={rules.email}>
              <Input inputMode="email" autoComplete="off" data-testid={`${testPrefix}-email`} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} md={8}>
            <Form.Item name={n('im')} label={t('contact.fields.im')} rules={rules.im}>
              <Input maxLength={max('im')} data-testid={`${testPrefix}-im`} />
            </Form.Item>
          </Col>
        </>
      )}
      <Col xs={24} sm={12} md={showPersonal ? 16 : 24}>
        <Form.Item name={n('notes')} label={t('contact.fields.notes')} rules={rules.notes}>
          <Input maxLength={max('notes')} data-testid={`${testPrefix}-notes`} />
        </Form.Item>
      </Col>
      <Col span={24}>
        <Form.Item name={n('isPrimary')} valuePropName="checked" style={{ marginBottom: 8 }}>
          <Checkbox data-testid={`${testPrefix}-primary`}>{t('contact.fields.isPrimary')}</Checkbox>
        </Form.Item>
      </Col>
    </Row>
  );
}
