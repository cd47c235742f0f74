import type { ReactNode } from 'react';
import { Button, Result, Spin } from 'antd';
import { Navigate, useLocation } from 'react-router';
import { useMe } from '../identity/session.js';
import { useT } from '../i18n/index.js';
import type { Permission } from '../../../contracts/identity.js';
import { Forbidden } from '../platform/Forbidden.js';

/** Signed in (else /login?next=…), and a pending password change comes first. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { data: me, isPending, error, refetch } = useMe();
  const location = useLocation();
  const t = useT();
  if (isPending) return <Spin fullscreen description={t('common.loading')} />;
  if (error) {
    return (
      <Result
        status="warning"
        title={t('errors.networkTitle')}
        subTitle={t('errors.network')}
        extra={<Button onClick={() => void refetch()}>{t('common.retry')}</Button>}
      />
    );
  }
  if (!me) {
    const next = location.pathname + location.search;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  if (me.mustChangePassword && location.pathname !== '/account/password') return <Navigate to="/account/password" replace />;
  return children;
}

export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { data: me } = useMe();
  if (!me?.permissions.includes(permission)) return <Forbidden />;
  return children;
}
