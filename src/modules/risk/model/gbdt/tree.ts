/**
 * A fitted regression tree in flat arrays (the JSON form is the same shape).
 * Internal nodes are 0..n-1 with node 0 the root; a child reference < 0 is leaf ~ref.
 * A tree with a single leaf has no internal nodes.
 */
export interface RegressionTree {
  splitFeature: number[];
  /** Go left when value ≤ threshold. */
  threshold: number[];
  /** Go left when the value is missing (NaN). */
  missingGoesLeft: boolean[];
  /** Bin index of the threshold; used only to replay splits on binned training data. */
  thresholdBin: number[];
  leftChild: number[];
  rightChild: number[];
  /** Loss reduction of each split, kept for feature-importance reporting. */
  splitGain: number[];
  /** Output the node would have had as a leaf: the reference value for path attribution. */
  internalValue: number[];
  internalCount: number[];
  leafValue: number[];
  leafCount: number[];
}

export function leafIndexFor(tree: RegressionTree, row: ArrayLike<number>): number {
  if (tree.splitFeature.length === 0) return 0;
  let node = 0;
  for (;;) {
    const value = row[tree.splitFeature[node]];
    const goLeft = Number.isNaN(value) ? tree.missingGoesLeft[node] : value <= tree.threshold[node];
    const child = goLeft ? tree.leftChild[node] : tree.rightChild[node];
    if (child < 0) return ~child;
    node = child;
  }
}

export function predictTree(tree: RegressionTree, row: ArrayLike<number>): number {
  return tree.leafValue[leafIndexFor(tree, row)];
}

/**
 * Saabas path attribution: walking root → leaf, each split's change in node value is
 * credited to the split feature. The credits plus the root value equal the leaf value.
 */
export function addTreeContributions(
  tree: RegressionTree,
  row: ArrayLike<number>,
  contributions: Float64Array,
): number {
  if (tree.splitFeature.length === 0) return tree.leafValue[0];
  let node = 0;
  for (;;) {
    const feature = tree.splitFeature[node];
    const value = row[feature];
    const goLeft = Number.isNaN(value) ? tree.missingGoesLeft[node] : value <= tree.threshold[node];
    const child = goLeft ? tree.leftChild[node] : tree.rightChild[node];
    const childValue = child < 0 ? tree.leafValue[~child] : tree.internalValue[child];
    contributions[feature] += childValue - tree.internalValue[node];
    if (child < 0) return tree.internalValue[0];
    node = child;
  }
}
