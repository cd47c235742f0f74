import { Select, Tag, Typography, type SelectProps } from 'antd';
import { useT } from '../i18n/index.js';
import { useDepartments } from '../identity/index.js';
import { useLocale } from '../i18n/index.js';
import { useProcedure, useStepName } from '../procedures/index.js';

/** Pick one or more departments by name. */
export function DepartmentSelect(props: Omit<SelectProps<string | string[]>, 'options'>) {
  const { data } = useDepartments();
  const { locale } = useLocale();
  return (
    <Select
      options={(data?.items ?? []).filter((d) => d.active).map((d) => ({ value: d.code, label: locale === 'zh-CN' ? d.name.zh : d.name.en }))}
      showSearch={{ optionFilterProp: 'label' }}
      {...props}
    />
  );
}

/** The record's step in its procedure, by name (visits and communication plans). */
export function StepTag({ procedureId, state, status, testId }: { procedureId: string; state: string | null; status: string | null; testId: string }) {
  const { data: def } = useProcedure(procedureId);
  const name = useStepName(def);
  if (!state) return <Typography.Text type="secondary">—</Typography.Text>;
  const color = status === 'closed' ? (state === 'cancelled' ? 'default' : 'success') : 'processing';
  return (
    <Tag color={color} style={{ marginInlineEnd: 0 }} data-testid={testId} data-status={state}>
      {name(state)}
    </Tag>
  );
}

const severityColors = { major: 'red', minor: 'orange', observation: 'blue' } as const;
export function SeverityTag({ severity }: { severity: keyof typeof severityColors }) {
  const t = useT();
  return (
    <Tag color={severityColors[severity]} style={{ marginInlineEnd: 0 }} data-testid="finding-severity">
      {t(`visit.severity.${severity}`)}
    </Tag>
  );
}

export function VisitKindTag({ direction, kind }: { direction: 'incoming' | 'outgoing'; kind: 'visit' | 'audit' }) {
  const t = useT();
  return (
    <Tag color={kind === 'audit' ? 'purple' : direction === 'incoming' ? 'geekblue' : 'cyan'} style={{ marginInlineEnd: 0 }}>
      {t(`visit.direction.${direction}`)} · {t(`visit.kind.${kind}`)}
    </Tag>
  );
}
