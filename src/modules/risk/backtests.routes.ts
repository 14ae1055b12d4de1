import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RouteModule } from '../../core/context.js';
import type { Executor } from '../../core/db/executor.js';
import { ZProblem } from '../../core/http/problem.js';
import { LANES } from './lane-decider.js';
import type { BacktestResult } from './backtest-metrics.js';
import { runIdempotentThenHandOff } from '../../core/http/idempotency.js';
import { BACKTEST_STATUSES, cancelBacktest, creatorNames, getBacktest, insertBacktest, listBacktests, queueBacktest, type BacktestRow, type BacktestStatus } from './backtests.js';
import { RULE_SET_REVIEWER } from './rule-sets.routes.js';

/** Backtests are the rule-set authors' and reviewers' tool: risk analysts and supervisors. */
export const RISK_ANALYSIS = RULE_SET_REVIEWER;

export const ZBacktestResult = z
  .object({
    ruleSetVersion: z.number().int(),
    declarations: z.number().int().describe('Stored decisions replayed'),
    lanes: z.array(z.object({ lane: z.enum(LANES), count: z.number().int(), rate: z.number() })).describe('All four lanes; rates sum to 1 when any declaration was replayed'),
    inspectionRate: z.number().describe('Share sent to a lane with an on-site check (RELEASE_THEN_INSPECT, INSPECT_BEFORE_RELEASE)'),
    knownFindings: z.number().int().describe('Replayed declarations whose on-site check FAILED'),
    findingsCaught: z.number().int().describe('Known findings this rule set sends to an on-site check'),
    findingsReleasedUnchecked: z.number().int().describe('Known findings it sends to RELEASE or DOCUMENT_CHECK'),
    precisionAtInspectionRate: z.number().nullable().describe('findingsCaught / declarations it sends to an on-site check that have a known outcome; null if none'),
    laneChangesVsStored: z.number().int().describe('Declarations whose replayed lane differs from the stored one'),
  })
  .meta({ id: 'BacktestResult' });

const ZBacktest = z
  .object({
    id: z.uuid(),
    status: z.enum(BACKTEST_STATUSES),
    from: z.iso.date(),
    to: z.iso.date(),
    ruleSetVersion: z.number().int(),
    compareWithVersion: z.number().int().nullable(),
    modelVersion: z.string().nullable().describe('The learned model replayed with the rules; null = rules only'),
    processed: z.number().int(),
    total: z.number().int().describe('Stored decisions of the period made before the backtest was created'),
    createdAt: z.string(),
    createdBy: z.string().describe("The creator's display name"),
    finishedAt: z.string().nullable(),
    error: z.string().nullable(),
    results: z.array(ZBacktestResult).describe('One per rule set (ruleSetVersion first); empty until SUCCEEDED'),
  })
  .meta({ id: 'Backtest' });

const ZIdParams = z.object({ id: z.uuid() });

async function present(db: Executor, rows: BacktestRow[]) {
  const names = await creatorNames(db, rows);
  return rows.map((row) => ({
    id: row.id,
    status: row.status as BacktestStatus,
    from: row.fromDate,
    to: row.toDate,
    ruleSetVersion: row.ruleSetVersion,
    compareWithVersion: row.compareWithVersion,
    modelVersion: row.modelVersion,
    processed: row.processed,
    total: row.total,
    createdAt: row.createdAt,
    createdBy: names.get(row.createdBy) ?? '',
    finishedAt: row.finishedAt,
    error: row.error,
    results: row.results as BacktestResult[],
  }));
}

const presentOne = async (db: Executor, row: BacktestRow) => (await present(db, [row]))[0]!;

export const backtestRoutes: RouteModule = (parent, { db, jobs }) => {
  const app = parent.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/risk/backtests',
    {
      config: { access: RISK_ANALYSIS },
      schema: {
        operationId: 'createBacktest',
        tags: ['risk'],
        summary: 'Replay a rule set (optionally beside a second one) over the stored decisions of a period, in the background (accepts Idempotency-Key)',
        headers: z.object({ 'idempotency-key': z.string().optional().describe('A retry with the same key answers the first backtest and starts nothing new') }),
        body: z.object({
          ruleSetVersion: z.number().int().positive(),
          compareWithVersion: z.number().int().positive().optional(),
          from: z.iso.date().describe('First day (at the port, China time), included'),
          to: z.iso.date().describe('Last day, included'),
          useActiveModel: z.boolean().default(true).describe('Score with the learned model active now, if any (modelVersion); false: the rules alone'),
        }),
        response: { 202: ZBacktest, '4XX': ZProblem },
      },
    },
    async (request, reply) => {
      const result = await runIdempotentThenHandOff(
        db,
        request,
        'createBacktest',
        async (tx) => ({ statusCode: 202, body: await presentOne(tx, await insertBacktest(tx, request.actor!, request.body, { correlationId: request.correlationId })) }),
        (backtest) => queueBacktest(db, jobs, backtest.id),
      );
      return reply.code(result.statusCode).send(result.body);
    },
  );

  app.get(
    '/risk/backtests',
    {
      config: { access: RISK_ANALYSIS },
      schema: { operationId: 'listBacktests', tags: ['risk'], summary: 'Backtests, newest first (the latest 200)', response: { 200: z.object({ items: z.array(ZBacktest) }), '4XX': ZProblem } },
    },
    async () => ({ items: await present(db, await listBacktests(db)) }),
  );

  app.get(
    '/risk/backtests/:id',
    {
      config: { access: RISK_ANALYSIS },
      schema: { operationId: 'getBacktest', tags: ['risk'], summary: 'One backtest with its progress and, once done, its results', params: ZIdParams, response: { 200: ZBacktest, '4XX': ZProblem } },
    },
    async (request) => presentOne(db, await getBacktest(db, request.params.id)),
  );

  app.post(
    '/risk/backtests/:id/cancel',
    {
      config: { access: RISK_ANALYSIS },
      schema: {
        operationId: 'cancelBacktest',
        tags: ['risk'],
        summary: 'Cancel a queued or running backtest (it stops within one chunk); 409 once it has finished',
        params: ZIdParams,
        response: { 200: ZBacktest, '4XX': ZProblem },
      },
    },
    async (request) => presentOne(db, await cancelBacktest(db, request.params.id)),
  );
};
