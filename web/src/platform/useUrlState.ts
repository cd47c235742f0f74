import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

type Patch = Record<string, string | number | boolean | null | undefined>;

/**
 * List filters and paging live in the URL, so a filtered list can be bookmarked, shared
 * and reached again with the browser's Back button.
 */
export function useUrlState<K extends string>(keys: readonly K[], defaultPageSize = 20) {
  const [params, setParams] = useSearchParams();
  const values = useMemo(
    () => Object.fromEntries(keys.map((k) => [k, params.get(k) ?? undefined])) as Record<K, string | undefined>,
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [params, keys.join(',')],
  );
  const page = Math.max(1, Number(params.get('page')) || 1);
  const pageSize = Math.min(200, Math.max(1, Number(params.get('pageSize')) || defaultPageSize));
  const set = useCallback(
    (patch: Patch) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(patch)) {
            if (v === undefined || v === null || v === '' || v === false) next.delete(k);
            else next.set(k, String(v));
          }
          // a new filter starts again at page 1
          if (!('page' in patch)) next.delete('page');
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );
  const reset = useCallback(() => setParams(new URLSearchParams(), { replace: true }), [setParams]);
  const active = keys.some((k) => params.get(k));
  return { values, page, pageSize, set, reset, active };
}

/** The paging of a list whose page lives in the URL (`useUrlState`), as Ant Design's Table takes it. */
export function urlPagination(
  state: { page: number; pageSize: number; set(patch: Patch): void },
  total: number,
  showTotal: (total: number) => string,
  defaultPageSize = 20,
) {
  return {
    current: state.page,
    pageSize: state.pageSize,
    total,
    showSizeChanger: true,
    pageSizeOptions: [20, 50, 100],
    showTotal,
    onChange: (p: number, ps: number) => state.set({ page: p === 1 ? undefined : p, pageSize: ps === defaultPageSize ? undefined : ps }),
    size: 'small' as const,
  };
}
