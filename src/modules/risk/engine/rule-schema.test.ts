import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { emptyRuleSet, rule, ruleSetArbitrary } from './arbitraries.test-support.js';
import { sampleRuleSet } from './sample-data.js';
import { Decimal } from '../../../core/decimal.js';
import { effectiveMinimumRate, formatPath, parseRuleSet, RuleSetValidationError, ruleSetInForce, validateRuleSet, type RuleSet } from './rule-schema.js';

function issuesOf(input: unknown) {
  const result = validateRuleSet(input);
  if (result.ok) throw new Error('expected the rule set to be refused');
  return result.issues;
}

const withRules = (...rules: RuleSet['rules']) => emptyRuleSet({ rules });

describe('rule set validation', () => {
  it('accepts the sample Horgos rule set', () => {
    expect(validateRuleSet(sampleRuleSet())).toMatchObject({ ok: true });
  });

  it('names an unknown field at its path', () => {
    const issues = issuesOf(withRules(rule('R1', { op: 'all', conditions: [{ op: 'eq', field: 'originCountry', value: 'KZ' }, { op: 'eq', field: 'originCountryy', value: 'KZ' }] })));
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toBe('rules[0].condition.conditions[1].field');
    expect(issues[0]!.message).toMatch(/unknown field "originCountryy"/);
  });

  it('refuses operands of the wrong type', () => {
    const number = issuesOf(withRules(rule('R1', { op: 'gt', field: 'declaredWetTonnes', value: '5' as unknown as number })));
    expect(number).toEqual([{ path: 'rules[0].condition.value', message: expect.stringMatching(/expected number/) }]);

    const string = issuesOf(withRules(rule('R1', { op: 'eq', field: 'originCountry', value: 7 })));
    expect(string).toEqual([{ path: 'rules[0].condition.value', message: 'originCountry is a string field; got the number 7' }]);

    const stringForNumber = issuesOf(withRules(rule('R1', { op: 'in', field: 'declaredWetTonnes', values: [1, '2'] })));
    expect(stringForNumber).toEqual([{ path: 'rules[0].condition.values[1]', message: 'declaredWetTonnes is a number field; got the string "2"' }]);

    const enumValue = issuesOf(withRules(rule('R1', { op: 'eq', field: 'creditClass', value: 'GOLD' })));
    expect(enumValue[0]!.message).toBe('"GOLD" is not a value of creditClass; use one of ADVANCED_CERTIFIED, GENERAL, DISHONEST');
  });

  it('refuses an operator that does not apply to the field', () => {
    expect(issuesOf(withRules(rule('R1', { op: 'gt', field: 'creditClass', value: 1 }))))
      .toEqual([{ path: 'rules[0].condition.op', message: expect.stringMatching(/^operator gt does not apply to creditClass \(a enum field\)/) }]);
    expect(issuesOf(withRules(rule('R1', { op: 'startsWith', field: 'declaredWetTonnes', prefixes: ['1'] }))))
      .toEqual([{ path: 'rules[0].condition.op', message: expect.stringMatching(/^operator startsWith does not apply/) }]);
    expect(issuesOf(withRules(rule('R1', { op: 'inList', field: 'categoryCode', list: 'codes' }))))
      .toEqual([{ path: 'rules[0].condition.list', message: 'list "codes" holds COMMODITY_CODE entries; categoryCode accepts no lists' }]);
  });

  it('refuses an unknown list and a list of the wrong kind', () => {
    const unknown = issuesOf(withRules(rule('R1', { op: 'not', condition: { op: 'inList', field: 'originCountry', list: 'sanctioned' } })));
    expect(unknown).toEqual([{ path: 'rules[0].condition.condition.list', message: expect.stringMatching(/^unknown list "sanctioned"; known lists: enterprises, /) }]);
    const wrongKind = issuesOf(withRules(rule('R1', { op: 'inList', field: 'importerId', list: 'countries' })));
    expect(wrongKind).toEqual([{ path: 'rules[0].condition.list', message: 'list "countries" holds COUNTRY entries; importerId accepts lists of ENTERPRISE' }]);
    // An agency declaring is an enterprise too.
    expect(validateRuleSet(withRules(rule('R1', { op: 'inList', field: 'declarantId', list: 'enterprises' })))).toMatchObject({ ok: true });
  });

  it('refuses a share outside 0–1', () => {
    expect(issuesOf(withRules(rule('R1', { op: 'isMissing', field: 'originCountry' }, { share: 1.5 }))))
      .toEqual([{ path: 'rules[0].action.share', message: 'must be between 0 and 1' }]);
    expect(issuesOf(withRules(rule('R1', { op: 'isMissing', field: 'originCountry' }, { share: -0.1 }))))
      .toEqual([{ path: 'rules[0].action.share', message: 'must be between 0 and 1' }]);
  });

  it('refuses duplicate rule ids, naming the first', () => {
    const condition = { op: 'isMissing', field: 'originCountry' } as const;
    expect(issuesOf(withRules(rule('R1', condition), rule('R2', condition), rule('R1', condition))))
      .toEqual([{ path: 'rules[2].id', message: 'duplicate rule id "R1" (first used by rules[0])' }]);
  });

  it('refuses actions that do nothing or lower the lane', () => {
    const condition = { op: 'isMissing', field: 'originCountry' } as const;
    const noEffect = rule('R1', condition);
    delete noEffect.action.lane;
    expect(issuesOf(withRules(noEffect))).toEqual([{ path: 'rules[0].action', message: 'an action must send to a lane, require checks, or both' }]);
    expect(issuesOf(withRules(rule('R1', condition, { lane: 'RELEASE' }))))
      .toEqual([{ path: 'rules[0].action.lane', message: expect.stringMatching(/can only raise the lane/) }]);
  });

  it('refuses unknown operators and misspelt keys', () => {
    expect(issuesOf(withRules(rule('R1', { op: 'like', field: 'originCountry', value: 'K%' } as never))))
      .toEqual([{ path: 'rules[0].condition.op', message: expect.stringMatching(/^unknown operator; use one of all, any, not, eq/) }]);
    const misspelt = { ...rule('R1', { op: 'isMissing', field: 'originCountry' }), enabeld: true };
    expect(issuesOf(withRules(misspelt as never))).toEqual([{ path: 'rules[0]', message: expect.stringMatching(/enabeld/) }]);
  });

  it('refuses inverted ranges and duplicate value bands', () => {
    expect(issuesOf(withRules(rule('R1', { op: 'between', field: 'declaredWetTonnes', min: 10, max: 5 }))))
      .toEqual([{ path: 'rules[0].condition.max', message: 'max 5 is below min 10' }]);
    const bands = [
      { commodityCode: '2601111000', originCountryCode: 'KZ', minCnyPerDryTonne: 700, maxCnyPerDryTonne: 900 },
      { commodityCode: '2601111000', originCountryCode: 'KZ', minCnyPerDryTonne: 900, maxCnyPerDryTonne: 700 },
    ];
    expect(issuesOf(emptyRuleSet({ valueBands: bands }))).toEqual([
      { path: 'valueBands[1]', message: 'duplicate value band for 2601111000 × KZ (first at valueBands[0])' },
      { path: 'valueBands[1].maxCnyPerDryTonne', message: 'max 700 is below min 900' },
    ]);
  });

  it('keeps RELEASE the mildest and INSPECT_BEFORE_RELEASE the most severe lane', () => {
    expect(validateRuleSet(emptyRuleSet({ laneSeverity: ['RELEASE', 'DOCUMENT_CHECK', 'RELEASE_THEN_INSPECT', 'INSPECT_BEFORE_RELEASE'] }))).toMatchObject({ ok: true });
    expect(issuesOf(emptyRuleSet({ laneSeverity: ['RELEASE', 'RELEASE_THEN_INSPECT', 'INSPECT_BEFORE_RELEASE', 'DOCUMENT_CHECK'] })))
      .toEqual([{ path: 'laneSeverity[3]', message: 'INSPECT_BEFORE_RELEASE must be the most severe lane' }]);
    expect(issuesOf(emptyRuleSet({ laneSeverity: ['RELEASE', 'RELEASE', 'DOCUMENT_CHECK', 'INSPECT_BEFORE_RELEASE'] })))
      .toEqual([{ path: 'laneSeverity', message: 'must list every lane once; missing RELEASE_THEN_INSPECT' }]);
  });

  it('refuses selections and score thresholds that send to RELEASE', () => {
    const base = emptyRuleSet();
    expect(issuesOf({ ...base, rates: { ...base.rates, selectionLane: 'RELEASE' }, scoreThresholds: [{ minScore: 0.5, lane: 'RELEASE' }] })).toEqual([
      { path: 'rates.selectionLane', message: 'a selection must send to a lane above RELEASE' },
      { path: 'scoreThresholds[0].lane', message: 'a score threshold must send to a lane above RELEASE' },
    ]);
  });

  it('throws every issue at once from parseRuleSet', () => {
    const condition = { op: 'eq', field: 'nope', value: 1 } as const;
    try {
      parseRuleSet(withRules(rule('R1', condition), rule('R1', condition)));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(RuleSetValidationError);
      expect((error as RuleSetValidationError).issues.map((issue) => issue.path)).toEqual(['rules[0].condition.field', 'rules[1].id', 'rules[1].condition.field']);
    }
  });

  it('accepts every generated rule set (generator and validator agree)', () => {
    fc.assert(fc.property(ruleSetArbitrary, (ruleSet) => validateRuleSet(ruleSet).ok), { numRuns: 200 });
  });
});

