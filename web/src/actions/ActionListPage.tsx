import { Checkbox, Empty, Flex, Segmented, Select } from 'antd';
import { actionStatuses } from '../../../contracts/actions.js';
import { useT } from '../i18n/index.js';
import { useCurrentUser } from '../identity/index.js';
import { PageHeader } from '../platform/PageHeader.js';
import { urlPagination, useUrlState } from '../platform/useUrlState.js';
import { useActionList } from './api.js';
import { ActionTable } from './ActionTable.js';
import { ExportButton } from '../spreadsheets/index.js';

const FILTERS = ['scope', 'status', 'overdue'] as const;

/** 措施项: mine first (what I have to do), everything I may see under "All". */
export function ActionListPage() {
  const t = useT();
  const me = useCurrentUser();
  const { values: f, page, pageSize, set, active } = useUrlState(FILTERS);
  const scope = f.scope === 'all' ? 'all' : 'mine';
  // "mine" defaults to what is still open; a status filter replaces that
  const status = f.status === 'any' ? undefined : (f.status ?? (scope === 'mine' ? 'open' : undefined));
  const { data, isFetching, error } = useActionList({
    ownerId: scope === 'mine' ? me.id : undefined,
    status,
    overdue: f.overdue === 'true' ? 'true' : undefined,
    page,
    pageSize,
  });
  return (
    <>
      <PageHeader
        title={t('nav.actions')}
        extra={
          <ExportButton
            list="actions"
            filters={{ ownerId: scope === 'mine' ? me.id : undefined, status, overdue: f.overdue === 'true' ? 'true' : undefined }}
          />
        }
      />
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }} role="search" aria-label={t('common.filters')}>
        <Segmented
          value={scope}
          onChange={(v) => set({ scope: v === 'all' ? 'all' : undefined, status: undefined })}
          options={[
            { value: 'mine', label: <span data-testid="actions-mine">{t('action.mine')}</span> },
            { value: 'all', label: <span data-testid="actions-all">{t('action.all')}</span> },
          ]}
        />
        <Select
          value={f.status ?? (scope === 'mine' ? 'open' : 'any')}
          onChange={(v) => set({ status: v === (scope === 'mine' ? 'open' : 'any') ? undefined : v })}
          style={{ width: 150 }}
          aria-label={t('action.fields.status')}
          data-testid="actions-filter-status"
          options={[{ value: 'any', label: t('action.anyStatus') }, ...actionStatuses.map((s) => ({ value: s, label: t(`enums.actionStatus.${s}`) }))]}
        />
        <Checkbox checked={f.overdue === 'true'} onChange={(e) => set({ overdue: e.target.checked ? 'true' : undefined })} data-testid="actions-filter-overdue">
          {t('action.onlyOverdue')}
        </Checkbox>
      </Flex>
      <ActionTable
        loading={isFetching}
        dataSource={data?.items}
        data-testid="action-table"
        locale={{
          emptyText: (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={error ? t('errors.loadFailed') : scope === 'mine' && !active ? t('action.emptyMine') : t('action.emptyFiltered')}
            />
          ),
        }}
        pagination={urlPagination({ page, pageSize, set }, data?.total ?? 0, (total) =>
          t(data?.totalCapped ? 'common.totalAtLeast' : 'common.total', { total: total.toLocaleString() }),
        )}
      />
    </>
  );
}
