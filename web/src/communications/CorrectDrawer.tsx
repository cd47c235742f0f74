import { useLayoutEffect } from 'react';
import { Alert, App, Button, Drawer, Flex, Form, Input, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { UpdateCommunicationRequest } from '../../../contracts/communications.js';
import { useT } from '../i18n/index.js';
import { useProblemHandler } from '../platform/problem.js';
import { useCtrlEnter } from '../platform/useCtrlEnter.js';
import { maxLengthOf, rulesFor, toRequest } from '../platform/zodRule.js';
import { useCorrectCommunication, type TAttachment, type TCommunication } from './api.js';
import { CommunicationFields, FOLLOW_UP_HOUR } from './CommunicationFields.js';

/**
 * 更正: a communication is never overwritten silently. The correction needs a reason;
 * the server keeps the earlier version in the history.
 */
export function CorrectDrawer({ comm, open, onClose, onReload }: { comm: TCommunication; open: boolean; onClose(): void; onReload(): void }) {
  const t = useT();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const correct = useCorrectCommunication(comm.id);
  const [form] = Form.useForm();
  const rules = rulesFor(UpdateCommunicationRequest);

  useLayoutEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({
      partyId: comm.partyId,
      contactId: comm.contactId ?? undefined,
      ourUserId: comm.ourUserId,
      channel: comm.channel,
      direction: comm.direction,
      topic: comm.topic ?? 'other',
      occurredAt: dayjs(comm.occurredAt),
      subject: comm.subject,
      content: comm.content,
      result: comm.result,
      followUpDue: comm.followUpDue ? dayjs(comm.followUpDue) : null,
      attachments: [],
      reason: undefined,
    });
  }, [open, comm, form]);

  const submit = (values: Record<string, unknown>) => {
    const picked = values.followUpDue as Dayjs | null | undefined;
    // the same day as before keeps the exact time it had
    const followUpDue = !picked
      ? null
      : comm.followUpDue && dayjs(comm.followUpDue).isSame(picked, 'day')
        ? comm.followUpDue
        : picked.hour(FOLLOW_UP_HOUR).minute(0).second(0).millisecond(0);
    let body;
    try {
      body = toRequest(UpdateCommunicationRequest, {
        ...values,
        version: comm.version,
        followUpDue,
        links: comm.links.map(({ type, id }) => ({ type, id })),
        // the server adds these to the files already attached
        attachmentIds: ((values.attachments as TAttachment[] | undefined) ?? []).map((a) => a.id),
      });
    } catch (e) {
      return onProblem(e);
    }
    correct.mutate(body, {
      onSuccess: () => {
        message.success(t('comm.corrected'));
        onClose();
      },
      onError: (e) =>
        onProblem(e, {
          form,
          onReload: () => {
            onClose();
            onReload();
          },
        }),
    });
  };

  useCtrlEnter(open, () => form.submit());

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('comm.correctTitle', { number: comm.number })}
      size={640}
      destroyOnHidden
      data-testid="correct-drawer"
      footer={
        <Flex gap={8} align="center">
          <Button type="primary" onClick={() => form.submit()} loading={correct.isPending} data-testid="comm-correct-save">
            {t('comm.saveCorrection')}
          </Button>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            Ctrl+Enter
          </Typography.Text>
        </Flex>
      }
    >
      <Alert type="info" showIcon title={t('comm.correctHint')} style={{ marginBottom: 12 }} />
      <Form form={form} name="correct" layout="vertical" onFinish={submit} disabled={correct.isPending}>
        <Form.Item name="reason" label={t('comm.correctReason')} rules={rules.reason}>
          <Input.TextArea
            autoFocus
            autoSize={{ minRows: 1, maxRows: 4 }}
            maxLength={maxLengthOf(UpdateCommunicationRequest.shape.reason)}
            placeholder={t('comm.correctReasonPlaceholder')}
            data-testid="comm-correct-reason"
          />
        </Form.Item>
        <Form.Item name="partyId" hidden>
          <Input />
        </Form.Item>
        <CommunicationFields
          form={form}
          mode="correct"
          prefix="cc"
          partyLabel={`${comm.partyCode} · ${comm.partyName}`}
          existingAttachments={comm.attachments}
        />
      </Form>
    </Drawer>
  );
}
