import { MISSING_BIN, type BinnedMatrix } from './binning.js';
import type { RegressionTree } from './tree.js';

export interface TreeGrowthOptions {
  numLeaves: number;
  /** 0 = unlimited; leaf-wise growth is bounded by numLeaves anyway. */
  maxDepth: number;
  minDataInLeaf: number;
  minSumHessianInLeaf: number;
  lambdaL2: number;
  minGainToSplit: number;
  learningRate: number;
}

interface SplitChoice {
  gain: number;
  feature: number;
  thresholdBin: number;
  missingGoesLeft: boolean;
  leftGradient: number;
  leftHessian: number;
}

interface GrowingLeaf {
  /** Segment [start, end) of the grower's row-index buffer. */
  start: number;
  end: number;
  gradientSum: number;
  hessianSum: number;
  depth: number;
  histogram: Float64Array;
  split: SplitChoice | null;
  parentNode: number;
  isLeftChild: boolean;
}

/** Histogram cells hold (gradient sum, hessian sum, row count) per bin. */
const CELL = 3;

/**
 * Leaf-wise (best-first) histogram tree growth, as in LightGBM: the leaf with the largest
 * loss reduction is split next; only the smaller child's histogram is built from rows and
 * the larger one is the parent's minus it.
 */
export class TreeGrower {
  private readonly histogramOffsets: Int32Array;
  private readonly histogramLength: number;
  private readonly histogramPool: Float64Array[] = [];
  private readonly rowIndices: Uint32Array;
  private readonly partitionBuffer: Uint32Array;
  private readonly orderedGradients: Float64Array;
  private readonly orderedHessians: Float64Array;

  constructor(
    private readonly data: BinnedMatrix,
    private readonly options: TreeGrowthOptions,
  ) {
    this.histogramOffsets = new Int32Array(data.binCounts.length);
    let offset = 0;
    data.binCounts.forEach((binCount, feature) => {
      this.histogramOffsets[feature] = offset * CELL;
      offset += binCount;
    });
    this.histogramLength = offset * CELL;
    this.rowIndices = new Uint32Array(data.rowCount);
    this.partitionBuffer = new Uint32Array(data.rowCount);
    this.orderedGradients = new Float64Array(data.rowCount);
    this.orderedHessians = new Float64Array(data.rowCount);
  }

  grow(
    gradients: Float64Array,
    hessians: Float64Array,
    sampledRows: Uint32Array,
    features: Int32Array,
  ): RegressionTree {
    const tree: RegressionTree = {
      splitFeature: [],
      threshold: [],
      missingGoesLeft: [],
      thresholdBin: [],
      leftChild: [],
      rightChild: [],
      splitGain: [],
      internalValue: [],
      internalCount: [],
      leafValue: [],
      leafCount: [],
    };
    this.rowIndices.set(sampledRows);
    let gradientSum = 0;
    let hessianSum = 0;
    for (let index = 0; index < sampledRows.length; index++) {
      gradientSum += gradients[sampledRows[index]];
      hessianSum += hessians[sampledRows[index]];
    }
    const root: GrowingLeaf = {
      start: 0,
      end: sampledRows.length,
      gradientSum,
      hessianSum,
      depth: 0,
      histogram: this.takeHistogram(),
      split: null,
      parentNode: -1,
      isLeftChild: false,
    };
    this.buildHistogram(root, gradients, hessians, features);
    root.split = this.findBestSplit(root, features);
    const leaves: GrowingLeaf[] = [root];

    while (leaves.length < this.options.numLeaves) {
      const leafIndex = this.pickLeafToSplit(leaves);
      if (leafIndex < 0) break;
      this.splitLeaf(tree, leaves, leafIndex, gradients, hessians, features);
    }

    for (const leaf of leaves) {
      tree.leafValue.push(this.leafOutput(leaf.gradientSum, leaf.hessianSum));
      tree.leafCount.push(leaf.end - leaf.start);
      this.histogramPool.push(leaf.histogram);
    }
    return tree;
  }

  private pickLeafToSplit(leaves: GrowingLeaf[]): number {
    let bestIndex = -1;
    let bestGain = -Infinity;
    leaves.forEach((leaf, index) => {
      if (leaf.split && leaf.split.gain > bestGain) {
        bestGain = leaf.split.gain;
        bestIndex = index;
      }
    });
    return bestIndex;
  }

