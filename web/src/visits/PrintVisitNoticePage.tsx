import { Alert, Skeleton } from 'antd';
import { useParams } from 'react-router';
import { isApiError } from '../api/client.js';
import { useT } from '../i18n/index.js';
import { useDepartments } from '../identity/index.js';
import { fmt, L, PrintFrame, PrintTable, Section } from '../platform/print/index.js';
import { useVisit } from './api.js';

const kindText = { visit: '访问 Visit', audit: '审核 Audit' } as const;
const directionText = { incoming: '客户来访 Customer visits us', outgoing: '我方拜访 We visit the customer' } as const;
const severityText = { major: '严重 Major', minor: '轻微 Minor', observation: '观察 Observation' } as const;

/** 客户访厂通知 as the paper form: customer information, focus items, who accompanies, confidentiality, and each department's acknowledgement. */
export function PrintVisitNoticePage() {
  const t = useT();
  const { id } = useParams();
  const { data: visit, error, isLoading } = useVisit(id);
  const { data: depts } = useDepartments();
  if (isLoading) return <Skeleton active />;
  if (!visit) return <Alert type="error" showIcon title={isApiError(error) ? error.problem.detail : t('errors.loadFailed')} />;
  const dept = (code: string) => {
    const d = depts?.items.find((x) => x.code === code);
    return d ? `${d.name.zh} ${d.name.en}` : code;
  };
  return (
    <PrintFrame
      back={{ to: `/visits/${visit.id}`, label: visit.number }}
      number={visit.number}
      version={visit.version}
      procedureId="customer-visit"
      title={{ zh: '客户访厂通知', en: 'Customer Visit Notice' }}
    >
      <PrintTable cols={['16%', '34%', '16%', '34%']}>
        <tr>
          <th>
            <L zh="客户" en="Customer" />
          </th>
          <td>
            {visit.partyCode} · {visit.partyName}
          </td>
          <th>
            <L zh="类型" en="Type" />
          </th>
          <td>
            {directionText[visit.direction]} · {kindText[visit.kind]}
          </td>
        </tr>
        <tr>
          <th>
            <L zh="日期" en="Dates" />
          </th>
          <td className="pf-mark">{visit.startDate === visit.endDate ? visit.startDate : `${visit.startDate} – ${visit.endDate}`}</td>
          <th>
            <L zh="来访人员" en="Visitors" />
          </th>
          <td>{visit.visitors ?? ''}</td>
        </tr>
        <tr>
          <th>
            <L zh="目的" en="Purpose" />
          </th>
          <td colSpan={3}>{visit.purpose}</td>
        </tr>
        <tr>
          <th>
            <L zh="客户关注项目" en="Focus items" />
          </th>
          <td colSpan={3} style={{ whiteSpace: 'pre-wrap', height: 60 }}>
            {visit.focusItems ?? ''}
          </td>
        </tr>
        <tr>
          <th>
            <L zh="陪同人员" en="Accompanied by" />
          </th>
          <td colSpan={3}>{visit.accompanying.map((a) => a.name).join('、')}</td>
        </tr>
        <tr>
          <th>
            <L zh="保密协议" en="NDA" />
          </th>
          <td className={visit.ndaRequired ? 'pf-mark' : undefined}>{visit.ndaRequired ? '☑ 需签署 Required' : '☐ 不需要 Not required'}</td>
          <th>
            <L zh="不开放区域" en="Areas not shown" />
          </th>
          <td className="pf-mark">{visit.restrictedAreas ?? ''}</td>
        </tr>
      </PrintTable>
      <Section zh="各部门签收" en="Acknowledgement by the departments" />
      <PrintTable
        cols={['34%', '22%', '22%', '22%']}
        head={[<L zh="部门" en="Department" />, <L zh="签收人" en="Acknowledged by" />, <L zh="签收时间" en="At" />, <L zh="备注" en="Remarks" />]}
      >
        {visit.acknowledgements.map((a) => (
          <tr key={a.department}>
            <td>{dept(a.department)}</td>
            <td className="pf-sign">{a.userName ?? ''}</td>
            <td>{a.at ? fmt(a.at) : ''}</td>
            <td>{a.comment ?? ''}</td>
          </tr>
        ))}
      </PrintTable>
      {visit.findings.length > 0 && (
        <>
          <Section zh="发现项与回复" en="Findings and responses" />
          <PrintTable
            cols={['6%', '16%', '12%', '33%', '33%']}
            head={['#', <L zh="区域 / 部门" en="Area / dept." />, <L zh="严重度" en="Severity" />, <L zh="发现" en="Finding" />, <L zh="回复" en="Response" />]}
          >
            {visit.findings.map((f) => (
              <tr key={f.id}>
                <td>{f.no}</td>
                <td>
                  {f.area}
                  <br />
                  {dept(f.department)}
                </td>
                <td>{severityText[f.severity]}</td>
                <td>{f.description}</td>
                <td>{f.response ?? ''}</td>
              </tr>
            ))}
          </PrintTable>
        </>
      )}
      <Section zh="发出" en="Issued by" />
      <PrintTable>
        <tr>
          <th style={{ width: '16%' }}>
            <L zh="市场部" en="Sales" />
          </th>
          <td className="pf-sign">
            {visit.ownerName ?? ''} {fmt(visit.createdAt)}
          </td>
        </tr>
      </PrintTable>
    </PrintFrame>
  );
}
