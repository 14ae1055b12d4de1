import { CREDIT_CLASSES, type CreditClass } from '../../../core/auth/roles.js';

/**
 * Everything one lane decision may look at, already fetched and flattened: the engine never reads the
 * database, so the same facts and rule set always give the same decision (replay, backtest, "test this rule").
 *
 * Amounts are binary numbers, not decimal strings: rules only compare them against thresholds written in
 * decimal, and parsing decimals to doubles is monotonic, so `a ≤ b` on the decimals holds on the doubles too.
 */
export interface DeclarationFacts {
  declarationId: string;
  /** One entry per declaration line, in line order. */
  items: readonly ItemFacts[];
  originCountryCode: string | null;
  departureCountryCode: string | null;
  /** RAIL or ROAD (reference data TRANSPORT_MODES). */
  transportModeCode: string | null;
  wagonNumbers: readonly string[];
  truckPlates: readonly string[];
  importerId: string;
  declarantId: string;
  importerCreditClass: CreditClass;
  declaredWetTonnes: number;
  /** Mass announced before arrival (manifest / pre-arrival data), when there was one. */
  preArrivalWetTonnes: number | null;
  /** Mass weighed at the port, once weighed. */
  weighedWetTonnes: number | null;
  /** The importer's earlier declarations at this port, this one excluded. */
  importerDeclarationCount: number;
  /** The importer's earlier lots found non-conforming (inspection or laboratory). */
  importerNonConformityCount: number;
  screening: ScreeningResults;
}

export interface ItemFacts {
  commodityCode: string;
  categoryCode: string;
  /** Declared customs value in CNY per dry tonne; null while the dry mass or the value is unknown. */
  unitValueCnyPerDryTonne: number | null;
}

/** On-site quick screening at arrival; null = not screened yet. */
export interface ScreeningResults {
  radiation: 'PASS' | 'ALARM' | null;
  solidWaste: 'CLEAR' | 'SUSPECTED' | null;
  documentsMatch: 'MATCH' | 'MISMATCH' | null;
  foreignInclusions: 'NONE' | 'FOUND' | null;
}

/**
 * The screening outcomes that exclude a lot from first-release-then-inspect (GACC Announcement 2018 No. 134):
 * excessive radioactivity, suspected or mixed-in solid waste, goods not matching the documents, foreign inclusions.
 */
export const SCREENING_FAILURES = ['RADIATION_ALARM', 'SOLID_WASTE_SUSPECTED', 'DOCUMENTS_MISMATCH', 'FOREIGN_INCLUSIONS_FOUND'] as const;
export type ScreeningFailure = (typeof SCREENING_FAILURES)[number];

export function screeningFailures(screening: ScreeningResults): ScreeningFailure[] {
  const failures: ScreeningFailure[] = [];
  if (screening.radiation === 'ALARM') failures.push('RADIATION_ALARM');
  if (screening.solidWaste === 'SUSPECTED') failures.push('SOLID_WASTE_SUSPECTED');
  if (screening.documentsMatch === 'MISMATCH') failures.push('DOCUMENTS_MISMATCH');
  if (screening.foreignInclusions === 'FOUND') failures.push('FOREIGN_INCLUSIONS_FOUND');
  return failures;
}

/** What a named list holds; a field accepts only lists of the kinds it names. */
export const LIST_KINDS = ['ENTERPRISE', 'DECLARANT', 'COUNTRY', 'COMMODITY_CODE', 'VEHICLE'] as const;
export type ListKind = (typeof LIST_KINDS)[number];

/**
 * Where a field's values come from. A declaration field has one value (or null); item and collection fields
 * have one value per line or per wagon/truck, and a comparison on them holds when it holds for ANY value.
 */
export type FieldReader<T> =
  | { scope: 'declaration'; read: (facts: DeclarationFacts) => T | null }
  | { scope: 'item'; read: (item: ItemFacts) => T | null }
  | { scope: 'collection'; read: (facts: DeclarationFacts) => readonly T[] };

interface FieldText {
  descriptionZh: string;
  descriptionEn: string;
  /** List kinds `inList` may use on this field; empty = no lists. */
  listKinds: readonly ListKind[];
}

