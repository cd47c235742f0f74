import { Button, Result } from 'antd';
import { useRouteError } from 'react-router';
import { useT } from '../i18n/index.js';

/** A render error somewhere in a page: say so and offer a reload, never a white screen. */
export function RouteError() {
  const error = useRouteError();
  const t = useT();
  console.error(error);
  return (
    <Result
      status="error"
      title={t('errors.pageCrashed')}
      subTitle={error instanceof Error ? error.message : String(error)}
      extra={<Button onClick={() => window.location.reload()}>{t('common.reload')}</Button>}
    />
  );
}
