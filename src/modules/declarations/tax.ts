import type { FieldError } from '../../core/http/errors.js';
import {
  dec,
  formatDecimal,
  MASS_SCALE,
  MONEY_SCALE,
  roundMass,
  roundMoney,
  zDecimal,
  type Decimal,
  type DecimalInput,
  type DecimalString,
} from '../../core/decimal.js';

/**
 * Import duty (关税) and import VAT (进口环节增值税) of one declaration, in exact decimals.
 *
 * The customs value (完税价格) is the CIF value at the Chinese border: whatever freight and insurance the trade
 * term leaves out of the price are added, then the sum is converted at the customs exchange rate.
 */

/** Which costs up to the Chinese border each trade term (成交方式) already includes in the goods price. */
export const INCOTERM_INCLUDES = {
  EXW: { freight: false, insurance: false },
  FCA: { freight: false, insurance: false },
  FOB: { freight: false, insurance: false },
  CFR: { freight: true, insurance: false },
  CPT: { freight: true, insurance: false },
  CIF: { freight: true, insurance: true },
  CIP: { freight: true, insurance: true },
  DAP: { freight: true, insurance: true },
  DPU: { freight: true, insurance: true },
  // A DDP price also carries the Chinese duty and VAT; the declarant deducts them before declaring the value.
  DDP: { freight: true, insurance: true },
} as const satisfies Record<string, { freight: boolean; insurance: boolean }>;
export type Incoterm = keyof typeof INCOTERM_INCLUDES;

export function isIncoterm(value: string): value is Incoterm {
  return Object.hasOwn(INCOTERM_INCLUDES, value);
}

/** Insurance at 3‰ of goods value plus freight when it is not known (《海关审定进出口货物完税价格办法》). */
export const DEFAULT_INSURANCE_RATE = '0.003';
/** A declaration's duty, or its VAT, below CNY 50 is not levied (一票货物税额在人民币50元以下的免征). */
export const WAIVER_THRESHOLD_CNY = '50';

export interface TaxItemInput {
  /** The item's price in the declaration currency under the declared trade term. */
  valueInCurrency: DecimalString;
  /** Ad valorem duty rate as a fraction: "0" for iron ore under MFN, "0.02" for 2 %. */
  dutyRate: DecimalString;
  /** Import VAT rate as a fraction, "0.13" for iron ore. */
  vatRate: DecimalString;
}

export interface TaxHeaderInput {
  /** Customs exchange rate: CNY per 1 unit of the declaration currency ("1" for CNY). */
  exchangeRate: DecimalString;
  /** Freight to the border in the declaration currency; required when the trade term excludes it. */
  freight?: DecimalString | null;
  /** Insurance to the border in the declaration currency; defaults to `defaultInsuranceRate` when needed. */
  insurance?: DecimalString | null;
  /** Kept as a string because it comes from stored declarations; an unknown term is reported as an issue. */
  incoterm: string;
}

export interface TaxOptions {
  defaultInsuranceRate?: DecimalString;
  waiverThresholdCny?: DecimalString;
}

export interface ItemTax {
  valueInCurrency: DecimalString;
  /** This item's share of the freight added to the price, in the declaration currency. */
  freight: DecimalString;
  /** This item's share of the insurance added to the price, in the declaration currency. */
  insurance: DecimalString;
  customsValueCny: DecimalString;
  dutyCny: DecimalString;
  vatCny: DecimalString;
}

export interface TaxTotals {
  valueInCurrency: DecimalString;
  freight: DecimalString;
  insurance: DecimalString;
  customsValueCny: DecimalString;
  dutyCny: DecimalString;
  vatCny: DecimalString;
}

export interface TaxComputation {
  items: ItemTax[];
  /** Each total is the sum of the item amounts, so the declaration and its lines always agree to the fen. */
  totals: TaxTotals;
  freightBasis: 'INCLUDED_IN_PRICE' | 'DECLARED';
  insuranceBasis: 'INCLUDED_IN_PRICE' | 'DECLARED' | 'DEFAULT_RATE';
  /** True when an amount was assessed but fell under the waiver threshold; a zero amount is not "waived". */
  waived: { duty: boolean; vat: boolean };
}

export type TaxResult = { ok: true; value: TaxComputation } | { ok: false; issues: FieldError[] };

