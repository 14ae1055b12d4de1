import { describe, expect, it } from 'vitest';
import type { CustomsDeclaration } from './declaration.js';
import { CustomsFeatureEncoder, type SerializedFeatureEncoder } from './featureEncoder.js';
import { massPriceKey } from './featureSpecs.js';
import { syntheticDeclarations } from './syntheticDeclarations.fixture.js';

const pairRate = 'mass_price_pair.fraud_rate';
const pairCount = 'mass_price_pair.history_count';

function column(matrix: { featureNames: string[]; columns: Float64Array[] }, name: string): Float64Array {
  return matrix.columns[matrix.featureNames.indexOf(name)];
}

describe('CustomsFeatureEncoder', () => {
  const { declarations, labels } = syntheticDeclarations(600);

  it('encodes training rows out of fold: a one-off pair has no history of its own', () => {
    const { trainingMatrix } = CustomsFeatureEncoder.fit(declarations, labels, { folds: 5, seed: 1 });
    const occurrences = new Map<string, number>();
    for (const declaration of declarations) {
      occurrences.set(massPriceKey(declaration), (occurrences.get(massPriceKey(declaration)) ?? 0) + 1);
    }
    const counts = column(trainingMatrix, pairCount);
    declarations.forEach((declaration, row) => {
      const others = (occurrences.get(massPriceKey(declaration)) ?? 0) - 1;
      if (others === 0) expect(counts[row]).toBe(0);
      // Out-of-fold counts (scaled by folds/(folds-1)) never exceed the other rows' total.
      expect(counts[row]).toBeLessThanOrEqual((others * 5) / 4 + 1e-9);
    });
  });

  it('never lets a label leak into its own row', () => {
    // Flipping one row's label must not change that row's own out-of-fold features.
    const flipped = Uint8Array.from(labels);
    flipped[10] = 1 - flipped[10];
    const original = CustomsFeatureEncoder.fit(declarations, labels, { folds: 5, seed: 1 }).trainingMatrix;
    const changed = CustomsFeatureEncoder.fit(declarations, flipped, { folds: 5, seed: 1 }).trainingMatrix;
    original.featureNames.forEach((name, feature) => {
      if (name.endsWith('.fraud_rate')) {
        // The base rate moves with the flip, so compare with a tolerance far below one label's weight.
        expect(Math.abs(original.columns[feature][10] - changed.columns[feature][10])).toBeLessThan(0.01);
      }
    });
  });

  it('keeps identical pairs in one fold when grouped, so duplicates are not history', () => {
    const { trainingMatrix } = CustomsFeatureEncoder.fit(declarations, labels, {
      folds: 5,
      seed: 1,
      groupKey: massPriceKey,
    });
    expect(column(trainingMatrix, pairCount).every((count) => count === 0)).toBe(true);
  });

  it('looks new declarations up in the full training history', () => {
    const { encoder } = CustomsFeatureEncoder.fit(declarations, labels, { folds: 5, seed: 1 });
    const repeated = declarations.filter(
      (candidate) => declarations.filter((other) => massPriceKey(other) === massPriceKey(candidate)).length >= 3,
    )[0];
    expect(repeated).toBeDefined();
    const history = declarations
      .map((declaration, row) => ({ declaration, label: labels[row] }))
      .filter(({ declaration }) => massPriceKey(declaration) === massPriceKey(repeated));
    const frauds = history.filter(({ label }) => label === 1).length;
    const vector = encoder.encode(repeated);
    const names = encoder.featureNames;
    expect(vector[names.indexOf(pairCount)]).toBe(history.length);
    expect(vector[names.indexOf(pairRate)]).toBeCloseTo((frauds + encoder.baseRate) / (history.length + 1), 12);

    const unseen: CustomsDeclaration = { ...repeated, netMass: 123456.7, itemPrice: 1 };
    const unseenVector = encoder.encode(unseen);
    expect(unseenVector[names.indexOf(pairCount)]).toBe(0);
    expect(unseenVector[names.indexOf(pairRate)]).toBeCloseTo(encoder.baseRate, 12);
    expect(encoder.formatValue(names.indexOf(pairRate), unseenVector)).toMatch(/^no history/);
  });

  it('serialises its history tables and refuses another feature set', () => {
    const { encoder } = CustomsFeatureEncoder.fit(declarations, labels, { folds: 5, seed: 1 });
    const json = JSON.parse(JSON.stringify(encoder)) as SerializedFeatureEncoder;
    const restored = CustomsFeatureEncoder.fromJSON(json);
    for (const declaration of declarations.slice(0, 50)) {
      expect(Array.from(restored.encode(declaration))).toEqual(Array.from(encoder.encode(declaration)));
    }
    expect(() => CustomsFeatureEncoder.fromJSON({ ...json, featureSetVersion: 'other' })).toThrow(/feature set/);
  });

  it('keeps every feature finite or missing', () => {
    const { encoder } = CustomsFeatureEncoder.fit(declarations, labels, { folds: 5, seed: 1 });
    const odd: CustomsDeclaration = {
      ...declarations[0],
      netMass: 0,
      itemPrice: 0,
      taxRate: Number.NaN,
      hsCode: '',
      date: 'n/a',
    };
    for (const value of encoder.encode(odd)) expect(value === Infinity || value === -Infinity).toBe(false);
  });
});
