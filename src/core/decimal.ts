import { Decimal as DecimalJs } from 'decimal.js';
import { z } from 'zod';

/**
 * Exact decimal arithmetic for money (CNY and declaration currencies) and mass (tonnes).
 * Amounts travel as strings end to end so they never pass through binary floating point.
 */

/**
 * A dedicated constructor: 40 significant digits covers 14 integer digits times an 8-digit rate with room to
 * spare, and a private clone means no other module can change our precision or rounding mode globally.
 */
export const Decimal = DecimalJs.clone({ precision: 40, rounding: DecimalJs.ROUND_HALF_UP });
export type Decimal = DecimalJs;

/** A plain decimal number as a string, e.g. "2760.000" or "0.13". */
export type DecimalString = string;

export type DecimalInput = string | number | Decimal;

/** Money is held to the fen (0.01) in CNY and to the cent in declaration currencies. */
export const MONEY_SCALE = 2;
/** Mass is held to the kilogram: tonnes with 3 decimal places. */
export const MASS_SCALE = 3;

/** Parses a decimal; NaN and ±Infinity are refused because no amount or mass can take those values. */
export function dec(x: DecimalInput): Decimal {
  const d = new Decimal(x);
  if (!d.isFinite()) throw new RangeError(`not a finite decimal: ${String(x)}`);
  return d;
}

/** Rounds to 2 decimal places, half away from zero (四舍五入), as customs rounds tax amounts. */
export function roundMoney(d: DecimalInput): Decimal {
  return dec(d).toDecimalPlaces(MONEY_SCALE, Decimal.ROUND_HALF_UP);
}

/** Rounds tonnes to 3 decimal places (kilograms), half away from zero. */
export function roundMass(d: DecimalInput): Decimal {
  return dec(d).toDecimalPlaces(MASS_SCALE, Decimal.ROUND_HALF_UP);
}

/** Fixed-point string with exactly `scale` decimals; negative zero prints as zero so "-0.00" never reaches a user. */
export function formatDecimal(d: DecimalInput, scale: number): DecimalString {
  const rounded = dec(d).toDecimalPlaces(scale, Decimal.ROUND_HALF_UP);
  return (rounded.isZero() ? new Decimal(0) : rounded).toFixed(scale);
}

export interface DecimalFormat {
  /** Most digits allowed after the decimal point (0 means integers only). */
  maxScale: number;
  /** Most digits allowed before the decimal point, leading zeros included, so input length stays bounded. */
  maxIntegerDigits: number;
  allowNegative?: boolean;
}

function decimalPattern({ maxScale, maxIntegerDigits, allowNegative }: DecimalFormat): RegExp {
  const sign = allowNegative ? '-?' : '';
  const fraction = maxScale > 0 ? `(\\.\\d{1,${maxScale}})?` : '';
  return new RegExp(`^${sign}\\d{1,${maxIntegerDigits}}${fraction}$`);
}

/** True for plain decimal notation within the limits: no exponent, no leading "+", no bare "." or "5.". */
export function isDecimalString(s: string, format: DecimalFormat): boolean {
  return decimalPattern(format).test(s);
}

/** Why a string is not an acceptable decimal, as a user-facing message; undefined when it is acceptable. */
function describeDecimalProblem(s: string, format: DecimalFormat): string | undefined {
  if (!/^-?\d+(\.\d+)?$/.test(s)) return 'must be a decimal number such as "1234.56"';
  if (s.startsWith('-') && !format.allowNegative) return 'must not be negative';
  const [integerPart = '', fractionPart = ''] = s.replace(/^-/, '').split('.');
  if (fractionPart.length > format.maxScale) {
    return format.maxScale === 0
      ? 'must be a whole number'
      : `must be a decimal number with at most ${format.maxScale} decimal places`;
  }
  if (integerPart.length > format.maxIntegerDigits) {
    return `must be a decimal number with at most ${format.maxIntegerDigits} digits before the decimal point`;
  }
  return undefined;
}

export interface ZDecimalOptions {
  maxScale: number;
  maxIntegerDigits: number;
  /** Inclusive lower bound. A negative `min` also admits negative input unless `allowNegative` says otherwise. */
  min?: DecimalString;
  /** Inclusive upper bound. */
  max?: DecimalString;
  /** Strictly greater than zero. */
  positive?: boolean;
  allowNegative?: boolean;
}

/**
 * A Zod schema for a decimal carried as a JSON string. JSON numbers are refused on purpose: a client that sends
 * 0.1 as a number has already passed it through a binary float. Surrounding whitespace is trimmed.
 */
export function zDecimal(options: ZDecimalOptions) {
  const format: DecimalFormat = {
    maxScale: options.maxScale,
    maxIntegerDigits: options.maxIntegerDigits,
    allowNegative: options.allowNegative ?? (options.min !== undefined && dec(options.min).isNegative()),
  };
  const min = options.min === undefined ? undefined : dec(options.min);
  const max = options.max === undefined ? undefined : dec(options.max);

  return z
    .string({
      error: (issue) =>
        issue.input === undefined || issue.input === null
          ? undefined
          : 'must be a decimal number written as a string, such as "1234.56"',
    })
    .trim()
    .superRefine((value, ctx) => {
      const problem = describeDecimalProblem(value, format);
      if (problem) {
        ctx.addIssue({ code: 'custom', message: problem });
        return;
      }
      const d = dec(value);
      if (options.positive && !d.greaterThan(0)) ctx.addIssue({ code: 'custom', message: 'must be greater than 0' });
      if (min && d.lessThan(min)) ctx.addIssue({ code: 'custom', message: `must be at least ${options.min}` });
      if (max && d.greaterThan(max)) ctx.addIssue({ code: 'custom', message: `must be at most ${options.max}` });
    })
    .meta({ pattern: decimalPattern(format).source });
}
