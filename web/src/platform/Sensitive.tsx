import { Tooltip, Typography } from 'antd';
import { LockOutlined } from '@ant-design/icons';
import { useT } from '../i18n/index.js';
import { NONE } from './format.js';

/**
 * A confidential field (phone, e-mail…): the server leaves it out when the user may not
 * see it, so `undefined` means hidden (lock) and `null` means empty (—).
 */
export function Sensitive({ value, copyable = false }: { value: string | null | undefined; copyable?: boolean }) {
  const t = useT();
  if (value === undefined) {
    return (
      <Tooltip title={t('common.hiddenPersonal')}>
        <Typography.Text type="secondary" aria-label={t('common.hiddenPersonal')}>
          <LockOutlined /> {NONE}
        </Typography.Text>
      </Tooltip>
    );
  }
  if (!value) return <Typography.Text type="secondary">{NONE}</Typography.Text>;
  return <Typography.Text copyable={copyable}>{value}</Typography.Text>;
}
