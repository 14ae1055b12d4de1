import { and, desc, eq, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RouteModule } from '../../core/context.js';
import type { Actor } from '../../core/auth/actor.js';
import { ACCESS } from '../../core/auth/policy.js';
import { notFound } from '../../core/http/errors.js';
import { ZProblem } from '../../core/http/problem.js';
import { notifications } from '../../core/core.tables.js';
import { riskDisclosureFor } from '../risk/disclosure.js';

const ZNotification = z
  .object({
    id: z.number().int(),
    type: z.string(),
    entityType: z.string(),
    entityId: z.string(),
    payload: z.record(z.string(), z.unknown()),
    createdAt: z.string(),
    readAt: z.string().nullable(),
  })
  .meta({ id: 'Notification' });

/** An enterprise user sees its enterprise's feed; customs staff see the feeds of their roles. */
function audience(actor: Actor): SQL {
  if (actor.enterpriseId) return eq(notifications.enterpriseId, actor.enterpriseId);
  return and(isNull(notifications.enterpriseId), inArray(notifications.role, actor.roles))!;
}

export const notificationRoutes: RouteModule = (parent, { db }) => {
  const app = parent.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/notifications',
    {
      config: { access: ACCESS.authenticated },
      schema: {
        operationId: 'listNotifications',
        tags: ['notifications'],
        summary: 'Your notification feed, newest first (an enterprise feed carries the declaration number, lane and rejection reason only)',
        querystring: z.object({ before: z.coerce.number().int().optional(), limit: z.coerce.number().int().min(1).max(100).default(30) }),
        response: { 200: z.object({ items: z.array(ZNotification), unread: z.number().int() }), '4XX': ZProblem },
      },
    },
    async (request) => {
      const actor = request.actor!;
      const where = request.query.before ? and(audience(actor), lt(notifications.id, request.query.before)) : audience(actor);
      const items = await db
        .select({
          id: notifications.id,
          type: notifications.type,
          entityType: notifications.entityType,
          entityId: notifications.entityId,
          payload: notifications.payload,
          createdAt: notifications.createdAt,
          readAt: notifications.readAt,
        })
        .from(notifications)
        .where(where)
        .orderBy(desc(notifications.id))
        .limit(request.query.limit);
      const [unread] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(notifications)
        .where(and(audience(actor), isNull(notifications.readAt)));
      const disclosure = riskDisclosureFor(actor);
      return { items: items.map((n) => disclosure.notification({ ...n, payload: n.payload as Record<string, unknown> })), unread: unread?.n ?? 0 };
    },
  );

  app.post(
    '/notifications/:id/read',
    {
      config: { access: ACCESS.authenticated },
      schema: {
        operationId: 'markNotificationRead',
        tags: ['notifications'],
        summary: 'Mark a notification as read',
        params: z.object({ id: z.coerce.number().int() }),
        response: { 204: z.undefined(), '4XX': ZProblem },
      },
    },
    async (request, reply) => {
      const [row] = await db
        .update(notifications)
        .set({ readAt: sql`coalesce(${notifications.readAt}, now())` })
        .where(and(eq(notifications.id, request.params.id), or(audience(request.actor!))))
        .returning({ id: notifications.id });
      if (!row) throw notFound('notification');
      return reply.code(204).send();
    },
  );
};
