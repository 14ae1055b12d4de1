import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RouteModule } from '../../core/context.js';
import { ACCESS } from '../../core/auth/policy.js';
import { auditActor } from '../../core/auth/actor.js';
import { appendAudit, auditedTransaction } from '../../core/audit/audit.js';
import { notFound } from '../../core/http/errors.js';
import { ZProblem } from '../../core/http/problem.js';
import { zDecimal } from '../../core/decimal.js';
import { readSetting, writeSetting } from '../../core/settings.js';
import { ZDeclarationSummary } from '../declarations/declarations.schema.js';
import { findDeclarationSummaries } from '../declarations/declarations.queries.js';
import { INSPECTION_THRESHOLDS, ZInspectionThresholdValues } from './inspection.settings.js';
import { findTask, listTasks, recordOnSiteCheck, startTask, TASK_STATES, type InspectionTaskRow } from './inspection.service.js';

const decimal = (maxScale: number, what: string) => zDecimal({ maxScale, maxIntegerDigits: 9, min: '0' }).describe(what);

const ZTask = z
  .object({
    id: z.uuid(),
    state: z.enum(TASK_STATES),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    completedAt: z.string().nullable(),
    declaration: ZDeclarationSummary,
  })
  .meta({ id: 'InspectionTask' });

const ZRecordCheckRequest = z
  .object({
    sealIntact: z.boolean(),
    doseRateUsvH: decimal(4, 'Highest surface gamma dose rate, µSv/h'),
    solidWasteSuspected: z.boolean(),
    foreignMatterFound: z.boolean(),
    weighedTonnes: decimal(3, 'Weighed mass, tonnes'),
    outcome: z.enum(['PASSED', 'FAILED']),
    remarks: z.string().trim().max(2000).default(''),
  })
  .meta({ id: 'RecordOnSiteCheckRequest' });

/** The same schema the stored setting is read with: what is accepted here is never silently dropped later. */
const ZThresholds = ZInspectionThresholdValues.meta({ id: 'InspectionThresholds' });

export const inspectionRoutes: RouteModule = (parent, { db }) => {
  const app = parent.withTypeProvider<ZodTypeProvider>();

  async function presentTasks(tasks: InspectionTaskRow[]) {
    const summaries = await findDeclarationSummaries(db, tasks.map((t) => t.declarationId));
    return tasks.flatMap((task) => {
      const declaration = summaries.get(task.declarationId);
      return declaration ? [{ id: task.id, state: task.state as (typeof TASK_STATES)[number], createdAt: task.createdAt, startedAt: task.startedAt, completedAt: task.completedAt, declaration }] : [];
    });
  }

  app.get(
    '/inspection/tasks',
    {
      config: { access: ACCESS.inspector },
      schema: {
        operationId: 'listInspectionTasks',
        tags: ['inspection'],
        summary: 'The 24/7 inspection queue, oldest first',
        querystring: z.object({
          state: z
            .string()
            .optional()
            .describe('Comma-separated task states')
            .refine((v) => !v || v.split(',').every((s) => (TASK_STATES as readonly string[]).includes(s)), 'unknown task state'),
        }),
        response: { 200: z.object({ items: z.array(ZTask) }), '4XX': ZProblem },
      },
    },
    async (request) => ({ items: await presentTasks(await listTasks(db, request.query.state?.split(','))) }),
  );

  app.get(
    '/inspection/tasks/:id',
    {
      config: { access: ACCESS.inspector },
      schema: { operationId: 'getInspectionTask', tags: ['inspection'], summary: 'One inspection task', params: z.object({ id: z.uuid() }), response: { 200: ZTask, '4XX': ZProblem } },
    },
    async (request) => {
      const task = await findTask(db, request.params.id);
      const [presented] = task ? await presentTasks([task]) : [];
      if (!presented) throw notFound('inspection task');
      return presented;
    },
  );

  app.post(
    '/inspection/tasks/:id/start',
    {
      config: { access: ACCESS.inspector },
      schema: { operationId: 'startInspectionTask', tags: ['inspection'], summary: 'Take the task and start the on-site inspection', params: z.object({ id: z.uuid() }), response: { 200: ZTask, '4XX': ZProblem } },
    },
    async (request) => {
      const task = await auditedTransaction(db, (tx) => startTask(tx, request.actor!, request.params.id, { correlationId: request.correlationId }));
      return (await presentTasks([task]))[0]!;
    },
  );

  app.post(
    '/inspection/tasks/:id/check',
    {
      config: { access: ACCESS.inspector },
      schema: {
        operationId: 'recordOnSiteCheck',
        tags: ['inspection'],
        summary: 'Record the on-site check (seal, radioactivity, solid waste, foreign matter, weight) and pass or fail the lot',
        params: z.object({ id: z.uuid() }),
        body: ZRecordCheckRequest,
        response: { 200: ZTask, '4XX': ZProblem },
      },
    },
    async (request) => {
      const { task } = await auditedTransaction(db, (tx) => recordOnSiteCheck(tx, request.actor!, request.params.id, request.body, { correlationId: request.correlationId }));
      return (await presentTasks([task]))[0]!;
    },
  );

  app.get(
    '/inspection/settings',
    {
      config: { access: ACCESS.customs },
      schema: { operationId: 'getInspectionThresholds', tags: ['inspection'], summary: 'Thresholds the on-site check is judged against', response: { 200: ZThresholds, '4XX': ZProblem } },
    },
    async () => readSetting(db, INSPECTION_THRESHOLDS),
  );

  app.put(
    '/inspection/settings',
    {
      config: { access: { roles: ['SUPERVISOR', 'SYSTEM_ADMIN'] } },
      schema: { operationId: 'updateInspectionThresholds', tags: ['inspection'], summary: 'Change the thresholds (audited)', body: ZThresholds, response: { 200: ZThresholds, '4XX': ZProblem } },
    },
    async (request) => {
      const actor = request.actor!;
      await auditedTransaction(db, async (tx) => {
        const before = await readSetting(tx, INSPECTION_THRESHOLDS);
        await writeSetting(tx, INSPECTION_THRESHOLDS, request.body, actor.userId);
        await appendAudit(tx, auditActor(actor), { action: 'settings.update', entityType: 'setting', entityId: INSPECTION_THRESHOLDS.key, before, after: request.body, correlationId: request.correlationId });
      });
      return request.body;
    },
  );
};
