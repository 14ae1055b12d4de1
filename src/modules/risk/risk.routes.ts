import { and, asc, count, eq, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RouteModule } from '../../core/context.js';
import { ACCESS } from '../../core/auth/policy.js';
import { CREDIT_CLASSES } from '../../core/auth/roles.js';
import { AppError, notFound } from '../../core/http/errors.js';
import { ZProblem } from '../../core/http/problem.js';
import { runIdempotent } from '../../core/http/idempotency.js';
import { commodityCategories } from '../reference/reference.tables.js';
import { enterprises } from '../registry/registry.tables.js';
import { LIST_KINDS } from './engine/index.js';
import {
  addListEntry,
  createList,
  currentRevision,
  findList,
  listEntriesAt,
  removeListEntry,
  setLaneRate,
  WATCHED_ENTERPRISES,
  type RiskListEntryRow,
} from './risk-data.js';
import { laneRates, riskListEntries, riskLists } from './risk.tables.js';

const ZLaneRate = z
  .object({ categoryCode: z.string(), creditClass: z.enum(CREDIT_CLASSES), inspectionRate: z.string(), updatedAt: z.string() })
  .meta({ id: 'LaneRate' });

const ZWatchListEntry = z
  .object({ id: z.uuid(), enterpriseId: z.uuid(), enterpriseNameZh: z.string(), enterpriseNameEn: z.string(), reason: z.string(), addedAt: z.string() })
  .meta({ id: 'WatchListEntry' });

const ZRiskList = z
  .object({
    name: z.string(),
    kind: z.enum(LIST_KINDS),
    descriptionZh: z.string(),
    descriptionEn: z.string(),
    entryCount: z.number().int(),
    createdAt: z.string(),
  })
  .meta({ id: 'RiskList' });

const ZRiskListEntry = z
  .object({
    id: z.uuid(),
    listName: z.string(),
    value: z.string(),
    /** Enterprise name for enterprise and declarant lists. */
    label: z.string().nullable(),
    reason: z.string(),
    addedAt: z.string(),
    addedRevision: z.number().int(),
    removedAt: z.string().nullable(),
    removedRevision: z.number().int().nullable(),
    removalReason: z.string().nullable(),
  })
  .meta({ id: 'RiskListEntry' });

const rate = z
  .string()
  .trim()
  .regex(/^(0(\.\d{1,4})?|1(\.0{1,4})?)$/, 'must be a share between 0 and 1 with at most 4 decimals, e.g. "0.05"');
const reason = z.string().trim().min(1).max(500);
const listName = z.string().max(64);

