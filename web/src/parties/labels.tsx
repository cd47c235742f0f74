import { Tag, Tooltip } from 'antd';
import { CheckCircleOutlined, ClockCircleOutlined, StopOutlined } from '@ant-design/icons';
import type { customerStatuses } from '../../../contracts/parties.js';
import { useT } from '../i18n/index.js';

type Status = (typeof customerStatuses)[number];
const statusColors: Record<Status, string> = { prospect: 'blue', active: 'green', dormant: 'default', blocked: 'red' };

export function StatusTag({ status }: { status: Status }) {
  const t = useT();
  return <Tag color={statusColors[status]}>{t(`enums.status.${status}`)}</Tag>;
}

const gradeColors: Record<string, string> = { A: 'gold', B: 'geekblue', C: 'cyan', D: 'default' };
export function GradeTag({ grade }: { grade: string | null }) {
  const t = useT();
  if (!grade) return null;
  return (
    <Tooltip title={t('customer.fields.grade')}>
      <Tag color={gradeColors[grade]} style={{ fontWeight: 600 }}>
        {grade}
      </Tag>
    </Tooltip>
  );
}

export function AcceptedTag({ accepted }: { accepted: boolean }) {
  const t = useT();
  return accepted ? (
    <Tag icon={<CheckCircleOutlined />} color="success" data-testid="customer-accepted">
      {t('customer.accepted')}
    </Tag>
  ) : (
    <Tag icon={<ClockCircleOutlined />} color="warning">
      {t('customer.notAccepted')}
    </Tag>
  );
}

export function VoidedTag() {
  const t = useT();
  return (
    <Tag icon={<StopOutlined />} color="error">
      {t('common.voided')}
    </Tag>
  );
}

export function DueTag() {
  const t = useT();
  return (
    <Tooltip title={t('customer.dueHint')}>
      <Tag color="volcano">{t('customer.due')}</Tag>
    </Tooltip>
  );
}