describe('credit-class rate constraints (GACC Order No. 251)', () => {
  const withRates = (rates: Partial<RuleSet['rates']>) => {
    const base = emptyRuleSet();
    return { ...base, rates: { ...base.rates, ...rates } };
  };
  const floor = { ADVANCED_CERTIFIED: 0.01, GENERAL: 0.05, DISHONEST: 0.85 };

  it('refuses an advanced-certified rate above 20 % of the general rate, per category', () => {
    expect(validateRuleSet(withRates({ byCreditClass: floor, byCategory: { PELLETS: { GENERAL: 0.1, ADVANCED_CERTIFIED: 0.02 } } }))).toMatchObject({ ok: true });
    expect(issuesOf(withRates({ byCreditClass: floor, byCategory: { PELLETS: { GENERAL: 0.1, ADVANCED_CERTIFIED: 0.0201 } } })))
      .toEqual([{ path: 'rates.byCategory.PELLETS.ADVANCED_CERTIFIED', message: 'PELLETS: advanced certified rate 0.0201 exceeds 20 % of the general rate 0.1' }]);
  });

  it('measures a category’s advanced rate against its effective general rate, never below the general floor', () => {
    // The category asks 0.04 for general credit, but the 0.05 floor applies, so 20 % of it is 0.01.
    expect(validateRuleSet(withRates({ byCreditClass: floor, byCategory: { PELLETS: { GENERAL: 0.04, ADVANCED_CERTIFIED: 0.01 } } }))).toMatchObject({ ok: true });
    expect(issuesOf(withRates({ byCreditClass: floor, byCategory: { PELLETS: { GENERAL: 0.04, ADVANCED_CERTIFIED: 0.0101 } } })))
      .toEqual([{ path: 'rates.byCategory.PELLETS.ADVANCED_CERTIFIED', message: 'PELLETS: advanced certified rate 0.0101 exceeds 20 % of the general rate 0.05' }]);
  });

  it('refuses a floor breaking the constraint, and dishonest rates under 0.8', () => {
    expect(issuesOf(withRates({ byCreditClass: { ADVANCED_CERTIFIED: 0.02, GENERAL: 0.05, DISHONEST: 0.79 } }))).toEqual([
      { path: 'rates.byCreditClass.ADVANCED_CERTIFIED', message: 'advanced certified rate 0.02 exceeds 20 % of the general rate 0.05' },
      { path: 'rates.byCreditClass.DISHONEST', message: 'dishonest rate 0.79 is below the minimum 0.8' },
    ]);
    expect(issuesOf(withRates({ byCreditClass: floor, byCategory: { ROASTED_PYRITES: { GENERAL: 0.2, DISHONEST: 0.5 } } })))
      .toEqual([{ path: 'rates.byCategory.ROASTED_PYRITES.DISHONEST', message: 'ROASTED_PYRITES: dishonest rate 0.5 is below the minimum 0.8' }]);
  });

  it('compares in decimal: exactly 20 % passes even where binary arithmetic rounds down', () => {
    // 0.2 × 0.35 = 0.06999999999999999 in doubles.
    expect(validateRuleSet(withRates({ byCreditClass: { ADVANCED_CERTIFIED: 0.07, GENERAL: 0.35, DISHONEST: 0.8 } }))).toMatchObject({ ok: true });
  });

  it('accepts exactly the rates with advanced ≤ 0.2 × general (basis points)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 10_000 }), (generalBp, advancedBp) => {
        const result = validateRuleSet(withRates({ byCreditClass: { GENERAL: generalBp / 10_000, ADVANCED_CERTIFIED: advancedBp / 10_000, DISHONEST: 0.9 } }));
        expect(result.ok).toBe(advancedBp * 5 <= generalBp);
      }),
      { numRuns: 500 },
    );
  });
  it('never accepts rates whose effective values break the constraints, for any category', () => {
    // Ranges around the bounds, so that about half the generated tables are accepted.
    const bp = (min: number, max: number) => fc.integer({ min, max }).map((x) => x / 10_000);
    const rateRecord = { ADVANCED_CERTIFIED: bp(0, 1_200), GENERAL: bp(0, 10_000), DISHONEST: bp(7_800, 10_000) };
    let accepted = 0;
    fc.assert(
      fc.property(fc.record(rateRecord), fc.dictionary(fc.constantFrom('A', 'B', 'C'), fc.record(rateRecord, { requiredKeys: [] }), { maxKeys: 2 }), (byCreditClass, byCategory) => {
        const result = validateRuleSet(withRates({ byCreditClass, byCategory }));
        if (!result.ok) return;
        accepted++;
        for (const category of ['A', 'B', 'C', 'UNLISTED']) {
          const advanced = new Decimal(effectiveMinimumRate(result.ruleSet.rates, category, 'ADVANCED_CERTIFIED'));
          const general = new Decimal(effectiveMinimumRate(result.ruleSet.rates, category, 'GENERAL'));
          expect(advanced.lessThanOrEqualTo(general.times('0.2'))).toBe(true);
          expect(effectiveMinimumRate(result.ruleSet.rates, category, 'DISHONEST')).toBeGreaterThanOrEqual(0.8);
        }
      }),
      { numRuns: 1000 },
    );
    expect(accepted).toBeGreaterThan(100);
  });
});