export const riskRoutes: RouteModule = (parent, { db }) => {
  const app = parent.withTypeProvider<ZodTypeProvider>();

  async function labels(values: string[]): Promise<Map<string, string>> {
    const ids = values.filter((v) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(v));
    if (!ids.length) return new Map();
    const rows = await db.select({ id: enterprises.id, nameZh: enterprises.nameZh, nameEn: enterprises.nameEn }).from(enterprises).where(inArray(enterprises.id, ids));
    return new Map(rows.map((r) => [r.id, `${r.nameZh} / ${r.nameEn}`]));
  }

  async function presentEntries(entries: RiskListEntryRow[]) {
    const names = await labels(entries.map((e) => e.value));
    return entries.map((e) => ({
      id: e.id,
      listName: e.listName,
      value: e.value,
      label: names.get(e.value) ?? null,
      reason: e.reason,
      addedAt: e.addedAt,
      addedRevision: e.addedRevision,
      removedAt: e.removedAt,
      removedRevision: e.removedRevision,
      removalReason: e.removalReason,
    }));
  }

  // ── Lane rates: the engine's minimum random rate per commodity category × credit class ──────────────────

  app.get(
    '/risk/lane-rates',
    {
      config: { access: ACCESS.customs },
      schema: { operationId: 'listLaneRates', tags: ['risk'], summary: 'Minimum random inspection rate per commodity category × credit class', response: { 200: z.object({ items: z.array(ZLaneRate) }), '4XX': ZProblem } },
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
        summary: 'Set the minimum random rate of a category for a credit class (audited; a new risk-data revision)',
        description:
          'Advanced certified rates count at most 20 % of the category’s general rate, dishonest ones at least 80 % (Order No. 251), whatever is stored.',
        params: z.object({ categoryCode: z.string().max(50), creditClass: z.enum(CREDIT_CLASSES) }),
        body: z.object({ inspectionRate: rate }),
        response: { 200: ZLaneRate, '4XX': ZProblem },
      },
    },
    async (request) => {
      const { categoryCode, creditClass } = request.params;
      return db.transaction(async (tx) => {
        const [category] = await tx.select().from(commodityCategories).where(eq(commodityCategories.code, categoryCode));
        if (!category) throw notFound('commodity category');
        const row = await setLaneRate(tx, request.actor!, { categoryCode, creditClass }, request.body.inspectionRate, { correlationId: request.correlationId });
        return { categoryCode, creditClass, inspectionRate: row.inspectionRate, updatedAt: row.updatedAt };
      });
    },
  );

  // ── Lists ───────────────────────────────────────────────────────────────────────────────────────────────

  app.get(
    '/risk/lists',
    {
      config: { access: ACCESS.customs },
      schema: {
        operationId: 'listRiskLists',
        tags: ['risk'],
        summary: 'Named lists rules refer to, with their current entry counts and the current risk-data revision',
        response: { 200: z.object({ revision: z.number().int(), items: z.array(ZRiskList) }), '4XX': ZProblem },
      },
    },
    async () => {
      const lists = await db.select().from(riskLists).orderBy(asc(riskLists.name));
      const counts = await db.select({ listName: riskListEntries.listName, n: count() }).from(riskListEntries).where(isNull(riskListEntries.removedRevision)).groupBy(riskListEntries.listName);
      const byList = new Map(counts.map((c) => [c.listName, c.n]));
      return {
        revision: await currentRevision(db),
        items: lists.map((l) => ({ name: l.name, kind: l.kind as (typeof LIST_KINDS)[number], descriptionZh: l.descriptionZh, descriptionEn: l.descriptionEn, entryCount: byList.get(l.name) ?? 0, createdAt: l.createdAt })),
      };
    },
  );

  app.post(
    '/risk/lists',
    {
      config: { access: ACCESS.riskAnalyst },
      schema: {
        operationId: 'createRiskList',
        tags: ['risk'],
        summary: 'Create an empty named list (accepts Idempotency-Key)',
        body: z.object({ name: listName, kind: z.enum(LIST_KINDS), descriptionZh: z.string().trim().min(1).max(200), descriptionEn: z.string().trim().min(1).max(200) }),
        response: { 201: ZRiskList, '4XX': ZProblem },
      },
    },
    async (request, reply) => {
      const result = await runIdempotent(db, request, 'createRiskList', async (tx) => {
        const row = await createList(tx, request.actor!, request.body, { correlationId: request.correlationId });
        return { statusCode: 201, body: { name: row.name, kind: row.kind as (typeof LIST_KINDS)[number], descriptionZh: row.descriptionZh, descriptionEn: row.descriptionEn, entryCount: 0, createdAt: row.createdAt } };
      });
      return reply.code(result.statusCode).send(result.body);
    },
  );

  app.get(
    '/risk/lists/:name',
    {
      config: { access: ACCESS.customs },
      schema: {
        operationId: 'getRiskList',
        tags: ['risk'],
        summary: 'A list with the entries it holds now, or at an earlier risk-data revision (what a past decision saw)',
        params: z.object({ name: listName }),
        querystring: z.object({ revision: z.coerce.number().int().positive().optional() }),
        response: { 200: ZRiskList.omit({ entryCount: true }).extend({ revision: z.number().int(), entries: z.array(ZRiskListEntry) }), '4XX': ZProblem },
      },
    },
    async (request) => {
      const list = await findList(db, request.params.name);
      if (!list) throw notFound('list');
      const revision = request.query.revision ?? (await currentRevision(db));
      const entries = await listEntriesAt(db, list.name, revision);
      return {
        name: list.name,
        kind: list.kind as (typeof LIST_KINDS)[number],
        descriptionZh: list.descriptionZh,
        descriptionEn: list.descriptionEn,
        createdAt: list.createdAt,
        revision,
        entries: await presentEntries(entries),
      };
    },
  );

  app.post(
    '/risk/lists/:name/entries',
    {
      config: { access: ACCESS.riskAnalyst },
      schema: {
        operationId: 'addRiskListEntry',
        tags: ['risk'],
        summary: 'Add an entry with a reason (audited; a new risk-data revision; accepts Idempotency-Key)',
        params: z.object({ name: listName }),
        body: z.object({ value: z.string().trim().min(1).max(64), reason }),
        response: { 201: ZRiskListEntry, '4XX': ZProblem },
      },
    },
    async (request, reply) => {
      const result = await runIdempotent(db, request, 'addRiskListEntry', async (tx) => {
        const row = await addListEntry(tx, request.actor!, request.params.name, request.body, { correlationId: request.correlationId });
        return { statusCode: 201, body: (await presentEntries([row]))[0]! };
      });
      return reply.code(result.statusCode).send(result.body);
    },
  );

  app.post(
    '/risk/lists/:name/entries/:entryId/remove',
    {
      config: { access: ACCESS.riskAnalyst },
      schema: {
        operationId: 'removeRiskListEntry',
        tags: ['risk'],
        summary: 'Take an entry off its list with a reason (kept for replay; audited; a new risk-data revision)',
        params: z.object({ name: listName, entryId: z.uuid() }),
        body: z.object({ reason }),
        response: { 200: ZRiskListEntry, '4XX': ZProblem },
      },
    },
    async (request) => {
      const row = await db.transaction((tx) => removeListEntry(tx, request.actor!, request.params.name, request.params.entryId, request.body.reason, { correlationId: request.correlationId }));
      return (await presentEntries([row]))[0]!;
    },
  );

  // ── Watch list: the enterprise list the baseline rules inspect every lot of ───────────────────────────────

  app.get(
    '/risk/watch-list',
    {
      config: { access: ACCESS.customs },
      schema: { operationId: 'listWatchList', tags: ['risk'], summary: `Enterprises on the list "${WATCHED_ENTERPRISES}"`, response: { 200: z.object({ items: z.array(ZWatchListEntry) }), '4XX': ZProblem } },
    },
    async () => {
      const entries = await listEntriesAt(db, WATCHED_ENTERPRISES, await currentRevision(db));
      const ids = entries.map((e) => e.value);
      const names = ids.length ? await db.select().from(enterprises).where(inArray(enterprises.id, ids)) : [];
      const byId = new Map(names.map((e) => [e.id, e]));
      return {
        items: entries.flatMap((e) => {
          const enterprise = byId.get(e.value);
          return enterprise ? [{ id: e.id, enterpriseId: enterprise.id, enterpriseNameZh: enterprise.nameZh, enterpriseNameEn: enterprise.nameEn, reason: e.reason, addedAt: e.addedAt }] : [];
        }),
      };
    },
  );

  app.post(
    '/risk/watch-list',
    {
      config: { access: ACCESS.riskAnalyst },
      schema: {
        operationId: 'addToWatchList',
        tags: ['risk'],
        summary: 'Put an enterprise on the watch list (accepts Idempotency-Key)',
        body: z.object({ enterpriseId: z.uuid(), reason }),
        response: { 201: ZWatchListEntry, '4XX': ZProblem },
      },
    },
    async (request, reply) => {
      const result = await runIdempotent(db, request, 'addToWatchList', async (tx) => {
        const [enterprise] = await tx.select().from(enterprises).where(eq(enterprises.id, request.body.enterpriseId));
        if (!enterprise) throw new AppError('VALIDATION_FAILED', 'No such enterprise.', { errors: [{ path: 'enterpriseId', code: 'UNKNOWN', message: 'no such enterprise' }] });
        const row = await addListEntry(tx, request.actor!, WATCHED_ENTERPRISES, { value: enterprise.id, reason: request.body.reason }, { correlationId: request.correlationId }).catch((error: unknown) => {
          if (error instanceof AppError && error.code === 'CONFLICT') throw new AppError('CONFLICT', 'The enterprise is already on the watch list.');
          throw error;
        });
        return { statusCode: 201, body: { id: row.id, enterpriseId: enterprise.id, enterpriseNameZh: enterprise.nameZh, enterpriseNameEn: enterprise.nameEn, reason: row.reason, addedAt: row.addedAt } };
      });
      return reply.code(result.statusCode).send(result.body);
    },
  );

  app.delete(
    '/risk/watch-list/:id',
    {
      config: { access: ACCESS.riskAnalyst },
      schema: {
        operationId: 'removeFromWatchList',
        tags: ['risk'],
        summary: 'Take an enterprise off the watch list',
        params: z.object({ id: z.uuid() }),
        querystring: z.object({ reason: reason.optional() }),
        response: { 204: z.undefined(), '4XX': ZProblem },
      },
    },
    async (request, reply) => {
      await db.transaction(async (tx) => {
        const [entry] = await tx.select().from(riskListEntries).where(and(eq(riskListEntries.id, request.params.id), eq(riskListEntries.listName, WATCHED_ENTERPRISES)));
        if (!entry) throw notFound('watch-list entry');
        await removeListEntry(tx, request.actor!, WATCHED_ENTERPRISES, entry.id, request.query.reason ?? 'removed from the watch list', { correlationId: request.correlationId });
      });
      return reply.code(204).send();
    },
  );
};
