import type { CreditClass } from '../../../core/auth/roles.js';
import type { Lane, LaneDecision } from '../lane-decider.js';
import type { CompiledRuleSet, ValueBandBreach } from './compile.js';
import { drawFromSeed, drawPairFromSeed } from './draws.js';
import { screeningFailures, type DeclarationFacts, type ScreeningFailure } from './facts.js';
import { CHECK_ITEMS, type CheckItem } from './rule-schema.js';

/**
 * One lane decision, and why.
 *
 * Precedence, applied in this order:
 *   1. Safety floor (GACC Announcement 2018 No. 134). Any failed on-site screening — radiation alarm, suspected
 *      solid waste, goods not matching the documents, foreign inclusions — gives INSPECT_BEFORE_RELEASE, whatever
 *      the rules, draws and score say. Validation keeps INSPECT_BEFORE_RELEASE the most severe lane, so no other
 *      source can outrank it.
 *   2. Otherwise the MOST SEVERE (by the rule set's `laneSeverity`) of:
 *      a. every fired rule with a lane whose own draw falls under its share (draw < share);
 *      b. the minimum random rate: `rates.selectionLane` when the declaration's draw < the highest rate among its
 *         lines' categories for the importer's credit class, never below the class floor (`rates.byCreditClass`);
 *      c. exploration: `rates.selectionLane` when a separate draw < `rates.explorationShare`;
 *      d. the learned score: the most severe lane among the `scoreThresholds` whose minScore ≤ score;
 *      e. RELEASE.
 *      Nothing lowers a lane: a good credit class only lowers the random rate in (b), and a low score adds nothing.
 *   3. Checks are the union of the selected rules' checks and those the failed screenings call for. They are the
 *      on-site team's work list and never change the lane.
 *
 * Draws are reproducible and independent. A fired rule draws reproducibleDraw(`${declarationId}:${version}:${ruleId}`);
 * the minimum-rate and exploration draws are the first and second 48 bits of SHA-256(`${declarationId}:${version}:~selection`)
 * ("~" cannot occur in a rule id, so no rule shares that seed). Every draw is made and recorded even when its share
 * is 0 or 1, so a stored decision shows exactly what was drawn.
 */

export const RISK_ENGINE_NAME = 'risk-engine/1';
export const TOP_SCORE_FACTORS = 5;

/** One factor of a learned score: which input, what to tell the officer, and how much it moved the score. */
export interface ScoreFactor {
  feature: string;
  /** What to say, e.g. UNIT_VALUE_BELOW_TYPICAL or IMPORTER_PAST_FINDINGS: the UI renders it in zh/en with `params`. */
  code: string;
  params: Record<string, string | number | null>;
  /** English fallback of the sentence and of the value, for logs and codes a client does not know. */
  description: string;
  value: string;
  /** Signed: positive factors raised the score. */
  contribution: number;
}

export interface RiskScore {
  /** 0..1, higher = riskier. */
  value: number;
  factors: readonly ScoreFactor[];
  modelVersion: string | null;
}

/** The pluggable learned score: any function of the facts. */
export type RiskScorer = (facts: DeclarationFacts) => RiskScore;

export interface FiredRule {
  ruleId: string;
  nameZh: string;
  nameEn: string;
  lane: Lane | null;
  share: number;
  checks: readonly CheckItem[];
  draw: number;
  /** draw < share: the rule's lane and checks apply to this declaration. */
  selected: boolean;
}

export type DecisionReason =
  | { code: 'SAFETY_FLOOR'; params: { lane: 'INSPECT_BEFORE_RELEASE'; failures: ScreeningFailure[] } }
  | { code: 'RULE'; params: { lane: Lane | null; ruleId: string; nameZh: string; nameEn: string; share: number; draw: number; checks: readonly CheckItem[] } }
  | { code: 'RANDOM_SELECTION'; params: { lane: Lane; rate: number; draw: number; categoryCode: string | null; creditClass: CreditClass } }
  | { code: 'EXPLORATION'; params: { lane: Lane; share: number; draw: number } }
  | { code: 'SCORE'; params: { lane: Lane; score: number; minScore: number; modelVersion: string | null; factors: ScoreFactor[] } }
  | { code: 'NOT_SELECTED'; params: { lane: 'RELEASE'; rate: number; draw: number; categoryCode: string | null; creditClass: CreditClass } };

