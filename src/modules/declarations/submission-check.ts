import { Decimal } from '../../core/decimal.js';
import type { FieldError } from '../../core/http/errors.js';

export interface DeclarationElementDefinition {
  key: string;
  nameEn: string;
  required: boolean;
}

/** The reference data a submission is checked against, fetched by the service beforehand. */
export interface SubmissionFacts {
  today: string;
  port: { code: string; transportModeCode: string } | undefined;
  currencyKnown: boolean;
  exchangeRate: string | undefined;
  exchangeRateMonth: string;
  countriesKnown: Set<string>;
  /** Commodity lines in force on the declaration date, by code. */
  commodities: Map<string, { declarationElements: DeclarationElementDefinition[] }>;
  overseasShipperKnown: boolean;
}

export interface SubmissionHeader {
  isAdvance: boolean;
  portCode: string | null;
  transportModeCode: string | null;
  trainNumber: string | null;
  wagonNumbers: string[];
  truckPlates: string[];
  arrivalDate: string | null;
  contractNumber: string | null;
  invoiceNumber: string | null;
  incoterm: string | null;
  currencyCode: string | null;
  freight: string | null;
  originCountryCode: string | null;
  departureCountryCode: string | null;
  overseasShipperId: string | null;
}

export interface SubmissionItem {
  commodityCode: string | null;
  goodsName: string | null;
  declarationElements: Record<string, string>;
  wetTonnes: string | null;
  moisturePct: string | null;
  unitPrice: string | null;
}

/** Russian/Kazakh and Chinese rail wagons carry 8-digit numbers. */
const WAGON_NUMBER = /^\d{8}$/;
const TRAIN_NUMBER = /^[A-Z0-9]{1,10}$/;
const INCOTERMS_WITHOUT_FREIGHT = new Set(['EXW', 'FCA', 'FOB']);

/** Everything a complete regular declaration must satisfy, as field errors with request paths. */
export function checkSubmission(header: SubmissionHeader, items: SubmissionItem[], facts: SubmissionFacts): FieldError[] {
  const errors: FieldError[] = [];
  const missing = (path: string, what: string) => errors.push({ path, code: 'REQUIRED', message: `${what} is required` });
  const invalid = (path: string, code: string, message: string) => errors.push({ path, code, message });

  if (!header.portCode) missing('portCode', 'port of entry');
  else if (!facts.port) invalid('portCode', 'UNKNOWN', `unknown port ${header.portCode}`);
  if (!header.transportModeCode) missing('transportModeCode', 'transport mode');
  else if (facts.port && facts.port.transportModeCode !== header.transportModeCode) {
    invalid('transportModeCode', 'PORT_MISMATCH', `port ${facts.port.code} handles ${facts.port.transportModeCode} transport`);
  }
  if (header.transportModeCode === 'RAIL') {
    if (!header.trainNumber) missing('trainNumber', 'train number');
    else if (!TRAIN_NUMBER.test(header.trainNumber)) invalid('trainNumber', 'FORMAT', 'use capital letters and digits, at most 10');
    if (header.wagonNumbers.length === 0) missing('wagonNumbers', 'at least one wagon number');
    header.wagonNumbers.forEach((wagon, i) => {
      if (!WAGON_NUMBER.test(wagon)) invalid(`wagonNumbers.${i}`, 'FORMAT', `wagon number ${wagon} must have 8 digits`);
    });
    const duplicates = header.wagonNumbers.filter((w, i) => header.wagonNumbers.indexOf(w) !== i);
    if (duplicates.length) invalid('wagonNumbers', 'DUPLICATE', `wagon numbers listed twice: ${[...new Set(duplicates)].join(', ')}`);
  }
  if (header.transportModeCode === 'ROAD' && header.truckPlates.length === 0) missing('truckPlates', 'at least one truck plate');

  if (!header.arrivalDate) missing('arrivalDate', header.isAdvance ? 'expected arrival date' : 'arrival date');
  else if (!header.isAdvance && header.arrivalDate > facts.today) {
    invalid('arrivalDate', 'IN_FUTURE', 'the goods have not arrived yet: mark the declaration as an advance declaration');
  }
  if (!header.contractNumber) missing('contractNumber', 'contract number');
  if (!header.invoiceNumber) missing('invoiceNumber', 'invoice number');
  if (!header.incoterm) missing('incoterm', 'trade terms');
  else if (INCOTERMS_WITHOUT_FREIGHT.has(header.incoterm) && !header.freight) {
    invalid('freight', 'REQUIRED', `freight is required under ${header.incoterm}: the customs value includes transport to the border`);
  }
  if (!header.currencyCode) missing('currencyCode', 'currency');
  else if (!facts.currencyKnown) invalid('currencyCode', 'UNKNOWN', `unknown currency ${header.currencyCode}`);
  else if (!facts.exchangeRate) {
    invalid('currencyCode', 'NO_EXCHANGE_RATE', `no customs exchange rate for ${header.currencyCode} in ${facts.exchangeRateMonth}`);
  }
  for (const [path, code] of [['originCountryCode', header.originCountryCode], ['departureCountryCode', header.departureCountryCode]] as const) {
    if (!code) missing(path, path === 'originCountryCode' ? 'country of origin' : 'country of departure');
    else if (!facts.countriesKnown.has(code)) invalid(path, 'UNKNOWN', `unknown country ${code}`);
  }
  if (header.overseasShipperId && !facts.overseasShipperKnown) invalid('overseasShipperId', 'UNKNOWN', 'unknown overseas shipper');

  if (items.length === 0) missing('items', 'at least one item');
  items.forEach((item, i) => {
    const at = (field: string) => `items.${i}.${field}`;
    if (!item.commodityCode) missing(at('commodityCode'), 'commodity code');
    const commodity = item.commodityCode ? facts.commodities.get(item.commodityCode) : undefined;
    if (item.commodityCode && !commodity) invalid(at('commodityCode'), 'NOT_IN_FORCE', `commodity code ${item.commodityCode} is not in the tariff in force`);
    if (!item.goodsName) missing(at('goodsName'), 'goods name');
    for (const element of commodity?.declarationElements ?? []) {
      if (element.required && !item.declarationElements[element.key]?.trim()) {
        missing(at(`declarationElements.${element.key}`), `declaration element "${element.nameEn}"`);
      }
    }
    if (!item.wetTonnes) missing(at('wetTonnes'), 'wet mass');
    else if (new Decimal(item.wetTonnes).lessThanOrEqualTo(0)) invalid(at('wetTonnes'), 'NOT_POSITIVE', 'wet mass must be above zero');
    if (!item.moisturePct) missing(at('moisturePct'), 'moisture');
    else if (new Decimal(item.moisturePct).greaterThanOrEqualTo(100)) invalid(at('moisturePct'), 'OUT_OF_RANGE', 'moisture must be below 100 %');
    if (!item.unitPrice) missing(at('unitPrice'), 'unit price');
    else if (new Decimal(item.unitPrice).lessThanOrEqualTo(0)) invalid(at('unitPrice'), 'NOT_POSITIVE', 'unit price must be above zero');
  });
  return errors;
}
