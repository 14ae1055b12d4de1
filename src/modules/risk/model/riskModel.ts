import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import type { CustomsDeclaration } from './customs/declaration.js';
import {
  CustomsFeatureEncoder,
  type FeatureDescriptor,
  type SerializedFeatureEncoder,
} from './customs/featureEncoder.js';
import { FEATURE_SET_VERSION, massPriceKey } from './customs/featureSpecs.js';
import {
  GradientBoostedTrees,
  sigmoid,
  trainGradientBoostedTrees,
  type BoosterParams,
  type SerializedBooster,
  type TrainingProgress,
} from './gbdt/booster.js';
import { selectFeatures } from './gbdt/featureMatrix.js';

export const RISK_MODEL_FORMAT = 'orelane-risk-model';
export const RISK_MODEL_FORMAT_VERSION = 1;

/**
 * Which model scores a declaration.
 *  - identical-history: its exact (Net Mass, Item Price) pair occurs in training, so the
 *    outcome of identical declarations is known; the history-aware model uses every feature.
 *  - general: no identical declaration on record; a more regularised model that sees only
 *    features which carry over to new declarations (values, tariff, route, coarse categories).
 */
export type ScoringRegime = 'identical-history' | 'general';

const PAIR_HISTORY_COUNT_FEATURE = 'mass_price_pair.history_count';

/** Tuned on train → valid of the customs dataset; see docs/risk-model.md. */
export const RISK_MODEL_PARAMS: Readonly<Record<ScoringRegime, Readonly<Partial<BoosterParams>>>> = {
  'identical-history': {
    numIterations: 300,
    learningRate: 0.05,
    numLeaves: 31,
    minDataInLeaf: 20,
    lambdaL2: 1,
    featureFraction: 0.8,
    baggingFraction: 0.8,
    maxBins: 255,
  },
  general: {
    numIterations: 200,
    learningRate: 0.03,
    numLeaves: 7,
    minDataInLeaf: 200,
    lambdaL2: 1,
    featureFraction: 0.8,
    baggingFraction: 0.8,
    // Coarse bins keep the model from memorising exact values that new declarations lack.
    maxBins: 16,
  },
};

export interface RiskModelMetadata {
  trainedAt: string;
  trainingRows: number;
  trainingFrauds: number;
  trainingSeconds: number;
  /** SHA-256 of the training CSV when trained from a file. */
  trainingDataSha256: string | null;
  outOfFoldFolds: number;
  seed: number;
}

export interface SerializedRiskModel {
  format: typeof RISK_MODEL_FORMAT;
  formatVersion: number;
  /** Content hash of history tables and trees: equal versions score identically. */
  modelVersion: string;
  featureSetVersion: string;
  features: FeatureDescriptor[];
  metadata: RiskModelMetadata;
  encoder: SerializedFeatureEncoder;
  boosters: Record<ScoringRegime, SerializedBooster>;
}

export interface RiskFactor {
  feature: string;
  description: string;
  /** The feature's value in human form, e.g. "100.0 %" or "1,200 kg". */
  value: string;
  /** Log-odds this feature added to (positive) or removed from (negative) the score. */
  contribution: number;
}

export interface RiskExplanation {
  /** Fraud probability, 0..1. */
  score: number;
  regime: ScoringRegime;
  rawScore: number;
  /** Log-odds before any feature is considered; baseValue + Σ all contributions = rawScore. */
  baseValue: number;
  /** Largest absolute contributions first. */
  factors: RiskFactor[];
}

export interface RiskModelTrainingOptions {
  /** Overrides per regime, e.g. fewer iterations in tests. */
  params?: Partial<Record<ScoringRegime, Partial<BoosterParams>>>;
  folds?: number;
  seed?: number;
  trainingDataSha256?: string | null;
  onProgress?: (regime: ScoringRegime, progress: TrainingProgress) => void;
}

