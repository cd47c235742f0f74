import { z } from 'zod';
import { Id, IsoDateTime, Version, Localized } from './common.js';

/** Permissions are declared once here; roles grant them (as data, editable by an admin). */
export const permissions = {
  'customers.read': { zh: '查看客户档案', en: 'View customers' },
  'customers.write': { zh: '新建和修改客户档案', en: 'Create and edit customers' },
  'customers.accept': { zh: '批准接纳新客户', en: 'Accept new customers' },
  'contacts.personal.read': { zh: '查看联系人个人信息（电话、邮箱等）', en: "View contacts' personal data (phone, email…)" },
  'communications.read': { zh: '查看沟通记录', en: 'View communications' },
  'communications.write': { zh: '登记和更正沟通记录', en: 'Log and correct communications' },
  'communications.void': { zh: '作废沟通记录', en: 'Void communications' },
  'prices.read': { zh: '查看价格、折扣和成本', en: 'View prices, discounts and costs' },
  'products.read': { zh: '查看产品目录', en: 'View the product catalogue' },
  'products.manage': { zh: '维护产品目录（型号、规格、BOM 标记）', en: 'Maintain the product catalogue (models, specs, BOM flag)' },
  'orders.read': { zh: '查看客户订单', en: 'View customer orders' },
  'orders.write': { zh: '登记和修改客户订单、记录订单澄清', en: 'Enter and edit customer orders, record clarifications' },
  'orders.classify': { zh: '更改订单分类（合同/连续订单）', en: 'Override the order classification (contract / continuous)' },
  'vendors.manage': { zh: '维护合格外包加工商清单', en: 'Maintain the qualified vendor list' },
  'audit.read': { zh: '查看审计记录', en: 'View the audit trail' },
  'records.manage': { zh: '维护记录保存期限、法律保全，提出记录销毁清单', en: 'Maintain record retention and legal holds, propose disposal lists' },
  'records.dispose': { zh: '批准记录销毁清单（不能批准自己提出的）', en: 'Approve disposal lists (never one the approver proposed)' },
  'privacy.manage': {
    zh: '处理个人信息请求（处理依据、导出、匿名化）并查看个人信息查阅记录',
    en: 'Handle personal-data requests (legal basis, export, anonymisation) and see who viewed personal data',
  },
  'actions.manage': { zh: '分派和管理措施项', en: 'Assign and manage action items' },
  'calendar.manage': { zh: '维护工作日历（停工日、补班日）', en: 'Maintain the working calendar (shutdowns, extra working days)' },
  'users.admin': { zh: '管理用户、部门和角色', en: 'Manage users, departments and roles' },
  'surveys.read': { zh: '查看满意度调查（发送与回复状态）', en: 'View satisfaction surveys (sending and response status)' },
  'surveys.write': { zh: '维护问卷、发出调查、录入纸质回复、回复客户', en: 'Edit questionnaires, send surveys, type in returned forms, reply to customers' },
  'surveys.answers.read': { zh: '查看客户的调查答案与分析', en: "View customers' survey answers and the analysis" },
  'quotations.read': { zh: '查看报价单（价格另需价格权限）', en: 'View quotations (prices need price visibility)' },
  'quotations.write': { zh: '编制报价、登记跟进与结果', en: 'Prepare quotations, record follow-ups and results' },
  'complaints.read': { zh: '查看客户投诉与 8D', en: 'View customer complaints and 8D reports' },
  'complaints.write': { zh: '登记客户投诉、填写 8D 与退货处理', en: 'Enter complaints, fill in the 8D and handle returns' },
  'visits.read': { zh: '查看客户访问与审核', en: 'View customer visits and audits' },
  'visits.write': { zh: '策划和登记客户访问与审核（通知、发现项、纪要）', en: 'Plan and record customer visits and audits (notice, findings, minutes)' },
  'internal.read': { zh: '查看内部沟通计划和会议记要', en: 'View internal communication plans and meeting minutes' },
  'internal.write': { zh: '发起内部沟通计划、召开会议和分发会议记要', en: 'Run internal communication plans, call meetings and distribute minutes' },
  'kpis.read': { zh: '查看绩效指标、看板与客户记分卡', en: 'View KPIs, the dashboard and customer scorecards' },
  'kpis.manage': {
    zh: '维护指标目标值、登记超额运费/特殊状态/客户评分等事件',
    en: 'Set KPI targets; record premium freight, special status, customer ratings and other events',
  },
  'registers.read': { zh: '查看顾客财产和顾客特殊要求清单', en: 'View the customer property and customer-specific requirements registers' },
  'registers.write': {
    zh: '登记顾客财产（验证、事件）和顾客特殊要求（评审、展开）',
    en: 'Keep the customer property (verifications, incidents) and CSR registers (review, deployment)',
  },
  'engineering.read': { zh: '查看样品确认、工艺设计疑问和异常记录', en: 'View sample confirmations, process-design questions and anomalies' },
  'engineering.write': {
    zh: '登记样品确认、工艺设计疑问和异常（限工程/品质等负责部门）',
    en: 'Record sample confirmations, process-design questions and anomalies (the departments that keep them)',
  },
  'service.read': {
    zh: '查看售后服务申请（维修、技术支持、安装调试、退货退款）和保修条款',
    en: 'View after-sales service requests (repair, support, installation, returns, refunds) and warranty rules',
  },
  'service.write': { zh: '受理和处理售后服务申请', en: 'Receive and handle after-sales service requests' },
  'service.warranty.manage': { zh: '维护保修条款（按产品、按客户协议）', en: 'Maintain the warranty rules (per product, per customer agreement)' },
} as const;
export type Permission = keyof typeof permissions;
export const permissionKeys = Object.keys(permissions) as Permission[];
export const PermissionKey = z.enum(permissionKeys as [Permission, ...Permission[]]);

