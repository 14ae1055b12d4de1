import type { CustomsDeclaration } from './declaration.js';

/**
 * What the model sees of a declaration. Two kinds of feature:
 *  - direct: computed from the declaration alone;
 *  - history: looked up in the training declarations sharing a key (same importer, same
 *    (Net Mass, Item Price) pair, …), each giving a smoothed fraud rate and a count.
 * Bump FEATURE_SET_VERSION whenever a spec changes meaning, so old model files are refused.
 */
export const FEATURE_SET_VERSION = 'customs-features-v1';

export interface DirectFeatureSpec {
  name: string;
  description: string;
  /** Must return a finite number or NaN (missing). */
  compute(declaration: CustomsDeclaration): number;
  /** Human form of a computed value for explanations; plain number when absent. */
  formatValue?: (value: number) => string;
}

/**
 * coarse: a category with many declarations per value (office, country, tariff type…): its
 *   fraud rate describes a risk profile that carries over to new declarations.
 * fine: near-identity keys (importer, HS6, exact values, pairs): strong when the same
 *   declaration recurs, but mostly memorisation, so the generalising model leaves them out.
 */
export type HistoryGranularity = 'coarse' | 'fine';

export interface HistoryFeatureSpec {
  id: string;
  /** Completes "earlier declarations with the same …". */
  subject: string;
  granularity: HistoryGranularity;
  /** Pseudo-count pulling rare keys toward the base rate. */
  smoothing: number;
  key(declaration: CustomsDeclaration): string;
}

const KEY_SEPARATOR = '\u001f';

function finiteOrMissing(value: number): number {
  return Number.isFinite(value) ? value : Number.NaN;
}

function log10OnePlus(value: number): number {
  return value >= 0 ? finiteOrMissing(Math.log10(1 + value)) : Number.NaN;
}

function hs6(declaration: CustomsDeclaration): string {
  return declaration.hsCode.slice(0, 6);
}

/** Numbers are keyed by value, so "108.0" and "108" are the same declaration history. */
function numberKey(value: number): string {
  return Number.isNaN(value) ? 'missing' : String(value);
}

/** The (Net Mass, Item Price) pair: identical declarations, as the dataset README describes. */
export function massPriceKey(declaration: CustomsDeclaration): string {
  return numberKey(declaration.netMass) + KEY_SEPARATOR + numberKey(declaration.itemPrice);
}

/** Unit price rounded to 6 significant digits: the per-tariff-line price the values were built from. */
function unitPriceKey(declaration: CustomsDeclaration): string {
  const { netMass, itemPrice } = declaration;
  return netMass > 0 && Number.isFinite(itemPrice) ? (itemPrice / netMass).toPrecision(6) : 'undefined';
}

const compactNumber = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 4 });

function formatUnlogged(unit: string): (value: number) => string {
  return (value) => `${compactNumber.format(10 ** value - 1)} ${unit}`;
}

const formatFlag = (value: number): string => (value === 1 ? 'yes' : 'no');

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function weekday(date: string): number {
  const time = Date.parse(`${date}T00:00:00Z`);
  return Number.isNaN(time) ? Number.NaN : new Date(time).getUTCDay();
}

export const DIRECT_FEATURES: readonly DirectFeatureSpec[] = [
  {
    name: 'net_mass_log10',
    description: 'Net mass, log10(1 + kg)',
    compute: (d) => log10OnePlus(d.netMass),
    formatValue: formatUnlogged('kg'),
  },
  {
    name: 'item_price_log10',
    description: 'Item price, log10(1 + KRW)',
    compute: (d) => log10OnePlus(d.itemPrice),
    formatValue: formatUnlogged('KRW'),
  },
  {
    name: 'unit_price_log10',
    description: 'Unit price, log10(KRW per kg)',
    compute: (d) =>
      d.netMass > 0 && d.itemPrice > 0 ? finiteOrMissing(Math.log10(d.itemPrice / d.netMass)) : Number.NaN,
    formatValue: (value) => `${compactNumber.format(10 ** value)} KRW/kg`,
  },
  {
    name: 'tax_rate',
    description: 'Tariff rate (%)',
    compute: (d) => finiteOrMissing(d.taxRate),
    formatValue: (value) => `${compactNumber.format(value)} %`,
  },
  {
    name: 'duty_log10',
    description: 'Duty at stake, log10(1 + price × tariff rate) in KRW',
    compute: (d) => log10OnePlus((d.itemPrice * d.taxRate) / 100),
    formatValue: formatUnlogged('KRW'),
  },
  {
    name: 'hs_code',
    description: 'HS6 code as a number (neighbouring codes are related goods)',
    compute: (d) => (/^\d{6}/.test(d.hsCode) ? Number(hs6(d)) : Number.NaN),
    formatValue: (value) => String(value).padStart(6, '0'),
  },
  {
    name: 'hs_chapter',
    description: 'HS chapter (first two digits)',
    compute: (d) => (/^\d{2}/.test(d.hsCode) ? Number(d.hsCode.slice(0, 2)) : Number.NaN),
  },
  {
    name: 'origin_differs_from_departure',
    description: 'Country of origin differs from country of departure',
    compute: (d) => (d.countryOfOrigin !== d.countryOfDeparture ? 1 : 0),
    formatValue: formatFlag,
  },
  {
    name: 'preferential_tariff',
    description: 'Preferential (FTA) tariff type claimed',
    compute: (d) => (d.taxType.startsWith('F') ? 1 : 0),
    formatValue: formatFlag,
  },
  {
    name: 'seller_missing',
    description: 'Overseas seller not declared',
    compute: (d) => (d.sellerId === '' ? 1 : 0),
    formatValue: formatFlag,
  },
  {
    name: 'courier_shipment',
    description: 'Shipped through an express courier',
    compute: (d) => (d.courierId !== '' ? 1 : 0),
    formatValue: formatFlag,
  },
  {
    name: 'weekday',
    description: 'Day of the week the declaration was filed',
    compute: (d) => weekday(d.date),
    formatValue: (value) => WEEKDAYS[value] ?? String(value),
  },
];

