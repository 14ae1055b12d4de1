import type { DeclarationFacts } from '../../engine/facts.js';
import type { RiskScore, ScoreFactor } from '../../engine/decide.js';
import { GradientBoostedTrees, sigmoid, trainGradientBoostedTrees, type BoosterParams, type SerializedBooster } from '../gbdt/booster.js';
import { evaluateRanking } from '../metrics.js';
import { ORELANE_FEATURES, OrelaneFeatureEncoder, type LabelledFacts, type SerializedOrelaneEncoder } from './features.js';

/**
 * The learned risk score of Orelane's own decisions: the Orelane feature encoder in front of the project's
 * gradient-boosted trees (gbdt/). One ensemble — Orelane's history is hundreds of lots, not the customs data set's
 * tens of thousands, so the customs RiskModel's second, history-aware regime has nothing to learn here.
 */
export const ORELANE_MODEL_FORMAT = 'orelane-lane-score';
export const ORELANE_MODEL_FORMAT_VERSION = 1;

/** Small trees, coarse bins and shrinkage: few hundred rows, a few dozen positives. */
export const ORELANE_BOOSTER_PARAMS: Readonly<Partial<BoosterParams>> = {
  numIterations: 120,
  learningRate: 0.05,
  numLeaves: 7,
  maxDepth: 3,
  minDataInLeaf: 8,
  lambdaL2: 2,
  featureFraction: 1,
  baggingFraction: 0.9,
  maxBins: 32,
};

export interface SerializedOrelaneModel {
  format: typeof ORELANE_MODEL_FORMAT;
  formatVersion: number;
  encoder: SerializedOrelaneEncoder;
  booster: SerializedBooster;
}

export class OrelaneRiskModel {
  private readonly vector = new Float64Array(ORELANE_FEATURES.length);

  constructor(
    /** The stored model version, e.g. "orelane-2026-11-26.1": what decisions record. */
    readonly version: string,
    readonly encoder: OrelaneFeatureEncoder,
    readonly booster: GradientBoostedTrees,
  ) {
    if (booster.featureNames.join('\n') !== encoder.featureNames.join('\n')) throw new Error('model and feature encoder disagree on the feature list');
  }

  static fromJSON(version: string, json: SerializedOrelaneModel): OrelaneRiskModel {
    if (json.format !== ORELANE_MODEL_FORMAT || json.formatVersion !== ORELANE_MODEL_FORMAT_VERSION) {
      throw new Error(`not an ${ORELANE_MODEL_FORMAT} v${ORELANE_MODEL_FORMAT_VERSION} model`);
    }
    return new OrelaneRiskModel(version, OrelaneFeatureEncoder.fromJSON(json.encoder), GradientBoostedTrees.fromJSON(json.booster));
  }

  toJSON(): SerializedOrelaneModel {
    return { format: ORELANE_MODEL_FORMAT, formatVersion: ORELANE_MODEL_FORMAT_VERSION, encoder: this.encoder.toJSON(), booster: this.booster.toJSON() };
  }

  /** Probability (0..1) that the lot is found non-conforming if inspected. */
  probability(facts: DeclarationFacts): number {
    return this.booster.predictProbability(this.encoder.encode(facts, this.vector));
  }

  /** The score with every feature's signed contribution in words (decideLane keeps the largest few). */
  score(facts: DeclarationFacts): RiskScore {
    const explanation = this.booster.explain(this.encoder.encode(facts, this.vector));
    const factors: ScoreFactor[] = [];
    ORELANE_FEATURES.forEach((feature, index) => {
      const contribution = explanation.contributions[index]!;
      if (contribution === 0) return;
      factors.push({ feature, ...this.encoder.describe(feature, facts), contribution });
    });
    return { value: sigmoid(explanation.rawScore), factors, modelVersion: this.version };
  }

  /** Share of the total split gain per feature, largest first. */
  featureImportances(): { feature: string; importance: number }[] {
    const gain = this.booster.gainImportance();
    const total = gain.reduce((sum, value) => sum + value, 0);
    return ORELANE_FEATURES.map((feature, index) => ({ feature, importance: total > 0 ? gain[index]! / total : 0 }))
      .sort((a, b) => b.importance - a.importance);
  }
}

