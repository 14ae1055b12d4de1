/** Direct-to-database fixtures for tests that need users or enterprises without the demo seed. */
import crypto from 'node:crypto';
import type { Role, EnterpriseKind, CreditClass } from '../../src/core/auth/roles.js';
import { hashPassword } from '../../src/core/auth/password.js';
import type { Db } from '../../src/core/db/database.js';
import { enterprises, users } from '../../src/modules/registry/registry.tables.js';

export const TEST_PASSWORD = 'correct horse battery staple';

export interface CreatedUser {
  id: string;
  username: string;
  password: string;
}

/** Inserts an active user. Usernames default to a random `user-xxxxxx`, so tests in one file do not collide. */
export async function createUser(
  db: Db,
  options: { username?: string; password?: string; roles?: Role[]; displayName?: string; enterpriseId?: string | null; active?: boolean } = {},
): Promise<CreatedUser> {
  const username = options.username ?? `user-${crypto.randomBytes(4).toString('hex')}`;
  const password = options.password ?? TEST_PASSWORD;
  const [row] = await db
    .insert(users)
    .values({
      username,
      displayName: options.displayName ?? username,
      passwordHash: await hashPassword(password),
      enterpriseId: options.enterpriseId ?? null,
      roles: options.roles ?? ['SYSTEM_ADMIN'],
      active: options.active ?? true,
    })
    .returning({ id: users.id });
  return { id: row!.id, username, password };
}

/** Inserts an enterprise with unique random USCC / customs codes. */
export async function createEnterprise(
  db: Db,
  options: { kind?: EnterpriseKind; creditClass?: CreditClass; nameEn?: string; nameZh?: string } = {},
): Promise<{ id: string }> {
  const suffix = crypto.randomBytes(5).toString('hex').toUpperCase();
  const [row] = await db
    .insert(enterprises)
    .values({
      nameZh: options.nameZh ?? `测试企业${suffix}`,
      nameEn: options.nameEn ?? `Test Enterprise ${suffix}`,
      usccCode: `91${suffix}${'0'.repeat(6)}`.slice(0, 18),
      customsCode: `65${suffix}`.slice(0, 10),
      kind: options.kind ?? 'IMPORTER',
      creditClass: options.creditClass ?? 'GENERAL',
      address: 'Khorgos, Xinjiang',
    })
    .returning({ id: enterprises.id });
  return { id: row!.id };
}
