import { lazy, Suspense, useState } from 'react';
import { Button, Dropdown } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { queryString, type Query } from '../api/client.js';
import { useT } from '../i18n/index.js';
import { useMe } from '../identity/index.js';

// the column chooser is fetched when first opened: list pages keep their first load small
const ExportColumnsDialog = lazy(() => import('./ExportColumnsDialog.js').then((m) => ({ default: m.ExportColumnsDialog })));

/** Where one user's chosen export columns of one list are remembered in this browser. */
export const columnsKey = (userId: string | undefined, list: string) => `accord.export-columns.${userId ?? 'anon'}.${list}`;

function remembered(key: string): string[] | null {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(key) ?? 'null');
    return Array.isArray(v) && v.length && v.every((x) => typeof x === 'string') ? v : null;
  } catch {
    return null;
  }
}

/**
 * "Export" on a list page: the list's current filters and sort and the visible columns go to
 * /api/exports/<list>; the server streams the file. The column chooser (only the columns this user may export)
 * is remembered per user and list; a page that chooses its table's columns itself passes them as `columns`.
 * A plain download link: the browser saves the stream.
 */
export function ExportButton({ list, filters, columns, label }: { list: string; filters: Query; columns?: string[]; label?: 'contacts' }) {
  const t = useT();
  const { data: me } = useMe();
  const key = columnsKey(me?.id, list);
  const [chosen, setChosen] = useState<string[] | null>(() => remembered(key));
  const [choosing, setChoosing] = useState(false);
  const { page: _p, pageSize: _s, ...rest } = filters;
  const download = (format: 'xlsx' | 'csv') => {
    const a = document.createElement('a');
    a.href = `/api/exports/${list}${queryString({ ...rest, format, columns: columns ?? chosen ?? undefined })}`;
    a.download = '';
    document.body.appendChild(a);
    a.click();
    a.remove();
  };
  return (
    <>
      <Dropdown
        trigger={['click']}
        menu={{
          items: [
            { key: 'xlsx', label: <span data-testid="export-xlsx">{t('spreadsheet.exportXlsx')}</span> },
            { key: 'csv', label: <span data-testid="export-csv">{t('spreadsheet.exportCsv')}</span> },
            ...(columns ? [] : [{ type: 'divider' as const }, { key: 'columns', label: <span data-testid="export-columns">{t('spreadsheet.columns')}</span> }]),
          ],
          onClick: ({ key: k }) => (k === 'columns' ? setChoosing(true) : download(k as 'xlsx' | 'csv')),
        }}
      >
        {/* the hint as the native title: a tooltip would lie over the menu it opens */}
        <Button icon={<DownloadOutlined />} title={t('spreadsheet.exportHint')} data-testid={`export-${list}`}>
          {label === 'contacts' ? t('spreadsheet.exportContacts') : t('spreadsheet.export')}
        </Button>
      </Dropdown>
      {choosing && (
        <Suspense fallback={null}>
          <ExportColumnsDialog
            list={list}
            filters={rest}
            chosen={chosen}
            onClose={(keys) => {
              if (keys !== undefined) {
                setChosen(keys);
                if (keys) localStorage.setItem(key, JSON.stringify(keys));
                else localStorage.removeItem(key);
              }
              setChoosing(false);
            }}
          />
        </Suspense>
      )}
    </>
  );
}
