import { createFeatureMatrix, type FeatureMatrix } from '../gbdt/featureMatrix.js';
import { createSeededRandom, shuffledIndices } from '../random.js';
import type { CustomsDeclaration } from './declaration.js';
import {
  DIRECT_FEATURES,
  FEATURE_SET_VERSION,
  HISTORY_FEATURES,
  historyCountFeatureName,
  historyRateFeatureName,
  type HistoryFeatureSpec,
} from './featureSpecs.js';

export type FeatureKind = 'direct' | 'history-rate' | 'history-count';

export interface FeatureDescriptor {
  name: string;
  kind: FeatureKind;
  description: string;
  /** Used by the generalising model too (direct features and coarse-category histories). */
  generalises: boolean;
}

/** Training declarations sharing one key: how many, and how many of them were fraud. */
interface HistoryCounts {
  count: number;
  positives: number;
}

export interface SerializedHistoryTable {
  id: string;
  smoothing: number;
  /** [key, declarations, frauds] */
  entries: [string, number, number][];
}

export interface SerializedFeatureEncoder {
  featureSetVersion: string;
  baseRate: number;
  tables: SerializedHistoryTable[];
}

export interface EncoderFitOptions {
  /** Folds for out-of-fold history features on the training rows. */
  folds: number;
  seed: number;
  /**
   * Rows with the same group key share a fold. Grouping by the (Net Mass, Item Price)
   * pair keeps a row's identical duplicates out of its own history, which is what a
   * declaration with an unseen pair meets at scoring time.
   */
  groupKey?: (declaration: CustomsDeclaration) => string;
}

export interface FittedEncoder {
  encoder: CustomsFeatureEncoder;
  /** Training rows encoded out-of-fold: no row sees its own label through a history feature. */
  trainingMatrix: FeatureMatrix;
}

function describeFeatures(): FeatureDescriptor[] {
  const descriptors: FeatureDescriptor[] = DIRECT_FEATURES.map((spec) => ({
    name: spec.name,
    kind: 'direct',
    description: spec.description,
    generalises: true,
  }));
  for (const spec of HISTORY_FEATURES) {
    descriptors.push(
      {
        name: historyRateFeatureName(spec),
        kind: 'history-rate',
        description: `Fraud rate among earlier declarations with the same ${spec.subject}`,
        generalises: spec.granularity === 'coarse',
      },
      {
        name: historyCountFeatureName(spec),
        kind: 'history-count',
        description: `Earlier declarations with the same ${spec.subject}`,
        generalises: spec.granularity === 'coarse',
      },
    );
  }
  return descriptors;
}

function smoothedRate(counts: HistoryCounts, baseRate: number, smoothing: number): number {
  return (counts.positives + baseRate * smoothing) / (counts.count + smoothing);
}

const NO_HISTORY: HistoryCounts = { count: 0, positives: 0 };

/**
 * Turns declarations into the numeric feature vector. History tables hold every training
 * declaration; scoring a new declaration looks it up in all of them.
 */
export class CustomsFeatureEncoder {
  readonly descriptors: FeatureDescriptor[] = describeFeatures();
  readonly featureNames: string[] = this.descriptors.map((descriptor) => descriptor.name);

  private constructor(
    readonly baseRate: number,
    private readonly tables: Map<string, HistoryCounts>[],
  ) {}

