import { describe, expect, it } from 'vitest';
import { rocAuc } from '../metrics.js';
import { createSeededRandom } from '../random.js';
import { GradientBoostedTrees, trainGradientBoostedTrees, type SerializedBooster } from './booster.js';
import { createFeatureMatrix, matrixRow, type FeatureMatrix } from './featureMatrix.js';

/** y = 1 when x0 > 0.6 and x1 < 0.3, or when x2 is missing; x3 is noise. */
function syntheticRule(rowCount: number, seed: number): { matrix: FeatureMatrix; labels: Uint8Array } {
  const random = createSeededRandom(seed);
  const matrix = createFeatureMatrix(['x0', 'x1', 'x2', 'noise'], rowCount);
  const labels = new Uint8Array(rowCount);
  for (let row = 0; row < rowCount; row++) {
    const x0 = random.next();
    const x1 = random.next();
    const x2 = random.next() < 0.15 ? Number.NaN : random.next();
    matrix.columns[0][row] = x0;
    matrix.columns[1][row] = x1;
    matrix.columns[2][row] = x2;
    matrix.columns[3][row] = random.next();
    labels[row] = (x0 > 0.6 && x1 < 0.3) || Number.isNaN(x2) ? 1 : 0;
  }
  return { matrix, labels };
}

const FAST = { numIterations: 60, learningRate: 0.2, numLeaves: 8, minDataInLeaf: 10 };

describe('trainGradientBoostedTrees', () => {
  const train = syntheticRule(3000, 1);
  const test = syntheticRule(1000, 2);
  const model = trainGradientBoostedTrees(train.matrix, train.labels, FAST);

  it('learns a rule with an interaction and a missing-value branch', () => {
    const probabilities = model.predictProbabilities(test.matrix);
    expect(rocAuc(probabilities, test.labels)).toBeGreaterThan(0.99);
    let errors = 0;
    probabilities.forEach((probability, row) => {
      if ((probability > 0.5 ? 1 : 0) !== test.labels[row]) errors += 1;
    });
    expect(errors / test.matrix.rowCount).toBeLessThan(0.02);
    // The noise feature should carry (almost) no gain.
    const importance = model.gainImportance();
    expect(importance[3]).toBeLessThan(0.02 * (importance[0] + importance[1] + importance[2]));
  });

  it('scores identically after a JSON round trip', () => {
    const restored = GradientBoostedTrees.fromJSON(JSON.parse(JSON.stringify(model)) as SerializedBooster);
    for (let row = 0; row < 200; row++) {
      const features = matrixRow(test.matrix, row);
      expect(restored.predictRaw(features)).toBe(model.predictRaw(features));
    }
  });

  it('is deterministic for a seed and depends on it', () => {
    const again = trainGradientBoostedTrees(train.matrix, train.labels, FAST);
    expect(JSON.stringify(again)).toBe(JSON.stringify(model));
    const reseeded = trainGradientBoostedTrees(train.matrix, train.labels, { ...FAST, seed: 99 });
    expect(JSON.stringify(reseeded)).not.toBe(JSON.stringify(model));
  });

  it('explains each prediction: contributions sum to raw score minus base value', () => {
    for (let row = 0; row < 50; row++) {
      const features = matrixRow(test.matrix, row);
      const explanation = model.explain(features);
      const total = explanation.contributions.reduce((sum, value) => sum + value, 0);
      expect(explanation.rawScore).toBeCloseTo(model.predictRaw(features), 10);
      expect(total).toBeCloseTo(explanation.rawScore - explanation.baseValue, 10);
    }
    // A row hitting the missing-value rule owes its high score mostly to x2.
    const missing = Float64Array.from([0.1, 0.9, Number.NaN, 0.5]);
    const contributions = model.explain(missing).contributions;
    expect(contributions[2]).toBeGreaterThan(Math.abs(contributions[0]) + Math.abs(contributions[3]));
  });

  it('rejects infinite features and non-binary labels', () => {
    const matrix = createFeatureMatrix(['a'], 2);
    matrix.columns[0][0] = Infinity;
    expect(() => trainGradientBoostedTrees(matrix, [0, 1], FAST)).toThrow(/infinite/);
    expect(() => trainGradientBoostedTrees(createFeatureMatrix(['a'], 2), [0, 2], FAST)).toThrow(/label/);
  });

  it('refuses rows of the wrong width', () => {
    expect(() => model.predictRaw([1, 2])).toThrow(/expected 4/);
  });
});
