import { Card, Col, Descriptions, Flex, Row, Table, Tag, Typography } from 'antd';
import { ArrowRightOutlined, CheckOutlined, EditOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useLocalized, useT, useTryT } from '../i18n/index.js';
import { useDepartmentName } from '../identity/index.js';
import { NONE } from '../platform/format.js';
import type { TProcedureDefinition } from './api.js';
import { definitionFieldLabel } from './fields.js';
import { useDeadlineText, useStepName } from './labels.js';

type Step = TProcedureDefinition['steps'][number];
type Transition = TProcedureDefinition['transitions'][number];

/** The definition as tables: what an auditor reads next to the controlled document. */
export function DefinitionTab({ def }: { def: TProcedureDefinition }) {
  const t = useT();
  const loc = useLocalized();
  const tt = useTryT();
  const deptName = useDepartmentName();
  const deadlineText = useDeadlineText();
  const stepName = useStepName(def);
  const fieldLabel = (f: string) => loc(definitionFieldLabel(def, f));
  const roleList = (roles: string[]) => roles.map((r) => <Tag key={r}>{t(`enums.role.${r as 'staff'}`)}</Tag>);
  const startWhen = Object.entries(def.startWhen ?? {});
  return (
    <Flex vertical gap={12} data-testid="procedure-definition">
      <Card size="small">
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2, xl: 4 }}
          items={[
            { key: 'doc', label: t('procedure.fields.documentNo'), children: def.documentNo },
            { key: 'ver', label: t('common.version'), children: `v${def.version}` },
            { key: 'type', label: t('procedure.fields.recordType'), children: tt(`recordTypes.${def.recordType}`) ?? def.recordType },
            { key: 'owner', label: t('procedure.turtle.owner'), children: deptName(def.turtle.owner) },
            { key: 'start', label: t('procedure.fields.start'), children: stepName(def.start) },
            {
              key: 'when',
              label: t('procedure.fields.startWhen'),
              span: 'filled',
              children: startWhen.length
                ? startWhen.map(([k, v]) => <Tag key={k}>{`${tt(`history.fields.${k}`) ?? k} = ${tt(`enums.${k}.${String(v)}`) ?? String(v)}`}</Tag>)
                : t('procedure.manualStart'),
            },
          ]}
        />
      </Card>
      <Card size="small" title={t('procedure.tables.steps')}>
        <Table<Step>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={def.steps}
          scroll={{ x: 760 }}
          data-testid="procedure-steps"
          columns={[
            { title: t('procedure.fields.step'), key: 'name', render: (_, s) => <Typography.Text strong>{loc(s.name)}</Typography.Text> },
            { title: 'ID', dataIndex: 'id', width: 110, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
            { title: t('procedure.fields.kind'), dataIndex: 'kind', width: 90, render: (k: Step['kind']) => t(`enums.stepKind.${k}`) },
            { title: t('procedure.fields.lane'), dataIndex: 'lane', width: 150, render: (v: string) => deptName(v) },
            { title: t('procedure.fields.role'), dataIndex: 'role', width: 100, render: (r?: string) => (r ? t(`enums.role.${r as 'staff'}`) : NONE) },
            {
              title: t('procedure.fields.deadline'),
              key: 'deadline',
              width: 170,
              render: (_, s) => (
                <span>
                  {s.deadline ? deadlineText(s.deadline) : NONE}
                  {s.clockPaused && (
                    <Tag color="warning" style={{ marginInlineStart: 6 }}>
                      {t('procedure.clockPausedHere')}
                    </Tag>
                  )}
                </span>
              ),
            },
            {
              title: t('procedure.fields.requires'),
              key: 'requires',
              render: (_, s) => (
                <>
                  {s.requires.length ? s.requires.map((f) => <Tag key={f}>{fieldLabel(f)}</Tag>) : NONE}
                  {s.signoff && (
                    <div style={{ marginTop: 4, fontSize: 12 }}>
                      {t('procedure.signoff.departments')}: {s.signoff.departments.map(deptName).join('、')}
                      <br />
                      {t('procedure.signoff.approveTo')}: {stepName(s.signoff.approveTo)} · {t('procedure.signoff.rejectTo')}: {stepName(s.signoff.rejectTo)}
                    </div>
                  )}
                </>
              ),
            },
          ]}
        />
      </Card>
      <Card size="small" title={t('procedure.tables.transitions')}>
        <Table<Transition>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={def.transitions}
          scroll={{ x: 760 }}
          data-testid="procedure-transitions"
          columns={[
            {
              title: `${t('procedure.fields.from')} → ${t('procedure.fields.to')}`,
              key: 'fromTo',
              width: 200,
              render: (_, tr) => (
                <span>
                  {stepName(tr.from)} <ArrowRightOutlined style={{ color: '#8c8c8c' }} /> {stepName(tr.to)}
                </span>
              ),
            },
            { title: t('procedure.fields.action'), key: 'action', render: (_, tr) => <Typography.Text strong>{loc(tr.action)}</Typography.Text> },
            {
              title: t('procedure.fields.roles'),
              key: 'roles',
              width: 200,
              render: (_, tr) => (tr.actor === 'system' ? <Tag color="purple">{t('procedure.systemActor')}</Tag> : roleList(tr.roles)),
            },
            {
              title: t('procedure.fields.fields'),
              key: 'fields',
              width: 140,
              render: (_, tr) => (tr.fields.length ? tr.fields.map((f) => <Tag key={f}>{fieldLabel(f)}</Tag>) : NONE),
            },
            {
              title: t('procedure.fields.requirements'),
              key: 'req',
              width: 170,
              render: (_, tr) => (
                <Flex gap={4} wrap>
                  {tr.requiresReason && (
                    <Tag icon={<EditOutlined />} color="orange">
                      {t('procedure.requiresReason')}
                    </Tag>
                  )}
                  {tr.requiresSignature && (
                    <Tag icon={<SafetyCertificateOutlined />} color="purple">
                      {t('procedure.requiresSignature')}
                    </Tag>
                  )}
                  {!tr.requiresReason && !tr.requiresSignature && NONE}
                </Flex>
              ),
            },
            {
              title: t('procedure.fields.effects'),
              key: 'effects',
              width: 150,
              render: (_, tr) =>
                tr.effects.length || tr.guards.length ? [...tr.guards.map((g) => `⛨ ${g}`), ...tr.effects.map((e) => `⚙ ${e}`)].join(' ') : NONE,
            },
          ]}
        />
      </Card>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={8}>
          <Card size="small" title={t('procedure.tables.escalation')} style={{ height: '100%' }}>
            <Table
              size="small"
              rowKey="atPercent"
              pagination={false}
              dataSource={def.escalation}
              data-testid="procedure-escalation"
              columns={[
                { title: t('procedure.fields.atPercent'), dataIndex: 'atPercent', width: 90, render: (p: number) => `${p}%` },
                {
                  title: t('procedure.fields.notify'),
                  dataIndex: 'notify',
                  render: (n: string[]) => n.map((x) => <Tag key={x}>{t(`enums.escalationTarget.${x as 'assignee'}`)}</Tag>),
                },
              ]}
            />
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8, marginBottom: 0 }}>
              {t('procedure.escalationHint')}
            </Typography.Paragraph>
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card size="small" title={t('procedure.tables.kpis')} style={{ height: '100%' }}>
            {def.kpis.length ? (
              <Flex vertical gap={8}>
                {def.kpis.map((k) => (
                  <div key={k.id}>
                    <Typography.Text strong>
                      <CheckOutlined style={{ color: '#389e0d' }} /> {loc(k.name)}
                    </Typography.Text>
                    {k.description && (
                      <div>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {loc(k.description)}
                        </Typography.Text>
                      </div>
                    )}
                  </div>
                ))}
              </Flex>
            ) : (
              <Typography.Text type="secondary">{NONE}</Typography.Text>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card size="small" title={t('procedure.tables.outputs')} style={{ height: '100%' }}>
            {def.outputs.length ? (
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {def.outputs.map((o, i) => (
                  <li key={i}>{loc(o)}</li>
                ))}
              </ul>
            ) : (
              <Typography.Text type="secondary">{NONE}</Typography.Text>
            )}
          </Card>
        </Col>
      </Row>
    </Flex>
  );
}
