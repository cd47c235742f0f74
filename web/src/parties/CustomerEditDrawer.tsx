import { useLayoutEffect } from 'react';
import { App, Button, Drawer, Flex, Form, Input } from 'antd';
import { UpdateCustomerRequest } from '../../../contracts/parties.js';
import { useT } from '../i18n/index.js';
import { useProblemHandler } from '../platform/problem.js';
import { maxLengthOf, rulesFor, toRequest } from '../platform/zodRule.js';
import { useUpdateCustomer, type TCustomer } from './api.js';
import { CustomerFields } from './CustomerFields.js';

export function CustomerEditDrawer({ customer, open, onClose, onReload }: { customer: TCustomer; open: boolean; onClose(): void; onReload(): void }) {
  const t = useT();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const update = useUpdateCustomer(customer.id);
  const [form] = Form.useForm();
  const rules = rulesFor(UpdateCustomerRequest);

  useLayoutEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue({
        nameZh: customer.nameZh,
        nameEn: customer.nameEn,
        grade: customer.grade,
        status: customer.status,
        ownerId: customer.ownerId,
        contactCadenceDays: customer.contactCadenceDays,
        preferredLanguage: customer.preferredLanguage,
        notes: customer.notes,
        reason: undefined,
      });
    }
  }, [open, customer, form]);

  const submit = (values: Record<string, unknown>) => {
    let body;
    try {
      body = toRequest(UpdateCustomerRequest, { ...values, version: customer.version });
    } catch (e) {
      return onProblem(e);
    }
    update.mutate(body, {
      onSuccess: () => {
        message.success(t('common.saved'));
        onClose();
      },
      onError: (e) =>
        onProblem(e, {
          form,
          onReload: () => {
            onClose();
            onReload();
          },
        }),
    });
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('customer.editTitle', { code: customer.code })}
      size={720}
      destroyOnHidden
      footer={
        <Flex gap={8}>
          <Button type="primary" onClick={() => form.submit()} loading={update.isPending} data-testid="customer-edit-save">
            {t('common.save')}
          </Button>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
        </Flex>
      }
    >
      <Form
        form={form}
        name="customer-edit"
        layout="vertical"
        onFinish={submit}
        disabled={update.isPending}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            form.submit();
          }
        }}
      >
        <CustomerFields mode="edit" />
        <Form.Item name="reason" label={t('customer.changeReason')} rules={rules.reason} extra={t('customer.changeReasonHint')}>
          <Input maxLength={maxLengthOf(UpdateCustomerRequest.shape.reason)} data-testid="customer-edit-reason" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
