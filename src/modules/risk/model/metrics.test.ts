import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareDeclarationIds,
  evaluateRanking,
  precisionRecallAtRates,
  rankForInspection,
  rocAuc,
} from './metrics.js';

describe('rankForInspection', () => {
  it('orders by score descending and breaks ties by declaration ID ascending', () => {
    const ids = ['30', '10', '20', '5'];
    const scores = [0.5, 0.5, 0.9, 0.5];
    expect(rankForInspection(ids, scores).map((index) => ids[index])).toEqual(['20', '5', '10', '30']);
  });

  it('compares all-digit IDs numerically and others by code unit', () => {
    expect(compareDeclarationIds('9', '10')).toBeLessThan(0);
    expect(compareDeclarationIds('0010', '9')).toBeGreaterThan(0);
    expect(compareDeclarationIds('B1', 'A2')).toBeGreaterThan(0);
    expect(compareDeclarationIds('42', '42')).toBe(0);
  });
});

describe('precisionRecallAtRates', () => {
  it('counts hits in the top floor(rate × rows) with ties resolved by ID', () => {
    // 10 rows, 3 frauds. Four rows tie at 0.8: IDs 3, 4 (fraud), 7, 9.
    const ids = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'];
    const scores = [0.9, 0.1, 0.8, 0.8, 0.2, 0.3, 0.8, 0.4, 0.8, 0.05];
    const labels = [1, 0, 0, 1, 0, 0, 0, 0, 0, 1];
    const [atTenth, atThird, atHalf] = precisionRecallAtRates({ ids, scores, labels }, [0.1, 0.3, 0.5]);
    // Order: 1, 3, 4, 7, 9, 8, 6, 5, 2, 10.
    expect(atTenth).toEqual({ rate: 0.1, inspected: 1, frauds: 1, precision: 1, recall: 1 / 3 });
    expect(atThird).toEqual({ rate: 0.3, inspected: 3, frauds: 2, precision: 2 / 3, recall: 2 / 3 });
    expect(atHalf).toEqual({ rate: 0.5, inspected: 5, frauds: 2, precision: 2 / 5, recall: 2 / 3 });
  });

  it('reports null precision when nothing is inspected and null recall without frauds', () => {
    const [result] = precisionRecallAtRates({ ids: ['1', '2'], scores: [1, 0], labels: [0, 0] }, [0.4]);
    expect(result).toEqual({ rate: 0.4, inspected: 0, frauds: 0, precision: null, recall: null });
  });
});

describe('rocAuc', () => {
  it('is 1 for a perfect ranking and 0 for a reversed one', () => {
    expect(rocAuc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
    expect(rocAuc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1])).toBe(0);
  });

  it('counts tied positive/negative pairs as one half', () => {
    // Pairs (pos, neg): (0.5,0.5)=½, (0.5,0.1)=1, (0.9,0.5)=1, (0.9,0.1)=1 → 3.5 / 4.
    expect(rocAuc([0.5, 0.9, 0.5, 0.1], [1, 1, 0, 0])).toBe(0.875);
    expect(rocAuc([0.3, 0.3, 0.3], [1, 0, 0])).toBe(0.5);
  });

  it('is null with a single class', () => {
    expect(rocAuc([0.1, 0.2], [1, 1])).toBeNull();
    expect(rocAuc([], [])).toBeNull();
  });

  it('matches the pairwise definition on random inputs', () => {
    const sample = fc
      .array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.constantFrom(0, 1)), { minLength: 2, maxLength: 40 })
      .filter((rows) => rows.some(([, label]) => label === 1) && rows.some(([, label]) => label === 0));
    fc.assert(
      fc.property(sample, (rows) => {
        const scores = rows.map(([score]) => score);
        const labels = rows.map(([, label]) => label);
        let wins = 0;
        let pairs = 0;
        for (const [positiveScore, positiveLabel] of rows) {
          if (positiveLabel !== 1) continue;
          for (const [negativeScore, negativeLabel] of rows) {
            if (negativeLabel !== 0) continue;
            pairs += 1;
            wins += positiveScore > negativeScore ? 1 : positiveScore === negativeScore ? 0.5 : 0;
          }
        }
        expect(rocAuc(scores, labels)).toBeCloseTo(wins / pairs, 12);
      }),
    );
  });
});

describe('evaluateRanking', () => {
  it('bundles counts, AUC and the per-rate results', () => {
    const input = { ids: ['1', '2', '3', '4'], scores: [0.9, 0.1, 0.8, 0.2], labels: [1, 0, 1, 0] };
    const evaluation = evaluateRanking(input, [0.5]);
    expect(evaluation).toEqual({
      rows: 4,
      positives: 2,
      positiveRate: 0.5,
      auc: 1,
      atRates: [{ rate: 0.5, inspected: 2, frauds: 2, precision: 1, recall: 1 }],
    });
  });

  it('rejects misaligned inputs', () => {
    expect(() => evaluateRanking({ ids: ['1'], scores: [0.1, 0.2], labels: [1] })).toThrow(/align/);
  });
});