/**
 * Base roles (staff, manager, GM, VP, MR, admin) — the procedures' lanes speak of these — and duty roles that
 * add what one department's work needs (a sales clerk takes customers and prices, Finance reviews prices…).
 */
export const roleCodes = ['staff', 'manager', 'gm', 'vp', 'mr', 'admin', 'sales-clerk', 'finance-clerk', 'qa-engineer', 'engineer', 'purchaser'] as const;
export const RoleCode = z.enum(roleCodes);
export type TRoleCode = z.infer<typeof RoleCode>;

/**
 * Role templates per department, as data: an administrator assigns one to a user in one click, which sets
 * the user's department and roles (the roles' permissions stay editable on the Roles page).
 */
export const roleTemplates = [
  { code: 'sales-clerk', zh: '业务员', en: 'Sales clerk', department: 'sales', roles: ['staff', 'sales-clerk'] },
  { code: 'sales-manager', zh: '市场部经理', en: 'Sales manager', department: 'sales', roles: ['manager', 'sales-clerk'] },
  { code: 'qa-engineer', zh: '品质工程师', en: 'QA engineer', department: 'quality', roles: ['staff', 'qa-engineer'] },
  { code: 'qa-manager', zh: '品质部经理', en: 'QA manager', department: 'quality', roles: ['manager', 'qa-engineer'] },
  { code: 'engineer', zh: '工程师', en: 'Engineer', department: 'engineering', roles: ['staff', 'engineer'] },
  { code: 'developer', zh: '开发工程师', en: 'Development engineer', department: 'development', roles: ['staff', 'engineer'] },
  { code: 'process-engineer', zh: '工艺工程师', en: 'Process engineer', department: 'process', roles: ['staff', 'engineer'] },
  { code: 'planner', zh: '计划员（PMC）', en: 'Planner (PMC)', department: 'planning', roles: ['staff'] },
  { code: 'production-staff', zh: '生产部员工', en: 'Production staff', department: 'production', roles: ['staff'] },
  { code: 'warehouse-keeper', zh: '仓管员', en: 'Warehouse keeper', department: 'warehouse', roles: ['staff'] },
  { code: 'purchaser', zh: '采购员', en: 'Purchaser', department: 'purchasing', roles: ['staff', 'purchaser'] },
  { code: 'finance-clerk', zh: '财务', en: 'Finance clerk', department: 'finance', roles: ['staff', 'finance-clerk'] },
  { code: 'department-manager', zh: '部门经理（按所选部门）', en: 'Department manager (of the chosen department)', department: null, roles: ['manager'] },
] as const satisfies readonly { code: string; zh: string; en: string; department: string | null; roles: readonly TRoleCode[] }[];
export const RoleTemplateCode = z.enum(roleTemplates.map((t) => t.code) as [string, ...string[]]);
export const ApplyRoleTemplateRequest = z.object({
  version: Version,
  template: RoleTemplateCode,
  /** the department for a template without its own (a department manager) */
  departmentId: Id.optional(),
});

