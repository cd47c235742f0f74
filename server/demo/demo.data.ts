/**
 * The demo company's fixed cast: our people, the customer master and the vocabulary the
 * communication texts are built from. Everything random is derived from these lists with a
 * seeded PRNG (see load-demo.ts), so every `npm run demo` shows the same company.
 * E-mail domains use the reserved `.example` top-level domain; phone numbers are invented.
 */
import type { TRoleCode } from '../../contracts/identity.js';

export const DEMO_USER_PASSWORD = 'accord-demo-2026';

export type UserKey = 'wang' | 'li' | 'chen' | 'zhao' | 'ma' | 'liu' | 'huang' | 'zhang' | 'sun' | 'zhou' | 'wu' | 'zheng' | 'feng' | 'qian';

export interface DemoUser {
  key: UserKey;
  username: string;
  displayName: string;
  roles: TRoleCode[];
  departments: string[];
  locale: 'zh-CN' | 'en-US';
  job: string;
}

export const demoUsers: DemoUser[] = [
  { key: 'wang', username: 'wangjg', displayName: '王建国', roles: ['manager', 'sales-clerk'], departments: ['sales'], locale: 'zh-CN', job: '市场部经理（王经理）Sales manager' },
  { key: 'li', username: 'lina', displayName: '李娜', roles: ['staff', 'sales-clerk'], departments: ['sales'], locale: 'zh-CN', job: '业务跟单 Sales clerk (domestic)' },
  { key: 'chen', username: 'chenjie', displayName: '陈杰 Jason Chen', roles: ['staff', 'sales-clerk'], departments: ['sales'], locale: 'en-US', job: '外贸跟单 Sales clerk (export, HK)' },
  { key: 'zhao', username: 'zhaomin', displayName: '赵敏', roles: ['staff', 'qa-engineer'], departments: ['quality'], locale: 'zh-CN', job: '品质工程师 QA engineer' },
  { key: 'ma', username: 'majun', displayName: '马骏', roles: ['manager', 'qa-engineer'], departments: ['quality'], locale: 'zh-CN', job: '品质部经理 QA manager' },
  { key: 'liu', username: 'liuyang', displayName: '刘洋', roles: ['staff'], departments: ['planning'], locale: 'zh-CN', job: 'PMC 计划员 Planner' },
  { key: 'huang', username: 'huangwei', displayName: '黄伟', roles: ['staff', 'engineer'], departments: ['engineering', 'development'], locale: 'zh-CN', job: '工程师 Engineer' },
  { key: 'zhang', username: 'zhanggq', displayName: '张国强', roles: ['gm'], departments: ['gm-office'], locale: 'zh-CN', job: '总经理 General Manager' },
  { key: 'sun', username: 'sunli', displayName: '孙丽', roles: ['vp'], departments: ['gm-office'], locale: 'zh-CN', job: '副总 Vice President' },
  { key: 'wu', username: 'wuqiang', displayName: '吴强', roles: ['staff'], departments: ['warehouse'], locale: 'zh-CN', job: '仓管员 Warehouse keeper' },
  { key: 'zheng', username: 'zhenghai', displayName: '郑海', roles: ['staff'], departments: ['production'], locale: 'zh-CN', job: '生产主管 Production supervisor' },
  { key: 'feng', username: 'fengmin', displayName: '冯敏', roles: ['staff', 'purchaser'], departments: ['purchasing'], locale: 'zh-CN', job: '采购员 Buyer' },
  { key: 'qian', username: 'qianfang', displayName: '钱芳', roles: ['staff', 'finance-clerk'], departments: ['finance'], locale: 'zh-CN', job: '会计 Accountant' },
  { key: 'zhou', username: 'zhouhui', displayName: '周慧', roles: ['mr'], departments: ['quality', 'gm-office'], locale: 'zh-CN', job: '管理者代表 Management representative' },
];

export type Industry = 'electronics' | 'hardware' | 'auto' | 'plastic' | 'lighting' | 'machinery';
export type Region = 'CN' | 'HK' | 'DE' | 'JP' | 'US';
export type ContactRole = 'buy' | 'qa' | 'eng' | 'mgmt';

export interface DemoContactSpec {
  name: string;
  title: string;
  role: ContactRole;
}

