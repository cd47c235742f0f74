import './words.js';
import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { Alert, Button, Card, Col, Descriptions, Dropdown, Empty, Flex, List, Modal, Result, Row, Skeleton, Table, Tabs, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import {
  ApartmentOutlined,
  CheckCircleFilled,
  CloseCircleFilled,
  EditOutlined,
  ExclamationCircleFilled,
  LinkOutlined,
  PlusOutlined,
  PrinterOutlined,
  SendOutlined,
} from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router';
import { containmentLocations } from '../../../contracts/complaints.js';
import { api, isApiError } from '../api/client.js';
import { useProblemHandler } from '../platform/problem.js';
import { useLocalized, useT } from '../i18n/index.js';
import { useCan } from '../identity/index.js';
import { PageHeader } from '../platform/PageHeader.js';
import { HistoryPanel } from '../platform/HistoryPanel.js';
import { DateTime } from '../platform/DateTime.js';
import { NONE, fmtDateTime } from '../platform/format.js';
import { ProcedurePanel, fmtDue, useInstances, useProcedure } from '../procedures/index.js';
import { AttachmentList } from '../communications/index.js';
import { ActionItemsPanel } from '../actions/index.js';
import { complaintKeys, useComplaint, useComplaintWrite, useRecurrenceCandidates, type TComplaint } from './api.js';
import { ComplaintStatusTag, SeverityTag } from './labels.js';
import { ComplaintDialogs, type Dialog, type DialogKind } from './ComplaintDialogs.js';
import { ComplaintLinesCard, ComplaintLinesDialog } from './ComplaintLines.js';
import { useFeatureT } from '../i18n/feature.js';
import { linesWords } from './lines-words.js';

const ComplaintAnomaliesPanel = lazy(() => import('../engineering/RecordPanels.js').then((m) => ({ default: m.ComplaintAnomaliesPanel })));

/**
 * The sections the complaint's current step opens for editing: the step's `view` in procedures/complaint
 * (carried by the procedure instance; the same query as the procedure panel's, so no extra request).
 */
function useEditable(c: TComplaint) {
  const { data } = useInstances('complaint', c.id);
  const view = data?.items.find((i) => i.procedureId === 'complaint')?.view;
  return (
    panel:
      | 'assessment'
      | 'team'
      | 'problem'
      | 'containment'
      | 'containmentRelease'
      | 'rootCause'
      | 'actions'
      | 'prevention'
      | 'effectivenessPlan'
      | 'customerConfirmation',
  ) => !c.closed && !!view?.editable.includes(panel);
}

function Section(props: { title: ReactNode; testId: string; onEdit?: (() => void) | undefined; editLabel?: string; children: ReactNode; done?: boolean }) {
  const t = useT();
  return (
    <Card
      size="small"
      style={{ marginBottom: 12 }}
      data-testid={props.testId}
      title={
        <Flex gap={6} align="center">
          {props.done === true && <CheckCircleFilled style={{ color: '#389e0d' }} />}
          {props.done === false && <ExclamationCircleFilled style={{ color: '#d48806' }} />}
          {props.title}
        </Flex>
      }
      extra={
        props.onEdit && (
          <Button size="small" icon={<EditOutlined />} onClick={props.onEdit} data-testid={`${props.testId}-edit`}>
            {props.editLabel ?? t('common.edit')}
          </Button>
        )
      }
    >
      {props.children}
    </Card>
  );
}

const Missing = ({ text }: { text: string }) => <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={text} style={{ margin: 8 }} />;

function Overview({ c, edit, canWrite, onEditLines }: { c: TComplaint; edit: (k: DialogKind) => void; canWrite: boolean; onEditLines(): void }) {
  const t = useT();
  const editable = useEditable(c);
  return (
    <Row gutter={12}>
      <Col span={24}>
        <ComplaintLinesCard c={c} canEdit={canWrite} onEdit={onEditLines} />
      </Col>
      <Col xs={24} lg={14}>
        <Card size="small" style={{ marginBottom: 12 }}>
          <Descriptions
            size="small"
            column={2}
            items={[
              {
                key: 'party',
                label: t('complaint.fields.party'),
                children: (
                  <Link to={`/customers/${c.partyId}`}>
                    {c.partyCode} · {c.partyName}
                  </Link>
                ),
              },
              { key: 'contact', label: t('complaint.fields.contact'), children: c.contactName ?? NONE },
              { key: 'channel', label: t('complaint.fields.channel'), children: t(`enums.channel.${c.channel}`) },
              {
                key: 'recv',
                label: t('complaint.fields.receivedAt'),
                children: (
                  <span>
                    <DateTime value={c.receivedAt} /> · {c.receiverName}
                  </span>
                ),
              },
              { key: 'model', label: t('complaint.fields.model'), children: <Typography.Text strong>{c.model}</Typography.Text> },
              { key: 'lot', label: t('complaint.fields.lot'), children: c.lot ?? NONE },
              { key: 'delivered', label: t('complaint.fields.deliveredQuantity'), children: c.deliveredQuantity?.toLocaleString() ?? NONE },
              {
                key: 'defective',
                label: t('complaint.fields.defectiveQuantity'),
                children: <Typography.Text type="danger">{c.defectiveQuantity.toLocaleString()}</Typography.Text>,
              },
              { key: 'mode', label: t('complaint.fields.failureMode'), children: c.failureMode ?? NONE },
              {
                key: 'remedy',
                label: t('complaint.fields.remedySought'),
                children: (
                  <span data-testid="complaint-remedies">
                    {c.remedySought.map((r) => (
                      <Tag key={r}>{t(`complaint.remedies.${r}`)}</Tag>
                    ))}
                  </span>
                ),
              },
              ...(c.remedyNote ? [{ key: 'rn', label: t('complaint.fields.remedyNote'), children: c.remedyNote, span: 2 }] : []),
              ...(c.relatedReports ? [{ key: 'rr', label: t('complaint.fields.relatedReports'), children: c.relatedReports, span: 2 }] : []),
              {
                key: 'origin',
                label: t('complaint.fields.originCommunication'),
                span: 2,
                children: c.originCommunication ? (
                  <Link to={`/communications/${c.originCommunication.id}`} data-testid="complaint-origin-link">
                    <LinkOutlined /> {c.originCommunication.number}
                  </Link>
                ) : (
                  NONE
                ),
              },
              { key: 'desc', label: t('complaint.fields.description'), span: 2, children: <span className="pre-wrap">{c.description}</span> },
            ]}
          />
          {c.attachments.length > 0 && <AttachmentList items={c.attachments} />}
        </Card>
      </Col>
      <Col xs={24} lg={10}>
        <Card size="small" title={t('complaint.ack.title')} style={{ marginBottom: 12 }} data-testid="complaint-ack">
          {c.acknowledgement ? (
            <Flex gap={6} align="center" wrap>
              {t('complaint.ack.done', { at: fmtDateTime(c.acknowledgement.at), hours: c.acknowledgement.targetHours ?? 24 })}
              <Tag color={c.acknowledgement.withinTarget ? 'success' : 'error'}>
                {c.acknowledgement.withinTarget ? t('complaint.ack.withinTarget') : t('complaint.ack.late')}
              </Tag>
              <Link to={`/communications/${c.acknowledgement.communicationId}`}>
                <LinkOutlined />
              </Link>
            </Flex>
          ) : (
            <Typography.Text type="warning">{t('complaint.ack.pending')}</Typography.Text>
          )}
        </Card>
        <Section
          title={t('complaint.assessment.title')}
          testId="complaint-assessment"
          done={!!c.assessment}
          onEdit={editable('assessment') ? () => edit('assessment') : undefined}
          editLabel={t('complaint.assessment.edit')}
        >
          {c.assessment ? (
            <Descriptions
              size="small"
              column={1}
              items={[
                { key: 's', label: t('complaint.fields.severity'), children: <SeverityTag severity={c.assessment.severity} /> },
                { key: 'f', label: t('complaint.assessment.safety'), children: c.assessment.safetyRegulatory ? <Tag color="red">!</Tag> : '—' },
                {
                  key: 'i',
                  label: t('complaint.assessment.impact'),
                  children: c.assessment.customerImpact.map((x) => <Tag key={x}>{t(`complaint.impacts.${x}`)}</Tag>),
                },
                { key: 'p', label: t('complaint.fields.path'), children: <Tag color="blue">{t(`complaint.paths.${c.assessment.path}`)}</Tag> },
                ...(c.assessment.note ? [{ key: 'n', label: t('complaint.assessment.note'), children: c.assessment.note }] : []),
                {
                  key: 'b',
                  label: '',
                  children: (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('complaint.assessment.by', { name: c.assessment.byName ?? '', at: fmtDateTime(c.assessment.at) })}
                    </Typography.Text>
                  ),
                },
              ]}
            />
          ) : (
            <Missing text={t('complaint.assessment.none')} />
          )}
        </Section>
      </Col>
    </Row>
  );
}

