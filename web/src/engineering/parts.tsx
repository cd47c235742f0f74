import { Empty, Flex, Form, Input, Radio, Select, Skeleton, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { useEngineeringT as useT } from './words.js';
import { useCustomer } from '../parties/index.js';
import { useOrderList, ChannelSelect, required } from '../orders/index.js';
import { useQuotationList } from '../quotations/index.js';
import { useComplaintList } from '../complaints/index.js';
import { useCommunicationList, ChannelTag, DirectionTag } from '../communications/index.js';
import { DateTime } from '../platform/DateTime.js';
import { NONE } from '../platform/format.js';

type SelectProps = { partyId: string | undefined; value?: string | null; onChange?: (v: string | null) => void; testId: string; disabled?: boolean };

export function ContactSelect({ partyId, value, onChange, testId }: SelectProps) {
  const { data } = useCustomer(partyId);
  const contacts = (data?.contacts ?? []).filter((c) => !c.voided);
  return (
    <Select
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? null)}
      allowClear
      disabled={!partyId}
      options={contacts.map((c) => ({ value: c.id, label: c.title ? `${c.name} (${c.title})` : c.name }))}
      data-testid={testId}
    />
  );
}

function Picker({
  options,
  value,
  onChange,
  testId,
  disabled,
}: {
  options: { value: string; label: string }[];
  value?: string | null;
  onChange?: (v: string | null) => void;
  testId: string;
  disabled?: boolean;
}) {
  return (
    <Select
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? null)}
      allowClear
      disabled={disabled}
      showSearch={{ optionFilterProp: 'label' }}
      options={options}
      data-testid={testId}
    />
  );
}

export function OrderSelect(p: SelectProps) {
  const { data } = useOrderList({ partyId: p.partyId ?? '', pageSize: 100 }, !!p.partyId);
  return (
    <Picker
      {...p}
      disabled={!p.partyId || p.disabled}
      options={(data?.items ?? []).map((o) => ({ value: o.id, label: `${o.number}${o.customerPo ? ` · ${o.customerPo}` : ''}` }))}
    />
  );
}
function QuotationOptions(p: SelectProps & { partyId: string }) {
  const { data } = useQuotationList({ partyId: p.partyId, pageSize: 100 });
  return <Picker {...p} options={(data?.items ?? []).map((q) => ({ value: q.id, label: q.number }))} />;
}
export const QuotationSelect = (p: SelectProps) => (p.partyId ? <QuotationOptions {...p} partyId={p.partyId} /> : <Picker {...p} disabled options={[]} />);
function ComplaintOptions(p: SelectProps & { partyId: string }) {
  const { data } = useComplaintList({ partyId: p.partyId, pageSize: 100 });
  return <Picker {...p} options={(data?.items ?? []).map((c) => ({ value: c.id, label: `${c.number}` }))} />;
}
export const ComplaintSelect = (p: SelectProps) => (p.partyId ? <ComplaintOptions {...p} partyId={p.partyId} /> : <Picker {...p} disabled options={[]} />);

function LoggedCommunicationSelect(p: SelectProps) {
  const { data } = useCommunicationList({ partyId: p.partyId ?? '', pageSize: 50 }, !!p.partyId);
  return <Picker {...p} disabled={!p.partyId} options={(data?.items ?? []).map((c) => ({ value: c.id, label: `${c.number} · ${c.subject}` }))} />;
}

/**
 * The communication a step went through: one already logged, or a new one logged with the record
 * (form fields `commMode`, `communicationId`, `communication.{channel,contactId,subject,content}`).
 */