const MONEY = zDecimal({ maxScale: 2, maxIntegerDigits: 14 });
const DUTY_RATE = zDecimal({ maxScale: 6, maxIntegerDigits: 3 });
const VAT_RATE = zDecimal({ maxScale: 6, maxIntegerDigits: 1, max: '1' });
const EXCHANGE_RATE = zDecimal({ maxScale: 8, maxIntegerDigits: 6, positive: true });

/**
 * Splits `total` over `weights` in units of 10^-scale so that the shares add up to `total` exactly. Each share
 * first gets the floor of its exact proportion; the units left over go to the largest remainders, earlier
 * items first on a tie. Integer arithmetic throughout, so no remainder is ever misjudged by rounding.
 * With all weights zero the total is split evenly.
 */
export function apportion(total: DecimalInput, weights: readonly DecimalInput[], scale: number = MONEY_SCALE): Decimal[] {
  if (weights.length === 0) throw new RangeError('cannot apportion over no weights');
  const unitsPerOne = dec(10).pow(scale);
  const totalUnits = dec(total).times(unitsPerOne);
  if (!totalUnits.isInteger() || totalUnits.isNegative()) {
    throw new RangeError(`total must be non-negative with at most ${scale} decimal places: ${dec(total).toString()}`);
  }
  const ws = weights.map((w) => dec(w));
  if (ws.some((w) => w.isNegative())) throw new RangeError('weights must not be negative');

  const weightScale = Math.max(...ws.map((w) => w.decimalPlaces()));
  const asInteger = (d: Decimal) => BigInt(d.times(dec(10).pow(weightScale)).toFixed(0));
  let intWeights = ws.map(asInteger);
  let weightSum = intWeights.reduce((a, b) => a + b, 0n);
  if (weightSum === 0n) {
    intWeights = ws.map(() => 1n);
    weightSum = BigInt(ws.length);
  }

  const T = BigInt(totalUnits.toFixed(0));
  const shares = intWeights.map((w) => (T * w) / weightSum);
  const remainders = intWeights.map((w) => (T * w) % weightSum);
  let leftover = T - shares.reduce((a, b) => a + b, 0n);
  const byRemainder = remainders
    .map((remainder, index) => ({ remainder, index }))
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of byRemainder) {
    if (leftover === 0n) break;
    shares[index]! += 1n;
    leftover -= 1n;
  }
  return shares.map((units) => dec(units.toString()).div(unitsPerOne));
}

/** Dry tonnes (干吨) from wet tonnes (湿吨) and moisture in % of wet mass: iron ore is priced per dry tonne. */
export function computeDryMass(wetTonnes: DecimalInput, moisturePct: DecimalInput): DecimalString {
  const wet = dec(wetTonnes);
  const moisture = dec(moisturePct);
  if (wet.isNegative()) throw new RangeError('wet tonnes must not be negative');
  if (moisture.isNegative() || moisture.greaterThan(100)) throw new RangeError('moisture must be between 0 and 100 %');
  return formatDecimal(roundMass(wet.times(dec(1).minus(moisture.div(100)))), MASS_SCALE);
}

/** Item value from declared dry tonnes and the price per dry metric tonne, to the cent. */
export function computeItemValue(dryTonnes: DecimalInput, unitPrice: DecimalInput): DecimalString {
  return formatDecimal(roundMoney(dec(dryTonnes).times(unitPrice)), MONEY_SCALE);
}

const isAbsent = (value: string | null | undefined): value is null | undefined | '' =>
  value === undefined || value === null || value.trim() === '';

/**
 * Computes customs value, duty and VAT per item and for the declaration. Returns field issues instead of
 * throwing when the inputs cannot be taxed, so a submission can list every problem at once.
 *
 * VAT is charged on customs value plus the duty actually levied: a waived duty adds nothing to the VAT base.
 */
