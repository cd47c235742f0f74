import { Alert, Button, Skeleton } from 'antd';
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router';
import { isApiError } from '../api/client.js';
import { useCompanyName } from '../orders/PrintPages.js';
import { useT } from '../i18n/index.js';
import { useDepartments } from '../identity/api.js';
import { useReplyLetter } from './api.js';

/**
 * The reply to a customer on the survey (CC 5.9): an A4 letter, Chinese with English
 * underneath, listing the improvements made from their answers. No app chrome.
 */
const css = `
  .rl-page { background: #e9ecf1; min-height: 100vh; padding: 16px 0 32px; }
  .rl-toolbar { width: 210mm; max-width: 100%; margin: 0 auto 12px; display: flex; gap: 8px; }
  .rl-sheet { width: 210mm; max-width: 100%; min-height: 297mm; box-sizing: border-box; margin: 0 auto; background: #fff; padding: 16mm 18mm;
    box-shadow: 0 2px 10px rgba(0,0,0,.15); color: #000; font-size: 10.5pt; line-height: 1.55;
    font-family: 'Noto Serif CJK SC', 'Songti SC', SimSun, 'Noto Sans CJK SC', 'Microsoft YaHei', serif; }
  .rl-title { text-align: center; border-bottom: 2px solid #000; padding-bottom: 6px; margin-bottom: 12px; }
  .rl-title .zh { font-size: 17pt; font-weight: 700; letter-spacing: 3px; }
  .rl-title .en { font-size: 10pt; }
  .rl-meta { display: grid; grid-template-columns: 1fr 1fr; gap: 2px 16px; margin-bottom: 12px; font-size: 9.5pt; }
  .rl-en { color: #333; font-size: 9.5pt; }
  .rl-table { width: 100%; border-collapse: collapse; margin: 10px 0; table-layout: fixed; }
  .rl-table th, .rl-table td { border: 1px solid #000; padding: 4px 6px; vertical-align: top; word-break: break-word; }
  .rl-table th { background: #f2f2f2; text-align: left; font-weight: 600; }
  .rl-table th .en { display: block; font-size: 7.5pt; font-weight: 400; }
  .rl-sign { margin-top: 28px; text-align: right; }
  @media print {
    @page { size: A4 portrait; margin: 0; }
    html, body, #root { background: #fff !important; }
    .rl-page { background: #fff; padding: 0; }
    .rl-toolbar { display: none !important; }
    .rl-sheet { box-shadow: none; margin: 0; min-height: auto; }
  }
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
    <div className="rl-page">
      <style>{css}</style>
      <div className="rl-toolbar">
        <Link to={`/surveys/campaigns/${id}?tab=customers`}>
          <Button icon={<ArrowLeftOutlined />}>{t('common.back')}</Button>
        </Link>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="letter-print">
          {t('survey.reply.print')}
        </Button>
      </div>
      <div className="rl-sheet" data-testid="reply-letter">
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
          Thank you for your business from {l.periodFrom} to {l.periodTo} and for taking the time to answer our customer satisfaction survey. We have analysed your ratings and comments
          {l.improvements.length ? ' and taken the improvements listed below.' : '; they show no issue needing a specific improvement, and we will keep improving.'}
        </p>
        {l.improvements.length > 0 && (
          <table className="rl-table" data-testid="letter-improvements">
            <colgroup>
              <col style={{ width: '8%' }} />
              <col style={{ width: '40%' }} />
              <col style={{ width: '16%' }} />
              <col style={{ width: '12%' }} />
              <col style={{ width: '24%' }} />
            </colgroup>
            <thead>
              <tr>
                <th>序号<span className="en">No.</span></th>
                <th>改善项目<span className="en">Improvement</span></th>
                <th>责任部门<span className="en">Department</span></th>
                <th>状态<span className="en">Status</span></th>
                <th>改善结果<span className="en">Result</span></th>
              </tr>
            </thead>
            <tbody>
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
            </tbody>
          </table>
        )}
        <p>如贵司对以上改善仍有意见或建议，欢迎随时与我司业务人员联系。再次感谢贵司的信任与支持！</p>
        <p className="rl-en">Should you have further comments on these improvements, please contact our sales staff at any time. Thank you again for your trust and support.</p>
        <div className="rl-sign">
          <div>此致 敬礼 / Sincerely,</div>
          <div style={{ marginTop: 24 }}>
            {l.senderName} · 市场部 Sales
          </div>
          {l.replied && <div className="rl-en">已发出 Sent {l.replied.at.slice(0, 10)}</div>}
        </div>
      </div>
    </div>
  );
}
