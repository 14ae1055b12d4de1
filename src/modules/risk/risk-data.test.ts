import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { categoryRatesFor } from './risk-data.js';
import { baselineDefinition } from './baseline-rule-set.js';
import { validateRuleSet, type RuleSet } from './engine/index.js';
import type { CreditClass } from '../../core/auth/roles.js';

const rate = fc.integer({ min: 0, max: 10_000 }).map((n) => (n / 10_000).toFixed(4));

describe('categoryRatesFor', () => {
  it('applies the Order No. 251 anchors to whatever lane rates are stored', () => {
    const rates = categoryRatesFor(new Map([['IRON_CONCENTRATE', { ADVANCED_CERTIFIED: '0.0100', GENERAL: '0.0000', DISHONEST: '0.5000' }]]), { ADVANCED_CERTIFIED: 0, GENERAL: 0, DISHONEST: 0.8 });
    expect(rates).toEqual({ IRON_CONCENTRATE: { ADVANCED_CERTIFIED: 0, GENERAL: 0, DISHONEST: 0.8 } });
  });

  it('any stored lane rates make a valid rule set with the baseline definition', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('IRON_CONCENTRATE', 'PELLETS', 'IRON_ORE_FINES'), fc.record({ ADVANCED_CERTIFIED: rate, GENERAL: rate, DISHONEST: rate }, { requiredKeys: [] })), (stored) => {
        const definition = baselineDefinition();
        const ruleSet: RuleSet = {
          ...definition,
          version: 'rs-1',
          effectiveFrom: '2026-01-01T00:00:00+08:00',
          lists: Object.fromEntries(
            ['watched-enterprises', 'watched-declarants', 'core-origins', 'transit-origins', 'radiation-watch-origins', 'solid-waste-sensitive-codes', 'watched-vehicles'].map((name) => [
              name,
              { kind: name.includes('origins') ? 'COUNTRY' : name.includes('codes') ? 'COMMODITY_CODE' : name.includes('vehicles') ? 'VEHICLE' : name.includes('declarants') ? 'DECLARANT' : 'ENTERPRISE', description: { zh: name, en: name }, entries: [] },
            ]),
          ),
          rates: { ...definition.rates, byCategory: categoryRatesFor(new Map(Object.entries(stored) as [string, Partial<Record<CreditClass, string>>][]), definition.rates.byCreditClass) },
        };
        const result = validateRuleSet(ruleSet);
        expect(result.ok ? [] : result.issues).toEqual([]);
      }),
    );
  });
});
