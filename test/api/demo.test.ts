import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { users } from '../../src/modules/registry/registry.tables.js';
import { MIN_POSITIVES_TO_ACTIVATE } from '../../src/modules/risk/risk-models.js';
import { DEMO_PASSWORD, DEMO_USERS, dbLabel, login, startTestApp, type TestApp } from '../support/index.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ demo: true });
});
afterAll(async () => {
  await t?.close();
});

describe(`demo data (${dbLabel()})`, () => {
  it.each(DEMO_USERS)('the demo user "%s" signs in with the demo password', async (username) => {
    const agent = await login(t.app, username, DEMO_PASSWORD);
    expect(agent.user.username).toBe(username);
    expect(agent.user.roles.length).toBeGreaterThan(0);
  });

  it('the history goes beyond the first quarter: several hundred decided declarations, non-conforming lots of every kind', async () => {
    const decided = await t.sql<{ n: string; months: string }>(
      "select count(*) as n, count(distinct to_char(decided_at at time zone 'Asia/Shanghai', 'YYYY-MM')) as months from risk_decisions",
    );
    expect(Number(decided.rows[0]!.n)).toBeGreaterThanOrEqual(300);
    // January to November 2026.
    expect(Number(decided.rows[0]!.months)).toBeGreaterThanOrEqual(11);
    const findings = await t.sql<{ finding: string }>(
      'select distinct unnest(c.findings) as finding from on_site_checks c join inspection_tasks k on k.id = c.task_id where k.state = $1',
      ['FAILED'],
    );
    expect(findings.rows.map((r) => r.finding)).toEqual(
      expect.arrayContaining(['RADIOACTIVITY_OVER_THRESHOLD', 'SOLID_WASTE_SUSPECTED', 'FOREIGN_MATTER_FOUND', 'MASS_DEVIATION']),
    );
  });

  it('non-conformity follows the risk: the dishonest importer and the Russian shipper fail far more often than the rest', async () => {
    const rates = await t.sql<{ group: string; inspected: string; failed: string }>(`
      select case when e.credit_class = 'DISHONEST' then 'dishonest' when d.origin_country_code = 'RU' then 'russian' else 'other' end as group,
             count(*) as inspected, count(*) filter (where k.state = 'FAILED') as failed
      from inspection_tasks k join declarations d on d.id = k.declaration_id join enterprises e on e.id = d.importer_id
      where k.state in ('PASSED', 'FAILED') group by 1`);
    const rate = (group: string) => {
      const row = rates.rows.find((r) => r.group === group)!;
      return Number(row.failed) / Number(row.inspected);
    };
    expect(rate('dishonest')).toBeGreaterThan(2 * rate('other'));
    expect(rate('russian')).toBeGreaterThan(2 * rate('other'));
  });

  it('the `importer` account (新源) stays clean, so lots the API tests file are not sent to inspection by history rules', async () => {
    const importer = await login(t.app, 'importer', DEMO_PASSWORD);
    const findings = await t.sql<{ n: string }>(
      "select count(*) as n from inspection_tasks k join declarations d on d.id = k.declaration_id where k.state = 'FAILED' and d.importer_id = $1",
      [(importer.user.enterprise as { id: string }).id],
    );
    expect(Number(findings.rows[0]!.n)).toBe(0);
  });

  it('a learned model is active and the open declarations were decided with its score and factors', async () => {
    const active = await t.sql<{ version: string; positives: number }>("select version, positives from risk_models where status = 'ACTIVE'");
    expect(active.rows).toHaveLength(1);
    const { version, positives } = active.rows[0]!;
    expect(positives).toBeGreaterThanOrEqual(MIN_POSITIVES_TO_ACTIVATE);
    const scored = await t.sql<{ n: string; factors: string }>(
      "select count(*) as n, min(jsonb_array_length(score->'topFactors')) as factors from risk_decisions where model_version = $1 and score->>'modelVersion' = $1",
      [version],
    );
    expect(Number(scored.rows[0]!.n)).toBeGreaterThanOrEqual(5);
    expect(Number(scored.rows[0]!.factors)).toBeGreaterThan(0);
  });

  it('the first quarter still totals exactly 197,000 t and CNY 170,000,000 released', async () => {
    const q1 = await t.sql<{ tonnes: string; value: string }>(`
      select sum(total_wet_tonnes) as tonnes, sum(customs_value_cny) as value from declarations
      where state in ('RELEASED', 'CLEARED') and arrival_date between '2026-01-01' and '2026-03-31'`);
    expect(q1.rows[0]).toEqual({ tonnes: '197000.000', value: '170000000.00' });
  });

  it('seeding again leaves a non-empty database alone', async () => {
    const [before] = await t.db.select({ n: count() }).from(users);
    const { seedDemoDataIfEmpty } = await import('../../src/demo/seed.js');
    await seedDemoDataIfEmpty(t.context);
    const [after] = await t.db.select({ n: count() }).from(users);
    expect(after!.n).toBe(before!.n);
  });
});
