import { eq } from 'drizzle-orm';
import type { Executor } from '../../core/db/executor.js';
import { AppError, notFound } from '../../core/http/errors.js';
import { decideLane, toLaneDecision, type CompiledRuleSet, type DeclarationFacts, type ListKind, type RiskEngineDecision } from './engine/index.js';
import { loadDeclarationFacts } from './facts-loader.js';
import type { LaneDecider, LaneDecision, LaneDecisionInput } from './lane-decider.js';
import { currentRevision } from './risk-data.js';
import { compiledRuleSet, engineVersionOf, findRuleSet, ruleSetInForceAt } from './rule-sets.js';
import { loadModel, modelInForceAt } from './risk-models.js';
import { riskDecisions } from './risk.tables.js';

/**
 * The risk engine behind the workflow's LaneDecider seam: facts from the database, the approved rule set in force
 * at the decision time (compiled once per version and risk-data revision), the engine's pure decision, and
 * everything needed to replay it stored beside the lane.
 */

export const NO_RULE_SET_ENGINE = 'risk-engine/1;rules=none';

/** List entries that matched one of the declaration's values, whether or not a rule used that list. */
export interface ListHit {
  list: string;
  kind: ListKind;
  value: string;
}

export function listHits(compiled: CompiledRuleSet, facts: DeclarationFacts): ListHit[] {
  const valuesByKind: Record<ListKind, (string | null)[]> = {
    ENTERPRISE: [facts.importerId, facts.declarantId],
    DECLARANT: [facts.declarantId],
    COUNTRY: [facts.originCountryCode, facts.departureCountryCode],
    COMMODITY_CODE: facts.items.map((item) => item.commodityCode),
    VEHICLE: [...facts.wagonNumbers, ...facts.truckPlates],
  };
  const hits: ListHit[] = [];
  for (const [list, named] of Object.entries(compiled.source.lists)) {
    const entries = new Set(named.entries);
    for (const value of new Set(valuesByKind[named.kind])) if (value !== null && entries.has(value)) hits.push({ list, kind: named.kind, value });
  }
  return hits;
}

function toStored(decision: RiskEngineDecision, compiled: CompiledRuleSet, ruleSetVersion: number, revision: number, facts: DeclarationFacts): LaneDecision {
  const lane = toLaneDecision(decision);
  return {
    ...lane,
    engine: `${lane.engine};data=${revision}`,
    record: {
      ruleSetVersion,
      dataRevision: revision,
      modelVersion: decision.score?.modelVersion ?? null,
      checks: decision.checks,
      firedRules: decision.firedRules,
      score: decision.score,
      facts,
      details: {
        randomSelection: decision.randomSelection,
        exploration: decision.exploration,
        safetyFloor: decision.safetyFloor,
        valueBandBreaches: decision.valueBandBreaches,
        listHits: listHits(compiled, facts),
      },
    },
  };
}

/** Nothing approved is in force: nothing is released unassessed, so the lot is inspected before release. */
function withoutRuleSet(facts: DeclarationFacts, revision: number, at: Date): LaneDecision {
  return {
    lane: 'INSPECT_BEFORE_RELEASE',
    engine: `${NO_RULE_SET_ENGINE};data=${revision}`,
    randomDraw: 0,
    reasons: [{ code: 'NO_RULE_SET_IN_FORCE', params: { lane: 'INSPECT_BEFORE_RELEASE', at: at.toISOString() } }],
    record: { ruleSetVersion: null, dataRevision: revision, modelVersion: null, checks: [], firedRules: [], score: null, facts, details: null },
  };
}

export async function decideDeclaration(tx: Executor, declarationId: string, at: Date): Promise<LaneDecision> {
  const facts = await loadDeclarationFacts(tx, declarationId, at);
  const revision = await currentRevision(tx);
  const ruleSet = await ruleSetInForceAt(tx, at);
  if (!ruleSet) return withoutRuleSet(facts, revision, at);
  const compiled = await compiledRuleSet(tx, ruleSet, revision);
  // The learned score, when a model is active: its version is stored with the decision for replay.
  const model = await modelInForceAt(tx, at);
  return toStored(decideLane(compiled, facts, model?.score(facts)), compiled, ruleSet.version, revision, facts);
}

export const engineLaneDecider: LaneDecider = {
  decide: (tx: Executor, input: LaneDecisionInput) => decideDeclaration(tx, input.declarationId, input.decidedAt ?? new Date()),
};

// ── Replay ────────────────────────────────────────────────────────────────────────────────────────────────

interface ReplayView {
  lane: string;
  randomDraw: string;
  checks: string[];
  firedRuleIds: string[];
  /** The learned score and the model that gave it; null when no model scored the decision. */
  score: number | null;
  modelVersion: string | null;
}

export interface Replay {
  declarationId: string;
  ruleSetVersion: number;
  dataRevision: number;
  stored: ReplayView;
  replayed: ReplayView & { decision: RiskEngineDecision };
  identical: boolean;
}

/**
 * Runs the stored decision again from what it recorded — its facts, its rule-set version, its risk-data revision
 * and its model version — and says whether the lane, the draws, the checks, the fired rules and the score come
 * out the same.
 */
export async function replayDecision(db: Executor, declarationId: string): Promise<Replay> {
  const [stored] = await db.select().from(riskDecisions).where(eq(riskDecisions.declarationId, declarationId));
  if (!stored) throw notFound('risk decision');
  if (stored.ruleSetVersion === null || stored.dataRevision === null || stored.facts === null) {
    throw new AppError('VALIDATION_FAILED', `This decision was made by ${stored.engine}, which records nothing to replay.`, {
      errors: [{ path: 'declarationId', code: 'NOT_REPLAYABLE', message: `decided by ${stored.engine}` }],
    });
  }
  const ruleSet = await findRuleSet(db, stored.ruleSetVersion);
  if (!ruleSet) throw new AppError('INTERNAL', `Rule set ${stored.ruleSetVersion} of a stored decision is missing.`);
  const compiled = await compiledRuleSet(db, ruleSet, stored.dataRevision);
  const facts = stored.facts as DeclarationFacts;
  const model = stored.modelVersion === null ? null : await loadModel(db, stored.modelVersion);
  const decision = decideLane(compiled, facts, model?.score(facts));
  const storedFired = (stored.firedRules as { ruleId: string }[]).map((rule) => rule.ruleId);
  const replayed = {
    lane: decision.lane,
    randomDraw: decision.randomSelection.draw.toFixed(9),
    checks: decision.checks,
    firedRuleIds: decision.firedRules.map((rule) => rule.ruleId),
    score: decision.score?.value ?? null,
    modelVersion: decision.score?.modelVersion ?? null,
    decision,
  };
  const storedScore = stored.score as { value: number } | null;
  const storedView = { lane: stored.lane, randomDraw: stored.randomDraw, checks: stored.checks, firedRuleIds: storedFired, score: storedScore?.value ?? null, modelVersion: stored.modelVersion };
  const identical =
    replayed.lane === storedView.lane &&
    replayed.randomDraw === storedView.randomDraw &&
    JSON.stringify(replayed.checks) === JSON.stringify(storedView.checks) &&
    JSON.stringify(replayed.firedRuleIds) === JSON.stringify(storedView.firedRuleIds) &&
    replayed.score === storedView.score &&
    replayed.modelVersion === storedView.modelVersion &&
    compiled.version === engineVersionOf(stored.ruleSetVersion);
  return { declarationId, ruleSetVersion: stored.ruleSetVersion, dataRevision: stored.dataRevision, stored: storedView, replayed, identical };
}
