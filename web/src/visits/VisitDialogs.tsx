import { DatePicker, Flex, Form, Input, Radio, Select, Switch } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import {
  AddFindingRequest,
  CreateVisitRequest,
  InformCustomerRequest,
  UpdateVisitRequest,
  VisitActionRequest,
  VisitMinutesRequest,
  findingSeverities,
} from '../../../contracts/visits.js';
import { useT } from '../i18n/index.js';
import { maxLengthOf, toRequest } from '../platform/zodRule.js';
import { UserSelect } from '../platform/UserSelect.js';
import { CustomerSelect } from '../parties/index.js';
import { AttachmentUpload } from '../communications/index.js';
import { WorkingDatePicker } from '../calendar/index.js';
import { ChannelSelect, civil, required } from '../orders/index.js';
import { FormModal } from '../platform/FormModal.js';
import { DepartmentSelect } from './labels.js';
import { useAddFinding, useInformCustomer, useRespondFinding, useSaveVisit, useVisitAction, useVisitMinutes, type TVisit } from './api.js';

type Close = { open: boolean; onClose(): void; onReload(): void };

/** Plan (or re-plan) a visit: customer, dates, purpose, focus, who accompanies, confidentiality, the departments notified. */
export function VisitPlanModal({
  visit,
  open,
  onClose,
  onReload,
  onCreated,
  partyId,
}: Close & { visit: TVisit | null; onCreated?(v: TVisit): void; partyId?: string }) {
  const t = useT();
  const save = useSaveVisit(visit?.id);
  return (
    <FormModal
      open={open}
      title={visit ? t('visit.editTitle', { number: visit.number }) : t('visit.newTitle')}
      testId="visit-plan"
      width={720}
      pending={save.isPending}
      onClose={onClose}
      onReload={onReload}
      initial={() =>
        visit
          ? {
              ...visit,
              dates: [dayjs(visit.startDate), dayjs(visit.endDate)],
              accompanyingIds: visit.accompanying.map((a) => a.id),
              nextContact: visit.nextContact ? dayjs(visit.nextContact) : undefined,
            }
          : { partyId, direction: 'incoming', kind: 'audit', ndaRequired: false, noticeDepartments: ['quality', 'production'] }
      }
      onSubmit={async (v) => {
        const [start, end] = (v.dates ?? []) as Dayjs[];
        const body = { ...v, startDate: civil(start), endDate: civil(end), nextContact: v.nextContact ? civil(v.nextContact) : null, dates: undefined };
        const saved = visit
          ? await save.mutateAsync(toRequest(UpdateVisitRequest, { ...body, version: visit.version }))
          : await save.mutateAsync(toRequest(CreateVisitRequest, body));
        onCreated?.(saved);
      }}
    >
      {() => (
        <>
          <Form.Item name="partyId" label={t('visit.fields.customer')} rules={required(t)}>
            <CustomerSelect disabled={!!visit} data-testid="visit-customer" />
          </Form.Item>
          <Flex gap={12} wrap>
            <Form.Item name="direction" label={t('visit.fields.directionLabel')}>
              <Radio.Group
                optionType="button"
                options={(['incoming', 'outgoing'] as const).map((d) => ({ value: d, label: t(`visit.direction.${d}`) }))}
                data-testid="visit-direction"
              />
            </Form.Item>
            <Form.Item name="kind" label={t('visit.fields.kindLabel')}>
              <Radio.Group
                optionType="button"
                options={(['visit', 'audit'] as const).map((d) => ({ value: d, label: t(`visit.kind.${d}`) }))}
                data-testid="visit-kind"
              />
            </Form.Item>
            <Form.Item name="dates" label={t('visit.fields.dates')} rules={required(t)} style={{ flex: 1, minWidth: 260 }}>
              <DatePicker.RangePicker style={{ width: '100%' }} data-testid="visit-dates" />
            </Form.Item>
          </Flex>
          <Form.Item name="purpose" label={t('visit.fields.purpose')} rules={required(t)}>
            <Input maxLength={maxLengthOf(CreateVisitRequest.shape.purpose)} data-testid="visit-purpose" />
          </Form.Item>
          <Form.Item name="visitors" label={t('visit.fields.visitors')}>
            <Input data-testid="visit-visitors" />
          </Form.Item>
          <Form.Item name="focusItems" label={t('visit.fields.focusItems')}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} data-testid="visit-focus" />
          </Form.Item>
          <Form.Item name="accompanyingIds" label={t('visit.fields.accompanying')}>
            <UserSelect mode="multiple" data-testid="visit-accompanying" />
          </Form.Item>
          <Flex gap={12} align="start" wrap>
            <Form.Item name="ndaRequired" label={t('visit.fields.nda')} valuePropName="checked">
              <Switch data-testid="visit-nda" />
            </Form.Item>
            <Form.Item name="restrictedAreas" label={t('visit.fields.restrictedAreas')} style={{ flex: 1, minWidth: 260 }}>
              <Input data-testid="visit-restricted" />
            </Form.Item>
          </Flex>
          <Form.Item name="noticeDepartments" label={t('visit.fields.noticeDepartments')} extra={t('visit.noticeHint')}>
            <DepartmentSelect mode="multiple" data-testid="visit-departments" />
          </Form.Item>
        </>
      )}
    </FormModal>
  );
}

