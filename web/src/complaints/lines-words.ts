/**
 * The words of the complaint's lines (order / shipment / lot), its D0 box and the order page's complaint list: kept
 * with these components (useFeatureT), not in the shared dictionary — the first load stays within its budget.
 */
export const linesWords = {
  'zh-CN': {
    emergency: { symptom: '症状（客户看到的现象）', response: '紧急响应措施', none: '尚未记录：在流程面板完成 D0 时填写。', by: '{name} 于 {at} 记录' },
    lines: {
      title: '涉及的订单、出货与批次',
      hint: '每行一个型号/批号；知道时选择该客户的订单行和出货，以便追溯到订单、合同评审和生产通知。',
      edit: '编辑明细',
      add: '添加一行',
      no: '行',
      returned: '退回数量',
      order: '订单 / 行',
      shipment: '出货',
      pickOrder: '该客户的订单行（可选）',
      pickShipment: '出货（可选）',
      noOrder: '未关联订单',
      shipmentOf: '{at} 出货 {qty}',
      orderLine: '{number} 第 {line} 行',
    },
    onOrder: { title: '客户投诉', empty: '没有针对本订单的投诉', lines: '涉及的行' },
  },
  'en-US': {
    emergency: {
      symptom: 'Symptom (as the customer sees it)',
      response: 'Emergency response action',
      none: 'Not recorded yet: filled in when D0 is completed in the procedure panel.',
      by: 'Recorded by {name} at {at}',
    },
    lines: {
      title: 'Orders, shipments and lots concerned',
      hint: "One line per model / lot; where known, pick the customer's order line and shipment, so the complaint traces to its order, contract review and production notice.",
      edit: 'Edit lines',
      add: 'Add a line',
      no: 'Line',
      returned: 'Returned',
      order: 'Order / line',
      shipment: 'Shipment',
      pickOrder: "The customer's order line (optional)",
      pickShipment: 'Shipment (optional)',
      noOrder: 'No order named',
      shipmentOf: 'shipped {at}, {qty}',
      orderLine: '{number} line {line}',
    },
    onOrder: { title: 'Customer complaints', empty: 'No complaints against this order', lines: 'Lines concerned' },
  },
};
