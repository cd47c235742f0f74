import { useState } from 'react';
import { App, Button, Checkbox, Empty, Flex, Input, Segmented, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { EditOutlined, PlusOutlined, StopOutlined } from '@ant-design/icons';
import { VoidRequest } from '../../../contracts/common.js';
import { useT } from '../i18n/index.js';
import { useCan } from '../identity/index.js';
import { PageHeader } from '../platform/PageHeader.js';
import { DateTime } from '../platform/DateTime.js';
import { ReasonModal } from '../platform/ReasonModal.js';
import { NONE } from '../platform/format.js';
import { urlPagination, useUrlState } from '../platform/useUrlState.js';
import { ProductDrawer } from './ProductDrawer.js';
import { useProductList, useVoidProduct, type TProduct } from './api.js';
import { ExportButton } from '../spreadsheets/index.js';

const FILTERS = ['q', 'inBom', 'includeVoided'] as const;

export function BomTag({ inBom }: { inBom: boolean }) {
  const t = useT();
  return inBom ? <Tag color="green">{t('product.inBomTag')}</Tag> : <Tag color="orange">{t('product.notInBomTag')}</Tag>;
}

/** 产品目录: models, specs and the BOM flag that decides whether an order line is a new product. */
export function ProductListPage() {
  const t = useT();
  const can = useCan();
  const { message } = App.useApp();
  const manage = can('products.manage');
  const { values: f, page, pageSize, set, reset, active } = useUrlState(FILTERS);
  const [search, setSearch] = useState(f.q ?? '');
  const { data, isFetching, error } = useProductList({ ...f, page, pageSize });
  const [editing, setEditing] = useState<TProduct | null | 'new'>(null);
  const [voiding, setVoiding] = useState<TProduct | null>(null);
  const voidIt = useVoidProduct();

  const columns: TableColumnsType<TProduct> = [
    { title: t('product.fields.model'), dataIndex: 'model', width: 150, render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
    { title: t('product.fields.spec'), dataIndex: 'spec', width: 160, ellipsis: true, render: (v: string | null) => v ?? NONE },
    { title: t('product.fields.nameZh'), dataIndex: 'nameZh', ellipsis: true },
    { title: t('product.fields.nameEn'), dataIndex: 'nameEn', ellipsis: true, render: (v: string | null) => v ?? NONE },
    {
      title: t('product.fields.inBom'),
      dataIndex: 'inBom',
      width: 150,
      render: (v: boolean, p) => (p.voided ? <Tag>{t('common.voided')}</Tag> : <BomTag inBom={v} />),
    },
    { title: t('product.fields.updatedAt'), dataIndex: 'updatedAt', width: 140, render: (v: string) => <DateTime value={v} /> },
    ...(manage
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 110,
            render: (_: unknown, p: TProduct) =>
              p.voided ? null : (
                <Flex gap={4}>
                  <Button
                    size="small"
                    type="text"
                    icon={<EditOutlined />}
                    aria-label={t('common.edit')}
                    onClick={() => setEditing(p)}
                    data-testid="product-edit"
                  />
                  <Button
                    size="small"
                    type="text"
                    danger
                    icon={<StopOutlined />}
                    aria-label={t('common.void')}
                    onClick={() => setVoiding(p)}
                    data-testid="product-void"
                  />
                </Flex>
              ),
          },
        ]
      : []),
  ];

  return (
    <>
      <PageHeader
        title={t('product.listTitle')}
        subtitle={t('product.listHint')}
        extra={
          <>
            <ExportButton list="products" filters={f} />
            {manage && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="product-new">
                {t('product.new')}
              </Button>
            )}
          </>
        }
      />
      <Flex gap={8} wrap style={{ marginBottom: 12 }} role="search" aria-label={t('common.filters')}>
        <Input.Search
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onSearch={(v) => set({ q: v.trim() || undefined })}
          allowClear
          placeholder={t('product.search')}
          style={{ width: 280 }}
          data-testid="product-search"
        />
        <Segmented
          value={f.inBom ?? ''}
          onChange={(v) => set({ inBom: (v as string) || undefined })}
          options={[
            { value: '', label: t('product.bomAll') },
            { value: 'true', label: t('product.bomIn') },
            { value: 'false', label: t('product.bomOut') },
          ]}
        />
        <Checkbox
          checked={f.includeVoided === 'true'}
          onChange={(e) => set({ includeVoided: e.target.checked ? 'true' : undefined })}
          style={{ alignSelf: 'center' }}
        >
          {t('common.includeVoided')}
        </Checkbox>
        {active && (
          <Button
            type="link"
            onClick={() => {
              setSearch('');
              reset();
            }}
          >
            {t('common.clearFilters')}
          </Button>
        )}
      </Flex>
      <Table<TProduct>
        size="small"
        rowKey="id"
        columns={columns}
        dataSource={data?.items}
        loading={isFetching}
        tableLayout="fixed"
        data-testid="product-table"
        rowClassName={(p) => (p.voided ? 'row-voided' : '')}
        locale={{
          emptyText: (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={error ? t('errors.loadFailed') : active ? t('product.emptyFiltered') : t('product.empty')}>
              {!active && manage && (
                <Button type="primary" onClick={() => setEditing('new')}>
                  {t('product.new')}
                </Button>
              )}
            </Empty>
          ),
        }}
        pagination={urlPagination({ page, pageSize, set }, data?.total ?? 0, (total) => t('common.total', { total }))}
      />
      <ProductDrawer product={editing === 'new' ? null : editing} open={editing !== null} onClose={() => setEditing(null)} />
      <ReasonModal
        open={!!voiding}
        title={t('product.voidTitle', { model: voiding?.model ?? '' })}
        description={t('product.voidHint')}
        schema={VoidRequest.shape.reason}
        okText={t('common.void')}
        danger
        onClose={() => setVoiding(null)}
        onSubmit={(reason) =>
          voidIt
            .mutateAsync({ id: voiding!.id, version: voiding!.version, reason: reason ?? '' })
            .then((p) => void message.success(t('product.voided', { model: p.model })))
        }
      />
    </>
  );
}
