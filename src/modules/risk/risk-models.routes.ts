import { inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditedTransaction } from '../../core/audit/audit.js';
import type { RouteModule } from '../../core/context.js';
import type { Executor } from '../../core/db/executor.js';
import { ACCESS } from '../../core/auth/policy.js';
import { notFound } from '../../core/http/errors.js';
import { ZProblem } from '../../core/http/problem.js';
import { users } from '../registry/registry.tables.js';
import type { ModelMetrics } from './model/orelane/model.js';
import { runIdempotentThenHandOff } from '../../core/http/idempotency.js';
import { MIN_POSITIVES_TO_ACTIVATE, MODEL_STATUSES, activateModel, createModelRequest, findModel, listModels, queueModelTraining, type RiskModelRow } from './risk-models.js';

const ZPerson = z.object({ id: z.uuid(), displayName: z.string() }).nullable();

const ZMetrics = z
  .object({
    auc: z.number().nullable().describe('ROC AUC on the held-out slice (the latest 30 % of inspected lots); null without both outcomes there'),
    heldOutRows: z.number().int(),
    heldOutPositives: z.number().int(),
    baseRate: z.number().describe('Non-conforming share of the inspected lots learned from'),
    precisionAtK: z.array(z.object({ rate: z.number(), k: z.number().int(), precision: z.number().nullable(), recall: z.number().nullable() })),
  })
  .meta({ id: 'RiskModelMetrics' });

const ZRiskModelSummary = z
  .object({
    version: z.string().describe('e.g. "orelane-2026-11-26.1": what decisions record as modelVersion'),
    status: z.enum(MODEL_STATUSES),
    comment: z.string(),
    requestedAt: z.string(),
    trainedAt: z.string().nullable(),
    trainedBy: ZPerson,
    activatedAt: z.string().nullable(),
    activatedBy: ZPerson,
    retiredAt: z.string().nullable(),
    trainingRows: z.number().int().nullable().describe('Inspected declarations with an outcome'),
    positives: z.number().int().nullable().describe('Of which found non-conforming'),
    metrics: ZMetrics.nullable(),
    features: z.array(z.string()),
    error: z.string().nullable().describe('Why training failed'),
    minPositivesToActivate: z.number().int(),
  })
  .meta({ id: 'RiskModelSummary' });

const ZRiskModel = ZRiskModelSummary.extend({
  featureImportances: z.array(z.object({ feature: z.string(), importance: z.number().describe('Share of the total split gain') })),
}).meta({ id: 'RiskModel' });

const ZVersionParams = z.object({ version: z.string().min(1).max(100) });

/** Trained and activated by risk analysts or a supervisor; read by every customs role (like rule sets). */
export const riskModelRoutes: RouteModule = (parent, { db, jobs }) => {
  const app = parent.withTypeProvider<ZodTypeProvider>();

  async function present(db: Executor, rows: RiskModelRow[]) {
    const ids = [...new Set(rows.flatMap((r) => [r.trainedBy, r.activatedBy]).filter((id): id is string => id !== null))];
    const people = ids.length ? await db.select({ id: users.id, displayName: users.displayName }).from(users).where(inArray(users.id, ids)) : [];
    const byId = new Map(people.map((p) => [p.id, p]));
    const person = (id: string | null) => (id ? (byId.get(id) ?? { id, displayName: '' }) : null);
    return rows.map((row) => ({
      version: row.version,
      status: row.status as (typeof MODEL_STATUSES)[number],
      comment: row.comment,
      requestedAt: row.requestedAt,
      trainedAt: row.trainedAt,
      trainedBy: person(row.trainedBy),
      activatedAt: row.activatedAt,
      activatedBy: person(row.activatedBy),
      retiredAt: row.retiredAt,
      trainingRows: row.trainingRows,
      positives: row.positives,
      metrics: row.metrics as ModelMetrics | null,
      features: row.features,
      error: row.error,
      minPositivesToActivate: MIN_POSITIVES_TO_ACTIVATE,
      featureImportances: row.featureImportances as { feature: string; importance: number }[],
    }));
  }

  async function presentOne(db: Executor, row: RiskModelRow) {
    return (await present(db, [row]))[0]!;
  }

  app.get(
    '/risk/models',
    {
      config: { access: ACCESS.customs },
      schema: { operationId: 'listRiskModels', tags: ['risk'], summary: 'Every learned-score model, newest first', response: { 200: z.object({ items: z.array(ZRiskModelSummary) }), '4XX': ZProblem } },
    },
    async () => ({ items: (await present(db, await listModels(db))).map(({ featureImportances: _, ...summary }) => summary) }),
  );

  app.post(
    '/risk/models',
    {
      config: { access: ACCESS.riskAnalyst },
      schema: {
        operationId: 'trainRiskModel',
        tags: ['risk'],
        summary: 'Retrain on demand: queue training of a new model version on the decisions and inspection outcomes so far (202; poll getRiskModel; accepts Idempotency-Key)',
        headers: z.object({ 'idempotency-key': z.string().optional().describe('A retry with the same key answers the first model version and trains nothing new') }),
        body: z.object({ comment: z.string().trim().max(2000).default('') }).default({ comment: '' }),
        response: { 202: ZRiskModel, '4XX': ZProblem, 503: ZProblem },
      },
    },
    async (request, reply) => {
      const result = await runIdempotentThenHandOff(
        db,
        request,
        'trainRiskModel',
        async (tx) => ({ statusCode: 202, body: await presentOne(tx, await createModelRequest(tx, request.actor!, request.body.comment, { correlationId: request.correlationId })) }),
        (model) => queueModelTraining(db, jobs, model.version),
      );
      return reply.code(result.statusCode).send(result.body);
    },
  );

  app.get(
    '/risk/models/:version',
    {
      config: { access: ACCESS.customs },
      schema: { operationId: 'getRiskModel', tags: ['risk'], summary: 'One model: status, training data, held-out metrics, feature importances', params: ZVersionParams, response: { 200: ZRiskModel, '4XX': ZProblem } },
    },
    async (request) => {
      const row = await findModel(db, request.params.version);
      if (!row) throw notFound('risk model');
      return presentOne(db, row);
    },
  );

  app.post(
    '/risk/models/:version/activate',
    {
      config: { access: ACCESS.riskAnalyst },
      schema: {
        operationId: 'activateRiskModel',
        tags: ['risk'],
        summary: 'Make this model score every new decision (the active one is retired); 422 MODEL_NOT_ACTIVATABLE if training failed or found too few non-conforming lots',
        params: ZVersionParams,
        response: { 200: ZRiskModel, '4XX': ZProblem },
      },
    },
    async (request) => {
      const row = await auditedTransaction(db, (tx) => activateModel(tx, request.actor!, request.params.version, { correlationId: request.correlationId }));
      return presentOne(db, row);
    },
  );
};
