import { useLayoutEffect } from 'react';
import { Alert, App, Col, DatePicker, Divider, Form, Input, Modal, Radio, Row, Select, Switch, Typography, type ButtonProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import {
  CompleteActionRequest,
  CreateActionRequest,
  UpdateActionRequest,
  Verification,
  VerifyActionRequest,
  verificationResults,
} from '../../../contracts/actions.js';
import { useLocalized, useT } from '../i18n/index.js';
import { useCurrentUser, useDepartments } from '../identity/index.js';
import { UserSelect } from '../platform/UserSelect.js';
import { useProblemHandler } from '../platform/problem.js';
import { useCtrlEnter } from '../platform/useCtrlEnter.js';
import { maxLengthOf, zodRule } from '../platform/zodRule.js';
import { WorkingDatePicker } from '../calendar/index.js';
import { AttachmentUpload, type TAttachment } from '../communications/index.js';
import { useCompleteAction, useCreateAction, useUpdateAction, useVerifyAction, type TActionItem } from './api.js';

const D = 'YYYY-MM-DD';
const c = CreateActionRequest.shape;
const v = Verification.shape;

interface FormValues {
  title?: string;
  description?: string;
  ownerId?: string;
  department?: string;
  dueDate?: Dayjs | null;
  withVerification?: boolean;
  verification?: { method?: string; criterion?: string; date?: Dayjs | null; verifierId?: string };
  reason?: string;
}

/** A department picked by its code (the key actions and procedures use). */
export function DepartmentSelect(props: { value?: string; onChange?: (v: string) => void; 'data-testid'?: string; id?: string }) {
  const t = useT();
  const loc = useLocalized();
  const { data, isLoading } = useDepartments();
  return (
    <Select<string>
      {...props}
      loading={isLoading}
      placeholder={t('action.pickDepartment')}
      showSearch={{ optionFilterProp: 'search' }}
      options={(data?.items ?? [])
        .filter((d) => d.active || d.code === props.value)
        .map((d) => ({ value: d.code, label: loc(d.name), search: `${d.code} ${d.name.zh} ${d.name.en}` }))}
    />
  );
}

/**
 * 新建 / 编辑措施项: what, who (owner + department), by when (a working day), and how its
 * effect will be verified (optional: method, criterion, date, verifier).
 */
export function ActionFormModal(props: {
  open: boolean;
  onClose(): void;
  source?: { type: string; id: string };
  action?: TActionItem;
  onSaved?(a: TActionItem): void;
  onReload?(): void;
}) {
  const t = useT();
  const me = useCurrentUser();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const [form] = Form.useForm<FormValues>();
  const create = useCreateAction();
  const update = useUpdateAction(props.action?.id ?? '');
  const pending = create.isPending || update.isPending;
  const editing = !!props.action;
  const withVerification = Form.useWatch('withVerification', form);
  const dueDate = Form.useWatch('dueDate', form);

  useLayoutEffect(() => {
    if (!props.open) return;
    form.resetFields();
    const a = props.action;
    form.setFieldsValue(
      a
        ? {
            title: a.title,
            description: a.description ?? undefined,
            ownerId: a.ownerId,
            department: a.department,
            dueDate: dayjs(a.dueDate),
            withVerification: !!a.verification,
            verification: a.verification
              ? { method: a.verification.method, criterion: a.verification.criterion, date: dayjs(a.verification.date), verifierId: a.verification.verifierId }
              : undefined,
          }
        : { ownerId: me.id, department: me.departments[0]?.code, withVerification: false },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.open, props.action?.id]);

  const submit = async () => {
    let values: FormValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const fields = {
      title: values.title,
      description: values.description?.trim() ? values.description : null,
      ownerId: values.ownerId,
      department: values.department,
      dueDate: values.dueDate?.format(D),
      verification: values.withVerification
        ? {
            method: values.verification?.method,
            criterion: values.verification?.criterion,
            date: values.verification?.date?.format(D),
            verifierId: values.verification?.verifierId,
          }
        : null,
    };
    const opts = {
      onSuccess: (a: TActionItem) => {
        message.success(editing ? t('common.saved') : t('action.created', { number: a.number }));
        props.onSaved?.(a);
        props.onClose();
      },
      onError: (e: unknown) => onProblem(e, { form, onReload: props.onReload }),
    };
    try {
      if (props.action)
        update.mutate(UpdateActionRequest.parse({ ...fields, version: props.action.version, reason: values.reason?.trim() || undefined }), opts);
      else if (props.source) create.mutate(CreateActionRequest.parse({ ...fields, sourceType: props.source.type, sourceId: props.source.id }), opts);
    } catch (e) {
      onProblem(e);
    }
  };
  useCtrlEnter(props.open, () => void submit());

  return (
    <Modal
      open={props.open}
      title={editing ? t('action.editTitle', { number: props.action!.number }) : t('action.new')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={props.onClose}
      okButtonProps={{ loading: pending, 'data-testid': 'action-save' } as ButtonProps}
      width={680}
      destroyOnHidden
      data-testid="action-form"
    >
      <Form form={form} layout="vertical" name="action" disabled={pending}>
        <Form.Item name="title" label={t('action.fields.title')} rules={[zodRule(c.title)]}>
          <Input autoFocus maxLength={maxLengthOf(c.title)} placeholder={t('action.titlePlaceholder')} data-testid="action-title" />
        </Form.Item>
        <Form.Item name="description" label={t('action.fields.description')} rules={[zodRule(c.description)]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={4000} data-testid="action-description" />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} sm={8}>
            <Form.Item name="ownerId" label={t('action.fields.owner')} rules={[zodRule(c.ownerId)]}>
              <UserSelect allowClear={false} data-testid="action-owner" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="department" label={t('action.fields.department')} rules={[zodRule(c.department)]}>
              <DepartmentSelect data-testid="action-department" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item
              name="dueDate"
              label={t('action.fields.dueDate')}
              rules={[{ required: true, message: t('form.required') }]}
              tooltip={t('action.dueHint')}
            >
              <WorkingDatePicker style={{ width: '100%' }} data-testid="action-due-date" />
            </Form.Item>
          </Col>
        </Row>
        <Divider style={{ margin: '4px 0 12px' }} />
        <Form.Item name="withVerification" valuePropName="checked" style={{ marginBottom: 8 }}>
          <Switch data-testid="action-verification-toggle" checkedChildren={t('action.verification')} unCheckedChildren={t('action.noVerification')} />
        </Form.Item>
        {withVerification && (
          <Row gutter={12} data-testid="action-verification">
            <Col xs={24} sm={12}>
              <Form.Item name={['verification', 'method']} label={t('action.fields.verificationMethod')} rules={[zodRule(v.method)]}>
                <Input maxLength={500} placeholder={t('action.methodPlaceholder')} data-testid="action-verification-method" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name={['verification', 'criterion']} label={t('action.fields.verificationCriterion')} rules={[zodRule(v.criterion)]}>
                <Input maxLength={500} placeholder={t('action.criterionPlaceholder')} data-testid="action-verification-criterion" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name={['verification', 'date']} label={t('action.fields.verificationDate')} rules={[{ required: true, message: t('form.required') }]}>
                <DatePicker
                  style={{ width: '100%' }}
                  defaultPickerValue={dueDate && dayjs.isDayjs(dueDate) ? dueDate : undefined}
                  disabledDate={(d) => d.isBefore(dueDate && dayjs.isDayjs(dueDate) ? dueDate : dayjs(), 'day')}
                  data-testid="action-verification-date"
                />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name={['verification', 'verifierId']} label={t('action.fields.verifier')} rules={[zodRule(v.verifierId)]}>
                <UserSelect data-testid="action-verifier" />
              </Form.Item>
            </Col>
          </Row>
        )}
        {editing && (
          <Form.Item name="reason" label={t('action.changeReason')} rules={[zodRule(UpdateActionRequest.shape.reason)]}>
            <Input maxLength={500} data-testid="action-reason" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

/** 完成: the evidence of what was done, with files. */
export function CompleteActionModal({ action, open, onClose, onReload }: { action: TActionItem; open: boolean; onClose(): void; onReload(): void }) {
  const t = useT();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const [form] = Form.useForm<{ evidence?: string; attachments?: TAttachment[] }>();
  const complete = useCompleteAction(action.id);
  useLayoutEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);
  const submit = async () => {
    let values: { evidence?: string; attachments?: TAttachment[] };
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    complete.mutate(
      CompleteActionRequest.parse({ version: action.version, evidence: values.evidence, attachmentIds: (values.attachments ?? []).map((a) => a.id) }),
      {
        onSuccess: () => {
          message.success(t('action.completedDone'));
          onClose();
        },
        onError: (e) => onProblem(e, { form, onReload }),
      },
    );
  };
  useCtrlEnter(open, () => void submit());
  return (
    <Modal
      open={open}
      title={t('action.completeTitle', { number: action.number })}
      okText={t('action.complete')}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      okButtonProps={{ loading: complete.isPending, 'data-testid': 'action-complete-submit' } as ButtonProps}
      width={640}
      destroyOnHidden
    >
      {action.verification && (
        <Alert
          type="info"
          showIcon
          title={t('action.willBeVerified', { name: action.verification.verifierName ?? '', date: action.verification.date })}
          style={{ marginBottom: 12 }}
        />
      )}
      <Form form={form} layout="vertical" name="action-complete" disabled={complete.isPending}>
        <Form.Item name="evidence" label={t('action.fields.evidence')} rules={[zodRule(CompleteActionRequest.shape.evidence)]}>
          <Input.TextArea
            autoFocus
            autoSize={{ minRows: 3, maxRows: 10 }}
            maxLength={4000}
            placeholder={t('action.evidencePlaceholder')}
            data-testid="action-evidence"
          />
        </Form.Item>
        <Form.Item name="attachments" label={t('comm.fields.attachments')}>
          <AttachmentUpload testId="action-attachments" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 验证: the verifier records whether it worked; not effective reopens the action. */
export function VerifyActionModal({ action, open, onClose, onReload }: { action: TActionItem; open: boolean; onClose(): void; onReload(): void }) {
  const t = useT();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const [form] = Form.useForm<{ result?: (typeof verificationResults)[number]; note?: string }>();
  const verify = useVerifyAction(action.id);
  const result = Form.useWatch('result', form);
  useLayoutEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);
  const submit = async () => {
    let values: { result?: string; note?: string };
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    verify.mutate(VerifyActionRequest.parse({ version: action.version, result: values.result, note: values.note }), {
      onSuccess: (a) => {
        message.success(a.status === 'verified' ? t('action.verifiedDone') : t('action.reopenedDone'));
        onClose();
      },
      onError: (e) => onProblem(e, { form, onReload }),
    });
  };
  return (
    <Modal
      open={open}
      title={t('action.verifyTitle', { number: action.number })}
      okText={t('action.verify')}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      okButtonProps={{ loading: verify.isPending, danger: result === 'not-effective', 'data-testid': 'action-verify-submit' } as ButtonProps}
      destroyOnHidden
    >
      {action.verification && (
        <Typography.Paragraph style={{ fontSize: 13 }}>
          <Typography.Text type="secondary">{t('action.fields.verificationMethod')}:</Typography.Text> {action.verification.method}
          <br />
          <Typography.Text type="secondary">{t('action.fields.verificationCriterion')}:</Typography.Text> {action.verification.criterion}
        </Typography.Paragraph>
      )}
      <Form form={form} layout="vertical" name="action-verify" disabled={verify.isPending}>
        <Form.Item name="result" label={t('action.fields.verificationResult')} rules={[{ required: true, message: t('form.required') }]}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={verificationResults.map((r) => ({ value: r, label: t(`enums.verificationResult.${r}`) }))}
            data-testid="action-verify-result"
          />
        </Form.Item>
        {result === 'not-effective' && <Alert type="warning" showIcon title={t('action.notEffectiveHint')} style={{ marginBottom: 12 }} />}
        <Form.Item name="note" label={t('action.fields.verificationNote')} rules={[zodRule(VerifyActionRequest.shape.note)]}>
          <Input.TextArea rows={3} maxLength={2000} data-testid="action-verify-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
