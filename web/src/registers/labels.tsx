import { Tag } from 'antd';
import { useRegistersT as useT } from './words.js';
import type { TCustomerProperty } from './api.js';

const conditionColors = { good: 'success', 'needs-repair': 'warning', damaged: 'error', lost: 'default', unsuitable: 'magenta' } as const;

export function ConditionTag({ condition }: { condition: TCustomerProperty['condition'] }) {
  const t = useT();
  return (
    <Tag color={conditionColors[condition]} style={{ marginInlineEnd: 0 }} data-testid="property-condition" data-condition={condition}>
      {t(`registers.property.condition.${condition}`)}
    </Tag>
  );
}

export function KindTag({ kind }: { kind: TCustomerProperty['kind'] }) {
  const t = useT();
  return <Tag style={{ marginInlineEnd: 0 }}>{t(`registers.property.kind.${kind}`)}</Tag>;
}

/** A verification date, red with a mark when it is overdue. */
export function DueDate({ date, overdue }: { date: string | null; overdue: boolean }) {
  const t = useT();
  if (!date) return <>—</>;
  return overdue ? (
    <Tag color="error" data-testid="property-overdue" style={{ marginInlineEnd: 0 }}>
      {date} · {t('registers.property.overdue')}
    </Tag>
  ) : (
    <>{date}</>
  );
}
