import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LANES } from './lane-decider.js';
import { addToTally, backtestResult, emptyTally, percentile, tallyOf, valueStats, type ReplayedDecision } from './backtest-metrics.js';

const replayed = fc.record<ReplayedDecision>({
  lane: fc.constantFrom(...LANES),
  storedLane: fc.constantFrom(...LANES),
  outcome: fc.constantFrom('PASSED' as const, 'FAILED' as const, null),
});

describe('backtest metrics', () => {
  it('counts lanes, findings caught and released unchecked, precision and lane changes', () => {
    const decisions: ReplayedDecision[] = [
      { lane: 'INSPECT_BEFORE_RELEASE', storedLane: 'INSPECT_BEFORE_RELEASE', outcome: 'FAILED' },
      { lane: 'RELEASE_THEN_INSPECT', storedLane: 'RELEASE', outcome: 'PASSED' },
      { lane: 'INSPECT_BEFORE_RELEASE', storedLane: 'INSPECT_BEFORE_RELEASE', outcome: null },
      { lane: 'DOCUMENT_CHECK', storedLane: 'INSPECT_BEFORE_RELEASE', outcome: 'FAILED' },
      { lane: 'RELEASE', storedLane: 'RELEASE', outcome: null },
    ];
    expect(backtestResult(7, tallyOf(decisions))).toEqual({
      ruleSetVersion: 7,
      declarations: 5,
      lanes: [
        { lane: 'RELEASE', count: 1, rate: 0.2 },
        { lane: 'RELEASE_THEN_INSPECT', count: 1, rate: 0.2 },
        { lane: 'DOCUMENT_CHECK', count: 1, rate: 0.2 },
        { lane: 'INSPECT_BEFORE_RELEASE', count: 2, rate: 0.4 },
      ],
      inspectionRate: 0.6,
      knownFindings: 2,
      findingsCaught: 1,
      findingsReleasedUnchecked: 1,
      // Selected with a known outcome: the FAILED and the PASSED one; the unchecked selection does not count.
      precisionAtInspectionRate: 0.5,
      laneChangesVsStored: 2,
    });
  });

  it('has no precision and zero rates over no declarations', () => {
    const result = backtestResult(1, emptyTally());
    expect(result.precisionAtInspectionRate).toBeNull();
    expect(result.inspectionRate).toBe(0);
    expect(result.lanes.map((l) => l.rate)).toEqual([0, 0, 0, 0]);
  });

  it('keeps its invariants over any decisions', () => {
    fc.assert(
      fc.property(fc.array(replayed, { maxLength: 200 }), (decisions) => {
        const result = backtestResult(1, tallyOf(decisions));
        expect(result.declarations).toBe(decisions.length);
        expect(result.findingsCaught + result.findingsReleasedUnchecked).toBe(result.knownFindings);
        expect(result.findingsReleasedUnchecked).toBeGreaterThanOrEqual(0);
        expect(result.lanes.reduce((sum, lane) => sum + lane.count, 0)).toBe(decisions.length);
        if (decisions.length > 0) expect(result.lanes.reduce((sum, lane) => sum + lane.rate, 0)).toBeCloseTo(1, 12);
        expect(result.laneChangesVsStored).toBeLessThanOrEqual(decisions.length);
        if (result.precisionAtInspectionRate !== null) {
          expect(result.precisionAtInspectionRate).toBeGreaterThanOrEqual(0);
          expect(result.precisionAtInspectionRate).toBeLessThanOrEqual(1);
        }
      }),
    );
  });

  it('does not depend on the order or the chunking of the decisions', () => {
    fc.assert(
      fc.property(fc.array(replayed, { maxLength: 60 }), fc.nat(60), (decisions, cut) => {
        const whole = tallyOf(decisions);
        let resumed = JSON.parse(JSON.stringify(tallyOf(decisions.slice(0, cut)))) as ReturnType<typeof emptyTally>;
        for (const decision of decisions.slice(cut)) resumed = addToTally(resumed, decision);
        expect(resumed).toEqual(whole);
        expect(tallyOf([...decisions].reverse())).toEqual(whole);
      }),
    );
  });

  it('leaves the tally it is given unchanged', () => {
    const before = emptyTally();
    addToTally(before, { lane: 'RELEASE', storedLane: 'DOCUMENT_CHECK', outcome: 'FAILED' });
    expect(before).toEqual(emptyTally());
  });
});

describe('percentiles and value statistics', () => {
  it('interpolates between closest ranks like percentile_cont', () => {
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentile([10, 20, 30, 40, 50], 0.1)).toBe(14);
    expect(percentile([10, 20, 30, 40, 50], 0.9)).toBe(46);
    expect(percentile([7], 0.9)).toBe(7);
    expect(() => percentile([], 0.5)).toThrow(RangeError);
    expect(() => percentile([1], 1.5)).toThrow(RangeError);
  });

  it('summarises values, and nothing as null', () => {
    expect(valueStats([])).toBeNull();
    expect(valueStats([900, 700, 800, 1000, 600])).toEqual({ count: 5, min: 600, p10: 640, median: 800, p90: 960, max: 1000, mean: 800 });
  });

  it('orders min ≤ p10 ≤ median ≤ p90 ≤ max with the mean between min and max', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 100 }), (values) => {
        const stats = valueStats(values)!;
        expect(stats.count).toBe(values.length);
        expect(stats.min).toBeLessThanOrEqual(stats.p10);
        expect(stats.p10).toBeLessThanOrEqual(stats.median);
        expect(stats.median).toBeLessThanOrEqual(stats.p90);
        expect(stats.p90).toBeLessThanOrEqual(stats.max);
        expect(stats.mean).toBeGreaterThanOrEqual(stats.min * (1 - 1e-12));
        expect(stats.mean).toBeLessThanOrEqual(stats.max * (1 + 1e-12));
      }),
    );
  });
});
