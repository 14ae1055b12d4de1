import { and, count, eq, gt, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RouteModule } from '../../core/context.js';
import { ACCESS } from '../../core/auth/policy.js';
import { DUMMY_PASSWORD_HASH, randomToken, sha256, verifyPassword } from '../../core/auth/password.js';
import { SESSION_COOKIE } from '../../core/http/app.js';
import { AppError } from '../../core/http/errors.js';
import { ZProblem } from '../../core/http/problem.js';
import { loginAttempts, sessions } from '../../core/core.tables.js';
import { appendAudit, auditedTransaction } from '../../core/audit/audit.js';
import { users } from './registry.tables.js';
import { loadActor } from './authenticate.js';
import { presentCurrentUser, ZCurrentUser } from './registry.presenter.js';

const ZLoginRequest = z.object({
  username: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(200),
});

export const sessionRoutes: RouteModule = (parent, { db, config }) => {
  const app = parent.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/session',
    {
      config: { access: ACCESS.public },
      schema: {
        operationId: 'createSession',
        tags: ['session'],
        summary: 'Sign in; sets the httpOnly session cookie and returns the CSRF token',
        security: [],
        body: ZLoginRequest,
        response: { 200: ZCurrentUser, '4XX': ZProblem },
      },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      const [recent] = await db
        .select({ failures: count() })
        .from(loginAttempts)
        .where(
          and(
            eq(loginAttempts.username, username),
            eq(loginAttempts.succeeded, false),
            gt(loginAttempts.at, sql`now() - make_interval(mins => ${config.loginWindowMinutes})`),
          ),
        );
      if ((recent?.failures ?? 0) >= config.loginMaxFailures) {
        throw new AppError('TOO_MANY_REQUESTS', `Too many failed sign-ins for this user; try again in ${config.loginWindowMinutes} minutes.`, {
          headers: { 'retry-after': String(config.loginWindowMinutes * 60) },
        });
      }
      const [user] = await db.select().from(users).where(eq(users.username, username));
      const passwordOk = await verifyPassword(password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
      const succeeded = Boolean(user && user.active && passwordOk);
      await db.insert(loginAttempts).values({ username, ip: request.ip, succeeded });
      if (!user || !succeeded) throw new AppError('INVALID_CREDENTIALS');

      const token = randomToken();
      const csrfToken = randomToken(24);
      const expiresAt = new Date(Date.now() + config.sessionTtlHours * 3600_000);
      await auditedTransaction(db, async (tx) => {
        await tx.insert(sessions).values({ tokenHash: sha256(token), userId: user.id, csrfToken, expiresAt: expiresAt.toISOString() });
        await appendAudit(tx, { userId: user.id, label: user.username }, { action: 'session.create', entityType: 'user', entityId: user.id });
      });
      reply.setCookie(SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'strict',
        secure: config.secureCookies,
        path: '/',
        expires: expiresAt,
      });
      const actor = await loadActor(db, user.id, 'session', csrfToken);
      return presentCurrentUser(db, actor!);
    },
  );

  app.get(
    '/session',
    {
      config: { access: ACCESS.authenticated },
      schema: {
        operationId: 'getSession',
        tags: ['session'],
        summary: 'The signed-in user, their roles and enterprise, and the CSRF token for unsafe requests',
        response: { 200: ZCurrentUser, '4XX': ZProblem },
      },
    },
    async (request) => presentCurrentUser(db, request.actor!),
  );

  app.delete(
    '/session',
    {
      config: { access: ACCESS.authenticated },
      schema: {
        operationId: 'deleteSession',
        tags: ['session'],
        summary: 'Sign out',
        response: { 204: z.undefined(), '4XX': ZProblem },
      },
    },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await db.delete(sessions).where(eq(sessions.tokenHash, sha256(token)));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send();
    },
  );
};
