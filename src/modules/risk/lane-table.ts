import { and, eq, inArray, isNull } from 'drizzle-orm';
import { Decimal } from '../../core/decimal.js';
import type { Executor } from '../../core/db/executor.js';
import { laneRates, riskListEntries } from './risk.tables.js';
import { WATCHED_ENTERPRISES } from './risk-data.js';
import { reproducibleDraw, type LaneDecider, type LaneDecision, type LaneDecisionInput } from './lane-decider.js';

export const LANE_TABLE_ENGINE = 'lane-table/1';

export interface LaneTableFacts {
  /** Inspection rate per category for the importer's credit class; a missing category is absent. */
  ratesByCategory: Map<string, string>;
  watchListReasons: string[];
}

/**
 * The foundation's risk step: a watch-listed importer or declarant is always inspected; otherwise the
 * declaration is inspected when its reproducible draw falls under the highest rate among its categories.
 * A category with no configured rate is inspected: an unconfigured table must fail safe.
 */
export function decideByLaneTable(input: LaneDecisionInput, facts: LaneTableFacts): LaneDecision {
  const randomDraw = reproducibleDraw(`${input.declarationId}:${LANE_TABLE_ENGINE}`);
  const decision = (lane: LaneDecision['lane'], reasons: LaneDecision['reasons']): LaneDecision => ({
    lane,
    engine: LANE_TABLE_ENGINE,
    randomDraw,
    reasons,
  });
  if (facts.watchListReasons.length > 0) {
    return decision('INSPECT_BEFORE_RELEASE', facts.watchListReasons.map((reason) => ({ code: 'WATCH_LIST', params: { reason } })));
  }
  const unconfigured = input.categoryCodes.filter((category) => !facts.ratesByCategory.has(category));
  if (unconfigured.length > 0) {
    return decision('INSPECT_BEFORE_RELEASE', [{ code: 'NO_RATE_CONFIGURED', params: { categories: unconfigured, creditClass: input.importerCreditClass } }]);
  }
  let rate = new Decimal(0);
  let rateCategory = input.categoryCodes[0] ?? '';
  for (const category of input.categoryCodes) {
    const candidate = new Decimal(facts.ratesByCategory.get(category)!);
    if (candidate.greaterThan(rate)) {
      rate = candidate;
      rateCategory = category;
    }
  }
  const params = { rate: rate.toString(), draw: randomDraw.toFixed(6), category: rateCategory, creditClass: input.importerCreditClass };
  return rate.greaterThan(randomDraw)
    ? decision('INSPECT_BEFORE_RELEASE', [{ code: 'RANDOM_SELECTION', params }])
    : decision('RELEASE', [{ code: 'NOT_SELECTED', params }]);
}

export const laneTableDecider: LaneDecider = {
  async decide(tx: Executor, input: LaneDecisionInput): Promise<LaneDecision> {
    const rates = input.categoryCodes.length
      ? await tx
          .select({ categoryCode: laneRates.categoryCode, inspectionRate: laneRates.inspectionRate })
          .from(laneRates)
          .where(and(inArray(laneRates.categoryCode, input.categoryCodes), eq(laneRates.creditClass, input.importerCreditClass)))
      : [];
    const listed = await tx
      .select({ reason: riskListEntries.reason })
      .from(riskListEntries)
      .where(and(eq(riskListEntries.listName, WATCHED_ENTERPRISES), inArray(riskListEntries.value, [input.importerId, input.declarantId]), isNull(riskListEntries.removedRevision)));
    return decideByLaneTable(input, {
      ratesByCategory: new Map(rates.map((r) => [r.categoryCode, r.inspectionRate])),
      watchListReasons: listed.map((l) => l.reason),
    });
  },
};
