import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { computeUsccCheckCharacter, makeUscc, USCC_CHARSET, validateCustomsCode, validateUscc } from './uscc.js';

/** Published codes of real enterprises, each checked against an independent implementation of GB 32100-2015. */
const REAL_CODES = [
  '91350100M000100Y43',
  '91110000600037341L',
  '914403001922038216', // Huawei Technologies
  '91330100716105852F', // Alibaba (China)
  '9144030071526726XG', // Tencent (Shenzhen)
  '91110108551385082Q', // Xiaomi
];

const codeChar = fc.constantFrom(...USCC_CHARSET.split(''));
const digit = fc.constantFrom(...'0123456789'.split(''));
/** Positions 1–2 and 9–17 from the charset, 3–8 a numeric division code. */
const first17 = fc
  .tuple(fc.array(codeChar, { minLength: 2, maxLength: 2 }), fc.array(digit, { minLength: 6, maxLength: 6 }), fc.array(codeChar, { minLength: 9, maxLength: 9 }))
  .map(([head, division, organisation]) => [...head, ...division, ...organisation].join(''));
const validCode = first17.map(makeUscc);

describe('validateUscc', () => {
  it.each(REAL_CODES)('accepts the real code %s', (code) => {
    expect(validateUscc(code)).toEqual({ ok: true });
  });

  it('computes the check character of the real codes, digits and letters alike', () => {
    for (const code of REAL_CODES) expect(computeUsccCheckCharacter(code.slice(0, 17))).toBe(code[17]);
  });

  it('maps a weighted sum divisible by 31 to check character 0, not 31', () => {
    expect(computeUsccCheckCharacter('00000000000000000')).toBe('0');
    expect(computeUsccCheckCharacter('10000000000000000')).toBe('Y');
  });

  it('reports the reason, checking length, then charset, then division, then check character', () => {
    expect(validateUscc('91350100M000100Y4')).toEqual({ ok: false, reason: 'LENGTH' });
    expect(validateUscc('91350100M000100Y433')).toEqual({ ok: false, reason: 'LENGTH' });
    expect(validateUscc('')).toEqual({ ok: false, reason: 'LENGTH' });
    expect(validateUscc('91350100M000100O43')).toEqual({ ok: false, reason: 'CHARSET' });
    expect(validateUscc('91350100m000100y43')).toEqual({ ok: false, reason: 'CHARSET' });
    expect(validateUscc('9135A100M000100Y43')).toEqual({ ok: false, reason: 'DIVISION' });
    expect(validateUscc('91350100M000100Y44')).toEqual({ ok: false, reason: 'CHECK_CHARACTER', expected: '3' });
  });

  it('rejects every single-character substitution', () => {
    fc.assert(
      fc.property(validCode, fc.integer({ min: 0, max: 17 }), fc.constantFrom(...`${USCC_CHARSET}IOSVZa-`.split('')), (code, position, replacement) => {
        fc.pre(code[position] !== replacement);
        const mutated = code.slice(0, position) + replacement + code.slice(position + 1);
        expect(validateUscc(mutated).ok).toBe(false);
      }),
    );
  });

  it('rejects every swap of two different adjacent characters among the first 17', () => {
    fc.assert(
      fc.property(validCode, fc.integer({ min: 0, max: 15 }), (code, i) => {
        fc.pre(code[i] !== code[i + 1]);
        const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
        expect(validateUscc(swapped).ok).toBe(false);
      }),
    );
  });

  it('accepts every code made by makeUscc', () => {
    fc.assert(
      fc.property(first17, (head) => {
        const code = makeUscc(head);
        expect(code).toHaveLength(18);
        expect(code.startsWith(head)).toBe(true);
        expect(validateUscc(code)).toEqual({ ok: true });
      }),
    );
  });
});

describe('computeUsccCheckCharacter', () => {
  it('refuses input that is not 17 charset characters', () => {
    expect(() => computeUsccCheckCharacter('9135010')).toThrow(RangeError);
    expect(() => computeUsccCheckCharacter('91350100M000100YI')).toThrow(/position 17/);
  });
});

describe('validateCustomsCode', () => {
  it('accepts 10 upper-case letters or digits', () => {
    expect(validateCustomsCode('6509960ABC')).toEqual({ ok: true });
    expect(validateCustomsCode('6509961234')).toEqual({ ok: true });
  });

  it('rejects other lengths and characters', () => {
    expect(validateCustomsCode('650996123')).toEqual({ ok: false, reason: 'LENGTH' });
    expect(validateCustomsCode('65099612345')).toEqual({ ok: false, reason: 'LENGTH' });
    expect(validateCustomsCode('6509960abc')).toEqual({ ok: false, reason: 'CHARSET' });
    expect(validateCustomsCode('6509-60ABC')).toEqual({ ok: false, reason: 'CHARSET' });
  });
});
