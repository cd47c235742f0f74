import { useQuery } from '@tanstack/react-query';
import { createContext, useContext, useState } from 'react';
import { Alert, Button, Empty, Flex, Result, Skeleton, Table, Tag, Timeline, Typography } from 'antd';
import type { z } from 'zod';
import type { History } from '../../../contracts/platform.js';
import { api, isApiError } from '../api/client.js';
import { useT, useTryT } from '../i18n/index.js';
import { useProcedureNames } from '../procedures/index.js';
import { useDepartmentName, useUserOptions } from '../identity/index.js';
import { Link } from 'react-router';
import { DateTime } from './DateTime.js';
import { diffRecords, fieldRank, NOISE_FIELDS, sameValue, versionOf, type FieldChange } from './diff.js';
import { fmtBytes, fmtDateTime, NONE } from './format.js';

type THistory = z.infer<typeof History>;
type Entry = THistory['entries'][number];

const enumAlias: Record<string, string> = { preferredChannel: 'channel', preferredLanguage: 'locale' };

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

const actionColors: Record<string, string> = {
  create: 'green',
  complete: 'cyan',
  verify: 'purple',
  reopen: 'orange',
  cancel: 'red',
  pause: 'gold',
  resume: 'blue',
  update: 'blue',
  correct: 'orange',
  void: 'red',
  accept: 'purple',
};

function actionColor(action: string): string {
  const base = action.split('.').pop() ?? action;
  return actionColors[action] ?? actionColors[base] ?? 'default';
}

export function useHistory(type: string, id: string | undefined) {
  return useQuery({
    queryKey: ['history', type, id],
    queryFn: () => api.get<THistory>(`/api/history/${encodeURIComponent(type)}/${encodeURIComponent(id!)}`),
    enabled: !!id,
  });
}

/** The record type whose history is shown: the same field name means different things on different records. */
const HistoryType = createContext('');

/** Fields that hold a user's id (shown by name when no *Name field goes with them). */
const USER_FIELDS = new Set(['ownerId', 'verifierId', 'ourUserId']);

/** Field names that mean something else on this record type (an action's status, its title). */
const typeEnumAlias: Record<string, Record<string, string>> = { action: { status: 'actionStatus' } };

function useFieldLabel(): (field: string) => string {
  const type = useContext(HistoryType);
  const tt = useTryT();
  return (f) => tt(`history.fieldsByType.${type}.${f}`) ?? tt(`history.fields.${f}`) ?? f;
}

function Value({ field, value }: { field: string; value: unknown }) {
  const t = useT();
  const tt = useTryT();
  const type = useContext(HistoryType);
  const deptName = useDepartmentName();
  const names = useProcedureNames();
  const users = useUserOptions();
  if (value === undefined || value === null || value === '') return <Typography.Text type="secondary">{NONE}</Typography.Text>;
  if (typeof value === 'boolean') return <>{value ? t('common.yes') : t('common.no')}</>;
  if (typeof value === 'string') {
    if (ISO.test(value)) return <>{fmtDateTime(value)}</>;
    if (field === 'department' || field === 'lane') return <>{deptName(value)}</>;
    if (field === 'sourceType') return <>{tt(`recordTypes.${value}`) ?? value}</>;
    if (field === 'state' || field === 'step') return <>{names.step(value) ?? value}</>;
    if (field === 'procedure') return <>{names.procedure(value) ?? value}</>;
    if (USER_FIELDS.has(field)) return <>{users.data?.items.find((u) => u.id === value)?.displayName ?? value}</>;
    if (field === 'action' && type === 'action') return <Link to={`/actions/${value}`}>{t('common.open')}</Link>;
    const enumLabel = tt(`enums.${typeEnumAlias[type]?.[field] ?? enumAlias[field] ?? field}.${value}`);
    if (enumLabel) return <>{enumLabel}</>;
    return <span className="pre-wrap">{value}</span>;
  }
  if (typeof value === 'number') return <>{value}</>;
  if (Array.isArray(value)) {
    if (value.length === 0) return <Typography.Text type="secondary">{NONE}</Typography.Text>;
    return (
      <Flex vertical gap={2}>
        {value.map((item, i) => {
          if (typeof item === 'string') return <span key={i}>{ISO.test(item) ? fmtDateTime(item) : item}</span>;
          if (item && typeof item === 'object') {
            const o = item as Record<string, unknown>;
            if (typeof o.filename === 'string')
              return (
                <span key={i}>
                  📎 {o.filename}
                  {typeof o.size === 'number' ? ` (${fmtBytes(o.size)})` : ''}
                </span>
              );
            const label = o.title ?? o.name ?? o.displayName ?? o.code;
            if (typeof label === 'string')
              return (
                <span key={i}>
                  {label}
                  {typeof o.type === 'string' ? ` [${o.type}]` : ''}
                </span>
              );
          }
          return (
            <code key={i} style={{ fontSize: 12 }}>
              {JSON.stringify(item)}
            </code>
          );
        })}
      </Flex>
    );
  }
  return (
    <code className="pre-wrap" style={{ fontSize: 12 }}>
      {JSON.stringify(value, null, 1)}
    </code>
  );
}

