import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ACCESS } from '../../core/auth/policy.js';
import type { RouteModule } from '../../core/context.js';
import { ZProblem } from '../../core/http/problem.js';
import { lastDays } from './decision-history.js';
import { LANES } from './lane-decider.js';
import { bandsRuleSet, valueBandPoints, valueBandStats } from './value-bands.js';

const days = z.coerce.number().int().min(1).max(365).default(90).describe('The last N days at the port, today included');
const ruleSetVersion = z.coerce.number().int().positive().optional().describe('Whose bands (e.g. a draft’s); default the rule set in force');

const ZValueStats = z
  .object({ count: z.number().int(), min: z.number(), p10: z.number(), median: z.number(), p90: z.number(), max: z.number(), mean: z.number() })
  .meta({ id: 'ValueStats' });

export const valueBandRoutes: RouteModule = (parent, { db }) => {
  const app = parent.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/risk/value-bands',
    {
      config: { access: ACCESS.customs },
      schema: {
        operationId: 'listValueBands',
        tags: ['risk'],
        summary: 'The value-control bands with the declared unit values (CNY per dry tonne) of the lines each governed in the last N days',
        querystring: z.object({ days, ruleSetVersion }),
        response: {
          200: z.object({
            days: z.number().int(),
            ruleSetVersion: z.number().int(),
            bands: z.array(
              z
                .object({
                  commodityCode: z.string(),
                  originCountryCode: z.string().nullable(),
                  minCnyPerDryTonne: z.number(),
                  maxCnyPerDryTonne: z.number(),
                  stats: ZValueStats.nullable().describe('null: no line in the period'),
                  below: z.int(),
                  above: z.int(),
                })
                .meta({ id: 'ValueBandWithStats' }),
            ),
          }),
          '4XX': ZProblem,
        },
      },
    },
    async (request) => {
      const { row, bands } = await bandsRuleSet(db, request.query.ruleSetVersion);
      return { days: request.query.days, ruleSetVersion: row.version, bands: await valueBandStats(db, bands, lastDays(request.query.days)) };
    },
  );

  app.get(
    '/risk/value-bands/points',
    {
      config: { access: ACCESS.customs },
      schema: {
        operationId: 'listValueBandPoints',
        tags: ['risk'],
        summary: 'Every declared unit value one band governed in the last N days, with the lane and the on-site finding, for a chart',
        querystring: z.object({
          commodityCode: z.string().regex(/^\d{10}$/, 'a 10-digit commodity code'),
          originCountryCode: z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166 alpha-2 code').optional().describe('Absent: the any-origin band'),
          days,
          ruleSetVersion,
        }),
        response: {
          200: z.object({
            points: z.array(
              z
                .object({
                  declarationId: z.uuid(),
                  number: z.string().nullable(),
                  at: z.string().describe('When the lane was decided'),
                  unitValueCnyPerDryTonne: z.number(),
                  lane: z.enum(LANES),
                  finding: z.boolean().nullable().describe('true: the on-site check failed; false: passed; null: not checked'),
                })
                .meta({ id: 'ValueBandPoint' }),
            ),
          }),
          '4XX': ZProblem,
        },
      },
    },
    async (request) => {
      const { commodityCode, originCountryCode, days: n, ruleSetVersion: version } = request.query;
      const { bands } = await bandsRuleSet(db, version);
      return { points: await valueBandPoints(db, bands, { commodityCode, originCountryCode: originCountryCode ?? null }, lastDays(n)) };
    },
  );
};
