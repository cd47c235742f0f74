import { useCallback, useMemo } from 'react';
import { Tag, Tooltip } from 'antd';
import { ClockCircleOutlined, ExclamationCircleOutlined, PauseCircleOutlined } from '@ant-design/icons';
import type { TDeadline } from '../../../contracts/procedures.js';
import { useLocalized, useT } from '../i18n/index.js';
import { NONE } from '../platform/format.js';
import { procedureDiagram } from '../../../contracts/procedure-diagram.js';
import { useAllProcedures, type TProcedureDefinition } from './api.js';

/** "24 工作小时" / "24 working hours". */
export function useDeadlineText(): (d: TDeadline | undefined | null) => string {
  const t = useT();
  return useCallback((d) => (d ? t(`enums.deadlineUnit.${d.unit}`, { n: d.amount }) : ''), [t]);
}

/** Step id → its name in the UI language (the id when the definition does not know it). */
export function useStepName(def: TProcedureDefinition | undefined): (stepId: string | null | undefined) => string {
  const loc = useLocalized();
  return useCallback(
    (stepId) => {
      if (!stepId) return '';
      const s = def?.steps.find((x) => x.id === stepId);
      return s ? loc(s.name) : stepId;
    },
    [def, loc],
  );
}

export function InstanceStatusTag({ status }: { status: 'open' | 'closed' }) {
  const t = useT();
  return (
    <Tag color={status === 'open' ? 'processing' : 'default'} style={{ marginInlineEnd: 0 }} data-testid="procedure-status" data-status={status}>
      {t(`enums.instanceStatus.${status}`)}
    </Tag>
  );
}

/** The deadline state of a step: running, paused, overdue; "provisional" when the calendar of that year is not published. */
export function ClockTags({ overdue, paused, provisional }: { overdue: boolean; paused: boolean; provisional: boolean }) {
  const t = useT();
  return (
    <>
      {paused ? (
        <Tag icon={<PauseCircleOutlined />} color="warning" style={{ marginInlineEnd: 0 }} data-testid="procedure-paused">
          {t('procedure.clock.paused')}
        </Tag>
      ) : overdue ? (
        <Tag icon={<ExclamationCircleOutlined />} color="error" style={{ marginInlineEnd: 0 }} data-testid="procedure-overdue">
          {t('procedure.clock.overdue')}
        </Tag>
      ) : (
        <Tag icon={<ClockCircleOutlined />} color="processing" style={{ marginInlineEnd: 0 }}>
          {t('procedure.clock.running')}
        </Tag>
      )}
      {provisional && <ProvisionalTag />}
    </>
  );
}

export function ProvisionalTag() {
  const t = useT();
  return (
    <Tooltip title={t('calendar.provisionalHint')}>
      <Tag color="gold" style={{ marginInlineEnd: 0 }} data-testid="provisional">
        {t('calendar.provisional')}
      </Tag>
    </Tooltip>
  );
}

/**
 * The action of a transition id as people say it: a transition's own action, or a
 * sign-off's outcome (`<step>:approve` / `<step>:reject`, as the engine records them).
 */
export function transitionName(
  defs: readonly TProcedureDefinition[],
  id: string | null | undefined,
  loc: (n: { zh: string; en: string }) => string,
): string | undefined {
  if (!id) return undefined;
  for (const d of defs) {
    const tr = d.transitions.find((x) => x.id === id);
    if (tr) return loc(tr.action);
    const edge = procedureDiagram(d).edges.find((e) => e.id === id);
    if (edge?.label) return loc(edge.label);
  }
  return undefined;
}

/** Names of steps and procedures by id, across every procedure (for history and notifications). */
export function useProcedureNames(): {
  step(id: string, procedureId?: string): string | undefined;
  procedure(id: string): string | undefined;
  transition(id: string): string | undefined;
} {
  const defs = useAllProcedures();
  const loc = useLocalized();
  return useMemo(
    () => ({
      step: (id: string, procedureId?: string) => {
        // the procedure's own step first: step ids repeat across procedures ("closed")
        for (const d of [...defs].sort((a, b) => Number(b.id === procedureId) - Number(a.id === procedureId))) {
          const s = d.steps.find((x) => x.id === id);
          if (s) return loc(s.name);
        }
        return undefined;
      },
      procedure: (id: string) => {
        const d = defs.find((x) => x.id === id);
        return d ? loc(d.title) : undefined;
      },
      transition: (id: string) => transitionName(defs, id, loc),
    }),
    [defs, loc],
  );
}

/** Hours as minutes, hours or days and hours, for the time spent in a step. */
export function useDuration(): (hours: number | null) => string {
  const t = useT();
  return (hours) => {
    if (hours === null) return NONE;
    if (hours < 1) return t('procedure.report.minutes', { n: Math.round(hours * 60) });
    if (hours < 48) return t('procedure.report.hours', { n: Math.round(hours * 10) / 10 });
    return t('procedure.report.days', { d: Math.floor(hours / 24), h: Math.round(hours % 24) });
  };
}
