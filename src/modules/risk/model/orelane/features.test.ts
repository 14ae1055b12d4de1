import { describe, expect, it } from 'vitest';
import { baseFacts } from '../../engine/arbitraries.test-support.js';
import type { DeclarationFacts } from '../../engine/facts.js';
import { EXPERIENCE_CAP, FINDING_RATE_SMOOTHING, ORELANE_FEATURES, OrelaneFeatureEncoder, type LabelledFacts } from './features.js';

const column = (name: (typeof ORELANE_FEATURES)[number]) => ORELANE_FEATURES.indexOf(name);
const facts = (overrides: Partial<DeclarationFacts>) => baseFacts(overrides);
const concentrate = (value: number | null) => [{ commodityCode: '2601111000', categoryCode: 'IRON_CONCENTRATE', unitValueCnyPerDryTonne: value }];

/** Ten inspected lots: Russian ones fail half the time, Kazakh ones never. */
const examples: LabelledFacts[] = Array.from({ length: 10 }, (_, i) => ({
  facts: facts({ declarationId: `d${i}`, originCountryCode: i < 4 ? 'RU' : 'KZ', items: concentrate(800 + i * 10) }),
  label: i < 4 && i % 2 === 0 ? 1 : 0,
}));
const allFacts = [...examples.map((e) => e.facts), facts({ items: concentrate(900) })];

function fitted() {
  return OrelaneFeatureEncoder.fit(allFacts, examples, { folds: 5, seed: 7 });
}