function ChangesTable({ changes, created }: { changes: FieldChange[]; created: boolean }) {
  const t = useT();
  const label = useFieldLabel();
  if (!changes.length) return <Typography.Text type="secondary">{t('history.noFieldChanges')}</Typography.Text>;
  return (
    <Table<FieldChange>
      size="small"
      pagination={false}
      rowKey="field"
      dataSource={changes}
      tableLayout="fixed"
      data-testid="history-changes"
      columns={[
        { title: t('history.field'), dataIndex: 'field', width: 140, render: (f: string) => <Typography.Text strong>{label(f)}</Typography.Text> },
        ...(created
          ? []
          : [
              {
                title: t('history.before'),
                key: 'before',
                render: (_: unknown, c: FieldChange) => (
                  <div data-testid="history-before" style={{ background: '#fff1f0', padding: '2px 6px', borderRadius: 3 }}>
                    <Value field={c.field} value={c.before} />
                  </div>
                ),
              },
            ]),
        {
          title: created ? t('history.value') : t('history.after'),
          key: 'after',
          render: (_: unknown, c: FieldChange) => (
            <div data-testid="history-after" style={{ background: created ? undefined : '#f6ffed', padding: '2px 6px', borderRadius: 3 }}>
              <Value field={c.field} value={c.after} />
            </div>
          ),
        },
      ]}
    />
  );
}

interface FullRow {
  field: string;
  before: unknown;
  after: unknown;
  changed: boolean;
}

/** Every field of both versions side by side (a corrected record, read in full). */
function FullVersions({ before, after }: { before: Record<string, unknown>; after: Record<string, unknown> }) {
  const t = useT();
  const label = useFieldLabel();
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((f) => !NOISE_FIELDS.has(f)).sort((x, y) => fieldRank(x) - fieldRank(y));
  return (
    <Table<FullRow>
      size="small"
      pagination={false}
      rowKey="field"
      tableLayout="fixed"
      style={{ marginTop: 6 }}
      data-testid="history-full"
      dataSource={fields.map((field) => ({ field, before: before[field], after: after[field], changed: !sameValue(before[field], after[field]) }))}
      columns={[
        { title: t('history.field'), dataIndex: 'field', width: 140, render: (f: string) => label(f) },
        {
          title: t('history.before'),
          key: 'b',
          render: (_: unknown, r: FullRow) => (
            <div style={{ background: r.changed ? '#fff1f0' : undefined }}>
              <Value field={r.field} value={r.before} />
            </div>
          ),
        },
        {
          title: t('history.after'),
          key: 'a',
          render: (_: unknown, r: FullRow) => (
            <div style={{ background: r.changed ? '#f6ffed' : undefined }}>
              <Value field={r.field} value={r.after} />
            </div>
          ),
        },
      ]}
    />
  );
}

/**
 * A customer's history also holds its contacts' entries; they carry no reference of
 * their own, so a contact is recognised by its fields (name + isPrimary, no code).
 */
