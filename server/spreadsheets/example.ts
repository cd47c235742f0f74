import ExcelJS from 'exceljs';

/**
 * The bundled example workbook: a mid-size factory's customers with contacts, models, qualified vendors, a year of
 * customer correspondence, the open orders at their steps and the people who work on them — bilingual headers, one
 * sheet per kind, what a newcomer imports (in that order) to see a living system. Built on request, deterministic
 * (the same content every time; the sheets added later draw after the earlier ones, so those stay as they were).
 */

function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const cities = [
  ['深圳', 'Shenzhen', 'SZ'],
  ['东莞', 'Dongguan', 'DG'],
  ['苏州', 'Suzhou', 'SU'],
  ['宁波', 'Ningbo', 'NB'],
  ['上海', 'Shanghai', 'SH'],
  ['天津', 'Tianjin', 'TJ'],
  ['重庆', 'Chongqing', 'CQ'],
  ['佛山', 'Foshan', 'FS'],
] as const;
const trades = [
  ['汽车零部件', 'Auto Parts'],
  ['电子科技', 'Electronics'],
  ['精密机械', 'Precision Machinery'],
  ['家电', 'Home Appliances'],
  ['医疗器械', 'Medical Devices'],
] as const;
const surnames = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭'];
const given = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明'];
const titles = ['采购经理', '采购员', '品质主管', 'SQE', '工程师', '项目经理', '物流主管'];
const parts = [
  ['支架', 'Bracket'],
  ['外壳', 'Housing'],
  ['端盖', 'End cap'],
  ['轴套', 'Bushing'],
  ['垫片', 'Washer'],
  ['连接器座', 'Connector base'],
  ['散热片', 'Heat sink'],
  ['卡扣', 'Clip'],
] as const;
const vendorRows = [
  ['V-PL01', '东莞宏达电镀厂', 'Dongguan Hongda Plating', 'qualified', '电镀 镀锌/镀镍'],
  ['V-HT02', '苏州恒温热处理有限公司', 'Suzhou Hengwen Heat Treatment', 'qualified', '热处理 淬火/回火'],
  ['V-PT03', '佛山美涂喷涂厂', 'Foshan Meitu Coating', 'conditional', '喷涂 粉末喷涂'],
  ['V-MC04', '宁波精雕机加工', 'Ningbo Jingdiao Machining', 'qualified', 'CNC 机加工'],
  ['V-ST05', '深圳金冲五金冲压', 'Shenzhen Jinchong Stamping', 'qualified', '冲压'],
  ['V-IM06', '东莞塑联注塑', 'Dongguan Sulian Injection', 'suspended', '注塑（暂停：交期不稳定）'],
];
const topics = [
  ['enquiry', '询价', ['询价：{model} 年用量 {qty} 件', '客户询问 {model} 的价格和交期，年用量约 {qty} 件，要求两周内报价。', '已安排报价']],
  ['order', '订单', ['订单确认：{model} {qty} 件', '客户来电确认 {model} 订单 {qty} 件，要求月底前交货。', '已回复交期']],
  ['product-info', '产品信息', ['{model} 图纸变更', '客户通知 {model} 图纸升版，公差收紧，请评估影响。', '工程部评估中']],
  ['complaint', '投诉', ['{model} 来料不良', '客户反馈 {model} 批次有毛刺，不良约 {bad} 件，要求 8D 回复。', '品质部已启动 8D']],
  ['other', '其他', ['年度审核安排', '客户计划下月来厂进行年度过程审核，请准备资料。', '已回复可行日期']],
] as const;
const channelsZh = ['电话', '邮件', '微信', '传真', '会议', '拜访'];

let built: Promise<Buffer> | null = null;
/** The example workbook, built once per process (it is the same every time). */
export function exampleWorkbook(): Promise<Buffer> {
  built ??= buildExampleWorkbook();
  return built;
}

export const EXAMPLE_FILE_NAME = 'accord-example-factory.xlsx';

