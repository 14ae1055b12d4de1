import { and, eq, gt, gte, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../core/db/database.js';
import type { Executor } from '../../core/db/executor.js';
import { preparedStatement } from '../../core/db/prepared.js';
import { derivedCache } from '../../core/db/change-feed.js';
import type { Actor } from '../../core/auth/actor.js';
import type { EnterpriseKind, Role } from '../../core/auth/roles.js';
import { sha256 } from '../../core/auth/password.js';
import { SESSION_COOKIE } from '../../core/http/app.js';
import { AppError } from '../../core/http/errors.js';
import { apiKeys, sessions } from '../../core/core.tables.js';
import { enterprises, entrustments, users } from './registry.tables.js';

export const API_KEY_PREFIX = 'orl_';

/** Resolves the caller: a Bearer API key wins over the session cookie. */
export function makeAuthenticator(db: Db) {
  return async function authenticate(request: FastifyRequest): Promise<Actor | null> {
    const authorization = request.headers.authorization;
    if (authorization) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      if (!match?.[1]) throw new AppError('AUTHENTICATION_REQUIRED', 'Authorization must be "Bearer <API key>".');
      const keyHash = sha256(match[1]);
      return apiKeyActors.get(db, keyHash, () => loadApiKeyActor(db, keyHash));
    }
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return null;
    const [session] = await db
      .select({ userId: sessions.userId, csrfToken: sessions.csrfToken })
      .from(sessions)
      .where(and(eq(sessions.tokenHash, sha256(token)), gt(sessions.expiresAt, sql`now()`)));
    if (!session) return null;
    return loadActor(db, session.userId, 'session', session.csrfToken);
  };
}

/**
 * A machine client's actor, cached (every request of a broker's system needs it): any change to the key, its
 * user, the user's enterprise or entrustments forgets it at once (see derivedCache; the key's lastUsedAt
 * stamp is not announced, migration 0009); the minute's expiry covers entrustments that start or end with
 * the date and refreshes the stamp.
 * Unknown and revoked keys are not cached.
 */
const apiKeyActors = derivedCache<Actor | null>('API-key actors', {
  tables: ['api_keys', 'users', 'enterprises', 'entrustments'],
  maxEntries: 10_000,
  ttlMs: 60_000,
});

async function loadApiKeyActor(db: Db, keyHash: string): Promise<Actor | null> {
  // A read, not a write: stamping lastUsedAt on every call made every request of a key commit (a WAL flush)
  // while holding that key's row lock. The stamp is refreshed at most once a minute. The key and its user
  // come in one query.
  const [key] = await apiKeyActor(db, { keyHash });
  if (!key) throw new AppError('AUTHENTICATION_REQUIRED', 'The API key is unknown or revoked.');
  if (!key.lastUsedAt || Date.now() - Date.parse(key.lastUsedAt) > 60_000) {
    await db
      .update(apiKeys)
      .set({ lastUsedAt: sql`now()` })
      .where(and(eq(apiKeys.keyHash, keyHash), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, sql`now() - interval '1 minute'`))));
  }
  const actor = await actorFromRow(db, key, 'apiKey', null);
  return actor && deepFreeze(actor);
}

/** A cached actor is shared by requests: none may change it. */
function deepFreeze<T extends object>(value: T): T {
  for (const field of Object.values(value)) if (field && typeof field === 'object') deepFreeze(field);
  return Object.freeze(value);
}

const ACTOR_COLUMNS = {
  userId: users.id,
  username: users.username,
  displayName: users.displayName,
  roles: users.roles,
  active: users.active,
  enterpriseId: users.enterpriseId,
  enterpriseKind: enterprises.kind,
};

// Runs on every request of a machine client: prepared (see preparedStatement).
const apiKeyActor = preparedStatement('api_key_actor', (db) =>
  db
    .select({ lastUsedAt: apiKeys.lastUsedAt, ...ACTOR_COLUMNS })
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.userId))
    .leftJoin(enterprises, eq(enterprises.id, users.enterpriseId))
    .where(and(eq(apiKeys.keyHash, sql.placeholder('keyHash')), isNull(apiKeys.revokedAt))),
);

type ActorRow = { userId: string; username: string; displayName: string; roles: string[]; active: boolean; enterpriseId: string | null; enterpriseKind: string | null };

export async function loadActor(db: Executor, userId: string, via: Actor['via'], csrfToken: string | null): Promise<Actor | null> {
  const [row] = await db.select(ACTOR_COLUMNS).from(users).leftJoin(enterprises, eq(enterprises.id, users.enterpriseId)).where(eq(users.id, userId));
  return row ? actorFromRow(db, row, via, csrfToken) : null;
}

/** The actor of a user row (with its enterprise's kind); an agency's entrustments in force are read here. */
async function actorFromRow(db: Executor, row: ActorRow, via: Actor['via'], csrfToken: string | null): Promise<Actor | null> {
  if (!row.active) return null;
  let entrustingImporterIds: string[] = [];
  if (row.enterpriseKind === 'AGENCY' && row.enterpriseId) {
    const today = sql`current_date`;
    const active = await db
      .select({ importerId: entrustments.importerId })
      .from(entrustments)
      .where(
        and(
          eq(entrustments.agencyId, row.enterpriseId),
          isNull(entrustments.revokedAt),
          lte(entrustments.validFrom, today),
          gte(entrustments.validTo, today),
        ),
      );
    entrustingImporterIds = active.map((e) => e.importerId);
  }
  return {
    userId: row.userId,
    username: row.username,
    displayName: row.displayName,
    roles: row.roles as Role[],
    enterpriseId: row.enterpriseId,
    enterpriseKind: (row.enterpriseKind as EnterpriseKind | null) ?? null,
    entrustingImporterIds,
    via,
    csrfToken,
  };
}
