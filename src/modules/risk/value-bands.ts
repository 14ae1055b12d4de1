import { sql } from 'drizzle-orm';
import type { Executor } from '../../core/db/executor.js';
import { validationFailed } from '../../core/http/errors.js';
import type { ValueStats } from './backtest-metrics.js';
import { KNOWN_OUTCOME_SQL, replayableIn, type Period } from './decision-history.js';
import type { ValueBand } from './engine/index.js';
import type { Lane } from './lane-decider.js';
import { findRuleSet, ruleSetInForceAt, type RuleSetRow } from './rule-sets.js';

/**
 * Value-control bands beside what was declared: for each band, the distribution of the declared unit values
 * (CNY per dry tonne, as stored in the decisions' facts — the value the engine compares) of the lines it governs,
 * and how many fell below or above it. A line is governed as the engine does it: by the band of its commodity
 * code × the declaration's origin, else by the commodity's any-origin band. All bands are computed in one query,
 * so the rule editor can show the numbers beside every band of a draft too.
 */

export interface BandWithStats extends ValueBand {
  stats: ValueStats | null;
  below: number;
  above: number;
}

export interface ValueBandPoint {
  declarationId: string;
  number: string | null;
  at: string;
  unitValueCnyPerDryTonne: number;
  lane: Lane;
  finding: boolean | null;
}

/** Every stored line of the period with the index of the band (in `bands`) that governs it, or null. */
function governedLines(bands: readonly ValueBand[], period: Period) {
  const rows = bands.map((band, idx) => ({ idx, commodity_code: band.commodityCode, origin: band.originCountryCode, min_v: band.minCnyPerDryTonne, max_v: band.maxCnyPerDryTonne }));
  return sql`bands as (
      select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as b(idx int, commodity_code text, origin text, min_v float8, max_v float8)
    ),
    lines as (
      select d.declaration_id, d.decided_at, d.lane, `
    .append(KNOWN_OUTCOME_SQL)
    .append(sql` as outcome, d.facts->>'originCountryCode' as origin, i->>'commodityCode' as code,
        (i->>'unitValueCnyPerDryTonne')::float8 as v
      from risk_decisions d cross join lateral jsonb_array_elements(d.facts->'items') i
      where `)
    .append(replayableIn(period))
    .append(sql` and jsonb_typeof(i->'unitValueCnyPerDryTonne') = 'number'
    ),
    governed as (
      select l.*, coalesce(
        (select b.idx from bands b where b.commodity_code = l.code and b.origin = l.origin),
        (select b.idx from bands b where b.commodity_code = l.code and b.origin is null)
      ) as idx
      from lines l
    )`);
}

export async function valueBandStats(db: Executor, bands: readonly ValueBand[], period: Period): Promise<BandWithStats[]> {
  if (bands.length === 0) return [];
  const result = await db.execute<{
    idx: number;
    count: number;
    min: number | null;
    p10: number | null;
    median: number | null;
    p90: number | null;
    max: number | null;
    mean: number | null;
    below: number;
    above: number;
  }>(
    sql`with `.append(governedLines(bands, period)).append(sql`
      select b.idx, count(g.v)::int as count, min(g.v) as min,
        percentile_cont(0.1) within group (order by g.v) as p10,
        percentile_cont(0.5) within group (order by g.v) as median,
        percentile_cont(0.9) within group (order by g.v) as p90,
        max(g.v) as max, avg(g.v) as mean,
        count(*) filter (where g.v < b.min_v)::int as below,
        count(*) filter (where g.v > b.max_v)::int as above
      from bands b left join governed g on g.idx = b.idx
      group by b.idx order by b.idx`),
  );
  return result.rows.map((row) => {
    const band = bands[Number(row.idx)]!;
    const count = Number(row.count);
    return {
      ...band,
      stats:
        count === 0
          ? null
          : { count, min: Number(row.min), p10: Number(row.p10), median: Number(row.median), p90: Number(row.p90), max: Number(row.max), mean: Number(row.mean) },
      below: Number(row.below),
      above: Number(row.above),
    };
  });
}

/** The lines one band governs, oldest first; a band the rule set lacks is governed as if it were added. */
export async function valueBandPoints(
  db: Executor,
  bands: readonly ValueBand[],
  wanted: { commodityCode: string; originCountryCode: string | null },
  period: Period,
): Promise<ValueBandPoint[]> {
  let index = bands.findIndex((band) => band.commodityCode === wanted.commodityCode && band.originCountryCode === wanted.originCountryCode);
  const withWanted = index >= 0 ? bands : [...bands, { ...wanted, minCnyPerDryTonne: 0, maxCnyPerDryTonne: 0 }];
  if (index < 0) index = bands.length;
  const result = await db.execute<{ declaration_id: string; number: string | null; decided_at: string | Date; v: number; lane: Lane; outcome: 'PASSED' | 'FAILED' | null }>(
    sql`with `.append(governedLines(withWanted, period)).append(sql`
      select g.declaration_id, dec.number, g.decided_at, g.v, g.lane, g.outcome
      from governed g left join declarations dec on dec.id = g.declaration_id
      where g.idx = ${index}
      order by g.decided_at, g.declaration_id`),
  );
  return result.rows.map((row) => ({
    declarationId: row.declaration_id,
    number: row.number,
    at: new Date(row.decided_at).toISOString(),
    unitValueCnyPerDryTonne: Number(row.v),
    lane: row.lane,
    finding: row.outcome === null ? null : row.outcome === 'FAILED',
  }));
}

/** The rule set whose bands are shown: the version asked for, else the one in force. */
export async function bandsRuleSet(db: Executor, version: number | undefined, now: Date = new Date()): Promise<{ row: RuleSetRow; bands: ValueBand[] }> {
  const row = version === undefined ? await ruleSetInForceAt(db, now) : await findRuleSet(db, version);
  if (!row) {
    throw validationFailed([
      { path: 'ruleSetVersion', code: 'UNKNOWN', message: version === undefined ? 'no rule set is in force; name a version' : `no rule set version ${version}` },
    ]);
  }
  const bands = (row.definition as { valueBands?: ValueBand[] }).valueBands;
  return { row, bands: Array.isArray(bands) ? bands : [] };
}
