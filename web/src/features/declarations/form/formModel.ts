import dayjs, { type Dayjs } from 'dayjs';
import type { Declaration, DeclarationDraft, DraftItem, Incoterm, TransportModeCode } from '../../../api/types';

/** The form's own shape: dates are dayjs, wagon/truck lists are one-per-line text; everything else mirrors the draft. */
export interface ItemValues {
  commodityCode?: string | null;
  goodsName?: string | null;
  declarationElements?: Record<string, string | undefined>;
  wetTonnes?: string | null;
  moisturePct?: string | null;
  unitPrice?: string | null;
}

export interface FormValues {
  importerId?: string;
  isAdvance?: boolean;
  portCode?: string | null;
  transportModeCode?: TransportModeCode | null;
  trainNumber?: string | null;
  wagonNumbers?: string;
  truckPlates?: string;
  arrivalDate?: Dayjs | null;
  contractNumber?: string | null;
  invoiceNumber?: string | null;
  incoterm?: Incoterm | null;
  currencyCode?: string | null;
  freight?: string | null;
  insurance?: string | null;
  originCountryCode?: string | null;
  departureCountryCode?: string | null;
  overseasShipperId?: string | null;
  items?: ItemValues[];
}

export const HEADER_FIELDS = [
  'importerId',
  'isAdvance',
  'portCode',
  'transportModeCode',
  'trainNumber',
  'wagonNumbers',
  'truckPlates',
  'arrivalDate',
  'contractNumber',
  'invoiceNumber',
  'incoterm',
  'currencyCode',
  'freight',
  'insurance',
  'originCountryCode',
  'departureCountryCode',
  'overseasShipperId',
] as const;

export const ITEM_FIELDS = ['commodityCode', 'goodsName', 'declarationElements', 'wetTonnes', 'moisturePct', 'unitPrice'] as const;

/** Formats of the draft schema (declarations.schema.ts): integer digits and decimals per field. */
export const DECIMAL_FORMATS = {
  wetTonnes: { integerDigits: 11, scale: 3 },
  moisturePct: { integerDigits: 3, scale: 2 },
  unitPrice: { integerDigits: 10, scale: 4 },
  freight: { integerDigits: 14, scale: 2 },
  insurance: { integerDigits: 14, scale: 2 },
} as const;
export type DecimalField = keyof typeof DECIMAL_FORMATS;

export function decimalPattern(field: DecimalField): RegExp {
  const { integerDigits, scale } = DECIMAL_FORMATS[field];
  return new RegExp(`^\\d{1,${integerDigits}}(\\.\\d{1,${scale}})?$`);
}

export const COMMODITY_CODE = /^\d{10}$/;
export const MAX_LIST_ENTRY = 20;

export function splitLines(text: string | undefined | null): string[] {
  return (text ?? '')
    .split(/[\n,;，；]+/)
    .map((line) => line.trim())
    .filter(Boolean);
}

