import { createSeededRandom, sampleSortedIndices } from '../random.js';
import { binMatrix } from './binning.js';
import type { FeatureMatrix } from './featureMatrix.js';
import { addTreeContributions, predictTree, type RegressionTree } from './tree.js';
import { TreeGrower, predictBinnedRow } from './treeGrower.js';

export interface BoosterParams {
  numIterations: number;
  learningRate: number;
  numLeaves: number;
  maxDepth: number;
  minDataInLeaf: number;
  minSumHessianInLeaf: number;
  /** L2 penalty on leaf values. */
  lambdaL2: number;
  minGainToSplit: number;
  /** Share of features each tree may split on. */
  featureFraction: number;
  /** Share of rows each tree is grown on (sampled without replacement). */
  baggingFraction: number;
  /** Bins per feature including the missing-value bin, at most 256. */
  maxBins: number;
  seed: number;
}

export const DEFAULT_BOOSTER_PARAMS: Readonly<BoosterParams> = {
  numIterations: 300,
  learningRate: 0.05,
  numLeaves: 31,
  maxDepth: 0,
  minDataInLeaf: 20,
  minSumHessianInLeaf: 1e-3,
  lambdaL2: 1,
  minGainToSplit: 0,
  featureFraction: 0.8,
  baggingFraction: 0.8,
  maxBins: 255,
  seed: 1,
};

export interface SerializedBooster {
  objective: 'binary-logistic';
  featureNames: string[];
  initScore: number;
  params: BoosterParams;
  trees: RegressionTree[];
}

export interface Explanation {
  /** Raw score (log-odds) before any feature is looked at: init score plus every root value. */
  baseValue: number;
  /** Log-odds credited to each feature; baseValue + Σ contributions = rawScore. */
  contributions: Float64Array;
  rawScore: number;
}

export interface TrainingProgress {
  iteration: number;
  trainLogLoss: number;
}

export function sigmoid(rawScore: number): number {
  return 1 / (1 + Math.exp(-rawScore));
}

/** Binary classifier: a sum of regression trees over log-odds. */
export class GradientBoostedTrees {
  constructor(
    readonly featureNames: string[],
    readonly initScore: number,
    readonly trees: RegressionTree[],
    readonly params: BoosterParams,
  ) {}

  predictRaw(row: ArrayLike<number>): number {
    this.assertWidth(row);
    let score = this.initScore;
    for (const tree of this.trees) score += predictTree(tree, row);
    return score;
  }

  predictProbability(row: ArrayLike<number>): number {
    return sigmoid(this.predictRaw(row));
  }

  predictProbabilities(matrix: FeatureMatrix): Float64Array {
    const row = new Float64Array(matrix.columns.length);
    const probabilities = new Float64Array(matrix.rowCount);
    for (let rowIndex = 0; rowIndex < matrix.rowCount; rowIndex++) {
      for (let feature = 0; feature < row.length; feature++) row[feature] = matrix.columns[feature][rowIndex];
      probabilities[rowIndex] = this.predictProbability(row);
    }
    return probabilities;
  }

  explain(row: ArrayLike<number>): Explanation {
    this.assertWidth(row);
    const contributions = new Float64Array(this.featureNames.length);
    let baseValue = this.initScore;
    for (const tree of this.trees) baseValue += addTreeContributions(tree, row, contributions);
    let rawScore = baseValue;
    for (let feature = 0; feature < contributions.length; feature++) rawScore += contributions[feature];
    return { baseValue, contributions, rawScore };
  }

  /** Total split gain per feature: which inputs the model leans on overall. */
  gainImportance(): Float64Array {
    const importance = new Float64Array(this.featureNames.length);
    for (const tree of this.trees) {
      tree.splitFeature.forEach((feature, node) => {
        importance[feature] += tree.splitGain[node];
      });
    }
    return importance;
  }

  toJSON(): SerializedBooster {
    return {
      objective: 'binary-logistic',
      featureNames: this.featureNames,
      initScore: this.initScore,
      params: this.params,
      trees: this.trees,
    };
  }

  static fromJSON(json: SerializedBooster): GradientBoostedTrees {
    if (json.objective !== 'binary-logistic') throw new Error(`unsupported objective ${String(json.objective)}`);
    return new GradientBoostedTrees(json.featureNames, json.initScore, json.trees, json.params);
  }

  private assertWidth(row: ArrayLike<number>): void {
    if (row.length !== this.featureNames.length) {
      throw new Error(`expected ${this.featureNames.length} feature values, got ${row.length}`);
    }
  }
}

