import { lazy, Suspense, type ReactNode } from 'react';
import Spin from 'antd/es/spin';
import { Navigate, useLocation } from 'react-router';
import { useMe } from '../identity/index.js';
import { useT } from '../i18n/index.js';
import type { Permission } from '../../../contracts/identity.js';

// shown rarely: their illustrations (antd Result) are fetched only then
const Forbidden = lazy(() => import('../platform/Forbidden.js').then((m) => ({ default: m.Forbidden })));
const Unreachable = lazy(() => import('../platform/Forbidden.js').then((m) => ({ default: m.Unreachable })));

/** Signed in (else /login?next=…), and a pending password change comes first. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { data: me, isPending, error, refetch } = useMe();
  const location = useLocation();
  const t = useT();
  if (isPending) return <Spin fullscreen description={t('common.loading')} />;
  if (error) {
    return (
      <Suspense fallback={null}>
        <Unreachable onRetry={() => void refetch()} />
      </Suspense>
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
  if (!me?.permissions.includes(permission)) {
    return (
      <Suspense fallback={null}>
        <Forbidden />
      </Suspense>
    );
  }
  return children;
}
