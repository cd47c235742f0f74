import { DatePicker, Flex, Form, Input, InputNumber, Radio, Select, Typography } from 'antd';
import dayjs from 'dayjs';
import {
  AssessServiceRequest,
  CreateServiceRequest,
  ServiceConfirmationRequest,
  ServiceWorkRequest,
  UpdateServiceRequest,
  chargeDecisions,
  serviceKinds,
} from '../../../contracts/service.js';
import { useServiceT as useT } from './words.js';
import { maxLengthOf, toRequest } from '../platform/zodRule.js';
import { CustomerSelect } from '../parties/index.js';
import { civil, required } from '../orders/index.js';
import { FormModal } from '../platform/FormModal.js';
import { useCan } from '../identity/index.js';
import { DateTime } from '../platform/DateTime.js';
import { useOrderLineOptions } from '../complaints/index.js';
import { CommunicationFields, ContactSelect, communicationOf } from '../engineering/index.js';
import {
  useAssessServiceRequest,
  useConfirmServiceRequest,
  useCreateServiceRequest,
  useServiceWork,
  useUpdateServiceRequest,
  useWarrantyCheck,
  type TServiceRequest,
} from './api.js';
import { WarrantyView } from './parts.js';

type Close = { open: boolean; onClose(): void; onReload(): void };

/**
 * A user who cannot see prices never sends one: the server refuses a price field by name (403 FIELD_NOT_PERMITTED)
 * even when it is null, and keeps what is there when it is left out. The contract turns a missing price into null,
 * so the key is taken out after `toRequest`.
 */
function withoutPrices<T extends object>(body: T, canSeePrices: boolean, ...keys: (keyof T)[]): T {
  if (canSeePrices) return body;
  const out = { ...body };
  for (const k of keys) delete out[k];
  return out;
}

function OrderLineSelect({ partyId, value, onChange }: { partyId: string | undefined; value?: string | null; onChange?: (v: string | null) => void }) {
  const t = useT();
  const { data } = useOrderLineOptions(partyId ?? '', !!partyId);
  return (
    <Select
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? null)}
      allowClear
      disabled={!partyId}
      placeholder={t('service.noOrderLine')}
      showSearch={{ optionFilterProp: 'label' }}
      options={(data?.items ?? []).map((l) => ({
        value: l.lineId,
        label: `${l.orderNumber}${l.customerPo ? ` · ${l.customerPo}` : ''} #${l.lineNo} · ${l.model} ×${l.quantity}`,
      }))}
      data-testid="service-order-line"
    />
  );
}

function ShipmentSelect({
  partyId,
  lineId,
  value,
  onChange,
}: {
  partyId: string | undefined;
  lineId: string | undefined;
  value?: string | null;
  onChange?: (v: string | null) => void;
}) {
  const t = useT();
  const { data } = useOrderLineOptions(partyId ?? '', !!partyId);
  const line = data?.items.find((l) => l.lineId === lineId);
  return (
    <Select
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? null)}
      allowClear
      disabled={!line}
      placeholder={t('service.lastShipment')}
      options={(line?.shipments ?? []).map((s) => ({ value: s.id, label: `${dayjs(s.shippedAt).format('YYYY-MM-DD')} ×${s.quantity}` }))}
      data-testid="service-shipment"
    />
  );
}

/** The warranty as the entered item would get it, while the form is filled in. */
function WarrantyPreview({ fallbackParty }: { fallbackParty: string | undefined }) {
  const form = Form.useFormInstance();
  const partyId = (Form.useWatch('partyId', form) as string | undefined) ?? fallbackParty;
  const model = Form.useWatch('model', form) as string | undefined;
  const orderLineId = Form.useWatch('orderLineId', form) as string | undefined;
  const shipmentId = Form.useWatch('shipmentId', form) as string | undefined;
  const delivered = Form.useWatch('deliveredOn', form) as unknown;
  const q = {
    partyId: partyId ?? '',
    model: model?.trim() ?? '',
    ...(orderLineId ? { orderLineId } : {}),
    ...(shipmentId ? { shipmentId } : {}),
    ...(delivered ? { deliveredOn: String(civil(delivered)) } : {}),
  };
  const { data } = useWarrantyCheck(q, !!partyId && !!model?.trim());
  return data ? <WarrantyView w={data} compact /> : null;
}

