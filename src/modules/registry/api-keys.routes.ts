import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RouteModule } from '../../core/context.js';
import { ACCESS } from '../../core/auth/policy.js';
import { auditActor } from '../../core/auth/actor.js';
import { randomToken, sha256 } from '../../core/auth/password.js';
import { notFound } from '../../core/http/errors.js';
import { ZProblem } from '../../core/http/problem.js';
import { runIdempotent } from '../../core/http/idempotency.js';
import { appendAudit, auditedTransaction } from '../../core/audit/audit.js';
import { apiKeys } from '../../core/core.tables.js';
import { API_KEY_PREFIX } from './authenticate.js';

const ZApiKey = z
  .object({
    id: z.uuid(),
    name: z.string(),
    prefix: z.string(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: 'ApiKey' });

const ZCreatedApiKey = ZApiKey.extend({ key: z.string().describe('The secret; shown only in this response') }).meta({ id: 'CreatedApiKey' });

const columns = {
  id: apiKeys.id,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  createdAt: apiKeys.createdAt,
  lastUsedAt: apiKeys.lastUsedAt,
  revokedAt: apiKeys.revokedAt,
};

/** API keys act as the user who created them, with that user's roles and scope. */
export const apiKeyRoutes: RouteModule = (parent, { db }) => {
  const app = parent.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api-keys',
    {
      config: { access: ACCESS.authenticated },
      schema: { operationId: 'listApiKeys', tags: ['api-keys'], summary: 'Your API keys', response: { 200: z.object({ items: z.array(ZApiKey) }), '4XX': ZProblem } },
    },
    async (request) => ({
      items: await db.select(columns).from(apiKeys).where(eq(apiKeys.userId, request.actor!.userId)).orderBy(desc(apiKeys.createdAt)),
    }),
  );

  app.post(
    '/api-keys',
    {
      config: { access: ACCESS.authenticated },
      schema: {
        operationId: 'createApiKey',
        tags: ['api-keys'],
        summary: 'Create an API key for machine clients; the secret is shown once',
        body: z.object({ name: z.string().trim().min(1).max(100) }),
        response: { 201: ZCreatedApiKey, '4XX': ZProblem },
      },
    },
    async (request, reply) => {
      const actor = request.actor!;
      const result = await runIdempotent(db, request, 'createApiKey', async (tx) => {
        const key = `${API_KEY_PREFIX}${randomToken(30)}`;
        const [row] = await tx
          .insert(apiKeys)
          .values({ userId: actor.userId, name: request.body.name, prefix: key.slice(0, 10), keyHash: sha256(key) })
          .returning(columns);
        await appendAudit(tx, auditActor(actor), { action: 'apiKey.create', entityType: 'apiKey', entityId: row!.id, after: { name: row!.name, prefix: row!.prefix }, correlationId: request.correlationId });
        return { statusCode: 201, body: { ...row!, key } };
      });
      return reply.code(result.statusCode).send(result.body);
    },
  );

  app.delete(
    '/api-keys/:id',
    {
      config: { access: ACCESS.authenticated },
      schema: {
        operationId: 'revokeApiKey',
        tags: ['api-keys'],
        summary: 'Revoke an API key; it stops working at once',
        params: z.object({ id: z.uuid() }),
        response: { 204: z.undefined(), '4XX': ZProblem },
      },
    },
    async (request, reply) => {
      const actor = request.actor!;
      await auditedTransaction(db, async (tx) => {
        const [row] = await tx
          .update(apiKeys)
          .set({ revokedAt: sql`now()` })
          .where(and(eq(apiKeys.id, request.params.id), eq(apiKeys.userId, actor.userId), isNull(apiKeys.revokedAt)))
          .returning({ id: apiKeys.id });
        if (!row) throw notFound('API key');
        await appendAudit(tx, auditActor(actor), { action: 'apiKey.revoke', entityType: 'apiKey', entityId: row.id, correlationId: request.correlationId });
      });
      return reply.code(204).send();
    },
  );
};