function text(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

function toDraftItem(item: ItemValues): DraftItem {
  const elements: Record<string, string> = {};
  for (const [key, value] of Object.entries(item.declarationElements ?? {})) {
    const trimmed = value?.trim();
    if (trimmed) elements[key] = trimmed;
  }
  return {
    commodityCode: text(item.commodityCode),
    goodsName: text(item.goodsName),
    declarationElements: elements,
    wetTonnes: text(item.wetTonnes),
    moisturePct: text(item.moisturePct),
    unitPrice: text(item.unitPrice),
  };
}

/** The PATCH / tax-preview body: empty inputs become null, lists are split, the date is ISO. */
export function toDraft(values: FormValues): DeclarationDraft {
  return {
    isAdvance: Boolean(values.isAdvance),
    portCode: text(values.portCode),
    transportModeCode: values.transportModeCode ?? null,
    trainNumber: text(values.trainNumber),
    wagonNumbers: splitLines(values.wagonNumbers),
    truckPlates: splitLines(values.truckPlates),
    arrivalDate: values.arrivalDate ? values.arrivalDate.format('YYYY-MM-DD') : null,
    contractNumber: text(values.contractNumber),
    invoiceNumber: text(values.invoiceNumber),
    incoterm: values.incoterm ?? null,
    currencyCode: text(values.currencyCode),
    freight: text(values.freight),
    insurance: text(values.insurance),
    originCountryCode: text(values.originCountryCode),
    departureCountryCode: text(values.departureCountryCode),
    overseasShipperId: values.overseasShipperId ?? null,
    items: (values.items ?? []).map(toDraftItem),
  };
}

export function fromDeclaration(declaration: Declaration): FormValues {
  return {
    importerId: declaration.importer.id,
    isAdvance: declaration.isAdvance,
    portCode: declaration.portCode,
    transportModeCode: (declaration.transportModeCode as TransportModeCode | null) ?? null,
    trainNumber: declaration.trainNumber,
    wagonNumbers: declaration.wagonNumbers.join('\n'),
    truckPlates: declaration.truckPlates.join('\n'),
    arrivalDate: declaration.arrivalDate ? dayjs(declaration.arrivalDate) : null,
    contractNumber: declaration.contractNumber,
    invoiceNumber: declaration.invoiceNumber,
    incoterm: (declaration.incoterm as Incoterm | null) ?? null,
    currencyCode: declaration.currencyCode,
    freight: declaration.freight,
    insurance: declaration.insurance,
    originCountryCode: declaration.originCountryCode,
    departureCountryCode: declaration.departureCountryCode,
    overseasShipperId: declaration.overseasShipper?.id ?? null,
    items: declaration.items.map((item) => ({
      commodityCode: item.commodityCode,
      goodsName: item.goodsName,
      declarationElements: { ...item.declarationElements },
      wetTonnes: item.wetTonnes,
      moisturePct: item.moisturePct,
      unitPrice: item.unitPrice,
    })),
  };
}

/** Field paths whose value the server would refuse as a draft (wrong format); autosave waits until they are fixed. */
export function formatProblems(values: FormValues): string[] {
  const problems: string[] = [];
  const checkDecimal = (field: DecimalField, value: string | null | undefined, path: string) => {
    const trimmed = value?.trim();
    if (trimmed && !decimalPattern(field).test(trimmed)) problems.push(path);
  };
  checkDecimal('freight', values.freight, 'freight');
  checkDecimal('insurance', values.insurance, 'insurance');
  for (const field of ['wagonNumbers', 'truckPlates'] as const) {
    if (splitLines(values[field]).some((entry) => entry.length > MAX_LIST_ENTRY)) problems.push(field);
  }
  (values.items ?? []).forEach((item, index) => {
    const code = item.commodityCode?.trim();
    if (code && !COMMODITY_CODE.test(code)) problems.push(`items.${index}.commodityCode`);
    checkDecimal('wetTonnes', item.wetTonnes, `items.${index}.wetTonnes`);
    checkDecimal('moisturePct', item.moisturePct, `items.${index}.moisturePct`);
    checkDecimal('unitPrice', item.unitPrice, `items.${index}.unitPrice`);
  });
  return problems;
}

export type FieldName = (string | number)[];

/**
 * Maps a server error path ("items.0.wetTonnes", "wagonNumbers.3", "items.1.declarationElements.grade") to the
 * form field that shows it; null when no single field matches (shown in the form's error summary instead).
 */
export function fieldNameForPath(path: string): FieldName | null {
  const parts = path.split('.').filter(Boolean);
  const [head, second, third, fourth] = parts;
  if (!head) return null;
  if (head === 'items') {
    const index = Number(second);
    if (second === undefined || !Number.isInteger(index) || !third) return null;
    if (third === 'declarationElements') return fourth ? ['items', index, 'declarationElements', fourth] : ['items', index, 'commodityCode'];
    return (ITEM_FIELDS as readonly string[]).includes(third) ? ['items', index, third] : null;
  }
  if (head === 'overseasShipper') return ['overseasShipperId'];
  if (head === 'importer') return ['importerId'];
  return (HEADER_FIELDS as readonly string[]).includes(head) ? [head] : null;
}