  private splitLeaf(
    tree: RegressionTree,
    leaves: GrowingLeaf[],
    leafIndex: number,
    gradients: Float64Array,
    hessians: Float64Array,
    features: Int32Array,
  ): void {
    const parent = leaves[leafIndex];
    const split = parent.split;
    if (!split) throw new Error('splitLeaf called on a leaf without a split');
    const node = tree.splitFeature.length;
    tree.splitFeature.push(split.feature);
    tree.thresholdBin.push(split.thresholdBin);
    tree.threshold.push(this.data.upperBounds[split.feature][split.thresholdBin - 1]);
    tree.missingGoesLeft.push(split.missingGoesLeft);
    tree.splitGain.push(split.gain);
    tree.internalValue.push(this.leafOutput(parent.gradientSum, parent.hessianSum));
    tree.internalCount.push(parent.end - parent.start);
    const rightLeafIndex = leaves.length;
    tree.leftChild.push(~leafIndex);
    tree.rightChild.push(~rightLeafIndex);
    if (parent.parentNode >= 0) {
      if (parent.isLeftChild) tree.leftChild[parent.parentNode] = node;
      else tree.rightChild[parent.parentNode] = node;
    }

    const middle = this.partitionRows(parent.start, parent.end, split);
    const left: GrowingLeaf = {
      start: parent.start,
      end: middle,
      gradientSum: split.leftGradient,
      hessianSum: split.leftHessian,
      depth: parent.depth + 1,
      histogram: parent.histogram,
      split: null,
      parentNode: node,
      isLeftChild: true,
    };
    const right: GrowingLeaf = {
      start: middle,
      end: parent.end,
      gradientSum: parent.gradientSum - split.leftGradient,
      hessianSum: parent.hessianSum - split.leftHessian,
      depth: parent.depth + 1,
      histogram: parent.histogram,
      split: null,
      parentNode: node,
      isLeftChild: false,
    };
    const leftIsSmaller = left.end - left.start <= right.end - right.start;
    const smaller = leftIsSmaller ? left : right;
    const larger = leftIsSmaller ? right : left;
    smaller.histogram = this.takeHistogram();
    this.buildHistogram(smaller, gradients, hessians, features);
    this.subtractHistogram(larger.histogram, smaller.histogram, features);

    left.split = this.findBestSplit(left, features);
    right.split = this.findBestSplit(right, features);
    leaves[leafIndex] = left;
    leaves.push(right);
  }

  /** Stable in-place partition of the segment: left rows first, then right rows. */
  private partitionRows(start: number, end: number, split: SplitChoice): number {
    const rows = this.rowIndices;
    const featureBins = this.data.bins[split.feature];
    const buffer = this.partitionBuffer;
    let write = start;
    let deferred = 0;
    for (let index = start; index < end; index++) {
      const row = rows[index];
      const bin = featureBins[row];
      const goLeft = bin === MISSING_BIN ? split.missingGoesLeft : bin <= split.thresholdBin;
      if (goLeft) rows[write++] = row;
      else buffer[deferred++] = row;
    }
    rows.set(buffer.subarray(0, deferred), write);
    return write;
  }

  private buildHistogram(
    leaf: GrowingLeaf,
    gradients: Float64Array,
    hessians: Float64Array,
    features: Int32Array,
  ): void {
    const histogram = leaf.histogram;
    histogram.fill(0);
    const rows = this.rowIndices;
    const orderedGradients = this.orderedGradients;
    const orderedHessians = this.orderedHessians;
    const size = leaf.end - leaf.start;
    // Gathering once keeps the per-feature loops on contiguous memory.
    for (let offset = 0; offset < size; offset++) {
      const row = rows[leaf.start + offset];
      orderedGradients[offset] = gradients[row];
      orderedHessians[offset] = hessians[row];
    }
    for (let featureIndex = 0; featureIndex < features.length; featureIndex++) {
      const feature = features[featureIndex];
      const featureBins = this.data.bins[feature];
      const base = this.histogramOffsets[feature];
      for (let offset = 0; offset < size; offset++) {
        const cell = base + featureBins[rows[leaf.start + offset]] * CELL;
        histogram[cell] += orderedGradients[offset];
        histogram[cell + 1] += orderedHessians[offset];
        histogram[cell + 2] += 1;
      }
    }
  }

