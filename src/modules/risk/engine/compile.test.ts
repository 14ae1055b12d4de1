import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { baseFacts, conditionArbitrary, emptyRuleSet, factsArbitrary, rule, TEST_LISTS, TEST_VALUE_BANDS } from './arbitraries.test-support.js';
import { compileRuleSet } from './compile.js';
import type { DeclarationFacts } from './facts.js';
import { RuleSetValidationError, type Condition } from './rule-schema.js';

/** Compiles one condition as rule R and reports whether it fires. */
function holds(condition: Condition, facts: DeclarationFacts): boolean {
  return compileRuleSet(emptyRuleSet({ rules: [rule('R', condition)] })).evaluate(facts).length === 1;
}

const line = (commodityCode: string, unitValueCnyPerDryTonne: number | null, categoryCode = 'IRON_CONCENTRATE') => ({ commodityCode, categoryCode, unitValueCnyPerDryTonne });

/**
 * The specification, written as plainly as possible: every field read as a list of values (one for a
 * declaration field, possibly none when null), comparisons true when true for some value.
 */
function referenceValues(field: string, facts: DeclarationFacts): (string | number)[] {
  const single = (value: string | number | null) => (value === null ? [] : [value]);
  const items = facts.items;
  const table: Record<string, (string | number)[]> = {
    commodityCode: items.map((item) => item.commodityCode),
    categoryCode: items.map((item) => item.categoryCode),
    unitValueCnyPerDryTonne: items.flatMap((item) => single(item.unitValueCnyPerDryTonne)),
    originCountry: single(facts.originCountryCode),
    departureCountry: single(facts.departureCountryCode),
    transportMode: single(facts.transportModeCode),
    wagonNumber: [...facts.wagonNumbers],
    truckPlate: [...facts.truckPlates],
    importerId: [facts.importerId],
    declarantId: [facts.declarantId],
    creditClass: [facts.importerCreditClass],
    declaredWetTonnes: [facts.declaredWetTonnes],
    preArrivalWetTonnes: single(facts.preArrivalWetTonnes),
    weighedWetTonnes: single(facts.weighedWetTonnes),
    importerDeclarationCount: [facts.importerDeclarationCount],
    importerNonConformityCount: [facts.importerNonConformityCount],
    screeningRadiation: single(facts.screening.radiation),
    screeningSolidWaste: single(facts.screening.solidWaste),
    screeningDocumentsMatch: single(facts.screening.documentsMatch),
    screeningForeignInclusions: single(facts.screening.foreignInclusions),
  };
  return table[field]!;
}

function referenceMissing(field: string, facts: DeclarationFacts): boolean {
  if (field === 'commodityCode' || field === 'categoryCode') return false;
  if (field === 'unitValueCnyPerDryTonne') return facts.items.some((item) => item.unitValueCnyPerDryTonne === null);
  return referenceValues(field, facts).length === 0;
}

