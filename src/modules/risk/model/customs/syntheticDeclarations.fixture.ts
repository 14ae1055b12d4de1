import { createSeededRandom } from '../random.js';
import type { CustomsDeclaration } from './declaration.js';

export interface SyntheticSample {
  declarations: CustomsDeclaration[];
  labels: Uint8Array;
}

/**
 * Small customs-like sample for tests: fraud is planted on country of departure "XX" and
 * on high-tariff declarations with a preferential tariff type, plus repeated identical
 * (Net Mass, Item Price) pairs that keep their label, like the KCS data.
 */
export function syntheticDeclarations(count: number, seed = 7): SyntheticSample {
  const random = createSeededRandom(seed);
  const pick = <T>(values: readonly T[]): T => values[random.nextInt(values.length)];
  const declarations: CustomsDeclaration[] = [];
  const labels = new Uint8Array(count);
  const repeatedPairs: { netMass: number; itemPrice: number; fraud: number }[] = [];
  for (let index = 0; index < count; index++) {
    const departure = pick(['CN', 'CN', 'JP', 'US', 'XX']);
    const taxType = pick(['A', 'C', 'FCN1', 'FEU1']);
    const taxRate = pick([0, 5, 8, 13]);
    let netMass = Math.round(random.next() * 5000) / 10;
    let itemPrice = Math.round(netMass * (100 + random.next() * 900));
    let fraud = departure === 'XX' || (taxRate >= 8 && taxType.startsWith('F')) ? 1 : 0;
    if (random.next() < 0.05) fraud = 1 - fraud;
    const repeat = repeatedPairs.length > 0 && random.next() < 0.3 ? pick(repeatedPairs) : null;
    if (repeat) {
      ({ netMass, itemPrice, fraud } = repeat);
    } else if (random.next() < 0.2) {
      repeatedPairs.push({ netMass, itemPrice, fraud });
    }
    labels[index] = fraud;
    declarations.push({
      declarationId: String(10_000_000 + index),
      date: `2020-0${1 + random.nextInt(9)}-1${random.nextInt(10)}`,
      officeId: pick(['10', '20', '30']),
      processType: 'B',
      importType: pick(['11', '21']),
      importUse: pick(['21', '23']),
      paymentType: pick(['11', '43']),
      modeOfTransport: pick(['10', '40']),
      declarantId: `D${random.nextInt(30)}`,
      importerId: `I${random.nextInt(200)}`,
      sellerId: random.next() < 0.1 ? '' : `S${random.nextInt(150)}`,
      courierId: random.next() < 0.9 ? '' : `C${random.nextInt(3)}`,
      hsCode: pick(['440890', '690722', '620822', '940350']),
      countryOfDeparture: departure,
      countryOfOrigin: random.next() < 0.8 ? departure : pick(['CN', 'VN']),
      taxRate,
      taxType,
      countryOfOriginIndicator: pick(['B', 'G', 'Y']),
      netMass,
      itemPrice,
    });
  }
  return { declarations, labels };
}

const CSV_HEADER = [
  'Declaration ID', 'Date', 'Office ID', 'Process Type', 'Import Type', 'Import Use', 'Payment Type',
  'Mode of Transport', 'Declarant ID', 'Importer ID', 'Seller ID', 'Courier ID', 'HS6 Code',
  'Country of Departure', 'Country of Origin', 'Tax Rate', 'Tax Type', 'Country of Origin Indicator',
  'Net Mass', 'Item Price',
];

/** The sample as the customs CSV (optionally with the Fraud and Critical Fraud labels). */
export function syntheticCsv(sample: SyntheticSample, withLabels: boolean): string {
  const header = withLabels ? [...CSV_HEADER, 'Fraud', 'Critical Fraud'] : CSV_HEADER;
  const lines = sample.declarations.map((d, index) => {
    const fields = [
      d.declarationId, d.date, d.officeId, d.processType, d.importType, d.importUse, d.paymentType,
      d.modeOfTransport, d.declarantId, d.importerId, d.sellerId, d.courierId, d.hsCode,
      d.countryOfDeparture, d.countryOfOrigin, String(d.taxRate), d.taxType, d.countryOfOriginIndicator,
      String(d.netMass), String(d.itemPrice),
    ];
    if (withLabels) fields.push(String(sample.labels[index]), String(sample.labels[index]));
    return fields.join(',');
  });
  return `${[header.join(','), ...lines].join('\n')}\n`;
}
