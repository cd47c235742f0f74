import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../platform/db/client.js';
import { importJobs, importMappings } from './imports.table.js';

export type ImportJobRow = typeof importJobs.$inferSelect;
export type NewImportJob = typeof importJobs.$inferInsert;

export async function insertJob(db: Executor, values: NewImportJob): Promise<ImportJobRow> {
  const [row] = await db.insert(importJobs).values(values).returning();
  return row!;
}

export async function selectJob(db: Executor, id: string): Promise<ImportJobRow | undefined> {
  const [row] = await db.select().from(importJobs).where(eq(importJobs.id, id));
  return row;
}

export function selectJobsOf(db: Executor, userId: string, limit = 20) {
  return db.select().from(importJobs).where(eq(importJobs.userId, userId)).orderBy(desc(importJobs.createdAt)).limit(limit);
}

export async function updateJob(db: Executor, id: string, values: Partial<NewImportJob>, whenStatus?: string[]): Promise<ImportJobRow | undefined> {
  const cond = whenStatus ? and(eq(importJobs.id, id), inArray(importJobs.status, whenStatus)) : eq(importJobs.id, id);
  const [row] = await db
    .update(importJobs)
    .set({ ...values, updatedAt: new Date() })
    .where(cond)
    .returning();
  return row;
}

export async function selectMapping(db: Executor, userId: string, kind: string): Promise<Record<string, string>> {
  const [row] = await db
    .select({ mapping: importMappings.mapping })
    .from(importMappings)
    .where(and(eq(importMappings.userId, userId), eq(importMappings.kind, kind)));
  return row?.mapping ?? {};
}

export async function upsertMapping(db: Executor, userId: string, kind: string, mapping: Record<string, string>) {
  await db
    .insert(importMappings)
    .values({ userId, kind, mapping, updatedAt: new Date() })
    .onConflictDoUpdate({ target: [importMappings.userId, importMappings.kind], set: { mapping, updatedAt: new Date() } });
}
