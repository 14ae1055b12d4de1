import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dec } from '../../core/decimal.js';
import {
  apportion,
  computeDryMass,
  computeImportTaxes,
  computeItemValue,
  INCOTERM_INCLUDES,
  type TaxComputation,
  type TaxHeaderInput,
  type TaxItemInput,
  type TaxResult,
} from './tax.js';

const IRON_ORE = { dutyRate: '0', vatRate: '0.13' };

function computed(result: TaxResult): TaxComputation {
  if (!result.ok) throw new Error(`expected a computation, got issues ${JSON.stringify(result.issues)}`);
  return result.value;
}

describe('computeDryMass / computeItemValue', () => {
  it('works the fines example: 3,000.000 wet t at 8.00 % moisture, USD 110.5000/dmt', () => {
    const dry = computeDryMass('3000.000', '8.00');
    expect(dry).toBe('2760.000');
    expect(computeItemValue(dry, '110.5000')).toBe('304980.00');
  });

  it('rounds dry mass to the kilogram and value to the cent, half up', () => {
    // 1234.567 × 0.9055 = 1117.9004185 t
    expect(computeDryMass('1234.567', '9.45')).toBe('1117.900');
    expect(computeDryMass('1.0005', '0')).toBe('1.001');
    // 2760.000 × 110.50005 = 304980.138 → 304980.14
    expect(computeItemValue('2760.000', '110.50005')).toBe('304980.14');
  });

  it('refuses impossible moisture and negative mass', () => {
    expect(() => computeDryMass('100', '100.01')).toThrow(RangeError);
    expect(() => computeDryMass('100', '-1')).toThrow(RangeError);
    expect(() => computeDryMass('-1', '8')).toThrow(RangeError);
  });
});

describe('apportion', () => {
  it('gives the leftover cents to the largest remainders', () => {
    // exact shares 15.7894…, 31.5789…, 52.6315…
    expect(apportion('100.00', ['1000.00', '2000.00', '3333.33']).map(String)).toEqual(['15.79', '31.58', '52.63']);
    // exact shares 3.0473…, 6.0947…, 10.1578…: the third and then the first remainder win
    expect(apportion('19.30', ['1000.00', '2000.00', '3333.33']).map(String)).toEqual(['3.05', '6.09', '10.16']);
  });

  it('breaks ties toward the earlier item', () => {
    expect(apportion('100.00', ['1', '1', '1']).map(String)).toEqual(['33.34', '33.33', '33.33']);
    expect(apportion('0.02', ['5', '5', '5']).map(String)).toEqual(['0.01', '0.01', '0']);
  });

  it('splits evenly when every weight is zero', () => {
    expect(apportion('10.00', ['0', '0', '0']).map(String)).toEqual(['3.34', '3.33', '3.33']);
  });

  it('refuses totals finer than the unit, negative totals and an empty item list', () => {
    expect(() => apportion('1.005', ['1'])).toThrow(RangeError);
    expect(() => apportion('-1', ['1'])).toThrow(RangeError);
    expect(() => apportion('1', [])).toThrow(RangeError);
  });

  it('always sums to the total exactly and keeps each share within one cent of its exact proportion', () => {
    const cents = (max: bigint) => fc.bigInt({ min: 0n, max }).map((c) => dec(c.toString()).div(100));
    fc.assert(
      fc.property(cents(10n ** 12n), fc.array(cents(10n ** 10n), { minLength: 1, maxLength: 12 }), (total, weights) => {
        const shares = apportion(total, weights);
        expect(shares).toHaveLength(weights.length);
        expect(shares.reduce((a, b) => a.plus(b), dec(0)).equals(total)).toBe(true);
        const weightSum = weights.reduce((a, b) => a.plus(b), dec(0));
        shares.forEach((share, i) => {
          expect(share.decimalPlaces()).toBeLessThanOrEqual(2);
          expect(share.isNegative()).toBe(false);
          if (!weightSum.isZero()) {
            const exact = total.times(weights[i]!).div(weightSum);
            expect(share.minus(exact).abs().lessThan('0.01')).toBe(true);
          }
        });
      }),
    );
  });
});

