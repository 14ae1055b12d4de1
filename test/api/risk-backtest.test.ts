import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drawFromSeed } from '../../src/modules/risk/engine/draws.js';
import { valueStats } from '../../src/modules/risk/backtest-metrics.js';
import { runBacktest } from '../../src/modules/risk/backtests.js';
import { lastDays } from '../../src/modules/risk/decision-history.js';
import { previousDay } from '../../src/modules/reference/reference.service.js';
import { login, startTestApp, DEMO_PASSWORD, type SessionAgent, type TestApp } from '../support/index.js';

/**
 * The risk officers' analysis tools over the demo history: rule stats, backtests (run by the real pg-boss worker,
 * one stored decision per chunk so a cancel can land mid-run), rule tests and value bands. Expected numbers are
 * counted independently in SQL from the stored decisions and inspection tasks.
 */

let t: TestApp;
let officer: SessionAgent;
/** The demo's history period, and a period in mid-2025 that only the copies made for the cancel test occupy. */
const HISTORY = { from: '2026-01-01', to: '2026-12-31' };
const COPIES = { from: '2025-06-01', to: '2025-06-30' };

beforeAll(async () => {
  t = await startTestApp({ demo: true, jobs: true, env: { ORELANE_BACKTEST_CHUNK_SIZE: '1' } });
  officer = await login(t.app, 'officer', DEMO_PASSWORD);
}, 120_000);
afterAll(async () => t?.close());

const inPeriod = (period: { from: string; to: string }) =>
  `(d.decided_at at time zone 'Asia/Shanghai')::date between '${period.from}' and '${period.to}'`;
const OUTCOME = `(select t.state from inspection_tasks t where t.declaration_id = d.declaration_id and t.state in ('PASSED', 'FAILED'))`;

async function count(query: string): Promise<number> {
  return Number((await t.sql<{ n: string }>(query)).rows[0]!.n);
}

/** Polls until done; the jobs run on a shared machine, so the deadline is generous (tests get JOB_TEST_TIMEOUT). */
async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 100_000;
  while (Date.now() < deadline) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** Tests that wait for a backtest job: longer than the project's 30 s default, beyond waitFor's own deadline. */
const JOB_TEST_TIMEOUT = 120_000;

const getBacktest = async (id: string) => (await officer.get(`/api/v1/risk/backtests/${id}`)).json();

