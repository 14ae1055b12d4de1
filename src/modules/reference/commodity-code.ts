/**
 * China's 10-digit commodity code (商品编码): the 6-digit HS subheading shared worldwide, then 2 digits of the
 * Chinese tariff and 2 digits of the customs statistics/supervision breakdown, e.g. 2601111000.
 */

export const COMMODITY_CODE_LENGTH = 10;

export type CommodityCodeValidation = { ok: true } | { ok: false; reason: 'LENGTH' | 'NOT_DIGITS' };

export function validateCommodityCode(code: string): CommodityCodeValidation {
  if (code.length !== COMMODITY_CODE_LENGTH) return { ok: false, reason: 'LENGTH' };
  if (!/^\d+$/.test(code)) return { ok: false, reason: 'NOT_DIGITS' };
  return { ok: true };
}

export function isCommodityCode(code: string): boolean {
  return validateCommodityCode(code).ok;
}

/** The international HS-6 subheading, the level at which trade statistics and other countries' codes compare. */
export function toHs6(commodityCode: string): string {
  if (!isCommodityCode(commodityCode)) throw new RangeError(`not a 10-digit commodity code: ${JSON.stringify(commodityCode)}`);
  return commodityCode.slice(0, 6);
}
