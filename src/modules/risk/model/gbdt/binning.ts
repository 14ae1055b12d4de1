import type { FeatureMatrix } from './featureMatrix.js';

/**
 * Histogram binning. Bin 0 holds missing values (NaN); value bins start at 1. A value
 * falls in the first bin whose inclusive upper bound is ≥ the value; the last value bin
 * is open-ended. Training and prediction both go through `binOf`, so a split learned on
 * bins replays exactly on raw values.
 */
export const MISSING_BIN = 0;

export interface BinnedMatrix {
  rowCount: number;
  /** bins[feature][row]; at most 256 bins per feature. */
  bins: Uint8Array[];
  /** Bins per feature, including the missing bin. */
  binCounts: number[];
  /** Inclusive upper bounds of value bins 1..binCount-2 (the last value bin has none). */
  upperBounds: Float64Array[];
}

export const MAX_BINS_LIMIT = 256;

/**
 * Equal-frequency cut points over the distinct values. A column with few distinct values
 * gets one bin per value; a heavy single value (e.g. count 0) keeps a bin of its own.
 */
export function computeUpperBounds(column: Float64Array, maxValueBins: number): Float64Array {
  const present = new Float64Array(column.length);
  let presentCount = 0;
  for (let row = 0; row < column.length; row++) {
    if (!Number.isNaN(column[row])) present[presentCount++] = column[row];
  }
  if (presentCount === 0) return new Float64Array(0);
  const values = present.subarray(0, presentCount).sort();
  const distinct: number[] = [];
  const distinctCounts: number[] = [];
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (distinct.length > 0 && distinct[distinct.length - 1] === value) {
      distinctCounts[distinctCounts.length - 1] += 1;
    } else {
      distinct.push(value);
      distinctCounts.push(1);
    }
  }
  const bounds: number[] = [];
  if (distinct.length <= maxValueBins) {
    for (let index = 0; index + 1 < distinct.length; index++) {
      bounds.push(midpoint(distinct[index], distinct[index + 1]));
    }
    return Float64Array.from(bounds);
  }
  const perBin = values.length / maxValueBins;
  let cumulative = 0;
  for (let index = 0; index + 1 < distinct.length && bounds.length < maxValueBins - 1; index++) {
    cumulative += distinctCounts[index];
    if (cumulative >= (bounds.length + 1) * perBin) {
      bounds.push(midpoint(distinct[index], distinct[index + 1]));
    }
  }
  return Float64Array.from(bounds);
}

function midpoint(low: number, high: number): number {
  const middle = low / 2 + high / 2;
  // Adjacent doubles can round the midpoint up to `high`; keep `high` strictly above the bound.
  return middle < high ? middle : low;
}

export function binOf(value: number, upperBounds: Float64Array): number {
  if (Number.isNaN(value)) return MISSING_BIN;
  let low = 0;
  let high = upperBounds.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (value <= upperBounds[middle]) high = middle;
    else low = middle + 1;
  }
  return low + 1;
}

export function binMatrix(matrix: FeatureMatrix, maxBins: number): BinnedMatrix {
  if (maxBins < 3 || maxBins > MAX_BINS_LIMIT) {
    throw new Error(`maxBins must be within 3..${MAX_BINS_LIMIT}, got ${maxBins}`);
  }
  const upperBounds = matrix.columns.map((column) => computeUpperBounds(column, maxBins - 1));
  const bins = matrix.columns.map((column, feature) => {
    const featureBounds = upperBounds[feature];
    const featureBins = new Uint8Array(matrix.rowCount);
    for (let row = 0; row < matrix.rowCount; row++) featureBins[row] = binOf(column[row], featureBounds);
    return featureBins;
  });
  return {
    rowCount: matrix.rowCount,
    bins,
    binCounts: upperBounds.map((bounds) => bounds.length + 2),
    upperBounds,
  };
}
