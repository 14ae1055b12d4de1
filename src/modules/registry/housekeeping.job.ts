import { lt, sql } from 'drizzle-orm';
import type { AppContext } from '../../core/context.js';
import type { JobDefinition } from '../../core/jobs/jobs.js';
import { idempotencyKeys, loginAttempts, sessions } from '../../core/core.tables.js';

/** Hourly purge of expired sessions, day-old idempotency keys and login attempts past the throttle window. */
export function housekeepingJobs({ db, logger }: AppContext): JobDefinition[] {
  return [
    {
      name: 'registry.housekeeping',
      cron: '17 * * * *',
      async handler() {
        const expiredSessions = await db.delete(sessions).where(lt(sessions.expiresAt, sql`now()`)).returning({ id: sessions.tokenHash });
        const oldKeys = await db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, sql`now() - interval '24 hours'`)).returning({ key: idempotencyKeys.key });
        const oldAttempts = await db.delete(loginAttempts).where(lt(loginAttempts.at, sql`now() - interval '1 day'`)).returning({ id: loginAttempts.id });
        logger.info({ sessions: expiredSessions.length, idempotencyKeys: oldKeys.length, loginAttempts: oldAttempts.length }, 'housekeeping done');
      },
    },
  ];
}
