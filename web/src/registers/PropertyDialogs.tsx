import { DatePicker, Flex, Form, Input, Select } from 'antd';
import dayjs from 'dayjs';
import {
  CreateCustomerPropertyRequest,
  PropertyIncidentRequest,
  UpdateCustomerPropertyRequest,
  VerifyCustomerPropertyRequest,
  incidentKinds,
  propertyKinds,
} from '../../../contracts/registers.js';
import { useRegistersT as useT } from './words.js';
import { maxLengthOf, toRequest } from '../platform/zodRule.js';
import { UserSelect } from '../platform/UserSelect.js';
import { CustomerSelect } from '../parties/index.js';
import { ChannelSelect, civil, required, useOrderList } from '../orders/index.js';
import { FormModal } from '../platform/FormModal.js';
import { useReportIncident, useSaveProperty, useVerifyProperty, type TCustomerProperty } from './api.js';

type Close = { open: boolean; onClose(): void; onReload(): void };
const day = (d: string | null | undefined) => (d ? dayjs(d) : undefined);

function OrderPicker({ fallbackPartyId, value, onChange }: { fallbackPartyId: string | undefined; value?: string[]; onChange?: (v: string[]) => void }) {
  const form = Form.useFormInstance();
  const partyId = (Form.useWatch('partyId', form) as string | undefined) ?? fallbackPartyId;
  const { data } = useOrderList({ partyId: partyId ?? '', pageSize: 100 }, !!partyId);
  return (
    <Select
      mode="multiple"
      allowClear
      value={value}
      onChange={onChange}
      disabled={!partyId}
      options={(data?.items ?? []).map((o) => ({ value: o.id, label: `${o.number}${o.customerPo ? ` · ${o.customerPo}` : ''}` }))}
      showSearch={{ optionFilterProp: 'label' }}
      data-testid="property-orders"
    />
  );
}

/** Register or change an item: kind, description, owner, location, custodian, dates, orders. */
export function PropertyModal({
  item,
  partyId,
  open,
  onClose,
  onReload,
  onSaved,
}: Close & { item: TCustomerProperty | null; partyId?: string; onSaved?(p: TCustomerProperty): void }) {
  const t = useT();
  const save = useSaveProperty(item?.id);
  return (
    <FormModal
      open={open}
      title={item ? t('registers.property.editTitle', { number: item.number }) : t('registers.property.newTitle')}
      testId="property-form"
      width={720}
      pending={save.isPending}
      onClose={onClose}
      onReload={onReload}
      initial={() =>
        item
          ? {
              ...item,
              // damaged / unsuitable stay unless changed here (after a repair): the select offers good and needs repair only
              condition: item.condition === 'good' || item.condition === 'needs-repair' ? item.condition : undefined,
              receivedDate: day(item.receivedDate),
              nextVerificationDue: day(item.nextVerificationDue),
              orderIds: item.orders.map((o) => o.id),
            }
          : { partyId, kind: 'mould', orderIds: [] }
      }
      onSubmit={async (v) => {
        const body = {
          ...v,
          receivedDate: v.receivedDate ? civil(v.receivedDate) : null,
          nextVerificationDue: v.nextVerificationDue ? civil(v.nextVerificationDue) : null,
        };
        const saved = item
          ? await save.mutateAsync(toRequest(UpdateCustomerPropertyRequest, { ...body, version: item.version }))
          : await save.mutateAsync(toRequest(CreateCustomerPropertyRequest, body));
        onSaved?.(saved);
      }}
    >
      {() => (
        <>
          <Flex gap={12}>
            <Form.Item name="partyId" label={t('registers.property.fields.customer')} rules={required(t)} style={{ flex: 2 }}>
              <CustomerSelect disabled={!!item || !!partyId} data-testid="property-customer" />
            </Form.Item>
            <Form.Item name="kind" label={t('registers.property.fields.kind')} rules={required(t)} style={{ flex: 1 }}>
              <Select options={propertyKinds.map((k) => ({ value: k, label: t(`registers.property.kind.${k}`) }))} data-testid="property-kind" />
            </Form.Item>
            {item && item.condition !== 'lost' && (
              <Form.Item name="condition" label={t('registers.property.fields.condition')} style={{ flex: 1 }}>
                <Select
                  allowClear
                  placeholder={t(`registers.property.condition.${item.condition}`)}
                  options={(['good', 'needs-repair'] as const).map((k) => ({ value: k, label: t(`registers.property.condition.${k}`) }))}
                  data-testid="property-condition-select"
                />
              </Form.Item>
            )}
          </Flex>
          <Form.Item name="description" label={t('registers.property.fields.description')} rules={required(t)}>
            <Input.TextArea
              autoSize={{ minRows: 2, maxRows: 6 }}
              maxLength={maxLengthOf(CreateCustomerPropertyRequest.shape.description)}
              data-testid="property-description"
            />
          </Form.Item>
          <Flex gap={12}>
            <Form.Item name="location" label={t('registers.property.fields.location')} rules={required(t)} style={{ flex: 1 }}>
              <Input maxLength={200} data-testid="property-location" />
            </Form.Item>
            <Form.Item name="custodianId" label={t('registers.property.fields.custodian')} style={{ flex: 1 }}>
              <UserSelect allowClear data-testid="property-custodian" />
            </Form.Item>
          </Flex>
          <Flex gap={12}>
            <Form.Item name="receivedDate" label={t('registers.property.fields.receivedDate')} style={{ flex: 1 }}>
              <DatePicker style={{ width: '100%' }} data-testid="property-received" />
            </Form.Item>
            <Form.Item name="nextVerificationDue" label={t('registers.property.fields.nextVerificationDue')} style={{ flex: 1 }}>
              <DatePicker style={{ width: '100%' }} data-testid="property-next-due" />
            </Form.Item>
          </Flex>
          <Form.Item name="orderIds" label={t('registers.property.fields.orders')}>
            <OrderPicker fallbackPartyId={partyId ?? item?.partyId} />
          </Form.Item>
          <Form.Item name="notes" label={t('registers.property.fields.notes')}>
            <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} data-testid="property-notes" />
          </Form.Item>
        </>
      )}
    </FormModal>
  );
}

