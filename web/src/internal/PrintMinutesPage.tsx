import { Alert, Skeleton } from 'antd';
import { useParams } from 'react-router';
import { isApiError } from '../api/client.js';
import { useT } from '../i18n/index.js';
import { useDepartments } from '../identity/index.js';
import { fmt, L, PrintFrame, PrintTable, Section } from '../platform/print/index.js';
import { useMeeting } from './api.js';

const attendanceText: Record<string, string> = { invited: '—', present: '出席 Present', absent: '缺席 Absent', excused: '请假 Excused' };
const statusText: Record<string, string> = { open: '进行中 Open', done: '已完成 Done', verified: '已验证 Verified', cancelled: '已取消 Cancelled' };

/** 会议记要 (RY-D/Q/XZ-18) as the paper form: agenda, attendance, minutes, decisions, actions and those carried forward, acknowledgement. */
export function PrintMinutesPage() {
  const t = useT();
  const { id } = useParams();
  const { data: m, error, isLoading } = useMeeting(id);
  const { data: depts } = useDepartments();
  if (isLoading) return <Skeleton active />;
  if (!m) return <Alert type="error" showIcon title={isApiError(error) ? error.problem.detail : t('errors.loadFailed')} />;
  const dept = (code: string) => depts?.items.find((x) => x.code === code)?.name.zh ?? code;
  const actionRows = (list: typeof m.actions) =>
    list.map((a) => (
      <tr key={a.id}>
        <td>{a.number}</td>
        <td>{a.title}</td>
        <td>
          {a.ownerName} / {dept(a.department)}
        </td>
        <td>{a.dueDate}</td>
        <td>{statusText[a.status]}</td>
      </tr>
    ));
  const actionHead = (
    <>
      <colgroup>
        <col style={{ width: '12%' }} />
        <col style={{ width: '40%' }} />
        <col style={{ width: '22%' }} />
        <col style={{ width: '13%' }} />
        <col style={{ width: '13%' }} />
      </colgroup>
      <thead>
        <tr>
          <th>
            <L zh="编号" en="No." />
          </th>
          <th>
            <L zh="措施" en="Action" />
          </th>
          <th>
            <L zh="负责人 / 部门" en="Owner / dept." />
          </th>
          <th>
            <L zh="期限" en="Due" />
          </th>
          <th>
            <L zh="状态" en="Status" />
          </th>
        </tr>
      </thead>
    </>
  );
  return (
    <PrintFrame
      back={{ to: `/meetings/${m.id}`, label: m.number }}
      number={m.number}
      version={m.version}
      procedureId="internal-communication"
      title={{ zh: '会议记要', en: 'Meeting Minutes' }}
    >
      <PrintTable cols={['16%', '34%', '16%', '34%']}>
        <tr>
          <th>
            <L zh="会议名称" en="Meeting" />
          </th>
          <td className="pf-mark">{m.title}</td>
          <th>
            <L zh="例会系列" en="Series" />
          </th>
          <td>{m.seriesTitle ?? ''}</td>
        </tr>
        <tr>
          <th>
            <L zh="时间" en="Time" />
          </th>
          <td>{fmt(m.heldAt)}</td>
          <th>
            <L zh="地点" en="Place" />
          </th>
          <td>{m.place ?? ''}</td>
        </tr>
        <tr>
          <th>
            <L zh="主持人" en="Chair" />
          </th>
          <td>{m.chairName ?? ''}</td>
          <th>
            <L zh="分发" en="Distributed" />
          </th>
          <td>{m.distributedAt ? fmt(m.distributedAt) : ''}</td>
        </tr>
        <tr>
          <th>
            <L zh="议程" en="Agenda" />
          </th>
          <td colSpan={3} style={{ whiteSpace: 'pre-wrap' }}>
            {m.agenda ?? ''}
          </td>
        </tr>
      </PrintTable>
      <Section zh="会议记要" en="Minutes" />
      <PrintTable>
        <tr>
          <td style={{ whiteSpace: 'pre-wrap', height: 110 }}>{m.minutes ?? ''}</td>
        </tr>
      </PrintTable>
      <Section zh="决议" en="Decisions" />
      <PrintTable>
        <tr>
          <td style={{ whiteSpace: 'pre-wrap', height: 50 }}>{m.decisions ?? ''}</td>
        </tr>
      </PrintTable>
      <Section zh="措施" en="Actions" />
      <table className="pf-table">
        {actionHead}
        <tbody>{actionRows(m.actions)}</tbody>
      </table>
      {m.carriedActions.length > 0 && (
        <>
          <Section zh="上次会议未关闭措施（转入）" en="Open actions carried forward" />
          <table className="pf-table">
            {actionHead}
            <tbody>{actionRows(m.carriedActions)}</tbody>
          </table>
        </>
      )}
      <Section zh="参会人出席与签收" en="Attendance and acknowledgement" />
      <PrintTable head={[<L zh="姓名" en="Name" />, <L zh="出席" en="Attendance" />, <L zh="签收" en="Acknowledged" />]}>
        {m.participants.map((p) => (
          <tr key={p.userId}>
            <td>{p.name}</td>
            <td>{attendanceText[p.attendance]}</td>
            <td className="pf-sign">{p.acknowledgedAt ? fmt(p.acknowledgedAt) : ''}</td>
          </tr>
        ))}
      </PrintTable>
    </PrintFrame>
  );
}