export type FieldDefinition =
  | (FieldText & { type: 'string' } & FieldReader<string>)
  | (FieldText & { type: 'enum'; values: readonly string[] } & FieldReader<string>)
  | (FieldText & { type: 'number'; unit: string } & FieldReader<number>);

const SCREENING_ZH = '（未筛查时为空）';
const SCREENING_EN = ' (empty until screened)';

/** The fields rules may name. The rule validator and the rule editor both read this catalogue. */
export const FIELD_CATALOGUE = {
  commodityCode: {
    type: 'string', scope: 'item', read: (item) => item.commodityCode, listKinds: ['COMMODITY_CODE'],
    descriptionZh: '商品编码（任一商品项）', descriptionEn: 'Commodity code (any line)',
  },
  categoryCode: {
    type: 'string', scope: 'item', read: (item) => item.categoryCode, listKinds: [],
    descriptionZh: '商品类别（任一商品项）', descriptionEn: 'Commodity category (any line)',
  },
  unitValueCnyPerDryTonne: {
    type: 'number', unit: 'CNY/dmt', scope: 'item', read: (item) => item.unitValueCnyPerDryTonne, listKinds: [],
    descriptionZh: '申报单价，人民币/干吨（任一商品项）', descriptionEn: 'Declared unit value, CNY per dry tonne (any line)',
  },
  originCountry: {
    type: 'string', scope: 'declaration', read: (facts) => facts.originCountryCode, listKinds: ['COUNTRY'],
    descriptionZh: '原产国（地区）', descriptionEn: 'Country of origin',
  },
  departureCountry: {
    type: 'string', scope: 'declaration', read: (facts) => facts.departureCountryCode, listKinds: ['COUNTRY'],
    descriptionZh: '启运国（地区）', descriptionEn: 'Country of departure',
  },
  transportMode: {
    type: 'enum', values: ['RAIL', 'ROAD'], scope: 'declaration', read: (facts) => facts.transportModeCode, listKinds: [],
    descriptionZh: '运输方式', descriptionEn: 'Transport mode',
  },
  wagonNumber: {
    type: 'string', scope: 'collection', read: (facts) => facts.wagonNumbers, listKinds: ['VEHICLE'],
    descriptionZh: '车皮号（任一车皮）', descriptionEn: 'Wagon number (any wagon)',
  },
  truckPlate: {
    type: 'string', scope: 'collection', read: (facts) => facts.truckPlates, listKinds: ['VEHICLE'],
    descriptionZh: '车牌号（任一车辆）', descriptionEn: 'Truck plate (any truck)',
  },
  importerId: {
    type: 'string', scope: 'declaration', read: (facts) => facts.importerId, listKinds: ['ENTERPRISE'],
    descriptionZh: '收货人（进口企业）', descriptionEn: 'Importer (consignee)',
  },
  declarantId: {
    // A declaring agency is an enterprise too, so enterprise watch lists apply to it as well.
    type: 'string', scope: 'declaration', read: (facts) => facts.declarantId, listKinds: ['DECLARANT', 'ENTERPRISE'],
    descriptionZh: '申报单位', descriptionEn: 'Declarant (declaring enterprise)',
  },
  creditClass: {
    type: 'enum', values: CREDIT_CLASSES, scope: 'declaration', read: (facts) => facts.importerCreditClass, listKinds: [],
    descriptionZh: '收货人信用等级', descriptionEn: 'Importer credit class',
  },
  declaredWetTonnes: {
    type: 'number', unit: 't', scope: 'declaration', read: (facts) => facts.declaredWetTonnes, listKinds: [],
    descriptionZh: '申报湿重（吨）', descriptionEn: 'Declared wet mass (t)',
  },
  preArrivalWetTonnes: {
    type: 'number', unit: 't', scope: 'declaration', read: (facts) => facts.preArrivalWetTonnes, listKinds: [],
    descriptionZh: '预到货重量（吨）', descriptionEn: 'Pre-arrival mass (t)',
  },
  weighedWetTonnes: {
    type: 'number', unit: 't', scope: 'declaration', read: (facts) => facts.weighedWetTonnes, listKinds: [],
    descriptionZh: '过磅重量（吨）', descriptionEn: 'Weighed mass (t)',
  },
  importerDeclarationCount: {
    type: 'number', unit: 'declarations', scope: 'declaration', read: (facts) => facts.importerDeclarationCount, listKinds: [],
    descriptionZh: '收货人历史报关单数', descriptionEn: 'Importer’s earlier declarations',
  },
  importerNonConformityCount: {
    type: 'number', unit: 'lots', scope: 'declaration', read: (facts) => facts.importerNonConformityCount, listKinds: [],
    descriptionZh: '收货人历史不合格批次数', descriptionEn: 'Importer’s earlier non-conforming lots',
  },
  screeningRadiation: {
    type: 'enum', values: ['PASS', 'ALARM'], scope: 'declaration', read: (facts) => facts.screening.radiation, listKinds: [],
    descriptionZh: `放射性快速筛查结果${SCREENING_ZH}`, descriptionEn: `Radiation screening${SCREENING_EN}`,
  },
  screeningSolidWaste: {
    type: 'enum', values: ['CLEAR', 'SUSPECTED'], scope: 'declaration', read: (facts) => facts.screening.solidWaste, listKinds: [],
    descriptionZh: `固体废物属性筛查结果${SCREENING_ZH}`, descriptionEn: `Solid-waste screening${SCREENING_EN}`,
  },
  screeningDocumentsMatch: {
    type: 'enum', values: ['MATCH', 'MISMATCH'], scope: 'declaration', read: (facts) => facts.screening.documentsMatch, listKinds: [],
    descriptionZh: `货证是否相符${SCREENING_ZH}`, descriptionEn: `Goods match the documents${SCREENING_EN}`,
  },
  screeningForeignInclusions: {
    type: 'enum', values: ['NONE', 'FOUND'], scope: 'declaration', read: (facts) => facts.screening.foreignInclusions, listKinds: [],
    descriptionZh: `外来夹杂物筛查结果${SCREENING_ZH}`, descriptionEn: `Foreign-inclusion screening${SCREENING_EN}`,
  },
} as const satisfies Record<string, FieldDefinition>;