describe('formatPath', () => {
  it('writes indices in brackets and odd keys quoted', () => {
    expect(formatPath(['rules', 3, 'condition', 'conditions', 0, 'field'])).toBe('rules[3].condition.conditions[0].field');
    expect(formatPath(['lists', 'watched-importers', 'kind'])).toBe('lists["watched-importers"].kind');
    expect(formatPath([])).toBe('');
  });
});

describe('ruleSetInForce', () => {
  const sets = [
    { version: 'a', effectiveFrom: '2025-01-01T00:00:00+08:00' },
    { version: 'b', effectiveFrom: '2025-03-01T00:00:00+08:00' },
    { version: 'c', effectiveFrom: '2025-03-01T00:00:00+08:00' },
    { version: 'd', effectiveFrom: '2025-06-01T00:00:00+08:00' },
  ];

  it('picks the latest effective-from not after the moment, the later entry on ties', () => {
    expect(ruleSetInForce(sets, new Date('2024-12-31T16:00:00Z'))?.version).toBe('a');
    expect(ruleSetInForce(sets, new Date('2025-02-28T15:59:59Z'))?.version).toBe('a');
    expect(ruleSetInForce(sets, new Date('2025-05-01T00:00:00Z'))?.version).toBe('c');
    expect(ruleSetInForce(sets, new Date('2030-01-01T00:00:00Z'))?.version).toBe('d');
    expect(ruleSetInForce(sets, new Date('2024-12-31T15:59:59Z'))).toBeNull();
  });
});