/** Customs fraud-risk model: declaration features and two gradient-boosted tree ensembles. */
export class RiskModel {
  readonly modelVersion: string;
  private readonly generalFeatureIndices: Int32Array;
  private readonly pairHistoryCountIndex: number;

  constructor(
    readonly encoder: CustomsFeatureEncoder,
    readonly boosters: Readonly<Record<ScoringRegime, GradientBoostedTrees>>,
    readonly metadata: RiskModelMetadata,
  ) {
    const names = encoder.featureNames;
    if (boosters['identical-history'].featureNames.join('\n') !== names.join('\n')) {
      throw new Error('history-aware model and feature encoder disagree on the feature list');
    }
    this.generalFeatureIndices = Int32Array.from(boosters.general.featureNames, (name) => {
      const index = names.indexOf(name);
      if (index < 0) throw new Error(`general model uses unknown feature "${name}"`);
      return index;
    });
    this.pairHistoryCountIndex = names.indexOf(PAIR_HISTORY_COUNT_FEATURE);
    this.modelVersion = computeModelVersion(encoder.toJSON(), serializeBoosters(boosters));
  }

  get featureNames(): string[] {
    return this.encoder.featureNames;
  }

  /** Encoded feature vector of a declaration, in `featureNames` order. */
  encodeDeclaration(declaration: CustomsDeclaration): Float64Array {
    return this.encoder.encode(declaration);
  }

  regimeOf(features: ArrayLike<number>): ScoringRegime {
    return features[this.pairHistoryCountIndex] > 0 ? 'identical-history' : 'general';
  }

  /** Fraud probability (0..1) from an encoded feature vector; higher = riskier. */
  scoreFeatureVector(features: ArrayLike<number>): number {
    const regime = this.regimeOf(features);
    return this.boosters[regime].predictProbability(this.inputsFor(regime, features));
  }

  /** Fraud probability (0..1) for one declaration; higher = riskier. */
  scoreDeclaration(declaration: CustomsDeclaration): number {
    return this.scoreFeatureVector(this.encoder.encode(declaration));
  }

  scoreDeclarations(declarations: readonly CustomsDeclaration[]): Float64Array {
    const vector = new Float64Array(this.featureNames.length);
    const scores = new Float64Array(declarations.length);
    declarations.forEach((declaration, index) => {
      scores[index] = this.scoreFeatureVector(this.encoder.encode(declaration, vector));
    });
    return scores;
  }

  explainDeclaration(declaration: CustomsDeclaration, topFactors = 5): RiskExplanation {
    const features = this.encoder.encode(declaration);
    const regime = this.regimeOf(features);
    const explanation = this.boosters[regime].explain(this.inputsFor(regime, features));
    const featureIndexOf = (input: number): number =>
      regime === 'general' ? this.generalFeatureIndices[input] : input;
    const order = Array.from(explanation.contributions.keys()).sort(
      (a, b) => Math.abs(explanation.contributions[b]) - Math.abs(explanation.contributions[a]) || a - b,
    );
    return {
      score: sigmoid(explanation.rawScore),
      regime,
      rawScore: explanation.rawScore,
      baseValue: explanation.baseValue,
      factors: order.slice(0, topFactors).map((input) => {
        const featureIndex = featureIndexOf(input);
        return {
          feature: this.encoder.featureNames[featureIndex],
          description: this.encoder.descriptors[featureIndex].description,
          value: this.encoder.formatValue(featureIndex, features),
          contribution: explanation.contributions[input],
        };
      }),
    };
  }

  toJSON(): SerializedRiskModel {
    return {
      format: RISK_MODEL_FORMAT,
      formatVersion: RISK_MODEL_FORMAT_VERSION,
      modelVersion: this.modelVersion,
      featureSetVersion: FEATURE_SET_VERSION,
      features: this.encoder.descriptors,
      metadata: this.metadata,
      encoder: this.encoder.toJSON(),
      boosters: serializeBoosters(this.boosters),
    };
  }