/** Register a service request from the communication that reported it, or correct what was received. */
export function ServiceRequestModal({
  request,
  partyId,
  open,
  onClose,
  onReload,
  onSaved,
}: Close & { request: TServiceRequest | null; partyId?: string; onSaved?(s: TServiceRequest): void }) {
  const t = useT();
  const create = useCreateServiceRequest();
  const update = useUpdateServiceRequest(request?.id ?? '');
  return (
    <FormModal
      open={open}
      title={request ? t('service.editTitle', { number: request.number }) : t('service.newTitle')}
      testId="service-form"
      width={820}
      pending={create.isPending || update.isPending}
      onClose={onClose}
      onReload={onReload}
      initial={() =>
        request
          ? { ...request, orderLineId: request.orderLine?.lineId ?? null, deliveredOn: request.deliveredOn ? dayjs(request.deliveredOn) : null }
          : { partyId, kind: 'repair', commMode: 'new', receivedAt: dayjs().second(0).millisecond(0), communication: { channel: 'phone' } }
      }
      onSubmit={async (v) => {
        const base = {
          ...v,
          deliveredOn: v.deliveredOn ? civil(v.deliveredOn) : null,
          orderLineId: v.orderLineId ?? null,
          shipmentId: v.shipmentId ?? null,
          contactId: v.contactId ?? null,
          quantity: v.quantity ?? null,
        };
        const saved = request
          ? await update.mutateAsync(toRequest(UpdateServiceRequest, { ...base, partyId: undefined, receivedAt: undefined, version: request.version }))
          : await create.mutateAsync(toRequest(CreateServiceRequest, { ...base, ...communicationOf(v) }));
        onSaved?.(saved);
      }}
    >
      {(form) => (
        <PartyScoped form={form} fallback={request?.partyId ?? partyId}>
          {(pid, lineId) => (
            <>
              <Flex gap={12}>
                <Form.Item name="partyId" label={t('service.fields.customer')} rules={required(t as never)} style={{ flex: 2 }}>
                  <CustomerSelect disabled={!!request || !!partyId} data-testid="service-customer" />
                </Form.Item>
                <Form.Item name="kind" label={t('service.fields.kind')} rules={required(t as never)} style={{ flex: 1 }}>
                  <Select options={serviceKinds.map((k) => ({ value: k, label: t(`service.kind.${k}`) }))} data-testid="service-kind" />
                </Form.Item>
                <Form.Item name="contactId" label={t('service.fields.contact')} style={{ flex: 1 }}>
                  <ContactSelect partyId={pid} testId="service-contact" />
                </Form.Item>
              </Flex>
              <Flex gap={12}>
                <Form.Item name="model" label={t('service.fields.model')} rules={required(t as never)} style={{ flex: 2 }}>
                  <Input maxLength={maxLengthOf(CreateServiceRequest.shape.model)} data-testid="service-model" />
                </Form.Item>
                <Form.Item name="serialNo" label={t('service.fields.serialNo')} style={{ flex: 1 }}>
                  <Input maxLength={100} data-testid="service-serial" />
                </Form.Item>
                <Form.Item name="lotNo" label={t('service.fields.lotNo')} style={{ flex: 1 }}>
                  <Input maxLength={100} data-testid="service-lot" />
                </Form.Item>
                <Form.Item name="quantity" label={t('service.fields.quantity')} style={{ flex: 1 }}>
                  <InputNumber min={1} precision={0} style={{ width: '100%' }} data-testid="service-quantity" />
                </Form.Item>
              </Flex>
              <Flex gap={12}>
                <Form.Item name="orderLineId" label={t('service.fields.orderLine')} extra={t('service.orderLineHint')} style={{ flex: 2 }}>
                  <OrderLineSelect partyId={pid} />
                </Form.Item>
                <Form.Item name="shipmentId" label={t('service.fields.shipment')} style={{ flex: 1 }}>
                  <ShipmentSelect partyId={pid} lineId={lineId} />
                </Form.Item>
                <Form.Item name="deliveredOn" label={t('service.fields.deliveredOn')} style={{ flex: 1 }}>
                  <DatePicker style={{ width: '100%' }} data-testid="service-delivered-on" />
                </Form.Item>
              </Flex>
              <Form.Item name="description" label={t('service.fields.description')} rules={required(t as never)}>
                <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} data-testid="service-description" />
              </Form.Item>
              <WarrantyPreview fallbackParty={request?.partyId ?? partyId} />
              {!request && (
                <>
                  <Form.Item name="receivedAt" label={t('service.fields.receivedAt')}>
                    <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" data-testid="service-received-at" />
                  </Form.Item>
                  <CommunicationFields partyId={pid} prefix="service" />
                </>
              )}
            </>
          )}
        </PartyScoped>
      )}
    </FormModal>
  );
}