export async function buildExampleWorkbook(): Promise<Buffer> {
  const rand = prng(20260305);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Accord';

  // customers with their primary contact
  const customers: { code: string; contact: string }[] = [];
  const cs = wb.addWorksheet('客户 Customers', { views: [{ state: 'frozen', ySplit: 1 }] });
  cs.addRow([
    '客户编号 Customer code',
    '客户名称 Customer name',
    '英文名称 English name',
    '等级 Grade',
    '状态 Status',
    '联系周期（天） Contact cadence (days)',
    '联系人 Contact',
    '职务 Title',
    '电话 Phone',
    '手机 Mobile',
    '邮箱 Email',
    '备注 Notes',
  ]).font = { bold: true };
  let n = 0;
  for (const [cityZh, cityEn, cityCode] of cities) {
    for (const [tradeZh, tradeEn] of trades) {
      if (rand() < 0.15) continue;
      n++;
      const code = `${cityCode}${String(n).padStart(3, '0')}`;
      const contact = pick(surnames) + pick(given) + (rand() < 0.5 ? pick(given) : '');
      const grade = pick(['A', 'B', 'B', 'C', 'C', 'D']);
      cs.addRow([
        code,
        `${cityZh}${pick(['华', '恒', '鑫', '泰', '盛', '联'])}${pick(['达', '通', '丰', '源', '新', '宇'])}${tradeZh}有限公司`,
        `${cityEn} ${tradeEn} Co., Ltd.`,
        grade,
        pick(['活跃', '活跃', '活跃', '潜在', '休眠']),
        grade === 'A' ? 14 : grade === 'B' ? 30 : 60,
        contact,
        pick(titles),
        `0${Math.floor(rand() * 900 + 100)}-${Math.floor(rand() * 90000000 + 10000000)}`,
        `1${pick(['38', '39', '58', '86', '35'])}${Math.floor(rand() * 90000000 + 10000000)}`,
        `${code.toLowerCase()}@example.cn`,
        rand() < 0.2 ? '年度框架协议客户' : null,
      ]);
      customers.push({ code, contact });
    }
  }

  // models
  const models: string[] = [];
  const ps = wb.addWorksheet('型号 Products', { views: [{ state: 'frozen', ySplit: 1 }] });
  ps.addRow(['型号 Model', '规格 Specification', '中文名称 Chinese name', '英文名称 English name', '在BOM中 In BOM', '备注 Notes']).font = { bold: true };
  for (let i = 1; i <= 60; i++) {
    const [zh, en] = pick(parts);
    const model = `${pick(['AB', 'CK', 'HX', 'PM'])}-${String(1000 + i * 7)}`;
    models.push(model);
    ps.addRow([
      model,
      `${Math.floor(rand() * 90 + 10)}x${Math.floor(rand() * 90 + 10)}x${Math.floor(rand() * 9 + 1)} ${pick(['SPCC', 'SUS304', 'AL6061', 'PA66', 'H62'])}`,
      zh,
      en,
      rand() < 0.85 ? '是' : '否',
      null,
    ]);
  }

  const vs = wb.addWorksheet('外包加工商 Vendors', { views: [{ state: 'frozen', ySplit: 1 }] });
  vs.addRow(['编号 Code', '名称 Name', '英文名称 English name', '状态 Status', '加工范围 Scope']).font = { bold: true };
  for (const v of vendorRows) vs.addRow(v);

  // a year of correspondence, dates typed the ways factories type them
  const ms = wb.addWorksheet('沟通记录 Communications', { views: [{ state: 'frozen', ySplit: 1 }] });
  ms.addRow([
    '客户编号 Customer code',
    '沟通时间 When',
    '沟通方式 Channel',
    '方向 Direction',
    '类别 Topic',
    '客户联系人 Contact',
    '主题 Subject',
    '内容 Content',
    '结果 Result',
  ]).font = { bold: true };
  const start = Date.UTC(2025, 11, 1);
  for (let i = 0; i < 400; i++) {
    const c = pick(customers);
    const [, topicZh, [subject, content, result]] = pick(topics);
    const model = pick(models);
    const fill = (s: string) =>
      s
        .replace('{model}', model)
        .replace('{qty}', String(Math.floor(rand() * 50 + 1) * 1000))
        .replace('{bad}', String(Math.floor(rand() * 200 + 5)));
    const at = new Date(start + Math.floor(rand() * 360) * 86_400_000 + (8 + Math.floor(rand() * 10)) * 3_600_000 + Math.floor(rand() * 4) * 900_000);
    const y = at.getUTCFullYear();
    const m = at.getUTCMonth() + 1;
    const d = at.getUTCDate();
    const hhmm = `${String(at.getUTCHours()).padStart(2, '0')}:${String(at.getUTCMinutes()).padStart(2, '0')}`;
    const when =
      i % 3 === 0
        ? `${y}/${m}/${d} ${hhmm}`
        : i % 3 === 1
          ? `${y}年${m}月${d}日 ${hhmm}`
          : `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')} ${hhmm}`;
    ms.addRow([
      c.code,
      when,
      pick(channelsZh),
      rand() < 0.6 ? '收到' : '发出',
      topicZh,
      c.contact,
      `${fill(subject)}（${i + 1}）`,
      fill(content),
      fill(result),
    ]);
  }
  // open orders, one row per line (the same customer and PO = one order), each standing at a step of the order
  // procedure since a given time: the clocks run from there, some of them overdue as in any factory
  const os = wb.addWorksheet('未结订单 Open orders', { views: [{ state: 'frozen', ySplit: 1 }] });
  os.addRow([
    '客户编号 Customer code',
    '客户订单号 Customer PO',
    '订货日期 Order date',
    '订单形式 Form',
    '当前步骤 Current step',
    '进入步骤时间 At this step since',
    '型号 Model',
    '数量 Quantity',
    '单位 Unit',
    '要求交期 Requested delivery',
    '单价 Unit price',
    '币种 Currency',
    '备注 Notes',
  ]).font = { bold: true };
  const steps = [
    '接单与评审准备',
    '与客户澄清',
    '合同评审（各部门会签）',
    '发出生产通知表',
    'production',
    '生产中',
    '生产中',
    '出货前与客户再确认',
    'shipment',
  ];
  const forms = ['正式订单', '正式订单', '正式订单', '传真', '邮件', '口头'];
  const ymd = (t: number) => {
    const d = new Date(t);
    return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
  };
  const orderStart = Date.UTC(2026, 9, 1);
  for (let i = 0; i < 24; i++) {
    const c = customers[(i * 7) % customers.length]!;
    const ordered = orderStart + Math.floor(rand() * 60) * 86_400_000;
    const step = steps[i % steps.length]!;
    const since = `${ymd(ordered + Math.floor(rand() * 5 + 1) * 86_400_000)} ${String(9 + Math.floor(rand() * 8)).padStart(2, '0')}:00`;
    const form = pick(forms);
    const po = `${c.code}-PO${String(2610 + i * 3).padStart(5, '0')}`;
    const lines = 1 + Math.floor(rand() * 3);
    for (let l = 0; l < lines; l++) {
      const qty = Math.floor(rand() * 40 + 1) * 500;
      const due = ordered + (30 + Math.floor(rand() * 60)) * 86_400_000;
      os.addRow([
        c.code,
        po,
        ymd(ordered),
        form,
        step,
        since,
        pick(models),
        qty,
        'pcs',
        ymd(due),
        Math.round((rand() * 20 + 0.5) * 100) / 100,
        'CNY',
        i % 5 === 0 ? '客户要求分批交货 / partial deliveries' : null,
      ]);
    }
  }

  // the people: departments and roles by name or code (several separated by 、), one-time passwords handed out
  const us = wb.addWorksheet('用户 Users', { views: [{ state: 'frozen', ySplit: 1 }] });
  us.addRow(['用户名 User name', '姓名 Name', '工作邮箱 Work e-mail', '部门 Departments', '角色 Roles', '语言 Language']).font = { bold: true };
  const people = [
    ['zhao.gang', '赵刚', 'gm-office', '总经理', '中文'],
    ['qian.li', '钱丽', 'gm-office', '副总', '中文'],
    ['sun.hao', '孙浩', 'sales', '部门经理、sales-clerk', '中文'],
    ['li.na', '李娜', 'sales', '员工、sales-clerk', '中文'],
    ['zhou.min', '周敏', 'sales', '员工、sales-clerk', 'English'],
    ['wu.jun', '吴军', '品质部', '部门经理、qa-engineer', '中文'],
    ['zheng.yan', '郑艳', '品质部', '员工、qa-engineer', '中文'],
    ['wang.lei', '王磊', '工程部', '部门经理、engineer', '中文'],
    ['feng.tao', '冯涛', '生产部', '部门经理', '中文'],
    ['chen.jie', '陈杰', 'planning', '部门经理', '中文'],
    ['chu.yong', '褚勇', 'purchasing', '员工、purchaser', '中文'],
    ['wei.juan', '卫娟', '财务部', '员工、finance-clerk', '中文'],
  ] as const;
  for (const [user, name, dept, roles, lang] of people) us.addRow([user, name, `${user}@example-factory.cn`, dept, roles, lang]);

  for (const ws of [cs, ps, vs, ms, os, us]) ws.columns.forEach((col) => (col.width = 22));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
