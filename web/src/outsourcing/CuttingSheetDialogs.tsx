import { DatePicker, Flex, Form, Input, InputNumber, Select } from 'antd';
import dayjs from 'dayjs';
import {
  ConfirmVendorDeliveryRequest,
  CreateCuttingSheetRequest,
  RecordVendorReceiptRequest,
  UpdateCuttingSheetRequest,
} from '../../../contracts/outsourcing.js';
import { useT } from '../i18n/index.js';
import { maxLengthOf, rulesFor, toRequest } from '../platform/zodRule.js';
import { civil, lineLabel, required, type TOrder } from '../orders/index.js';
import { FormModal } from '../platform/FormModal.js';
import { useConfirmVendorDelivery, useCreateCuttingSheet, useRecordVendorReceipt, useUpdateCuttingSheet, useVendors, type TCuttingSheet } from './api.js';

const usable = new Set(['qualified', 'conditional']);

function VendorSelect(props: { value?: string; onChange?: (v: string) => void }) {
  const t = useT();
  const { data } = useVendors();
  return (
    <Select
      value={props.value}
      onChange={props.onChange}
      showSearch={{ optionFilterProp: 'search' }}
      placeholder={t('outsourcing.sheet.vendorPlaceholder')}
      options={(data?.items ?? []).map((v) => ({
        value: v.id,
        search: `${v.code} ${v.nameZh} ${v.nameEn ?? ''}`,
        disabled: !usable.has(v.status),
        label: `${v.code} · ${v.nameZh}${v.status === 'qualified' ? '' : ` (${t(`outsourcing.vendorStatus.${v.status}`)})`}`,
      }))}
      data-testid="sheet-vendor"
    />
  );
}

/** 裁剪单: fill (from an order line) or edit while in draft. */
export function CuttingSheetModal({
  order,
  sheet,
  open,
  onClose,
  onReload,
}: {
  order: TOrder;
  sheet: TCuttingSheet | null;
  open: boolean;
  onClose(): void;
  onReload(): void;
}) {
  const t = useT();
  const create = useCreateCuttingSheet(order.id);
  const update = useUpdateCuttingSheet(sheet?.id ?? '');
  const rules = rulesFor(CreateCuttingSheetRequest);
  return (
    <FormModal
      open={open}
      title={sheet ? t('outsourcing.sheet.editTitle', { number: sheet.number }) : t('outsourcing.sheet.newTitle')}
      testId="cutting-sheet"
      hint={t('outsourcing.sheet.hint')}
      width={680}
      pending={create.isPending || update.isPending}
      onClose={onClose}
      onReload={onReload}
      initial={() =>
        sheet
          ? { ...sheet, requiredDate: dayjs(sheet.requiredDate) }
          : { lineId: order.lines.length === 1 ? order.lines[0]!.id : undefined, quantity: order.lines.length === 1 ? order.lines[0]!.quantity : undefined }
      }
      onSubmit={(v) => {
        const body = { ...v, requiredDate: civil(v.requiredDate) };
        return sheet
          ? update.mutateAsync(toRequest(UpdateCuttingSheetRequest, { ...body, version: sheet.version }))
          : create.mutateAsync(toRequest(CreateCuttingSheetRequest, body));
      }}
    >
      {() => (
        <>
          <Form.Item name="lineId" label={t('outsourcing.sheet.line')} rules={required(t)}>
            <Select disabled={!!sheet} options={order.lines.map((l) => ({ value: l.id, label: lineLabel(l) }))} data-testid="sheet-line" />
          </Form.Item>
          <Form.Item name="vendorId" label={t('outsourcing.sheet.vendor')} rules={required(t)} extra={t('outsourcing.sheet.vendorExtra')}>
            <VendorSelect />
          </Form.Item>
          <Flex gap={12}>
            <Form.Item name="quantity" label={t('outsourcing.sheet.quantity')} rules={rules.quantity} style={{ flex: 1 }}>
              <InputNumber min={1} precision={0} style={{ width: '100%' }} data-testid="sheet-quantity" />
            </Form.Item>
            <Form.Item name="requiredDate" label={t('outsourcing.sheet.requiredDate')} rules={required(t)} style={{ flex: 1 }}>
              <DatePicker style={{ width: '100%' }} data-testid="sheet-required-date" />
            </Form.Item>
          </Flex>
          <Form.Item name="material" label={t('outsourcing.sheet.material')} rules={rules.material}>
            <Input maxLength={maxLengthOf(CreateCuttingSheetRequest.shape.material)} data-testid="sheet-material" />
          </Form.Item>
          <Form.Item name="cuttingSpec" label={t('outsourcing.sheet.cuttingSpec')} rules={rules.cuttingSpec}>
            <Input.TextArea
              autoSize={{ minRows: 3, maxRows: 8 }}
              maxLength={maxLengthOf(CreateCuttingSheetRequest.shape.cuttingSpec)}
              data-testid="sheet-cutting-spec"
            />
          </Form.Item>
          <Form.Item name="notes" label={t('outsourcing.sheet.notes')}>
            <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} data-testid="sheet-notes" />
          </Form.Item>
          {sheet && (
            <Form.Item name="reason" label={t('outsourcing.sheet.reason')}>
              <Input data-testid="sheet-reason" />
            </Form.Item>
          )}
        </>
      )}
    </FormModal>
  );
}