function PartyScoped({
  form,
  fallback,
  children,
}: {
  form: ReturnType<typeof Form.useFormInstance>;
  fallback: string | undefined;
  children: (partyId: string | undefined, lineId: string | undefined) => React.ReactNode;
}) {
  const partyId = (Form.useWatch('partyId', form) as string | undefined) ?? fallback;
  const lineId = Form.useWatch('orderLineId', form) as string | undefined;
  return <>{children(partyId, lineId)}</>;
}

/** QA's assessment: free or chargeable by the warranty (a reason where needed), the action decided; the charge with prices.read. */
export function AssessModal({ request, open, onClose, onReload }: Close & { request: TServiceRequest }) {
  const t = useT();
  const can = useCan();
  const assess = useAssessServiceRequest(request.id);
  return (
    <FormModal
      open={open}
      title={t('service.assessTitle', { number: request.number })}
      testId="service-assess-form"
      width={680}
      hint={t('service.assessHint')}
      pending={assess.isPending}
      onClose={onClose}
      onReload={onReload}
      initial={() => ({
        chargeDecision: request.chargeDecision ?? request.warranty.charge ?? undefined,
        decisionReason: request.decisionReason,
        plannedAction: request.plannedAction,
        ...(can('prices.read') ? { price: request.price ?? null } : {}),
      })}
      onSubmit={(v) =>
        assess.mutateAsync(
          withoutPrices(
            toRequest(AssessServiceRequest, { ...v, version: request.version, price: v.price != null && v.price !== '' ? String(v.price) : undefined }),
            can('prices.read'),
            'price',
          ),
        )
      }
    >
      {() => (
        <>
          <WarrantyView w={request.warranty} compact />
          <Form.Item name="chargeDecision" label={t('service.fields.chargeDecision')} rules={required(t as never)}>
            <Radio.Group
              optionType="button"
              options={chargeDecisions.map((k) => ({ value: k, label: t(`service.charge.${k}`) }))}
              data-testid="service-charge"
            />
          </Form.Item>
          <Form.Item name="decisionReason" label={t('service.fields.decisionReason')}>
            <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} data-testid="service-decision-reason" />
          </Form.Item>
          <Form.Item name="plannedAction" label={t('service.fields.plannedAction')} rules={required(t as never)}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} data-testid="service-planned-action" />
          </Form.Item>
          {can('prices.read') && (
            <Form.Item name="price" label={t('service.fields.price')}>
              <InputNumber min={0} precision={2} style={{ width: 200 }} data-testid="service-price" />
            </Form.Item>
          )}
        </>
      )}
    </FormModal>
  );
}

