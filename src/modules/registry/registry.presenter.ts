import { inArray, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../core/db/database.js';
import type { Executor } from '../../core/db/executor.js';
import type { Actor } from '../../core/auth/actor.js';
import { CREDIT_CLASSES, ENTERPRISE_KINDS, ROLES } from '../../core/auth/roles.js';
import { enterprises } from './registry.tables.js';

export const ZEnterpriseRef = z
  .object({
    id: z.uuid(),
    nameZh: z.string(),
    nameEn: z.string(),
    kind: z.enum(ENTERPRISE_KINDS),
    creditClass: z.enum(CREDIT_CLASSES),
  })
  .meta({ id: 'EnterpriseRef' });

export const ZCurrentUser = z
  .object({
    id: z.uuid(),
    username: z.string(),
    displayName: z.string(),
    roles: z.array(z.enum(ROLES)),
    enterprise: ZEnterpriseRef.nullable(),
    /** For agencies: importers it may declare for today. */
    entrustingImporters: z.array(ZEnterpriseRef),
    csrfToken: z.string().nullable(),
  })
  .meta({ id: 'CurrentUser' });

export type TEnterpriseRef = z.infer<typeof ZEnterpriseRef>;

export async function enterpriseRefs(db: Executor, ids: string[]): Promise<Map<string, TEnterpriseRef>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: enterprises.id, nameZh: enterprises.nameZh, nameEn: enterprises.nameEn, kind: enterprises.kind, creditClass: enterprises.creditClass })
    .from(enterprises)
    .where(inArray(enterprises.id, [...new Set(ids)]));
  return new Map(rows.map((row) => [row.id, row as TEnterpriseRef]));
}

export async function presentCurrentUser(db: Db, actor: Actor): Promise<z.infer<typeof ZCurrentUser>> {
  const refs = await enterpriseRefs(db, [...(actor.enterpriseId ? [actor.enterpriseId] : []), ...actor.entrustingImporterIds]);
  return {
    id: actor.userId,
    username: actor.username,
    displayName: actor.displayName,
    roles: actor.roles,
    enterprise: actor.enterpriseId ? (refs.get(actor.enterpriseId) ?? null) : null,
    entrustingImporters: actor.entrustingImporterIds.map((id) => refs.get(id)).filter((e): e is TEnterpriseRef => Boolean(e)),
    csrfToken: actor.csrfToken,
  };
}

export async function enterpriseById(db: Executor, id: string) {
  const [row] = await db.select().from(enterprises).where(eq(enterprises.id, id));
  return row;
}
