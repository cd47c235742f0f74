import './words.js';
import { Button, DatePicker, Form, Input, InputNumber, Radio, Select, Space, Switch, type FormInstance } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import {
  AssessmentRequest,
  ContainmentRowRequest,
  CorrectiveActionRequest,
  CreditRequest,
  CustomerConfirmationRequest,
  EffectivenessPlanRequest,
  PreventionRequest,
  ProblemRequest,
  ReturnAnalysisRequest,
  ReturnRequest,
  ReworkDoneRequest,
  ReworkPlanRequest,
  RootCauseRequest,
  TeamRequest,
  confirmationResults,
  containmentLocations,
  customerImpacts,
  responsePaths,
  rootCauseMethods,
  severities,
} from '../../../contracts/complaints.js';
import type { z } from 'zod';
import { useT } from '../i18n/index.js';
import { useDepartments } from '../identity/index.js';
import { UserSelect } from '../platform/UserSelect.js';
import { FormModal } from '../platform/FormModal.js';
import { toRequest } from '../platform/zodRule.js';
import { AttachmentUpload, type TAttachment } from '../communications/index.js';
import { useLocalized } from '../i18n/index.js';
import { useComplaintWrite, type TComplaint } from './api.js';
import { ComplaintChannelSelect } from './ComplaintNewPage.js';

export type DialogKind =
  | 'assessment'
  | 'team'
  | 'problem'
  | 'containment'
  | 'root-cause'
  | 'action'
  | 'effectiveness'
  | 'prevention'
  | 'confirmation'
  | 'return'
  | 'analysis'
  | 'rework-plan'
  | 'rework'
  | 'credit';
export type Dialog = { kind: DialogKind; rowId?: string } | null;

const ids = (v: unknown) => ((v as TAttachment[] | undefined) ?? []).map((a) => a.id);
const civil = (d: unknown) => (dayjs.isDayjs(d) ? (d as Dayjs).format('YYYY-MM-DD') : d);
/** an unanswered question goes as null (the gate names it), not as a half-filled object */
const answered = (d: unknown) => ((d as { answer?: string } | undefined)?.answer ? d : null);
const instant = (d: unknown) => (dayjs.isDayjs(d) ? (d as Dayjs).toISOString() : d);

/** A dialog with a form (the shared one): validates, builds the body, sends it, puts the server's errors on the fields. */
const SectionModal = (props: Parameters<typeof FormModal>[0]) => <FormModal {...props} width={props.width ?? 640} />;

