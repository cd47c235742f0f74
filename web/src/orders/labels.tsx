import { Tag, Tooltip, Typography } from 'antd';
import { FileDoneOutlined, MailOutlined, PhoneOutlined, PrinterOutlined, SnippetsOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { orderForms, orderTypes, TClassificationReason } from '../../../contracts/orders.js';
import { useLocalized, useT } from '../i18n/index.js';
import { useProcedure, useStepName } from '../procedures/index.js';

type Form = (typeof orderForms)[number];
type OrderType = (typeof orderTypes)[number];

export const formIcons: Record<Form, ReactNode> = {
  po: <FileDoneOutlined />,
  fax: <PrinterOutlined />,
  note: <SnippetsOutlined />,
  email: <MailOutlined />,
  oral: <PhoneOutlined />,
};

export function FormTag({ form }: { form: Form }) {
  const t = useT();
  return (
    <Tag icon={formIcons[form]} color={form === 'oral' ? 'orange' : undefined} style={{ marginInlineEnd: 0 }} data-testid="order-form-tag">
      {t(`order.forms.${form}`)}
    </Tag>
  );
}

/** Contract (red-ish: full review) or continuous order, with the reasons in a tooltip. */
export function TypeTag({ type, reasons, overridden }: { type: OrderType; reasons?: TClassificationReason[]; overridden?: boolean }) {
  const t = useT();
  const loc = useLocalized();
  const tag = (
    <Tag color={type === 'contract' ? 'volcano' : 'geekblue'} style={{ marginInlineEnd: 0 }} data-testid="order-type" data-type={type}>
      {t(`order.types.${type}`)}
      {overridden ? ' *' : ''}
    </Tag>
  );
  if (!reasons?.length) return tag;
  return (
    <Tooltip
      title={
        <div>
          {reasons.map((r, i) => (
            <div key={i}>· {loc(r.text)}</div>
          ))}
        </div>
      }
    >
      {tag}
    </Tooltip>
  );
}

/** The order's step in the order procedure, by name. */
export function useOrderStepName(): (stepId: string | null | undefined) => string {
  const { data: def } = useProcedure('order');
  return useStepName(def);
}

export function OrderStatusTag({ status, closed }: { status: string | null; closed: boolean }) {
  const t = useT();
  const stepName = useOrderStepName();
  if (!status) return <Typography.Text type="secondary">{t('order.notStarted')}</Typography.Text>;
  const color = closed ? (status === 'cancelled' ? 'default' : 'success') : status.includes('review') || status.includes('approval') ? 'purple' : 'processing';
  return (
    <Tag color={color} style={{ marginInlineEnd: 0 }} data-testid="order-status" data-status={status}>
      {stepName(status)}
    </Tag>
  );
}