function referenceHolds(condition: Condition, facts: DeclarationFacts): boolean {
  const some = (field: string, test: (value: never) => boolean) => referenceValues(field, facts).some((value) => test(value as never));
  switch (condition.op) {
    case 'all': return condition.conditions.every((child) => referenceHolds(child, facts));
    case 'any': return condition.conditions.some((child) => referenceHolds(child, facts));
    case 'not': return !referenceHolds(condition.condition, facts);
    case 'eq': return some(condition.field, (value) => value === condition.value);
    case 'ne': return !some(condition.field, (value) => value === condition.value);
    case 'in': return some(condition.field, (value) => condition.values.includes(value));
    case 'notIn': return !some(condition.field, (value) => condition.values.includes(value));
    case 'inList': return some(condition.field, (value) => TEST_LISTS[condition.list]!.entries.includes(value));
    case 'between': return some(condition.field, (value: number) => value >= condition.min && value <= condition.max);
    case 'gt': return some(condition.field, (value: number) => value > condition.value);
    case 'gte': return some(condition.field, (value: number) => value >= condition.value);
    case 'lt': return some(condition.field, (value: number) => value < condition.value);
    case 'lte': return some(condition.field, (value: number) => value <= condition.value);
    case 'startsWith': return some(condition.field, (value: string) => condition.prefixes.some((prefix) => value.startsWith(prefix)));
    case 'isMissing': return referenceMissing(condition.field, facts);
    case 'outsideValueBand':
      return facts.items.some((item) => {
        const band = TEST_VALUE_BANDS.find((b) => b.commodityCode === item.commodityCode && b.originCountryCode === facts.originCountryCode && facts.originCountryCode !== null)
          ?? TEST_VALUE_BANDS.find((b) => b.commodityCode === item.commodityCode && b.originCountryCode === null);
        const value = item.unitValueCnyPerDryTonne;
        if (!band || value === null) return false;
        return (condition.side !== 'above' && value < band.minCnyPerDryTonne) || (condition.side !== 'below' && value > band.maxCnyPerDryTonne);
      });
    case 'massDeviationAbove': {
      const references = condition.reference === 'preArrival' ? [facts.preArrivalWetTonnes]
        : condition.reference === 'weighed' ? [facts.weighedWetTonnes]
        : [facts.preArrivalWetTonnes, facts.weighedWetTonnes];
      return facts.declaredWetTonnes > 0 && references.some((mass) => mass !== null && (Math.abs(mass - facts.declaredWetTonnes) / facts.declaredWetTonnes) * 100 > condition.pct);
    }
  }
}

