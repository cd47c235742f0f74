import type { Permission, TRoleCode } from '../../contracts/identity.js';
import { permissionKeys } from '../../contracts/identity.js';

/** Default departments of procedures.md §1 — data, renameable by an administrator. */
export const defaultDepartments: { code: string; zh: string; en: string }[] = [
  { code: 'gm-office', zh: '总经办', en: 'GM Office' },
  { code: 'sales', zh: '市场部（业务/发货）', en: 'Sales & Shipping' },
  { code: 'engineering', zh: '工程部', en: 'Engineering' },
  { code: 'development', zh: '开发部', en: 'Development' },
  { code: 'quality', zh: '品质部', en: 'Quality (QA)' },
  { code: 'process', zh: '工艺部', en: 'Process Engineering' },
  { code: 'production', zh: '生产部', en: 'Production' },
  { code: 'planning', zh: '计划部（PMC）', en: 'Planning & Material Control' },
  { code: 'warehouse', zh: '货仓部', en: 'Warehouse' },
  { code: 'purchasing', zh: '采购部（物流）', en: 'Purchasing & Logistics' },
  { code: 'finance', zh: '财务部', en: 'Finance' },
];

const staff: Permission[] = [
  'customers.read',
  'communications.read',
  'communications.write',
  'products.read',
  'orders.read',
  'orders.write',
  'surveys.read',
  'surveys.write',
  'quotations.read',
  'quotations.write',
  'complaints.read',
  'complaints.write',
  'visits.read',
  'visits.write',
  'internal.read',
  'internal.write',
  'registers.read',
  'registers.write',
  'engineering.read',
  'engineering.write',
  'service.read',
  'service.write',
];
const manager: Permission[] = [
  ...staff,
  'customers.write',
  'contacts.personal.read',
  'communications.void',
  'audit.read',
  'actions.manage',
  'products.manage',
  'orders.classify',
  'vendors.manage',
  'surveys.answers.read',
  'kpis.read',
];
const executive: Permission[] = [...manager, 'customers.accept', 'prices.read', 'kpis.manage', 'records.manage', 'records.dispose', 'service.warranty.manage'];

/** Default roles and the permissions they grant; an administrator may change the grants. */
export const defaultRoles: { code: TRoleCode; zh: string; en: string; permissions: Permission[] }[] = [
  { code: 'staff', zh: '员工', en: 'Staff', permissions: staff },
  { code: 'manager', zh: '部门经理', en: 'Manager', permissions: manager },
  { code: 'gm', zh: '总经理', en: 'General Manager', permissions: executive },
  { code: 'vp', zh: '副总', en: 'Vice President', permissions: executive },
  {
    code: 'mr',
    zh: '管理者代表',
    en: 'Management Representative',
    permissions: [
      'customers.read',
      'communications.read',
      'audit.read',
      'privacy.manage',
      'records.manage',
      'contacts.personal.read',
      'actions.manage',
      'products.read',
      'orders.read',
      'surveys.read',
      'surveys.answers.read',
      'quotations.read',
      'complaints.read',
      'visits.read',
      'internal.read',
      'internal.write',
      'kpis.read',
      'kpis.manage',
      'registers.read',
      'engineering.read',
      'service.read',
    ],
  },
  { code: 'admin', zh: '系统管理员', en: 'Administrator', permissions: [...permissionKeys] },
  // duty roles: what one department's work adds to staff (role templates combine them, contracts/identity.ts)
  {
    code: 'sales-clerk',
    zh: '业务（客户、报价、订单）',
    en: 'Sales duties (customers, quotations, orders)',
    permissions: ['customers.write', 'contacts.personal.read', 'prices.read'],
  },
  { code: 'finance-clerk', zh: '财务（价格评审）', en: 'Finance duties (price review)', permissions: ['prices.read', 'audit.read'] },
  {
    code: 'qa-engineer',
    zh: '品质（投诉、调查分析、措施）',
    en: 'Quality duties (complaints, survey analysis, actions)',
    permissions: ['surveys.answers.read', 'actions.manage', 'contacts.personal.read', 'kpis.read'],
  },
  { code: 'engineer', zh: '工程（产品目录）', en: 'Engineering duties (product catalogue)', permissions: ['products.manage'] },
  { code: 'purchaser', zh: '采购（外包加工商）', en: 'Purchasing duties (vendors)', permissions: ['vendors.manage'] },
];