/** Every dialog of the complaint page; `dialog` says which one is open. */
export function ComplaintDialogs({ complaint: c, dialog, onClose, onReload }: { complaint: TComplaint; dialog: Dialog; onClose(): void; onReload(): void }) {
  const t = useT();
  const loc = useLocalized();
  const write = useComplaintWrite(c.id);
  const { data: departments } = useDepartments();
  const req = [{ required: true, message: t('form.required') }];
  const send = <S extends z.ZodType>(method: 'PUT' | 'POST', path: string, schema: S, values: unknown) =>
    write.mutateAsync({ method, path, body: toRequest(schema, values) });
  const common = { pending: write.isPending, onClose, onReload };
  const open = (k: DialogKind) => dialog?.kind === k;
  const ret = c.returns.find((r) => r.id === dialog?.rowId);
  const row = c.containment.find((r) => r.id === dialog?.rowId);
  const area = (testId: string, rows = 2, max = 4000) => <Input.TextArea rows={rows} maxLength={max} data-testid={testId} />;

  return (
    <>
      <SectionModal
        {...common}
        open={open('assessment')}
        testId="assessment"
        title={t('complaint.assessment.title')}
        initial={() => ({
          severity: c.assessment?.severity,
          safetyRegulatory: c.assessment?.safetyRegulatory ?? false,
          customerImpact: c.assessment?.customerImpact ?? [],
          path: c.assessment?.path,
          note: c.assessment?.note,
        })}
        onSubmit={(v) => send('PUT', 'assessment', AssessmentRequest, { ...v, version: c.version })}
      >
        {() => (
          <>
            <Form.Item name="severity" label={t('complaint.fields.severity')} rules={req}>
              <Radio.Group options={severities.map((s) => ({ value: s, label: t(`complaint.severities.${s}`) }))} data-testid="assessment-severity" />
            </Form.Item>
            <Form.Item name="safetyRegulatory" label={t('complaint.assessment.safety')} valuePropName="checked">
              <Switch data-testid="assessment-safety" />
            </Form.Item>
            <Form.Item
              name="customerImpact"
              label={t('complaint.assessment.impact')}
              rules={[{ required: true, type: 'array', min: 1, message: t('form.required') }]}
            >
              <Select
                mode="multiple"
                options={customerImpacts.map((s) => ({ value: s, label: t(`complaint.impacts.${s}`) }))}
                data-testid="assessment-impact"
              />
            </Form.Item>
            <Form.Item name="path" label={t('complaint.fields.path')} rules={req}>
              <Radio.Group options={responsePaths.map((s) => ({ value: s, label: t(`complaint.paths.${s}`) }))} data-testid="assessment-path" />
            </Form.Item>
            <Form.Item name="note" label={t('complaint.assessment.note')}>
              {area('assessment-note')}
            </Form.Item>
          </>
        )}
      </SectionModal>

      <SectionModal
        {...common}
        open={open('team')}
        testId="team"
        title={t('complaint.d.d1')}
        initial={() => ({
          leaderId: c.team?.leaderId,
          members: c.team?.members.map((m) => ({ userId: m.userId, role: m.role })) ?? [{}],
          owners: c.team?.owners ?? {},
        })}
        onSubmit={(v) =>
          send('PUT', 'team', TeamRequest, {
            ...v,
            owners: Object.fromEntries(Object.entries((v.owners as Record<string, string | undefined>) ?? {}).filter(([, x]) => !!x)),
            version: c.version,
          })
        }
      >
        {() => (
          <>
            <Form.Item name="leaderId" label={t('complaint.team.leader')} rules={req}>
              <UserSelect data-testid="team-leader" />
            </Form.Item>
            <Form.List name="members">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((f, i) => (
                    <Space key={f.key} align="baseline">
                      <Form.Item name={[f.name, 'userId']} label={i === 0 ? t('complaint.team.members') : undefined} rules={req}>
                        <UserSelect style={{ width: 200 }} data-testid={`team-member-${i}`} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'role']} label={i === 0 ? t('complaint.team.role') : undefined} rules={req}>
                        <Input style={{ width: 220 }} maxLength={80} data-testid={`team-role-${i}`} />
                      </Form.Item>
                      {fields.length > 1 && <MinusCircleOutlined onClick={() => remove(f.name)} />}
                    </Space>
                  ))}
                  <Button type="dashed" onClick={() => add({})} icon={<PlusOutlined />} data-testid="team-add">
                    {t('complaint.team.addMember')}
                  </Button>
                </>
              )}
            </Form.List>
          </>
        )}
      </SectionModal>

      <SectionModal
        {...common}
        open={open('problem')}
        testId="problem"
        width={720}
        title={t('complaint.d.d2')}
        initial={() => ({ ...(c.problem ?? {}) })}
        onSubmit={(v) => send('PUT', 'problem', ProblemRequest, { ...v, version: c.version })}
      >
        {() => (
          <>
            {(['what', 'where', 'when', 'who', 'why', 'how', 'howMany'] as const).map((k) => (
              <Form.Item key={k} name={k} label={t(`complaint.problem.${k}`)} rules={req}>
                <Input maxLength={2000} data-testid={`problem-${k}`} />
              </Form.Item>
            ))}
            <Form.Item name="isNot" label={t('complaint.problem.isNot')}>
              {area('problem-is-not')}
            </Form.Item>
          </>
        )}
      </SectionModal>

      <SectionModal
        {...common}
        open={open('containment')}
        testId="containment"
        title={t('complaint.d.d3')}
        initial={() =>
          row
            ? { ...row, doneAt: row.doneAt ? dayjs(row.doneAt) : null }
            : { location: containmentLocations.find((l) => !c.containment.some((x) => x.location === l)) ?? 'customer', quantityChecked: 0, quantityFound: 0 }
        }
        onSubmit={(v) =>
          send(row ? 'PUT' : 'POST', row ? `containment/${row.id}` : 'containment', ContainmentRowRequest, {
            ...v,
            doneAt: instant(v.doneAt) ?? null,
            version: c.version,
          })
        }
      >
        {() => (
          <>
            <Form.Item name="location" label={t('complaint.containment.location')} rules={req}>
              <Select options={containmentLocations.map((l) => ({ value: l, label: t(`complaint.locations.${l}`) }))} data-testid="containment-location" />
            </Form.Item>
            <Form.Item name="description" label={t('complaint.containment.description')} rules={req}>
              <Input maxLength={1000} data-testid="containment-description" />
            </Form.Item>
            <Space>
              <Form.Item name="quantityChecked" label={t('complaint.containment.checked')} rules={req}>
                <InputNumber min={0} precision={0} data-testid="containment-checked" />
              </Form.Item>
              <Form.Item name="quantityFound" label={t('complaint.containment.found')} rules={req}>
                <InputNumber min={0} precision={0} data-testid="containment-found" />
              </Form.Item>
            </Space>
            <Form.Item name="disposition" label={t('complaint.containment.disposition')}>
              <Input maxLength={500} data-testid="containment-disposition" />
            </Form.Item>
            <Form.Item name="ownerId" label={t('complaint.containment.owner')}>
              <UserSelect data-testid="containment-owner" />
            </Form.Item>
          </>
        )}
      </SectionModal>

      <SectionModal
        {...common}
        open={open('root-cause')}
        testId="root-cause"
        width={720}
        title={t('complaint.d.d4')}
        initial={() => ({
          method: c.rootCause?.method ?? '5-why',
          occurrenceCause: c.rootCause?.occurrenceCause,
          escapePoint: c.rootCause?.escapePoint,
          analysis: c.rootCause?.analysis,
          evidence: c.rootCause?.evidence ?? [],
        })}
        onSubmit={(v) => send('PUT', 'root-cause', RootCauseRequest, { ...v, evidence: undefined, evidenceAttachmentIds: ids(v.evidence), version: c.version })}
      >
        {() => (
          <>
            <Form.Item name="method" label={t('complaint.rootCause.method')} rules={req}>
              <Radio.Group options={rootCauseMethods.map((m) => ({ value: m, label: t(`complaint.methods.${m}`) }))} data-testid="root-cause-method" />
            </Form.Item>
            <Form.Item name="occurrenceCause" label={t('complaint.rootCause.occurrence')} rules={req}>
              {area('root-cause-occurrence')}
            </Form.Item>
            <Form.Item name="escapePoint" label={t('complaint.rootCause.escape')} rules={req}>
              {area('root-cause-escape')}
            </Form.Item>
            <Form.Item name="analysis" label={t('complaint.rootCause.analysis')}>
              {area('root-cause-analysis', 4, 8000)}
            </Form.Item>
            <Form.Item name="evidence" label={t('complaint.rootCause.evidence')} valuePropName="value">
              <AttachmentUpload testId="root-cause-evidence" />
            </Form.Item>
          </>
        )}
      </SectionModal>

      <SectionModal
        {...common}
        open={open('action')}
        testId="corrective-action"
        title={t('complaint.actions.add')}
        initial={() => ({ department: 'quality' })}
        onSubmit={(v) => send('POST', 'actions', CorrectiveActionRequest, { ...v, dueDate: civil(v.dueDate), version: c.version })}
      >
        {() => (
          <>
            <Form.Item name="title" label={t('complaint.actions.title')} rules={req}>
              <Input maxLength={200} data-testid="corrective-action-title" />
            </Form.Item>
            <Form.Item name="description" label={t('complaint.actions.description')}>
              {area('corrective-action-description')}
            </Form.Item>
            <Form.Item name="ownerId" label={t('complaint.actions.owner')} rules={req}>
              <UserSelect data-testid="corrective-action-owner" />
            </Form.Item>
            <Form.Item name="department" label={t('complaint.actions.department')} rules={req}>
              <Select options={(departments?.items ?? []).map((d) => ({ value: d.code, label: loc(d.name) }))} data-testid="corrective-action-department" />
            </Form.Item>
            <Form.Item name="dueDate" label={t('complaint.actions.due')} rules={req}>
              <DatePicker data-testid="corrective-action-due" />
            </Form.Item>
          </>
        )}
      </SectionModal>

      <SectionModal
        {...common}
        open={open('effectiveness')}
        testId="effectiveness"
        title={t('complaint.effectiveness.plan')}
        initial={() => (c.effectiveness ? { ...c.effectiveness, plannedDate: dayjs(c.effectiveness.plannedDate) } : {})}
        onSubmit={(v) =>
          send('PUT', 'effectiveness', EffectivenessPlanRequest, {
            method: v.method,
            criterion: v.criterion,
            verifierId: v.verifierId,
            plannedDate: civil(v.plannedDate),
            version: c.version,
          })
        }
      >
        {() => (
          <>
            <Form.Item name="method" label={t('complaint.effectiveness.method')} rules={req}>
              <Input maxLength={500} data-testid="effectiveness-method" />
            </Form.Item>
            <Form.Item name="criterion" label={t('complaint.effectiveness.criterion')} rules={req}>
              <Input maxLength={500} data-testid="effectiveness-criterion" />
            </Form.Item>
            <Form.Item name="plannedDate" label={t('complaint.effectiveness.date')} rules={req}>
              <DatePicker data-testid="effectiveness-date" />
            </Form.Item>
            <Form.Item name="verifierId" label={t('complaint.effectiveness.verifier')} rules={req}>
              <UserSelect data-testid="effectiveness-verifier" />
            </Form.Item>
          </>
        )}
      </SectionModal>

      <SectionModal
        {...common}
        open={open('prevention')}
        testId="prevention"
        width={760}
        hint={t('complaint.prevention.gateHint')}
        title={t('complaint.d.d7')}
        initial={() => ({ ...(c.prevention ?? {}) })}
        onSubmit={(v) =>
          send('PUT', 'prevention', PreventionRequest, { ...v, pfmea: answered(v.pfmea), controlPlan: answered(v.controlPlan), version: c.version })
        }
      >
        {(form) => (
          <>
            <Form.Item name="similarReviewed" label={t('complaint.prevention.similar')}>
              {area('prevention-similar')}
            </Form.Item>
            {(['pfmea', 'controlPlan'] as const).map((doc) => (
              <DocAnswer key={doc} form={form} doc={doc} />
            ))}
            <Form.Item name="otherDocuments" label={t('complaint.prevention.other')}>
              {area('prevention-other', 1)}
            </Form.Item>
            <Form.Item name="lessonsLearned" label={t('complaint.prevention.lessons')}>
              {area('prevention-lessons', 1)}
            </Form.Item>
            <Form.Item name="riskUpdate" label={t('complaint.prevention.risk')}>
              {area('prevention-risk', 1)}
            </Form.Item>
            <Form.Item name="qmsChange" label={t('complaint.prevention.qms')}>
              {area('prevention-qms', 1)}
            </Form.Item>
          </>
        )}
      </SectionModal>

      <SectionModal
        {...common}
        open={open('confirmation')}
        testId="confirmation"
        hint={t('complaint.confirmation.hint')}
        title={t('complaint.confirmation.record')}
        initial={() => ({ channel: 'fax', receivedAt: dayjs().second(0).millisecond(0), attachments: [] })}
        onSubmit={(v) =>
          send('POST', 'customer-confirmation', CustomerConfirmationRequest, {
            ...v,
            receivedAt: instant(v.receivedAt),
            attachments: undefined,
            attachmentIds: ids(v.attachments),
            version: c.version,
          })
        }
      >
        {() => (
          <>
            <Form.Item name="result" label={t('complaint.confirmation.result')} rules={req}>
              <Radio.Group
                options={confirmationResults.map((r) => ({ value: r, label: t(`complaint.confirmation.${r}`) }))}
                data-testid="confirmation-result"
              />
            </Form.Item>
            <Space>
              <Form.Item name="channel" label={t('complaint.confirmation.channel')} rules={req}>
                <ComplaintChannelSelect testId="confirmation-channel" />
              </Form.Item>
              <Form.Item name="receivedAt" label={t('complaint.confirmation.at')} rules={req}>
                <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" data-testid="confirmation-at" />
              </Form.Item>
            </Space>
            <Form.Item name="comment" label={t('complaint.confirmation.comment')}>
              {area('confirmation-comment')}
            </Form.Item>
            <Form.Item name="attachments" label={t('complaint.confirmation.scan')} valuePropName="value">
              <AttachmentUpload testId="confirmation-upload" />
            </Form.Item>
          </>
        )}
      </SectionModal>

      <SectionModal
        {...common}
        open={open('return')}
        testId="return"
        title={t('complaint.returns.receive')}
        initial={() => ({ receivedAt: dayjs().second(0).millisecond(0) })}
        onSubmit={(v) => send('POST', 'returns', ReturnRequest, { ...v, receivedAt: instant(v.receivedAt), version: c.version })}
      >
        {() => (
          <>
            <Form.Item name="receivedAt" label={t('complaint.returns.receivedAt')} rules={req}>
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" data-testid="return-at" />
            </Form.Item>
            <Form.Item name="quantity" label={t('complaint.returns.quantity')} rules={req}>
              <InputNumber min={1} precision={0} data-testid="return-quantity" />
            </Form.Item>
            <Form.Item name="note" label={t('complaint.returns.note')}>
              <Input maxLength={1000} />
            </Form.Item>
          </>
        )}
      </SectionModal>

      {ret && (
        <>
          <SectionModal
            {...common}
            open={open('analysis')}
            testId="return-analysis"
            title={t('complaint.returns.analyse')}
            initial={() => ({ confirmed: true, disposition: 'rework', attachments: [] })}
            onSubmit={(v) =>
              send('PUT', `returns/${ret.id}/analysis`, ReturnAnalysisRequest, {
                ...v,
                attachments: undefined,
                attachmentIds: ids(v.attachments),
                version: ret.version,
              })
            }
          >
            {() => (
              <>
                <Form.Item name="result" label={t('complaint.returns.result')} rules={req}>
                  {area('return-analysis-result', 3)}
                </Form.Item>
                <Form.Item name="confirmed" label={t('complaint.returns.confirmed')} valuePropName="checked">
                  <Switch />
                </Form.Item>
                <Form.Item name="disposition" label={t('complaint.returns.disposition')} rules={req}>
                  <Select
                    options={(['rework', 'scrap', 'return-to-customer', 'use-as-is'] as const).map((d) => ({
                      value: d,
                      label: t(`complaint.returns.dispositions.${d}`),
                    }))}
                  />
                </Form.Item>
                <Form.Item name="attachments" label={t('complaint.fields.attachments')} valuePropName="value">
                  <AttachmentUpload testId="return-analysis-upload" />
                </Form.Item>
              </>
            )}
          </SectionModal>
          <SectionModal
            {...common}
            open={open('rework-plan')}
            testId="rework-plan"
            title={t('complaint.returns.planRework')}
            initial={() => ({ route: ret.rework.route, scheduledDate: ret.rework.scheduledDate ? dayjs(ret.rework.scheduledDate) : null })}
            onSubmit={(v) =>
              send('PUT', `returns/${ret.id}/rework-plan`, ReworkPlanRequest, {
                route: v.route,
                scheduledDate: civil(v.scheduledDate) ?? null,
                version: ret.version,
              })
            }
          >
            {() => (
              <>
                <Form.Item name="route" label={t('complaint.returns.route')}>
                  {area('rework-route')}
                </Form.Item>
                <Form.Item name="scheduledDate" label={t('complaint.returns.scheduled')}>
                  <DatePicker />
                </Form.Item>
              </>
            )}
          </SectionModal>
          <SectionModal
            {...common}
            open={open('rework')}
            testId="rework"
            title={t('complaint.returns.done')}
            initial={() => ({ reworkedQuantity: ret.quantity, effect: ret.rework.effect, workStandardChange: ret.rework.workStandardChange })}
            onSubmit={(v) => send('PUT', `returns/${ret.id}/rework`, ReworkDoneRequest, { ...v, version: ret.version })}
          >
            {() => (
              <>
                <Form.Item name="reworkedQuantity" label={t('complaint.returns.reworked')} rules={req}>
                  <InputNumber min={0} precision={0} />
                </Form.Item>
                <Form.Item name="effect" label={t('complaint.returns.effect')}>
                  {area('rework-effect')}
                </Form.Item>
                <Form.Item name="workStandardChange" label={t('complaint.returns.workStandardChange')} extra={t('complaint.returns.workStandardChangeHint')}>
                  <Input data-testid="rework-work-standard" />
                </Form.Item>
              </>
            )}
          </SectionModal>
          <SectionModal
            {...common}
            open={open('credit')}
            testId="credit"
            title={t('complaint.returns.grant')}
            initial={() => ({})}
            onSubmit={(v) => send('POST', `returns/${ret.id}/credit`, CreditRequest, { ...v, version: ret.version })}
          >
            {() => (
              <>
                <Form.Item name="note" label={t('complaint.returns.creditNote')} rules={req}>
                  <Input maxLength={1000} data-testid="credit-note" />
                </Form.Item>
                {!ret.analysis && (
                  <Form.Item name="overrideReason" label={t('complaint.returns.override')}>
                    <Input maxLength={1000} data-testid="credit-override" />
                  </Form.Item>
                )}
              </>
            )}
          </SectionModal>
        </>
      )}
    </>
  );
}

