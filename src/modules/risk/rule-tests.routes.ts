import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RouteModule } from '../../core/context.js';
import { ZProblem } from '../../core/http/problem.js';
import { LANES } from './lane-decider.js';
import { RISK_ANALYSIS } from './backtests.routes.js';
import { RULE_TEST_SAMPLES, testRule } from './rule-tests.js';

export const ruleTestRoutes: RouteModule = (parent, { db }) => {
  const app = parent.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/risk/rule-tests',
    {
      config: { access: RISK_ANALYSIS },
      schema: {
        operationId: 'testRule',
        tags: ['risk'],
        summary: 'Run one rule over the stored decisions of the last N days before saving it: matches, selections, lanes, findings',
        body: z.object({
          rule: z
            .record(z.string(), z.unknown())
            .describe('One rule exactly as in a rule-set definition (validated by the risk engine; tested as if enabled)'),
          days: z.number().int().min(1).max(365),
          ruleSetVersion: z.number().int().positive().optional().describe('Whose lists, bands, rates and lane order are the context; default the rule set in force'),
        }),
        response: {
          200: z
            .object({
              days: z.number().int(),
              from: z.iso.date(),
              to: z.iso.date(),
              ruleSetVersion: z.number().int(),
              declarations: z.number().int().describe('Stored (replayable) decisions of the period'),
              matched: z.number().int(),
              matchRate: z.number(),
              wouldSelect: z.number().int().describe('Matched ones whose reproducible draw falls under the rule’s share'),
              laneCounts: z
                .array(z.object({ lane: z.enum(LANES), count: z.number().int() }))
                .describe('Lane each matched declaration would end in: its stored lane, raised to the rule’s lane when selected'),
              inspectedAmongMatched: z.number().int().describe('Matched ones with a finished on-site check'),
              knownFindingsAmongMatched: z.number().int().describe('Matched ones whose on-site check FAILED'),
              samples: z
                .array(z.object({ declarationId: z.uuid(), number: z.string().nullable(), importerName: z.string(), submittedAt: z.string().nullable() }))
                .max(RULE_TEST_SAMPLES)
                .describe('Matched declarations, latest decision first'),
            })
            .meta({ id: 'RuleTestResult' }),
          '4XX': ZProblem,
        },
      },
    },
    async (request) => testRule(db, request.body),
  );
};