describe('Orelane feature encoder', () => {
  it('reads the facts the engine saw: history, credit, transport, mass deviation, screening, origin vs departure', () => {
    const { encoder } = fitted();
    const v = encoder.encode(
      facts({
        importerDeclarationCount: 8,
        importerNonConformityCount: 2,
        importerCreditClass: 'DISHONEST',
        transportModeCode: 'ROAD',
        declaredWetTonnes: 1000,
        weighedWetTonnes: 930,
        screening: { radiation: 'ALARM', solidWaste: 'CLEAR', documentsMatch: null, foreignInclusions: 'FOUND' },
        originCountryCode: 'RU',
        departureCountryCode: 'KZ',
      }),
    );
    expect(v).toHaveLength(ORELANE_FEATURES.length);
    expect(v[column('importer_nonconformities')]).toBe(2);
    expect(v[column('importer_nonconformity_rate')]).toBe(0.25);
    expect(v[column('importer_declarations')]).toBe(8);
    expect(v[column('credit_class')]).toBe(2);
    expect(v[column('transport_road')]).toBe(1);
    expect(v[column('mass_deviation_pct')]).toBeCloseTo(-7, 10);
    expect(v[column('screening_failures')]).toBe(2);
    expect(v[column('origin_differs_from_departure')]).toBe(1);
  });

  it('leaves what is unknown missing (NaN), and caps experience so volume does not stand in for identity', () => {
    const { encoder } = fitted();
    const v = encoder.encode(facts({ importerDeclarationCount: 0, items: concentrate(null), transportModeCode: null, originCountryCode: null }));
    for (const name of ['unit_value_ratio', 'importer_nonconformity_rate', 'transport_road', 'mass_deviation_pct', 'screening_failures', 'origin_differs_from_departure'] as const) {
      expect(v[column(name)], name).toBeNaN();
    }
    expect(encoder.encode(facts({ importerDeclarationCount: 500 }))[column('importer_declarations')]).toBe(EXPERIENCE_CAP);
  });

  it('measures unit value against the median of the commodity over every decided declaration, lowest line first', () => {
    const { encoder } = fitted();
    // Values 800…890 and 900: median 850.
    expect(encoder.toJSON().typicalUnitValues).toEqual([['2601111000', 850]]);
    const twoLines = facts({ items: [...concentrate(850), ...concentrate(425)] });
    expect(encoder.encode(twoLines)[column('unit_value_ratio')]).toBe(0.5);
    expect(encoder.describe('unit_value_ratio', twoLines)).toMatchObject({
      code: 'UNIT_VALUE_BELOW_TYPICAL',
      params: { commodityCode: '2601111000', unitValue: 425, typicalValue: 850, pct: 50 },
    });
    expect(encoder.describe('unit_value_ratio', facts({ items: concentrate(860) })).code).toBe('UNIT_VALUE_TYPICAL');
    expect(encoder.describe('unit_value_ratio', facts({ items: concentrate(1000) })).code).toBe('UNIT_VALUE_ABOVE_TYPICAL');
    expect(encoder.describe('unit_value_ratio', facts({ items: concentrate(null) })).code).toBe('UNIT_VALUE_MISSING');
  });

  it('smooths finding rates per origin toward the overall rate, and shows the raw counts to the officer', () => {
    const { encoder } = fitted();
    const base = 2 / 10;
    const ru = facts({ originCountryCode: 'RU' });
    expect(encoder.encode(ru)[column('origin_finding_rate')]).toBeCloseTo((2 + base * FINDING_RATE_SMOOTHING) / (4 + FINDING_RATE_SMOOTHING), 12);
    expect(encoder.encode(facts({ originCountryCode: 'MN' }))[column('origin_finding_rate')]).toBeCloseTo(base, 12);
    expect(encoder.describe('origin_finding_rate', ru)).toMatchObject({ code: 'ORIGIN_FINDING_RATE', params: { country: 'RU', findings: 2, inspected: 4, pct: 50 } });
  });

  it('encodes the training rows out of fold: no row sees its own outcome through a finding rate', () => {
    const { encoder, trainingMatrix } = fitted();
    const rates = trainingMatrix.columns[column('origin_finding_rate')]!;
    // A failed Russian lot's out-of-fold rate is below the rate over all Russian lots, which counts its own failure.
    const inSample = encoder.encode(examples[0]!.facts)[column('origin_finding_rate')]!;
    expect(rates[0]).toBeLessThan(inSample);
    expect(trainingMatrix.rowCount).toBe(examples.length);
  });

  it('words every factor with a code and its params', () => {
    const { encoder } = fitted();
    const f = facts({ importerNonConformityCount: 3, importerDeclarationCount: 12, weighedWetTonnes: 950, declaredWetTonnes: 1000 });
    expect(encoder.describe('importer_nonconformities', f)).toMatchObject({ code: 'IMPORTER_PAST_FINDINGS', params: { count: 3, declarations: 12 } });
    expect(encoder.describe('importer_nonconformities', facts({ importerNonConformityCount: 0 })).code).toBe('IMPORTER_NO_PAST_FINDINGS');
    expect(encoder.describe('importer_nonconformity_rate', f)).toMatchObject({ code: 'IMPORTER_FINDING_RATE', params: { pct: 25, count: 3, declarations: 12 } });
    expect(encoder.describe('importer_declarations', facts({ importerDeclarationCount: 0 })).code).toBe('NEW_IMPORTER');
    expect(encoder.describe('mass_deviation_pct', f)).toMatchObject({ code: 'MASS_DEVIATION', params: { pct: -5, declaredTonnes: 1000, weighedTonnes: 950 } });
    expect(encoder.describe('mass_deviation_pct', facts({})).code).toBe('MASS_NOT_WEIGHED');
    expect(encoder.describe('screening_failures', facts({})).code).toBe('NOT_SCREENED');
    expect(
      encoder.describe('screening_failures', facts({ screening: { radiation: 'ALARM', solidWaste: 'CLEAR', documentsMatch: 'MATCH', foreignInclusions: 'NONE' } })),
    ).toMatchObject({ code: 'SCREENING_FAILED', params: { failures: 'RADIATION_ALARM' } });
    expect(encoder.describe('credit_class', f)).toMatchObject({ code: 'CREDIT_CLASS', params: { creditClass: 'GENERAL' } });
    expect(encoder.describe('origin_differs_from_departure', f).code).toBe('ORIGIN_DEPARTURE_SAME');
    for (const feature of ORELANE_FEATURES) {
      const wording = encoder.describe(feature, f);
      expect(wording.code, feature).toMatch(/^[A-Z_]+$/);
      expect(wording.description.length, feature).toBeGreaterThan(0);
    }
  });

  it('survives JSON and refuses a model built with another feature set', () => {
    const { encoder } = fitted();
    const copy = OrelaneFeatureEncoder.fromJSON(JSON.parse(JSON.stringify(encoder.toJSON())));
    const f = facts({ originCountryCode: 'RU', items: concentrate(600) });
    expect(Array.from(copy.encode(f))).toEqual(Array.from(encoder.encode(f)));
    expect(() => OrelaneFeatureEncoder.fromJSON({ ...encoder.toJSON(), featureSetVersion: 'orelane-features-v0' })).toThrow(/feature set/);
  });
});
