import { type KeyboardEvent, type ReactNode } from 'react';
import Pagination from 'antd/es/pagination';
import Spin from 'antd/es/spin';
import useCSSVarCls from 'antd/es/config-provider/hooks/useCSSVarCls';
import useTableStyle from 'antd/es/table/style';
import type { ColumnType, SortOrder, SorterResult } from 'antd/es/table/interface';
import type { TableProps } from 'antd/es/table';
import { CaretDownOutlined, CaretUpOutlined } from '@ant-design/icons';

/**
 * A list page's table in Ant Design's own markup and styles, without antd's Table: a page of rows, sortable headers,
 * clickable rows, an empty state and the pagination — what a first-load list needs. antd's Table brings its filter
 * menus (a Tree), selection, expansion, virtual scrolling and fixed columns: ~34 kB of brotli the customer list,
 * the page a phone opens first, never uses. Takes the same props as antd's Table for those features, so a page swaps
 * one for the other; anything richer (filters in headers, selection, expandable rows) stays with antd's Table.
 */
export interface LiteTableProps<T> {
  columns: ColumnType<T>[];
  dataSource?: readonly T[];
  rowKey: keyof T & string;
  loading?: boolean;
  size?: 'small' | 'middle';
  rowClassName?: (record: T) => string;
  onRow?: (record: T) => { onClick?: () => void };
  /** called with the sorter of a header that was clicked (the same arguments as antd's Table) */
  onChange?: TableProps<T>['onChange'];
  locale?: { emptyText?: ReactNode };
  pagination?: Parameters<typeof Pagination>[0];
  'data-testid'?: string;
}

const PREFIX = 'ant-table';

function cellValue<T>(column: ColumnType<T>, record: T, index: number): ReactNode {
  const dataIndex = column.dataIndex as string | undefined;
  const value = dataIndex === undefined ? undefined : (record as Record<string, unknown>)[dataIndex];
  if (column.render) return column.render(value, record, index) as ReactNode;
  return value as ReactNode;
}

const columnKey = <T,>(column: ColumnType<T>, i: number) => String(column.key ?? (column.dataIndex as string | undefined) ?? i);

export function LiteTable<T>({
  columns,
  dataSource,
  rowKey,
  loading,
  size = 'small',
  rowClassName,
  onRow,
  onChange,
  locale,
  pagination,
  'data-testid': testId,
}: LiteTableProps<T>) {
  // the table's design tokens as CSS variables, as antd's Table registers them (its style rules come from antd.css)
  const rootCls = useCSSVarCls(PREFIX);
  const [hashId, cssVarCls] = useTableStyle(PREFIX, rootCls);
  const rows = dataSource ?? [];

  const sortBy = (column: ColumnType<T>, i: number) => {
    const order: SortOrder = column.sortOrder ? null : (column.sortDirections?.[0] ?? 'ascend');
    const sorter: SorterResult<T> = { column, columnKey: columnKey(column, i), field: column.dataIndex as string | undefined, order };
    onChange?.({}, {}, sorter, { action: 'sort', currentDataSource: [...rows] });
  };

  const header = (column: ColumnType<T>, i: number) => {
    const title = column.title as ReactNode;
    const align = column.align ? { textAlign: column.align } : undefined;
    if (!column.sorter) {
      return (
        <th key={columnKey(column, i)} scope="col" className={`${PREFIX}-cell`} style={align}>
          {title}
        </th>
      );
    }
    const directions = column.sortDirections ?? ['ascend', 'descend'];
    const order = column.sortOrder ?? null;
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        sortBy(column, i);
      }
    };
    return (
      <th
        key={columnKey(column, i)}
        scope="col"
        tabIndex={0}
        aria-sort={order === 'ascend' ? 'ascending' : order === 'descend' ? 'descending' : undefined}
        className={`${PREFIX}-cell ${PREFIX}-column-has-sorters${order ? ` ${PREFIX}-column-sort` : ''}`}
        style={align}
        onClick={() => sortBy(column, i)}
        onKeyDown={onKeyDown}
      >
        <div className={`${PREFIX}-column-sorters`}>
          <span className={`${PREFIX}-column-title`}>{title}</span>
          <span className={`${PREFIX}-column-sorter${directions.length > 1 ? ` ${PREFIX}-column-sorter-full` : ''}`}>
            <span className={`${PREFIX}-column-sorter-inner`} aria-hidden="true">
              {directions.includes('ascend') && <CaretUpOutlined className={`${PREFIX}-column-sorter-up${order === 'ascend' ? ' active' : ''}`} />}
              {directions.includes('descend') && <CaretDownOutlined className={`${PREFIX}-column-sorter-down${order === 'descend' ? ' active' : ''}`} />}
            </span>
          </span>
        </div>
      </th>
    );
  };

  const cell = (column: ColumnType<T>, record: T, rowIndex: number, i: number) => {
    const content = cellValue(column, record, rowIndex);
    const className = `${PREFIX}-cell${column.ellipsis ? ` ${PREFIX}-cell-ellipsis` : ''}${column.sortOrder ? ` ${PREFIX}-column-sort` : ''}`;
    const style = column.align ? { textAlign: column.align } : undefined;
    return (
      <td key={columnKey(column, i)} className={className} style={style} title={column.ellipsis && typeof content === 'string' ? content : undefined}>
        {content}
      </td>
    );
  };

  const tableCls = `${PREFIX} ${PREFIX}-${size}${rows.length ? '' : ` ${PREFIX}-empty`} ${cssVarCls} ${rootCls} ${hashId}`;
  return (
    <div className={`${cssVarCls} ${rootCls} ${PREFIX}-wrapper ${hashId}`} data-testid={testId}>
      <Spin spinning={!!loading}>
        <div className={tableCls}>
          <div className={`${PREFIX}-container`}>
            <div className={`${PREFIX}-content`}>
              <table style={{ tableLayout: columns.some((c) => c.ellipsis) ? 'fixed' : 'auto' }}>
                <colgroup>
                  {columns.map((c, i) => (
                    <col key={columnKey(c, i)} style={c.width === undefined ? undefined : { width: c.width }} />
                  ))}
                </colgroup>
                <thead className={`${PREFIX}-thead`}>
                  <tr>{columns.map(header)}</tr>
                </thead>
                <tbody className={`${PREFIX}-tbody`}>
                  {rows.map((record, r) => {
                    const { onClick } = onRow?.(record) ?? {};
                    const extra = rowClassName?.(record);
                    return (
                      <tr
                        key={String(record[rowKey])}
                        data-row-key={String(record[rowKey])}
                        className={`${PREFIX}-row ${PREFIX}-row-level-0${extra ? ` ${extra}` : ''}`}
                        onClick={onClick}
                      >
                        {columns.map((c, i) => cell(c, record, r, i))}
                      </tr>
                    );
                  })}
                  {!rows.length && !loading && (
                    <tr className={`${PREFIX}-placeholder`}>
                      <td colSpan={columns.length} className={`${PREFIX}-cell`}>
                        {locale?.emptyText}
                      </td>
                    </tr>
                  )}
                </tbody>
              </table>
            </div>
          </div>
        </div>
        {pagination && !!pagination.total && <Pagination {...pagination} className={`${PREFIX}-pagination ${PREFIX}-pagination-end`} />}
      </Spin>
    </div>
  );
}
