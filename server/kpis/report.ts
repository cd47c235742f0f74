import ExcelJS from 'exceljs';
import type { z } from 'zod';
import type { Db } from '../platform/db/client.js';
import type { AuthContext } from '../platform/http/access.js';
import { selectDepartments } from '../identity/index.js';
import type { KpiQuery, TKpiValue } from '../../contracts/kpis.js';
import { kpiValues } from './kpis.service.js';

const inputs: Record<string, { zh: string; en: string }> = {
  'customer-satisfaction': { zh: '顾客满意与顾客反馈', en: 'Customer satisfaction and feedback' },
  'delivered-quality': { zh: '交付零件质量表现', en: 'Delivered part quality' },
  delivery: { zh: '交付表现与超额运费', en: 'Delivery performance and premium freight' },
  disruptions: { zh: '客户中断、特殊状态与通知', en: 'Customer disruptions, special status and notifications' },
  'process-performance': { zh: '过程绩效', en: 'Process performance' },
  actions: { zh: '措施的有效性', en: 'Effectiveness of actions' },
};
const statusText = { green: '达标 Met', amber: '预警 Warning', red: '未达标，需制定措施计划 Missed: action plan required', none: '无数据 No data' } as const;
const fill = { green: 'FFD9F7BE', amber: 'FFFFF1B8', red: 'FFFFCCC7', none: 'FFF5F5F5' } as const;

/**
 * The monthly KPI report and management-review input as a workbook [ISO 9001 9.3.2 c, IATF 9.1.2.1]: the same values
 * as the print page (GET /api/kpis), grouped by review input; money KPIs stay empty for users without price visibility.
 */
export async function kpiReportWorkbook(db: Db, auth: AuthContext, q: z.infer<typeof KpiQuery>): Promise<{ buf: Buffer; filename: string }> {
  const [values, depts] = await Promise.all([kpiValues(db, auth, q), selectDepartments(db)]);
  const dept = (code: string) => {
    const d = depts.find((x) => x.code === code);
    return d ? `${d.nameZh} ${d.nameEn}` : code;
  };
  const months = values.items[0]?.months.map((m) => m.month) ?? [];
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Accord';
  const ws = wb.addWorksheet('KPI');
  ws.addRow([`月度绩效指标报告 · 管理评审输入  Monthly KPI report · Management review input (ISO 9001 9.3 / IATF 9.1.2.1)`]).font = { bold: true, size: 13 };
  ws.addRow([`期间 Period: ${values.from} – ${values.to}`]);
  ws.addRow([]);
  const header = ws.addRow([
    '指标 KPI',
    'KPI (en)',
    '文件编号 Doc. no.',
    '责任部门 Owner',
    '单位 Unit',
    '目标 Target',
    '预警 Warning',
    ...months,
    '期间值 Period',
    '状态 Status',
  ]);
  header.font = { bold: true };
  const cell = (v: TKpiValue, x: number | null) => (v.hidden || x === null ? null : x);
  for (const [key, label] of Object.entries(inputs)) {
    const items = values.items.filter((v) => v.reviewInput === key);
    if (!items.length) continue;
    const g = ws.addRow([`${label.zh}  ${label.en}`]);
    g.font = { bold: true };
    for (const v of items) {
      const row = ws.addRow([
        v.name.zh,
        v.name.en,
        v.documentNo,
        dept(v.owner.department),
        v.unit,
        v.target,
        v.warning,
        ...v.months.map((m) => cell(v, m.value)),
        cell(v, v.total.value),
        v.hidden ? '需价格权限 Needs price visibility' : statusText[v.total.status],
      ]);
      v.months.forEach((m, i) => {
        row.getCell(8 + i).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: fill[v.hidden ? 'none' : m.status] } };
      });
      row.getCell(8 + months.length).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: fill[v.hidden ? 'none' : v.total.status] } };
    }
  }
  ws.columns.forEach((c, i) => {
    c.width = i === 0 ? 28 : i === 1 ? 40 : i === 3 ? 24 : i >= 7 + months.length ? 20 : 10;
  });
  ws.views = [{ state: 'frozen', xSplit: 2, ySplit: 4 }];
  return { buf: Buffer.from(await wb.xlsx.writeBuffer()), filename: `kpi-report-${values.from}-${values.to}.xlsx` };
}
