import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { assessOnSiteCheck } from './on-site-check.js';

const thresholds = { doseRateThresholdUsvH: '0.5000', massTolerancePct: '5' };
const clean = { sealIntact: true, doseRateUsvH: '0.12', solidWasteSuspected: false, foreignMatterFound: false, weighedTonnes: '3010.000' };

describe('assessOnSiteCheck', () => {
  it('finds nothing on a clean lot and reports the mass deviation', () => {
    expect(assessOnSiteCheck(clean, thresholds, '3000.000')).toEqual({ findings: [], massDeviationPct: '0.333' });
  });

  it('flags a dose rate above the threshold but not one equal to it', () => {
    expect(assessOnSiteCheck({ ...clean, doseRateUsvH: '0.5001' }, thresholds, '3000').findings).toEqual(['RADIOACTIVITY_OVER_THRESHOLD']);
    expect(assessOnSiteCheck({ ...clean, doseRateUsvH: '0.5' }, thresholds, '3000').findings).toEqual([]);
  });

  it('flags every screening failure together', () => {
    const result = assessOnSiteCheck(
      { sealIntact: false, doseRateUsvH: '0.9', solidWasteSuspected: true, foreignMatterFound: true, weighedTonnes: '2500' },
      thresholds,
      '3000',
    );
    expect(result.findings).toEqual(['RADIOACTIVITY_OVER_THRESHOLD', 'SOLID_WASTE_SUSPECTED', 'FOREIGN_MATTER_FOUND', 'SEAL_BROKEN', 'MASS_DEVIATION']);
    expect(result.massDeviationPct).toBe('-16.667');
  });

  it('flags mass deviation exactly beyond the tolerance, either direction', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: -20_000, max: 20_000 }), (declaredKg, deltaKg) => {
        const declared = (declaredKg / 1000).toFixed(3);
        const weighed = ((declaredKg + deltaKg) / 1000).toFixed(3);
        const result = assessOnSiteCheck({ ...clean, weighedTonnes: weighed }, thresholds, declared);
        const deviation = Math.abs(Number(result.massDeviationPct));
        expect(result.findings.includes('MASS_DEVIATION')).toBe(deviation > 5);
      }),
    );
  });
});