export function FindingModal({ visit, open, onClose, onReload }: Close & { visit: TVisit }) {
  const t = useT();
  const add = useAddFinding(visit.id);
  return (
    <FormModal
      open={open}
      title={t('visit.addFinding')}
      testId="finding"
      pending={add.isPending}
      onClose={onClose}
      onReload={onReload}
      initial={() => ({ severity: 'minor' })}
      onSubmit={(v) => add.mutateAsync(toRequest(AddFindingRequest, v))}
    >
      {() => (
        <>
          <Flex gap={12}>
            <Form.Item name="area" label={t('visit.findingArea')} rules={required(t)} style={{ flex: 1 }}>
              <Input data-testid="finding-area" />
            </Form.Item>
            <Form.Item name="department" label={t('visit.findingDepartment')} rules={required(t)} style={{ flex: 1 }}>
              <DepartmentSelect data-testid="finding-department" />
            </Form.Item>
          </Flex>
          <Form.Item name="severity" label={t('visit.findingSeverity')} rules={required(t)}>
            <Radio.Group
              optionType="button"
              options={findingSeverities.map((s) => ({ value: s, label: t(`visit.severity.${s}`) }))}
              data-testid="finding-severity-input"
            />
          </Form.Item>
          <Form.Item name="description" label={t('visit.findingDescription')} rules={required(t)}>
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} data-testid="finding-description" />
          </Form.Item>
        </>
      )}
    </FormModal>
  );
}

export function RespondModal({
  visit,
  finding,
  onClose,
  onReload,
}: {
  visit: TVisit;
  finding: TVisit['findings'][number] | null;
  onClose(): void;
  onReload(): void;
}) {
  const t = useT();
  const respond = useRespondFinding(visit.id);
  return (
    <FormModal
      open={!!finding}
      title={finding ? t('visit.respondTitle', { no: finding.no }) : ''}
      testId="finding-respond"
      pending={respond.isPending}
      onClose={onClose}
      onReload={onReload}
      initial={() => ({ response: finding?.response ?? '' })}
      onSubmit={(v) => respond.mutateAsync({ findingId: finding!.id, body: { version: finding!.version, response: String(v.response ?? '') } })}
    >
      {() => (
        <Form.Item name="response" label={t('visit.findingResponse')} rules={required(t)} extra={finding?.description}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} data-testid="finding-response" />
        </Form.Item>
      )}
    </FormModal>
  );
}