export function CommunicationFields({ partyId, prefix, optional }: { partyId: string | undefined; prefix: string; optional?: boolean }) {
  const t = useT();
  const form = Form.useFormInstance();
  const mode = Form.useWatch('commMode', form) as 'new' | 'logged' | 'none' | undefined;
  return (
    <>
      <Form.Item name="commMode" label={t('engineering.common.commMode')}>
        <Radio.Group
          optionType="button"
          options={[
            { value: 'new', label: t('engineering.common.logNow') },
            { value: 'logged', label: t('engineering.common.useLogged') },
            ...(optional ? [{ value: 'none', label: NONE }] : []),
          ]}
          data-testid={`${prefix}-comm-mode`}
        />
      </Form.Item>
      {mode === 'logged' && (
        <Form.Item name="communicationId" label={t('engineering.common.existingComm')} rules={required(t as never)}>
          <LoggedCommunicationSelect partyId={partyId} testId={`${prefix}-comm-existing`} />
        </Form.Item>
      )}
      {mode === 'new' && (
        <>
          <Flex gap={12}>
            <Form.Item name={['communication', 'channel']} label={t('engineering.common.channel')} rules={required(t as never)} style={{ flex: 1 }}>
              <ChannelSelect testId={`${prefix}-comm-channel`} />
            </Form.Item>
            <Form.Item name={['communication', 'contactId']} label={t('engineering.common.contact')} style={{ flex: 1 }}>
              <ContactSelect partyId={partyId} testId={`${prefix}-comm-contact`} />
            </Form.Item>
          </Flex>
          <Form.Item name={['communication', 'subject']} label={t('engineering.common.subject')} rules={required(t as never)}>
            <Input maxLength={200} data-testid={`${prefix}-comm-subject`} />
          </Form.Item>
          <Form.Item name={['communication', 'content']} label={t('engineering.common.content')} rules={required(t as never)}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} data-testid={`${prefix}-comm-content`} />
          </Form.Item>
        </>
      )}
    </>
  );
}

/** The form's communication choice → the request's `communicationId` / `communication`. */
export function communicationOf(v: Record<string, unknown>) {
  const mode = v.commMode as string | undefined;
  const draft = v.communication as Record<string, unknown> | undefined;
  return {
    commMode: undefined,
    communicationId: mode === 'logged' ? ((v.communicationId as string) ?? null) : null,
    communication: mode === 'new' && draft ? { ...draft, contactId: draft.contactId ?? null } : null,
  };
}

/** Every communication linked to the record (the record's own timeline). */
export function LinkedCommunications({ type, id }: { type: string; id: string }) {
  const t = useT();
  const { data, isLoading } = useCommunicationList({ linkType: type, linkId: id, pageSize: 100 });
  if (isLoading) return <Skeleton active />;
  const items = data?.items ?? [];
  if (!items.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('engineering.common.noCommunications')} />;
  return (
    <Flex vertical gap={10} data-testid="linked-communications">
      {items.map((c) => (
        <div key={c.id} data-testid="linked-communication">
          <Flex gap={6} align="center" wrap>
            <DirectionTag direction={c.direction} />
            <ChannelTag channel={c.channel} />
            <Link to={`/communications/${c.id}`}>
              {c.number} · {c.subject}
            </Link>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              <DateTime value={c.occurredAt} /> · {c.ourUserName}
              {c.contactName ? ` · ${c.contactName}` : ''}
            </Typography.Text>
          </Flex>
          <Typography.Paragraph className="pre-wrap" ellipsis={{ rows: 3, expandable: 'collapsible' }} style={{ margin: '4px 0 0' }}>
            {c.content}
          </Typography.Paragraph>
        </div>
      ))}
    </Flex>
  );
}

export function RefLink({ to, value }: { to: string; value: { id: string; number: string } | null }) {
  return value ? <Link to={`${to}/${value.id}`}>{value.number}</Link> : <>{NONE}</>;
}

const stateColors: Record<string, string> = {
  sent: 'processing',
  'awaiting-customer': 'warning',
  approved: 'success',
  rejected: 'error',
  withdrawn: 'default',
  open: 'processing',
  answered: 'warning',
  signed: 'success',
  closed: 'success',
};
export function StateTag({ label, state, testId }: { label: string; state: string | null; testId: string }) {
  if (!state) return <>{NONE}</>;
  return (
    <Tag color={stateColors[state] ?? 'default'} style={{ marginInlineEnd: 0 }} data-testid={testId} data-status={state}>
      {label}
    </Tag>
  );
}