function Disciplines({ c }: { c: TComplaint }) {
  const t = useT();
  const loc = useLocalized();
  const { data: def } = useProcedure('complaint');
  const name = (id: string) => loc(def?.steps.find((s) => s.id === id)?.name) || id;
  return (
    <Table
      size="small"
      rowKey="stepId"
      pagination={false}
      dataSource={c.disciplines}
      data-testid="complaint-disciplines"
      columns={[
        { title: t('complaint.disciplines.step'), dataIndex: 'stepId', render: (s: string) => name(s) },
        { title: t('complaint.disciplines.owner'), dataIndex: 'ownerName', width: 120, render: (v: string | null) => v ?? NONE },
        {
          title: t('complaint.disciplines.due'),
          dataIndex: 'dueAt',
          width: 170,
          render: (v: string | null, d) => (v ? <Typography.Text type={d.late ? 'danger' : undefined}>{fmtDue(v)}</Typography.Text> : NONE),
        },
        { title: t('complaint.disciplines.completed'), dataIndex: 'completedAt', width: 150, render: (v: string | null) => (v ? fmtDateTime(v) : NONE) },
        { title: t('complaint.disciplines.approver'), dataIndex: 'approverName', width: 120, render: (v: string | null) => v ?? NONE },
        { title: '', dataIndex: 'late', width: 60, render: (v: boolean) => (v ? <Tag color="error">{t('complaint.disciplines.late')}</Tag> : null) },
      ]}
    />
  );
}

