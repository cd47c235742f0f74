import { Alert, Tag, Tooltip } from 'antd';
import { WarningOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { Link } from 'react-router';
import type { OrderPriceCheck } from '../../../contracts/quotations.js';
import { api } from '../api/client.js';
import { useT } from '../i18n/index.js';
import { useCan } from '../identity/index.js';

type TCheck = z.infer<typeof OrderPriceCheck>;

export function useOrderPriceCheck(orderId: string) {
  return useQuery({ queryKey: ['orders', 'one', orderId, 'quote-price-check'], queryFn: () => api.get<TCheck>(`/api/orders/${orderId}/quote-price-check`) });
}

/** The order's lines whose price differs from the valid quote (SP 6.2.5): shown in the order's lines and review. */
export function QuotePriceAlert({ orderId }: { orderId: string }) {
  const t = useT();
  const can = useCan();
  const { data } = useOrderPriceCheck(orderId);
  const differing = (data?.items ?? []).filter((i) => i.differs);
  if (!differing.length) return null;
  return (
    <Alert
      type="warning"
      showIcon
      icon={<WarningOutlined />}
      style={{ marginBottom: 8 }}
      data-testid="order-quote-price-differs"
      title={t('quotation.check.title')}
      description={differing.map((i) => (
        <div key={i.lineId}>
          {t('quotation.check.line', { line: i.lineNo, model: i.model })}{' '}
          {i.quotation &&
            (can('quotations.read') ? (
              <Link to={`/quotations/${i.quotation.id}`}>
                {i.quotation.number} R{i.quotation.revision}
              </Link>
            ) : (
              `${i.quotation.number} R${i.quotation.revision}`
            ))}
          {i.price != null && ` (${t('quotation.check.quoted')}: ${i.price})`}
        </div>
      ))}
    />
  );
}

/** A small tag on one order line: matches the quote, differs from it, or no quote. */
export function QuotePriceTag({ orderId, lineId }: { orderId: string; lineId: string }) {
  const t = useT();
  const { data } = useOrderPriceCheck(orderId);
  const item = data?.items.find((i) => i.lineId === lineId);
  if (!item || item.differs === null) return null;
  return item.differs ? (
    <Tooltip title={item.quotation ? `${item.quotation.number} R${item.quotation.revision}` : undefined}>
      <Tag color="red" data-testid="line-quote-differs">
        {t('quotation.check.differs')}
      </Tag>
    </Tooltip>
  ) : (
    <Tag color="green">{t('quotation.check.matches')}</Tag>
  );
}