// ── Training ──────────────────────────────────────────────────────────────────────────────────────────────

export interface TrainingExample extends LabelledFacts {
  declarationId: string;
  decidedAt: string;
  /** Inverse of the chance the lot had of being inspected (see docs/risk-model.md, selection bias). */
  weight: number;
}

/** Precision at the top k of the held-out slice, k = ⌊rate × rows⌋. */
export const HELD_OUT_RATES = [0.1, 0.2, 0.3] as const;
/** The latest share of the examples, by decision time, that the reported metrics are measured on (30 %: with a few dozen non-conforming lots a smaller slice is mostly noise). */
export const HELD_OUT_SHARE = 0.3;

export interface ModelMetrics {
  auc: number | null;
  heldOutRows: number;
  heldOutPositives: number;
  /** Non-conforming share of all (unweighted) training examples. */
  baseRate: number;
  precisionAtK: { rate: number; k: number; precision: number | null; recall: number | null }[];
}

export interface TrainedOrelaneModel {
  model: OrelaneRiskModel;
  metrics: ModelMetrics;
}

export interface OrelaneTrainingOptions {
  seed?: number;
  params?: Partial<BoosterParams>;
}

function fitModel(version: string, allFacts: readonly DeclarationFacts[], examples: readonly TrainingExample[], options: OrelaneTrainingOptions): OrelaneRiskModel {
  const seed = options.seed ?? 1;
  const { encoder, trainingMatrix } = OrelaneFeatureEncoder.fit(allFacts, examples, { folds: 5, seed });
  const booster = trainGradientBoostedTrees(
    trainingMatrix,
    Float64Array.from(examples, (e) => e.label),
    { ...ORELANE_BOOSTER_PARAMS, ...options.params, seed },
    undefined,
    Float64Array.from(examples, (e) => e.weight),
  );
  return new OrelaneRiskModel(version, encoder, booster);
}

/**
 * Measures on a time-ordered hold-out — a model fitted on the earlier 70 % of the examples (and the declarations
 * decided before the cut) ranks the latest 30 % — then fits the stored model on everything.
 *
 * `allFacts` are every decided declaration's facts with their decision time (for the usual unit values);
 * `examples` the inspected ones with their outcome.
 */
export function trainOrelaneModel(
  version: string,
  allFacts: readonly { facts: DeclarationFacts; decidedAt: string }[],
  examples: readonly TrainingExample[],
  options: OrelaneTrainingOptions = {},
): TrainedOrelaneModel {
  if (examples.length === 0) throw new Error('no inspected declaration with an outcome to learn from');
  const ordered = [...examples].sort((a, b) => a.decidedAt.localeCompare(b.decidedAt) || a.declarationId.localeCompare(b.declarationId));
  const cut = Math.floor(ordered.length * (1 - HELD_OUT_SHARE));
  const earlier = ordered.slice(0, cut);
  const later = ordered.slice(cut);
  const positives = ordered.reduce((sum, e) => sum + e.label, 0);

  let metrics: ModelMetrics = { auc: null, heldOutRows: later.length, heldOutPositives: later.reduce((s, e) => s + e.label, 0), baseRate: positives / ordered.length, precisionAtK: [] };
  if (earlier.length > 0 && later.length > 0) {
    const cutTime = later[0]!.decidedAt;
    const before = allFacts.filter((row) => row.decidedAt < cutTime).map((row) => row.facts);
    const probe = fitModel(`${version}~held-out`, before, earlier, options);
    const evaluation = evaluateRanking(
      { ids: later.map((e) => e.declarationId), scores: Float64Array.from(later, (e) => probe.probability(e.facts)), labels: later.map((e) => e.label) },
      HELD_OUT_RATES,
    );
    metrics = {
      ...metrics,
      auc: evaluation.auc,
      precisionAtK: evaluation.atRates.map((r) => ({ rate: r.rate, k: r.inspected, precision: r.precision, recall: r.recall })),
    };
  }
  return { model: fitModel(version, allFacts.map((row) => row.facts), ordered, options), metrics };
}
