import { Tag, Typography } from 'antd';
import { useT } from '../i18n/index.js';
import { useProcedure, useStepName } from '../procedures/index.js';

/** The quotation's step in the quotation procedure, by name. */
export function useQuotationStepName(): (stepId: string | null | undefined) => string {
  const { data: def } = useProcedure('quotation');
  return useStepName(def);
}

const colors: Record<string, string> = {
  accepted: 'success',
  rejected: 'error',
  expired: 'default',
  superseded: 'default',
  cancelled: 'default',
  approval: 'purple',
  approved: 'cyan',
  sent: 'processing',
  draft: 'blue',
};

export function QuotationStatusTag({ status }: { status: string | null }) {
  const t = useT();
  const stepName = useQuotationStepName();
  if (!status) return <Typography.Text type="secondary">{t('quotation.notStarted')}</Typography.Text>;
  return (
    <Tag color={colors[status] ?? 'processing'} style={{ marginInlineEnd: 0 }} data-testid="quotation-status" data-status={status}>
      {stepName(status)}
    </Tag>
  );
}

/** A price with its currency; the server leaves the value out for anyone without prices.read. */
export function money(v: number | null | undefined, currency?: string) {
  if (v === null || v === undefined) return '—';
  return `${v.toLocaleString(undefined, { maximumFractionDigits: 6 })}${currency ? ` ${currency}` : ''}`;
}
