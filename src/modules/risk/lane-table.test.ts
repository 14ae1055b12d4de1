import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decideByLaneTable } from './lane-table.js';
import { reproducibleDraw } from './lane-decider.js';

const base = {
  declarationId: '00000000-0000-4000-8000-000000000001',
  importerId: 'imp',
  declarantId: 'dec',
  importerCreditClass: 'GENERAL',
  categoryCodes: ['IRON_ORE_FINES'],
};

describe('decideByLaneTable', () => {
  it('inspects a watch-listed enterprise whatever the draw', () => {
    const decision = decideByLaneTable(base, { ratesByCategory: new Map([['IRON_ORE_FINES', '0']]), watchListReasons: ['mis-declared grade in March'] });
    expect(decision.lane).toBe('INSPECT_BEFORE_RELEASE');
    expect(decision.reasons).toEqual([{ code: 'WATCH_LIST', params: { reason: 'mis-declared grade in March' } }]);
  });

  it('fails safe when a category has no configured rate', () => {
    const decision = decideByLaneTable(base, { ratesByCategory: new Map(), watchListReasons: [] });
    expect(decision.lane).toBe('INSPECT_BEFORE_RELEASE');
    expect(decision.reasons[0]!.code).toBe('NO_RATE_CONFIGURED');
  });

  it('rate 0 always releases and rate 1 always inspects', () => {
    fc.assert(
      fc.property(fc.uuid(), (declarationId) => {
        const input = { ...base, declarationId };
        expect(decideByLaneTable(input, { ratesByCategory: new Map([['IRON_ORE_FINES', '0']]), watchListReasons: [] }).lane).toBe('RELEASE');
        expect(decideByLaneTable(input, { ratesByCategory: new Map([['IRON_ORE_FINES', '1']]), watchListReasons: [] }).lane).toBe('INSPECT_BEFORE_RELEASE');
      }),
    );
  });

  it('uses the highest rate among the declaration’s categories', () => {
    const decision = decideByLaneTable(
      { ...base, categoryCodes: ['IRON_ORE_FINES', 'ROASTED_PYRITES'] },
      { ratesByCategory: new Map([['IRON_ORE_FINES', '0.05'], ['ROASTED_PYRITES', '0.2']]), watchListReasons: [] },
    );
    expect(decision.reasons[0]!.params).toMatchObject({ rate: '0.2', category: 'ROASTED_PYRITES' });
  });

  it('replays exactly: the same declaration gets the same draw and lane', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.double({ min: 0, max: 1, noNaN: true }), (declarationId, rate) => {
        const facts = { ratesByCategory: new Map([['IRON_ORE_FINES', rate.toFixed(4)]]), watchListReasons: [] };
        expect(decideByLaneTable({ ...base, declarationId }, facts)).toEqual(decideByLaneTable({ ...base, declarationId }, facts));
      }),
    );
  });

  it('selects close to the configured rate over many declarations', () => {
    const facts = { ratesByCategory: new Map([['IRON_ORE_FINES', '0.05']]), watchListReasons: [] };
    let inspected = 0;
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      if (decideByLaneTable({ ...base, declarationId: `decl-${i}` }, facts).lane === 'INSPECT_BEFORE_RELEASE') inspected++;
    }
    // 5 % ± 4 standard errors (σ ≈ 0.154 % at n = 20 000)
    expect(inspected / n).toBeGreaterThan(0.05 - 0.0062);
    expect(inspected / n).toBeLessThan(0.05 + 0.0062);
  });

  it('draws lie in [0, 1)', () => {
    fc.assert(fc.property(fc.string(), (seed) => {
      const draw = reproducibleDraw(seed);
      return draw >= 0 && draw < 1;
    }));
  });
});
