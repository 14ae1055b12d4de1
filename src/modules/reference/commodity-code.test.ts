import { describe, expect, it } from 'vitest';
import { isCommodityCode, toHs6, validateCommodityCode } from './commodity-code.js';

describe('validateCommodityCode', () => {
  it.each(['2601111000', '2601112000', '2601119000', '2601120000', '2601200000'])('accepts the iron-ore line %s', (code) => {
    expect(validateCommodityCode(code)).toEqual({ ok: true });
    expect(isCommodityCode(code)).toBe(true);
  });

  it('needs exactly 10 digits', () => {
    expect(validateCommodityCode('260111')).toEqual({ ok: false, reason: 'LENGTH' });
    expect(validateCommodityCode('26011110000')).toEqual({ ok: false, reason: 'LENGTH' });
    expect(validateCommodityCode('2601.11.10')).toEqual({ ok: false, reason: 'NOT_DIGITS' });
    expect(validateCommodityCode('260111100A')).toEqual({ ok: false, reason: 'NOT_DIGITS' });
    expect(validateCommodityCode('２６０１１１１０００')).toEqual({ ok: false, reason: 'NOT_DIGITS' });
    expect(isCommodityCode(' 2601111000')).toBe(false);
  });
});

describe('toHs6', () => {
  it('keeps the HS subheading', () => {
    expect(toHs6('2601111000')).toBe('260111');
    expect(toHs6('2601200000')).toBe('260120');
  });

  it('refuses anything that is not a commodity code', () => {
    expect(() => toHs6('260111')).toThrow(RangeError);
  });
});
