import { and, asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RouteModule } from '../../core/context.js';
import { ACCESS } from '../../core/auth/policy.js';
import { auditActor } from '../../core/auth/actor.js';
import { CREDIT_CLASSES } from '../../core/auth/roles.js';
import { appendAudit } from '../../core/audit/audit.js';
import { AppError, notFound } from '../../core/http/errors.js';
import { ZProblem } from '../../core/http/problem.js';
import { runIdempotent } from '../../core/http/idempotency.js';
import { commodityCategories } from '../reference/reference.tables.js';
import { enterprises } from '../registry/registry.tables.js';
import { laneRates, watchList } from './risk.tables.js';

const ZLaneRate = z
  .object({ categoryCode: z.string(), creditClass: z.enum(CREDIT_CLASSES), inspectionRate: z.string(), updatedAt: z.string() })
  .meta({ id: 'LaneRate' });

const ZWatchListEntry = z
  .object({ id: z.uuid(), enterpriseId: z.uuid(), enterpriseNameZh: z.string(), enterpriseNameEn: z.string(), reason: z.string(), addedAt: z.string() })
  .meta({ id: 'WatchListEntry' });

const rate = z
  .string()
  .trim()
  .regex(/^(0(\.\d{1,4})?|1(\.0{1,4})?)$/, 'must be a share between 0 and 1 with at most 4 decimals, e.g. "0.05"');

