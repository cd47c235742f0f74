import type { ReactNode } from 'react';
import { Typography } from 'antd';
import {
  AimOutlined,
  ArrowRightOutlined,
  BookOutlined,
  FundOutlined,
  LoginOutlined,
  LogoutOutlined,
  TeamOutlined,
  ToolOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { useLocalized, useT, type TKey } from '../i18n/index.js';
import { useDepartmentName, useCan } from '../identity/index.js';
import type { TProcedureDefinition } from './api.js';
import { useDeadlineText } from './labels.js';
import { TurtleIndicators } from '../kpis/index.js';

type Item = { zh: string; en: string };

function Box({
  area,
  icon,
  title,
  question,
  items,
  accent,
  testid,
  extra,
}: {
  area: string;
  icon: ReactNode;
  title: string;
  question: string;
  items: Item[];
  accent: string;
  testid: string;
  extra?: ReactNode;
}) {
  const t = useT();
  const loc = useLocalized();
  return (
    <section className="turtle-box" data-testid={`turtle-${testid}`} style={{ gridArea: area, borderTop: `3px solid ${accent}` }}>
      <header style={{ display: 'flex', alignItems: 'baseline', gap: 6, marginBottom: 6 }}>
        <span style={{ color: accent }}>{icon}</span>
        <Typography.Text strong>{title}</Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {question}
        </Typography.Text>
      </header>
      {items.length ? (
        <ul style={{ margin: 0, paddingInlineStart: 18 }}>
          {items.map((it, i) => (
            <li key={i} style={{ lineHeight: '22px' }}>
              {loc(it)}
            </li>
          ))}
        </ul>
      ) : (
        <Typography.Text type="secondary">{t('procedure.turtle.none')}</Typography.Text>
      )}
      {extra}
    </section>
  );
}

/**
 * 乌龟图 (turtle diagram), the classic 3 × 3: the process in the middle, inputs left,
 * outputs right, resources / competence above, methods / indicators below, risks at
 * the tail. Prints on one A4 landscape page.
 */
export function TurtleDiagram({ def }: { def: TProcedureDefinition }) {
  const t = useT();
  const loc = useLocalized();
  const deptName = useDepartmentName();
  const deadlineText = useDeadlineText();
  const tt = def.turtle;
  const can = useCan();
  const box = (key: 'resources' | 'competence' | 'inputs' | 'outputs' | 'methods' | 'indicators' | 'risks', area: string, icon: ReactNode, accent: string) => (
    <Box
      area={area}
      icon={icon}
      accent={accent}
      testid={key}
      title={t(`procedure.turtle.${key}` as TKey)}
      question={t(`procedure.turtle.${key}Q` as TKey)}
      items={tt[key]}
      // the indicator box shows the process's KPIs live (kpis/, owner.process) beside the definition's text
      extra={key === 'indicators' && can('kpis.read') ? <TurtleIndicators process={def.id} /> : undefined}
    />
  );
  const mainPath = def.steps;
  return (
    <div className="turtle" data-testid="turtle">
      {box('resources', 'res', <ToolOutlined />, '#08979c')}
      {box('competence', 'who', <TeamOutlined />, '#d46b08')}
      {box('inputs', 'in', <LoginOutlined />, '#1657d9')}
      <section className="turtle-box turtle-process" style={{ gridArea: 'proc' }} data-testid="turtle-process">
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('procedure.turtle.process')}
        </Typography.Text>
        <Typography.Title level={4} style={{ margin: '4px 0' }}>
          {loc(def.title)}
        </Typography.Title>
        <div style={{ fontSize: 13 }}>
          {def.documentNo} · v{def.version}
        </div>
        <div style={{ fontSize: 13, marginTop: 4 }}>
          {t('procedure.turtle.owner')}: <strong>{deptName(tt.owner)}</strong>
        </div>
        <div style={{ marginTop: 12, display: 'flex', flexWrap: 'wrap', justifyContent: 'center', alignItems: 'center', gap: 4, fontSize: 12 }}>
          {mainPath.map((s, i) => (
            <span key={s.id} style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
              {i > 0 && <ArrowRightOutlined style={{ color: '#8c8c8c' }} />}
              <span style={{ border: '1px solid #adc6ff', background: '#f0f5ff', borderRadius: 10, padding: '0 8px' }}>
                {loc(s.name)}
                {s.deadline ? ` · ${deadlineText(s.deadline)}` : ''}
              </span>
            </span>
          ))}
        </div>
      </section>
      {box('outputs', 'out', <LogoutOutlined />, '#389e0d')}
      {box('methods', 'how', <BookOutlined />, '#531dab')}
      {box('risks', 'risk', <WarningOutlined />, '#cf1322')}
      {box('indicators', 'kpi', <FundOutlined />, '#c41d7f')}
      <div style={{ gridArea: 'foot', fontSize: 12, color: '#8c8c8c', textAlign: 'right' }}>
        <AimOutlined /> {t('procedure.turtle.footer', { doc: def.documentNo, version: def.version })}
      </div>
    </div>
  );
}
