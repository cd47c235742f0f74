/** Our people: sales clerks who own customers, QA, planners, engineers, managers and the GM. */
import { sql } from 'drizzle-orm';
import { rows } from '../../server/platform/db/client.js';
import { hashPassword } from '../../server/identity/password.js';
import { cnGivenNames, cnSurnames } from '../../server/demo/demo.data.js';
import { bulkInsert } from '../lib/db.js';
import { BENCH_USER_PASSWORD, type GenContext, type Generator, type GenUser } from './context.js';

/** department, role and how many per scale-1 factory */
const staffing: { department: string; role: string; count: number; prefix: string }[] = [
  { department: 'sales', role: 'staff', count: 12, prefix: 'sales' },
  { department: 'sales', role: 'manager', count: 1, prefix: 'salesmgr' },
  { department: 'quality', role: 'staff', count: 6, prefix: 'qa' },
  { department: 'quality', role: 'manager', count: 1, prefix: 'qamgr' },
  { department: 'planning', role: 'staff', count: 4, prefix: 'pmc' },
  { department: 'engineering', role: 'staff', count: 4, prefix: 'eng' },
  { department: 'gm-office', role: 'gm', count: 1, prefix: 'gm' },
];

export const usersGenerator: Generator = {
  name: 'users',
  async generate(ctx: GenContext) {
    const rng = ctx.rng('users');
    const depts = await rows<{ id: string; code: string }>(ctx.db, sql`select id, code from departments`);
    const deptId = new Map(depts.map((d) => [d.code, d.id]));
    const passwordHash = await hashPassword(BENCH_USER_PASSWORD);
    const users: GenUser[] = [];
    const names = new Set<string>();
    for (const s of staffing) {
      const n = s.role === 'staff' ? Math.max(1, Math.round(s.count * Math.sqrt(ctx.scale))) : s.count;
      for (let i = 1; i <= n; i++) {
        let name = '';
        do name = rng.pick(cnSurnames) + rng.pick(cnGivenNames);
        while (names.has(name));
        names.add(name);
        users.push({ id: ctx.uuid(rng), username: `${s.prefix}${String(i).padStart(2, '0')}`, displayName: name, department: s.department, role: s.role });
      }
    }
    const at = ctx.start.toISOString();
    await bulkInsert(
      ctx.db,
      'users',
      [
        { name: 'id', type: 'uuid' },
        { name: 'username', type: 'text' },
        { name: 'display_name', type: 'text' },
        { name: 'locale', type: 'text' },
        { name: 'password_hash', type: 'text' },
        { name: 'created_at', type: 'timestamptz' },
        { name: 'updated_at', type: 'timestamptz' },
      ],
      users.map((u) => ({ id: u.id, username: u.username, display_name: u.displayName, locale: 'zh-CN', password_hash: passwordHash, created_at: at, updated_at: at })),
    );
    await bulkInsert(ctx.db, 'user_roles', [{ name: 'user_id', type: 'uuid' }, { name: 'role_code', type: 'text' }], users.map((u) => ({ user_id: u.id, role_code: u.role })));
    await bulkInsert(
      ctx.db,
      'user_departments',
      [{ name: 'user_id', type: 'uuid' }, { name: 'department_id', type: 'uuid' }],
      users.map((u) => ({ user_id: u.id, department_id: deptId.get(u.department) })),
    );
    await bulkInsert(
      ctx.db,
      'audit_log',
      [
        { name: 'at', type: 'timestamptz' },
        { name: 'ref_type', type: 'text' },
        { name: 'ref_id', type: 'text' },
        { name: 'action', type: 'text' },
        { name: 'after', type: 'jsonb' },
      ],
      users.map((u) => ({ at, ref_type: 'user', ref_id: u.id, action: 'create', after: { username: u.username, displayName: u.displayName, roles: [u.role], departments: [u.department] } })),
    );
    ctx.users.push(...users);
    return { users: users.length };
  },
};
