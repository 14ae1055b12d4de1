import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { aggregateScreening, buildDeclarationFacts, unitValueCnyPerDryTonne, UNCLASSIFIED_CATEGORY, type FactsSource } from './facts-builder.js';
import { screeningFailures } from './engine/index.js';

function source(overrides: Partial<FactsSource> = {}): FactsSource {
  return {
    declaration: {
      id: '00000000-0000-4000-8000-000000000001',
      importerId: 'importer-1',
      declarantId: 'agency-1',
      originCountryCode: 'KZ',
      departureCountryCode: 'KZ',
      transportModeCode: 'RAIL',
      wagonNumbers: ['61234567', '61234568'],
      truckPlates: [],
      totalWetTonnes: '136.500',
    },
    items: [{ commodityCode: '2601111000', categoryCode: 'IRON_CONCENTRATE', wetTonnes: '136.500', dryTonnes: '124.215', customsValueCny: '104288.78' }],
    importerCreditClass: 'GENERAL',
    importerDeclarationCount: 12,
    importerNonConformityCount: 1,
    preArrivalWetTonnes: null,
    weighedWetTonnes: null,
    screenings: { radiation: [], cargo: [] },
    ...overrides,
  };
}

describe('buildDeclarationFacts', () => {
  it('maps the declaration, its lines and the importer’s history', () => {
    const facts = buildDeclarationFacts(source({ weighedWetTonnes: '137.100' }));
    expect(facts).toEqual({
      declarationId: '00000000-0000-4000-8000-000000000001',
      items: [{ commodityCode: '2601111000', categoryCode: 'IRON_CONCENTRATE', unitValueCnyPerDryTonne: 839.58 }],
      originCountryCode: 'KZ',
      departureCountryCode: 'KZ',
      transportModeCode: 'RAIL',
      wagonNumbers: ['61234567', '61234568'],
      truckPlates: [],
      importerId: 'importer-1',
      declarantId: 'agency-1',
      importerCreditClass: 'GENERAL',
      declaredWetTonnes: 136.5,
      preArrivalWetTonnes: null,
      weighedWetTonnes: 137.1,
      importerDeclarationCount: 12,
      importerNonConformityCount: 1,
      screening: { radiation: null, solidWaste: null, documentsMatch: null, foreignInclusions: null },
    });
  });

  it('unit value is customs value in CNY per DRY tonne, to the fen, per line', () => {
    const facts = buildDeclarationFacts(
      source({
        items: [
          { commodityCode: '2601111000', categoryCode: 'IRON_CONCENTRATE', wetTonnes: '100.000', dryTonnes: '90.000', customsValueCny: '90000.00' },
          { commodityCode: '2601120000', categoryCode: 'PELLETS', wetTonnes: '50.000', dryTonnes: '49.300', customsValueCny: '50000.00' },
        ],
      }),
    );
    expect(facts.items.map((item) => item.unitValueCnyPerDryTonne)).toEqual([1000, 1014.2]);
  });

  it('a line without customs value or dry mass has no unit value; an unknown code has the unclassified category', () => {
    const facts = buildDeclarationFacts(
      source({
        items: [
          { commodityCode: '2601111000', categoryCode: 'IRON_CONCENTRATE', wetTonnes: '10.000', dryTonnes: null, customsValueCny: '100.00' },
          { commodityCode: '9999999999', categoryCode: null, wetTonnes: '10.000', dryTonnes: '0.000', customsValueCny: '100.00' },
        ],
      }),
    );
    expect(facts.items).toEqual([
      { commodityCode: '2601111000', categoryCode: 'IRON_CONCENTRATE', unitValueCnyPerDryTonne: null },
      { commodityCode: '9999999999', categoryCode: UNCLASSIFIED_CATEGORY, unitValueCnyPerDryTonne: null },
    ]);
  });

  it('before submission the declared mass is the sum of the lines', () => {
    const facts = buildDeclarationFacts(
      source({
        declaration: { ...source().declaration, totalWetTonnes: null },
        items: [
          { commodityCode: '2601111000', categoryCode: 'IRON_CONCENTRATE', wetTonnes: '100.250', dryTonnes: null, customsValueCny: null },
          { commodityCode: '2601111000', categoryCode: 'IRON_CONCENTRATE', wetTonnes: '0.750', dryTonnes: null, customsValueCny: null },
        ],
      }),
    );
    expect(facts.declaredWetTonnes).toBe(101);
  });

  it('the unit value is exact for any value and positive dry mass', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 11 }), fc.integer({ min: 1, max: 10 ** 9 }), (fen, grams) => {
        const value = (fen / 100).toFixed(2);
        const dry = (grams / 1000).toFixed(3);
        const expected = Math.round((fen / 100 / (grams / 1000)) * 100) / 100;
        expect(Math.abs(unitValueCnyPerDryTonne(value, dry)! - expected)).toBeLessThanOrEqual(0.01);
      }),
    );
  });
});

describe('aggregateScreening', () => {
  it('is null for a kind never screened, so rules can tell "not yet" from "passed"', () => {
    expect(aggregateScreening({ radiation: [], cargo: [] })).toEqual({ radiation: null, solidWaste: null, documentsMatch: null, foreignInclusions: null });
  });

  it('one alarming wagon makes the whole lot alarm', () => {
    const screening = aggregateScreening({
      radiation: [{ result: 'PASS' }, { result: 'ALARM' }, { result: 'PASS' }],
      cargo: [
        { solidWaste: 'CLEAR', foreignMatter: 'NONE', documentsMatch: null },
        { solidWaste: 'SUSPECTED', foreignMatter: 'FOUND', documentsMatch: 'MATCH' },
      ],
    });
    expect(screening).toEqual({ radiation: 'ALARM', solidWaste: 'SUSPECTED', documentsMatch: 'MATCH', foreignInclusions: 'FOUND' });
    expect(screeningFailures(screening)).toEqual(['RADIATION_ALARM', 'SOLID_WASTE_SUSPECTED', 'FOREIGN_INCLUSIONS_FOUND']);
  });

  it('any failed reading is a screening failure, whatever the others say (safety floor input)', () => {
    const radiation = fc.constantFrom<'PASS' | 'ALARM'>('PASS', 'ALARM').map((result) => ({ result }));
    const cargo = fc.record({
      solidWaste: fc.constantFrom<'CLEAR' | 'SUSPECTED'>('CLEAR', 'SUSPECTED'),
      foreignMatter: fc.constantFrom<'NONE' | 'FOUND'>('NONE', 'FOUND'),
      documentsMatch: fc.constantFrom<'MATCH' | 'MISMATCH' | null>('MATCH', 'MISMATCH', null),
    });
    fc.assert(
      fc.property(fc.array(radiation, { maxLength: 6 }), fc.array(cargo, { maxLength: 6 }), (radiationReadings, cargoReadings) => {
        const failed =
          radiationReadings.some((r) => r.result === 'ALARM') ||
          cargoReadings.some((c) => c.solidWaste === 'SUSPECTED' || c.foreignMatter === 'FOUND' || c.documentsMatch === 'MISMATCH');
        expect(screeningFailures(aggregateScreening({ radiation: radiationReadings, cargo: cargoReadings })).length > 0).toBe(failed);
      }),
    );
  });
});
