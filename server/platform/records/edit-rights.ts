import type { Executor } from '../db/client.js';
import type { TRoleCode } from '../../../contracts/identity.js';
import { recordType } from './record-types.js';

/**
 * Who may change a record — declared here as data, beside roles → permissions (which say what a role may
 * do at all). The route's permission comes first (the access plugin); then, for a route that changes an
 * existing record, the platform asks this table before the service runs (`server/platform/http/access.ts`).
 *
 * Kinds of editor:
 *  - `owner`            the user is one of the record's people: its creator and whoever the record names as
 *                       responsible (the order's receiver, the quotation's salesperson, our person on a
 *                       communication, the customer's owner, the complaint's team, the meeting's chair…)
 *  - `owner-department` the user works in a department of one of those people, or one the record names
 *                       (an action item's department)
 *  - `owner-manager`    the user is a manager of such a department
 *  - `lane`             the user works in the department whose step the record's procedure is at now
 *                       (the step's lane, a transition's own lane, a sign-off department)
 * plus `departments`: every user of these departments (the department that keeps the record type,
 * e.g. Sales for orders) — and `overrideRoles`, who may edit every record.
 */
export type EditorKind = 'owner' | 'owner-department' | 'owner-manager' | 'lane';

export interface EditRight {
  editors: EditorKind[];
  /** department codes whose users may edit every record of the type */
  departments: string[];
}

/** Roles that may edit any record (they act across departments, as in the procedures). */
export const overrideRoles: TRoleCode[] = ['gm', 'vp', 'admin'];

export const editRights = {
  order: { editors: ['owner', 'owner-department', 'lane'], departments: ['sales'] },
  quotation: { editors: ['owner', 'owner-department', 'lane'], departments: ['sales'] },
  communication: { editors: ['owner', 'owner-manager'], departments: [] },
  customer: { editors: ['owner', 'owner-department'], departments: ['sales'] },
  contact: { editors: ['owner', 'owner-department'], departments: ['sales'] },
  vendor: { editors: ['owner', 'owner-department'], departments: ['purchasing', 'quality'] },
  complaint: { editors: ['owner', 'owner-department', 'lane'], departments: ['quality', 'sales'] },
  visit: { editors: ['owner', 'owner-department', 'lane'], departments: ['sales', 'quality'] },
  meeting: { editors: ['owner', 'owner-manager'], departments: [] },
  'communication-plan': { editors: ['owner', 'owner-department', 'lane'], departments: ['sales'] },
  'survey-template': { editors: ['owner', 'owner-department'], departments: ['sales'] },
  'survey-campaign': { editors: ['owner', 'owner-department'], departments: ['sales'] },
  'survey-response': { editors: ['owner', 'owner-department'], departments: ['sales', 'quality'] },
  action: { editors: ['owner', 'owner-department', 'owner-manager'], departments: [] },
  'cutting-sheet': { editors: ['owner', 'owner-department', 'lane'], departments: ['planning', 'purchasing'] },
  'price-pending': { editors: ['owner', 'owner-department'], departments: ['sales'] },
  // registers [IATF 8.5.3, 4.3.2]: QA and Sales keep them (the review departments sign through the procedure engine)
  'customer-property': { editors: ['owner'], departments: ['quality', 'sales'] },
  csr: { editors: ['owner'], departments: ['quality', 'sales'] },
  // Engineering's and QA's records with the customer [CC 5.3, 5.4, 5.6]: these departments create and keep them
  sample: { editors: ['owner', 'lane'], departments: ['engineering', 'development', 'quality'] },
  'process-question': { editors: ['owner'], departments: ['engineering', 'development', 'process'] },
  anomaly: { editors: ['owner'], departments: ['quality', 'sales', 'engineering'] },
  // after-sales service requests [CS 2.5–2.6]: Sales receives them, QA assesses, Engineering performs (its lane)
  'service-request': { editors: ['owner', 'lane'], departments: ['sales', 'quality'] },
} satisfies Record<string, EditRight>;

export type EditableType = keyof typeof editRights;

/**
 * What a route that changes data declares in `config.record` (beside `config.access`):
 *  - `{ edits: type, param? }` — changes an existing record of the type, named by the path parameter
 *    (`id` by default): the platform checks `editRights[type]` before the service runs
 *  - `{ creates: type }` — makes a new record; the route's permission is the rule
 *  - `{ anyHolder: why }` — no record rule: the caller's own things (session, password, notifications),
 *    administration behind its own permission, or a check the service makes (a procedure's lane, a
 *    participant's acknowledgement) — `why` says which
 * `tests/integration/edit-rights.test.ts` walks every mutating route and fails on one without a declaration.
 */
export type RecordRule = { edits: EditableType; param?: string } | { creates: string } | { anyHolder: string };

/** The people and departments of one record, as its feature reports them. */
export interface RecordPeople {
  /** user ids: creator and the people the record names as responsible */
  owners: (string | null | undefined)[];
  /** department codes the record itself names (an action item's department) */
  departments?: string[];
}

export interface EditFacts {
  owners: Set<string>;
  /** departments of the owners and those the record names */
  ownerDepartments: Set<string>;
  /** departments acting in the record's procedure now */
  lanes: Set<string>;
}

export interface Editor {
  userId: string;
  roles: readonly string[];
  departmentCodes: readonly string[];
}

/** The decision, pure: may this user change a record with these facts? */
export function mayEdit(user: Editor, type: EditableType, facts: EditFacts): boolean {
  if (user.roles.some((r) => (overrideRoles as string[]).includes(r))) return true;
  const right: EditRight = editRights[type];
  const inAny = (codes: ReadonlySet<string> | readonly string[]) =>
    user.departmentCodes.some((d) => (codes instanceof Set ? codes.has(d) : (codes as readonly string[]).includes(d)));
  if (inAny(right.departments)) return true;
  for (const kind of right.editors) {
    if (kind === 'owner' && facts.owners.has(user.userId)) return true;
    if (kind === 'owner-department' && inAny(facts.ownerDepartments)) return true;
    if (kind === 'owner-manager' && user.roles.includes('manager') && inAny(facts.ownerDepartments)) return true;
    if (kind === 'lane' && inAny(facts.lanes)) return true;
  }
  return false;
}

type DepartmentsOf = (db: Executor, userIds: string[]) => Promise<string[]>;
type LanesOf = (db: Executor, ref: { type: string; id: string }) => Promise<string[]>;
let departmentsOf: DepartmentsOf = async () => [];
let lanesOf: LanesOf = async () => [];

/** Identity tells the platform the departments (codes) of users. */
export function setDepartmentsResolver(fn: DepartmentsOf) {
  departmentsOf = fn;
}
/** Procedures tell the platform which departments act on a record now. */
export function setLaneResolver(fn: LanesOf) {
  lanesOf = fn;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The facts of one record, or null when it does not exist (the service answers 404 then). */
export async function loadEditFacts(db: Executor, type: EditableType, id: string): Promise<EditFacts | null> {
  if (!UUID.test(id)) return null;
  const def = recordType(type);
  if (!def?.editPeople) throw new Error(`record type ${type} declares no editPeople`);
  const people = await def.editPeople(db, id);
  if (!people) return null;
  const owners = [...new Set(people.owners.filter((o): o is string => !!o))];
  const [depts, lanes] = await Promise.all([departmentsOf(db, owners), lanesOf(db, { type, id })]);
  return { owners: new Set(owners), ownerDepartments: new Set([...depts, ...(people.departments ?? [])]), lanes: new Set(lanes) };
}
