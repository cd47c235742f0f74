import { Tag } from 'antd';
import { useT } from '../i18n/index.js';
import { useProcedure } from '../procedures/index.js';
import { useLocalized } from '../i18n/index.js';

/** The survey's step in the `survey` procedure, named from the definition. */
export function SurveyStatusTag({ status, closed }: { status: string | null; closed: boolean }) {
  const { data: def } = useProcedure('survey');
  const loc = useLocalized();
  const step = def?.steps.find((s) => s.id === status);
  const color = closed ? (status === 'cancelled' ? 'default' : 'success') : status === 'sent' ? 'processing' : status === 'reply' ? 'purple' : 'orange';
  return (
    <Tag color={color} data-testid="survey-status" data-status={status ?? ''}>
      {step ? loc(step.name) : (status ?? '—')}
    </Tag>
  );
}

export function ReplyStatusTag({ status }: { status: 'not-needed' | 'pending' | 'sent' }) {
  const t = useT();
  const color = { 'not-needed': 'default', pending: 'warning', sent: 'success' }[status];
  return <Tag color={color}>{t(`survey.replyStatus.${status}`)}</Tag>;
}

export function ImprovementTag({ status, open, done }: { status: 'none' | 'open' | 'done'; open: number; done: number }) {
  const t = useT();
  const color = { none: 'default', open: 'warning', done: 'success' }[status];
  return <Tag color={color}>{status === 'none' ? t('survey.improvement.none') : t(`survey.improvement.${status}`, { open, done })}</Tag>;
}

/** A score coloured by how it reads: ≤ 2 red, 3 amber, 4–5 green. */
export function ScoreTag({ score, threshold = 2 }: { score: number | undefined | null; threshold?: number }) {
  if (score === undefined || score === null) return <span>—</span>;
  const color = score <= threshold ? 'error' : score >= 4 ? 'success' : 'warning';
  return (
    <Tag color={color} style={{ minWidth: 28, textAlign: 'center' }}>
      {score}
    </Tag>
  );
}

export const fmtPct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${v}%`);
export const fmtNum = (v: number | null | undefined) => (v === null || v === undefined ? '—' : String(v));