/** The delivery date the vendor commits to (before the VP's review). */
export function VendorConfirmationModal({ sheet, open, onClose, onReload }: { sheet: TCuttingSheet; open: boolean; onClose(): void; onReload(): void }) {
  const t = useT();
  const confirm = useConfirmVendorDelivery(sheet.id);
  const rules = rulesFor(ConfirmVendorDeliveryRequest);
  return (
    <FormModal
      open={open}
      title={t('outsourcing.sheet.confirmTitle', { vendor: sheet.vendorName })}
      testId="vendor-confirmation"
      pending={confirm.isPending}
      onClose={onClose}
      onReload={onReload}
      initial={() => ({
        vendorDeliveryDate: sheet.vendorDeliveryDate ? dayjs(sheet.vendorDeliveryDate) : undefined,
        note: sheet.vendorConfirmationNote ?? undefined,
      })}
      onSubmit={(v) =>
        confirm.mutateAsync(toRequest(ConfirmVendorDeliveryRequest, { ...v, vendorDeliveryDate: civil(v.vendorDeliveryDate), version: sheet.version }))
      }
    >
      {() => (
        <>
          <Form.Item
            name="vendorDeliveryDate"
            label={t('outsourcing.sheet.vendorDeliveryDate')}
            rules={required(t)}
            extra={t('outsourcing.sheet.requiredBy', { date: sheet.requiredDate })}
          >
            <DatePicker style={{ width: '100%' }} data-testid="vendor-confirmation-date" />
          </Form.Item>
          <Form.Item name="note" label={t('outsourcing.sheet.confirmationNote')} rules={rules.note}>
            <Input.TextArea
              autoSize={{ minRows: 2, maxRows: 5 }}
              placeholder={t('outsourcing.sheet.confirmationPlaceholder')}
              data-testid="vendor-confirmation-note"
            />
          </Form.Item>
        </>
      )}
    </FormModal>
  );
}

/** What the vendor delivered. */
export function ReceiptModal({ sheet, open, onClose, onReload }: { sheet: TCuttingSheet; open: boolean; onClose(): void; onReload(): void }) {
  const t = useT();
  const receive = useRecordVendorReceipt(sheet.id);
  const rules = rulesFor(RecordVendorReceiptRequest);
  return (
    <FormModal
      open={open}
      title={t('outsourcing.sheet.receiptTitle', { number: sheet.number })}
      testId="vendor-receipt"
      pending={receive.isPending}
      onClose={onClose}
      onReload={onReload}
      initial={() => ({ receivedQuantity: sheet.quantity })}
      onSubmit={(v) => receive.mutateAsync(toRequest(RecordVendorReceiptRequest, { ...v, version: sheet.version }))}
    >
      {() => (
        <>
          <Form.Item name="receivedQuantity" label={t('outsourcing.sheet.receivedQuantity')} rules={rules.receivedQuantity}>
            <InputNumber min={1} precision={0} style={{ width: '100%' }} addonAfter={sheet.unit} data-testid="vendor-receipt-quantity" />
          </Form.Item>
          <Form.Item name="note" label={t('outsourcing.sheet.receiptNote')}>
            <Input data-testid="vendor-receipt-note" />
          </Form.Item>
        </>
      )}
    </FormModal>
  );
}
