import { useLayoutEffect } from 'react';
import { Alert, App, Form, Input, Modal, Radio, Select, Typography, type ButtonProps } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { SignoffRequest, TransitionRequest, signoffOpinions } from '../../../contracts/procedures.js';
import { isApiError } from '../api/client.js';
import { useLocalized, useT } from '../i18n/index.js';
import { useCurrentUser, useDepartmentName } from '../identity/index.js';
import { channelIcons } from '../communications/index.js';
import { useProblemHandler } from '../platform/problem.js';
import { useCtrlEnter } from '../platform/useCtrlEnter.js';
import { maxLengthOf, zodRule } from '../platform/zodRule.js';
import { useSignoff, useTransition, type TAvailableAction, type TInstanceView } from './api.js';
import { channelOptions } from './fields.js';

interface TransitionValues {
  fields?: Record<string, string | undefined>;
  reason?: string;
  password?: string;
}

const reasonMax = maxLengthOf(TransitionRequest.shape.reason);

/**
 * One action on a record: asks for exactly what the transition needs — its fields
 * (答复内容…), a reason, the electronic signature (the sign-in password again).
 */
export function TransitionModal(props: {
  instance: TInstanceView;
  action: TAvailableAction | null;
  /** the record's own channel: the reply goes the same way unless changed */
  defaultChannel?: string;
  onClose(): void;
  onDone?(view: TInstanceView): void;
  onReload(): void;
}) {
  const { instance, action } = props;
  const t = useT();
  const loc = useLocalized();
  const me = useCurrentUser();
  const { message, notification } = App.useApp();
  const onProblem = useProblemHandler();
  const [form] = Form.useForm<TransitionValues>();
  const run = useTransition(instance.id);
  const open = !!action;
  const fields = action?.form ?? [];

  useLayoutEffect(() => {
    if (!open) return;
    form.resetFields();
    if (fields.some((f) => f.name === 'channel') && props.defaultChannel) form.setFieldValue(['fields', 'channel'], props.defaultChannel);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, action?.transitionId]);

  const submit = async () => {
    if (!action) return;
    let values: TransitionValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const body: Record<string, string> = {};
    for (const [k, v] of Object.entries(values.fields ?? {}))
      if (typeof v === 'string' && v.trim()) body[k] = fields.find((f) => f.name === k)?.kind === 'datetime' ? new Date(v).toISOString() : v.trim();
    run.mutate(
      {
        version: instance.version,
        transitionId: action.transitionId,
        reason: values.reason?.trim() || undefined,
        password: values.password || undefined,
        fields: body,
      },
      {
        onSuccess: (view) => {
          message.success(t('procedure.actionDone', { action: loc(action.action) }));
          props.onDone?.(view);
          props.onClose();
        },
        onError: (e) => {
          form.setFieldValue('password', undefined);
          // a guard says what is missing on the record (in words); the dialog cannot fix it: close it
          if (isApiError(e, 'PROCEDURE_GUARD_FAILED')) {
            notification.error({
              key: 'PROCEDURE_GUARD_FAILED',
              title: e.problem.detail,
              description: (e.problem.errors ?? []).map((x) => x.message).join('\n') || undefined,
              placement: 'topRight',
            });
            props.onClose();
            return;
          }
          onProblem(e, { form, onReload: props.onReload });
          // someone else moved the record on: show where it stands now
          if (isApiError(e, 'PROCEDURE_WRONG_STATE') || isApiError(e, 'PROCEDURE_NOT_YOUR_STEP')) {
            props.onReload();
            props.onClose();
          }
        },
      },
    );
  };
  useCtrlEnter(open, () => void submit());

  return (
    <Modal
      open={open}
      title={action ? loc(action.action) : ''}
      okText={action ? loc(action.action) : t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={props.onClose}
      okButtonProps={{ loading: run.isPending, 'data-testid': 'procedure-action-submit' } as ButtonProps}
      width={fields.some((f) => f.kind === 'textarea') ? 680 : 520}
      destroyOnHidden
      data-testid="procedure-action-modal"
    >
      <Form form={form} layout="vertical" name="procedure-action" disabled={run.isPending}>
        {!fields.length && !action?.requiresReason && !action?.requiresSignature && (
          <Typography.Paragraph>{t('procedure.confirmAction', { action: action ? loc(action.action) : '' })}</Typography.Paragraph>
        )}
        {fields.map((f, i) => {
          const kind = f.kind;
          const label = loc(f.label);
          const rules = f.required ? [{ required: true, whitespace: true, message: t('form.required') }] : [];
          return (
            <Form.Item key={f.name} name={['fields', f.name]} label={label} rules={rules} extra={f.hint ? loc(f.hint) : undefined}>
              {kind === 'textarea' ? (
                <Input.TextArea autoFocus={i === 0} autoSize={{ minRows: 4, maxRows: 14 }} maxLength={20000} data-testid={`procedure-field-${f.name}`} />
              ) : kind === 'choice' ? (
                <Select options={(f.choices ?? []).map((c) => ({ value: c.value, label: loc(c.label) }))} data-testid={`procedure-field-${f.name}`} />
              ) : kind === 'datetime' ? (
                <Input type="datetime-local" autoFocus={i === 0} data-testid={`procedure-field-${f.name}`} />
              ) : kind === 'channel' ? (
                <Select
                  allowClear
                  options={channelOptions(f).map((c) => ({
                    value: c,
                    label: (
                      <span>
                        {channelIcons[c]} {t(`enums.channel.${c}`)}
                      </span>
                    ),
                  }))}
                  data-testid={`procedure-field-${f.name}`}
                />
              ) : (
                <Input autoFocus={i === 0} maxLength={2000} data-testid={`procedure-field-${f.name}`} />
              )}
            </Form.Item>
          );
        })}
        {action?.requiresReason && (
          <Form.Item name="reason" label={t('common.reason')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
            <Input.TextArea autoFocus={!fields.length} rows={3} maxLength={reasonMax} showCount={!!reasonMax} data-testid="procedure-reason" />
          </Form.Item>
        )}
        {action?.requiresSignature && (
          <>
            <Alert
              type="info"
              showIcon
              icon={<SafetyCertificateOutlined />}
              title={t('procedure.signatureTitle')}
              description={t('procedure.signatureHint', { name: me.displayName, action: loc(action.action) })}
              style={{ marginBottom: 12 }}
            />
            <Form.Item name="password" label={t('procedure.signaturePassword')} rules={[{ required: true, message: t('form.required') }]}>
              <Input.Password autoComplete="current-password" autoFocus={!fields.length && !action.requiresReason} data-testid="procedure-password" />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}

interface SignoffValues {
  department: string;
  opinion: (typeof signoffOpinions)[number];
  comment?: string;
}

/** 会签: sign for one of my departments with an opinion; anything but "accept" needs a comment. */
export function SignoffModal(props: { instance: TInstanceView; departments: string[]; onClose(): void; onReload(): void }) {
  const { instance } = props;
  const t = useT();
  const deptName = useDepartmentName();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const [form] = Form.useForm<SignoffValues>();
  const sign = useSignoff(instance.id);
  const open = props.departments.length > 0;
  const opinion = Form.useWatch('opinion', form);
  useLayoutEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue({ department: props.departments[0], opinion: 'accept' });
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);
  const submit = async () => {
    let v: SignoffValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    sign.mutate(
      { version: instance.version, department: v.department, opinion: v.opinion, comment: v.comment?.trim() || undefined },
      {
        onSuccess: () => {
          message.success(t('procedure.signoff.signed'));
          props.onClose();
        },
        onError: (e) => onProblem(e, { form, onReload: props.onReload }),
      },
    );
  };
  return (
    <Modal
      open={open}
      title={t('procedure.signoff.title')}
      okText={t('procedure.signoff.sign')}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={props.onClose}
      okButtonProps={{ loading: sign.isPending, 'data-testid': 'signoff-submit' } as ButtonProps}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" name="signoff" disabled={sign.isPending}>
        <Form.Item name="department" label={t('procedure.signoff.forDepartment')} rules={[zodRule(SignoffRequest.shape.department)]}>
          <Select options={props.departments.map((d) => ({ value: d, label: deptName(d) }))} data-testid="signoff-department" />
        </Form.Item>
        <Form.Item name="opinion" label={t('procedure.signoff.opinion')} rules={[{ required: true, message: t('form.required') }]}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={signoffOpinions.map((o) => ({ value: o, label: t(`enums.opinion.${o}`) }))}
            data-testid="signoff-opinion"
          />
        </Form.Item>
        <Form.Item
          name="comment"
          label={t('procedure.signoff.comment')}
          rules={opinion && opinion !== 'accept' ? [{ required: true, whitespace: true, message: t('procedure.signoff.commentRequired') }] : []}
        >
          <Input.TextArea rows={3} maxLength={maxLengthOf(SignoffRequest.shape.comment)} showCount data-testid="signoff-comment" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
