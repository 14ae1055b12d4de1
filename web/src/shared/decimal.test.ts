import { describe, expect, it } from 'vitest';
import { compareDecimals, deviationPct, formatDecimal, formatRatePct, fractionToPercent, isDecimal, multiplyDecimal, percentToFraction } from './decimal';

describe('decimal strings', () => {
  it('recognises decimals', () => {
    expect(isDecimal('3012.500')).toBe(true);
    expect(isDecimal('-1.5')).toBe(true);
    expect(isDecimal('1.')).toBe(false);
    expect(isDecimal('abc')).toBe(false);
    expect(isDecimal(null)).toBe(false);
  });

  it('compares without floating point', () => {
    expect(compareDecimals('0.30', '0.3')).toBe(0);
    expect(compareDecimals('0.31', '0.3')).toBe(1);
    expect(compareDecimals('10', '9.9999')).toBe(1);
    expect(compareDecimals('0.1', '0.25')).toBe(-1);
  });

  it('computes the deviation percentage', () => {
    expect(deviationPct('3012.500', '3000.000')).toBe('0.42');
    expect(deviationPct('2970', '3000')).toBe('-1.00');
    expect(deviationPct('3000', '3000.000')).toBe('0.00');
    expect(deviationPct('1', '3')).toBe('-66.67');
    expect(deviationPct('1', '0')).toBeNull();
    expect(deviationPct('', '3000')).toBeNull();
  });

  it('formats with grouping and optional rounding', () => {
    expect(formatDecimal('1234567.891')).toBe('1,234,567.891');
    expect(formatDecimal('1234567.891', 2)).toBe('1,234,567.89');
    expect(formatDecimal('0.005', 2)).toBe('0.01');
    expect(formatDecimal('12', 2)).toBe('12.00');
    expect(formatDecimal('-1234.5', 2)).toBe('-1,234.50');
    expect(formatDecimal(null)).toBe('—');
  });

  it('formats rates as percentages', () => {
    expect(formatRatePct('0.1300')).toBe('13%');
    expect(formatRatePct('0.0000')).toBe('0%');
    expect(formatRatePct('0.125')).toBe('12.5%');
    expect(formatRatePct('1')).toBe('100%');
  });

  it('converts between percentages and fractions without rounding', () => {
    expect(percentToFraction('13')).toBe('0.13');
    expect(percentToFraction('12.5')).toBe('0.125');
    expect(percentToFraction('0.01')).toBe('0.0001');
    expect(percentToFraction('100')).toBe('1');
    expect(percentToFraction('0')).toBe('0');
    expect(percentToFraction('5.00')).toBe('0.05');
    expect(fractionToPercent('0.0500')).toBe('5');
    expect(fractionToPercent('0.1250')).toBe('12.5');
    expect(fractionToPercent('1.0000')).toBe('100');
    expect(fractionToPercent('0.0001')).toBe('0.01');
    expect(fractionToPercent('x')).toBeNull();
  });

  it('multiplies by a whole number', () => {
    expect(multiplyDecimal('0.0100', 5)).toBe('0.0500');
    expect(multiplyDecimal('12', 5)).toBe('60');
  });
});