export interface DemoCustomer {
  code: string;
  nameZh: string;
  nameEn: string;
  grade: 'A' | 'B' | 'C' | 'D';
  status: 'prospect' | 'active' | 'dormant' | 'blocked';
  owner: 'wang' | 'li' | 'chen';
  cadence: 14 | 30 | 60 | 90 | null;
  region: Region;
  /** telephone area code (defaults per region) */
  area?: string;
  domain: string;
  industry: Industry;
  notesZh?: string;
  notesEn?: string;
  /** not contacted within its cadence (shows up under "contact due") */
  lapsed?: boolean;
  /** fixed contacts (otherwise generated) */
  contacts?: DemoContactSpec[];
  /** fixed product models (otherwise generated) */
  models?: { model: string; zh: string; en: string }[];
}

/**
 * The customer master. The order matters: a scaled-down demo takes the first N, so the
 * first few cover a key account, a lapsed customer, a foreign OEM, a HK trading house and a prospect.
 */
export const demoCustomers: DemoCustomer[] = [
  {
    code: 'SZ001', nameZh: '深圳市恒信电子有限公司', nameEn: 'Shenzhen Hengxin Electronics Co., Ltd.', grade: 'A', status: 'active', owner: 'wang', cadence: 14,
    region: 'CN', area: '755', domain: 'hengxin-elec.example', industry: 'electronics',
    notesZh: '重点客户。电源适配器外壳、散热片主要供应商之一；要求 PPAP 3 级提交，来料按 AQL 0.65 检验。',
    contacts: [
      { name: '刘建明', title: '采购经理', role: 'buy' },
      { name: '黄晓燕', title: '品质主管', role: 'qa' },
      { name: '郑伟', title: '研发工程师', role: 'eng' },
    ],
    models: [
      { model: 'HX-310A', zh: '电源适配器外壳', en: 'adapter housing' },
      { model: 'RY-2045', zh: '散热片', en: 'heat sink' },
      { model: 'HX-312B', zh: '屏蔽罩', en: 'shielding can' },
    ],
  },
  { code: 'DG001', nameZh: '东莞市创达五金制品有限公司', nameEn: 'Dongguan Chuangda Hardware Products Co., Ltd.', grade: 'A', status: 'active', owner: 'li', cadence: 14, region: 'CN', area: '769', domain: 'chuangda-hw.example', industry: 'hardware', notesZh: '月结 60 天；每周一传真周订单，需当天回传确认。' },
  { code: 'DE001', nameZh: '凯斯勒汽车系统有限公司', nameEn: 'Kessler Automotive Systems GmbH', grade: 'A', status: 'active', owner: 'chen', cadence: 30, region: 'DE', domain: 'kessler-auto.example', industry: 'auto', notesEn: 'German Tier-1. IATF 16949 customer-specific requirements apply; 8D within 10 working days; monthly scorecard on their supplier portal.' },
  { code: 'SU001', nameZh: '苏州工业园区华科汽车零部件有限公司', nameEn: 'Suzhou Huake Auto Parts Co., Ltd.', grade: 'B', status: 'active', owner: 'wang', cadence: 30, region: 'CN', area: '512', domain: 'huake-auto.example', industry: 'auto', lapsed: true, notesZh: '二级供应商，产品用于座椅总成；年度质量协议每年 3 月续签。' },
  { code: 'HK001', nameZh: '香港金华贸易有限公司', nameEn: 'Kam Wah Trading Co., Ltd.', grade: 'B', status: 'active', owner: 'chen', cadence: 30, region: 'HK', domain: 'kamwah-trading.example', industry: 'plastic', notesZh: '香港贸易商，货物经深圳湾口岸转运欧洲客户；中英文邮件均可。' },
  { code: 'NB001', nameZh: '宁波市海峰塑胶制品有限公司', nameEn: 'Ningbo Haifeng Plastic Products Co., Ltd.', grade: 'C', status: 'prospect', owner: 'li', cadence: 30, region: 'CN', area: '574', domain: 'haifeng-plastic.example', industry: 'plastic', notesZh: '展会认识的新客户，已索取样品，待总经理决定是否接纳。' },
  { code: 'JP001', nameZh: '丸山商事株式会社', nameEn: 'Maruyama Shoji Co., Ltd.', grade: 'B', status: 'active', owner: 'chen', cadence: 60, region: 'JP', domain: 'maruyama-shoji.example', industry: 'electronics', notesEn: 'Japanese trading company (Osaka). Orders by fax; very strict on packaging and labels.' },
  { code: 'US001', nameZh: '布莱特兰元件公司', nameEn: 'Brightline Components Inc.', grade: 'C', status: 'active', owner: 'chen', cadence: 60, region: 'US', domain: 'brightline-comp.example', industry: 'hardware', notesEn: 'US distributor (Chicago). Quarterly blanket orders, ships FOB Shenzhen.' },
  { code: 'SZ002', nameZh: '深圳市联达精密塑胶有限公司', nameEn: 'Shenzhen Lianda Precision Plastics Co., Ltd.', grade: 'B', status: 'active', owner: 'li', cadence: 30, region: 'CN', area: '755', domain: 'lianda-plastic.example', industry: 'plastic' },
  { code: 'DG002', nameZh: '东莞市宏达汽车配件有限公司', nameEn: 'Dongguan Hongda Auto Fittings Co., Ltd.', grade: 'A', status: 'active', owner: 'wang', cadence: 14, region: 'CN', area: '769', domain: 'hongda-auto.example', industry: 'auto', notesZh: 'IATF 16949 客户，每年一次二方审核；交付准时率要求 ≥ 98%。' },
  { code: 'SU002', nameZh: '苏州新锐电子科技有限公司', nameEn: 'Suzhou Xinrui Electronic Technology Co., Ltd.', grade: 'B', status: 'active', owner: 'li', cadence: 30, region: 'CN', area: '512', domain: 'xinrui-tech.example', industry: 'electronics' },
  { code: 'HK002', nameZh: '香港恒通贸易有限公司', nameEn: 'Hang Tung Trading Co., Ltd.', grade: 'C', status: 'active', owner: 'chen', cadence: 60, region: 'HK', domain: 'hangtung.example', industry: 'hardware' },
  { code: 'NB002', nameZh: '宁波北仑金盛五金有限公司', nameEn: 'Ningbo Beilun Jinsheng Hardware Co., Ltd.', grade: 'C', status: 'dormant', owner: 'li', cadence: 90, region: 'CN', area: '574', domain: 'jinsheng-hw.example', industry: 'hardware', lapsed: true, notesZh: '近半年无订单，客户主要产品线转移到越南工厂。' },
  { code: 'SZ003', nameZh: '深圳市瑞丰电源有限公司', nameEn: 'Shenzhen Ruifeng Power Supply Co., Ltd.', grade: 'B', status: 'active', owner: 'li', cadence: 30, region: 'CN', area: '755', domain: 'ruifeng-power.example', industry: 'electronics' },
  { code: 'DG003', nameZh: '东莞市佳美塑胶五金有限公司', nameEn: 'Dongguan Jiamei Plastic & Hardware Co., Ltd.', grade: 'D', status: 'blocked', owner: 'wang', cadence: null, region: 'CN', area: '769', domain: 'jiamei.example', industry: 'plastic', notesZh: '货款逾期超过 120 天，财务部要求暂停接单；恢复交易需总经理批准。' },
  { code: 'DE002', nameZh: '福格精密技术有限公司', nameEn: 'Vogel Präzisionstechnik GmbH', grade: 'B', status: 'active', owner: 'chen', cadence: 30, region: 'DE', area: '911', domain: 'vogel-praezision.example', industry: 'machinery', notesEn: 'Precision machinery maker (Nuremberg). First-article inspection report required for every drawing revision.' },
  { code: 'WX001', nameZh: '无锡华盛汽车电子有限公司', nameEn: 'Wuxi Huasheng Automotive Electronics Co., Ltd.', grade: 'A', status: 'active', owner: 'wang', cadence: 14, region: 'CN', area: '510', domain: 'huasheng-ae.example', industry: 'auto' },
  { code: 'XM001', nameZh: '厦门宏泰电子有限公司', nameEn: 'Xiamen Hongtai Electronics Co., Ltd.', grade: 'C', status: 'active', owner: 'li', cadence: 60, region: 'CN', area: '592', domain: 'hongtai-elec.example', industry: 'electronics', lapsed: true },
  { code: 'HK003', nameZh: '香港新昌贸易有限公司', nameEn: 'Sun Cheong Trading Co., Ltd.', grade: 'B', status: 'active', owner: 'chen', cadence: 30, region: 'HK', domain: 'suncheong.example', industry: 'electronics' },
  { code: 'FS001', nameZh: '佛山市顺德区美达电器有限公司', nameEn: 'Foshan Shunde Meida Electric Appliance Co., Ltd.', grade: 'B', status: 'active', owner: 'li', cadence: 30, region: 'CN', area: '757', domain: 'meida-ea.example', industry: 'plastic', lapsed: true },
  { code: 'SZ004', nameZh: '深圳市科讯通讯设备有限公司', nameEn: 'Shenzhen Kexun Communication Equipment Co., Ltd.', grade: 'C', status: 'prospect', owner: 'li', cadence: 30, region: 'CN', area: '755', domain: 'kexun-comm.example', industry: 'electronics', notesZh: '经老客户介绍，询价屏蔽罩；需先做合同评审和总经理批准。' },
  { code: 'US002', nameZh: '太平洋环宇分销公司', nameEn: 'Pacific Rim Distribution LLC', grade: 'D', status: 'prospect', owner: 'chen', cadence: 90, region: 'US', area: '213', domain: 'pacrim-dist.example', industry: 'hardware', notesEn: 'Met at the Canton Fair; asked for a catalogue and sample prices.' },
  { code: 'CQ001', nameZh: '重庆长江汽车零部件有限公司', nameEn: 'Chongqing Changjiang Auto Parts Co., Ltd.', grade: 'B', status: 'active', owner: 'wang', cadence: 30, region: 'CN', area: '23', domain: 'cj-autoparts.example', industry: 'auto' },
  { code: 'TJ001', nameZh: '天津滨海精工机械有限公司', nameEn: 'Tianjin Binhai Precision Machinery Co., Ltd.', grade: 'C', status: 'active', owner: 'li', cadence: 60, region: 'CN', area: '22', domain: 'binhai-jg.example', industry: 'machinery' },
  { code: 'HZ001', nameZh: '杭州萧山银河五金有限公司', nameEn: 'Hangzhou Xiaoshan Yinhe Hardware Co., Ltd.', grade: 'C', status: 'active', owner: 'li', cadence: 60, region: 'CN', area: '571', domain: 'yinhe-hw.example', industry: 'hardware' },
  { code: 'JP002', nameZh: '西田电机株式会社', nameEn: 'Nishida Electric Co., Ltd.', grade: 'B', status: 'active', owner: 'chen', cadence: 30, region: 'JP', area: '75', domain: 'nishida-denki.example', industry: 'electronics', notesEn: 'Japanese OEM (Kyoto). Annual supplier audit every autumn.' },
  { code: 'ZS001', nameZh: '中山市华艺灯饰配件有限公司', nameEn: 'Zhongshan Huayi Lighting Parts Co., Ltd.', grade: 'D', status: 'active', owner: 'li', cadence: 90, region: 'CN', area: '760', domain: 'huayi-lighting.example', industry: 'lighting' },
  { code: 'HK004', nameZh: '香港宝利达贸易有限公司', nameEn: 'Polytat Trading Co., Ltd.', grade: 'C', status: 'dormant', owner: 'chen', cadence: 90, region: 'HK', domain: 'polytat.example', industry: 'plastic', lapsed: true, notesZh: '主要终端客户破产后停止下单，保持季度联系。' },
  { code: 'QD001', nameZh: '青岛海岸电子有限公司', nameEn: 'Qingdao Haian Electronics Co., Ltd.', grade: 'C', status: 'active', owner: 'wang', cadence: 60, region: 'CN', area: '532', domain: 'haian-elec.example', industry: 'electronics' },
  { code: 'KS001', nameZh: '昆山捷锐精密模具有限公司', nameEn: 'Kunshan Jierui Precision Mould Co., Ltd.', grade: 'B', status: 'active', owner: 'wang', cadence: 30, region: 'CN', area: '512', domain: 'jierui-mould.example', industry: 'machinery' },
];

