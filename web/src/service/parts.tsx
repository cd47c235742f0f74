import { Alert, Descriptions, Tag } from 'antd';
import { useServiceT as useT } from './words.js';
import { NONE } from '../platform/format.js';
import type { TWarranty } from './api.js';

const warrantyColors = { in: 'success', out: 'error', unknown: 'default' } as const;

export function WarrantyTag({ w }: { w: Pick<TWarranty, 'status'> }) {
  const t = useT();
  return (
    <Tag color={warrantyColors[w.status]} data-testid="service-warranty-tag" data-status={w.status} style={{ marginInlineEnd: 0 }}>
      {t(`service.warranty.status.${w.status}`)}
    </Tag>
  );
}

/** Whether the item is in warranty: the rule applied, from/until, and what it implies (free / chargeable). */
export function WarrantyView({ w, compact }: { w: TWarranty; compact?: boolean }) {
  const t = useT();
  const rule = w.rule
    ? `${t(`service.warranty.scope.${w.rule.scope}`)} · ${t('service.warranty.period', { months: w.months ?? 0, basis: w.basis ? t(`service.warranty.basis.${w.basis}`) : '' })} · v${w.rule.revision}`
    : t('service.warranty.noRule');
  const body = (
    <Descriptions size="small" column={compact ? 2 : { xs: 1, md: 2, xl: 3 }} data-testid="service-warranty">
      <Descriptions.Item label={t('service.warranty.title')}>
        <WarrantyTag w={w} />
      </Descriptions.Item>
      <Descriptions.Item label={t('service.warranty.rule')}>{rule}</Descriptions.Item>
      <Descriptions.Item label={t('service.warranty.from')}>
        {w.startsOn ? `${w.startsOn}${w.startFrom ? ` (${t(`service.warranty.startFrom.${w.startFrom}`)})` : ''}` : t('service.warranty.noDate')}
      </Descriptions.Item>
      <Descriptions.Item label={t('service.warranty.until')}>{w.endsOn ?? NONE}</Descriptions.Item>
      <Descriptions.Item label={t('service.warranty.implies')}>{w.charge ? t(`service.charge.${w.charge}`) : NONE}</Descriptions.Item>
    </Descriptions>
  );
  return compact ? <Alert type={w.status === 'in' ? 'success' : w.status === 'out' ? 'warning' : 'info'} title={body} style={{ marginBottom: 12 }} /> : body;
}

const stateColors: Record<string, string> = {
  received: 'processing',
  assessment: 'processing',
  approval: 'warning',
  service: 'processing',
  'return-handling': 'processing',
  'customer-confirmation': 'warning',
  closed: 'success',
  cancelled: 'default',
};
export function ServiceStateTag({ state }: { state: string | null }) {
  const t = useT();
  if (!state) return <>{NONE}</>;
  return (
    <Tag color={stateColors[state] ?? 'default'} data-testid="service-state" data-status={state} style={{ marginInlineEnd: 0 }}>
      {t(`service.state.${state}`)}
    </Tag>
  );
}
