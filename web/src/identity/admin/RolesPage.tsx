import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Badge, Button, Checkbox, Flex, Table, Typography, type TableColumnsType } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import type { Permission } from '../../../../contracts/identity.js';
import { useLocalized, useT } from '../../i18n/index.js';
import { PageHeader } from '../../platform/PageHeader.js';
import { useProblemHandler } from '../../platform/problem.js';
import { ME_KEY } from '../session.js';
import { identityKeys, useRoles, useUpdateRole, type TRoleList } from '../api.js';

type Draft = Record<string, Permission[]>;
const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

/** Roles × permissions: tick, then save all changed roles at once. */
export function RolesPage() {
  const t = useT();
  const loc = useLocalized();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const { data, isLoading } = useRoles();
  const update = useUpdateRole();
  const [draft, setDraft] = useState<Draft>({});
  const [saving, setSaving] = useState(false);

  const initial = useMemo(() => Object.fromEntries((data?.items ?? []).map((r) => [r.code, r.permissions])) as Draft, [data]);
  useEffect(() => setDraft(initial), [initial]);
  const dirty = (data?.items ?? []).filter((r) => draft[r.code] && !sameSet(draft[r.code]!, r.permissions));

  const toggle = (role: string, p: Permission, on: boolean) =>
    setDraft((d) => ({ ...d, [role]: on ? [...(d[role] ?? []), p] : (d[role] ?? []).filter((x) => x !== p) }));

  const save = async () => {
    setSaving(true);
    try {
      for (const r of dirty) await update.mutateAsync({ code: r.code, body: { version: r.version, permissions: draft[r.code]! } });
      message.success(t('common.saved'));
    } catch (e) {
      onProblem(e, { onReload: () => void qc.invalidateQueries({ queryKey: identityKeys.roles }) });
    } finally {
      setSaving(false);
      await qc.invalidateQueries({ queryKey: identityKeys.roles });
      await qc.invalidateQueries({ queryKey: ME_KEY });
    }
  };

  type Row = TRoleList['permissions'][number];
  const columns: TableColumnsType<Row> = [
    {
      title: t('admin.roles.permission'),
      key: 'perm',
      fixed: 'left',
      width: 280,
      render: (_, p) => (
        <Flex vertical>
          <span>{loc(p.name)}</span>
          <Typography.Text type="secondary" style={{ fontSize: 11, fontFamily: 'monospace' }}>
            {p.key}
          </Typography.Text>
        </Flex>
      ),
    },
    ...(data?.items ?? []).map((r) => ({
      title: (
        <Badge dot={dirty.some((d) => d.code === r.code)} offset={[6, 0]}>
          <span>{loc(r.name)}</span>
        </Badge>
      ),
      key: r.code,
      align: 'center' as const,
      width: 110,
      render: (_: unknown, p: Row) => (
        <Checkbox
          checked={(draft[r.code] ?? []).includes(p.key)}
          onChange={(e) => toggle(r.code, p.key, e.target.checked)}
          aria-label={`${loc(r.name)} · ${loc(p.name)}`}
          data-testid={`role-${r.code}-${p.key}`}
        />
      ),
    })),
  ];

  return (
    <>
      <PageHeader
        title={t('nav.roles')}
        extra={
          <>
            <Button disabled={!dirty.length || saving} onClick={() => setDraft(initial)}>
              {t('common.reset')}
            </Button>
            <Button type="primary" disabled={!dirty.length} loading={saving} onClick={() => void save()} data-testid="roles-save">
              {dirty.length ? t('admin.roles.saveN', { n: dirty.length }) : t('common.save')}
            </Button>
          </>
        }
      />
      <Alert type="info" showIcon title={t('admin.roles.hint')} style={{ marginBottom: 12 }} />
      <Table<Row>
        size="small"
        rowKey="key"
        loading={isLoading}
        columns={columns}
        dataSource={data?.permissions ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        bordered
        data-testid="roles-matrix"
      />
    </>
  );
}
