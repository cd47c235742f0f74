import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Flex, Form, Typography, type ButtonProps } from 'antd';
import dayjs from 'dayjs';
import { useNavigate, useSearchParams } from 'react-router';
import { CreateOrderRequest } from '../../../contracts/orders.js';
import { isApiError } from '../api/client.js';
import { useT } from '../i18n/index.js';
import { useCan } from '../identity/index.js';
import { PageHeader } from '../platform/PageHeader.js';
import { useProblemHandler } from '../platform/problem.js';
import { useCtrlEnter } from '../platform/useCtrlEnter.js';
import { toRequest } from '../platform/zodRule.js';
import { useCreateOrder, useOrderDraftFromMail } from './api.js';
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

/**
 * 订单登记: any form of customer order, its lines and the scan; saving starts the order procedure. With
 * `?communicationId=` (接单 from an incoming mail) the form is prefilled from the mail, its attachments are offered as
 * the written order, and the order is linked to the mail.
 */
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
  const communicationId = params.get('communicationId') ?? undefined;
  const draft = useOrderDraftFromMail(communicationId);
  const [files, setFiles] = useState<string[]>([]);

  // an order taken from a mail starts from the mail: customer, contact, time, the PO number guessed from its subject
  useEffect(() => {
    const d = draft.data;
    if (!d) return;
    form.setFieldsValue({
      partyId: d.partyId,
      contactId: d.contactId,
      customerPo: d.customerPo,
      form: d.form,
      orderDate: dayjs(d.orderDate),
      receivedAt: dayjs(d.receivedAt),
    });
    setFiles(d.attachments.map((a) => a.id));
  }, [draft.data, form]);

  const send = (values: OrderValues, confirm: boolean) => {
    let body;
    try {
      const origin = draft.data ? { originCommunicationId: draft.data.communicationId, originAttachmentIds: files } : {};
      body = toRequest(CreateOrderRequest, { ...valuesToBody(values, can('prices.read')), confirmDuplicate: confirm, ...origin });
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
      <PageHeader
        back={communicationId ? `/communications/${communicationId}` : '/orders'}
        title={communicationId ? t('order.fromMailTitle') : t('order.newTitle')}
        subtitle={t('order.newHint')}
      />
      {communicationId && draft.error && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={isApiError(draft.error) ? draft.error.problem.detail : t('errors.loadFailed')}
          data-testid="order-origin-error"
        />
      )}
      {draft.data && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="order-origin"
          title={`${t('order.fromMail', { number: draft.data.communicationNumber })} · ${draft.data.subject}`}
          description={
            draft.data.attachments.length ? (
              <Flex vertical gap={4}>
                <Typography.Text>{t('order.fromMailFiles')}</Typography.Text>
                <Checkbox.Group
                  value={files}
                  onChange={(v) => setFiles(v as string[])}
                  options={draft.data.attachments.map((a) => ({ value: a.id, label: <span data-testid="order-origin-file">{a.filename}</span> }))}
                />
              </Flex>
            ) : (
              t('order.fromMailNoFiles')
            )
          }
        />
      )}
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