  private subtractHistogram(target: Float64Array, subtrahend: Float64Array, features: Int32Array): void {
    for (let featureIndex = 0; featureIndex < features.length; featureIndex++) {
      const feature = features[featureIndex];
      const start = this.histogramOffsets[feature];
      const end = start + this.data.binCounts[feature] * CELL;
      for (let cell = start; cell < end; cell++) target[cell] -= subtrahend[cell];
    }
  }

  private findBestSplit(leaf: GrowingLeaf, features: Int32Array): SplitChoice | null {
    const { maxDepth, minDataInLeaf, minSumHessianInLeaf, lambdaL2, minGainToSplit } = this.options;
    const count = leaf.end - leaf.start;
    if (maxDepth > 0 && leaf.depth >= maxDepth) return null;
    if (count < 2 * minDataInLeaf) return null;
    const totalGradient = leaf.gradientSum;
    const totalHessian = leaf.hessianSum;
    const parentScore = (totalGradient * totalGradient) / (totalHessian + lambdaL2);
    const histogram = leaf.histogram;
    let best: SplitChoice | null = null;
    let bestGain = Math.max(minGainToSplit, 0);

    for (let featureIndex = 0; featureIndex < features.length; featureIndex++) {
      const feature = features[featureIndex];
      const binCount = this.data.binCounts[feature];
      if (binCount < 3) continue;
      const base = this.histogramOffsets[feature];
      const missingGradient = histogram[base];
      const missingHessian = histogram[base + 1];
      const missingCount = histogram[base + 2];
      let leftGradient = 0;
      let leftHessian = 0;
      let leftCount = 0;
      for (let bin = 1; bin <= binCount - 2; bin++) {
        const cell = base + bin * CELL;
        leftGradient += histogram[cell];
        leftHessian += histogram[cell + 1];
        leftCount += histogram[cell + 2];
        // Missing values go right here; the mirrored case is tried below when there are any.
        for (let withMissing = 0; withMissing < (missingCount > 0 ? 2 : 1); withMissing++) {
          const candidateGradient = withMissing ? leftGradient + missingGradient : leftGradient;
          const candidateHessian = withMissing ? leftHessian + missingHessian : leftHessian;
          const candidateCount = withMissing ? leftCount + missingCount : leftCount;
          const rightCount = count - candidateCount;
          const rightHessian = totalHessian - candidateHessian;
          if (candidateCount < minDataInLeaf || rightCount < minDataInLeaf) continue;
          if (candidateHessian < minSumHessianInLeaf || rightHessian < minSumHessianInLeaf) continue;
          const rightGradient = totalGradient - candidateGradient;
          const gain =
            (candidateGradient * candidateGradient) / (candidateHessian + lambdaL2) +
            (rightGradient * rightGradient) / (rightHessian + lambdaL2) -
            parentScore;
          if (gain > bestGain) {
            bestGain = gain;
            best = {
              gain,
              feature,
              thresholdBin: bin,
              missingGoesLeft: withMissing === 1,
              leftGradient: candidateGradient,
              leftHessian: candidateHessian,
            };
          }
        }
      }
    }
    return best;
  }

  private leafOutput(gradientSum: number, hessianSum: number): number {
    return (-gradientSum / (hessianSum + this.options.lambdaL2)) * this.options.learningRate;
  }

  private takeHistogram(): Float64Array {
    return this.histogramPool.pop() ?? new Float64Array(this.histogramLength);
  }
}

/** Replays a tree on binned training rows (same decisions as the raw thresholds). */
export function predictBinnedRow(tree: RegressionTree, data: BinnedMatrix, row: number): number {
  if (tree.splitFeature.length === 0) return tree.leafValue[0];
  let node = 0;
  for (;;) {
    const bin = data.bins[tree.splitFeature[node]][row];
    const goLeft = bin === MISSING_BIN ? tree.missingGoesLeft[node] : bin <= tree.thresholdBin[node];
    const child = goLeft ? tree.leftChild[node] : tree.rightChild[node];
    if (child < 0) return tree.leafValue[~child];
    node = child;
  }
}
