import { csvRowsAsRecords, parseCsv } from '../csv.js';

/** One import declaration as the risk model reads it (the KCS/WCO customs CSV layout). */
export interface CustomsDeclaration {
  declarationId: string;
  /** YYYY-MM-DD */
  date: string;
  officeId: string;
  processType: string;
  importType: string;
  importUse: string;
  paymentType: string;
  modeOfTransport: string;
  declarantId: string;
  importerId: string;
  /** Empty when unknown. */
  sellerId: string;
  /** Empty when not shipped by courier. */
  courierId: string;
  /** HS code, 6 digits or longer; the model reads the first 6. */
  hsCode: string;
  countryOfDeparture: string;
  countryOfOrigin: string;
  /** Tariff rate in percent. */
  taxRate: number;
  taxType: string;
  countryOfOriginIndicator: string;
  /** kg without packaging. */
  netMass: number;
  /** Assessed value in KRW. */
  itemPrice: number;
}

interface ColumnSpec {
  field: keyof CustomsDeclaration;
  /** Accepted header names, first one preferred. */
  columns: string[];
  kind: 'text' | 'number';
  /** Optional columns read as empty when the header lacks them. */
  optional?: boolean;
}

export const DECLARATION_ID_COLUMN = 'Declaration ID';
export const FRAUD_LABEL_COLUMN = 'Fraud';

const COLUMN_SPECS: readonly ColumnSpec[] = [
  { field: 'declarationId', columns: [DECLARATION_ID_COLUMN], kind: 'text' },
  { field: 'date', columns: ['Date'], kind: 'text' },
  { field: 'officeId', columns: ['Office ID'], kind: 'text' },
  { field: 'processType', columns: ['Process Type'], kind: 'text' },
  { field: 'importType', columns: ['Import Type'], kind: 'text' },
  { field: 'importUse', columns: ['Import Use'], kind: 'text' },
  { field: 'paymentType', columns: ['Payment Type'], kind: 'text' },
  { field: 'modeOfTransport', columns: ['Mode of Transport'], kind: 'text' },
  { field: 'declarantId', columns: ['Declarant ID'], kind: 'text' },
  { field: 'importerId', columns: ['Importer ID'], kind: 'text' },
  { field: 'sellerId', columns: ['Seller ID'], kind: 'text', optional: true },
  { field: 'courierId', columns: ['Courier ID'], kind: 'text', optional: true },
  // The older release of the dataset carries 10-digit Korean codes under another header.
  { field: 'hsCode', columns: ['HS6 Code', 'HS10 Code'], kind: 'text' },
  { field: 'countryOfDeparture', columns: ['Country of Departure'], kind: 'text' },
  { field: 'countryOfOrigin', columns: ['Country of Origin'], kind: 'text' },
  { field: 'taxRate', columns: ['Tax Rate'], kind: 'number' },
  { field: 'taxType', columns: ['Tax Type'], kind: 'text' },
  { field: 'countryOfOriginIndicator', columns: ['Country of Origin Indicator'], kind: 'text' },
  { field: 'netMass', columns: ['Net Mass'], kind: 'number' },
  { field: 'itemPrice', columns: ['Item Price'], kind: 'number' },
];

/** Empty or unparsable numbers become NaN, which the model treats as missing. */
function parseNumber(text: string): number {
  const trimmed = text.trim();
  return trimmed === '' ? Number.NaN : Number(trimmed);
}

/**
 * Builds a declaration from fields named like the CSV header ("Net Mass", "HS6 Code", …).
 * Throws when a required field is absent; optional ones default to empty.
 */
export function declarationFromFields(fields: Readonly<Record<string, string | undefined>>): CustomsDeclaration {
  const declaration = {} as Record<keyof CustomsDeclaration, string | number>;
  const missing: string[] = [];
  for (const spec of COLUMN_SPECS) {
    const column = spec.columns.find((name) => fields[name] !== undefined);
    const raw = column === undefined ? undefined : fields[column];
    if (raw === undefined && !spec.optional) missing.push(spec.columns.join(' or '));
    const text = (raw ?? '').trim();
    declaration[spec.field] = spec.kind === 'number' ? parseNumber(text) : text;
  }
  if (missing.length > 0) throw new Error(`declaration is missing required fields: ${missing.join(', ')}`);
  return declaration as unknown as CustomsDeclaration;
}

export interface ParsedDeclarations {
  declarations: CustomsDeclaration[];
  /** Fraud labels (0/1) when the file has a Fraud column, else null. */
  labels: Uint8Array | null;
}

export function parseDeclarationsCsv(text: string, options: { requireLabels: boolean }): ParsedDeclarations {
  const table = parseCsv(text);
  const missingColumns = COLUMN_SPECS.filter(
    (spec) => !spec.optional && !spec.columns.some((name) => table.header.includes(name)),
  ).map((spec) => spec.columns.join(' or '));
  if (options.requireLabels && !table.header.includes(FRAUD_LABEL_COLUMN)) missingColumns.push(FRAUD_LABEL_COLUMN);
  if (missingColumns.length > 0) throw new Error(`CSV lacks required columns: ${missingColumns.join(', ')}`);

  const records = csvRowsAsRecords(table);
  const declarations = records.map(declarationFromFields);
  if (!table.header.includes(FRAUD_LABEL_COLUMN)) return { declarations, labels: null };
  const labels = new Uint8Array(records.length);
  records.forEach((record, index) => {
    const value = (record[FRAUD_LABEL_COLUMN] ?? '').trim();
    if (value !== '0' && value !== '1') {
      throw new Error(`row ${index + 2}: ${FRAUD_LABEL_COLUMN} must be 0 or 1, got "${value}"`);
    }
    labels[index] = value === '1' ? 1 : 0;
  });
  return { declarations, labels };
}
