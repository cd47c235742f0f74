import { DatePicker, Flex, Form, Input, InputNumber, Radio, Select } from 'antd';
import dayjs from 'dayjs';
import { CreateSampleRequest, SampleAnswerRequest, UpdateSampleRequest, shipVias } from '../../../contracts/engineering.js';
import { useEngineeringT as useT } from './words.js';
import { maxLengthOf, toRequest } from '../platform/zodRule.js';
import { CustomerSelect } from '../parties/index.js';
import { AttachmentUpload } from '../communications/index.js';
import { civil, required } from '../orders/index.js';
import { FormModal } from '../platform/FormModal.js';
import { useAnswerSample, useSaveSample, type TSample } from './api.js';
import { CommunicationFields, ContactSelect, OrderSelect, QuotationSelect, communicationOf } from './parts.js';

type Close = { open: boolean; onClose(): void; onReload(): void };

function PartyScoped({ fallback, children }: { fallback: string | undefined; children: (partyId: string | undefined) => React.ReactNode }) {
  const form = Form.useFormInstance();
  const partyId = (Form.useWatch('partyId', form) as string | undefined) ?? fallback;
  return <>{children(partyId)}</>;
}

/** Register a sample sent to the customer, or correct its dispatch details before it leaves. */
export function SampleModal({
  sample,
  partyId,
  orderId,
  open,
  onClose,
  onReload,
  onSaved,
}: Close & { sample: TSample | null; partyId?: string; orderId?: string; onSaved?(s: TSample): void }) {
  const t = useT();
  const save = useSaveSample(sample?.id);
  return (
    <FormModal
      open={open}
      title={sample ? t('engineering.sample.editTitle', { number: sample.number }) : t('engineering.sample.newTitle')}
      testId="sample-form"
      width={760}
      pending={save.isPending}
      onClose={onClose}
      onReload={onReload}
      initial={() =>
        sample
          ? { ...sample, sentOn: dayjs(sample.sentOn), orderId: sample.order?.id ?? null, quotationId: sample.quotation?.id ?? null }
          : { partyId, orderId, sentOn: dayjs(), shipVia: 'courier', quantity: 1, answerWithinDays: 5 }
      }
      onSubmit={async (v) => {
        const body = { ...v, sentOn: civil(v.sentOn), orderId: v.orderId ?? null, quotationId: v.quotationId ?? null };
        const saved = sample
          ? await save.mutateAsync(toRequest(UpdateSampleRequest, { ...body, version: sample.version }))
          : await save.mutateAsync(toRequest(CreateSampleRequest, body));
        onSaved?.(saved);
      }}
    >
      {() => (
        <>
          <Form.Item name="partyId" label={t('engineering.common.customer')} rules={required(t as never)}>
            <CustomerSelect disabled={!!sample || !!partyId} data-testid="sample-customer" />
          </Form.Item>
          <Flex gap={12}>
            <Form.Item name="model" label={t('engineering.sample.fields.model')} rules={required(t as never)} style={{ flex: 2 }}>
              <Input maxLength={maxLengthOf(CreateSampleRequest.shape.model)} data-testid="sample-model" />
            </Form.Item>
            <Form.Item name="quantity" label={t('engineering.sample.fields.quantity')} rules={required(t as never)} style={{ flex: 1 }}>
              <InputNumber min={1} precision={0} style={{ width: '100%' }} data-testid="sample-quantity" />
            </Form.Item>
          </Flex>
          <Form.Item name="description" label={t('engineering.sample.fields.description')}>
            <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} data-testid="sample-description" />
          </Form.Item>
          <Flex gap={12}>
            <Form.Item name="sentOn" label={t('engineering.sample.fields.sentOn')} rules={required(t as never)} style={{ flex: 1 }}>
              <DatePicker style={{ width: '100%' }} data-testid="sample-sent-on" />
            </Form.Item>
            <Form.Item name="shipVia" label={t('engineering.sample.fields.shipVia')} rules={required(t as never)} style={{ flex: 1 }}>
              <Select options={shipVias.map((k) => ({ value: k, label: t(`engineering.sample.shipVia.${k}`) }))} data-testid="sample-ship-via" />
            </Form.Item>
            <Form.Item name="trackingNo" label={t('engineering.sample.fields.trackingNo')} style={{ flex: 1 }}>
              <Input maxLength={100} data-testid="sample-tracking" />
            </Form.Item>
          </Flex>
          <PartyScoped fallback={sample?.partyId ?? partyId}>
            {(pid) => (
              <Flex gap={12}>
                <Form.Item name="orderId" label={t('engineering.common.order')} style={{ flex: 1 }}>
                  <OrderSelect partyId={pid} testId="sample-order" disabled={!sample && !!orderId} />
                </Form.Item>
                <Form.Item name="quotationId" label={t('engineering.common.quotation')} style={{ flex: 1 }}>
                  <QuotationSelect partyId={pid} testId="sample-quotation" />
                </Form.Item>
                <Form.Item name="answerWithinDays" label={t('engineering.sample.fields.answerWithinDays')} rules={required(t as never)} style={{ flex: 1 }}>
                  <InputNumber min={1} max={60} precision={0} style={{ width: '100%' }} data-testid="sample-answer-days" />
                </Form.Item>
              </Flex>
            )}
          </PartyScoped>
          <Form.Item name="notes" label={t('engineering.common.notes')}>
            <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} data-testid="sample-notes" />
          </Form.Item>
        </>
      )}
    </FormModal>
  );
}