export const riskRoutes: RouteModule = (parent, { db }) => {
  const app = parent.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/risk/lane-rates',
    {
      config: { access: ACCESS.customs },
      schema: { operationId: 'listLaneRates', tags: ['risk'], summary: 'Inspection rate per commodity category × credit class', response: { 200: z.object({ items: z.array(ZLaneRate) }), '4XX': ZProblem } },
    },
    async () => ({
      items: (
        await db
          .select({ categoryCode: laneRates.categoryCode, creditClass: laneRates.creditClass, inspectionRate: laneRates.inspectionRate, updatedAt: laneRates.updatedAt })
          .from(laneRates)
          .orderBy(asc(laneRates.categoryCode), asc(laneRates.creditClass))
      ).map((r) => ({ ...r, creditClass: r.creditClass as (typeof CREDIT_CLASSES)[number] })),
    }),
  );

  app.put(
    '/risk/lane-rates/:categoryCode/:creditClass',
    {
      config: { access: ACCESS.riskAnalyst },
      schema: {
        operationId: 'setLaneRate',
        tags: ['risk'],
        summary: 'Set the inspection rate of a category for a credit class (audited)',
        params: z.object({ categoryCode: z.string().max(50), creditClass: z.enum(CREDIT_CLASSES) }),
        body: z.object({ inspectionRate: rate }),
        response: { 200: ZLaneRate, '4XX': ZProblem },
      },
    },
    async (request) => {
      const actor = request.actor!;
      const { categoryCode, creditClass } = request.params;
      return db.transaction(async (tx) => {
        const [category] = await tx.select().from(commodityCategories).where(eq(commodityCategories.code, categoryCode));
        if (!category) throw notFound('commodity category');
        const [before] = await tx.select().from(laneRates).where(and(eq(laneRates.categoryCode, categoryCode), eq(laneRates.creditClass, creditClass)));
        const [row] = await tx
          .insert(laneRates)
          .values({ categoryCode, creditClass, inspectionRate: request.body.inspectionRate, updatedBy: actor.userId })
          .onConflictDoUpdate({
            target: [laneRates.categoryCode, laneRates.creditClass],
            set: { inspectionRate: request.body.inspectionRate, updatedBy: actor.userId, updatedAt: sql`now()` },
          })
          .returning();
        await appendAudit(tx, auditActor(actor), {
          action: 'risk.setLaneRate',
          entityType: 'laneRate',
          entityId: `${categoryCode}/${creditClass}`,
          before: before ? { inspectionRate: before.inspectionRate } : null,
          after: { inspectionRate: row!.inspectionRate },
          correlationId: request.correlationId,
        });
        return { categoryCode, creditClass, inspectionRate: row!.inspectionRate, updatedAt: row!.updatedAt };
      });
    },
  );

  app.get(
    '/risk/watch-list',
    {
      config: { access: ACCESS.customs },
      schema: { operationId: 'listWatchList', tags: ['risk'], summary: 'Enterprises whose declarations are always inspected', response: { 200: z.object({ items: z.array(ZWatchListEntry) }), '4XX': ZProblem } },
    },
    async () => ({
      items: await db
        .select({ id: watchList.id, enterpriseId: watchList.enterpriseId, enterpriseNameZh: enterprises.nameZh, enterpriseNameEn: enterprises.nameEn, reason: watchList.reason, addedAt: watchList.addedAt })
        .from(watchList)
        .innerJoin(enterprises, eq(enterprises.id, watchList.enterpriseId))
        .where(eq(watchList.active, true))
        .orderBy(asc(watchList.addedAt)),
    }),
  );

  app.post(
    '/risk/watch-list',
    {
      config: { access: ACCESS.riskAnalyst },
      schema: {
        operationId: 'addToWatchList',
        tags: ['risk'],
        summary: 'Put an enterprise on the watch list (accepts Idempotency-Key)',
        body: z.object({ enterpriseId: z.uuid(), reason: z.string().trim().min(1).max(500) }),
        response: { 201: ZWatchListEntry, '4XX': ZProblem },
      },
    },
    async (request, reply) => {
      const actor = request.actor!;
      const result = await runIdempotent(db, request, 'addToWatchList', async (tx) => {
        const [enterprise] = await tx.select().from(enterprises).where(eq(enterprises.id, request.body.enterpriseId));
        if (!enterprise) throw new AppError('VALIDATION_FAILED', 'No such enterprise.', { errors: [{ path: 'enterpriseId', code: 'UNKNOWN', message: 'no such enterprise' }] });
        const [existing] = await tx.select().from(watchList).where(and(eq(watchList.enterpriseId, enterprise.id), eq(watchList.active, true)));
        if (existing) throw new AppError('CONFLICT', 'The enterprise is already on the watch list.');
        const [row] = await tx.insert(watchList).values({ enterpriseId: enterprise.id, reason: request.body.reason, addedBy: actor.userId }).returning();
        await appendAudit(tx, auditActor(actor), { action: 'risk.watchList.add', entityType: 'enterprise', entityId: enterprise.id, after: { reason: row!.reason }, correlationId: request.correlationId });
        return { statusCode: 201, body: { id: row!.id, enterpriseId: enterprise.id, enterpriseNameZh: enterprise.nameZh, enterpriseNameEn: enterprise.nameEn, reason: row!.reason, addedAt: row!.addedAt } };
      });
      return reply.code(result.statusCode).send(result.body);
    },
  );

  app.delete(
    '/risk/watch-list/:id',
    {
      config: { access: ACCESS.riskAnalyst },
      schema: { operationId: 'removeFromWatchList', tags: ['risk'], summary: 'Take an enterprise off the watch list', params: z.object({ id: z.uuid() }), response: { 204: z.undefined(), '4XX': ZProblem } },
    },
    async (request, reply) => {
      const actor = request.actor!;
      await db.transaction(async (tx) => {
        const [row] = await tx
          .update(watchList)
          .set({ active: false, removedAt: sql`now()` })
          .where(and(eq(watchList.id, request.params.id), eq(watchList.active, true)))
          .returning();
        if (!row) throw notFound('watch-list entry');
        await appendAudit(tx, auditActor(actor), { action: 'risk.watchList.remove', entityType: 'enterprise', entityId: row.enterpriseId, before: { reason: row.reason }, correlationId: request.correlationId });
      });
      return reply.code(204).send();
    },
  );
};