  static fit(
    declarations: readonly CustomsDeclaration[],
    labels: ArrayLike<number>,
    options: EncoderFitOptions,
  ): FittedEncoder {
    const rowCount = declarations.length;
    if (labels.length !== rowCount) throw new Error(`${labels.length} labels for ${rowCount} declarations`);
    if (options.folds < 2) throw new Error('out-of-fold encoding needs at least 2 folds');
    let positives = 0;
    for (let row = 0; row < rowCount; row++) positives += labels[row];
    const baseRate = rowCount > 0 ? positives / rowCount : 0;

    const foldOfRow = assignFolds(declarations, options);

    const tables = HISTORY_FEATURES.map(() => new Map<string, HistoryCounts>());
    const encoder = new CustomsFeatureEncoder(baseRate, tables);
    const trainingMatrix = createFeatureMatrix(encoder.featureNames, rowCount);
    DIRECT_FEATURES.forEach((spec, column) => {
      const values = trainingMatrix.columns[column];
      declarations.forEach((declaration, row) => {
        values[row] = spec.compute(declaration);
      });
    });
    HISTORY_FEATURES.forEach((spec, specIndex) => {
      const firstColumn = DIRECT_FEATURES.length + specIndex * 2;
      fitHistoryOutOfFold(spec, declarations, labels, foldOfRow, options.folds, {
        table: tables[specIndex],
        baseRate,
        rateColumn: trainingMatrix.columns[firstColumn],
        countColumn: trainingMatrix.columns[firstColumn + 1],
      });
    });
    return { encoder, trainingMatrix };
  }

  encode(declaration: CustomsDeclaration, into?: Float64Array): Float64Array {
    const vector = into ?? new Float64Array(this.featureNames.length);
    DIRECT_FEATURES.forEach((spec, column) => {
      vector[column] = spec.compute(declaration);
    });
    HISTORY_FEATURES.forEach((spec, specIndex) => {
      const counts = this.tables[specIndex].get(spec.key(declaration)) ?? NO_HISTORY;
      const column = DIRECT_FEATURES.length + specIndex * 2;
      vector[column] = smoothedRate(counts, this.baseRate, spec.smoothing);
      vector[column + 1] = counts.count;
    });
    return vector;
  }

  encodeAll(declarations: readonly CustomsDeclaration[]): FeatureMatrix {
    const matrix = createFeatureMatrix(this.featureNames, declarations.length);
    const vector = new Float64Array(this.featureNames.length);
    declarations.forEach((declaration, row) => {
      this.encode(declaration, vector);
      for (let column = 0; column < vector.length; column++) matrix.columns[column][row] = vector[column];
    });
    return matrix;
  }

  /**
   * Human form of one feature of an encoded vector, for explanations. A history rate is
   * shown with the number of declarations behind it (the count sits in the next column).
   */
  formatValue(featureIndex: number, features: ArrayLike<number>): string {
    const value = features[featureIndex];
    if (Number.isNaN(value)) return 'missing';
    if (featureIndex < DIRECT_FEATURES.length) {
      const spec = DIRECT_FEATURES[featureIndex];
      return spec.formatValue ? spec.formatValue(value) : String(value);
    }
    const isRate = (featureIndex - DIRECT_FEATURES.length) % 2 === 0;
    if (!isRate) return String(Math.round(value));
    const count = Math.round(features[featureIndex + 1]);
    return count === 0
      ? `no history (base rate ${(value * 100).toFixed(1)} %)`
      : `${(value * 100).toFixed(1)} % over ${count} declaration${count === 1 ? '' : 's'} (smoothed)`;
  }

  toJSON(): SerializedFeatureEncoder {
    return {
      featureSetVersion: FEATURE_SET_VERSION,
      baseRate: this.baseRate,
      tables: HISTORY_FEATURES.map((spec, specIndex) => ({
        id: spec.id,
        smoothing: spec.smoothing,
        entries: Array.from(this.tables[specIndex], ([key, counts]): [string, number, number] => [
          key,
          counts.count,
          counts.positives,
        ]),
      })),
    };
  }

