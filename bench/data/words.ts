/**
 * Vocabulary of the generated factory's customers, on top of the demo company's (products,
 * model prefixes, defects and communication scenarios in server/demo are reused as they are).
 */
import type { Scenario } from '../../server/demo/templates.js';
export type { Industry } from '../../server/demo/demo.data.js';

export const cnCities = [
  { zh: '深圳市', en: 'Shenzhen' }, { zh: '东莞市', en: 'Dongguan' }, { zh: '苏州', en: 'Suzhou' }, { zh: '宁波市', en: 'Ningbo' },
  { zh: '无锡', en: 'Wuxi' }, { zh: '厦门', en: 'Xiamen' }, { zh: '佛山市', en: 'Foshan' }, { zh: '重庆', en: 'Chongqing' },
  { zh: '天津', en: 'Tianjin' }, { zh: '杭州', en: 'Hangzhou' }, { zh: '中山市', en: 'Zhongshan' }, { zh: '青岛', en: 'Qingdao' },
  { zh: '昆山', en: 'Kunshan' }, { zh: '常州', en: 'Changzhou' }, { zh: '惠州市', en: 'Huizhou' }, { zh: '温州', en: 'Wenzhou' },
];
export const brandSyllables = ['华', '信', '瑞', '丰', '宏', '泰', '佳', '美', '金', '达', '恒', '盛', '博', '远', '精', '诚', '永', '安', '鑫', '源', '聚', '力', '通', '海', '天', '嘉', '辉', '新', '创', '隆'];
export const industryWords: Record<string, { zh: string; en: string }[]> = {
  electronics: [{ zh: '电子', en: 'Electronics' }, { zh: '电源科技', en: 'Power Technology' }, { zh: '通讯设备', en: 'Communication Equipment' }],
  hardware: [{ zh: '五金制品', en: 'Hardware Products' }, { zh: '精密五金', en: 'Precision Hardware' }, { zh: '金属制品', en: 'Metal Products' }],
  auto: [{ zh: '汽车零部件', en: 'Auto Parts' }, { zh: '汽车电子', en: 'Automotive Electronics' }, { zh: '车用配件', en: 'Vehicle Components' }],
  plastic: [{ zh: '塑胶制品', en: 'Plastic Products' }, { zh: '注塑科技', en: 'Injection Moulding Technology' }, { zh: '塑胶五金', en: 'Plastic & Hardware' }],
  lighting: [{ zh: '照明电器', en: 'Lighting Appliances' }, { zh: '灯饰配件', en: 'Lighting Parts' }],
  machinery: [{ zh: '精密机械', en: 'Precision Machinery' }, { zh: '精密模具', en: 'Precision Mould' }, { zh: '自动化设备', en: 'Automation Equipment' }],
};
export const foreignCompanies = {
  DE: { suffixZh: '有限公司', stems: ['Weber', 'Hoffmann', 'Krüger', 'Vogel', 'Brandt', 'Keller', 'Lang', 'Schulz'], kinds: ['Präzisionstechnik GmbH', 'Automotive GmbH', 'Elektrotechnik AG', 'Antriebstechnik GmbH'] },
  JP: { suffixZh: '株式会社', stems: ['Nishida', 'Takara', 'Morita', 'Kobayashi', 'Fujimoto', 'Hayashi'], kinds: ['Electric Co., Ltd.', 'Seiki Co., Ltd.', 'Industries Co., Ltd.'] },
  US: { suffixZh: '公司', stems: ['Pacific', 'Summit', 'Lakeside', 'Midwest', 'Atlas', 'Keystone'], kinds: ['Components LLC', 'Manufacturing Inc.', 'Distribution LLC', 'Controls Inc.'] },
} as const;
export const foreignZh: Record<string, string> = {
  Weber: '韦伯', Hoffmann: '霍夫曼', Krüger: '克鲁格', Vogel: '福格', Brandt: '勃兰特', Keller: '凯勒', Lang: '朗格', Schulz: '舒尔茨',
  Nishida: '西田', Takara: '宝', Morita: '森田', Kobayashi: '小林', Fujimoto: '藤本', Hayashi: '林',
  Pacific: '太平洋', Summit: '顶峰', Lakeside: '湖畔', Midwest: '中西部', Atlas: '阿特拉斯', Keystone: '基石',
};

/** Topic of each scenario, used when a scenario does not name its own. */
export const scenarioTopic: Record<string, 'enquiry' | 'order' | 'product-info' | 'complaint' | 'customer-property' | 'contingency' | 'other'> = {
  'delivery-enquiry': 'order',
  'fax-order': 'order',
  'portal-forecast': 'order',
  'drawing-sample': 'product-info',
  'price-enquiry': 'enquiry',
  'quote-follow-up': 'enquiry',
  complaint: 'complaint',
  '8d-report': 'complaint',
  'delivery-change': 'order',
  'pre-shipment': 'order',
  'customer-audit': 'other',
  'our-visit': 'other',
  'survey-return': 'other',
  'business-review': 'other',
  'customer-letter': 'other',
  'internal-coordination': 'other',
  'payment-reminder': 'other',
  'rohs-declaration': 'product-info',
  'mould-maintenance': 'customer-property',
  'packaging-change': 'order',
};

