import { useEffect, useState } from 'react';
import { AutoComplete, Typography } from 'antd';
import { useProductList, type TProduct } from './api.js';
import { useT } from '../i18n/index.js';

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const h = setTimeout(() => setV(value), ms);
    return () => clearTimeout(h);
  }, [value, ms]);
  return v;
}

/**
 * A model: picked from the catalogue as you type (model, spec, name) or typed freely — a
 * model not in the catalogue is a new product. `onPick` gets the catalogue entry.
 */
export function ModelInput(props: {
  value?: string;
  onChange?: (v: string) => void;
  onPick?: (p: TProduct) => void;
  maxLength?: number;
  'data-testid'?: string;
  id?: string;
}) {
  const t = useT();
  const q = useDebounced((props.value ?? '').trim(), 200);
  const { data } = useProductList({ q: q || undefined, pageSize: 20 });
  const items = data?.items ?? [];
  return (
    <AutoComplete
      id={props.id}
      value={props.value}
      onChange={(v) => props.onChange?.(v)}
      onSelect={(v: string) => {
        const p = items.find((x) => x.model === v);
        if (p) props.onPick?.(p);
      }}
      placeholder={t('order.line.modelPlaceholder')}
      popupMatchSelectWidth={360}
      options={items.map((p) => ({
        value: p.model,
        label: (
          <span>
            <Typography.Text strong>{p.model}</Typography.Text> {p.spec && <Typography.Text type="secondary">{p.spec}</Typography.Text>} {p.nameZh}
            {!p.inBom && (
              <Typography.Text type="warning" style={{ fontSize: 12 }}>
                {' '}
                ({t('product.notInBomTag')})
              </Typography.Text>
            )}
          </span>
        ),
      }))}
      maxLength={props.maxLength}
      data-testid={props['data-testid']}
    />
  );
}