export function VisitActionModal({ visit, open, onClose, onReload }: Close & { visit: TVisit }) {
  const t = useT();
  const add = useVisitAction(visit.id);
  return (
    <FormModal
      open={open}
      title={t('visit.addAction')}
      testId="visit-action"
      pending={add.isPending}
      onClose={onClose}
      onReload={onReload}
      initial={() => {
        const f = visit.findings.find((x) => !x.response);
        return { findingId: f?.id, department: f?.department };
      }}
      onSubmit={(v) => add.mutateAsync(toRequest(VisitActionRequest, { ...v, dueDate: civil(v.dueDate) }))}
    >
      {(form) => (
        <>
          <Form.Item name="findingId" label={t('visit.actionFinding')}>
            <Select
              allowClear
              options={visit.findings.map((f) => ({ value: f.id, label: `#${f.no} ${f.area} — ${f.description}` }))}
              onChange={(id) => {
                const f = visit.findings.find((x) => x.id === id);
                if (f) form.setFieldValue('department', f.department);
              }}
              data-testid="visit-action-finding"
            />
          </Form.Item>
          <Form.Item name="title" label={t('visit.actionTitle')} rules={required(t)}>
            <Input maxLength={maxLengthOf(VisitActionRequest.shape.title)} data-testid="visit-action-title" />
          </Form.Item>
          <Flex gap={12}>
            <Form.Item name="ownerId" label={t('visit.actionOwner')} rules={required(t)} style={{ flex: 1 }}>
              <UserSelect data-testid="visit-action-owner" />
            </Form.Item>
            <Form.Item name="department" label={t('visit.actionDepartment')} rules={required(t)} style={{ flex: 1 }}>
              <DepartmentSelect data-testid="visit-action-department" />
            </Form.Item>
          </Flex>
          <Form.Item name="dueDate" label={t('visit.actionDue')} rules={required(t)}>
            <WorkingDatePicker data-testid="visit-action-due" />
          </Form.Item>
        </>
      )}
    </FormModal>
  );
}

export function MinutesModal({ visit, open, onClose, onReload }: Close & { visit: TVisit }) {
  const t = useT();
  const save = useVisitMinutes(visit.id);
  return (
    <FormModal
      open={open}
      title={t('visit.recordMinutes')}
      testId="visit-minutes"
      width={720}
      pending={save.isPending}
      onClose={onClose}
      onReload={onReload}
      initial={() => ({ minutes: visit.minutes, outcomes: visit.outcomes, nextContact: visit.nextContact ? dayjs(visit.nextContact) : undefined, reports: [] })}
      onSubmit={(v) =>
        save.mutateAsync(
          toRequest(VisitMinutesRequest, {
            version: visit.version,
            minutes: v.minutes,
            outcomes: v.outcomes,
            nextContact: v.nextContact ? civil(v.nextContact) : null,
            reportIds: ((v.reports ?? []) as { id: string }[]).map((r) => r.id),
          }),
        )
      }
    >
      {() => (
        <>
          <Form.Item name="minutes" label={t('visit.fields.minutes')}>
            <Input.TextArea autoSize={{ minRows: 4, maxRows: 12 }} data-testid="visit-minutes-text" />
          </Form.Item>
          <Form.Item name="outcomes" label={t('visit.fields.outcomes')}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} data-testid="visit-outcomes" />
          </Form.Item>
          <Form.Item name="nextContact" label={t('visit.fields.nextContact')}>
            <DatePicker data-testid="visit-next-contact" />
          </Form.Item>
          <Form.Item name="reports" label={t('visit.fields.reports')}>
            <AttachmentUpload testId="visit-report-upload" />
          </Form.Item>
        </>
      )}
    </FormModal>
  );
}

export function InformModal({ visit, open, onClose, onReload }: Close & { visit: TVisit }) {
  const t = useT();
  const inform = useInformCustomer(visit.id);
  return (
    <FormModal
      open={open}
      title={t('visit.informTitle')}
      testId="visit-inform"
      width={680}
      pending={inform.isPending}
      onClose={onClose}
      onReload={onReload}
      initial={() => ({
        channel: 'email',
        subject: `${visit.number} ${visit.kind === 'audit' ? '审核发现项整改回复 Response to the audit findings' : '访问结果 Outcome of the visit'}`,
        content: visit.findings.map((f) => `#${f.no} ${f.area}: ${f.description}\n→ ${f.response ?? ''}`).join('\n'),
      })}
      onSubmit={(v) => inform.mutateAsync(toRequest(InformCustomerRequest, v))}
    >
      {() => (
        <>
          <Form.Item name="channel" label={t('visit.channel')} rules={required(t)}>
            <ChannelSelect testId="visit-inform-channel" />
          </Form.Item>
          <Form.Item name="subject" label={t('visit.subject')} rules={required(t)}>
            <Input maxLength={200} data-testid="visit-inform-subject" />
          </Form.Item>
          <Form.Item name="content" label={t('visit.content')} rules={required(t)}>
            <Input.TextArea autoSize={{ minRows: 4, maxRows: 12 }} data-testid="visit-inform-content" />
          </Form.Item>
        </>
      )}
    </FormModal>
  );
}