  static fromJSON(json: SerializedRiskModel): RiskModel {
    if (json.format !== RISK_MODEL_FORMAT || json.formatVersion !== RISK_MODEL_FORMAT_VERSION) {
      throw new Error(`not an ${RISK_MODEL_FORMAT} v${RISK_MODEL_FORMAT_VERSION} file`);
    }
    const model = new RiskModel(
      CustomsFeatureEncoder.fromJSON(json.encoder),
      {
        'identical-history': GradientBoostedTrees.fromJSON(json.boosters['identical-history']),
        general: GradientBoostedTrees.fromJSON(json.boosters.general),
      },
      json.metadata,
    );
    if (model.modelVersion !== json.modelVersion) {
      throw new Error(`model file is corrupt: content hash ${model.modelVersion} ≠ recorded ${json.modelVersion}`);
    }
    return model;
  }

  private inputsFor(regime: ScoringRegime, features: ArrayLike<number>): ArrayLike<number> {
    if (regime === 'identical-history') return features;
    return Float64Array.from(this.generalFeatureIndices, (index) => features[index]);
  }
}

function serializeBoosters(
  boosters: Readonly<Record<ScoringRegime, GradientBoostedTrees>>,
): Record<ScoringRegime, SerializedBooster> {
  return { 'identical-history': boosters['identical-history'].toJSON(), general: boosters.general.toJSON() };
}

function computeModelVersion(
  encoder: SerializedFeatureEncoder,
  boosters: Record<ScoringRegime, SerializedBooster>,
): string {
  const digest = createHash('sha256')
    .update(JSON.stringify({ featureSetVersion: FEATURE_SET_VERSION, encoder, boosters }))
    .digest('hex');
  return `risk-gbdt-${digest.slice(0, 16)}`;
}

export function trainRiskModel(
  declarations: readonly CustomsDeclaration[],
  labels: ArrayLike<number>,
  options: RiskModelTrainingOptions = {},
): RiskModel {
  const started = performance.now();
  const seed = options.seed ?? 1;
  const folds = options.folds ?? 5;
  // Random folds: a training row may see its identical duplicates, as a declaration
  // with a known pair does at scoring time.
  const { encoder, trainingMatrix: historyMatrix } = CustomsFeatureEncoder.fit(declarations, labels, { folds, seed });
  // Folds grouped by pair: training rows look like declarations with no identical history.
  const { trainingMatrix: groupedMatrix } = CustomsFeatureEncoder.fit(declarations, labels, {
    folds,
    seed,
    groupKey: massPriceKey,
  });
  const generalFeatures = encoder.descriptors
    .filter((descriptor) => descriptor.generalises)
    .map((descriptor) => descriptor.name);

  const trainRegime = (regime: ScoringRegime, matrix: typeof historyMatrix): GradientBoostedTrees =>
    trainGradientBoostedTrees(
      matrix,
      labels,
      { ...RISK_MODEL_PARAMS[regime], ...options.params?.[regime], seed },
      options.onProgress && ((progress) => options.onProgress?.(regime, progress)),
    );
  const boosters: Record<ScoringRegime, GradientBoostedTrees> = {
    'identical-history': trainRegime('identical-history', historyMatrix),
    general: trainRegime('general', selectFeatures(groupedMatrix, generalFeatures)),
  };

  let frauds = 0;
  for (let row = 0; row < labels.length; row++) frauds += labels[row];
  return new RiskModel(encoder, boosters, {
    trainedAt: new Date().toISOString(),
    trainingRows: declarations.length,
    trainingFrauds: frauds,
    trainingSeconds: Math.round(performance.now() - started) / 1000,
    trainingDataSha256: options.trainingDataSha256 ?? null,
    outOfFoldFolds: folds,
    seed,
  });
}

export async function saveRiskModel(model: RiskModel, path: string): Promise<void> {
  await writeFile(path, JSON.stringify(model.toJSON()));
}

export async function loadRiskModel(path: string): Promise<RiskModel> {
  return RiskModel.fromJSON(JSON.parse(await readFile(path, 'utf8')) as SerializedRiskModel);
}
