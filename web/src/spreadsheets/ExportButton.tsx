import { Button, Dropdown } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { queryString, type Query } from '../api/client.js';
import { useT } from '../i18n/index.js';

/**
 * "Export" on a list page: the list's current filters and sort (and the visible columns, when the page
 * chooses them) go to /api/exports/<list>; the server streams the file and leaves out the columns the user
 * may not see. A plain download link: the browser saves the stream, nothing is held in the page.
 */
export function ExportButton({ list, filters, columns, label }: { list: string; filters: Query; columns?: string[]; label?: 'contacts' }) {
  const t = useT();
  const href = (format: 'xlsx' | 'csv') => {
    const { page: _p, pageSize: _s, ...rest } = filters;
    return `/api/exports/${list}${queryString({ ...rest, format, columns })}`;
  };
  const download = (format: 'xlsx' | 'csv') => {
    const a = document.createElement('a');
    a.href = href(format);
    a.download = '';
    document.body.appendChild(a);
    a.click();
    a.remove();
  };
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          { key: 'xlsx', label: <span data-testid="export-xlsx">{t('spreadsheet.exportXlsx')}</span> },
          { key: 'csv', label: <span data-testid="export-csv">{t('spreadsheet.exportCsv')}</span> },
        ],
        onClick: ({ key }) => download(key as 'xlsx' | 'csv'),
      }}
    >
      {/* the hint as the native title: a tooltip would lie over the menu it opens */}
      <Button icon={<DownloadOutlined />} title={t('spreadsheet.exportHint')} data-testid={`export-${list}`}>
        {label === 'contacts' ? t('spreadsheet.exportContacts') : t('spreadsheet.export')}
      </Button>
    </Dropdown>
  );
}