function EightD({ c, edit, canWrite }: { c: TComplaint; edit: (k: DialogKind) => void; canWrite: boolean }) {
  const t = useT();
  const w = useFeatureT(linesWords);
  const editable = useEditable(c);
  const open8d = (panel: Parameters<typeof editable>[0]) => canWrite && editable(panel);
  const p = c.prevention;
  const doc = (d: NonNullable<NonNullable<TComplaint['prevention']>['pfmea']> | null | undefined) =>
    !d ? (
      <Tag color="error" data-testid="prevention-unanswered">
        {t('complaint.prevention.unanswered')}
      </Tag>
    ) : d.answer === 'updated' ? (
      <Tag color="success">
        {t('complaint.prevention.updated')} · {d.revision}
      </Tag>
    ) : (
      <span>
        <Tag>{t('complaint.prevention.na')}</Tag> {d.justification}
      </span>
    );
  return (
    <>
      <Section title={t('complaint.disciplines.title')} testId="complaint-discipline-table">
        <Disciplines c={c} />
      </Section>
      {(c.emergency || c.disciplines.some((d) => d.stepId === 'd0-emergency')) && (
        <Section title={t('complaint.d.d0')} testId="complaint-d0" done={!!c.emergency}>
          {c.emergency ? (
            <Descriptions
              size="small"
              column={1}
              items={[
                { key: 's', label: w('emergency.symptom'), children: <span className="pre-wrap">{c.emergency.symptom}</span> },
                { key: 'r', label: w('emergency.response'), children: <span className="pre-wrap">{c.emergency.response}</span> },
                {
                  key: 'b',
                  label: '',
                  children: (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {w('emergency.by', { name: c.emergency.byName ?? '', at: fmtDateTime(c.emergency.at) })}
                    </Typography.Text>
                  ),
                },
              ]}
            />
          ) : (
            <Typography.Text type="secondary">{w('emergency.none')}</Typography.Text>
          )}
        </Section>
      )}
      {(c.path !== 'short-8d' || !!c.team) && (
        <Section
          title={t('complaint.d.d1')}
          testId="complaint-d1"
          done={!!c.team}
          onEdit={open8d('team') ? () => edit('team') : undefined}
          editLabel={t('complaint.team.edit')}
        >
          {c.team ? (
            <Descriptions
              size="small"
              column={1}
              items={[
                { key: 'l', label: t('complaint.team.leader'), children: c.team.leaderName },
                { key: 'm', label: t('complaint.team.members'), children: c.team.members.map((m) => `${m.name ?? ''}（${m.role}）`).join('、') },
              ]}
            />
          ) : (
            <Missing text={NONE} />
          )}
        </Section>
      )}
      {(c.path !== 'short-8d' || !!c.problem) && (
        <Section
          title={t('complaint.d.d2')}
          testId="complaint-d2"
          done={!!c.problem}
          onEdit={open8d('problem') ? () => edit('problem') : undefined}
          editLabel={t('complaint.problem.edit')}
        >
          {c.problem ? (
            <Descriptions
              size="small"
              column={2}
              items={(['what', 'where', 'when', 'who', 'why', 'how', 'howMany', 'isNot'] as const)
                .filter((k) => c.problem![k])
                .map((k) => ({ key: k, label: t(`complaint.problem.${k}`), children: c.problem![k] }))}
            />
          ) : (
            <Missing text={NONE} />
          )}
        </Section>
      )}
      <Section
        title={t('complaint.d.d4')}
        testId="complaint-d4"
        done={!!c.rootCause && c.rootCause.evidence.length > 0}
        onEdit={open8d('rootCause') ? () => edit('root-cause') : undefined}
        editLabel={t('complaint.rootCause.edit')}
      >
        {c.rootCause ? (
          <>
            <Descriptions
              size="small"
              column={1}
              items={[
                { key: 'm', label: t('complaint.rootCause.method'), children: t(`complaint.methods.${c.rootCause.method}`) },
                { key: 'o', label: t('complaint.rootCause.occurrence'), children: <span className="pre-wrap">{c.rootCause.occurrenceCause}</span> },
                { key: 'e', label: t('complaint.rootCause.escape'), children: <span className="pre-wrap">{c.rootCause.escapePoint}</span> },
                ...(c.rootCause.analysis
                  ? [{ key: 'a', label: t('complaint.rootCause.analysis'), children: <span className="pre-wrap">{c.rootCause.analysis}</span> }]
                  : []),
              ]}
            />
            <Typography.Text type="secondary">{t('complaint.rootCause.evidence')}</Typography.Text>
            {c.rootCause.evidence.length ? <AttachmentList items={c.rootCause.evidence} /> : <Tag color="error">{NONE}</Tag>}
          </>
        ) : (
          <Missing text={NONE} />
        )}
      </Section>
      {(c.path !== 'short-8d' || !!p) && (
        <Section
          title={t('complaint.d.d7')}
          testId="complaint-d7"
          done={!!p?.similarReviewed && !!p.pfmea && !!p.controlPlan}
          onEdit={open8d('prevention') ? () => edit('prevention') : undefined}
          editLabel={t('complaint.prevention.edit')}
        >
          {!(p?.similarReviewed && p.pfmea && p.controlPlan) && (
            <Alert type="warning" showIcon style={{ marginBottom: 8 }} title={t('complaint.prevention.gateHint')} data-testid="d7-gate-hint" />
          )}
          <Descriptions
            size="small"
            column={1}
            items={[
              {
                key: 's',
                label: t('complaint.prevention.similar'),
                children: p?.similarReviewed ?? <Tag color="error">{t('complaint.prevention.unanswered')}</Tag>,
              },
              { key: 'p', label: t('complaint.prevention.pfmea'), children: <span data-testid="d7-pfmea">{doc(p?.pfmea)}</span> },
              { key: 'c', label: t('complaint.prevention.controlPlan'), children: <span data-testid="d7-control-plan">{doc(p?.controlPlan)}</span> },
              ...(p?.otherDocuments ? [{ key: 'o', label: t('complaint.prevention.other'), children: p.otherDocuments }] : []),
              ...(p?.lessonsLearned ? [{ key: 'l', label: t('complaint.prevention.lessons'), children: p.lessonsLearned }] : []),
              ...(p?.riskUpdate ? [{ key: 'r', label: t('complaint.prevention.risk'), children: p.riskUpdate }] : []),
              ...(p?.qmsChange ? [{ key: 'q', label: t('complaint.prevention.qms'), children: p.qmsChange }] : []),
            ]}
          />
        </Section>
      )}
    </>
  );
}