export const Locale = z.enum(['zh-CN', 'en-US']);

export const LoginRequest = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(200),
});

export const Me = z.object({
  id: Id,
  username: z.string(),
  displayName: z.string(),
  locale: Locale,
  roles: z.array(RoleCode),
  departments: z.array(z.object({ id: Id, code: z.string(), name: Localized })),
  permissions: z.array(PermissionKey),
  csrfToken: z.string(),
  mustChangePassword: z.boolean(),
});
export type TMe = z.infer<typeof Me>;

export const ChangePasswordRequest = z.object({
  currentPassword: z.string().min(1).max(200),
  // the policy (length, strength) answers PASSWORD_TOO_WEAK with the reason: see server/identity/password-policy.ts
  newPassword: z.string().min(1).max(200),
});

export const UpdatePreferencesRequest = z.object({ locale: Locale });

export const Department = z.object({
  id: Id,
  code: z.string(),
  name: Localized,
  sort: z.int(),
  active: z.boolean(),
  version: Version,
});
export const DepartmentList = z.object({ items: z.array(Department) });

export const UpdateDepartmentRequest = z.object({
  version: Version,
  nameZh: z.string().trim().min(1).max(60),
  nameEn: z.string().trim().min(1).max(80),
  active: z.boolean(),
});
export const CreateDepartmentRequest = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9-]{1,30}$/),
  nameZh: z.string().trim().min(1).max(60),
  nameEn: z.string().trim().min(1).max(80),
});

export const Role = z.object({ code: RoleCode, name: Localized, permissions: z.array(PermissionKey), version: Version });
export const RoleList = z.object({ items: z.array(Role), permissions: z.array(z.object({ key: PermissionKey, name: Localized })) });
export const UpdateRoleRequest = z.object({ version: Version, permissions: z.array(PermissionKey) });

export const User = z.object({
  id: Id,
  username: z.string(),
  displayName: z.string(),
  workEmail: z.string().nullable(),
  locale: Locale,
  active: z.boolean(),
  roles: z.array(RoleCode),
  departmentIds: z.array(Id),
  lockedUntil: IsoDateTime.nullable(),
  version: Version,
  createdAt: IsoDateTime,
});
export const UserList = z.object({ items: z.array(User) });

const username = z
  .string()
  .trim()
  .regex(/^[a-zA-Z0-9._-]{2,40}$/, { message: 'letters, digits, . _ - (2–40)' });
export const CreateUserRequest = z.object({
  username,
  displayName: z.string().trim().min(1).max(60),
  workEmail: z.email().nullable().optional(),
  locale: Locale.default('zh-CN'),
  roles: z.array(RoleCode).min(1),
  departmentIds: z.array(Id).min(1),
  password: z.string().min(1).max(200),
});
export const UpdateUserRequest = z.object({
  version: Version,
  displayName: z.string().trim().min(1).max(60),
  workEmail: z.email().nullable().optional(),
  locale: Locale,
  active: z.boolean(),
  roles: z.array(RoleCode).min(1),
  departmentIds: z.array(Id).min(1),
});
export const ResetPasswordRequest = z.object({ version: Version, password: z.string().min(1).max(200) });

/** The shortest password the policy accepts (the server also refuses common and easily guessed ones). */
export const MIN_PASSWORD_LENGTH = 12;

/**
 * A short list of people for pickers (our person on a communication, owners): name and departments.
 * The user name (what one signs in with) only for user administrators — pickers are no list of accounts.
 */
export const UserOption = z.object({
  id: Id,
  displayName: z.string(),
  departmentIds: z.array(Id),
  /** pinyin of the name (full and initials), for finding 王经理 by typing 'wang' or 'wjl' */
  searchKey: z.string(),
  username: z.string().optional(),
});
export const UserOptionList = z.object({ items: z.array(UserOption) });