describe('rule stats', () => {
  it('counts hits, selections, inspections and findings per rule as the stored decisions say', async () => {
    const res = await officer.get(`/api/v1/risk/rule-stats?from=${HISTORY.from}&to=${HISTORY.to}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    const decisions = await count(`select count(*) as n from risk_decisions d where ${inPeriod(HISTORY)}`);
    expect(decisions).toBeGreaterThan(50);
    expect(body.decisions).toBe(decisions);
    expect(body.rules.length).toBeGreaterThan(0);
    expect(body.rules.some((rule: { findings: number }) => rule.findings > 0), 'a rule selected a lot that failed its check').toBe(true);
    for (const rule of body.rules) {
      const fired = `exists (select 1 from jsonb_array_elements(d.fired_rules) r where r->>'ruleId' = '${rule.ruleId}'`;
      const selected = `${fired} and (r->>'selected')::boolean)`;
      const where = `from risk_decisions d where ${inPeriod(HISTORY)}`;
      expect(rule.hits, rule.ruleId).toBe(await count(`select count(*) as n ${where} and ${fired})`));
      expect(rule.selected, rule.ruleId).toBe(await count(`select count(*) as n ${where} and ${selected}`));
      expect(rule.inspected, rule.ruleId).toBe(await count(`select count(*) as n ${where} and ${selected} and ${OUTCOME} is not null`));
      expect(rule.findings, rule.ruleId).toBe(await count(`select count(*) as n ${where} and ${selected} and ${OUTCOME} = 'FAILED'`));
      expect(rule.hitRate).toBeCloseTo(rule.hits / decisions, 12);
      expect(rule.findingRate).toBe(rule.inspected === 0 ? null : rule.findings / rule.inspected);
    }
    // A day is a day at the port: a decision at 21:53 UTC belongs to the next China day.
    const late = (await t.sql<{ day: string }>(
      `select ((decided_at at time zone 'Asia/Shanghai')::date)::text as day from risk_decisions where extract(hour from decided_at at time zone 'UTC') >= 16 order by decided_at limit 1`,
    )).rows[0]!.day;
    const oneDay = (await officer.get(`/api/v1/risk/rule-stats?from=${late}&to=${late}`)).json();
    expect(oneDay.decisions).toBe(await count(`select count(*) as n from risk_decisions d where ${inPeriod({ from: late, to: late })}`));
    expect(oneDay.decisions).toBeGreaterThan(0);
    const empty = (await officer.get('/api/v1/risk/rule-stats?from=1990-01-01&to=1990-01-02')).json();
    expect(empty).toEqual({ decisions: 0, rules: [] });
    expect([400, 422]).toContain((await officer.get('/api/v1/risk/rule-stats?from=not-a-date')).statusCode);
  });
});

describe('backtests', () => {
  let finishedId: string;

  it('replays two rule sets over the rules-only history: the deciding one changes no lane, both count findings as stored', async () => {
    // The history before a learned model scored any decision; the replay leaves the active model out too.
    const firstScored = (await t.sql<{ d: string | null }>(`select min((decided_at at time zone 'Asia/Shanghai')::date)::text as d from risk_decisions where model_version is not null`)).rows[0]!.d;
    const period = { from: HISTORY.from, to: firstScored ? previousDay(firstScored) : HISTORY.to };
    const where = `from risk_decisions d where facts is not null and ${inPeriod(period)}`;
    const stored = (await t.sql<{ v: number }>(`select distinct rule_set_version as v ${where}`)).rows;
    expect(stored.map((row) => row.v), 'the demo history is decided by one rule set').toHaveLength(1);
    const deciding = stored[0]!.v;
    const other = Number((await t.sql<{ v: number }>(`select max(version) as v from risk_rule_sets where version <> ${deciding}`)).rows[0]!.v);
    expect(other).toBeGreaterThan(0);

    const created = await officer.post('/api/v1/risk/backtests', { ruleSetVersion: deciding, compareWithVersion: other, ...period, useActiveModel: false });
    expect(created.statusCode, created.body).toBe(202);
    const queued = created.json();
    const total = await count(`select count(*) as n ${where}`);
    expect(total).toBeGreaterThan(50);
    expect(queued).toMatchObject({ status: 'QUEUED', ruleSetVersion: deciding, compareWithVersion: other, modelVersion: null, processed: 0, total, results: [], finishedAt: null, error: null });
    expect(queued.createdBy).toBe(officer.user.displayName);

    const done = await waitFor(() => getBacktest(queued.id), (b) => b.status !== 'QUEUED' && b.status !== 'RUNNING', 'the backtest to finish');
    expect(done.status, done.error).toBe('SUCCEEDED');
    expect(done.processed).toBe(total);
    expect(done.finishedAt).not.toBeNull();
    expect(done.results.map((r: { ruleSetVersion: number }) => r.ruleSetVersion)).toEqual([deciding, other]);

    const laneCounts = Object.fromEntries((await t.sql<{ lane: string; n: string }>(`select lane, count(*) as n ${where} group by lane`)).rows.map((r) => [r.lane, Number(r.n)]));
    const findings = await count(`select count(*) as n ${where} and ${OUTCOME} = 'FAILED'`);
    const findingsInspected = await count(`select count(*) as n ${where} and lane in ('RELEASE_THEN_INSPECT', 'INSPECT_BEFORE_RELEASE') and ${OUTCOME} = 'FAILED'`);
    const inspectedWithOutcome = await count(`select count(*) as n ${where} and lane in ('RELEASE_THEN_INSPECT', 'INSPECT_BEFORE_RELEASE') and ${OUTCOME} is not null`);
    expect(findings).toBeGreaterThan(0);
    const [replayed, compared] = done.results;
    expect(replayed.declarations).toBe(total);
    expect(replayed.laneChangesVsStored).toBe(0);
    for (const { lane, count: n, rate } of replayed.lanes) {
      expect(n, lane).toBe(laneCounts[lane] ?? 0);
      expect(rate).toBeCloseTo(n / total, 12);
    }
    expect(replayed.knownFindings).toBe(findings);
    expect(replayed.findingsCaught).toBe(findingsInspected);
    expect(replayed.findingsReleasedUnchecked).toBe(findings - findingsInspected);
    expect(replayed.precisionAtInspectionRate).toBeCloseTo(findingsInspected / inspectedWithOutcome, 12);
    expect(replayed.inspectionRate).toBeCloseTo(((laneCounts.RELEASE_THEN_INSPECT ?? 0) + (laneCounts.INSPECT_BEFORE_RELEASE ?? 0)) / total, 12);

    expect(compared.declarations).toBe(total);
    expect(compared.knownFindings).toBe(findings);
    expect(compared.findingsCaught + compared.findingsReleasedUnchecked).toBe(findings);
    expect(compared.lanes.reduce((sum: number, lane: { count: number }) => sum + lane.count, 0)).toBe(total);
    expect(compared.lanes.map((lane: { lane: string }) => lane.lane)).toEqual(['RELEASE', 'RELEASE_THEN_INSPECT', 'DOCUMENT_CHECK', 'INSPECT_BEFORE_RELEASE']);

    // Reproducible: the second rule set alone gives exactly what it gave beside the first.
    const alone = (await officer.post('/api/v1/risk/backtests', { ruleSetVersion: other, ...period, useActiveModel: false })).json();
    const aloneDone = await waitFor(() => getBacktest(alone.id), (b) => b.status === 'SUCCEEDED' || b.status === 'FAILED', 'the second backtest');
    expect(aloneDone.results).toEqual([compared]);

    const list = (await officer.get('/api/v1/risk/backtests')).json();
    expect(list.items.map((b: { id: string }) => b.id).slice(0, 2)).toEqual([alone.id, queued.id]);
    finishedId = queued.id;
  }, JOB_TEST_TIMEOUT);

  it('scores with the active learned model: decisions that model scored replay unchanged', async () => {
    const active = (await t.sql<{ version: string }>(`select version from risk_models where status = 'ACTIVE'`)).rows[0]?.version;
    expect(active, 'the demo has an active learned model').toBeDefined();
    const firstScored = (await t.sql<{ d: string }>(`select min((decided_at at time zone 'Asia/Shanghai')::date)::text as d from risk_decisions where model_version = '${active}'`)).rows[0]!.d;
    const period = { from: firstScored, to: lastDays(1).to };
    const where = `from risk_decisions d where facts is not null and ${inPeriod(period)}`;
    expect(await count(`select count(*) as n ${where} and model_version is distinct from '${active}'`), 'only the active model scored this period').toBe(0);
    const total = await count(`select count(*) as n ${where}`);
    expect(total).toBeGreaterThan(0);
    const deciding = Number((await t.sql<{ v: number }>(`select max(rule_set_version) as v ${where}`)).rows[0]!.v);

    const created = (await officer.post('/api/v1/risk/backtests', { ruleSetVersion: deciding, ...period })).json();
    expect(created.modelVersion).toBe(active);
    const done = await waitFor(() => getBacktest(created.id), (b) => b.status === 'SUCCEEDED' || b.status === 'FAILED', 'the model backtest');
    expect(done.status, done.error).toBe('SUCCEEDED');
    expect(done.results[0]).toMatchObject({ ruleSetVersion: deciding, declarations: total, laneChangesVsStored: 0 });
  }, JOB_TEST_TIMEOUT);

  it('refuses to cancel a finished backtest (409) and a backtest that does not exist (404)', async () => {
    const res = await officer.post(`/api/v1/risk/backtests/${finishedId}/cancel`);
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json()).toMatchObject({ code: 'INVALID_STATE_TRANSITION', currentState: 'SUCCEEDED' });
    expect((await officer.post('/api/v1/risk/backtests/00000000-0000-4000-8000-000000000000/cancel')).statusCode).toBe(404);
  });

  it('resumes from its stored place and tallies when the job runs again (as after a crash), not from the start', async () => {
    const before = await getBacktest(finishedId);
    await t.sql(`update risk_backtests set status = 'RUNNING', results = '[]'::jsonb, finished_at = null where id = $1`, [finishedId]);
    await runBacktest(t.context, finishedId);
    const after = await getBacktest(finishedId);
    expect(after.status).toBe('SUCCEEDED');
    expect(after.processed).toBe(before.processed);
    expect(after.results).toEqual(before.results);
  });

  it('stops a long backtest between chunks when cancelled, and keeps what it had processed', async () => {
    // 40 copies of every stored decision, as if decided in June 2025: the replay (one decision per chunk) runs long.
    await t.sql(`
      insert into risk_decisions (declaration_id, lane, engine, random_draw, reasons, decided_at, rule_set_version, data_revision, model_version, checks, fired_rules, score, facts, details)
      select c.id, d.lane, d.engine, d.random_draw, d.reasons, timestamptz '2025-06-10 08:00+08' + c.n * interval '1 minute', d.rule_set_version, d.data_revision,
        d.model_version, d.checks, d.fired_rules, d.score, jsonb_set(d.facts, '{declarationId}', to_jsonb(c.id::text)), d.details
      from risk_decisions d cross join lateral (select gen_random_uuid() as id, n from generate_series(1, 40) n where d.declaration_id is not null) c
      where d.facts is not null and ${inPeriod(HISTORY)}`);
    const copies = await count(`select count(*) as n from risk_decisions d where ${inPeriod(COPIES)}`);
    expect(copies).toBeGreaterThan(2000);

    const created = (await officer.post('/api/v1/risk/backtests', { ruleSetVersion: 1, compareWithVersion: 2, ...COPIES })).json();
    expect(created.total).toBe(copies);
    await waitFor(() => getBacktest(created.id), (b) => b.status === 'RUNNING' && b.processed >= 3, 'the backtest to make progress');
    const cancel = await officer.post(`/api/v1/risk/backtests/${created.id}/cancel`);
    expect(cancel.statusCode, cancel.body).toBe(200);
    expect(cancel.json()).toMatchObject({ id: created.id, status: 'CANCELLED', results: [] });
    expect(cancel.json().finishedAt).not.toBeNull();

    // The job sees the cancel before its next chunk; nothing it computes afterwards is stored.
    const settled = await waitFor(
      async () => [await getBacktest(created.id), await new Promise((r) => setTimeout(r, 200)).then(() => getBacktest(created.id))] as const,
      ([before, after]) => before.processed === after.processed,
      'the cancelled backtest to stop',
    );
    expect(settled[1].status).toBe('CANCELLED');
    expect(settled[1].processed).toBeGreaterThanOrEqual(3);
    expect(settled[1].processed).toBeLessThan(copies);
    expect(settled[1].results).toEqual([]);
    expect((await officer.post(`/api/v1/risk/backtests/${created.id}/cancel`)).statusCode).toBe(409);
  }, JOB_TEST_TIMEOUT);

  it('answers 422 with the field for an unknown version or an inverted period, and 403 to enterprises', async () => {
    const unknown = await officer.post('/api/v1/risk/backtests', { ruleSetVersion: 9999, ...HISTORY });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors).toEqual([expect.objectContaining({ path: 'ruleSetVersion', code: 'UNKNOWN' })]);
    const unknownCompare = await officer.post('/api/v1/risk/backtests', { ruleSetVersion: 1, compareWithVersion: 9998, ...HISTORY });
    expect(unknownCompare.json().errors).toEqual([expect.objectContaining({ path: 'compareWithVersion', code: 'UNKNOWN' })]);
    const inverted = await officer.post('/api/v1/risk/backtests', { ruleSetVersion: 1, from: '2026-03-01', to: '2026-02-01' });
    expect(inverted.statusCode).toBe(422);
    expect(inverted.json().errors).toEqual([expect.objectContaining({ path: 'to' })]);
    expect((await officer.post('/api/v1/risk/backtests', { ruleSetVersion: 1, from: '2026-02-30x', to: '2026-03-01' })).statusCode).toBe(422);
    const before = await count('select count(*) as n from risk_backtests');
    const importer = await login(t.app, 'importer', DEMO_PASSWORD);
    expect((await importer.post('/api/v1/risk/backtests', { ruleSetVersion: 1, ...HISTORY })).statusCode).toBe(403);
    expect((await importer.get('/api/v1/risk/backtests')).statusCode).toBe(403);
    expect(await count('select count(*) as n from risk_backtests')).toBe(before);
  });

  it('a retry with the same Idempotency-Key answers the first backtest and starts nothing new; the start is audited', async () => {
    const body = { ruleSetVersion: 1, from: '1990-01-01', to: '1990-01-02', useActiveModel: false };
    const headers = { 'idempotency-key': 'backtest-retry-1' };
    const before = await count('select count(*) as n from risk_backtests');
    const first = await officer.post('/api/v1/risk/backtests', body, headers);
    expect(first.statusCode, first.body).toBe(202);
    const retried = await officer.post('/api/v1/risk/backtests', body, headers);
    expect(retried.statusCode, retried.body).toBe(202);
    expect(retried.json()).toEqual(first.json());
    expect(await count('select count(*) as n from risk_backtests')).toBe(before + 1);
    const audit = await t.sql<{ actor_label: string; after: Record<string, unknown> }>(
      "select actor_label, after from audit_log where action = 'risk.backtest.create' and entity_type = 'riskBacktest' and entity_id = $1",
      [first.json().id],
    );
    expect(audit.rows).toEqual([{ actor_label: 'officer', after: { ruleSetVersion: 1, compareWithVersion: null, from: body.from, to: body.to, modelVersion: null, total: 0 } }]);
    // The same key with another request is refused, and creates nothing either.
    const reused = await officer.post('/api/v1/risk/backtests', { ...body, to: '1990-01-03' }, headers);
    expect(reused.statusCode, reused.body).toBe(422);
    expect(reused.json().code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await count('select count(*) as n from risk_backtests')).toBe(before + 1);
    expect((await waitFor(() => getBacktest(first.json().id), (b) => b.status === 'SUCCEEDED', 'the empty backtest to finish')).processed).toBe(0);
  }, JOB_TEST_TIMEOUT);
});

describe('rule tests', () => {
  const rule = {
    id: 'LOW-VALUE-TEST',
    name: { zh: '低价测试', en: 'Low value test' },
    description: { zh: '低于900元/干吨', en: 'Below CNY 900 per dry tonne' },
    enabled: false,
    condition: { op: 'lt', field: 'unitValueCnyPerDryTonne', value: 900 },
    action: { lane: 'INSPECT_BEFORE_RELEASE', share: 0.5, checks: [] },
  };

  it('runs one rule over the stored facts of the last N days with reproducible draws', async () => {
    const res = await officer.post('/api/v1/risk/rule-tests', { rule, days: 365, ruleSetVersion: 1 });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    const period = lastDays(365);
    expect(body).toMatchObject({ days: 365, from: period.from, to: period.to, ruleSetVersion: 1 });
    const where = `from risk_decisions d where facts is not null and ${inPeriod(period)}`;
    const matches = `exists (select 1 from jsonb_array_elements(d.facts->'items') i where (i->>'unitValueCnyPerDryTonne')::float8 < 900)`;
    const matched = (await t.sql<{ id: string; lane: string; outcome: string | null }>(`select d.declaration_id as id, d.lane, ${OUTCOME} as outcome ${where} and ${matches}`)).rows;
    expect(matched.length).toBeGreaterThan(5);
    expect(body.declarations).toBe(await count(`select count(*) as n ${where}`));
    expect(body.matched).toBe(matched.length);
    expect(body.matchRate).toBeCloseTo(matched.length / body.declarations, 12);
    const drawn = matched.filter((m) => drawFromSeed(`${m.id}:rs-1:${rule.id}`) < 0.5);
    expect(body.wouldSelect).toBe(drawn.length);
    expect(body.wouldSelect).toBeLessThan(matched.length);
    const raised = matched.filter((m) => m.lane === 'INSPECT_BEFORE_RELEASE' || drawn.includes(m)).length;
    expect(body.laneCounts.find((l: { lane: string }) => l.lane === 'INSPECT_BEFORE_RELEASE').count).toBe(raised);
    expect(body.laneCounts.reduce((sum: number, l: { count: number }) => sum + l.count, 0)).toBe(matched.length);
    expect(body.inspectedAmongMatched).toBe(matched.filter((m) => m.outcome !== null).length);
    expect(body.knownFindingsAmongMatched).toBe(matched.filter((m) => m.outcome === 'FAILED').length);
    expect(body.samples).toHaveLength(Math.min(20, matched.length));
    const ids = new Set(matched.map((m) => m.id));
    for (const sample of body.samples) {
      expect(ids.has(sample.declarationId)).toBe(true);
      expect(sample.number).toMatch(/^\d{18}$/);
      expect(sample.importerName).not.toBe('');
    }
    // The same request gives the same answer.
    expect((await officer.post('/api/v1/risk/rule-tests', { rule, days: 365, ruleSetVersion: 1 })).json()).toEqual(body);
  });

  it('names the invalid parts of a rule with paths into the request', async () => {
    const broken = { ...rule, condition: { op: 'all', conditions: [{ op: 'lt', field: 'unitValue', value: 900 }] }, action: { lane: 'RELEASE', share: 2, checks: [] } };
    const res = await officer.post('/api/v1/risk/rule-tests', { rule: broken, days: 30 });
    expect(res.statusCode, res.body).toBe(422);
    const paths = res.json().errors.map((e: { path: string }) => e.path).sort();
    expect(paths).toEqual(['rule.action.lane', 'rule.action.share', 'rule.condition.conditions[0].field']);
    const unknownList = await officer.post('/api/v1/risk/rule-tests', { rule: { ...rule, condition: { op: 'inList', field: 'importerId', list: 'no-such-list' } }, days: 30 });
    expect(unknownList.json().errors).toEqual([expect.objectContaining({ path: 'rule.condition.list' })]);
    expect((await officer.post('/api/v1/risk/rule-tests', { rule, days: 366 })).statusCode).toBe(422);
    expect((await officer.post('/api/v1/risk/rule-tests', { rule, days: 30, ruleSetVersion: 9999 })).json().errors).toEqual([
      expect.objectContaining({ path: 'ruleSetVersion' }),
    ]);
  });
});

describe('value bands', () => {
  it('shows the declared unit values each band of the rule set in force governed, in one query per rule set', async () => {
    const res = await officer.get('/api/v1/risk/value-bands?days=365');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.days).toBe(365);
    const inForce = (await officer.get('/api/v1/risk/rule-sets/in-force')).json();
    expect(body.ruleSetVersion).toBe(inForce.version);
    expect(body.bands.map((b: { commodityCode: string; originCountryCode: string | null }) => [b.commodityCode, b.originCountryCode])).toEqual(
      inForce.definition.valueBands.map((b: { commodityCode: string; originCountryCode: string | null }) => [b.commodityCode, b.originCountryCode]),
    );
    const withStats = body.bands.filter((b: { stats: unknown }) => b.stats !== null);
    expect(withStats.length).toBeGreaterThan(1);

    let lines = 0;
    for (const band of body.bands) {
      const query = new URLSearchParams({ commodityCode: band.commodityCode, days: '365', ...(band.originCountryCode ? { originCountryCode: band.originCountryCode } : {}) });
      const points = (await officer.get(`/api/v1/risk/value-bands/points?${query}`)).json().points as { unitValueCnyPerDryTonne: number; finding: boolean | null; lane: string }[];
      const values = points.map((p) => p.unitValueCnyPerDryTonne);
      // SQL percentile_cont and the pure percentile agree.
      const expected = valueStats(values);
      if (expected === null) expect(band.stats).toBeNull();
      else for (const key of Object.keys(expected) as (keyof typeof expected)[]) expect(band.stats[key], `${band.commodityCode}/${band.originCountryCode} ${key}`).toBeCloseTo(expected[key], 6);
      expect(band.below).toBe(values.filter((v) => v < band.minCnyPerDryTonne).length);
      expect(band.above).toBe(values.filter((v) => v > band.maxCnyPerDryTonne).length);
      lines += values.length;
    }
    // Every stored line with a value of a banded commodity is governed by exactly one band.
    const codes = [...new Set(body.bands.map((b: { commodityCode: string }) => `'${b.commodityCode}'`))].join(',');
    expect(lines).toBe(
      await count(`select count(*) as n from risk_decisions d cross join lateral jsonb_array_elements(d.facts->'items') i
        where d.facts is not null and ${inPeriod(lastDays(365))} and i->>'commodityCode' in (${codes}) and jsonb_typeof(i->'unitValueCnyPerDryTonne') = 'number'`),
    );
    expect(body.bands.some((b: { above: number; below: number }) => b.above + b.below > 0), 'the demo has a lot outside its band').toBe(true);
  });

  it('gives the chart points of one band with lane and finding, and refuses bad parameters', async () => {
    const findings = (await officer.get('/api/v1/risk/value-bands/points?commodityCode=2601111000&originCountryCode=KZ&days=365')).json().points;
    expect(findings.length).toBeGreaterThan(0);
    for (const point of findings) {
      expect(point.number).toMatch(/^\d{18}$/);
      expect(['RELEASE', 'RELEASE_THEN_INSPECT', 'DOCUMENT_CHECK', 'INSPECT_BEFORE_RELEASE']).toContain(point.lane);
      if (point.lane === 'RELEASE') expect(point.finding).toBeNull();
    }
    expect((await officer.get('/api/v1/risk/value-bands/points?commodityCode=2601&days=90')).statusCode).toBe(422);
    expect((await officer.get('/api/v1/risk/value-bands?days=0')).statusCode).toBe(422);
    expect((await officer.get('/api/v1/risk/value-bands?ruleSetVersion=9999')).json().errors).toEqual([expect.objectContaining({ path: 'ruleSetVersion' })]);
  });
});