function Containment({ c, edit, canWrite }: { c: TComplaint; edit: (k: DialogKind, rowId?: string) => void; canWrite: boolean }) {
  const t = useT();
  const missing = containmentLocations.filter((l) => !c.containment.some((r) => r.location === l));
  const editable = useEditable(c);
  const mayEdit = canWrite && editable('containment');
  // lifted only after the permanent action is validated (past D6: the steps that open containmentRelease)
  const canLift = canWrite && editable('containmentRelease');
  const write = useComplaintWrite(c.id);
  const onProblem = useProblemHandler();
  return (
    <Card
      size="small"
      title={t('complaint.d.d3')}
      extra={
        mayEdit && (
          <Button type="primary" size="small" icon={<PlusOutlined />} onClick={() => edit('containment')} data-testid="containment-add">
            {t('complaint.containment.add')}
          </Button>
        )
      }
    >
      {missing.length ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 8 }}
          data-testid="containment-missing"
          title={t('complaint.containment.missing', { list: missing.map((l) => t(`complaint.locations.${l}`)).join('、') })}
        />
      ) : (
        <Alert type="success" showIcon style={{ marginBottom: 8 }} title={t('complaint.containment.complete')} />
      )}
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={c.containment}
        data-testid="containment-table"
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
        onRow={(r) => ({ onClick: () => mayEdit && edit('containment', r.id) })}
        columns={[
          { title: t('complaint.containment.location'), dataIndex: 'location', width: 100, render: (l: string) => t(`complaint.locations.${l as 'customer'}`) },
          { title: t('complaint.containment.description'), dataIndex: 'description' },
          { title: t('complaint.containment.checked'), dataIndex: 'quantityChecked', width: 90, align: 'right' },
          {
            title: t('complaint.containment.found'),
            dataIndex: 'quantityFound',
            width: 90,
            align: 'right',
            render: (v: number) => (v > 0 ? <Typography.Text type="danger">{v}</Typography.Text> : v),
          },
          { title: t('complaint.containment.disposition'), dataIndex: 'disposition', render: (v: string | null) => v ?? NONE },
          { title: t('complaint.containment.owner'), dataIndex: 'ownerName', width: 100, render: (v: string | null) => v ?? NONE },
          {
            title: t('complaint.containment.lifted'),
            key: 'removed',
            width: 150,
            render: (_, r) =>
              r.removedAt ? (
                <Tag>{fmtDateTime(r.removedAt)}</Tag>
              ) : canLift ? (
                <Button
                  size="small"
                  loading={write.isPending}
                  onClick={(e) => {
                    e.stopPropagation();
                    write.mutate({ method: 'POST', path: `containment/${r.id}/remove`, body: { version: c.version } }, { onError: (err) => onProblem(err) });
                  }}
                  data-testid="containment-lift"
                >
                  {t('complaint.containment.lift')}
                </Button>
              ) : (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('complaint.containment.inPlace')}
                </Typography.Text>
              ),
          },
        ]}
        summary={(rows) => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0} colSpan={2}>
              Σ
            </Table.Summary.Cell>
            <Table.Summary.Cell index={2} align="right">
              {rows.reduce((n, r) => n + r.quantityChecked, 0)}
            </Table.Summary.Cell>
            <Table.Summary.Cell index={3} align="right">
              {rows.reduce((n, r) => n + r.quantityFound, 0)}
            </Table.Summary.Cell>
            <Table.Summary.Cell index={4} colSpan={2} />
          </Table.Summary.Row>
        )}
      />
    </Card>
  );
}

