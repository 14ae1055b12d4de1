import { eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../core/db/executor.js';
import { validationFailed } from '../../core/http/errors.js';
import { declarations } from '../declarations/declarations.tables.js';
import { enterprises } from '../registry/registry.tables.js';
import { decisionsInChunks, lastDays, replayCompiler, replayableIn, type Period } from './decision-history.js';
import { decideLane } from './engine/index.js';
import { LANES, type Lane } from './lane-decider.js';
import { definitionIssues, findRuleSet, ruleSetInForceAt, type RuleSetRow } from './rule-sets.js';

/**
 * "Test this rule before saving": one rule, in the context of a rule set (its lists, bands, rates and lane
 * order), run over the stored facts of the last N days. Each decision is replayed at its stored risk-data
 * revision and the rule's draw is seeded as in a rule set of the context version, so the answer is reproducible.
 */

export const RULE_TEST_SAMPLES = 20;
const CHUNK_SIZE = 1000;

export interface RuleTestInput {
  rule: unknown;
  days: number;
  ruleSetVersion?: number;
}

export interface RuleTestResult extends Period {
  days: number;
  ruleSetVersion: number;
  declarations: number;
  matched: number;
  matchRate: number;
  wouldSelect: number;
  laneCounts: { lane: Lane; count: number }[];
  inspectedAmongMatched: number;
  knownFindingsAmongMatched: number;
  samples: { declarationId: string; number: string | null; importerName: string; submittedAt: string | null }[];
}

async function contextRuleSet(db: Executor, version: number | undefined, now: Date): Promise<RuleSetRow> {
  const row = version === undefined ? await ruleSetInForceAt(db, now) : await findRuleSet(db, version);
  if (!row) {
    throw validationFailed([
      { path: 'ruleSetVersion', code: 'UNKNOWN', message: version === undefined ? 'no rule set is in force; name the version to test against' : `no rule set version ${version}` },
    ]);
  }
  return row;
}

/** The rule-set validator's issues about the one rule, with paths into the request body ("rule.condition.field"). */
async function assertValidRule(db: Executor, context: RuleSetRow, definition: Record<string, unknown>): Promise<void> {
  const issues = await definitionIssues(db, definition, context.effectiveFrom);
  if (issues.length === 0) return;
  throw validationFailed(
    issues.map((issue) => {
      const inRule = /^definition\.rules(?:\[0\])?(.*)$/.exec(issue.path);
      return inRule
        ? { path: `rule${inRule[1]}`, code: 'RULE_INVALID', message: issue.message }
        : { path: 'ruleSetVersion', code: 'RULE_SET_INVALID', message: `rule set ${context.version}: ${issue.path}: ${issue.message}` };
    }),
    'The rule is not valid; correct the fields named and test again.',
  );
}

export async function testRule(db: Executor, input: RuleTestInput, now: Date = new Date()): Promise<RuleTestResult> {
  const context = await contextRuleSet(db, input.ruleSetVersion, now);
  const definition = { ...(context.definition as Record<string, unknown>), rules: [input.rule] };
  await assertValidRule(db, context, definition);
  // A disabled rule would match nothing; testing it asks what it would do once enabled.
  const rule = { ...(input.rule as Record<string, unknown>), enabled: true };
  const compile = replayCompiler(db, { version: context.version, effectiveFrom: context.effectiveFrom, definition: { ...definition, rules: [rule] } });

  const period = lastDays(input.days, now);
  const laneCounts = Object.fromEntries(LANES.map((lane) => [lane, 0])) as Record<Lane, number>;
  const matchedIds: string[] = [];
  let total = 0;
  let wouldSelect = 0;
  let inspected = 0;
  let findings = 0;
  for await (const chunk of decisionsInChunks(db, replayableIn(period), CHUNK_SIZE)) {
    total += chunk.length;
    for (const decision of chunk) {
      const compiled = await compile(decision.dataRevision);
      const [fired] = decideLane(compiled, decision.facts).firedRules;
      if (!fired) continue;
      matchedIds.push(decision.declarationId);
      if (fired.selected) wouldSelect++;
      // The lane the declaration would end in with this rule beside what decided it: the rule only raises it.
      const raised = fired.selected && fired.lane !== null && compiled.severity(fired.lane) > compiled.severity(decision.storedLane);
      laneCounts[raised ? fired.lane! : decision.storedLane]++;
      if (decision.outcome !== null) inspected++;
      if (decision.outcome === 'FAILED') findings++;
    }
  }

  return {
    days: input.days,
    ...period,
    ruleSetVersion: context.version,
    declarations: total,
    matched: matchedIds.length,
    matchRate: total === 0 ? 0 : matchedIds.length / total,
    wouldSelect,
    laneCounts: LANES.map((lane) => ({ lane, count: laneCounts[lane] })),
    inspectedAmongMatched: inspected,
    knownFindingsAmongMatched: findings,
    samples: await samplesOf(db, matchedIds.slice(-RULE_TEST_SAMPLES)),
  };
}

/** The matched declarations to show, latest decision first (the ids come in decision order). */
async function samplesOf(db: Executor, ids: string[]): Promise<RuleTestResult['samples']> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ declarationId: declarations.id, number: declarations.number, importerName: enterprises.nameZh, submittedAt: declarations.submittedAt })
    .from(declarations)
    .leftJoin(enterprises, eq(enterprises.id, declarations.importerId))
    .where(inArray(declarations.id, ids));
  const byId = new Map(rows.map((row) => [row.declarationId, row]));
  return [...ids].reverse().flatMap((id) => {
    const row = byId.get(id);
    return row ? [{ declarationId: id, number: row.number, importerName: row.importerName ?? '', submittedAt: row.submittedAt }] : [];
  });
}