const joinKeys = (...parts: string[]): string => parts.join(KEY_SEPARATOR);

function history(
  id: string,
  granularity: HistoryGranularity,
  subject: string,
  smoothing: number,
  key: (declaration: CustomsDeclaration) => string,
): HistoryFeatureSpec {
  return { id, granularity, subject, smoothing, key };
}

export const HISTORY_FEATURES: readonly HistoryFeatureSpec[] = [
  // Exact values: identical or near-identical declarations.
  history('mass_price_pair', 'fine', '(Net Mass, Item Price) pair', 1, massPriceKey),
  history('net_mass_value', 'fine', 'Net Mass value', 5, (d) => numberKey(d.netMass)),
  history('item_price_value', 'fine', 'Item Price value', 2, (d) => numberKey(d.itemPrice)),
  history('hs6_unit_price', 'fine', 'HS6 code and unit price', 2, (d) => joinKeys(hs6(d), unitPriceKey(d))),
  // Parties and goods: high-cardinality IDs.
  history('importer', 'fine', 'importer', 10, (d) => d.importerId),
  history('declarant', 'fine', 'declarant', 10, (d) => d.declarantId),
  history('seller', 'fine', 'overseas seller', 10, (d) => d.sellerId),
  history('courier', 'fine', 'courier', 10, (d) => d.courierId),
  history('hs6', 'fine', 'HS6 code', 10, hs6),
  history('hs4', 'fine', 'HS4 heading', 10, (d) => d.hsCode.slice(0, 4)),
  // Coarse categories: risk profiles that carry over to new declarations.
  history('office', 'coarse', 'customs office', 10, (d) => d.officeId),
  history('process_type', 'coarse', 'process type', 10, (d) => d.processType),
  history('import_type', 'coarse', 'import type', 10, (d) => d.importType),
  history('import_use', 'coarse', 'import use', 10, (d) => d.importUse),
  history('payment_type', 'coarse', 'payment type', 10, (d) => d.paymentType),
  history('transport_mode', 'coarse', 'mode of transport', 10, (d) => d.modeOfTransport),
  history('departure_country', 'coarse', 'country of departure', 10, (d) => d.countryOfDeparture),
  history('origin_country', 'coarse', 'country of origin', 10, (d) => d.countryOfOrigin),
  history('tax_type', 'coarse', 'tariff type', 10, (d) => d.taxType),
  history('origin_indicator', 'coarse', 'country-of-origin indicator', 10, (d) => d.countryOfOriginIndicator),
  // Combinations.
  history('importer_hs6', 'fine', 'importer and HS6 code', 5, (d) => joinKeys(d.importerId, hs6(d))),
  history('declarant_importer', 'fine', 'declarant and importer', 5, (d) => joinKeys(d.declarantId, d.importerId)),
  history('hs6_origin', 'fine', 'HS6 code and country of origin', 5, (d) => joinKeys(hs6(d), d.countryOfOrigin)),
  history('importer_seller', 'fine', 'importer and seller', 5, (d) => joinKeys(d.importerId, d.sellerId)),
];

export function historyRateFeatureName(spec: HistoryFeatureSpec): string {
  return `${spec.id}.fraud_rate`;
}

export function historyCountFeatureName(spec: HistoryFeatureSpec): string {
  return `${spec.id}.history_count`;
}
