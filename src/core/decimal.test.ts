import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { z } from 'zod';
import { dec, formatDecimal, isDecimalString, roundMass, roundMoney, zDecimal } from './decimal.js';

const messagesOf = (schema: z.ZodType, input: unknown) => {
  const result = schema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
};

describe('dec', () => {
  it('is exact where binary floats are not', () => {
    expect(dec('0.1').plus('0.2').toString()).toBe('0.3');
    expect(dec('3000.000').times(dec(1).minus(dec('8.00').div(100))).toString()).toBe('2760');
  });

  it('refuses NaN and infinities', () => {
    expect(() => dec(Number.NaN)).toThrow(RangeError);
    expect(() => dec('Infinity')).toThrow(RangeError);
  });

  it('keeps 40 significant digits where the library default of 20 would round an amount times a rate', () => {
    expect(dec('12345678901234.56').times('7.12345678').toString()).toBe('87943910072702.2768023168');
  });
});

describe('roundMoney / roundMass', () => {
  it('rounds half up (away from zero) at 2 and 3 places', () => {
    expect(roundMoney('2.675').toFixed(2)).toBe('2.68');
    expect(roundMoney('2.674999').toFixed(2)).toBe('2.67');
    expect(roundMoney('-2.675').toFixed(2)).toBe('-2.68');
    expect(roundMass('1.0005').toFixed(3)).toBe('1.001');
    expect(roundMass('1.00049').toFixed(3)).toBe('1.000');
  });

  it('never moves a value by more than half a unit in the last place', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }), fc.integer({ min: 0, max: 6 }), (units, scale) => {
        const value = dec(units.toString()).div(dec(10).pow(scale));
        expect(roundMoney(value).minus(value).abs().lessThanOrEqualTo('0.005')).toBe(true);
        expect(roundMass(value).minus(value).abs().lessThanOrEqualTo('0.0005')).toBe(true);
      }),
    );
  });
});

describe('formatDecimal', () => {
  it('pads and rounds to the requested scale', () => {
    expect(formatDecimal('2760', 3)).toBe('2760.000');
    expect(formatDecimal(dec('304980'), 2)).toBe('304980.00');
    expect(formatDecimal('0.125', 2)).toBe('0.13');
  });

  it('never prints negative zero', () => {
    expect(formatDecimal('-0.001', 2)).toBe('0.00');
    expect(formatDecimal('-0', 0)).toBe('0');
  });
});

describe('isDecimalString', () => {
  const money = { maxScale: 2, maxIntegerDigits: 14 };

  it('accepts plain decimals within the limits', () => {
    for (const s of ['0', '1234.56', '0.5', '12345678901234.99']) expect(isDecimalString(s, money)).toBe(true);
  });

  it('rejects exponents, signs, bare points, excess digits and negatives unless allowed', () => {
    for (const s of ['1e3', '+1', '.5', '5.', '1.234', '123456789012345', '-1', '1,000.00', ' 1', 'NaN', '']) {
      expect(isDecimalString(s, money)).toBe(false);
    }
    expect(isDecimalString('-1.5', { ...money, allowNegative: true })).toBe(true);
    expect(isDecimalString('7', { maxScale: 0, maxIntegerDigits: 3 })).toBe(true);
    expect(isDecimalString('7.0', { maxScale: 0, maxIntegerDigits: 3 })).toBe(false);
  });

  it('accepts exactly what formatDecimal produces within the limits', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 16n - 1n }), (units) => {
        expect(isDecimalString(formatDecimal(dec(units.toString()).div(100), 2), money)).toBe(true);
      }),
    );
  });
});

describe('zDecimal', () => {
  const wetTonnes = zDecimal({ maxScale: 3, maxIntegerDigits: 11, positive: true });

  it('accepts decimal strings and trims them', () => {
    expect(wetTonnes.parse(' 3000.000 ')).toBe('3000.000');
  });

  it('refuses JSON numbers with a message that says to send a string', () => {
    expect(messagesOf(wetTonnes, 3000)).toEqual(['must be a decimal number written as a string, such as "1234.56"']);
  });

  it('says how many decimal places are allowed', () => {
    expect(messagesOf(wetTonnes, '3000.0001')).toEqual(['must be a decimal number with at most 3 decimal places']);
    expect(messagesOf(wetTonnes, '123456789012')).toEqual([
      'must be a decimal number with at most 11 digits before the decimal point',
    ]);
    expect(messagesOf(wetTonnes, '1e3')).toEqual(['must be a decimal number such as "1234.56"']);
    expect(messagesOf(zDecimal({ maxScale: 0, maxIntegerDigits: 4 }), '1.5')).toEqual(['must be a whole number']);
  });

  it('applies positive, min and max', () => {
    expect(messagesOf(wetTonnes, '0.000')).toEqual(['must be greater than 0']);
    expect(messagesOf(wetTonnes, '-1')).toEqual(['must not be negative']);
    const moisturePct = zDecimal({ maxScale: 2, maxIntegerDigits: 3, min: '0', max: '100' });
    expect(moisturePct.parse('100.00')).toBe('100.00');
    expect(messagesOf(moisturePct, '100.01')).toEqual(['must be at most 100']);
    const adjustment = zDecimal({ maxScale: 2, maxIntegerDigits: 14, min: '-1000' });
    expect(adjustment.parse('-999.99')).toBe('-999.99');
    expect(messagesOf(adjustment, '-1000.01')).toEqual(['must be at least -1000']);
  });

  it('keeps its field path inside an object', () => {
    const result = z.object({ freight: zDecimal({ maxScale: 2, maxIntegerDigits: 14 }) }).safeParse({ freight: '1.234' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['freight']);
  });

  it('advertises its pattern in the generated JSON Schema', () => {
    expect(z.toJSONSchema(wetTonnes)).toMatchObject({ type: 'string', pattern: '^\\d{1,11}(\\.\\d{1,3})?$' });
  });
});
