import { App, Button, Card, Flex, Form, Typography, type ButtonProps } from 'antd';
import { useNavigate, useSearchParams } from 'react-router';
import { CreateOrderRequest } from '../../../contracts/orders.js';
import { isApiError } from '../api/client.js';
import { useT } from '../i18n/index.js';
import { useCan } from '../identity/session.js';
import { PageHeader } from '../platform/PageHeader.js';
import { useProblemHandler } from '../platform/problem.js';
import { useCtrlEnter } from '../platform/useCtrlEnter.js';
import { toRequest } from '../platform/zodRule.js';
import { useCreateOrder } from './api.js';
import { freshOrder, OrderFields, valuesToBody, type OrderValues } from './OrderFields.js';

/**
 * Asks before sending the order again when its customer PO is already on file (409
 * ORDER_DUPLICATE_PO): "save anyway" resends it with `confirmDuplicate: true`.
 */
export function useDuplicatePoConfirm() {
  const { modal } = App.useApp();
  const t = useT();
  return (detail: string, resend: () => void) =>
    modal.confirm({
      title: t('order.duplicateTitle'),
      content: <span data-testid="order-duplicate-po">{t('order.duplicateContent', { detail })}</span>,
      okText: t('order.saveAnyway'),
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'order-duplicate-confirm' } as ButtonProps,
      onOk: resend,
    });
}

/** 订单登记: any form of customer order, its lines and the scan; saving starts the order procedure. */
export function OrderNewPage() {
  const t = useT();
  const can = useCan();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const confirmDuplicate = useDuplicatePoConfirm();
  const create = useCreateOrder();
  const [form] = Form.useForm<OrderValues>();

  const send = (values: OrderValues, confirm: boolean) => {
    let body;
    try {
      body = toRequest(CreateOrderRequest, { ...valuesToBody(values, can('prices.read')), confirmDuplicate: confirm });
    } catch (e) {
      return onProblem(e);
    }
    create.mutate(body, {
      onSuccess: (o) => {
        message.success(t('order.savedAs', { number: o.number }));
        navigate(`/orders/${o.id}`);
      },
      onError: (e) => {
        if (isApiError(e, 'ORDER_DUPLICATE_PO') && !confirm) return confirmDuplicate(e.problem.detail, () => send(values, true));
        onProblem(e, { form });
      },
    });
  };
  useCtrlEnter(true, () => form.submit());

  return (
    <>
      <PageHeader back="/orders" title={t('order.newTitle')} subtitle={t('order.newHint')} />
      <Card size="small">
        <Form<OrderValues>
          form={form}
          name="order"
          layout="vertical"
          initialValues={freshOrder(params.get('partyId') ?? undefined)}
          onFinish={(v) => send(v, false)}
          disabled={create.isPending}
          scrollToFirstError
          // Enter confirms a date or a pick; it never saves a half-entered order (Ctrl+Enter does)
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey && (e.target as HTMLElement).tagName === 'INPUT') e.preventDefault();
          }}
        >
          <OrderFields form={form} mode="create" />
          <Flex gap={8} align="center">
            <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="order-save">
              {t('common.save')}
            </Button>
            <Button onClick={() => navigate('/orders')}>{t('common.cancel')}</Button>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('common.ctrlEnterSaves')}
            </Typography.Text>
          </Flex>
        </Form>
      </Card>
    </>
  );
}