function Effectiveness({ c, edit, canWrite }: { c: TComplaint; edit: (k: DialogKind) => void; canWrite: boolean }) {
  const t = useT();
  const e = c.effectiveness;
  const editable = useEditable(c);
  const mayPlan = canWrite && editable('effectivenessPlan');
  return (
    <Section
      title={t('complaint.tabs.effectiveness')}
      testId="complaint-effectiveness"
      done={e?.result === 'effective'}
      onEdit={mayPlan ? () => edit('effectiveness') : undefined}
      editLabel={t('complaint.effectiveness.plan')}
    >
      {e ? (
        <>
          <Descriptions
            size="small"
            column={2}
            items={[
              { key: 'm', label: t('complaint.effectiveness.method'), children: e.method },
              { key: 'c', label: t('complaint.effectiveness.criterion'), children: e.criterion },
              { key: 'd', label: t('complaint.effectiveness.date'), children: e.plannedDate },
              { key: 'v', label: t('complaint.effectiveness.verifier'), children: e.verifierName },
              {
                key: 'r',
                label: t('complaint.effectiveness.result'),
                children: (
                  <span data-testid="effectiveness-result">
                    {e.result === 'effective' ? (
                      <Tag color="success">{t('complaint.effectiveness.effective')}</Tag>
                    ) : (
                      <Tag>{t('complaint.effectiveness.pending')}</Tag>
                    )}
                    {e.note}
                  </span>
                ),
              },
            ]}
          />
          {e.history.length > 0 && (
            <List
              size="small"
              header={t('complaint.effectiveness.history')}
              dataSource={e.history}
              renderItem={(h) => (
                <List.Item>
                  {h.result === 'effective' ? <CheckCircleFilled style={{ color: '#389e0d' }} /> : <CloseCircleFilled style={{ color: '#cf1322' }} />}{' '}
                  {fmtDateTime(h.at)} · {h.byName} ·{' '}
                  {h.result === 'effective' ? t('complaint.effectiveness.effective') : t('complaint.effectiveness.notEffective')} — {h.note}
                </List.Item>
              )}
            />
          )}
        </>
      ) : (
        <Missing text={t('complaint.effectiveness.none')} />
      )}
    </Section>
  );
}

function SendLink({ c }: { c: TComplaint }) {
  const t = useT();
  const onProblem = useProblemHandler();
  const qc = useQueryClient();
  const [url, setUrl] = useState<{ url: string; expiresAt: string } | null>(null);
  const send = useMutation({
    mutationFn: () =>
      api.post<{ path: string; expiresAt: string; complaint: TComplaint }>(`/api/complaints/${c.id}/customer-links`, {
        version: c.version,
        days: 14,
        channel: 'email',
      }),
    onSuccess: (r) => {
      qc.setQueryData(complaintKeys.one(c.id), r.complaint);
      void qc.invalidateQueries({ queryKey: ['communications'] });
      setUrl({ url: `${window.location.origin}${r.path}`, expiresAt: r.expiresAt });
    },
    onError: (e) => onProblem(e),
  });
  return (
    <>
      <Button icon={<SendOutlined />} loading={send.isPending} onClick={() => send.mutate()} data-testid="customer-link-send">
        {t('complaint.link.send')}
      </Button>
      <Modal open={!!url} title={t('complaint.link.title')} onCancel={() => setUrl(null)} footer={null} data-testid="customer-link-modal">
        <Alert type="info" showIcon title={t('complaint.link.hint')} style={{ marginBottom: 12 }} />
        <Typography.Paragraph copyable={{ text: url?.url ?? '' }} code data-testid="customer-link-url" style={{ wordBreak: 'break-all' }}>
          {url?.url}
        </Typography.Paragraph>
        <Typography.Text type="secondary">{t('complaint.link.expires', { at: fmtDateTime(url?.expiresAt) })}</Typography.Text>
      </Modal>
    </>
  );
}

