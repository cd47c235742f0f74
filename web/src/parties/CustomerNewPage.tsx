import { App, Button, Card, Flex, Form, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { CreateCustomerRequest } from '../../../contracts/parties.js';
import { useT } from '../i18n/index.js';
import { useCan, useCurrentUser } from '../identity/index.js';
import { PageHeader } from '../platform/PageHeader.js';
import { useProblemHandler } from '../platform/problem.js';
import { toRequest } from '../platform/zodRule.js';
import { useCreateCustomer } from './api.js';
import { ContactFields } from './ContactFields.js';
import { CustomerFields } from './CustomerFields.js';

const MAX_CONTACTS = 20;

export function CustomerNewPage() {
  const t = useT();
  const me = useCurrentUser();
  const can = useCan();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const create = useCreateCustomer();
  const [form] = Form.useForm();

  const submit = (values: Record<string, unknown>) => {
    let body;
    try {
      body = toRequest(CreateCustomerRequest, {
        ...values,
        code: String(values.code ?? '')
          .trim()
          .toUpperCase(),
      });
    } catch (e) {
      return onProblem(e);
    }
    create.mutate(body, {
      onSuccess: (c) => {
        message.success(t('customer.created', { code: c.code }));
        navigate(`/customers/${c.id}`);
      },
      onError: (e) => onProblem(e, { form }),
    });
  };

  return (
    <div
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          form.submit();
        }
      }}
    >
      <PageHeader title={t('customer.new')} back="/customers" />
      <Form
        form={form}
        name="customer"
        layout="vertical"
        onFinish={submit}
        disabled={create.isPending}
        initialValues={{ status: 'prospect', preferredLanguage: 'zh-CN', ownerId: me.id, contacts: [{ isPrimary: true }] }}
        scrollToFirstError
      >
        <Card title={t('customer.sectionBasic')} size="small" style={{ marginBottom: 12 }}>
          <CustomerFields mode="create" />
        </Card>
        <Form.List name="contacts">
          {(fields, { add, remove }) => (
            <Card
              size="small"
              title={t('customer.sectionContacts')}
              style={{ marginBottom: 12 }}
              extra={
                <Button
                  size="small"
                  icon={<PlusOutlined />}
                  disabled={fields.length >= MAX_CONTACTS}
                  onClick={() => add({ isPrimary: fields.length === 0 })}
                  data-testid="customer-add-contact"
                >
                  {t('contact.add')}
                </Button>
              }
            >
              {fields.length === 0 && <Typography.Text type="secondary">{t('customer.noContactsYet')}</Typography.Text>}
              {fields.map((field, i) => (
                <div key={field.key} style={{ borderTop: i ? '1px dashed #e5e7eb' : undefined, paddingTop: i ? 12 : 0 }} data-testid={`contact-row-${i}`}>
                  <Flex justify="space-between" align="center" style={{ marginBottom: 4 }}>
                    <Typography.Text type="secondary">{t('contact.numbered', { n: i + 1 })}</Typography.Text>
                    <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('contact.remove')}>
                      {t('contact.remove')}
                    </Button>
                  </Flex>
                  <ContactFields prefix={[field.name]} showPersonal={can('contacts.personal.read')} testPrefix={`contacts-${i}`} />
                </div>
              ))}
              {!can('contacts.personal.read') && fields.length > 0 && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('contact.writeOnlyHint')}
                </Typography.Text>
              )}
            </Card>
          )}
        </Form.List>
        <Flex gap={8}>
          <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="customer-save">
            {t('common.save')}
          </Button>
          <Button onClick={() => navigate('/customers')}>{t('common.cancel')}</Button>
          <Typography.Text type="secondary" style={{ alignSelf: 'center', fontSize: 12 }}>
            {t('common.ctrlEnterSaves')}
          </Typography.Text>
        </Flex>
      </Form>
    </div>
  );
}
