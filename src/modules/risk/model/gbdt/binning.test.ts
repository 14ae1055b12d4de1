import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MISSING_BIN, binMatrix, binOf, computeUpperBounds } from './binning.js';

describe('computeUpperBounds', () => {
  it('gives one bin per distinct value when they fit', () => {
    const bounds = computeUpperBounds(Float64Array.from([3, 1, 2, 2, Number.NaN]), 10);
    expect(Array.from(bounds)).toEqual([1.5, 2.5]);
  });

  it('caps the number of value bins and keeps a heavy value in a bin of its own', () => {
    const column = Float64Array.from({ length: 1000 }, (_, index) => (index < 500 ? 0 : index));
    const bounds = computeUpperBounds(column, 8);
    expect(bounds.length).toBeLessThanOrEqual(7);
    expect(binOf(0, bounds)).not.toBe(binOf(501, bounds));
  });
});

describe('binOf', () => {
  it('puts NaN in the missing bin', () => {
    expect(binOf(Number.NaN, Float64Array.from([1, 2]))).toBe(MISSING_BIN);
  });

  it('agrees with raw thresholds: bin ≤ t exactly when value ≤ upperBounds[t - 1]', () => {
    const values = fc.array(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), {
      minLength: 1,
      maxLength: 200,
    });
    fc.assert(
      fc.property(values, fc.integer({ min: 2, max: 20 }), (raw, maxValueBins) => {
        const bounds = computeUpperBounds(Float64Array.from(raw), maxValueBins);
        expect(bounds.length).toBeLessThan(maxValueBins);
        for (const value of raw) {
          const bin = binOf(value, bounds);
          for (let threshold = 1; threshold <= bounds.length; threshold++) {
            expect(bin <= threshold).toBe(value <= bounds[threshold - 1]);
          }
        }
      }),
    );
  });
});

describe('binMatrix', () => {
  it('bins every column and counts the missing bin', () => {
    const binned = binMatrix(
      { featureNames: ['a'], columns: [Float64Array.from([5, Number.NaN, 7])], rowCount: 3 },
      255,
    );
    expect(Array.from(binned.bins[0])).toEqual([1, 0, 2]);
    expect(binned.binCounts).toEqual([3]);
    expect(() => binMatrix({ featureNames: [], columns: [], rowCount: 0 }, 300)).toThrow(/maxBins/);
  });
});
