import { Alert, Skeleton } from 'antd';
import { useParams } from 'react-router';
import { isApiError } from '../api/client.js';
import { L, PrintPage, PrintSheet, PrintTable, useCompanyName } from '../platform/print/index.js';
import { useT } from '../i18n/index.js';
import { useDepartments } from '../identity/index.js';
import { useReplyLetter } from './api.js';

/**
 * The reply to a customer on the survey (CC 5.9): an A4 letter, Chinese with English
 * underneath, listing the improvements made from their answers. No app chrome.
 */
/** A letter, not a form: wider margins, airier lines, the title centred under the company. */
const css = `
  .rl-sheet { padding: 16mm 18mm; line-height: 1.55; }
  .rl-title { text-align: center; border-bottom: 2px solid #000; padding-bottom: 6px; margin-bottom: 12px; }
  .rl-title .zh { font-size: 17pt; font-weight: 700; letter-spacing: 3px; }
  .rl-title .en { font-size: 10pt; }
  .rl-meta { display: grid; grid-template-columns: 1fr 1fr; gap: 2px 16px; margin-bottom: 12px; font-size: 9.5pt; }
  .rl-en { color: #333; font-size: 9.5pt; }
  .rl-sheet .pf-table { margin: 10px 0; }
  .rl-sheet .pf-table th, .rl-sheet .pf-table td { padding: 4px 6px; }
  .rl-sign { margin-top: 28px; text-align: right; }
`;

const statusText: Record<string, { zh: string; en: string }> = {
  open: { zh: '进行中', en: 'In progress' },
  done: { zh: '已完成', en: 'Done' },
  verified: { zh: '已验证有效', en: 'Verified effective' },
};

export function ReplyLetterPage() {
  const { id, partyId } = useParams();
  const t = useT();
  const { data: l, error, isLoading } = useReplyLetter(id, partyId);
  const { data: depts } = useDepartments();
  const company = useCompanyName();
  const dept = (code: string) => depts?.items.find((d) => d.code === code)?.name ?? { zh: code, en: code };
  if (isLoading) return <Skeleton active style={{ padding: 24 }} />;
  if (error || !l) return <Alert type="error" showIcon title={isApiError(error) ? error.problem.detail : t('errors.loadFailed')} />;
  return (
    <PrintPage
      back={{ to: `/surveys/campaigns/${id}?tab=customers`, label: t('common.back') }}
      printLabel={t('survey.reply.print')}
      printTestId="letter-print"
      css={css}
    >
      <PrintSheet testId="reply-letter" className="rl-sheet">
        {(company.zh || company.en) && (
          <div style={{ textAlign: 'center', fontWeight: 700, borderBottom: '2px solid #000', paddingBottom: 6, marginBottom: 10 }} data-testid="print-company">
            {company.zh}
            {company.en && <div style={{ fontWeight: 400, fontSize: '9pt' }}>{company.en}</div>}
          </div>
        )}
        <div className="rl-title">
          <div className="zh">顾客满意度调查改善回复函</div>
          <div className="en">Reply on the Customer Satisfaction Survey</div>
        </div>
        <div className="rl-meta">
          <div>
            致 To：<b data-testid="letter-customer">{l.partyName}</b>
            {l.partyNameEn && <div className="rl-en">{l.partyNameEn}</div>}
          </div>
          <div>编号 Ref.：{l.campaignNumber}</div>
          <div>收件人 Attn.：{l.contactName ?? '—'}</div>
          <div>日期 Date：{l.date}</div>
        </div>
        <p>
          感谢贵司于 {l.periodFrom} 至 {l.periodTo} 期间对我司产品与服务的支持，并拨冗填写顾客满意度调查（{l.campaignTitle}）。我司已认真分析贵司的评价与意见，
          {l.improvements.length ? '并采取了以下改善措施：' : '贵司的评价未发现需要专项改善的问题，我司将继续保持并不断提升。'}
        </p>
        <p className="rl-en">
          Thank you for your business from {l.periodFrom} to {l.periodTo} and for taking the time to answer our customer satisfaction survey. We have analysed
          your ratings and comments
          {l.improvements.length
            ? ' and taken the improvements listed below.'
            : '; they show no issue needing a specific improvement, and we will keep improving.'}
        </p>
        {l.improvements.length > 0 && (
          <PrintTable
            testId="letter-improvements"
            cols={['8%', '40%', '16%', '12%', '24%']}
            head={[
              <L zh="序号" en="No." />,
              <L zh="改善项目" en="Improvement" />,
              <L zh="责任部门" en="Department" />,
              <L zh="状态" en="Status" />,
              <L zh="改善结果" en="Result" />,
            ]}
          >
            {l.improvements.map((a, i) => (
              <tr key={a.number}>
                <td>{i + 1}</td>
                <td>{a.title}</td>
                <td>
                  {dept(a.department).zh}
                  <div className="rl-en">{dept(a.department).en}</div>
                </td>
                <td>
                  {statusText[a.status]?.zh ?? a.status}
                  <div className="rl-en">{statusText[a.status]?.en ?? a.status}</div>
                </td>
                <td>{a.evidence ?? `计划完成 Due ${a.dueDate}`}</td>
              </tr>
            ))}
          </PrintTable>
        )}
        <p>如贵司对以上改善仍有意见或建议，欢迎随时与我司业务人员联系。再次感谢贵司的信任与支持！</p>
        <p className="rl-en">
          Should you have further comments on these improvements, please contact our sales staff at any time. Thank you again for your trust and support.
        </p>
        <div className="rl-sign">
          <div>此致 敬礼 / Sincerely,</div>
          <div style={{ marginTop: 24 }}>{l.senderName} · 市场部 Sales</div>
          {l.replied && <div className="rl-en">已发出 Sent {l.replied.at.slice(0, 10)}</div>}
        </div>
      </PrintSheet>
    </PrintPage>
  );
}