function Confirmation({ c, edit, canWrite }: { c: TComplaint; edit: (k: DialogKind) => void; canWrite: boolean }) {
  const t = useT();
  const editable = useEditable(c);
  const waiting = canWrite && editable('customerConfirmation');
  return (
    <Section
      title={t('complaint.d.d8')}
      testId="complaint-confirmation"
      done={c.confirmations.at(-1)?.result === 'accepted'}
      onEdit={waiting ? () => edit('confirmation') : undefined}
      editLabel={t('complaint.confirmation.record')}
    >
      <Alert type="info" showIcon style={{ marginBottom: 8 }} title={t('complaint.confirmation.hint')} action={waiting ? <SendLink c={c} /> : undefined} />
      {c.customerLinks.length > 0 && (
        <Flex gap={6} wrap style={{ marginBottom: 8 }} data-testid="customer-links">
          <Typography.Text type="secondary">{t('complaint.link.list')}:</Typography.Text>
          {c.customerLinks.map((l) => (
            <Tag key={l.createdAt} color={l.result === 'accepted' ? 'success' : l.result === 'rejected' ? 'error' : 'default'}>
              {fmtDateTime(l.createdAt)} →{' '}
              {l.result
                ? t(`complaint.confirmation.${l.result}`)
                : dayjs(l.expiresAt).isBefore(dayjs())
                  ? t('complaint.link.expires', { at: fmtDateTime(l.expiresAt) })
                  : t('complaint.link.unused')}
            </Tag>
          ))}
        </Flex>
      )}
      {c.confirmations.length ? (
        <List
          size="small"
          dataSource={c.confirmations}
          data-testid="confirmation-list"
          renderItem={(x) => (
            <List.Item data-testid="confirmation-item" data-result={x.result}>
              <Flex vertical gap={2}>
                <span>
                  {x.result === 'accepted' ? (
                    <Tag color="success">{t('complaint.confirmation.accepted')}</Tag>
                  ) : (
                    <Tag color="error">{t('complaint.confirmation.rejected')}</Tag>
                  )}
                  {fmtDateTime(x.at)} · {x.recordedByName} ·{' '}
                  <Link to={`/communications/${x.communicationId}`}>
                    <LinkOutlined />
                  </Link>
                </span>
                {x.comment && <Typography.Text className="pre-wrap">{x.comment}</Typography.Text>}
                {x.attachments.length > 0 && <AttachmentList items={x.attachments} />}
              </Flex>
            </List.Item>
          )}
        />
      ) : (
        <Missing text={t('complaint.confirmation.none')} />
      )}
    </Section>
  );
}

function Returns({ c, edit, canWrite }: { c: TComplaint; edit: (k: DialogKind, rowId?: string) => void; canWrite: boolean }) {
  const t = useT();
  const w = canWrite;
  return (
    <Card
      size="small"
      extra={
        w && (
          <Button size="small" icon={<PlusOutlined />} onClick={() => edit('return')} data-testid="return-add">
            {t('complaint.returns.receive')}
          </Button>
        )
      }
    >
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={c.returns}
        data-testid="returns-table"
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('complaint.returns.none')} /> }}
        columns={[
          { title: t('complaint.returns.receivedAt'), dataIndex: 'receivedAt', width: 140, render: (v: string) => fmtDateTime(v) },
          { title: t('complaint.returns.quantity'), dataIndex: 'quantity', width: 70, align: 'right' },
          {
            title: t('complaint.returns.analysis'),
            key: 'a',
            render: (_, r) =>
              r.analysis ? (
                <span>
                  <Tag color={r.analysis.confirmed ? 'red' : 'default'}>
                    {r.analysis.confirmed ? t('complaint.returns.confirmed') : t('complaint.returns.ntf')}
                  </Tag>
                  {r.analysis.result} → {t(`complaint.returns.dispositions.${r.analysis.disposition as 'rework'}`)}
                </span>
              ) : w ? (
                <Button size="small" onClick={() => edit('analysis', r.id)}>
                  {t('complaint.returns.analyse')}
                </Button>
              ) : (
                t('complaint.returns.noAnalysis')
              ),
          },
          {
            title: t('complaint.returns.rework'),
            key: 'r',
            render: (_, r) => (
              <Flex vertical gap={2} style={{ fontSize: 12 }}>
                {r.rework.route && (
                  <span>
                    {t('complaint.returns.route')}: {r.rework.route}
                  </span>
                )}
                {r.rework.scheduledDate && (
                  <span>
                    {t('complaint.returns.scheduled')}: {r.rework.scheduledDate}
                  </span>
                )}
                {r.rework.doneAt && (
                  <span>
                    {t('complaint.returns.reworked')}: {r.rework.reworkedQuantity} · {r.rework.effect}
                  </span>
                )}
                {r.rework.workStandardChange && (
                  <span data-testid="work-standard-change">
                    {t('complaint.returns.workStandardChange')}: {r.rework.workStandardChange}
                  </span>
                )}
                {w && (
                  <Flex gap={4}>
                    <Button size="small" onClick={() => edit('rework-plan', r.id)}>
                      {t('complaint.returns.planRework')}
                    </Button>
                    <Button size="small" onClick={() => edit('rework', r.id)}>
                      {t('complaint.returns.done')}
                    </Button>
                  </Flex>
                )}
              </Flex>
            ),
          },
          {
            title: t('complaint.returns.credit'),
            key: 'c',
            width: 180,
            render: (_, r) =>
              r.credit ? (
                <span>
                  {r.credit.note}
                  {r.credit.overrideReason && <Tag color="warning">{r.credit.overrideReason}</Tag>}
                </span>
              ) : w ? (
                <Button size="small" onClick={() => edit('credit', r.id)}>
                  {t('complaint.returns.grant')}
                </Button>
              ) : (
                NONE
              ),
          },
        ]}
      />
    </Card>
  );
}

