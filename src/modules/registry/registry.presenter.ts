import { z } from 'zod';
import type { Db } from '../../core/db/database.js';
import type { Executor } from '../../core/db/executor.js';
import type { Actor } from '../../core/auth/actor.js';
import { CREDIT_CLASSES, ENTERPRISE_KINDS, ROLES } from '../../core/auth/roles.js';
import { enterpriseRefsById } from './registry.service.js';

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

export async function presentCurrentUser(db: Db, actor: Actor): Promise<z.infer<typeof ZCurrentUser>> {
  const refs = await enterpriseRefsById(db, [...(actor.enterpriseId ? [actor.enterpriseId] : []), ...actor.entrustingImporterIds]);
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