describe('computeImportTaxes', () => {
  it('taxes a CIF declaration of fines: duty 0 %, VAT 13 %', () => {
    const result = computed(
      computeImportTaxes({ exchangeRate: '7.1234', incoterm: 'CIF' }, [{ valueInCurrency: '304980.00', ...IRON_ORE }]),
    );
    // 304,980.00 × 7.1234 = 2,172,494.532 → 2,172,494.53; VAT 13 % = 282,424.2889 → 282,424.29
    expect(result.items).toEqual([
      { valueInCurrency: '304980.00', freight: '0.00', insurance: '0.00', customsValueCny: '2172494.53', dutyCny: '0.00', vatCny: '282424.29' },
    ]);
    expect(result.totals).toMatchObject({ customsValueCny: '2172494.53', dutyCny: '0.00', vatCny: '282424.29' });
    expect(result.freightBasis).toBe('INCLUDED_IN_PRICE');
    expect(result.insuranceBasis).toBe('INCLUDED_IN_PRICE');
    expect(result.waived).toEqual({ duty: false, vat: false });
  });

  it('ignores declared freight and insurance when the trade term already includes them', () => {
    const result = computed(
      computeImportTaxes({ exchangeRate: '7.1234', incoterm: 'DAP', freight: '9999.00', insurance: '99.00' }, [
        { valueInCurrency: '304980.00', ...IRON_ORE },
      ]),
    );
    expect(result.totals.customsValueCny).toBe('2172494.53');
    expect(result.totals.freight).toBe('0.00');
  });

  it('adds freight and 3 ‰ insurance to an FOB price and apportions both by value', () => {
    const header: TaxHeaderInput = { exchangeRate: '7.1234', incoterm: 'FOB', freight: '27600.00' };
    const items: TaxItemInput[] = [
      { valueInCurrency: '304980.00', dutyRate: '0.02', vatRate: '0.13' },
      { valueInCurrency: '101660.00', dutyRate: '0.02', vatRate: '0.13' },
    ];
    const result = computed(computeImportTaxes(header, items));
    // insurance = (406,640.00 + 27,600.00) × 0.003 = 1,302.72; values are 3 : 1
    expect(result.insuranceBasis).toBe('DEFAULT_RATE');
    expect(result.totals).toMatchObject({ valueInCurrency: '406640.00', freight: '27600.00', insurance: '1302.72' });
    expect(result.items.map((i) => [i.freight, i.insurance])).toEqual([
      ['20700.00', '977.04'],
      ['6900.00', '325.68'],
    ]);
    // (304,980 + 20,700 + 977.04) × 7.1234 = 2,326,908.7649… → 2,326,908.76; duty 2 % = 46,538.18;
    // VAT = (2,326,908.76 + 46,538.18) × 0.13 = 308,548.1022 → 308,548.10
    expect(result.items[0]).toMatchObject({ customsValueCny: '2326908.76', dutyCny: '46538.18', vatCny: '308548.10' });
    expect(result.items[1]).toMatchObject({ customsValueCny: '775636.25', dutyCny: '15512.73', vatCny: '102849.37' });
    expect(result.totals).toMatchObject({ customsValueCny: '3102545.01', dutyCny: '62050.91', vatCny: '411397.47' });
  });

  it('uses declared insurance instead of the default rate', () => {
    const result = computed(
      computeImportTaxes({ exchangeRate: '1', incoterm: 'FCA', freight: '100.00', insurance: '12.34' }, [
        { valueInCurrency: '10000.00', ...IRON_ORE },
      ]),
    );
    expect(result.insuranceBasis).toBe('DECLARED');
    expect(result.totals.customsValueCny).toBe('10112.34');
  });

  it('adds only insurance under CFR, at 3 ‰ of the price that already contains freight', () => {
    const result = computed(
      computeImportTaxes({ exchangeRate: '7.1234', incoterm: 'CFR', freight: '5000.00' }, [{ valueInCurrency: '50000.00', ...IRON_ORE }]),
    );
    // (50,000.00 + 150.00) × 7.1234 = 357,238.51; VAT 46,441.0063 → 46,441.01
    expect(result.freightBasis).toBe('INCLUDED_IN_PRICE');
    expect(result.totals).toMatchObject({ freight: '0.00', insurance: '150.00', customsValueCny: '357238.51', vatCny: '46441.01' });
  });

  it('honours a different default insurance rate', () => {
    const result = computed(
      computeImportTaxes({ exchangeRate: '1', incoterm: 'EXW', freight: '0.00' }, [{ valueInCurrency: '10000.00', ...IRON_ORE }], {
        defaultInsuranceRate: '0.001',
      }),
    );
    expect(result.totals.insurance).toBe('10.00');
  });

  it('keeps item amounts and totals in step when the apportionment leaves remainders', () => {
    const items = ['1000.00', '2000.00', '3333.33'].map((valueInCurrency) => ({ valueInCurrency, dutyRate: '0.02', vatRate: '0.13' }));
    const result = computed(computeImportTaxes({ exchangeRate: '7.1234', incoterm: 'FOB', freight: '100.00' }, items));
    expect(result.items.map((i) => i.freight)).toEqual(['15.79', '31.58', '52.63']);
    expect(result.items.map((i) => i.insurance)).toEqual(['3.05', '6.09', '10.16']);
    expect(result.items.map((i) => i.customsValueCny)).toEqual(['7257.60', '14515.14', '24191.92']);
    expect(result.totals).toMatchObject({ insurance: '19.30', customsValueCny: '45964.66', dutyCny: '919.29', vatCny: '6094.92' });
  });

  describe('validation', () => {
    it.each(['FOB', 'FCA', 'EXW'])('requires freight under %s', (incoterm) => {
      for (const freight of [undefined, null, '', '  ']) {
        const result = computeImportTaxes({ exchangeRate: '7.1234', incoterm, freight }, [{ valueInCurrency: '100.00', ...IRON_ORE }]);
        expect(result).toEqual({
          ok: false,
          issues: [{ path: 'freight', code: 'REQUIRED', message: expect.stringContaining(`freight is required under ${incoterm}`) }],
        });
      }
    });

    it('does not require freight where the price includes it', () => {
      for (const incoterm of Object.keys(INCOTERM_INCLUDES).filter((term) => !['FOB', 'FCA', 'EXW'].includes(term))) {
        expect(computeImportTaxes({ exchangeRate: '1', incoterm }, [{ valueInCurrency: '100.00', ...IRON_ORE }]).ok).toBe(true);
      }
    });

    it('lists every problem with its path', () => {
      const result = computeImportTaxes({ exchangeRate: '0', incoterm: 'FOB', freight: '1.234' }, [
        { valueInCurrency: '1e5', dutyRate: '0', vatRate: '1.3' },
        { valueInCurrency: '-5.00', dutyRate: 'x', vatRate: '0.13' },
      ]);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.issues.map((issue) => [issue.path, issue.code, issue.message])).toEqual([
        ['exchangeRate', 'INVALID_DECIMAL', 'must be greater than 0'],
        ['freight', 'INVALID_DECIMAL', 'must be a decimal number with at most 2 decimal places'],
        ['items.0.valueInCurrency', 'INVALID_DECIMAL', 'must be a decimal number such as "1234.56"'],
        ['items.0.vatRate', 'INVALID_DECIMAL', 'must be at most 1'],
        ['items.1.valueInCurrency', 'INVALID_DECIMAL', 'must not be negative'],
        ['items.1.dutyRate', 'INVALID_DECIMAL', 'must be a decimal number such as "1234.56"'],
      ]);
    });

    it('reports an unknown trade term and an empty item list', () => {
      const result = computeImportTaxes({ exchangeRate: '1', incoterm: 'FOR' }, []);
      expect(result).toEqual({
        ok: false,
        issues: [
          { path: 'incoterm', code: 'UNKNOWN', message: 'unknown trade term "FOR"' },
          { path: 'items', code: 'REQUIRED', message: 'at least one item is required' },
        ],
      });
    });
  });

  describe('CNY 50 waiver per declaration', () => {
    const taxCny = (values: string[], dutyRate: string) =>
      computed(computeImportTaxes({ exchangeRate: '1', incoterm: 'CIF' }, values.map((valueInCurrency) => ({ valueInCurrency, dutyRate, vatRate: '0.13' }))));

    it('waives duty of 49.99 and leaves it out of the VAT base', () => {
      const result = taxCny(['2499.50'], '0.02'); // duty 49.99
      expect(result.waived).toEqual({ duty: true, vat: false });
      expect(result.totals.dutyCny).toBe('0.00');
      expect(result.totals.vatCny).toBe('324.94'); // 2,499.50 × 0.13 = 324.935
    });

    it('levies duty of exactly 50.00', () => {
      const result = taxCny(['2500.00'], '0.02');
      expect(result.waived).toEqual({ duty: false, vat: false });
      expect(result.totals.dutyCny).toBe('50.00');
      expect(result.totals.vatCny).toBe('331.50'); // (2,500.00 + 50.00) × 0.13
    });

    it('waives VAT of 49.99 and levies VAT of 50.00, independently of duty', () => {
      expect(taxCny(['384.54'], '0').waived).toEqual({ duty: false, vat: true }); // 49.9902
      expect(taxCny(['384.54'], '0').totals.vatCny).toBe('0.00');
      expect(taxCny(['384.62'], '0').totals.vatCny).toBe('50.00'); // 50.0006
    });

    it('judges the declaration total, not each item', () => {
      const levied = taxCny(['1500.00', '1250.00'], '0.02'); // 30.00 + 25.00
      expect(levied.waived.duty).toBe(false);
      expect(levied.items.map((i) => i.dutyCny)).toEqual(['30.00', '25.00']);
      const waived = taxCny(['1000.00', '1499.50'], '0.02'); // 20.00 + 29.99
      expect(waived.waived.duty).toBe(true);
      expect(waived.items.map((i) => i.dutyCny)).toEqual(['0.00', '0.00']);
    });

    it('does not call a zero amount waived, and follows a configured threshold', () => {
      expect(taxCny(['100.00'], '0').waived.duty).toBe(false);
      const result = computed(
        computeImportTaxes({ exchangeRate: '1', incoterm: 'CIF' }, [{ valueInCurrency: '2499.50', dutyRate: '0.02', vatRate: '0.13' }], {
          waiverThresholdCny: '10',
        }),
      );
      expect(result.waived.duty).toBe(false);
      expect(result.totals.dutyCny).toBe('49.99');
    });
  });

  describe('properties', () => {
    const money = (max: bigint) => fc.bigInt({ min: 0n, max }).map((c) => dec(c.toString()).div(100).toFixed(2));
    const rate = (maxPermille: number) => fc.integer({ min: 0, max: maxPermille }).map((p) => dec(p).div(1000).toString());
    const item = fc.record({ valueInCurrency: money(10n ** 11n), dutyRate: rate(300), vatRate: rate(200) });
    const header = fc.record({
      exchangeRate: fc.integer({ min: 1, max: 2_000_000 }).map((r) => dec(r).div(10_000).toString()),
      incoterm: fc.constantFrom(...(Object.keys(INCOTERM_INCLUDES) as (keyof typeof INCOTERM_INCLUDES)[])),
      freight: money(10n ** 9n),
      insurance: fc.option(money(10n ** 7n), { nil: undefined }),
    });
    const FIXED_2DP = /^\d+\.\d{2}$/;

    it('returns fixed 2-dp strings whose items sum exactly to the totals, with non-negative VAT', () => {
      fc.assert(
        fc.property(header, fc.array(item, { minLength: 1, maxLength: 8 }), (h, items) => {
          const result = computed(computeImportTaxes(h, items));
          for (const line of [...result.items, result.totals]) {
            for (const amount of Object.values(line)) {
              expect(typeof amount).toBe('string');
              expect(amount).toMatch(FIXED_2DP);
            }
          }
          for (const key of ['valueInCurrency', 'freight', 'insurance', 'customsValueCny', 'dutyCny', 'vatCny'] as const) {
            const sum = result.items.reduce((acc, line) => acc.plus(line[key]), dec(0));
            expect(sum.equals(result.totals[key]), key).toBe(true);
          }
          for (const line of result.items) expect(dec(line.vatCny).isNegative()).toBe(false);
        }),
      );
    });

    it('never levies a total duty or VAT between zero and the threshold', () => {
      fc.assert(
        fc.property(header, fc.array(item, { minLength: 1, maxLength: 4 }), (h, items) => {
          const { totals } = computed(computeImportTaxes(h, items));
          for (const total of [dec(totals.dutyCny), dec(totals.vatCny)]) {
            expect(total.isZero() || total.greaterThanOrEqualTo(50)).toBe(true);
          }
        }),
      );
    });

    it('adds freight exactly when the trade term leaves it out', () => {
      fc.assert(
        fc.property(header, fc.array(item, { minLength: 1, maxLength: 4 }), (h, items) => {
          const { totals } = computed(computeImportTaxes(h, items));
          const expected = INCOTERM_INCLUDES[h.incoterm].freight ? '0.00' : h.freight;
          expect(totals.freight).toBe(expected);
        }),
      );
    });
  });
});
