import { useEffect, useState } from 'react';
import { Checkbox, Modal, Space } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { api, type Query } from '../api/client.js';
import { useLocale } from '../i18n/index.js';
import { useFeatureT } from '../i18n/feature.js';

const words = { 'zh-CN': { title: '导出哪些列', all: '全部' }, 'en-US': { title: 'Columns to export', all: 'All' } };

interface ColumnOption {
  key: string;
  zh: string;
  en: string;
}

/**
 * The export column chooser: the columns this user may export (GET /api/exports/<list>/columns), the remembered
 * choice ticked. `onClose(keys)`: the new choice (null = all), or undefined when cancelled.
 */
export function ExportColumnsDialog({
  list,
  filters,
  chosen,
  onClose,
}: {
  list: string;
  filters: Query;
  chosen: string[] | null;
  onClose: (keys?: string[] | null) => void;
}) {
  const t = useFeatureT(words);
  const { locale } = useLocale();
  const { data } = useQuery({
    queryKey: ['export-columns', list, filters],
    queryFn: () => api.get<{ items: ColumnOption[] }>(`/api/exports/${list}/columns`, filters),
    staleTime: 5 * 60_000,
  });
  const all = data?.items ?? [];
  const [draft, setDraft] = useState<string[]>([]);
  // a remembered choice keeps only the columns still offered (a right taken away, a question removed)
  useEffect(() => {
    if (data) setDraft(chosen ? chosen.filter((k) => data.items.some((c) => c.key === k)) : data.items.map((c) => c.key));
  }, [data, chosen]);
  return (
    <Modal
      open
      title={t('title')}
      onCancel={() => onClose(undefined)}
      onOk={() => onClose(draft.length < all.length ? all.map((c) => c.key).filter((k) => draft.includes(k)) : null)}
      okButtonProps={{ disabled: !draft.length, 'data-testid': 'export-columns-ok' } as never}
      destroyOnHidden
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Checkbox
          checked={all.length > 0 && draft.length === all.length}
          indeterminate={draft.length > 0 && draft.length < all.length}
          onChange={(e) => setDraft(e.target.checked ? all.map((c) => c.key) : [])}
        >
          {t('all')}
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
  );
}
