import { useLayoutEffect } from 'react';
import { App, Button, Drawer, Flex, Form, Input } from 'antd';
import { UpdateOrderRequest } from '../../../contracts/orders.js';
import { isApiError } from '../api/client.js';
import { useT } from '../i18n/index.js';
import { useCan } from '../identity/index.js';
import { useProblemHandler } from '../platform/problem.js';
import { useCtrlEnter } from '../platform/useCtrlEnter.js';
import { maxLengthOf, rulesFor, toRequest } from '../platform/zodRule.js';
import { useUpdateOrder, type TOrder } from './api.js';
import { OrderFields, orderToValues, valuesToBody, type OrderValues } from './OrderFields.js';
import { useDuplicatePoConfirm } from './OrderNewPage.js';

/** Edit an order while it is in intake or clarification (lines left out are voided). */
export function OrderEditDrawer({ order, open, onClose, onReload }: { order: TOrder; open: boolean; onClose(): void; onReload(): void }) {
  const t = useT();
  const can = useCan();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const confirmDuplicate = useDuplicatePoConfirm();
  const update = useUpdateOrder(order.id);
  const [form] = Form.useForm<OrderValues>();
  const rules = rulesFor(UpdateOrderRequest);

  useLayoutEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(orderToValues(order));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  const send = (values: OrderValues, confirm: boolean) => {
    let body;
    try {
      const { partyId: _p, ...rest } = valuesToBody(values, can('prices.read'));
      body = toRequest(UpdateOrderRequest, { ...rest, version: order.version, confirmDuplicate: confirm });
    } catch (e) {
      return onProblem(e);
    }
    update.mutate(body, {
      onSuccess: () => {
        message.success(t('common.saved'));
        onClose();
      },
      onError: (e) => {
        if (isApiError(e, 'ORDER_DUPLICATE_PO') && !confirm) return confirmDuplicate(e.problem.detail, () => send(values, true));
        onProblem(e, {
          form,
          onReload: () => {
            onClose();
            onReload();
          },
        });
      },
    });
  };
  useCtrlEnter(open, () => form.submit());

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('order.editTitle', { number: order.number })}
      size={980}
      destroyOnHidden
      data-testid="order-edit-drawer"
      footer={
        <Flex gap={8}>
          <Button type="primary" onClick={() => form.submit()} loading={update.isPending} data-testid="order-edit-save">
            {t('common.save')}
          </Button>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
        </Flex>
      }
    >
      <Form<OrderValues> form={form} name="order-edit" layout="vertical" onFinish={(v) => send(v, false)} disabled={update.isPending} scrollToFirstError>
        <OrderFields form={form} mode="edit" partyLabel={`${order.partyCode} · ${order.partyName}`} existingAttachments={order.attachments} />
        <Form.Item name="reason" label={t('order.editReason')} rules={rules.reason} extra={t('order.editReasonHint')}>
          <Input maxLength={maxLengthOf(UpdateOrderRequest.shape.reason)} data-testid="order-edit-reason" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