/** "PFMEA updated (rev.)" / "control plan updated (rev.)": updated with its revision, or N/A with a justification. */
function DocAnswer({ form, doc }: { form: FormInstance; doc: 'pfmea' | 'controlPlan' }) {
  const t = useT();
  const answer = Form.useWatch([doc, 'answer'], form) as string | undefined;
  return (
    <Space align="start" wrap data-testid={`prevention-${doc}`}>
      <Form.Item name={[doc, 'answer']} label={t(`complaint.prevention.${doc}`)}>
        <Radio.Group
          options={[
            { value: 'updated', label: t('complaint.prevention.updated') },
            { value: 'not-applicable', label: t('complaint.prevention.na') },
          ]}
          data-testid={`prevention-${doc}-answer`}
        />
      </Form.Item>
      {answer === 'updated' && (
        <Form.Item name={[doc, 'revision']} label={t('complaint.prevention.revision')} rules={[{ required: true, message: t('form.required') }]}>
          <Input maxLength={40} style={{ width: 120 }} data-testid={`prevention-${doc}-revision`} />
        </Form.Item>
      )}
      {answer === 'not-applicable' && (
        <Form.Item name={[doc, 'justification']} label={t('complaint.prevention.justification')} rules={[{ required: true, message: t('form.required') }]}>
          <Input maxLength={1000} style={{ width: 360 }} data-testid={`prevention-${doc}-justification`} />
        </Form.Item>
      )}
    </Space>
  );
}
