import { describe, expect, it } from 'vitest';
import { MAX_EXAMPLE_WEIGHT, exampleWeight, inspectionPropensity } from './risk-models.js';

const details = (rate: number, share = 0, safetyFloor = false) => ({
  randomSelection: { rate, draw: 0.5, selected: false },
  exploration: { share, draw: 0.5, selected: false },
  safetyFloor: { applied: safetyFloor, failures: [] },
});

describe('inspection propensity (selection-bias weights)', () => {
  it('is certain for lots a rule always inspects, the safety floor, or a score lane that inspects', () => {
    expect(inspectionPropensity({ firedRules: [{ lane: 'INSPECT_BEFORE_RELEASE', share: 1 }], details: details(0.05), score: null })).toBe(1);
    expect(inspectionPropensity({ firedRules: [], details: details(0, 0, true), score: null })).toBe(1);
    expect(inspectionPropensity({ firedRules: [], details: details(0.05), score: { lane: 'RELEASE_THEN_INSPECT' } })).toBe(1);
  });

  it('combines the random rate, exploration and inspecting rules with partial shares; other lanes do not count', () => {
    const p = inspectionPropensity({
      firedRules: [{ lane: 'RELEASE_THEN_INSPECT', share: 0.5 }, { lane: 'DOCUMENT_CHECK', share: 1 }, { lane: null, share: 1 }],
      details: details(0.05, 0.01),
      score: { lane: null },
    });
    expect(p).toBeCloseTo(1 - 0.95 * 0.99 * 0.5, 12);
  });

  it('weights a randomly selected lot by the inverse of its chance, capped; a lot inspected for no recorded draw counts once', () => {
    expect(exampleWeight({ firedRules: [], details: details(0.2), score: null })).toBeCloseTo(5, 12);
    expect(exampleWeight({ firedRules: [], details: details(0.01), score: null })).toBe(MAX_EXAMPLE_WEIGHT);
    expect(exampleWeight({ firedRules: [], details: null, score: null })).toBe(1);
  });
});