  static fromJSON(json: SerializedFeatureEncoder): CustomsFeatureEncoder {
    if (json.featureSetVersion !== FEATURE_SET_VERSION) {
      throw new Error(
        `model was built with feature set ${json.featureSetVersion}; this code computes ${FEATURE_SET_VERSION}`,
      );
    }
    const tables = HISTORY_FEATURES.map((spec) => {
      const table = json.tables.find((candidate) => candidate.id === spec.id);
      if (!table) throw new Error(`model file lacks the history table "${spec.id}"`);
      if (table.smoothing !== spec.smoothing) {
        throw new Error(`history table "${spec.id}" was smoothed with ${table.smoothing}, code uses ${spec.smoothing}`);
      }
      return new Map(table.entries.map(([key, count, positives]) => [key, { count, positives }]));
    });
    return new CustomsFeatureEncoder(json.baseRate, tables);
  }
}

function assignFolds(declarations: readonly CustomsDeclaration[], options: EncoderFitOptions): Uint8Array {
  const random = createSeededRandom(options.seed);
  const foldOfRow = new Uint8Array(declarations.length);
  const { groupKey } = options;
  if (!groupKey) {
    shuffledIndices(declarations.length, random).forEach((row, position) => {
      foldOfRow[row] = position % options.folds;
    });
    return foldOfRow;
  }
  const groupOfRow = new Int32Array(declarations.length);
  const groupIndex = new Map<string, number>();
  declarations.forEach((declaration, row) => {
    const key = groupKey(declaration);
    let group = groupIndex.get(key);
    if (group === undefined) {
      group = groupIndex.size;
      groupIndex.set(key, group);
    }
    groupOfRow[row] = group;
  });
  const foldOfGroup = new Uint8Array(groupIndex.size);
  shuffledIndices(groupIndex.size, random).forEach((group, position) => {
    foldOfGroup[group] = position % options.folds;
  });
  groupOfRow.forEach((group, row) => {
    foldOfRow[row] = foldOfGroup[group];
  });
  return foldOfRow;
}

interface HistoryTargets {
  table: Map<string, HistoryCounts>;
  baseRate: number;
  rateColumn: Float64Array;
  countColumn: Float64Array;
}

/**
 * Fills the full history table and, for each training row, the history seen from the
 * other folds only. Counts are scaled by folds/(folds-1) so training rows see the same
 * count scale as declarations scored against the full table.
 */
function fitHistoryOutOfFold(
  spec: HistoryFeatureSpec,
  declarations: readonly CustomsDeclaration[],
  labels: ArrayLike<number>,
  foldOfRow: Uint8Array,
  folds: number,
  targets: HistoryTargets,
): void {
  const slotOfKey = new Map<string, number>();
  const slotOfRow = new Int32Array(declarations.length);
  const keys: string[] = [];
  declarations.forEach((declaration, row) => {
    const key = spec.key(declaration);
    let slot = slotOfKey.get(key);
    if (slot === undefined) {
      slot = keys.length;
      slotOfKey.set(key, slot);
      keys.push(key);
    }
    slotOfRow[row] = slot;
  });
  const countByFold = new Int32Array(keys.length * folds);
  const positivesByFold = new Int32Array(keys.length * folds);
  const totalCount = new Int32Array(keys.length);
  const totalPositives = new Int32Array(keys.length);
  for (let row = 0; row < declarations.length; row++) {
    const cell = slotOfRow[row] * folds + foldOfRow[row];
    countByFold[cell] += 1;
    positivesByFold[cell] += labels[row];
    totalCount[slotOfRow[row]] += 1;
    totalPositives[slotOfRow[row]] += labels[row];
  }
  keys.forEach((key, slot) => {
    targets.table.set(key, { count: totalCount[slot], positives: totalPositives[slot] });
  });
  const countScale = folds / (folds - 1);
  for (let row = 0; row < declarations.length; row++) {
    const slot = slotOfRow[row];
    const cell = slot * folds + foldOfRow[row];
    const outOfFold: HistoryCounts = {
      count: totalCount[slot] - countByFold[cell],
      positives: totalPositives[slot] - positivesByFold[cell],
    };
    targets.rateColumn[row] = smoothedRate(outOfFold, targets.baseRate, spec.smoothing);
    targets.countColumn[row] = outOfFold.count * countScale;
  }
}