describe('compiled conditions', () => {
  it('agree with the plain reference interpreter on random conditions and facts', () => {
    fc.assert(
      fc.property(conditionArbitrary, fc.array(factsArbitrary, { minLength: 5, maxLength: 5 }), (condition, factsList) => {
        const compiled = compileRuleSet(emptyRuleSet({ rules: [rule('R', condition)] }));
        for (const facts of factsList) expect(compiled.evaluate(facts).length === 1).toBe(referenceHolds(condition, facts));
      }),
      { numRuns: 1500 },
    );
  });

  it('ne and notIn are exactly not-eq and not-in', () => {
    fc.assert(
      fc.property(conditionArbitrary, factsArbitrary, (condition, facts) => {
        if (condition.op === 'eq') expect(holds({ ...condition, op: 'ne' }, facts)).toBe(!holds(condition, facts));
        if (condition.op === 'in') expect(holds({ ...condition, op: 'notIn' }, facts)).toBe(!holds(condition, facts));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('operators', () => {
  it('eq / ne on a declaration field; a missing value equals nothing', () => {
    expect(holds({ op: 'eq', field: 'originCountry', value: 'KZ' }, baseFacts())).toBe(true);
    expect(holds({ op: 'eq', field: 'originCountry', value: 'RU' }, baseFacts())).toBe(false);
    expect(holds({ op: 'ne', field: 'originCountry', value: 'RU' }, baseFacts())).toBe(true);
    expect(holds({ op: 'eq', field: 'originCountry', value: 'KZ' }, baseFacts({ originCountryCode: null }))).toBe(false);
    expect(holds({ op: 'ne', field: 'originCountry', value: 'KZ' }, baseFacts({ originCountryCode: null }))).toBe(true);
  });

  it('item fields match when any line matches; ne means no line matches', () => {
    const twoLines = baseFacts({ items: [line('2601111000', 800), line('2601200000', 300, 'ROASTED_PYRITES')] });
    expect(holds({ op: 'eq', field: 'commodityCode', value: '2601200000' }, twoLines)).toBe(true);
    expect(holds({ op: 'ne', field: 'commodityCode', value: '2601200000' }, twoLines)).toBe(false);
    expect(holds({ op: 'ne', field: 'commodityCode', value: '2601120000' }, twoLines)).toBe(true);
    expect(holds({ op: 'lt', field: 'unitValueCnyPerDryTonne', value: 400 }, twoLines)).toBe(true);
    expect(holds({ op: 'gt', field: 'unitValueCnyPerDryTonne', value: 800 }, twoLines)).toBe(false);
    expect(holds({ op: 'eq', field: 'commodityCode', value: '2601111000' }, baseFacts({ items: [] }))).toBe(false);
  });

  it('in / notIn, numbers and strings', () => {
    expect(holds({ op: 'in', field: 'originCountry', values: ['RU', 'KZ'] }, baseFacts())).toBe(true);
    expect(holds({ op: 'notIn', field: 'originCountry', values: ['RU', 'KZ'] }, baseFacts())).toBe(false);
    expect(holds({ op: 'in', field: 'importerNonConformityCount', values: [1, 2] }, baseFacts({ importerNonConformityCount: 2 }))).toBe(true);
    expect(holds({ op: 'in', field: 'importerNonConformityCount', values: [1, 2] }, baseFacts({ importerNonConformityCount: 0 }))).toBe(false);
  });

  it('inList reads the named list', () => {
    expect(holds({ op: 'inList', field: 'importerId', list: 'enterprises' }, baseFacts({ importerId: 'imp-c' }))).toBe(true);
    expect(holds({ op: 'inList', field: 'importerId', list: 'enterprises' }, baseFacts({ importerId: 'imp-b' }))).toBe(false);
    expect(holds({ op: 'inList', field: 'wagonNumber', list: 'vehicles' }, baseFacts({ wagonNumbers: ['50000001', '61000003'] }))).toBe(true);
    expect(holds({ op: 'inList', field: 'originCountry', list: 'empty' }, baseFacts())).toBe(false);
  });

  it('between is inclusive at both ends; comparisons are strict or not as named', () => {
    const at = (declaredWetTonnes: number) => baseFacts({ declaredWetTonnes });
    const between: Condition = { op: 'between', field: 'declaredWetTonnes', min: 100, max: 200 };
    expect([99.999, 100, 150, 200, 200.001].map((t) => holds(between, at(t)))).toEqual([false, true, true, true, false]);
    expect(holds({ op: 'gt', field: 'declaredWetTonnes', value: 100 }, at(100))).toBe(false);
    expect(holds({ op: 'gte', field: 'declaredWetTonnes', value: 100 }, at(100))).toBe(true);
    expect(holds({ op: 'lt', field: 'declaredWetTonnes', value: 100 }, at(100))).toBe(false);
    expect(holds({ op: 'lte', field: 'declaredWetTonnes', value: 100 }, at(100))).toBe(true);
    expect(holds({ op: 'gt', field: 'weighedWetTonnes', value: 0 }, baseFacts({ weighedWetTonnes: null }))).toBe(false);
  });

  it('startsWith matches code ranges with any of several prefixes', () => {
    const slag: Condition = { op: 'startsWith', field: 'commodityCode', prefixes: ['2618', '2619'] };
    expect(holds(slag, baseFacts({ items: [line('2601111000', 800), line('2619000090', 100, 'OTHER')] }))).toBe(true);
    expect(holds(slag, baseFacts())).toBe(false);
    expect(holds({ op: 'startsWith', field: 'commodityCode', prefixes: ['260111'] }, baseFacts())).toBe(true);
  });

  it('isMissing: null declaration field, any line without a value, empty collection', () => {
    expect(holds({ op: 'isMissing', field: 'originCountry' }, baseFacts({ originCountryCode: null }))).toBe(true);
    expect(holds({ op: 'isMissing', field: 'originCountry' }, baseFacts())).toBe(false);
    expect(holds({ op: 'isMissing', field: 'unitValueCnyPerDryTonne' }, baseFacts({ items: [line('2601111000', 800), line('2601111000', null)] }))).toBe(true);
    expect(holds({ op: 'isMissing', field: 'wagonNumber' }, baseFacts({ wagonNumbers: [] }))).toBe(true);
    expect(holds({ op: 'isMissing', field: 'truckPlate' }, baseFacts({ truckPlates: ['123ABC05'] }))).toBe(false);
    expect(holds({ op: 'isMissing', field: 'screeningRadiation' }, baseFacts())).toBe(true);
  });

  it('outsideValueBand uses the commodity × origin band, else the any-origin band, per side', () => {
    const below: Condition = { op: 'outsideValueBand', side: 'below' };
    const above: Condition = { op: 'outsideValueBand', side: 'above' };
    const either: Condition = { op: 'outsideValueBand', side: 'either' };
    // Kazakh concentrate band 700–900; any-origin band 600–1000.
    expect(holds(below, baseFacts({ items: [line('2601111000', 650)] }))).toBe(true);
    expect(holds(below, baseFacts({ items: [line('2601111000', 650)], originCountryCode: 'RU' }))).toBe(false);
    expect(holds(below, baseFacts({ items: [line('2601111000', 650)], originCountryCode: null }))).toBe(false);
    expect(holds(below, baseFacts({ items: [line('2601111000', 599)], originCountryCode: null }))).toBe(true);
    expect(holds(below, baseFacts({ items: [line('2601111000', 700)] }))).toBe(false);
    expect(holds(above, baseFacts({ items: [line('2601111000', 950)] }))).toBe(true);
    expect(holds(below, baseFacts({ items: [line('2601111000', 950)] }))).toBe(false);
    expect(holds(either, baseFacts({ items: [line('2601111000', 800), line('2601111000', 950)] }))).toBe(true);
    // No band for the code, or no value: nothing to control.
    expect(holds(either, baseFacts({ items: [line('2601120000', 1)] }))).toBe(false);
    expect(holds(either, baseFacts({ items: [line('2601111000', null)] }))).toBe(false);
  });

  it('massDeviationAbove compares with the declared wet mass, per reference', () => {
    const facts = baseFacts({ declaredWetTonnes: 1000, preArrivalWetTonnes: 1040, weighedWetTonnes: 990 });
    expect(holds({ op: 'massDeviationAbove', pct: 3, reference: 'preArrival' }, facts)).toBe(true);
    expect(holds({ op: 'massDeviationAbove', pct: 4, reference: 'preArrival' }, facts)).toBe(false);
    expect(holds({ op: 'massDeviationAbove', pct: 3, reference: 'weighed' }, facts)).toBe(false);
    expect(holds({ op: 'massDeviationAbove', pct: 0.5, reference: 'weighed' }, facts)).toBe(true);
    expect(holds({ op: 'massDeviationAbove', pct: 3, reference: 'either' }, facts)).toBe(true);
    expect(holds({ op: 'massDeviationAbove', pct: 1, reference: 'either' }, baseFacts({ preArrivalWetTonnes: null, weighedWetTonnes: null }))).toBe(false);
    expect(holds({ op: 'massDeviationAbove', pct: 1, reference: 'weighed' }, baseFacts({ declaredWetTonnes: 0, weighedWetTonnes: 10 }))).toBe(false);
  });

  it('all / any / not with one, two and many parts', () => {
    const yes: Condition = { op: 'eq', field: 'originCountry', value: 'KZ' };
    const no: Condition = { op: 'eq', field: 'originCountry', value: 'RU' };
    const facts = baseFacts();
    expect(holds({ op: 'all', conditions: [yes] }, facts)).toBe(true);
    expect(holds({ op: 'all', conditions: [yes, no] }, facts)).toBe(false);
    expect(holds({ op: 'all', conditions: [yes, yes, yes] }, facts)).toBe(true);
    expect(holds({ op: 'all', conditions: [yes, yes, no] }, facts)).toBe(false);
    expect(holds({ op: 'any', conditions: [no] }, facts)).toBe(false);
    expect(holds({ op: 'any', conditions: [no, yes] }, facts)).toBe(true);
    expect(holds({ op: 'any', conditions: [no, no, yes] }, facts)).toBe(true);
    expect(holds({ op: 'any', conditions: [no, no, no] }, facts)).toBe(false);
    expect(holds({ op: 'not', condition: no }, facts)).toBe(true);
  });
});

describe('compiled rule set', () => {
  it('returns the fired enabled rules in rule-set order', () => {
    const always: Condition = { op: 'isMissing', field: 'screeningRadiation' };
    const never: Condition = { op: 'eq', field: 'originCountry', value: 'RU' };
    const disabled = { ...rule('C', always), enabled: false };
    const compiled = compileRuleSet(emptyRuleSet({ rules: [rule('B', always), rule('A', never), disabled, rule('D', always)] }));
    expect(compiled.evaluate(baseFacts()).map((fired) => fired.id)).toEqual(['B', 'D']);
  });

  it('refuses to compile an invalid rule set', () => {
    expect(() => compileRuleSet(emptyRuleSet({ rules: [rule('R', { op: 'eq', field: 'nope', value: 1 })] }))).toThrow(RuleSetValidationError);
  });

  it('takes the highest category rate for the credit class, never under the class floor', () => {
    const compiled = compileRuleSet(emptyRuleSet({
      rates: {
        byCategory: { PELLETS: { GENERAL: 0.08, ADVANCED_CERTIFIED: 0.016 }, ROASTED_PYRITES: { GENERAL: 0.2 } },
        byCreditClass: { ADVANCED_CERTIFIED: 0.005, GENERAL: 0.03, DISHONEST: 0.85 },
        explorationShare: 0,
        selectionLane: 'RELEASE_THEN_INSPECT',
      },
    }));
    const lines = [line('2601120000', 1000, 'PELLETS'), line('2601200000', 300, 'ROASTED_PYRITES')];
    expect(compiled.minimumRandomRate(baseFacts({ items: lines }))).toEqual({ rate: 0.2, categoryCode: 'ROASTED_PYRITES' });
    expect(compiled.minimumRandomRate(baseFacts({ items: lines, importerCreditClass: 'ADVANCED_CERTIFIED' }))).toEqual({ rate: 0.016, categoryCode: 'PELLETS' });
    expect(compiled.minimumRandomRate(baseFacts({ items: lines, importerCreditClass: 'DISHONEST' }))).toEqual({ rate: 0.85, categoryCode: null });
    expect(compiled.minimumRandomRate(baseFacts())).toEqual({ rate: 0.03, categoryCode: null });
  });

  it('maps a score to the most severe lane among the thresholds it reaches', () => {
    const compiled = compileRuleSet(emptyRuleSet({
      scoreThresholds: [
        { minScore: 0.9, lane: 'RELEASE_THEN_INSPECT' },
        { minScore: 0.5, lane: 'DOCUMENT_CHECK' },
        { minScore: 0.95, lane: 'INSPECT_BEFORE_RELEASE' },
      ],
    }));
    expect(compiled.scoreLane(0.49)).toBeNull();
    expect(compiled.scoreLane(0.5)).toEqual({ lane: 'DOCUMENT_CHECK', minScore: 0.5 });
    // 0.92 reaches RELEASE_THEN_INSPECT too, which is milder than DOCUMENT_CHECK in this order.
    expect(compiled.scoreLane(0.92)).toEqual({ lane: 'DOCUMENT_CHECK', minScore: 0.5 });
    expect(compiled.scoreLane(1)).toEqual({ lane: 'INSPECT_BEFORE_RELEASE', minScore: 0.95 });
  });

  it('lists the lines outside their value band', () => {
    const compiled = compileRuleSet(emptyRuleSet());
    expect(compiled.valueBandBreaches(baseFacts({ items: [line('2601111000', 800), line('2601111000', 650)] }))).toEqual([
      { lineIndex: 1, commodityCode: '2601111000', originCountryCode: 'KZ', unitValueCnyPerDryTonne: 650, minCnyPerDryTonne: 700, maxCnyPerDryTonne: 900 },
    ]);
  });
});
