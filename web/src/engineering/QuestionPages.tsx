import { useState } from 'react';
import { Alert, Button, Card, DatePicker, Descriptions, Empty, Flex, Form, Input, Result, Segmented, Skeleton, Table, Tabs, type TableColumnsType } from 'antd';
import { EditOutlined, PlusOutlined, SignatureOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { Link, useNavigate, useParams } from 'react-router';
import { CreateProcessQuestionRequest, ProcessAnswerRequest, ProcessSignRequest } from '../../../contracts/engineering.js';
import { isApiError } from '../api/client.js';
import { useEngineeringT as useT } from './words.js';
import { useCan } from '../identity/index.js';
import { PageHeader } from '../platform/PageHeader.js';
import { HistoryPanel } from '../platform/HistoryPanel.js';
import { NONE } from '../platform/format.js';
import { FormModal } from '../platform/FormModal.js';
import { maxLengthOf, toRequest } from '../platform/zodRule.js';
import { CustomerSelect } from '../parties/index.js';
import { AttachmentUpload, AttachmentList } from '../communications/index.js';
import { civil, required } from '../orders/index.js';
import { useAnswerQuestion, useCreateQuestion, useQuestion, useQuestions, useSignQuestion, type TProcessQuestion, type TQuestionSummary } from './api.js';
import { CommunicationFields, ContactSelect, LinkedCommunications, OrderSelect, RefLink, StateTag, communicationOf } from './parts.js';

type Close = { open: boolean; onClose(): void; onReload(): void };

export function useQuestionColumns(withCustomer: boolean): TableColumnsType<TQuestionSummary> {
  const t = useT();
  return [
    {
      title: t('engineering.question.fields.number'),
      dataIndex: 'number',
      width: 110,
      render: (n: string, q) => <Link to={`/process-questions/${q.id}`}>{n}</Link>,
    },
    ...(withCustomer
      ? [
          {
            title: t('engineering.common.customer'),
            key: 'customer',
            width: 200,
            render: (_: unknown, q: TQuestionSummary) => `${q.partyCode} · ${q.partyName}`,
          },
        ]
      : []),
    { title: t('engineering.question.fields.processData'), dataIndex: 'processData', width: 200, ellipsis: true },
    { title: t('engineering.question.fields.question'), dataIndex: 'question', ellipsis: true },
    { title: t('engineering.question.fields.askedOn'), dataIndex: 'askedOn', width: 110 },
    { title: t('engineering.question.fields.askedBy'), dataIndex: 'askedByName', width: 110 },
    {
      title: t('engineering.question.fields.status'),
      dataIndex: 'status',
      width: 150,
      render: (s: 'open') => <StateTag state={s} label={t(`engineering.question.status.${s}`)} testId="question-status" />,
    },
  ];
}

function QuestionModal({
  partyId,
  orderId,
  open,
  onClose,
  onReload,
  onSaved,
}: Close & { partyId?: string; orderId?: string; onSaved?(q: TProcessQuestion): void }) {
  const t = useT();
  const create = useCreateQuestion();
  return (
    <FormModal
      open={open}
      title={t('engineering.question.newTitle')}
      testId="question-form"
      width={760}
      pending={create.isPending}
      onClose={onClose}
      onReload={onReload}
      initial={() => ({ partyId, orderId, askedOn: dayjs(), commMode: 'new', communication: { channel: 'phone' } })}
      onSubmit={async (v) => {
        const saved = await create.mutateAsync(
          toRequest(CreateProcessQuestionRequest, { ...v, ...communicationOf(v), askedOn: civil(v.askedOn), orderId: v.orderId ?? null }),
        );
        onSaved?.(saved);
      }}
    >
      {(form) => (
        <>
          <Form.Item name="partyId" label={t('engineering.common.customer')} rules={required(t as never)}>
            <CustomerSelect disabled={!!partyId} data-testid="question-customer" />
          </Form.Item>
          <Flex gap={12}>
            <Form.Item name="processData" label={t('engineering.question.fields.processData')} rules={required(t as never)} style={{ flex: 2 }}>
              <Input maxLength={maxLengthOf(CreateProcessQuestionRequest.shape.processData)} data-testid="question-process-data" />
            </Form.Item>
            <Form.Item name="model" label={t('engineering.question.fields.model')} style={{ flex: 1 }}>
              <Input maxLength={100} data-testid="question-model" />
            </Form.Item>
            <Form.Item name="askedOn" label={t('engineering.question.fields.askedOn')} rules={required(t as never)} style={{ flex: 1 }}>
              <DatePicker style={{ width: '100%' }} data-testid="question-asked-on" />
            </Form.Item>
          </Flex>
          <Form.Item name="question" label={t('engineering.question.fields.question')} rules={required(t as never)}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} data-testid="question-text" />
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(a, b) => a.partyId !== b.partyId}>
            {() => {
              const pid = (form.getFieldValue('partyId') as string | undefined) ?? partyId;
              return (
                <>
                  <Form.Item name="orderId" label={t('engineering.common.order')}>
                    <OrderSelect partyId={pid} testId="question-order" disabled={!!orderId} />
                  </Form.Item>
                  <CommunicationFields partyId={pid} prefix="question" />
                </>
              );
            }}
          </Form.Item>
        </>
      )}
    </FormModal>
  );
}