export interface RiskEngineDecision {
  declarationId: string;
  lane: Lane;
  checks: CheckItem[];
  /** The safety floor first, then by lane, most severe first; rules that only add checks last. */
  reasons: DecisionReason[];
  ruleSetVersion: string;
  /** Every enabled rule whose condition held, selected by its draw or not (hit rates count both). */
  firedRules: FiredRule[];
  randomSelection: { rate: number; categoryCode: string | null; creditClass: CreditClass; draw: number; selected: boolean };
  exploration: { share: number; draw: number; selected: boolean };
  score: { value: number; modelVersion: string | null; lane: Lane | null; minScore: number | null; topFactors: ScoreFactor[] } | null;
  safetyFloor: { applied: boolean; failures: ScreeningFailure[] };
  /** Lines outside their value-control band, shown to the officer whether or not a rule used them. */
  valueBandBreaches: ValueBandBreach[];
}

const CHECKS_FOR_FAILURE: Record<ScreeningFailure, CheckItem | null> = {
  RADIATION_ALARM: 'RADIOACTIVITY',
  SOLID_WASTE_SUSPECTED: 'SOLID_WASTE',
  DOCUMENTS_MISMATCH: 'DOCUMENT_REVIEW',
  // Foreign inclusions go to quarantine treatment, which is not one of the check items.
  FOREIGN_INCLUSIONS_FOUND: null,
};

/*
 * The hot path avoids per-call closures and Sets: tsx (esbuild keepNames) wraps every closure created at run time
 * in a naming call, which costs more than the rule evaluation itself. Checks are collected as bits over CHECK_ITEMS.
 */
export function decideLane(compiled: CompiledRuleSet, facts: DeclarationFacts, score?: RiskScore): RiskEngineDecision {
  const seedPrefix = `${facts.declarationId}:${compiled.version}:`;
  let lane: Lane = 'RELEASE';
  let checkBits = 0;
  const reasons: DecisionReason[] = [];

  const fired = compiled.evaluate(facts);
  const firedRules: FiredRule[] = new Array(fired.length);
  for (let index = 0; index < fired.length; index++) {
    const rule = fired[index]!;
    const draw = drawFromSeed(seedPrefix + rule.id);
    const selected = draw < rule.share;
    if (selected) {
      if (rule.lane) lane = moreSevere(compiled, lane, rule.lane);
      checkBits |= checkBitsOf(rule.checks);
      reasons.push({
        code: 'RULE',
        params: { lane: rule.lane, ruleId: rule.id, nameZh: rule.nameZh, nameEn: rule.nameEn, share: rule.share, draw, checks: rule.checks },
      });
    }
    firedRules[index] = { ruleId: rule.id, nameZh: rule.nameZh, nameEn: rule.nameEn, lane: rule.lane, share: rule.share, checks: rule.checks, draw, selected };
  }

  const minimum = compiled.minimumRandomRate(facts);
  const creditClass = facts.importerCreditClass;
  const [randomDraw, explorationDraw] = drawPairFromSeed(`${seedPrefix}~selection`);
  const randomSelected = randomDraw < minimum.rate;
  if (randomSelected) {
    lane = moreSevere(compiled, lane, compiled.selectionLane);
    reasons.push({
      code: 'RANDOM_SELECTION',
      params: { lane: compiled.selectionLane, rate: minimum.rate, draw: randomDraw, categoryCode: minimum.categoryCode, creditClass },
    });
  }

  const explorationSelected = explorationDraw < compiled.explorationShare;
  if (explorationSelected) {
    lane = moreSevere(compiled, lane, compiled.selectionLane);
    reasons.push({ code: 'EXPLORATION', params: { lane: compiled.selectionLane, share: compiled.explorationShare, draw: explorationDraw } });
  }

  let scored: RiskEngineDecision['score'] = null;
  if (score) {
    if (!(Number.isFinite(score.value) && score.value >= 0 && score.value <= 1)) {
      throw new RangeError(`risk score must lie in [0, 1], got ${score.value}`);
    }
    const topFactors = topScoreFactors(score.factors);
    const reached = compiled.scoreLane(score.value);
    scored = { value: score.value, modelVersion: score.modelVersion, lane: reached?.lane ?? null, minScore: reached?.minScore ?? null, topFactors };
    if (reached) {
      lane = moreSevere(compiled, lane, reached.lane);
      reasons.push({
        code: 'SCORE',
        params: { lane: reached.lane, score: score.value, minScore: reached.minScore, modelVersion: score.modelVersion, factors: topFactors },
      });
    }
  }

  const failures = screeningFailures(facts.screening);
  if (failures.length > 0) {
    lane = 'INSPECT_BEFORE_RELEASE';
    for (const failure of failures) {
      const check = CHECKS_FOR_FAILURE[failure];
      if (check) checkBits |= 1 << CHECK_ITEMS.indexOf(check);
    }
  }

  if (reasons.length === 0 && failures.length === 0) {
    reasons.push({
      code: 'NOT_SELECTED',
      params: { lane: 'RELEASE', rate: minimum.rate, draw: randomDraw, categoryCode: minimum.categoryCode, creditClass },
    });
  }
  sortBySeverityDescending(compiled, reasons);
  if (failures.length > 0) reasons.unshift({ code: 'SAFETY_FLOOR', params: { lane: 'INSPECT_BEFORE_RELEASE', failures } });

  const checks: CheckItem[] = [];
  for (let bit = 0; bit < CHECK_ITEMS.length; bit++) if (checkBits & (1 << bit)) checks.push(CHECK_ITEMS[bit]!);

  return {
    declarationId: facts.declarationId,
    lane,
    checks,
    reasons,
    ruleSetVersion: compiled.version,
    firedRules,
    randomSelection: { rate: minimum.rate, categoryCode: minimum.categoryCode, creditClass, draw: randomDraw, selected: randomSelected },
    exploration: { share: compiled.explorationShare, draw: explorationDraw, selected: explorationSelected },
    score: scored,
    safetyFloor: { applied: failures.length > 0, failures },
    valueBandBreaches: compiled.valueBandBreaches(facts),
  };
}

