import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RouteModule } from '../../core/context.js';
import { ACCESS } from '../../core/auth/policy.js';
import { notFound } from '../../core/http/errors.js';
import { ZProblem } from '../../core/http/problem.js';
import { LANES } from './lane-decider.js';
import { replayDecision } from './engine-decider.js';
import { riskDecisionHistory, riskDecisions } from './risk.tables.js';

const ZReason = z.object({ code: z.string(), params: z.record(z.string(), z.unknown()) });

const ZStoredDecision = z
  .object({
    declarationId: z.uuid(),
    lane: z.enum(LANES),
    engine: z.string(),
    randomDraw: z.string(),
    reasons: z.array(ZReason),
    decidedAt: z.string(),
    ruleSetVersion: z.number().int().nullable(),
    dataRevision: z.number().int().nullable(),
    modelVersion: z.string().nullable(),
    checks: z.array(z.string()),
    firedRules: z.array(z.record(z.string(), z.unknown())),
    score: z.record(z.string(), z.unknown()).nullable(),
    facts: z.record(z.string(), z.unknown()).nullable(),
    details: z.record(z.string(), z.unknown()).nullable(),
  })
  .meta({ id: 'StoredRiskDecision' });

const ZReplayView = z.object({
  lane: z.string(),
  randomDraw: z.string(),
  checks: z.array(z.string()),
  firedRuleIds: z.array(z.string()),
  score: z.number().nullable().describe('The learned score; null when no model scored the decision'),
  modelVersion: z.string().nullable(),
});

type StoredRow = typeof riskDecisions.$inferSelect;

function present(row: StoredRow) {
  return {
    ...row,
    lane: row.lane as (typeof LANES)[number],
    reasons: row.reasons as { code: string; params: Record<string, unknown> }[],
    firedRules: row.firedRules as Record<string, unknown>[],
    score: row.score as Record<string, unknown> | null,
    facts: row.facts as Record<string, unknown> | null,
    details: row.details as Record<string, unknown> | null,
  };
}

export const riskDecisionRoutes: RouteModule = (parent, { db }) => {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const params = z.object({ declarationId: z.uuid() });

  app.get(
    '/risk/decisions/:declarationId',
    {
      config: { access: ACCESS.customs },
      schema: {
        operationId: 'getRiskDecision',
        tags: ['risk'],
        summary: 'The lane decision of a declaration: versions, fired rules with their draws, checks, score, facts; and the decisions it replaced',
        params,
        response: {
          200: ZStoredDecision.extend({ history: z.array(z.object({ supersededAt: z.string(), cause: z.string(), decision: z.record(z.string(), z.unknown()) })) }),
          '4XX': ZProblem,
        },
      },
    },
    async (request) => {
      const [row] = await db.select().from(riskDecisions).where(eq(riskDecisions.declarationId, request.params.declarationId));
      if (!row) throw notFound('risk decision');
      const history = await db
        .select()
        .from(riskDecisionHistory)
        .where(eq(riskDecisionHistory.declarationId, row.declarationId))
        .orderBy(asc(riskDecisionHistory.id));
      return { ...present(row), history: history.map((h) => ({ supersededAt: h.supersededAt, cause: h.cause, decision: h.decision as Record<string, unknown> })) };
    },
  );

  app.get(
    '/risk/decisions/:declarationId/replay',
    {
      config: { access: ACCESS.customs },
      schema: {
        operationId: 'replayRiskDecision',
        tags: ['risk'],
        summary: 'Run the stored decision again from its recorded facts, rule-set version, risk-data revision and model version; identical = same lane, draw, checks, fired rules and score',
        params,
        response: {
          200: z.object({
            declarationId: z.uuid(),
            ruleSetVersion: z.number().int(),
            dataRevision: z.number().int(),
            identical: z.boolean(),
            stored: ZReplayView,
            replayed: ZReplayView.extend({ reasons: z.array(ZReason) }),
          }),
          '4XX': ZProblem,
        },
      },
    },
    async (request) => {
      const replay = await replayDecision(db, request.params.declarationId);
      const { decision, ...replayed } = replay.replayed;
      return { ...replay, replayed: { ...replayed, reasons: decision.reasons as { code: string; params: Record<string, unknown> }[] } };
    },
  );
};
