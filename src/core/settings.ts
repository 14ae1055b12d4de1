import { eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Executor } from './db/executor.js';
import { settings } from './core.tables.js';

/** A run-time tunable value: its key, its schema and the value used until an officer changes it. */
export interface SettingDefinition<T> {
  key: string;
  schema: z.ZodType<T>;
  defaultValue: T;
}

export async function readSetting<T>(db: Executor, definition: SettingDefinition<T>): Promise<T> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, definition.key));
  if (!row) return definition.defaultValue;
  const parsed = definition.schema.safeParse(row.value);
  return parsed.success ? parsed.data : definition.defaultValue;
}

export async function writeSetting<T>(tx: Executor, definition: SettingDefinition<T>, value: T, userId: string): Promise<void> {
  await tx
    .insert(settings)
    .values({ key: definition.key, value: value as object, updatedBy: userId })
    .onConflictDoUpdate({ target: settings.key, set: { value: value as object, updatedBy: userId, updatedAt: sql`now()` } });
}
