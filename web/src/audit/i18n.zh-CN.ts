/** The audit trail's words, zh-CN first (the shared dictionaries take them as their `audit` section). */
export const auditZh = {
  nav: '审计追踪',
  title: '审计追踪完整性',
  intro:
    '每条审计记录写入时带有其内容的密钥签名，提交后按顺序链接成一条链。核对会从头重新计算整条链：记录被改动、删除、插入或调换位置都会被发现，并指出第一条出问题的记录（ISO 9001 7.5.3 记录的防护）。',
  verify: '立即核对',
  intact: '审计追踪完整',
  intactDetail: '已核对 {checked} 条记录，链头 #{seq}（{hash}…）。',
  pending: '{pending} 条刚写入的记录正在等待链接（几秒内完成）。',
  broken: '审计追踪已被改动',
  labels: { place: '链中位置', row: '审计记录编号', record: '所属记录', at: '写入时间' },
  kinds: {
    changed: '该记录写入后内容被改动。',
    missing: '该位置的记录缺失（被删除）。',
    'broken-link': '该记录不在原来的位置（被插入或调换）。',
    unsealed: '该记录从未被链接：不是由系统写入的，或在链接前被改动。',
    'head-mismatch': '链在记录的链头之前结束：末尾的记录被删除。',
  },
  advice: '请保留此页截图，并通知管理者代表与系统管理员：从备份核对被改动的内容。',
  cli: '命令行核对：npm run audit:verify（退出码 0 完整，1 已改动）。',
  never: '尚未核对',
};
export type AuditDict = typeof auditZh;