export type FieldName = keyof typeof FIELD_CATALOGUE;

export function isFieldName(name: string): name is FieldName {
  return Object.hasOwn(FIELD_CATALOGUE, name);
}

export function fieldDefinition(name: FieldName): FieldDefinition {
  return FIELD_CATALOGUE[name];
}

/** Comparison operators that take a field, by the field's type. */
export const FIELD_OPERATORS = {
  string: ['eq', 'ne', 'in', 'notIn', 'inList', 'startsWith', 'isMissing'],
  enum: ['eq', 'ne', 'in', 'notIn', 'isMissing'],
  number: ['eq', 'ne', 'in', 'notIn', 'between', 'gt', 'gte', 'lt', 'lte', 'isMissing'],
} as const;

export type FieldOperator = (typeof FIELD_OPERATORS)[keyof typeof FIELD_OPERATORS][number];

/** The catalogue without its readers: what the rule editor needs to offer fields, operators and lists. */
export interface FieldDescription {
  name: FieldName;
  type: FieldDefinition['type'];
  scope: FieldDefinition['scope'];
  values: readonly string[] | null;
  unit: string | null;
  listKinds: readonly ListKind[];
  operators: readonly FieldOperator[];
  descriptionZh: string;
  descriptionEn: string;
}

export function describeFields(): FieldDescription[] {
  return (Object.keys(FIELD_CATALOGUE) as FieldName[]).map((name) => {
    const field = fieldDefinition(name);
    return {
      name,
      type: field.type,
      scope: field.scope,
      values: field.type === 'enum' ? field.values : null,
      unit: field.type === 'number' ? field.unit : null,
      listKinds: field.listKinds,
      operators: FIELD_OPERATORS[field.type].filter((op) => op !== 'inList' || field.listKinds.length > 0),
      descriptionZh: field.descriptionZh,
      descriptionEn: field.descriptionEn,
    };
  });
}
