import './words.js';
import { Tag } from 'antd';
import { useLocalized } from '../i18n/index.js';
import { useT } from '../i18n/index.js';
import { useProcedure } from '../procedures/index.js';
import type { TComplaintSummary } from './api.js';

const severityColor = { minor: 'default', major: 'orange', critical: 'red' } as const;

export function SeverityTag({ severity }: { severity: TComplaintSummary['severity'] }) {
  const t = useT();
  if (!severity) return null;
  return (
    <Tag color={severityColor[severity]} data-testid="complaint-severity">
      {t(`complaint.severities.${severity}`)}
    </Tag>
  );
}

/** The step the complaint is at, named by the procedure definition. */
export function ComplaintStatusTag({ status, closed }: { status: string | null; closed: boolean }) {
  const { data: def } = useProcedure('complaint');
  const loc = useLocalized();
  const step = def?.steps.find((s) => s.id === status);
  return (
    <Tag color={closed ? (status === 'closed' ? 'success' : 'default') : 'processing'} data-testid="complaint-status" data-status={status ?? ''}>
      {step ? loc(step.name) : (status ?? '—')}
    </Tag>
  );
}