export const products: Record<Industry, { zh: string; en: string }[]> = {
  electronics: [
    { zh: '电源适配器外壳', en: 'adapter housing' },
    { zh: '散热片', en: 'heat sink' },
    { zh: '屏蔽罩', en: 'shielding can' },
    { zh: '连接器端子', en: 'connector terminal' },
    { zh: '电池弹片', en: 'battery contact' },
  ],
  hardware: [
    { zh: '冲压支架', en: 'stamped bracket' },
    { zh: '不锈钢弹片', en: 'stainless spring clip' },
    { zh: '铰链', en: 'hinge' },
    { zh: '螺丝柱', en: 'threaded standoff' },
    { zh: '五金垫片', en: 'washer' },
  ],
  auto: [
    { zh: '压铸支架', en: 'die-cast bracket' },
    { zh: '线束卡扣', en: 'harness clip' },
    { zh: '传感器外壳', en: 'sensor housing' },
    { zh: '制动管接头', en: 'brake line fitting' },
    { zh: '座椅调角器零件', en: 'seat recliner part' },
  ],
  plastic: [
    { zh: '注塑面壳', en: 'moulded front cover' },
    { zh: '电池盖', en: 'battery cover' },
    { zh: '旋钮', en: 'knob' },
    { zh: '导光柱', en: 'light guide' },
    { zh: '底座', en: 'base' },
  ],
  lighting: [
    { zh: '灯座', en: 'lamp holder' },
    { zh: '散热铝壳', en: 'aluminium heat-sink housing' },
    { zh: '灯罩卡扣', en: 'shade clip' },
  ],
  machinery: [
    { zh: '精密轴套', en: 'precision bushing' },
    { zh: '定位销', en: 'locating pin' },
    { zh: '模具镶件', en: 'mould insert' },
  ],
};

