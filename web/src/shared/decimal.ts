/**
 * Exact decimal helpers on strings, for display-only figures the UI derives itself (mass deviation,
 * threshold comparisons). Authoritative money and mass figures always come from the server.
 */

interface Scaled {
  units: bigint;
  scale: number;
}

const DECIMAL = /^([+-])?(\d+)(?:\.(\d+))?$/;

export function isDecimal(value: string | null | undefined): value is string {
  return typeof value === 'string' && DECIMAL.test(value.trim());
}

function parse(value: string): Scaled {
  const match = DECIMAL.exec(value.trim());
  if (!match) throw new Error(`not a decimal: ${value}`);
  const [, sign, whole, fraction = ''] = match;
  const units = BigInt(whole + fraction) * (sign === '-' ? -1n : 1n);
  return { units, scale: fraction.length };
}

function align(a: Scaled, b: Scaled): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [a.units * 10n ** BigInt(scale - a.scale), b.units * 10n ** BigInt(scale - b.scale), scale];
}

/** -1, 0 or 1. */
export function compareDecimals(a: string, b: string): number {
  const [x, y] = align(parse(a), parse(b));
  return x < y ? -1 : x > y ? 1 : 0;
}

function toFixed(units: bigint, scale: number, digits: number): string {
  // Round half away from zero from `scale` to `digits` decimals.
  let value = units;
  if (scale > digits) {
    const divisor = 10n ** BigInt(scale - digits);
    const negative = value < 0n;
    const abs = negative ? -value : value;
    let quotient = abs / divisor;
    if ((abs % divisor) * 2n >= divisor) quotient += 1n;
    value = negative ? -quotient : quotient;
  } else if (scale < digits) {
    value = value * 10n ** BigInt(digits - scale);
  }
  const negative = value < 0n;
  const digitsText = (negative ? -value : value).toString().padStart(digits + 1, '0');
  const whole = digitsText.slice(0, digitsText.length - digits);
  const fraction = digits > 0 ? `.${digitsText.slice(digitsText.length - digits)}` : '';
  return `${negative && /[1-9]/.test(digitsText) ? '-' : ''}${whole}${fraction}`;
}

/** (measured − declared) / declared × 100, rounded to `digits` decimals; null when declared is zero or missing. */
export function deviationPct(measured: string, declared: string, digits = 2): string | null {
  if (!isDecimal(measured) || !isDecimal(declared)) return null;
  const [m, d] = align(parse(measured), parse(declared));
  if (d === 0n) return null;
  // Keep `digits + 2` extra decimals before the final rounding.
  const extra = digits + 2;
  const scaled = ((m - d) * 100n * 10n ** BigInt(extra)) / d;
  return toFixed(scaled, extra, digits);
}

export function absDecimal(value: string): string {
  return value.trim().replace(/^[+-]/, '');
}

/**
 * Groups the integer part with thousands separators and pads/rounds to `digits` when given; the input string is
 * never converted to a binary float.
 */
export function formatDecimal(value: string | null | undefined, digits?: number): string {
  if (value === null || value === undefined || value === '') return '—';
  if (!isDecimal(value)) return value;
  let text = value.trim();
  if (digits !== undefined) {
    const parsed = parse(text);
    text = toFixed(parsed.units, parsed.scale, digits);
  }
  const negative = text.startsWith('-');
  const [whole = '0', fraction] = text.replace(/^[+-]/, '').split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}${fraction !== undefined ? `.${fraction}` : ''}`;
}

/** A rate stored as a fraction ("0.1300") shown as a percentage ("13%"). */
export function formatRatePct(rate: string | null | undefined): string {
  const percent = fractionToPercent(rate);
  return percent === null ? '—' : `${percent}%`;
}

/** "0.1250" → "12.5": the fraction × 100, at most 2 decimals, trailing zeros dropped; null when not a decimal. */
export function fractionToPercent(rate: string | null | undefined): string | null {
  if (!isDecimal(rate)) return null;
  const { units, scale } = parse(rate);
  // × 100 shifts the decimal point two places to the right.
  const percent = scale >= 2 ? toFixed(units, scale - 2, 2) : toFixed(units * 10n ** BigInt(2 - scale), 0, 2);
  return percent.includes('.') ? percent.replace(/\.?0+$/, '') : percent;
}

/** "12.5" → "0.125": a percentage as the fraction the API stores, exactly (the decimal point moves, nothing rounds). */
export function percentToFraction(percent: string): string {
  const { units, scale } = parse(percent);
  const text = toFixed(units, scale + 2, scale + 2);
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/** value × factor, exactly (a whole-number factor, for display-only comparisons such as "5 × the AEO rate"). */
export function multiplyDecimal(value: string, factor: number): string {
  const { units, scale } = parse(value);
  return toFixed(units * BigInt(factor), scale, scale);
}

/** A percentage from 0 to 100 with at most 2 decimals: a fraction of at most 4 decimals, as the API stores rates. */
export function isPercent(value: string): boolean {
  return /^\d{1,3}(\.\d{1,2})?$/.test(value) && compareDecimals(value, '100') <= 0;
}