/** The service report, or the return received / refund made (the amount with prices.read). */
export function WorkModal({ request, open, onClose, onReload }: Close & { request: TServiceRequest }) {
  const t = useT();
  const can = useCan();
  const work = useServiceWork(request.id);
  const isReturn = request.kind === 'return' || request.kind === 'refund';
  return (
    <FormModal
      open={open}
      title={t('service.workTitle', { number: request.number })}
      testId="service-work-form"
      width={680}
      pending={work.isPending}
      onClose={onClose}
      onReload={onReload}
      initial={() => ({
        workReport: request.workReport,
        workDoneOn: dayjs(request.workDoneOn ?? undefined),
        returnQuantity: request.returnQuantity,
        creditNote: request.creditNote,
      })}
      onSubmit={(v) =>
        work.mutateAsync(
          withoutPrices(
            toRequest(ServiceWorkRequest, {
              ...v,
              workDoneOn: civil(v.workDoneOn),
              version: request.version,
              returnQuantity: v.returnQuantity ?? null,
              totalAmount: v.totalAmount != null ? String(Number(v.totalAmount).toFixed(2)) : undefined,
            }),
            can('prices.read'),
            'totalAmount',
          ),
        )
      }
    >
      {() => (
        <>
          <Form.Item name="workReport" label={t('service.fields.workReport')} rules={required(t as never)}>
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} data-testid="service-work-report" />
          </Form.Item>
          <Form.Item name="workDoneOn" label={t('service.fields.workDoneOn')} rules={required(t as never)}>
            <DatePicker data-testid="service-work-done-on" />
          </Form.Item>
          {isReturn && (
            <Flex gap={12}>
              <Form.Item name="returnQuantity" label={t('service.fields.returnQuantity')} style={{ flex: 1 }}>
                <InputNumber min={1} precision={0} style={{ width: '100%' }} data-testid="service-return-quantity" />
              </Form.Item>
              {can('prices.read') && (
                <Form.Item name="totalAmount" label={t('service.fields.totalAmount')} style={{ flex: 1 }}>
                  <InputNumber min={0} precision={2} style={{ width: '100%' }} data-testid="service-refund-amount" />
                </Form.Item>
              )}
              <Form.Item name="creditNote" label={t('service.fields.creditNote')} style={{ flex: 1 }}>
                <Input maxLength={200} data-testid="service-credit-note" />
              </Form.Item>
            </Flex>
          )}
        </>
      )}
    </FormModal>
  );
}

/** The customer's confirmation with the message that brought it; closes the request. */
export function ConfirmModal({ request, open, onClose, onReload }: Close & { request: TServiceRequest }) {
  const t = useT();
  const confirm = useConfirmServiceRequest(request.id);
  return (
    <FormModal
      open={open}
      title={t('service.confirmTitle', { number: request.number })}
      testId="service-confirm-form"
      width={720}
      hint={t('service.confirmHint')}
      pending={confirm.isPending}
      onClose={onClose}
      onReload={onReload}
      initial={() => ({
        confirmedOn: dayjs(),
        confirmedByContactId: request.contactId,
        commMode: 'new',
        communication: { channel: request.channel ?? 'phone', contactId: request.contactId },
      })}
      onSubmit={(v) =>
        confirm.mutateAsync(
          toRequest(ServiceConfirmationRequest, {
            ...v,
            confirmedOn: civil(v.confirmedOn),
            confirmedByContactId: v.confirmedByContactId ?? null,
            version: request.version,
            ...communicationOf(v),
          }),
        )
      }
    >
      {() => (
        <>
          <Flex gap={12}>
            <Form.Item name="confirmedOn" label={t('service.fields.confirmedOn')} rules={required(t as never)} style={{ flex: 1 }}>
              <DatePicker style={{ width: '100%' }} data-testid="service-confirmed-on" />
            </Form.Item>
            <Form.Item name="confirmedByContactId" label={t('service.fields.confirmedBy')} style={{ flex: 1 }}>
              <ContactSelect partyId={request.partyId} testId="service-confirmed-by" />
            </Form.Item>
          </Flex>
          <Form.Item name="note" label={t('service.fields.confirmationNote')}>
            <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} data-testid="service-confirmation-note" />
          </Form.Item>
          <CommunicationFields partyId={request.partyId} prefix="service-confirm" />
          <Typography.Text type="secondary">
            {t('service.fields.receivedAt')}: <DateTime value={request.receivedAt} />
          </Typography.Text>
        </>
      )}
    </FormModal>
  );
}