export function trainGradientBoostedTrees(
  matrix: FeatureMatrix,
  labels: ArrayLike<number>,
  overrides: Partial<BoosterParams> = {},
  onProgress?: (progress: TrainingProgress) => void,
  /** Per-row sample weights (default 1): a row of weight w counts as w rows in gradients, hessians and the base rate. */
  weights?: ArrayLike<number>,
): GradientBoostedTrees {
  const params: BoosterParams = { ...DEFAULT_BOOSTER_PARAMS, ...overrides };
  validateTrainingInput(matrix, labels, params, weights);
  const rowCount = matrix.rowCount;
  const featureCount = matrix.columns.length;
  const random = createSeededRandom(params.seed);
  const binned = binMatrix(matrix, params.maxBins);
  const grower = new TreeGrower(binned, params);

  const weightOf = (row: number): number => (weights ? weights[row] : 1);
  let positives = 0;
  let totalWeight = 0;
  for (let row = 0; row < rowCount; row++) {
    positives += labels[row] * weightOf(row);
    totalWeight += weightOf(row);
  }
  // Clamped so a one-class sample still gives a finite starting log-odds.
  const baseRate = Math.min(Math.max(positives / totalWeight, 1e-6), 1 - 1e-6);
  const initScore = Math.log(baseRate / (1 - baseRate));

  const scores = new Float64Array(rowCount).fill(initScore);
  const gradients = new Float64Array(rowCount);
  const hessians = new Float64Array(rowCount);
  const sampledRowCount = Math.max(1, Math.round(params.baggingFraction * rowCount));
  const sampledFeatureCount = Math.max(1, Math.round(params.featureFraction * featureCount));
  const trees: RegressionTree[] = [];
  const allRows = Uint32Array.from({ length: rowCount }, (_, row) => row);
  const sampledRowsBuffer = new Uint32Array(sampledRowCount);
  const allFeatures = Int32Array.from({ length: featureCount }, (_, feature) => feature);

  for (let iteration = 0; iteration < params.numIterations; iteration++) {
    let logLoss = 0;
    for (let row = 0; row < rowCount; row++) {
      const probability = sigmoid(scores[row]);
      const weight = weightOf(row);
      gradients[row] = (probability - labels[row]) * weight;
      hessians[row] = Math.max(probability * (1 - probability) * weight, 1e-16);
      const labelProbability = labels[row] === 1 ? probability : 1 - probability;
      logLoss -= Math.log(Math.max(labelProbability, 1e-15)) * weight;
    }
    onProgress?.({ iteration, trainLogLoss: logLoss / totalWeight });

    const sampledRows =
      sampledRowCount === rowCount
        ? allRows
        : sampleSortedIndices(rowCount, sampledRowCount, random, sampledRowsBuffer);
    const sampledFeatures =
      sampledFeatureCount === featureCount
        ? allFeatures
        : Int32Array.from(sampleSortedIndices(featureCount, sampledFeatureCount, random));
    const tree = grower.grow(gradients, hessians, sampledRows, sampledFeatures);
    trees.push(tree);
    for (let row = 0; row < rowCount; row++) scores[row] += predictBinnedRow(tree, binned, row);
  }
  return new GradientBoostedTrees([...matrix.featureNames], initScore, trees, params);
}

function validateTrainingInput(matrix: FeatureMatrix, labels: ArrayLike<number>, params: BoosterParams, weights?: ArrayLike<number>): void {
  if (matrix.rowCount === 0) throw new Error('cannot train on zero rows');
  if (labels.length !== matrix.rowCount) {
    throw new Error(`${labels.length} labels for ${matrix.rowCount} rows`);
  }
  if (weights) {
    if (weights.length !== matrix.rowCount) throw new Error(`${weights.length} weights for ${matrix.rowCount} rows`);
    for (let row = 0; row < weights.length; row++) {
      if (!(weights[row] > 0 && Number.isFinite(weights[row]))) throw new Error(`weight at row ${row} is ${weights[row]}, not a positive number`);
    }
  }
  for (let row = 0; row < labels.length; row++) {
    if (labels[row] !== 0 && labels[row] !== 1) throw new Error(`label at row ${row} is ${labels[row]}, not 0/1`);
  }
  matrix.columns.forEach((column, feature) => {
    // Infinite values cannot be written to JSON thresholds; features must map them to NaN.
    for (let row = 0; row < column.length; row++) {
      const value = column[row];
      if (value === Infinity || value === -Infinity) {
        throw new Error(`feature ${matrix.featureNames[feature]} is infinite at row ${row}`);
      }
    }
  });
  if (params.numLeaves < 2) throw new Error('numLeaves must be at least 2');
  if (!(params.learningRate > 0)) throw new Error('learningRate must be positive');
  for (const name of ['featureFraction', 'baggingFraction'] as const) {
    if (!(params[name] > 0 && params[name] <= 1)) throw new Error(`${name} must be in (0, 1]`);
  }
}