export function VerifyModal({ item, open, onClose, onReload }: Close & { item: TCustomerProperty }) {
  const t = useT();
  const verify = useVerifyProperty(item.id);
  return (
    <FormModal
      open={open}
      title={t('registers.property.verifyTitle', { number: item.number })}
      testId="property-verify"
      pending={verify.isPending}
      onClose={onClose}
      onReload={onReload}
      initial={() => ({ verifiedOn: dayjs(), condition: item.condition === 'needs-repair' ? 'needs-repair' : 'good' })}
      onSubmit={(v) =>
        verify.mutateAsync(
          toRequest(VerifyCustomerPropertyRequest, {
            ...v,
            version: item.version,
            verifiedOn: civil(v.verifiedOn),
            nextVerificationDue: v.nextVerificationDue ? civil(v.nextVerificationDue) : null,
          }),
        )
      }
    >
      {() => (
        <>
          <Flex gap={12}>
            <Form.Item name="verifiedOn" label={t('registers.property.fields.verifiedOn')} rules={required(t)} style={{ flex: 1 }}>
              <DatePicker style={{ width: '100%' }} data-testid="verify-date" />
            </Form.Item>
            <Form.Item name="nextVerificationDue" label={t('registers.property.fields.nextVerificationDue')} style={{ flex: 1 }}>
              <DatePicker style={{ width: '100%' }} data-testid="verify-next" />
            </Form.Item>
          </Flex>
          <Form.Item name="condition" label={t('registers.property.fields.condition')} rules={required(t)}>
            <Select
              options={(['good', 'needs-repair'] as const).map((k) => ({ value: k, label: t(`registers.property.condition.${k}`) }))}
              data-testid="verify-condition"
            />
          </Form.Item>
          <Form.Item name="note" label={t('registers.property.fields.note')}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} data-testid="verify-note" />
          </Form.Item>
        </>
      )}
    </FormModal>
  );
}

/** Lost / damaged / unsuitable: what happened, and the message that tells the customer. */
export function IncidentModal({ item, open, onClose, onReload }: Close & { item: TCustomerProperty }) {
  const t = useT();
  const report = useReportIncident(item.id);
  return (
    <FormModal
      open={open}
      title={t('registers.property.incidentTitle', { number: item.number })}
      hint={t('registers.property.incidentHint')}
      testId="property-incident"
      width={720}
      pending={report.isPending}
      onClose={onClose}
      onReload={onReload}
      initial={() => ({ kind: 'damaged', occurredOn: dayjs(), channel: 'email', subject: `顾客财产 ${item.number} ${item.description}`.slice(0, 200) })}
      onSubmit={(v) => report.mutateAsync(toRequest(PropertyIncidentRequest, { ...v, version: item.version, occurredOn: civil(v.occurredOn) }))}
    >
      {() => (
        <>
          <Flex gap={12}>
            <Form.Item name="kind" label={t('registers.property.fields.incidentKind')} rules={required(t)} style={{ flex: 1 }}>
              <Select options={incidentKinds.map((k) => ({ value: k, label: t(`registers.property.incidentKind.${k}`) }))} data-testid="incident-kind" />
            </Form.Item>
            <Form.Item name="occurredOn" label={t('registers.property.fields.occurredOn')} rules={required(t)} style={{ flex: 1 }}>
              <DatePicker style={{ width: '100%' }} data-testid="incident-date" />
            </Form.Item>
            <Form.Item name="channel" label={t('registers.property.fields.channel')} rules={required(t)} style={{ flex: 1 }}>
              <ChannelSelect testId="incident-channel" />
            </Form.Item>
          </Flex>
          <Form.Item name="description" label={t('registers.property.fields.whatHappened')} rules={required(t)}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} data-testid="incident-description" />
          </Form.Item>
          <Form.Item name="subject" label={t('registers.property.fields.subject')} rules={required(t)}>
            <Input maxLength={200} data-testid="incident-subject" />
          </Form.Item>
          <Form.Item name="content" label={t('registers.property.fields.content')} rules={required(t)}>
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} data-testid="incident-content" />
          </Form.Item>
        </>
      )}
    </FormModal>
  );
}