/** 工艺设计疑问 [CC 5.3]: the questions on customers' process data, their answers and signatures. */
export function QuestionListPage() {
  const t = useT();
  const can = useCan();
  const navigate = useNavigate();
  const [status, setStatus] = useState<'all' | 'open' | 'answered' | 'signed'>('all');
  const [q, setQ] = useState('');
  const [creating, setCreating] = useState(false);
  const { data, isFetching } = useQuestions({ ...(status !== 'all' ? { status } : {}), ...(q ? { q } : {}) });
  const columns = useQuestionColumns(true);
  return (
    <>
      <PageHeader
        title={t('engineering.question.listTitle')}
        subtitle={t('engineering.question.listHint')}
        extra={
          can('engineering.write') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="question-new">
              {t('engineering.question.new')}
            </Button>
          )
        }
      />
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Segmented
          value={status}
          onChange={(v) => setStatus(v as typeof status)}
          options={(['all', 'open', 'answered', 'signed'] as const).map((k) => ({
            value: k,
            label: k === 'all' ? t('engineering.common.all') : t(`engineering.question.status.${k}`),
          }))}
          data-testid="question-filter"
        />
        <Input.Search allowClear placeholder={t('engineering.common.search')} style={{ width: 260 }} onSearch={setQ} data-testid="question-search" />
      </Flex>
      <Table<TQuestionSummary>
        rowKey="id"
        size="middle"
        loading={isFetching}
        columns={columns}
        dataSource={data?.items ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        onRow={(r) => ({ onClick: () => navigate(`/process-questions/${r.id}`), style: { cursor: 'pointer' } })}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('engineering.question.empty')} /> }}
        data-testid="question-table"
        scroll={{ x: 1000 }}
      />
      <QuestionModal open={creating} onClose={() => setCreating(false)} onReload={() => undefined} onSaved={(r) => navigate(`/process-questions/${r.id}`)} />
    </>
  );
}

export function CustomerQuestionModal(props: Close & { partyId: string; orderId?: string; onSaved?(q: TProcessQuestion): void }) {
  return <QuestionModal {...props} />;
}

function AnswerModal({ q, open, onClose, onReload }: Close & { q: TProcessQuestion }) {
  const t = useT();
  const answer = useAnswerQuestion(q.id);
  return (
    <FormModal
      open={open}
      title={t('engineering.question.answerTitle', { number: q.number })}
      testId="question-answer"
      width={720}
      pending={answer.isPending}
      onClose={onClose}
      onReload={onReload}
      initial={() => ({ answeredOn: dayjs(), commMode: 'none' })}
      onSubmit={(v) =>
        answer.mutateAsync(toRequest(ProcessAnswerRequest, { ...v, ...communicationOf(v), version: q.version, answeredOn: civil(v.answeredOn) }))
      }
    >
      {() => (
        <>
          <Form.Item name="answer" label={t('engineering.question.fields.answer')} rules={required(t as never)}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} data-testid="question-answer-text" />
          </Form.Item>
          <Form.Item name="answeredOn" label={t('engineering.question.fields.answeredOn')} rules={required(t as never)}>
            <DatePicker data-testid="question-answered-on" />
          </Form.Item>
          <CommunicationFields partyId={q.partyId} prefix="question-answer" optional />
        </>
      )}
    </FormModal>
  );
}

function SignModal({ q, open, onClose, onReload }: Close & { q: TProcessQuestion }) {
  const t = useT();
  const sign = useSignQuestion(q.id);
  return (
    <FormModal
      open={open}
      title={t('engineering.question.signTitle', { number: q.number })}
      hint={t('engineering.question.signHint')}
      testId="question-sign"
      width={640}
      pending={sign.isPending}
      onClose={onClose}
      onReload={onReload}
      initial={() => ({ signedOn: dayjs() })}
      onSubmit={(v) =>
        sign.mutateAsync(
          toRequest(ProcessSignRequest, {
            ...v,
            version: q.version,
            signedByContactId: v.signedByContactId ?? null,
            signedOn: v.signedOn ? civil(v.signedOn) : null,
            attachmentIds: ((v.attachments ?? []) as { id: string }[]).map((a) => a.id),
            attachments: undefined,
          }),
        )
      }
    >
      {() => (
        <>
          <Flex gap={12}>
            <Form.Item name="signedByContactId" label={t('engineering.question.fields.signedBy')} style={{ flex: 1 }}>
              <ContactSelect partyId={q.partyId} testId="question-signed-by" />
            </Form.Item>
            <Form.Item name="signedOn" label={t('engineering.question.fields.signedOn')} style={{ flex: 1 }}>
              <DatePicker style={{ width: '100%' }} data-testid="question-signed-on" />
            </Form.Item>
          </Flex>
          <Form.Item name="attachments" label={t('engineering.question.fields.signedDocuments')}>
            <AttachmentUpload testId="question-upload" />
          </Form.Item>
        </>
      )}
    </FormModal>
  );
}

