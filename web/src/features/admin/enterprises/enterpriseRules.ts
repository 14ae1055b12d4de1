import type { FieldError } from '../../../api/types';

/** GB 32100-2015 characters (no I, O, Z, S, V); the server also verifies the 18th (check) character. */
export const USCC_CHARSET = /^[0-9A-HJ-NP-RTUW-Y]*$/;
export const USCC_LENGTH = 18;
/** 海关编码: 10 capital letters or digits, no check character. */
export const CUSTOMS_CODE = /^[0-9A-Z]{10}$/;

/** What is wrong with the format of a unified social credit code (not its check character), or null. */
export function usccFormatProblem(code: string): 'length' | 'charset' | 'division' | null {
  if (code.length !== USCC_LENGTH) return 'length';
  if (!USCC_CHARSET.test(code)) return 'charset';
  if (!/^\d{6}$/.test(code.slice(2, 8))) return 'division';
  return null;
}

/** The expected and the given character from the server's CHECK_CHARACTER message, to say it in the UI's language. */
export function checkCharacterOf(error: FieldError): { expected: string; actual: string } | null {
  if (error.code !== 'CHECK_CHARACTER') return null;
  const match = /should be "(.)", not "(.)"/.exec(error.message);
  return match ? { expected: match[1]!, actual: match[2]! } : null;
}