function contactSubject(entry: Entry): { type: string; name: string } | null {
  const rec = entry.after ?? entry.before;
  if (!rec || !('isPrimary' in rec) || typeof rec.name !== 'string' || 'code' in rec) return null;
  return { type: 'contact', name: rec.name };
}

/** `procedure.answer` → "程序：答复客户" (the transition's action, from the definitions). */
function useProcedureActionName(): (action: string) => string | undefined {
  const names = useProcedureNames();
  const t = useT();
  return (action) => {
    if (!action.startsWith('procedure.')) return undefined;
    const id = action.slice('procedure.'.length);
    return t('history.procedureAction', { action: names.transition(id) ?? id });
  };
}

function EntryView({ entry, inner }: { entry: Entry; inner: boolean }) {
  const t = useT();
  const tt = useTryT();
  const procedureAction = useProcedureActionName();
  const changes = diffRecords(entry.before, entry.after);
  const vBefore = versionOf(entry.before);
  const vAfter = versionOf(entry.after);
  const showTable = !!entry.before || !!entry.after;
  const [full, setFull] = useState(false);
  const subject = inner ? contactSubject(entry) : null;
  return (
    <div data-testid="history-entry" data-action={entry.action}>
      <Flex gap={8} align="center" wrap style={{ marginBottom: 6 }}>
        <Tag color={actionColor(entry.action)} style={{ marginInlineEnd: 0 }}>
          {tt(`history.actions.${entry.action.replace(/[.-]/g, '_')}`) ?? procedureAction(entry.action) ?? entry.action}
        </Tag>
        {subject && (
          <Typography.Text type="secondary">
            {tt(`recordTypes.${subject.type}`) ?? subject.type}: <Typography.Text strong>{subject.name}</Typography.Text>
          </Typography.Text>
        )}
        <Typography.Text strong>{entry.actorName ?? t('history.system')}</Typography.Text>
        <Typography.Text type="secondary">
          <DateTime value={entry.at} />
        </Typography.Text>
        {vAfter !== null && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {vBefore !== null && vBefore !== vAfter ? `v${vBefore} → v${vAfter}` : `v${vAfter}`}
          </Typography.Text>
        )}
      </Flex>
      {entry.reason && (
        <Alert
          type="info"
          style={{ marginBottom: 6, padding: '4px 10px' }}
          title={
            <span data-testid="history-reason">
              {t('history.reason')}: {entry.reason}
            </span>
          }
        />
      )}
      {showTable &&
        (entry.action.startsWith('action.') ? (
          // an action item raised on this record: its fields are the action's
          <HistoryType.Provider value="action">
            <ChangesTable changes={changes} created={!entry.before} />
          </HistoryType.Provider>
        ) : (
          <ChangesTable changes={changes} created={!entry.before} />
        ))}
      {entry.before && entry.after && (
        <Button type="link" size="small" style={{ paddingInline: 0 }} onClick={() => setFull(!full)} data-testid="history-show-full">
          {full ? t('history.hideFull') : t('history.showFull')}
        </Button>
      )}
      {full && entry.before && entry.after && <FullVersions before={entry.before} after={entry.after} />}
    </div>
  );
}

/** The audit trail of one record, newest first; corrections show old → new per field. */
export function HistoryPanel({ type, id }: { type: string; id: string }) {
  const t = useT();
  const { data, isLoading, error } = useHistory(type, id);
  if (isLoading) return <Skeleton active />;
  if (error) {
    if (isApiError(error, 'FORBIDDEN')) return <Result status="403" title={t('history.forbidden')} subTitle={error.problem.detail} />;
    return <Alert type="error" showIcon title={isApiError(error) ? error.problem.detail : String(error)} />;
  }
  const entries = [...(data?.entries ?? [])].sort((a, b) => b.at.localeCompare(a.at));
  if (!entries.length) return <Empty description={t('history.empty')} />;
  return (
    <HistoryType.Provider value={type}>
      <div data-testid="history-panel">
        <Timeline
          items={entries.map((e) => ({
            key: e.id,
            color: actionColor(e.action) === 'default' ? 'gray' : actionColor(e.action),
            content: <EntryView entry={e} inner={type === 'customer'} />,
          }))}
        />
      </div>
    </HistoryType.Provider>
  );
}
