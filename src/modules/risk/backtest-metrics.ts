import { LANES, type Lane } from './lane-decider.js';

/**
 * What a backtest, a rule test and the value-band view compute over replayed decisions — pure, so the numbers
 * can be checked without a database.
 *
 * "Known outcome" is what an on-site check found: PASSED or FAILED; null when the declaration was never checked
 * (or its check is still open). A known finding is a FAILED outcome.
 */

/** Lanes that put an inspector on site: the ones that can catch a finding. */
export const INSPECTING_LANES: readonly Lane[] = ['RELEASE_THEN_INSPECT', 'INSPECT_BEFORE_RELEASE'];
export const isInspectingLane = (lane: Lane): boolean => INSPECTING_LANES.includes(lane);

export type KnownOutcome = 'PASSED' | 'FAILED' | null;

export interface ReplayedDecision {
  /** The lane the replayed rule set gives. */
  lane: Lane;
  /** The lane the stored decision gave. */
  storedLane: string;
  outcome: KnownOutcome;
}

/** Running counts over replayed decisions; JSON-safe, so a chunked run can store and resume it. */
export interface BacktestTally {
  declarations: number;
  laneCounts: Record<Lane, number>;
  knownFindings: number;
  findingsCaught: number;
  /** Sent to an inspecting lane and with a known outcome: the denominator of precision. */
  selectedWithOutcome: number;
  laneChangesVsStored: number;
}

export interface BacktestResult {
  ruleSetVersion: number;
  declarations: number;
  lanes: { lane: Lane; count: number; rate: number }[];
  inspectionRate: number;
  knownFindings: number;
  findingsCaught: number;
  findingsReleasedUnchecked: number;
  precisionAtInspectionRate: number | null;
  laneChangesVsStored: number;
}

export function emptyTally(): BacktestTally {
  return {
    declarations: 0,
    laneCounts: { RELEASE: 0, RELEASE_THEN_INSPECT: 0, DOCUMENT_CHECK: 0, INSPECT_BEFORE_RELEASE: 0 },
    knownFindings: 0,
    findingsCaught: 0,
    selectedWithOutcome: 0,
    laneChangesVsStored: 0,
  };
}

/** The tally with one more decision counted (a new object; the argument is left as it was). */
export function addToTally(tally: BacktestTally, decision: ReplayedDecision): BacktestTally {
  const inspected = isInspectingLane(decision.lane);
  const finding = decision.outcome === 'FAILED';
  return {
    declarations: tally.declarations + 1,
    laneCounts: { ...tally.laneCounts, [decision.lane]: tally.laneCounts[decision.lane] + 1 },
    knownFindings: tally.knownFindings + (finding ? 1 : 0),
    findingsCaught: tally.findingsCaught + (finding && inspected ? 1 : 0),
    selectedWithOutcome: tally.selectedWithOutcome + (inspected && decision.outcome !== null ? 1 : 0),
    laneChangesVsStored: tally.laneChangesVsStored + (decision.lane === decision.storedLane ? 0 : 1),
  };
}

export function tallyOf(decisions: Iterable<ReplayedDecision>): BacktestTally {
  let tally = emptyTally();
  for (const decision of decisions) tally = addToTally(tally, decision);
  return tally;
}

export function backtestResult(ruleSetVersion: number, tally: BacktestTally): BacktestResult {
  const { declarations } = tally;
  const share = (count: number) => (declarations === 0 ? 0 : count / declarations);
  const inspected = INSPECTING_LANES.reduce((sum, lane) => sum + tally.laneCounts[lane], 0);
  return {
    ruleSetVersion,
    declarations,
    lanes: LANES.map((lane) => ({ lane, count: tally.laneCounts[lane], rate: share(tally.laneCounts[lane]) })),
    inspectionRate: share(inspected),
    knownFindings: tally.knownFindings,
    findingsCaught: tally.findingsCaught,
    // Every lane either inspects on site or does not, so a finding is caught or released unchecked.
    findingsReleasedUnchecked: tally.knownFindings - tally.findingsCaught,
    precisionAtInspectionRate: tally.selectedWithOutcome === 0 ? null : tally.findingsCaught / tally.selectedWithOutcome,
    laneChangesVsStored: tally.laneChangesVsStored,
  };
}

// ── Distribution of values ────────────────────────────────────────────────────────────────────────────────

/**
 * The p-quantile (0 ≤ p ≤ 1) of ascending values by linear interpolation between closest ranks — the
 * definition of PostgreSQL's percentile_cont, so the SQL statistics and this agree.
 */
export function percentile(sortedAscending: readonly number[], p: number): number {
  if (sortedAscending.length === 0) throw new RangeError('percentile of no values');
  if (!(p >= 0 && p <= 1)) throw new RangeError(`percentile p must lie in [0, 1], got ${p}`);
  const position = p * (sortedAscending.length - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sortedAscending[lower]!;
  const high = sortedAscending[upper]!;
  return low + (high - low) * (position - lower);
}

export interface ValueStats {
  count: number;
  min: number;
  p10: number;
  median: number;
  p90: number;
  max: number;
  mean: number;
}

export function valueStats(values: readonly number[]): ValueStats | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    min: sorted[0]!,
    p10: percentile(sorted, 0.1),
    median: percentile(sorted, 0.5),
    p90: percentile(sorted, 0.9),
    max: sorted[sorted.length - 1]!,
    mean: sorted.reduce((sum, value) => sum + value, 0) / sorted.length,
  };
}
