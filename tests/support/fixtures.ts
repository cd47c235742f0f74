import { sql } from 'drizzle-orm';
import type { Db } from '../../server/platform/db/client.js';
import { rows } from '../../server/platform/db/client.js';
import { selectDepartments } from '../../server/identity/index.js';
import { hashPassword } from '../../server/identity/password.js';
import { insertUser, replaceMemberships } from '../../server/identity/identity.repository.js';
import { insertAudit } from '../../server/platform/audit/audit.repository.js';

/**
 * Fixture users: written straight into the database with a password hash computed once, instead of
 * through POST /api/users (an argon2 hash per user, 19 MiB and ~70 ms of a busy core each) and a
 * password change (another hash and two verifications). Creating users through the API, the password
 * policy and the first-sign-in password change are what identity.test.ts and the sign-in journeys prove.
 */
export const FIXTURE_PASSWORD = 'fixture-own-password-2026';
/** argon2id of FIXTURE_PASSWORD with the server's parameters (server/identity/password.ts), computed once. */
export const FIXTURE_PASSWORD_HASH = '$argon2id$v=19$m=19456,t=2,p=1$yoDkXhOMKY7kkmc3LdFR3A$FlfU+Zaj/0cAbhegpooJbBvO4FblXIEF/32v9wvokRs';

const hashes = new Map<string, Promise<string>>([[FIXTURE_PASSWORD, Promise.resolve(FIXTURE_PASSWORD_HASH)]]);
/** The hash of a password, computed once per worker (tests reuse the same few passwords). */
export function passwordHashOf(password: string): Promise<string> {
  let h = hashes.get(password);
  if (!h) {
    h = hashPassword(password);
    hashes.set(password, h);
  }
  return h;
}

export interface FixtureUserInput {
  username: string;
  displayName?: string;
  roles: string[];
  /** department codes */
  departments: string[];
  locale?: string;
  password?: string;
  /** true as after POST /api/users (the default); false as after the first password change */
  mustChangePassword?: boolean;
}

/** A user as the administrator's POST /api/users makes it (memberships and the audit row), from a precomputed hash. */
export async function insertFixtureUser(db: Db, input: FixtureUserInput): Promise<string> {
  const depts = await selectDepartments(db);
  const departmentIds = input.departments.map((code) => {
    const d = depts.find((x) => x.code === code);
    if (!d) throw new Error(`fixture user ${input.username}: no department ${code}`);
    return d.id;
  });
  const passwordHash = await passwordHashOf(input.password ?? FIXTURE_PASSWORD);
  const [admin] = await rows<{ id: string }>(db, sql`select id from users where username = 'admin'`);
  return db.transaction(async (tx) => {
    const id = await insertUser(
      tx,
      {
        username: input.username,
        displayName: input.displayName ?? input.username,
        workEmail: null,
        locale: input.locale ?? 'zh-CN',
        passwordHash,
        mustChangePassword: input.mustChangePassword ?? true,
      },
      admin?.id ?? null,
    );
    await replaceMemberships(tx, id, [...new Set(input.roles)], departmentIds);
    await insertAudit(tx, {
      actorId: admin?.id ?? null,
      ref: { type: 'user', id },
      action: 'create',
      after: { username: input.username, displayName: input.displayName ?? input.username, roles: input.roles, departmentIds },
      reason: 'test fixture',
    });
    return id;
  });
}

/** A write refused by the database because the record is closed (migrations/0019_closed_records.sql, SQLSTATE AC409). */
export const closedRecordRefusal = (e: unknown) => {
  const err = e as { code?: string; cause?: { code?: string; message?: string } };
  return (err.cause?.code ?? err.code) === 'AC409';
};
