import { Button, Result } from 'antd';
import { useNavigate } from 'react-router';
import { useT } from '../i18n/index.js';

export function Forbidden() {
  const t = useT();
  const navigate = useNavigate();
  return (
    <Result
      status="403"
      title={t('errors.forbiddenTitle')}
      subTitle={t('errors.forbiddenPage')}
      extra={<Button onClick={() => navigate('/')}>{t('nav.workbench')}</Button>}
    />
  );
}

export function NotFound() {
  const t = useT();
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title={t('errors.notFoundTitle')}
      subTitle={t('errors.notFoundPage')}
      extra={<Button onClick={() => navigate('/')}>{t('nav.workbench')}</Button>}
    />
  );
}

/** The server could not be reached while finding out who is signed in. */
export function Unreachable({ onRetry }: { onRetry(): void }) {
  const t = useT();
  return (
    <Result status="warning" title={t('errors.networkTitle')} subTitle={t('errors.network')} extra={<Button onClick={onRetry}>{t('common.retry')}</Button>} />
  );
}