/** A few more industrial situations: compliance declarations, customer-owned moulds, packaging. */
export const extraScenarios: Scenario[] = [
  {
    key: 'rohs-declaration',
    topic: 'product-info',
    weight: 5,
    channels: ['email', 'portal'],
    direction: 'in',
    actor: 'qa',
    contact: 'qa',
    followUp: 0.3,
    zh: (c) => ({
      subject: c.rng.pick([`${c.model} RoHS/REACH 符合性声明`, `索取 ${c.product.zh} 的 RoHS 检测报告`, `SVHC 清单更新：${c.model}`]),
      content: c.rng.pick([
        `${c.contact}要求提供 ${c.model}（${c.product.zh}）最新的 RoHS 2.0 和 REACH SVHC 符合性声明，以及第三方检测报告（SGS），${c.day(5)} 前上传客户系统。`,
        `客户年度环保物质调查：${c.product.zh} ${c.model} 需填写材料成分表（IMDS），并确认电镀层不含六价铬。`,
      ]),
      result: c.rng.pick([
        `${c.qa}已整理 SGS 报告（有效期内）和符合性声明，${c.day(2)} 已上传。`,
        `电镀供应商的检测报告已过期，已要求重新送检，预计 ${c.day(10)} 提供，已告知${c.contact}。`,
      ]),
    }),
    en: (c) => ({
      subject: c.rng.pick([`RoHS / REACH declaration for ${c.model}`, `Request: RoHS test report, ${c.product.en}`, `SVHC list update – ${c.model}`]),
      content: c.rng.pick([
        `${c.contact} asked for the current RoHS 2.0 and REACH SVHC declarations of conformity for ${c.model} (${c.product.en}) with the third-party (SGS) test report, to be uploaded by ${c.day(5)}.`,
        `Annual material compliance survey: IMDS material data sheet for ${c.model} and confirmation that the plating is free of hexavalent chromium.`,
      ]),
      result: c.rng.pick([
        `${c.qa} compiled the valid SGS report and the declaration; uploaded on ${c.day(2)}.`,
        `The plating supplier's report has expired; re-test requested, expected ${c.day(10)}. ${c.contact} informed.`,
      ]),
    }),
  },
  {
    key: 'mould-maintenance',
    topic: 'customer-property',
    weight: 4,
    channels: ['email', 'phone', 'visit'],
    direction: 'out',
    actor: 'engineer',
    contact: 'eng',
    followUp: 0.4,
    zh: (c) => ({
      subject: c.rng.pick([`客户模具 ${c.model} 保养通知`, `${c.model} 模具寿命已到 80%`, `模具维修：${c.product.zh}`]),
      content: c.rng.pick([
        `客户财产：${c.model} 注塑模具累计 ${c.qty * 100} 模次，达到设计寿命 80%，需评估是否新开模具；${c.engineer}已做模具状态记录并拍照。`,
        `${c.model} 模具型腔磨损，产品出现飞边，需停机维修 3 天，可能影响 ${c.po} 交期。`,
      ]),
      result: c.rng.pick([`已书面通知${c.contact}，客户同意 ${c.day(7)} 安排模具维修并承担费用。`, `客户要求先提供维修方案和费用报价，${c.engineer}负责 ${c.day(3)} 前回复。`]),
    }),
    en: (c) => ({
      subject: c.rng.pick([`Customer-owned mould ${c.model}: maintenance notice`, `Mould ${c.model} at 80 % of its tool life`, `Mould repair – ${c.product.en}`]),
      content: c.rng.pick([
        `Customer property: the injection mould for ${c.model} has run ${c.qty * 100} shots, 80 % of its design life. ${c.engineer} recorded its condition with photos; a replacement tool should be considered.`,
        `Cavity wear on the ${c.model} mould causes flash; the tool needs three days of repair, which may affect PO ${c.po}.`,
      ]),
      result: c.rng.pick([`${c.contact} was notified in writing and agreed to the repair on ${c.day(7)} at their cost.`, `Customer wants a repair plan and quotation first; ${c.engineer} to reply by ${c.day(3)}.`]),
    }),
  },
  {
    key: 'packaging-change',
    topic: 'order',
    weight: 4,
    channels: ['email', 'im'],
    direction: 'in',
    actor: 'owner',
    contact: 'buy',
    followUp: 0.2,
    zh: (c) => ({
      subject: c.rng.pick([`${c.model} 包装方式变更`, `外箱标签要求更新`, `${c.po} 包装要求：防静电袋`]),
      content: c.rng.pick([
        `${c.contact}通知自 ${c.day(10)} 起 ${c.model} 改用防静电袋 + 吸塑盘包装，每箱 ${c.qty / 10} pcs，外箱贴客户新版条码标签。`,
        `客户要求 ${c.po} 出货外箱加贴批次号 ${c.lot} 和 MSL 等级标签，托盘高度不超过 1.2 m。`,
      ]),
      result: c.rng.pick([`已转计划部和货仓部，包装作业指导书已更新，下批出货执行。`, `新吸塑盘需开模，已请采购部询价，${c.day(5)} 回复客户。`]),
    }),
    en: (c) => ({
      subject: c.rng.pick([`Packaging change for ${c.model}`, `New carton label requirements`, `PO ${c.po}: ESD packaging`]),
      content: c.rng.pick([
        `${c.contact} informed us that from ${c.day(10)} ${c.model} must be packed in ESD bags and blister trays, ${c.qty / 10} pcs per carton, with the new barcode label.`,
        `Customer asks for the lot number ${c.lot} and MSL labels on every carton of PO ${c.po}; pallet height max. 1.2 m.`,
      ]),
      result: c.rng.pick([`Passed to Planning and Warehouse; packing instruction updated for the next shipment.`, `New blister trays need a tool; Purchasing is getting quotes, reply to customer by ${c.day(5)}.`]),
    }),
  },
];