export function computeImportTaxes(header: TaxHeaderInput, items: readonly TaxItemInput[], options: TaxOptions = {}): TaxResult {
  const issues: FieldError[] = [];
  const parse = (schema: typeof MONEY, value: unknown, path: string): Decimal | undefined => {
    const result = schema.safeParse(value);
    if (result.success) return dec(result.data);
    issues.push({ path, code: 'INVALID_DECIMAL', message: result.error.issues[0]?.message ?? 'must be a decimal number' });
    return undefined;
  };

  const exchangeRate = parse(EXCHANGE_RATE, header.exchangeRate, 'exchangeRate');
  const includes = isIncoterm(header.incoterm) ? INCOTERM_INCLUDES[header.incoterm] : undefined;
  if (!includes) issues.push({ path: 'incoterm', code: 'UNKNOWN', message: `unknown trade term ${JSON.stringify(header.incoterm)}` });

  let freight = dec(0);
  if (includes && !includes.freight) {
    if (isAbsent(header.freight)) {
      issues.push({
        path: 'freight',
        code: 'REQUIRED',
        message: `freight is required under ${header.incoterm}: the price does not include transport to the border`,
      });
    } else {
      freight = parse(MONEY, header.freight, 'freight') ?? freight;
    }
  }
  let declaredInsurance: Decimal | undefined;
  if (includes && !includes.insurance && !isAbsent(header.insurance)) {
    declaredInsurance = parse(MONEY, header.insurance, 'insurance');
  }

  if (items.length === 0) issues.push({ path: 'items', code: 'REQUIRED', message: 'at least one item is required' });
  const parsedItems = items.map((item, i) => ({
    value: parse(MONEY, item.valueInCurrency, `items.${i}.valueInCurrency`),
    dutyRate: parse(DUTY_RATE, item.dutyRate, `items.${i}.dutyRate`),
    vatRate: parse(VAT_RATE, item.vatRate, `items.${i}.vatRate`),
  }));

  if (issues.length > 0 || !exchangeRate || !includes) return { ok: false, issues };
  const lines = parsedItems as { value: Decimal; dutyRate: Decimal; vatRate: Decimal }[];

  const goodsValue = lines.reduce((sum, line) => sum.plus(line.value), dec(0));
  let insurance = dec(0);
  let insuranceBasis: TaxComputation['insuranceBasis'] = 'INCLUDED_IN_PRICE';
  if (!includes.insurance) {
    if (declaredInsurance) {
      insurance = declaredInsurance;
      insuranceBasis = 'DECLARED';
    } else {
      insurance = roundMoney(goodsValue.plus(freight).times(options.defaultInsuranceRate ?? DEFAULT_INSURANCE_RATE));
      insuranceBasis = 'DEFAULT_RATE';
    }
  }

  const weights = lines.map((line) => line.value);
  const freightShares = apportion(freight, weights);
  const insuranceShares = apportion(insurance, weights);
  const customsValues = lines.map((line, i) =>
    roundMoney(line.value.plus(freightShares[i]!).plus(insuranceShares[i]!).times(exchangeRate)),
  );

  const threshold = dec(options.waiverThresholdCny ?? WAIVER_THRESHOLD_CNY);
  const sum = (amounts: Decimal[]) => amounts.reduce((a, b) => a.plus(b), dec(0));
  const underThreshold = (total: Decimal) => total.greaterThan(0) && total.lessThan(threshold);

  const assessedDuty = lines.map((line, i) => roundMoney(customsValues[i]!.times(line.dutyRate)));
  const dutyWaived = underThreshold(sum(assessedDuty));
  const duty = dutyWaived ? assessedDuty.map(() => dec(0)) : assessedDuty;

  const assessedVat = lines.map((line, i) => roundMoney(customsValues[i]!.plus(duty[i]!).times(line.vatRate)));
  const vatWaived = underThreshold(sum(assessedVat));
  const vat = vatWaived ? assessedVat.map(() => dec(0)) : assessedVat;

  const money = (d: Decimal) => formatDecimal(d, MONEY_SCALE);
  return {
    ok: true,
    value: {
      items: lines.map((line, i) => ({
        valueInCurrency: money(line.value),
        freight: money(freightShares[i]!),
        insurance: money(insuranceShares[i]!),
        customsValueCny: money(customsValues[i]!),
        dutyCny: money(duty[i]!),
        vatCny: money(vat[i]!),
      })),
      totals: {
        valueInCurrency: money(goodsValue),
        freight: money(freight),
        insurance: money(insurance),
        customsValueCny: money(sum(customsValues)),
        dutyCny: money(sum(duty)),
        vatCny: money(sum(vat)),
      },
      freightBasis: includes.freight ? 'INCLUDED_IN_PRICE' : 'DECLARED',
      insuranceBasis,
      waived: { duty: dutyWaived, vat: vatWaived },
    },
  };
}
