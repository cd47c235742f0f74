import { Alert, Card, Empty, Flex, Input, List, Segmented, Skeleton, Tag, Typography } from 'antd';
import { FileTextOutlined, MessageOutlined, TeamOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { z } from 'zod';
import type { SearchResult } from '../../../contracts/platform.js';
import { api, isApiError } from '../api/client.js';
import { useT, useTryT } from '../i18n/index.js';
import { DateTime } from '../platform/DateTime.js';
import { PageHeader } from '../platform/PageHeader.js';
import { Highlight } from './Highlight.js';

type TSearchResult = z.infer<typeof SearchResult>;
type Hit = TSearchResult['hits'][number];

const TYPES = ['communication', 'customer'] as const;
const typeIcons: Record<string, ReactNode> = { communication: <MessageOutlined />, customer: <TeamOutlined /> };

function useSearch(q: string, types: string | undefined) {
  return useQuery({
    queryKey: ['search', q, types ?? ''],
    queryFn: () => api.get<TSearchResult>('/api/search', { q, types, limit: 50 }),
    enabled: q.length > 0,
    staleTime: 10_000,
  });
}

function HitItem({ hit, q }: { hit: Hit; q: string }) {
  const t = useT();
  const tt = useTryT();
  return (
    <List.Item data-testid="search-hit" data-type={hit.ref.type}>
      <Flex vertical gap={2} style={{ width: '100%', minWidth: 0 }}>
        <Flex gap={8} align="center" wrap>
          <Tag icon={typeIcons[hit.ref.type] ?? <FileTextOutlined />} style={{ marginInlineEnd: 0 }}>
            {tt(`recordTypes.${hit.ref.type}`) ?? hit.ref.type}
          </Tag>
          <Link to={hit.url} data-testid="search-hit-link">
            <Typography.Text strong>
              <Highlight text={hit.title} query={q} />
            </Typography.Text>
          </Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            <DateTime value={hit.at} />
          </Typography.Text>
          {hit.partyId && hit.ref.type !== 'customer' && (
            <Link to={`/customers/${hit.partyId}`} style={{ fontSize: 12 }}>
              {t('search.openCustomer')}
            </Link>
          )}
        </Flex>
        {hit.snippet && (
          <Typography.Text type="secondary" className="pre-wrap" data-testid="search-snippet">
            <Highlight text={hit.snippet} query={q} />
          </Typography.Text>
        )}
      </Flex>
    </List.Item>
  );
}

/** Global search: Chinese or English, across customers and communications. */
export function SearchPage() {
  const t = useT();
  const tt = useTryT();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const q = (params.get('q') ?? '').trim();
  const type = params.get('types') ?? undefined;
  const { data, isFetching, error } = useSearch(q, type);

  const go = (nextQ: string, nextType = type) => {
    const sp = new URLSearchParams();
    if (nextQ.trim()) sp.set('q', nextQ.trim());
    if (nextType) sp.set('types', nextType);
    navigate(`/search?${sp.toString()}`);
  };

  const hits = data?.hits ?? [];
  const groups = TYPES.map((ty) => ({ type: ty, hits: hits.filter((h) => h.ref.type === ty) }))
    .concat([{ type: 'other' as never, hits: hits.filter((h) => !(TYPES as readonly string[]).includes(h.ref.type)) }])
    .filter((g) => g.hits.length);

  return (
    <>
      <PageHeader title={t('search.title')} />
      <Flex gap={12} wrap align="center" style={{ marginBottom: 12 }}>
        <Input.Search
          key={q}
          defaultValue={q}
          placeholder={t('header.searchPlaceholder')}
          enterButton
          allowClear
          autoFocus={!q}
          onSearch={(v) => go(v)}
          style={{ maxWidth: 520 }}
          data-testid="search-input"
        />
        <Segmented
          value={type ?? 'all'}
          onChange={(v) => go(q, v === 'all' ? undefined : String(v))}
          options={[{ value: 'all', label: t('search.all') }, ...TYPES.map((ty) => ({ value: ty, label: tt(`recordTypes.${ty}`) ?? ty }))]}
        />
      </Flex>
      {!q && <Empty description={t('search.hint')} image={Empty.PRESENTED_IMAGE_SIMPLE} />}
      {q && isFetching && !data && <Skeleton active />}
      {q && error && <Alert type="error" showIcon title={isApiError(error) ? error.problem.detail : String(error)} />}
      {q && data && hits.length === 0 && (
        <Empty description={<span data-testid="search-empty">{t('search.noResults', { q })}</span>} image={Empty.PRESENTED_IMAGE_SIMPLE}>
          <Typography.Text type="secondary">{t('search.noResultsHint')}</Typography.Text>
        </Empty>
      )}
      {q && data && hits.length > 0 && (
        <Flex vertical gap={12} data-testid="search-results">
          <Typography.Text type="secondary">{t('search.count', { n: hits.length, q })}</Typography.Text>
          {groups.map((g) => (
            <Card
              key={g.type}
              size="small"
              title={
                <span>
                  {typeIcons[g.type]} {tt(`recordTypes.${g.type}`) ?? t('search.other')} <Typography.Text type="secondary">({g.hits.length})</Typography.Text>
                </span>
              }
            >
              <List size="small" dataSource={g.hits} renderItem={(h) => <HitItem hit={h} q={q} />} />
            </Card>
          ))}
        </Flex>
      )}
    </>
  );
}