function moreSevere(compiled: CompiledRuleSet, current: Lane, candidate: Lane): Lane {
  return compiled.severity(candidate) > compiled.severity(current) ? candidate : current;
}

function checkBitsOf(checks: readonly CheckItem[]): number {
  let bits = 0;
  for (const check of checks) bits |= 1 << CHECK_ITEMS.indexOf(check);
  return bits;
}

function reasonRank(compiled: CompiledRuleSet, reason: DecisionReason): number {
  return reason.params.lane === null ? -1 : compiled.severity(reason.params.lane);
}

/** Stable insertion sort, most severe lane first, checks-only rules (no lane) last: a handful of reasons at most. */
function sortBySeverityDescending(compiled: CompiledRuleSet, reasons: DecisionReason[]): void {
  for (let index = 1; index < reasons.length; index++) {
    const reason = reasons[index]!;
    const rank = reasonRank(compiled, reason);
    let position = index;
    while (position > 0 && reasonRank(compiled, reasons[position - 1]!) < rank) {
      reasons[position] = reasons[position - 1]!;
      position--;
    }
    reasons[position] = reason;
  }
}

function byContributionSize(a: ScoreFactor, b: ScoreFactor): number {
  return Math.abs(b.contribution) - Math.abs(a.contribution);
}

function topScoreFactors(factors: readonly ScoreFactor[]): ScoreFactor[] {
  return [...factors].sort(byContributionSize).slice(0, TOP_SCORE_FACTORS);
}

/** A compiled rule set with its scorer: what a LaneDecider adapter holds for the rule set in force. */
export interface RiskEngine {
  readonly ruleSetVersion: string;
  decide(facts: DeclarationFacts): RiskEngineDecision;
}

export function createRiskEngine(compiled: CompiledRuleSet, scorer?: RiskScorer): RiskEngine {
  return {
    ruleSetVersion: compiled.version,
    decide: (facts) => decideLane(compiled, facts, scorer?.(facts)),
  };
}

/**
 * The decision in the workflow's LaneDecision shape. `engine` names the rule set and model versions so the
 * decision can be replayed; `randomDraw` is the minimum-rate draw.
 */
export function toLaneDecision(decision: RiskEngineDecision): LaneDecision {
  const model = decision.score?.modelVersion;
  return {
    lane: decision.lane,
    engine: `${RISK_ENGINE_NAME};rules=${decision.ruleSetVersion}${model ? `;model=${model}` : ''}`,
    randomDraw: decision.randomSelection.draw,
    reasons: decision.reasons,
  };
}
