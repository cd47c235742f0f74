import { Alert, Flex } from 'antd';
import { Link } from 'react-router';
import { useRegistersT as useT } from './words.js';
import { useCan } from '../identity/index.js';
import { useCsrs } from './api.js';

/** On the order's contract review: "this customer has N CSR documents in force", each a link. */
export function CsrNotice({ partyId }: { partyId: string }) {
  const t = useT();
  const can = useCan();
  const { data } = useCsrs({ partyId, inForce: 'true' }, can('registers.read'));
  if (!data) return null;
  const items = data.items;
  if (!items.length) return null;
  return (
    <Alert
      type="info"
      showIcon
      data-testid="csr-notice"
      data-count={items.length}
      title={t('registers.csr.orderNotice', { n: items.length })}
      description={
        <Flex gap={12} wrap>
          {items.map((c) => (
            <Link key={c.id} to={`/csr/${c.id}`} data-testid="csr-notice-link">
              {c.number} {c.title} {c.revision}
            </Link>
          ))}
        </Flex>
      }
    />
  );
}
