import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../core/db/executor.js';
import { CUSTOMS_TIME_ZONE, todayInChina } from '../reference/reference.service.js';
import type { KnownOutcome } from './backtest-metrics.js';
import { compileRuleSet, type CompiledRuleSet, type DeclarationFacts, type RuleSet } from './engine/index.js';
import type { Lane } from './lane-decider.js';
import { composeRuleSet, type RuleSetRow } from './rule-sets.js';

/**
 * Stored decisions as the input of replays (backtests, rule tests) and value statistics: each with the facts the
 * engine read, the risk-data revision it read them at, its lane, and what an on-site check later found. Only
 * decisions made by the risk engine record facts and a revision; lane-table decisions cannot be replayed.
 */

export interface HistoricalDecision {
  declarationId: string;
  /** decided_at as PostgreSQL text: microseconds kept, so it is an exact keyset position. */
  decidedAtKey: string;
  decidedAt: string;
  storedLane: Lane;
  dataRevision: number;
  facts: DeclarationFacts;
  outcome: KnownOutcome;
}

/** A period of China (port) calendar days, both ends included. */
export interface Period {
  from: string;
  to: string;
}

/** The last `days` calendar days at the port, today included. */
export function lastDays(days: number, now: Date = new Date()): Period {
  const to = todayInChina(now);
  const from = new Date(`${to}T00:00:00Z`);
  from.setUTCDate(from.getUTCDate() - (days - 1));
  return { from: from.toISOString().slice(0, 10), to };
}

/** Decisions of the period (by their day at the port), made no later than `decidedNoLaterThan`. */
export function replayableIn(period: Period, decidedNoLaterThan?: string): SQL {
  // Bounds as instants (midnight at the port), so the filter compares decided_at as stored.
  const where = sql`d.facts is not null and d.data_revision is not null
    and d.decided_at >= (${period.from}::date::timestamp at time zone ${CUSTOMS_TIME_ZONE})
    and d.decided_at < ((${period.to}::date + 1)::timestamp at time zone ${CUSTOMS_TIME_ZONE})`;
  if (decidedNoLaterThan) where.append(sql` and d.decided_at <= ${decidedNoLaterThan}::timestamptz`);
  return where;
}

/** The known outcome of the declaration `d`: its inspection task's final state. */
export const KNOWN_OUTCOME_SQL = sql`(select t.state from inspection_tasks t where t.declaration_id = d.declaration_id and t.state in ('PASSED', 'FAILED'))`;

export async function countReplayable(db: Executor, where: SQL): Promise<number> {
  const result = await db.execute<{ n: number }>(sql`select count(*)::int as n from risk_decisions d where `.append(where));
  return Number(result.rows[0]!.n);
}

export interface Cursor {
  decidedAtKey: string;
  declarationId: string;
}

/** The next `limit` decisions after `after`, in (decided_at, declaration_id) order. */
export async function nextDecisions(db: Executor, where: SQL, after: Cursor | null, limit: number): Promise<HistoricalDecision[]> {
  const query = sql`select d.declaration_id, d.decided_at::text as decided_at_key, d.decided_at, d.lane, d.data_revision, d.facts, `
    .append(KNOWN_OUTCOME_SQL)
    .append(sql` as outcome from risk_decisions d where `)
    .append(where);
  if (after) query.append(sql` and (d.decided_at, d.declaration_id) > (${after.decidedAtKey}::timestamptz, ${after.declarationId}::uuid)`);
  query.append(sql` order by d.decided_at, d.declaration_id limit ${limit}`);
  const result = await db.execute<{
    declaration_id: string;
    decided_at_key: string;
    decided_at: string | Date;
    lane: Lane;
    data_revision: string | number;
    facts: DeclarationFacts;
    outcome: 'PASSED' | 'FAILED' | null;
  }>(query);
  return result.rows.map((row) => ({
    declarationId: row.declaration_id,
    decidedAtKey: row.decided_at_key,
    decidedAt: new Date(row.decided_at).toISOString(),
    storedLane: row.lane,
    dataRevision: Number(row.data_revision),
    facts: row.facts,
    outcome: row.outcome,
  }));
}

/** Every decision matching `where`, a chunk at a time. */
export async function* decisionsInChunks(db: Executor, where: SQL, chunkSize: number): AsyncGenerator<HistoricalDecision[]> {
  let after: Cursor | null = null;
  for (;;) {
    const chunk = await nextDecisions(db, where, after, chunkSize);
    if (chunk.length === 0) return;
    yield chunk;
    const last = chunk[chunk.length - 1]!;
    after = { decidedAtKey: last.decidedAtKey, declarationId: last.declarationId };
  }
}

/**
 * Compiles one rule set at each risk-data revision once per replay. A replay reads the lists and rates as the
 * stored decision saw them, so nothing added later (a watch-list entry made after a finding) leaks into it.
 * Not the shared compiledRuleSet cache: a draft or an ad-hoc rule set under a version number must never be
 * cached as that version.
 */
export function replayCompiler(db: Executor, row: Pick<RuleSetRow, 'version' | 'effectiveFrom' | 'definition'>): (revision: number) => Promise<CompiledRuleSet> {
  const byRevision = new Map<number, Promise<CompiledRuleSet>>();
  return (revision) => {
    let compiled = byRevision.get(revision);
    if (!compiled) {
      compiled = composeRuleSet(db, row, revision).then((ruleSet) => compileRuleSet(ruleSet as RuleSet));
      byRevision.set(revision, compiled);
    }
    return compiled;
  };
}