export const modelPrefixes: Record<Industry, string[]> = {
  electronics: ['HX', 'RY', 'KT'],
  hardware: ['MP', 'ST', 'BK'],
  auto: ['AP', 'ZD', 'CB'],
  plastic: ['PL', 'RY', 'JM'],
  lighting: ['LD', 'HY'],
  machinery: ['JG', 'TP'],
};

export const cnSurnames = ['张', '王', '李', '刘', '陈', '杨', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高', '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹', '彭'];
export const cnGivenNames = ['伟', '芳', '静', '丽', '强', '磊', '军', '勇', '艳', '涛', '明', '超', '霞', '刚', '志强', '海燕', '晓东', '建华', '丽华', '俊杰', '文博', '雪梅', '子豪', '思远', '嘉怡', '秀英', '国平', '春燕', '永红', '宏伟'];
export const hkNames: { zh: string; en: string }[] = [
  { zh: '陈家豪', en: 'Ken Chan' },
  { zh: '黄美玲', en: 'Mandy Wong' },
  { zh: '李志明', en: 'Raymond Lee' },
  { zh: '张嘉欣', en: 'Cherry Cheung' },
  { zh: '梁伟文', en: 'Vincent Leung' },
  { zh: '何慧君', en: 'Karen Ho' },
  { zh: '吴国强', en: 'Patrick Ng' },
  { zh: '刘颖诗', en: 'Winnie Lau' },
];
export const foreignNames: Record<'DE' | 'JP' | 'US', string[]> = {
  DE: ['Markus Weber', 'Stefan Hoffmann', 'Julia Schneider', 'Andreas Becker', 'Katrin Wolf', 'Thomas Richter', 'Sabine Krüger'],
  JP: ['Tanaka Hiroshi', 'Suzuki Yuko', 'Yamamoto Kenji', 'Sato Akira', 'Watanabe Mika', 'Ito Takeshi'],
  US: ['Michael Johnson', 'Sarah Miller', 'David Brown', 'Emily Davis', 'Kevin Wilson', 'Laura Martinez'],
};

export const titles: Record<'zh' | 'en', Record<ContactRole, string[]>> = {
  zh: {
    buy: ['采购经理', '采购员', '采购主管', 'PMC 主管'],
    qa: ['品质主管', 'SQE 供应商质量工程师', '品质经理', 'IQC 组长'],
    eng: ['研发工程师', '工程部主管', '项目工程师'],
    mgmt: ['总经理', '副总经理', '运营总监'],
  },
  en: {
    buy: ['Purchasing Manager', 'Buyer', 'Senior Buyer', 'Logistics Coordinator'],
    qa: ['SQE', 'Quality Manager', 'Supplier Quality Engineer'],
    eng: ['Project Engineer', 'Design Engineer', 'Engineering Manager'],
    mgmt: ['Managing Director', 'Sales Manager', 'Operations Director'],
  },
};

export interface Defect {
  zh: string;
  zhDetail: string;
  en: string;
  enDetail: string;
}

export const defects: Defect[] = [
  { zh: '开裂', zhDetail: '受力部位开裂', en: 'crack', enDetail: 'cracks in the load-bearing area' },
  { zh: '毛刺', zhDetail: '冲切边缘毛刺超过 0.1 mm', en: 'burr', enDetail: 'burrs above 0.1 mm on the punched edge' },
  { zh: '尺寸超差', zhDetail: '孔距超差（图纸 32.00±0.05，实测 32.12）', en: 'out-of-tolerance', enDetail: 'hole pitch out of tolerance (32.00 ±0.05 mm on the drawing, measured 32.12)' },
  { zh: '包装破损', zhDetail: '外箱压塌、内袋破损，部分产品碰伤', en: 'damaged packaging', enDetail: 'crushed cartons and torn inner bags, some parts dented' },
  { zh: '划伤', zhDetail: '外观面划伤', en: 'scratches', enDetail: 'scratches on the cosmetic surface' },
  { zh: '混料', zhDetail: '同一箱内混入另一型号', en: 'mixed parts', enDetail: 'another part number mixed into the same carton' },
  { zh: '生锈', zhDetail: '到货时表面生锈', en: 'rust', enDetail: 'surface rust on arrival' },
  { zh: '变形', zhDetail: '平面度超差，装配困难', en: 'deformation', enDetail: 'flatness out of tolerance, hard to assemble' },
];
