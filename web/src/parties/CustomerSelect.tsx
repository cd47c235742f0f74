import { forwardRef, useEffect, useRef, useState } from 'react';
import { Select, Typography, type RefSelectProps, type SelectProps } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.js';
import { useT } from '../i18n/index.js';
import type { TCustomerList, TCustomerSummary } from './api.js';
import { useCustomer } from './api.js';

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const h = setTimeout(() => setV(value), ms);
    return () => clearTimeout(h);
  }, [value, ms]);
  return v;
}

export function customerLabel(c: { code: string; nameZh: string; nameEn?: string | null }) {
  return `${c.code} · ${c.nameZh}`;
}

type Props = Omit<SelectProps<string>, 'options' | 'showSearch' | 'filterOption'> & { includeVoided?: boolean };

/**
 * A customer picker that asks the server as you type (code, Chinese or English name);
 * Enter takes the first match.
 */
export const CustomerSelect = forwardRef<RefSelectProps, Props>(function CustomerSelect({ includeVoided, ...props }, ref) {
  const t = useT();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 200);
  const { data, isFetching } = useQuery({
    queryKey: ['customers', 'options', q, !!includeVoided],
    queryFn: () =>
      api.get<TCustomerList>('/api/customers', { q: q || undefined, pageSize: 20, sort: 'name', includeVoided: includeVoided ? 'true' : undefined }),
    staleTime: 30_000,
  });
  // the chosen customer keeps its label while the search shows others
  const seen = useRef(new Map<string, TCustomerSummary>());
  for (const c of data?.items ?? []) seen.current.set(c.id, c);
  const selectedId = typeof props.value === 'string' ? props.value : undefined;
  const { data: fetched } = useCustomer(selectedId && !seen.current.has(selectedId) ? selectedId : undefined);
  if (fetched) seen.current.set(fetched.id, fetched);
  const selectedInfo = selectedId ? seen.current.get(selectedId) : undefined;
  // while the typed text has not been searched yet, offer nothing: Enter must never pick
  // a stale match of an earlier search
  const pending = search.trim() !== q;
  const items = pending ? [] : [...(data?.items ?? [])];
  if (selectedInfo && !search && !items.some((c) => c.id === selectedId)) items.unshift(selectedInfo);
  const options = items.map((c) => ({
    value: c.id,
    label: customerLabel(c),
    title: c.nameEn ?? c.nameZh,
    render: (
      <span>
        <Typography.Text strong>{c.code}</Typography.Text> {c.nameZh}
        {c.nameEn && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {' '}
            {c.nameEn}
          </Typography.Text>
        )}
      </span>
    ),
  }));
  return (
    <Select<string>
      ref={ref}
      placeholder={t('customer.selectPlaceholder')}
      allowClear
      loading={isFetching}
      options={options}
      optionRender={(o) => o.data.render}
      showSearch={{ filterOption: false, onSearch: setSearch, autoClearSearchValue: true }}
      notFoundContent={pending || isFetching ? t('common.loading') : t('customer.noMatch')}
      onOpenChange={(open) => {
        if (!open) setSearch('');
      }}
      popupMatchSelectWidth={360}
      {...props}
    />
  );
});
