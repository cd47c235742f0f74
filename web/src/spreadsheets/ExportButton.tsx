import { useState } from 'react';
import { Button, Checkbox, Dropdown, Modal, Space } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { api, queryString, type Query } from '../api/client.js';
import { useLocale, useT } from '../i18n/index.js';
import { useMe } from '../identity/session.js';

interface ColumnOption {
  key: string;
  zh: string;
  en: string;
}

/** The export columns one user chose for one list, remembered in this browser (null: all they may see). */
function useChosenColumns(list: string) {
  const { data: me } = useMe();
  const storageKey = `accord.export-columns.${me?.id ?? 'anon'}.${list}`;
  const read = (): string[] | null => {
    try {
      const raw = localStorage.getItem(storageKey);
      const v: unknown = raw ? JSON.parse(raw) : null;
      return Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : null;
    } catch {
      return null;
    }
  };
  const [chosen, setChosen] = useState<string[] | null>(read);
  const save = (keys: string[] | null) => {
    setChosen(keys);
    if (keys) localStorage.setItem(storageKey, JSON.stringify(keys));
    else localStorage.removeItem(storageKey);
  };
  return [chosen, save] as const;
}

/**
 * "Export" on a list page: the list's current filters and sort and the visible columns go to
 * /api/exports/<list>; the server streams the file. The column chooser (from /api/exports/<list>/columns: only
 * the columns this user may export) is remembered per user and list; a page that chooses its table's columns
 * itself passes them as `columns`. A plain download link: the browser saves the stream.
 */
export function ExportButton({ list, filters, columns, label }: { list: string; filters: Query; columns?: string[]; label?: 'contacts' }) {
  const t = useT();
  const { locale } = useLocale();
  const [chosen, setChosen] = useChosenColumns(list);
  const [choosing, setChoosing] = useState(false);
  const { page: _p, pageSize: _s, ...rest } = filters;
  const options = useQuery({
    queryKey: ['export-columns', list, rest],
    queryFn: () => api.get<{ items: ColumnOption[] }>(`/api/exports/${list}/columns`, rest),
    enabled: choosing || !!chosen,
    staleTime: 5 * 60_000,
  });
  // a remembered choice keeps only the columns still offered (a right taken away, a question removed)
  const offered = options.data?.items.map((c) => c.key);
  const effective = columns ?? (chosen && offered ? chosen.filter((k) => offered.includes(k)) : null);
  const href = (format: 'xlsx' | 'csv') => `/api/exports/${list}${queryString({ ...rest, format, columns: effective && effective.length ? effective : undefined })}`;
  const download = (format: 'xlsx' | 'csv') => {
    const a = document.createElement('a');
    a.href = href(format);
    a.download = '';
    document.body.appendChild(a);
    a.click();
    a.remove();
  };
  const [draft, setDraft] = useState<string[]>([]);
  const openChooser = () => {
    setDraft(chosen ?? offered ?? []);
    setChoosing(true);
  };
  const all = options.data?.items ?? [];
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
          onClick: ({ key }) => (key === 'columns' ? openChooser() : download(key as 'xlsx' | 'csv')),
        }}
      >
        {/* the hint as the native title: a tooltip would lie over the menu it opens */}
        <Button icon={<DownloadOutlined />} title={t('spreadsheet.exportHint')} data-testid={`export-${list}`}>
          {label === 'contacts' ? t('spreadsheet.exportContacts') : t('spreadsheet.export')}
        </Button>
      </Dropdown>
      <Modal
        open={choosing}
        title={t('spreadsheet.columnsTitle')}
        onCancel={() => setChoosing(false)}
        onOk={() => {
          setChosen(draft.length && draft.length < all.length ? all.map((c) => c.key).filter((k) => draft.includes(k)) : null);
          setChoosing(false);
        }}
        okButtonProps={{ disabled: !draft.length, 'data-testid': 'export-columns-ok' } as never}
        destroyOnHidden
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          <Checkbox
            checked={all.length > 0 && draft.length === all.length}
            indeterminate={draft.length > 0 && draft.length < all.length}
            onChange={(e) => setDraft(e.target.checked ? all.map((c) => c.key) : [])}
          >
            {t('spreadsheet.columnsAll')}
          </Checkbox>
          <Checkbox.Group
            value={draft}
            onChange={(v) => setDraft(v as string[])}
            style={{ display: 'grid', gridTemplateColumns: 'repeat(2, minmax(0, 1fr))', gap: 8 }}
            data-testid="export-columns-list"
            options={all.map((c) => ({ value: c.key, label: locale === 'zh-CN' ? c.zh : c.en }))}
          />
        </Space>
      </Modal>
    </>
  );
}
