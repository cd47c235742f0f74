import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../platform/db/client.js';
import { notifications } from '../platform/platform.table.js';
import { roles, userDepartments, userRoles, users } from '../identity/identity.table.js';
import { mailDigestRuns, notificationMailPrefs, notificationRobots, robotDeliveries } from './mail.table.js';

export type NotificationRow = typeof notifications.$inferSelect;
export type RobotRow = typeof notificationRobots.$inferSelect;
export type RobotDeliveryRow = typeof robotDeliveries.$inferSelect;

export async function selectNotification(db: Executor, id: string): Promise<NotificationRow | undefined> {
  const [row] = await db.select().from(notifications).where(eq(notifications.id, id));
  return row;
}

export async function setMailState(db: Executor, ids: string[], state: string) {
  if (ids.length) await db.update(notifications).set({ mailState: state }).where(inArray(notifications.id, ids));
}

/** Notifications waiting for the digest, oldest first, locked so a second digest run cannot take them too. */
export async function selectDigestWaiting(db: Executor, limit = 5000): Promise<NotificationRow[]> {
  return db
    .select()
    .from(notifications)
    .where(eq(notifications.mailState, 'digest'))
    .orderBy(asc(notifications.userId), asc(notifications.createdAt))
    .limit(limit)
    .for('update', { skipLocked: true });
}

/** The recipient as the mail needs it: address, language, active, permissions (from the roles) and departments. */
export async function selectRecipient(db: Executor, userId: string) {
  const [u] = await db
    .select({ id: users.id, displayName: users.displayName, workEmail: users.workEmail, locale: users.locale, active: users.active })
    .from(users)
    .where(eq(users.id, userId));
  if (!u) return undefined;
  const perms = await db
    .select({ permissions: roles.permissions })
    .from(userRoles)
    .innerJoin(roles, eq(roles.code, userRoles.roleCode))
    .where(eq(userRoles.userId, userId));
  const depts = await db.select({ id: userDepartments.departmentId }).from(userDepartments).where(eq(userDepartments.userId, userId));
  return { ...u, permissions: new Set(perms.flatMap((p) => p.permissions)), departmentIds: depts.map((d) => d.id) };
}

export async function selectPrefs(db: Executor, userId: string) {
  const [row] = await db.select().from(notificationMailPrefs).where(eq(notificationMailPrefs.userId, userId));
  return row;
}

export async function upsertPrefs(tx: Executor, userId: string, version: number, modes: Record<string, string>) {
  const existing = await selectPrefs(tx, userId);
  if (!existing) {
    if (version !== 1) return undefined;
    const [row] = await tx
      .insert(notificationMailPrefs)
      .values({ userId, modes, version: 2, createdBy: userId, updatedBy: userId })
      .onConflictDoNothing()
      .returning();
    return row;
  }
  const [row] = await tx
    .update(notificationMailPrefs)
    .set({ modes, version: sql`${notificationMailPrefs.version} + 1`, updatedAt: new Date(), updatedBy: userId })
    .where(and(eq(notificationMailPrefs.userId, userId), eq(notificationMailPrefs.version, version)))
    .returning();
  return row;
}

/** Claim today's digest: true for the one caller that inserted the day (the others find it taken). */
export async function claimDigestDay(tx: Executor, day: string): Promise<boolean> {
  const res = await tx.insert(mailDigestRuns).values({ day }).onConflictDoNothing().returning({ day: mailDigestRuns.day });
  return res.length > 0;
}

export async function finishDigestDay(tx: Executor, day: string, mails: number) {
  await tx.update(mailDigestRuns).set({ mails }).where(eq(mailDigestRuns.day, day));
}

// ---- robots -------------------------------------------------------------------------------------

export async function selectRobots(db: Executor) {
  return db.select().from(notificationRobots).orderBy(asc(notificationRobots.createdAt));
}

export async function selectRobot(db: Executor, id: string) {
  const [row] = await db.select().from(notificationRobots).where(eq(notificationRobots.id, id));
  return row;
}

export async function selectActiveRobotsOf(db: Executor, departmentIds: string[]) {
  if (!departmentIds.length) return [];
  return db
    .select()
    .from(notificationRobots)
    .where(and(eq(notificationRobots.active, true), inArray(notificationRobots.departmentId, departmentIds)));
}

export async function insertRobot(tx: Executor, v: typeof notificationRobots.$inferInsert) {
  const [row] = await tx.insert(notificationRobots).values(v).returning();
  return row!;
}

export async function updateRobot(tx: Executor, id: string, version: number | null, v: Partial<RobotRow>, actorId: string | null) {
  const [row] = await tx
    .update(notificationRobots)
    .set({ ...v, ...(version !== null ? { version: sql`${notificationRobots.version} + 1`, updatedAt: new Date(), updatedBy: actorId } : {}) })
    .where(version !== null ? and(eq(notificationRobots.id, id), eq(notificationRobots.version, version)) : eq(notificationRobots.id, id))
    .returning();
  return row;
}

/** A delivery of one event to one robot; undefined when the event was already taken for that robot. */
export async function insertRobotDelivery(tx: Executor, v: { robotId: string; eventKey: string; text: string }) {
  const [row] = await tx.insert(robotDeliveries).values(v).onConflictDoNothing().returning();
  return row;
}

export async function lockRobotDelivery(tx: Executor, id: string): Promise<RobotDeliveryRow | undefined> {
  const [row] = await tx.select().from(robotDeliveries).where(eq(robotDeliveries.id, id)).for('update', { skipLocked: true });
  return row;
}

export async function updateRobotDelivery(tx: Executor, id: string, v: Partial<RobotDeliveryRow>) {
  await tx.update(robotDeliveries).set(v).where(eq(robotDeliveries.id, id));
}