function Recurrence({ c, canWrite }: { c: TComplaint; canWrite: boolean }) {
  const t = useT();
  const { data } = useRecurrenceCandidates(c.id);
  const write = useComplaintWrite(c.id);
  return (
    <>
      {c.recurrences.length > 0 && (
        <Card size="small" title={t('complaint.recurrence.linked')} style={{ marginBottom: 12 }} data-testid="recurrence-linked">
          {c.recurrences.map((r) => (
            <Tag key={r.id}>
              <Link to={`/complaints/${r.id}`}>{r.number}</Link> · {r.partyName} · {r.model}
            </Tag>
          ))}
        </Card>
      )}
      <Card size="small" title={t('complaint.recurrence.title')} data-testid="recurrence-candidates">
        <Typography.Paragraph type="secondary">{t('complaint.recurrence.hint')}</Typography.Paragraph>
        <List
          size="small"
          dataSource={data?.items ?? []}
          locale={{ emptyText: t('complaint.recurrence.none') }}
          renderItem={(x) => (
            <List.Item
              actions={
                canWrite
                  ? [
                      <Button
                        key="l"
                        size="small"
                        loading={write.isPending}
                        onClick={() => write.mutate({ method: 'POST', path: 'recurrences', body: { version: c.version, otherId: x.id } })}
                        data-testid="recurrence-link"
                      >
                        {t('complaint.recurrence.link')}
                      </Button>,
                    ]
                  : []
              }
            >
              <Flex gap={6} wrap align="center">
                <Link to={`/complaints/${x.id}`}>{x.number}</Link>
                <span>{x.partyName}</span>
                <Tag color={x.sameCustomer ? 'blue' : 'purple'}>
                  {x.sameCustomer ? t('complaint.recurrence.sameCustomer') : t('complaint.recurrence.otherCustomer')}
                </Tag>
                {x.matchedOn.map((m) => (
                  <Tag key={m}>{t(`complaint.recurrence.matchedOn.${m}`)}</Tag>
                ))}
                <ComplaintStatusTag status={x.status} closed={x.closed} />
              </Flex>
            </List.Item>
          )}
        />
      </Card>
    </>
  );
}

