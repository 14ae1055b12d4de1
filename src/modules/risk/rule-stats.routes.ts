import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RouteModule } from '../../core/context.js';
import { ACCESS } from '../../core/auth/policy.js';
import { ZProblem } from '../../core/http/problem.js';
import { CUSTOMS_TIME_ZONE } from '../reference/reference.service.js';

const ZRuleStat = z
  .object({
    ruleId: z.string(),
    nameEn: z.string(),
    nameZh: z.string(),
    decisions: z.number().int(),
    hits: z.number().int(),
    selected: z.number().int(),
    inspected: z.number().int(),
    findings: z.number().int(),
    hitRate: z.number(),
    findingRate: z.number().nullable(),
  })
  .meta({ id: 'RuleStat' });

/** Per-rule hit and finding rates from stored decisions' fired rules joined with on-site check outcomes. */
export const ruleStatsRoutes: RouteModule = (parent, { db }) => {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/risk/rule-stats',
    {
      config: { access: ACCESS.customs },
      schema: {
        operationId: 'getRuleStats',
        tags: ['risk'],
        summary: 'Per-rule hit rate (fired / decisions) and finding rate (failed on-site checks / inspected selections)',
        querystring: z.object({
          ruleSetVersion: z.coerce.number().int().positive().optional(),
          from: z.iso.date().optional(),
          to: z.iso.date().optional(),
        }),
        response: { 200: z.object({ decisions: z.number().int(), rules: z.array(ZRuleStat) }), '4XX': ZProblem },
      },
    },
    async (request) => {
      const { ruleSetVersion, from, to } = request.query;
      const where = sql`true`;
      if (ruleSetVersion !== undefined) where.append(sql` and d.rule_set_version = ${ruleSetVersion}`);
      // Days at the port (China time), as everywhere else in risk: not the database session's time zone.
      if (from) where.append(sql` and d.decided_at >= (${from}::date::timestamp at time zone ${CUSTOMS_TIME_ZONE})`);
      if (to) where.append(sql` and d.decided_at < ((${to}::date + 1)::timestamp at time zone ${CUSTOMS_TIME_ZONE})`);
      const base = sql`select d.declaration_id, d.fired_rules,
          (select c.outcome from inspection_tasks t join on_site_checks c on c.task_id = t.id
            where t.declaration_id = d.declaration_id limit 1) as outcome
        from risk_decisions d where `.append(where);
      const total = await db.execute(sql`select count(*)::int as n from (`.append(base).append(sql`) x`));
      const decisions = Number((total.rows[0] as { n: number }).n);
      const rows = await db.execute(
        sql`with b as (`.append(base).append(sql`)
        select r->>'ruleId' as rule_id, max(r->>'nameEn') as name_en, max(r->>'nameZh') as name_zh,
          count(*)::int as hits,
          count(*) filter (where (r->>'selected')::boolean)::int as selected,
          count(*) filter (where (r->>'selected')::boolean and b.outcome is not null)::int as inspected,
          count(*) filter (where (r->>'selected')::boolean and b.outcome = 'FAILED')::int as findings
        from b cross join lateral jsonb_array_elements(b.fired_rules) r
        group by 1 order by 1`),
      );
      const rules = (rows.rows as { rule_id: string; name_en: string | null; name_zh: string | null; hits: number; selected: number; inspected: number; findings: number }[]).map((r) => ({
        ruleId: r.rule_id,
        nameEn: r.name_en ?? '',
        nameZh: r.name_zh ?? '',
        decisions,
        hits: Number(r.hits),
        selected: Number(r.selected),
        inspected: Number(r.inspected),
        findings: Number(r.findings),
        hitRate: decisions === 0 ? 0 : Number(r.hits) / decisions,
        findingRate: Number(r.inspected) === 0 ? null : Number(r.findings) / Number(r.inspected),
      }));
      return { decisions, rules };
    },
  );
};
