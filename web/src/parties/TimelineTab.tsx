import { Alert, Button, Empty, Flex, Skeleton, Tag, Timeline, Typography } from 'antd';
import { Link } from 'react-router';
import { isApiError } from '../api/client.js';
import { useT, useTryT } from '../i18n/index.js';
import { DateTime } from '../platform/DateTime.js';
import { useCustomerTimeline } from './api.js';
import { channels } from '../../../contracts/parties.js';
import { directions } from '../../../contracts/communications.js';
import { ChannelTag, DirectionTag } from '../communications/index.js';

type Channel = (typeof channels)[number];
type Direction = (typeof directions)[number];

/** `communication.phone.in(.void)` → channel and direction tags; other kinds by name. */
function KindTags({ kind }: { kind: string }) {
  const t = useT();
  const tt = useTryT();
  const [type, channel, direction, voided] = kind.split('.');
  if (type === 'communication' && channel && direction) {
    return (
      <>
        {(channels as readonly string[]).includes(channel) ? <ChannelTag channel={channel as Channel} /> : <Tag>{channel}</Tag>}
        {(directions as readonly string[]).includes(direction) && <DirectionTag direction={direction as Direction} />}
        {voided === 'void' && <Tag color="error">{t('common.voided')}</Tag>}
      </>
    );
  }
  return <Tag style={{ marginInlineEnd: 0 }}>{tt(`enums.kind.${type}`) ?? kind}</Tag>;
}

/** Everything that happened with this customer, newest first. */
export function TimelineTab({ customerId, onLog }: { customerId: string; onLog?: () => void }) {
  const t = useT();
  const { data, isLoading, error, hasNextPage, fetchNextPage, isFetchingNextPage } = useCustomerTimeline(customerId);
  if (isLoading) return <Skeleton active />;
  if (error) return <Alert type="error" showIcon title={isApiError(error) ? error.problem.detail : String(error)} />;
  const items = (data?.pages ?? []).flatMap((p) => p.items);
  if (!items.length) {
    return (
      <Empty description={t('customer.timelineEmpty')} image={Empty.PRESENTED_IMAGE_SIMPLE}>
        {onLog && (
          <Button type="primary" onClick={onLog}>
            {t('customer.logCommunication')}
          </Button>
        )}
      </Empty>
    );
  }
  return (
    <>
      <Flex justify="flex-end" style={{ marginBottom: 8 }}>
        <Link to={`/communications?partyId=${customerId}`}>{t('customer.allCommunications')}</Link>
      </Flex>
      <Timeline
        data-testid="customer-timeline"
        items={items.map((it) => ({
          key: `${it.ref.type}:${it.ref.id}:${it.at}`,
          color: it.kind.endsWith('.void') ? 'gray' : 'blue',
          content: (
            <div data-testid="timeline-item">
              <Flex gap={8} align="center" wrap>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  <DateTime value={it.at} />
                </Typography.Text>
                <KindTags kind={it.kind} />
                <Link to={it.url}>
                  <Typography.Text strong>{it.title}</Typography.Text>
                </Link>
                {it.actorName && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {it.actorName}
                  </Typography.Text>
                )}
              </Flex>
              {it.summary && (
                <Typography.Paragraph type="secondary" ellipsis={{ rows: 2, expandable: true, symbol: t('common.more') }} style={{ margin: '2px 0 0' }}>
                  {it.summary}
                </Typography.Paragraph>
              )}
            </div>
          ),
        }))}
      />
      {hasNextPage && (
        <Flex justify="center">
          <Button data-testid="timeline-more" loading={isFetchingNextPage} onClick={() => void fetchNextPage()}>
            {t('customer.timelineMore')}
          </Button>
        </Flex>
      )}
    </>
  );
}
