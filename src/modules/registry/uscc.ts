/**
 * Identifiers of Chinese enterprises: the unified social credit code (统一社会信用代码, GB 32100-2015) and the
 * customs registration code (海关编码).
 */

/** GB 32100-2015 code characters in value order; I, O, Z, S and V are left out because they read like 1, 0, 2, 5 and U. */
export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** Weight of positions 1–17: 3^i mod 31, as fixed by the standard. */
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

export const USCC_LENGTH = 18;

export type UsccValidation =
  | { ok: true }
  | { ok: false; reason: 'LENGTH' | 'CHARSET' | 'CHECK_CHARACTER' | 'DIVISION'; expected?: string };

function charValue(ch: string): number {
  return USCC_CHARSET.indexOf(ch);
}

/** The 18th character for the first 17. Throws on wrong length or a character outside the charset. */
export function computeUsccCheckCharacter(first17: string): string {
  if (first17.length !== USCC_LENGTH - 1) throw new RangeError(`expected 17 characters, got ${first17.length}`);
  let sum = 0;
  for (let i = 0; i < USCC_WEIGHTS.length; i++) {
    const value = charValue(first17[i]!);
    if (value < 0) throw new RangeError(`character ${JSON.stringify(first17[i])} at position ${i + 1} is not allowed`);
    sum += value * USCC_WEIGHTS[i]!;
  }
  const check = 31 - (sum % 31);
  return USCC_CHARSET[check === 31 ? 0 : check]!;
}

/** Completes 17 characters into a valid code; demo data uses it to make codes that pass validation. */
export function makeUscc(first17: string): string {
  return first17 + computeUsccCheckCharacter(first17);
}

/**
 * Checks length, charset, that positions 3–8 are a (numeric) administrative division code, and the check
 * character. The code is taken as given: callers trim and upper-case user input first if they want to.
 * On a wrong check character, `expected` carries the right one so a typo can be pointed out.
 */
export function validateUscc(code: string): UsccValidation {
  if (code.length !== USCC_LENGTH) return { ok: false, reason: 'LENGTH' };
  for (const ch of code) if (charValue(ch) < 0) return { ok: false, reason: 'CHARSET' };
  if (!/^\d{6}$/.test(code.slice(2, 8))) return { ok: false, reason: 'DIVISION' };
  const expected = computeUsccCheckCharacter(code.slice(0, 17));
  if (code[17] !== expected) return { ok: false, reason: 'CHECK_CHARACTER', expected };
  return { ok: true };
}

export const CUSTOMS_CODE_LENGTH = 10;

export type CustomsCodeValidation = { ok: true } | { ok: false; reason: 'LENGTH' | 'CHARSET' };

/** Customs registration code (海关编码): 10 upper-case letters or digits; it carries no check character. */
export function validateCustomsCode(code: string): CustomsCodeValidation {
  if (code.length !== CUSTOMS_CODE_LENGTH) return { ok: false, reason: 'LENGTH' };
  if (!/^[0-9A-Z]+$/.test(code)) return { ok: false, reason: 'CHARSET' };
  return { ok: true };
}
