import { Tag, Typography } from 'antd';
import type { vendorStatuses } from '../../../contracts/outsourcing.js';
import { useT } from '../i18n/index.js';
import { useProcedure, useStepName } from '../procedures/index.js';

type VendorStatus = (typeof vendorStatuses)[number];
const vendorColors: Record<VendorStatus, string> = { qualified: 'green', conditional: 'gold', suspended: 'red' };

export function VendorStatusTag({ status }: { status: VendorStatus }) {
  const t = useT();
  return (
    <Tag color={vendorColors[status]} style={{ marginInlineEnd: 0 }} data-testid="vendor-status" data-status={status}>
      {t(`outsourcing.vendorStatus.${status}`)}
    </Tag>
  );
}

/** The sheet's step in the cutting-sheet procedure, by name. */
export function SheetStatusTag({ state, status }: { state: string | null; status: string | null }) {
  const { data: def } = useProcedure('cutting-sheet');
  const name = useStepName(def);
  if (!state) return <Typography.Text type="secondary">—</Typography.Text>;
  const color = status === 'closed' ? (state === 'cancelled' ? 'default' : 'success') : state === 'vp-review' ? 'purple' : 'processing';
  return (
    <Tag color={color} style={{ marginInlineEnd: 0 }} data-testid="sheet-status" data-status={state}>
      {name(state)}
    </Tag>
  );
}