/** The customer's approval or rejection, with the signed sample record and the communication that brought it. */
export function SampleAnswerModal({ sample, open, onClose, onReload }: Close & { sample: TSample }) {
  const t = useT();
  const answer = useAnswerSample(sample.id);
  return (
    <FormModal
      open={open}
      title={t('engineering.sample.answerTitle', { number: sample.number })}
      hint={t('engineering.sample.answerHint')}
      testId="sample-answer"
      width={760}
      pending={answer.isPending}
      onClose={onClose}
      onReload={onReload}
      initial={() => ({
        decision: 'approved',
        answeredOn: dayjs(),
        commMode: 'new',
        communication: { channel: 'fax', subject: `${sample.number} 样品确认 ${sample.model}` },
      })}
      onSubmit={(v) =>
        answer.mutateAsync(
          toRequest(SampleAnswerRequest, {
            ...v,
            ...communicationOf(v),
            version: sample.version,
            answeredOn: civil(v.answeredOn),
            answeredByContactId: v.answeredByContactId ?? null,
            attachmentIds: ((v.attachments ?? []) as { id: string }[]).map((a) => a.id),
            attachments: undefined,
          }),
        )
      }
    >
      {(form) => (
        <>
          <Flex gap={12}>
            <Form.Item name="decision" label={t('engineering.sample.fields.decision')} rules={required(t as never)} style={{ flex: 1 }}>
              <Radio.Group
                optionType="button"
                buttonStyle="solid"
                options={(['approved', 'rejected'] as const).map((k) => ({ value: k, label: t(`engineering.sample.decision.${k}`) }))}
                data-testid="sample-decision"
              />
            </Form.Item>
            <Form.Item name="answeredOn" label={t('engineering.sample.fields.answeredOn')} rules={required(t as never)} style={{ flex: 1 }}>
              <DatePicker style={{ width: '100%' }} data-testid="sample-answered-on" />
            </Form.Item>
            <Form.Item name="answeredByContactId" label={t('engineering.sample.fields.answeredBy')} style={{ flex: 1 }}>
              <ContactSelect partyId={sample.partyId} testId="sample-answered-by" />
            </Form.Item>
          </Flex>
          <Form.Item noStyle shouldUpdate={(a, b) => a.decision !== b.decision}>
            {() =>
              form.getFieldValue('decision') === 'rejected' && (
                <Form.Item name="rejectionReason" label={t('engineering.sample.fields.rejectionReason')} rules={required(t as never)}>
                  <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} data-testid="sample-rejection-reason" />
                </Form.Item>
              )
            }
          </Form.Item>
          <Form.Item name="attachments" label={t('engineering.sample.fields.attachments')} rules={required(t as never)}>
            <AttachmentUpload testId="sample-upload" />
          </Form.Item>
          <CommunicationFields partyId={sample.partyId} prefix="sample-answer" />
        </>
      )}
    </FormModal>
  );
}