export function ComplaintDetailPage() {
  const { id } = useParams<{ id: string }>();
  const t = useT();
  const can = useCan();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [linesOpen, setLinesOpen] = useState(false);
  const { data: c, isLoading, error, refetch } = useComplaint(id);
  // similar complaints (same model or failure mode) are offered as recurrences from the start [IATF 10.2.3 d]
  const { data: candidates } = useRecurrenceCandidates(id ?? '');
  const { data: instances } = useInstances('complaint', id);
  const instance = instances?.items.find((i) => i.procedureId === 'complaint');
  // a move in the procedure panel changes the complaint's status and what may be filled in
  useEffect(() => {
    if (instance && c && (instance.state !== c.status || instance.version) && id) void qc.invalidateQueries({ queryKey: complaintKeys.one(id) });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [instance?.state, instance?.version]);
  if (isLoading) return <Skeleton active />;
  if (error || !c) {
    if (isApiError(error) && (error.status === 404 || error.status === 400))
      return <Result status="404" title={t('complaint.notFound')} extra={<Link to="/complaints">{t('complaint.nav')}</Link>} />;
    return <Alert type="error" showIcon title={isApiError(error) ? error.problem.detail : t('errors.loadFailed')} />;
  }
  const canWrite = can('complaints.write') && !c.closed;
  const edit = (kind: DialogKind, rowId?: string) => setDialog({ kind, ...(rowId ? { rowId } : {}) });
  const tab = params.get('tab') ?? 'overview';
  const openActions = c.actions.filter((a) => a.status === 'open').length;
  return (
    <>
      <PageHeader
        back="/complaints"
        title={
          <span>
            <span data-testid="complaint-number">{c.number}</span> · {c.partyName} · {c.model}
          </span>
        }
        tags={
          <>
            <Tag>{t(`complaint.kinds.${c.kind}`)}</Tag>
            <SeverityTag severity={c.severity} />
            <ComplaintStatusTag status={c.status} closed={c.closed} />
            {c.overdue && <Tag color="error">{t('complaint.overdue')}</Tag>}
          </>
        }
        extra={
          <>
            <Link to="/procedures/complaint">
              <Button icon={<ApartmentOutlined />}>{t('complaint.flowchart')}</Button>
            </Link>
            <Dropdown
              menu={{
                items: [
                  {
                    key: '8d',
                    label: (
                      <Link to={`/complaints/${c.id}/print/8d`} target="_blank" data-testid="print-8d">
                        {t('complaint.print8d')}
                      </Link>
                    ),
                  },
                  {
                    key: '8d-customer',
                    label: (
                      <Link to={`/complaints/${c.id}/print/8d-customer`} target="_blank" data-testid="print-8d-customer">
                        {t('complaint.print8dCustomer')}
                      </Link>
                    ),
                  },
                  {
                    key: 'form',
                    label: (
                      <Link to={`/complaints/${c.id}/print/form`} target="_blank" data-testid="print-form">
                        {t('complaint.printForm')}
                      </Link>
                    ),
                  },
                ],
              }}
            >
              <Button icon={<PrinterOutlined />} data-testid="complaint-print">
                {t('order.print')}
              </Button>
            </Dropdown>
          </>
        }
      />
      {c.closed && <Alert type="success" showIcon style={{ marginBottom: 12 }} title={t('complaint.closedReadOnly')} data-testid="complaint-closed" />}
      <div style={{ marginBottom: 12 }}>
        <ProcedurePanel refType="complaint" refId={c.id} defaultChannel={c.channel} route={c.assessment?.path ?? null} />
      </div>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams(k === 'overview' ? {} : { tab: k }, { replace: true })}
        items={[
          {
            key: 'overview',
            label: <span data-testid="tab-overview">{t('complaint.tabs.overview')}</span>,
            children: <Overview c={c} edit={edit} canWrite={canWrite} onEditLines={() => setLinesOpen(true)} />,
          },
          { key: '8d', label: <span data-testid="tab-8d">{t('complaint.tabs.d8')}</span>, children: <EightD c={c} edit={edit} canWrite={canWrite} /> },
          {
            key: 'containment',
            label: (
              <span data-testid="tab-containment">
                {t('complaint.tabs.containment')} <Tag>{c.containment.length}</Tag>
              </span>
            ),
            children: <Containment c={c} edit={edit} canWrite={canWrite} />,
          },
          {
            key: 'actions',
            label: (
              <span data-testid="tab-actions">
                {t('complaint.tabs.actions')} {openActions > 0 && <Tag color="warning">{openActions}</Tag>}
              </span>
            ),
            children: (
              <Card
                size="small"
                extra={
                  canWrite &&
                  instance?.view.editable.includes('actions') && (
                    <Button type="primary" size="small" icon={<PlusOutlined />} onClick={() => edit('action')} data-testid="corrective-action-add">
                      {t('complaint.actions.add')}
                    </Button>
                  )
                }
              >
                <ActionItemsPanel sourceType="complaint" sourceId={c.id} readOnly />
              </Card>
            ),
          },
          {
            key: 'effectiveness',
            label: <span data-testid="tab-effectiveness">{t('complaint.tabs.effectiveness')}</span>,
            children: <Effectiveness c={c} edit={edit} canWrite={canWrite} />,
          },
          {
            key: 'confirmation',
            label: <span data-testid="tab-confirmation">{t('complaint.tabs.confirmation')}</span>,
            children: <Confirmation c={c} edit={edit} canWrite={canWrite} />,
          },
          {
            key: 'returns',
            label: (
              <span data-testid="tab-returns">
                {t('complaint.tabs.returns')} {c.returns.length > 0 && <Tag>{c.returns.length}</Tag>}
              </span>
            ),
            children: <Returns c={c} edit={edit} canWrite={canWrite} />,
          },
          {
            key: 'recurrence',
            label: (
              <span data-testid="tab-recurrence">
                {t('complaint.tabs.recurrence')} {c.recurrences.length > 0 && <Tag>{c.recurrences.length}</Tag>}
                {(candidates?.items.length ?? 0) > 0 && (
                  <Tag color="purple" data-testid="recurrence-count">
                    {candidates!.items.length}
                  </Tag>
                )}
              </span>
            ),
            children: <Recurrence c={c} canWrite={canWrite} />,
          },
          ...(can('engineering.read')
            ? [
                {
                  key: 'anomalies',
                  label: <span data-testid="tab-anomalies">{t('engineering.anomaly.nav')}</span>,
                  children: (
                    <Suspense fallback={<Skeleton active />}>
                      <ComplaintAnomaliesPanel complaintId={c.id} partyId={c.partyId} />
                    </Suspense>
                  ),
                },
              ]
            : []),
          {
            key: 'history',
            label: <span data-testid="tab-history">{t('complaint.tabs.history')}</span>,
            children: (
              <Card size="small">
                <HistoryPanel type="complaint" id={c.id} />
              </Card>
            ),
          },
        ]}
      />
      <ComplaintDialogs complaint={c} dialog={dialog} onClose={() => setDialog(null)} onReload={() => void refetch()} />
      <ComplaintLinesDialog c={c} open={linesOpen} onClose={() => setLinesOpen(false)} onReload={() => void refetch()} />
    </>
  );
}