/** One question on the customer's process data: asked, answered, signed; its communications. */
export function QuestionDetailPage() {
  const t = useT();
  const can = useCan();
  const { id } = useParams();
  const { data: q, error, isLoading, refetch } = useQuestion(id);
  const [dialog, setDialog] = useState<'answer' | 'sign' | null>(null);
  if (isLoading) return <Skeleton active />;
  if (!q) {
    if (isApiError(error, 'NOT_FOUND'))
      return <Result status="404" title={t('engineering.common.notFound')} extra={<Link to="/process-questions">{t('engineering.question.nav')}</Link>} />;
    return <Alert type="error" showIcon title={isApiError(error) ? error.problem.detail : t('errors.loadFailed')} />;
  }
  const write = can('engineering.write');
  const reload = () => void refetch();
  return (
    <>
      <PageHeader
        back="/process-questions"
        title={<span data-testid="question-number">{q.number}</span>}
        subtitle={`${q.partyCode} · ${q.partyName} · ${q.processData}`}
        tags={<StateTag state={q.status} label={t(`engineering.question.status.${q.status}`)} testId="question-status" />}
        extra={
          write && (
            <>
              {q.status === 'open' && (
                <Button type="primary" icon={<EditOutlined />} onClick={() => setDialog('answer')} data-testid="question-answer-open">
                  {t('engineering.question.answer')}
                </Button>
              )}
              {q.status === 'answered' && (
                <Button type="primary" icon={<SignatureOutlined />} onClick={() => setDialog('sign')} data-testid="question-sign-open">
                  {t('engineering.question.sign')}
                </Button>
              )}
            </>
          )
        }
      />
      <Card size="small">
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} data-testid="question-details">
          <Descriptions.Item label={t('engineering.common.customer')}>
            <Link to={`/customers/${q.partyId}`}>
              {q.partyCode} · {q.partyName}
            </Link>
          </Descriptions.Item>
          <Descriptions.Item label={t('engineering.question.fields.processData')}>{q.processData}</Descriptions.Item>
          <Descriptions.Item label={t('engineering.question.fields.model')}>{q.model ?? NONE}</Descriptions.Item>
          <Descriptions.Item label={t('engineering.common.order')}>
            <RefLink to="/orders" value={q.order} />
          </Descriptions.Item>
          <Descriptions.Item label={t('engineering.question.fields.question')} span={{ xs: 1, md: 2, xl: 3 }}>
            {q.question}
          </Descriptions.Item>
          <Descriptions.Item label={t('engineering.question.fields.askedBy')}>{q.askedByName ?? NONE}</Descriptions.Item>
          <Descriptions.Item label={t('engineering.question.fields.askedOn')}>{q.askedOn}</Descriptions.Item>
          <Descriptions.Item label={t('engineering.question.fields.askedThrough')}>
            <RefLink to="/communications" value={q.askedThrough} />
          </Descriptions.Item>
          <Descriptions.Item label={t('engineering.question.fields.answer')} span={{ xs: 1, md: 2, xl: 3 }}>
            {q.answer ?? NONE}
          </Descriptions.Item>
          <Descriptions.Item label={t('engineering.question.fields.answeredOn')}>{q.answeredOn ?? NONE}</Descriptions.Item>
          <Descriptions.Item label={t('engineering.question.fields.answerCommunication')}>
            <RefLink to="/communications" value={q.answerCommunication} />
          </Descriptions.Item>
          <Descriptions.Item label={t('engineering.question.fields.signedBy')}>
            {q.signedByContactName ?? NONE}
            {q.signedOn ? ` · ${q.signedOn}` : ''}
          </Descriptions.Item>
          <Descriptions.Item label={t('engineering.question.fields.signedDocuments')}>
            {q.signedDocuments.length ? <AttachmentList items={q.signedDocuments} /> : NONE}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" style={{ marginTop: 12 }}>
        <Tabs
          items={[
            {
              key: 'communications',
              label: <span data-testid="question-communications-tab">{t('engineering.common.communications')}</span>,
              children: <LinkedCommunications type="process-question" id={q.id} />,
            },
            {
              key: 'history',
              label: <span data-testid="history-tab">{t('engineering.common.history')}</span>,
              children: <HistoryPanel type="process-question" id={q.id} />,
            },
          ]}
        />
      </Card>
      <AnswerModal q={q} open={dialog === 'answer'} onClose={() => setDialog(null)} onReload={reload} />
      <SignModal q={q} open={dialog === 'sign'} onClose={() => setDialog(null)} onReload={reload} />
    </>
  );
}
