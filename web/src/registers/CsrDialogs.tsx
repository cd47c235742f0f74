import { DatePicker, Flex, Form, Input, Select } from 'antd';
import dayjs from 'dayjs';
import { CreateCsrRequest, CsrDeploymentRequest, UpdateCsrRequest, deploymentTargets } from '../../../contracts/registers.js';
import { useRegistersT as useT } from './words.js';
import { maxLengthOf, toRequest } from '../platform/zodRule.js';
import { CustomerSelect } from '../parties/index.js';
import { AttachmentUpload } from '../communications/index.js';
import { civil, required } from '../orders/index.js';
import { FormModal } from '../platform/FormModal.js';
import { DepartmentSelect } from '../visits/index.js';
import { useAddDeployment, useSaveCsr, type TCsrDocument } from './api.js';

type Close = { open: boolean; onClose(): void; onReload(): void };

/**
 * Register a CSR document, correct its registration, or register a new revision of `supersedes`
 * (same customer; the earlier revision is kept read-only).
 */
export function CsrModal({
  csr,
  supersedes,
  partyId,
  open,
  onClose,
  onReload,
  onSaved,
}: Close & { csr: TCsrDocument | null; supersedes?: TCsrDocument; partyId?: string; onSaved?(c: TCsrDocument): void }) {
  const t = useT();
  const save = useSaveCsr(csr?.id);
  return (
    <FormModal
      open={open}
      title={
        csr
          ? t('registers.csr.editTitle', { number: csr.number })
          : supersedes
            ? t('registers.csr.newRevisionTitle', { number: supersedes.number })
            : t('registers.csr.newTitle')
      }
      testId="csr-form"
      width={720}
      pending={save.isPending}
      onClose={onClose}
      onReload={onReload}
      initial={() =>
        csr
          ? { ...csr, receivedDate: dayjs(csr.receivedDate), attachments: csr.documents }
          : supersedes
            ? { partyId: supersedes.partyId, title: supersedes.title, documentNo: supersedes.documentNo, receivedDate: dayjs() }
            : { partyId, receivedDate: dayjs() }
      }
      onSubmit={async (v) => {
        const body = {
          ...v,
          receivedDate: civil(v.receivedDate),
          attachmentIds: ((v.attachments ?? []) as { id: string }[]).map((a) => a.id),
          attachments: undefined,
        };
        const saved = csr
          ? await save.mutateAsync(toRequest(UpdateCsrRequest, { ...body, version: csr.version }))
          : await save.mutateAsync(toRequest(CreateCsrRequest, { ...body, supersedesId: supersedes?.id ?? null }));
        onSaved?.(saved);
      }}
    >
      {() => (
        <>
          <Form.Item name="partyId" label={t('registers.csr.fields.customer')} rules={required(t)}>
            <CustomerSelect disabled={!!csr || !!supersedes || !!partyId} data-testid="csr-customer" />
          </Form.Item>
          <Form.Item name="title" label={t('registers.csr.fields.title')} rules={required(t)}>
            <Input maxLength={maxLengthOf(CreateCsrRequest.shape.title)} data-testid="csr-title" />
          </Form.Item>
          <Flex gap={12}>
            <Form.Item name="documentNo" label={t('registers.csr.fields.documentNo')} style={{ flex: 1 }}>
              <Input maxLength={100} data-testid="csr-document-no" />
            </Form.Item>
            <Form.Item name="revision" label={t('registers.csr.fields.revision')} rules={required(t)} style={{ flex: 1 }}>
              <Input maxLength={40} data-testid="csr-revision" />
            </Form.Item>
            <Form.Item name="receivedDate" label={t('registers.csr.fields.receivedDate')} rules={required(t)} style={{ flex: 1 }}>
              <DatePicker style={{ width: '100%' }} data-testid="csr-received" />
            </Form.Item>
          </Flex>
          <Form.Item name="attachments" label={t('registers.csr.fields.attachments')}>
            <AttachmentUpload testId="csr-upload" />
          </Form.Item>
          <Form.Item name="notes" label={t('registers.csr.fields.notes')}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} data-testid="csr-notes" />
          </Form.Item>
        </>
      )}
    </FormModal>
  );
}

/** Where the CSR was deployed: procedure, KPI, control plan, work instruction — what changed, which department, when. */
export function DeploymentModal({ csr, open, onClose, onReload }: Close & { csr: TCsrDocument }) {
  const t = useT();
  const add = useAddDeployment(csr.id);
  return (
    <FormModal
      open={open}
      title={t('registers.csr.deploymentTitle')}
      testId="csr-deployment"
      width={680}
      pending={add.isPending}
      onClose={onClose}
      onReload={onReload}
      initial={() => ({ target: 'procedure', department: 'quality', doneOn: dayjs() })}
      onSubmit={(v) => add.mutateAsync(toRequest(CsrDeploymentRequest, { ...v, version: csr.version, doneOn: civil(v.doneOn) }))}
    >
      {() => (
        <>
          <Flex gap={12}>
            <Form.Item name="target" label={t('registers.csr.fields.target')} rules={required(t)} style={{ flex: 1 }}>
              <Select options={deploymentTargets.map((k) => ({ value: k, label: t(`registers.csr.target.${k}`) }))} data-testid="deployment-target" />
            </Form.Item>
            <Form.Item name="department" label={t('registers.csr.fields.department')} rules={required(t)} style={{ flex: 1 }}>
              <DepartmentSelect data-testid="deployment-department" />
            </Form.Item>
            <Form.Item name="doneOn" label={t('registers.csr.fields.doneOn')} rules={required(t)} style={{ flex: 1 }}>
              <DatePicker style={{ width: '100%' }} data-testid="deployment-date" />
            </Form.Item>
          </Flex>
          <Form.Item name="reference" label={t('registers.csr.fields.reference')} rules={required(t)}>
            <Input maxLength={300} data-testid="deployment-reference" />
          </Form.Item>
          <Form.Item name="change" label={t('registers.csr.fields.change')} rules={required(t)}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} data-testid="deployment-change" />
          </Form.Item>
        </>
      )}
    </FormModal>
  );
}
