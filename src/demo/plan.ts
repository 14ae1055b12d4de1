import { Decimal } from '../core/decimal.js';
import { computeDryMass, computeImportTaxes, computeItemValue } from '../modules/declarations/tax.js';
import { monthOf, todayInChina } from '../modules/reference/reference.service.js';
import type { Random } from './random.js';
import { ironOreDeclarationElements } from '../modules/reference/reference.data.js';

/** Horgos Customs, Q1: 197,000 t of iron ore products worth CNY 170 million, all from Kazakhstan (the seed article). */
export const Q1_TARGET = { wetTonnes: '197000.000', customsValueCny: '170000000.00' } as const;

type EnterpriseKey = 'xinyuan' | 'bayi' | 'tianshan' | 'jinhe' | 'tongda' | 'eurasia';

export const INSPECTION_FAILURES = ['SOLID_WASTE', 'RADIOACTIVITY', 'FOREIGN_MATTER', 'SHORT_WEIGHT'] as const;
export type InspectionFailure = (typeof INSPECTION_FAILURES)[number];

export interface PlannedDeclaration {
  id: string;
  importer: EnterpriseKey;
  declarant: EnterpriseKey;
  transport: 'RAIL' | 'ROAD';
  trainNumber: string;
  vehicles: string[];
  arrivalDate: string;
  isAdvance: boolean;
  contractNumber: string;
  invoiceNumber: string;
  currency: 'USD' | 'CNY';
  shipper: 'ssgpo' | 'kentobe' | 'karaganda' | 'ural';
  originCountryCode: string;
  departureCountryCode: string;
  commodityCode: string;
  goodsName: string;
  declarationElements: Record<string, string>;
  wetTonnes: string;
  moisturePct: string;
  unitPrice: string;
  weighedTonnes: string;
  doseRate: string;
  /** What an on-site check of this lot finds; a lot never inspected leaves with it undetected. */
  inspectionFailure: InspectionFailure | null;
  times: {
    created: Date;
    submitted: Date;
    accepted: Date;
    inspectionStarted: Date;
    inspected: Date;
    released: Date;
    releasedDirect: Date;
    cleared: Date | null;
  };
}

interface Product {
  code: string;
  goodsName: string;
  shipper: PlannedDeclaration['shipper'];
  moisture: [number, number];
  tfe: [number, number];
  /** USD per dry tonne, delivered at Horgos. */
  usdPerDmt: [number, number];
}

const PRODUCTS: [Product, number][] = [
  [{ code: '2601111000', goodsName: '铁精粉', shipper: 'kentobe', moisture: [800, 1000], tfe: [650, 670], usdPerDmt: [112, 124] }, 40],
  [{ code: '2601120000', goodsName: '铁矿球团', shipper: 'karaganda', moisture: [100, 200], tfe: [620, 645], usdPerDmt: [124, 138] }, 35],
  [{ code: '2601112000', goodsName: '铁矿粉', shipper: 'ssgpo', moisture: [400, 600], tfe: [570, 600], usdPerDmt: [96, 108] }, 15],
  [{ code: '2601119000', goodsName: '块矿', shipper: 'ssgpo', moisture: [200, 400], tfe: [540, 570], usdPerDmt: [90, 102] }, 10],
];

const FILINGS: [[EnterpriseKey, EnterpriseKey], number][] = [
  [['bayi', 'bayi'], 20],
  [['bayi', 'tongda'], 15],
  [['bayi', 'eurasia'], 12],
  [['xinyuan', 'tongda'], 18],
  [['xinyuan', 'xinyuan'], 6],
  [['tianshan', 'eurasia'], 19],
  [['jinhe', 'jinhe'], 10],
];

const HOUR = 3600_000;
const MINUTE = 60_000;
/** Midnight at the start of 1 January 2026, China time. */
const QUARTER_START = Date.UTC(2026, 0, 1) - 8 * HOUR;
/** A lot small enough (< 100 dry t) that its CNY unit price can hit any total to the fen. */
const BALANCING_LOT = { wetTonnes: '100.000', moisturePct: '1.50' };

/**
 * Plans a first quarter of rail and road lots whose released declarations add up exactly to the published
 * figures: masses are chosen to sum to the target, prices are scaled to the value target, and one small
 * road lot in CNY absorbs the last fen. Two lots of the watch-listed importer fail their on-site check.
 */
export function planQuarter(random: Random, rates: Map<string, string>): PlannedDeclaration[] {
  const plans: PlannedDeclaration[] = [];
  const massTarget = new Decimal(Q1_TARGET.wetTonnes).minus(BALANCING_LOT.wetTonnes);
  let planned = new Decimal(0);
  while (massTarget.minus(planned).greaterThan(5000)) {
    const lot = randomLot(random, null);
    plans.push(lot);
    planned = planned.plus(lot.wetTonnes);
  }
  const remaining = massTarget.minus(planned);
  const half = remaining.dividedBy(2).toDecimalPlaces(3);
  for (const mass of [half, remaining.minus(half)]) plans.push(randomLot(random, mass.toFixed(3)));
  const balancing = randomLot(random, BALANCING_LOT.wetTonnes, { transport: 'ROAD', currency: 'CNY', product: PRODUCTS[1]![0], moisturePct: BALANCING_LOT.moisturePct, filing: ['xinyuan', 'tongda'] });

  scheduleQuarter(random, [...plans, balancing]);
  const failures = (['SOLID_WASTE', 'RADIOACTIVITY'] as const).map((failure, i) => {
    const lot = randomLot(random, null, { filing: ['jinhe', 'jinhe'] });
    lot.inspectionFailure = failure;
    scheduleLot(random, lot, QUARTER_START + (25 + i * 30) * 24 * HOUR);
    return lot;
  });

  const valueOf = (lot: PlannedDeclaration) => customsValue(lot, rates);
  const othersPlanned = plans.reduce((sum, lot) => sum.plus(valueOf(lot)), new Decimal(0));
  const balancingDry = computeDryMass(balancing.wetTonnes, balancing.moisturePct);
  const balancingShare = new Decimal(balancingDry).times(6300);
  const scale = new Decimal(Q1_TARGET.customsValueCny).minus(balancingShare).dividedBy(othersPlanned);
  for (const lot of plans) lot.unitPrice = new Decimal(lot.unitPrice).times(scale).toFixed(4);
  const othersValue = plans.reduce((sum, lot) => sum.plus(valueOf(lot)), new Decimal(0));
  balancing.unitPrice = priceForValue(balancingDry, new Decimal(Q1_TARGET.customsValueCny).minus(othersValue));
  return [...plans, balancing, ...failures].sort((a, b) => a.times.created.getTime() - b.times.created.getTime());
}

function randomLot(
  random: Random,
  wetTonnes: string | null,
  fixed: { transport?: 'RAIL' | 'ROAD'; currency?: 'USD' | 'CNY'; product?: Product; moisturePct?: string; filing?: [EnterpriseKey, EnterpriseKey] } = {},
): PlannedDeclaration {
  const product = fixed.product ?? random.weighted(PRODUCTS);
  const transport = fixed.transport ?? (random.next() < 0.85 ? 'RAIL' : 'ROAD');
  const [importer, declarant] = fixed.filing ?? random.weighted(FILINGS);
  // Broad-gauge wagons carry 64–70 t of ore; trucks 30–38 t.
  const [perVehicleMin, perVehicleMax, countMin, countMax] = transport === 'RAIL' ? [64_000, 69_800, 20, 50] : [30_000, 38_000, 8, 20];
  let vehicleCount: number;
  let mass: string;
  if (wetTonnes) {
    mass = wetTonnes;
    vehicleCount = Math.max(1, Math.ceil(Number(wetTonnes) / (perVehicleMax / 1000)));
  } else {
    vehicleCount = random.int(countMin, countMax);
    let kg = 0;
    for (let i = 0; i < vehicleCount; i++) kg += random.int(perVehicleMin, perVehicleMax);
    mass = new Decimal(kg).dividedBy(1000).toFixed(3);
  }
  const moisturePct = fixed.moisturePct ?? new Decimal(random.int(...product.moisture)).dividedBy(100).toFixed(2);
  const currency = fixed.currency ?? (random.next() < 0.7 ? 'USD' : 'CNY');
  const usd = new Decimal(random.int(product.usdPerDmt[0] * 100, product.usdPerDmt[1] * 100)).dividedBy(100);
  const tfe = new Decimal(random.int(...product.tfe)).dividedBy(10).toFixed(1);
  const vehicles =
    transport === 'RAIL'
      ? Array.from({ length: vehicleCount }, () => String(random.int(60_000_000, 69_999_999)))
      : Array.from({ length: vehicleCount }, () => `新F${random.pick(['A', 'B', 'C', 'D'])}${random.int(10000, 99999)}`);
  // On-site weighing lands within ±1.5 % of the declared wet mass.
  const weighed = new Decimal(mass).times(1 + (random.next() - 0.5) * 0.03).toFixed(3);
  return {
    id: random.uuid(),
    importer,
    declarant,
    transport,
    trainNumber: transport === 'RAIL' ? `X${random.int(8001, 8099)}` : '',
    vehicles,
    arrivalDate: '',
    isAdvance: false,
    contractNumber: `KZ-${importer.toUpperCase()}-2026-${random.int(100, 999)}`,
    invoiceNumber: `INV-${random.int(100000, 999999)}`,
    currency,
    shipper: product.shipper,
    originCountryCode: 'KZ',
    departureCountryCode: 'KZ',
    commodityCode: product.code,
    goodsName: product.goodsName,
    declarationElements: elementsFor(product.code, tfe),
    wetTonnes: mass,
    moisturePct,
    // CNY contracts are priced at about the customs USD rate.
    unitPrice: (currency === 'USD' ? usd : usd.times('7.15')).toFixed(4),
    weighedTonnes: weighed,
    doseRate: new Decimal(random.int(60, 180)).dividedBy(1000).toFixed(4),
    inspectionFailure: null,
    times: { created: new Date(0), submitted: new Date(0), accepted: new Date(0), inspectionStarted: new Date(0), inspected: new Date(0), released: new Date(0), releasedDirect: new Date(0), cleared: null },
  };
}

/** Spreads arrivals over 2 January – 30 March; the balancing lot arrives last. */
function scheduleQuarter(random: Random, lots: PlannedDeclaration[]) {
  const days = 88;
  lots.forEach((lot, i) => {
    const day = 1 + Math.floor((i / lots.length) * days);
    scheduleLot(random, lot, QUARTER_START + day * 24 * HOUR + random.int(0, 23 * 60) * MINUTE);
  });
}

/**
 * Arrival → declaration (or an advance declaration the day before) → acceptance → on-site check when
 * selected → release → closing a few days later: the "arrive any time, inspect any time" rhythm.
 */
function scheduleLot(random: Random, lot: PlannedDeclaration, arrival: number) {
  lot.isAdvance = random.next() < 0.25;
  const submitted = lot.isAdvance ? arrival - random.int(4 * 60, 20 * 60) * MINUTE : arrival + random.int(30, 240) * MINUTE;
  const accepted = submitted + random.int(5, 40) * MINUTE;
  const ready = Math.max(accepted, arrival);
  const inspectionStarted = ready + random.int(20, 90) * MINUTE;
  const inspected = inspectionStarted + random.int(50, 150) * MINUTE;
  const released = inspected + random.int(10, 45) * MINUTE;
  lot.arrivalDate = todayInChina(new Date(arrival));
  lot.times = {
    created: new Date(submitted - random.int(10, 90) * MINUTE),
    submitted: new Date(submitted),
    accepted: new Date(accepted),
    inspectionStarted: new Date(inspectionStarted),
    inspected: new Date(inspected),
    released: new Date(released),
    releasedDirect: new Date(ready + random.int(5, 30) * MINUTE),
    cleared: new Date(released + random.int(24, 96) * HOUR),
  };
}

function customsValue(lot: PlannedDeclaration, rates: Map<string, string>): Decimal {
  const month = monthOf(todayInChina(lot.times.submitted));
  const rate = lot.currency === 'CNY' ? '1' : rates.get(`${lot.currency}/${month}`);
  if (!rate) throw new Error(`no ${lot.currency} rate for ${month}`);
  const value = computeItemValue(computeDryMass(lot.wetTonnes, lot.moisturePct), lot.unitPrice);
  const result = computeImportTaxes({ exchangeRate: rate, incoterm: 'DAP' }, [{ valueInCurrency: value, dutyRate: '0', vatRate: '0.13' }]);
  if (!result.ok) throw new Error(`demo plan produced an invalid lot: ${JSON.stringify(result.issues)}`);
  return new Decimal(result.value.totals.customsValueCny);
}

/** A 4-decimal price whose value on `dryTonnes` rounds to exactly `target` fen (needs dryTonnes < 100). */
function priceForValue(dryTonnes: string, target: Decimal): string {
  const approximate = target.dividedBy(dryTonnes).toDecimalPlaces(4);
  for (let step = 0; step <= 20; step++) {
    for (const candidate of [approximate.plus(step / 10_000), approximate.minus(step / 10_000)]) {
      if (new Decimal(computeItemValue(dryTonnes, candidate)).equals(target)) return candidate.toFixed(4);
    }
  }
  throw new Error(`no 4-decimal price gives CNY ${target.toFixed(2)} on ${dryTonnes} t`);
}

/** Declaration elements (申报要素) as a broker fills them for Kazakh ore. */
export function elementsFor(code: string, tfe: string): Record<string, string> {
  const values: Record<string, string> = {
    brandType: '无品牌',
    exportPreference: '出口货物在最终目的国（地区）不享受优惠关税',
    processingMethod: code === '2601120000' ? '造球焙烧' : code === '2601111000' ? '磁选精选' : '破碎筛分',
    appearance: code === '2601120000' ? '球状' : code === '2601119000' ? '块状' : '粉状',
    composition: `TFe ${tfe}%`,
    averageParticleSize: code === '2601111000' ? '0.074mm' : code === '2601112000' ? '3mm' : '12mm',
    source: code === '2601120000' ? 'Karaganda pellet plant' : code === '2601111000' ? 'Kentobe mine' : 'Kachar mine',
    contractDate: '2025-12-10',
    pricingMethod: '公式定价',
    secondSettlement: '是',
    pricingDate: '2026-01-31',
  };
  const allowed = new Set(ironOreDeclarationElements(code !== '2601120000').map((e) => e.key));
  return Object.fromEntries(Object.entries(values).filter(([key]) => allowed.has(key)));
}

// ── After the first quarter: April – 20 November 2026 ─────────────────────────────────────────────────────

/** 00:00 on 1 April 2026 and on 21 November 2026, China time. */
const LATER_START = Date.UTC(2026, 3, 1) - 8 * HOUR;
export const LATER_HISTORY_END = Date.UTC(2026, 10, 21) - 8 * HOUR;
const LATER_LOT_COUNT = 280;

/** Russian fines and lump routed through Horgos by one shipper whose lots keep failing radiation and cargo checks. */
const URAL_PRODUCTS: Product[] = [
  { code: '2601112000', goodsName: '铁矿粉', shipper: 'ural', moisture: [400, 700], tfe: [560, 600], usdPerDmt: [92, 104] },
  { code: '2601119000', goodsName: '块矿', shipper: 'ural', moisture: [200, 400], tfe: [530, 560], usdPerDmt: [86, 98] },
];

/**
 * Whether a lot is non-conforming is decided here, before any officer sees it, by who ships what — the pattern
 * the learned score should find from the lots that happen to be inspected:
 *  - the dishonest, watch-listed importer (金河) under-declares mass and mixes in foreign matter: about 30 %;
 *  - the Russian shipper's lots (origin RU) carry radioactive scrap or foreign matter: about 45 %;
 *  - lots declared far below the usual value (slag or waste passed off as ore): +45 %;
 *  - everything else: 2 %.
 * Only lots the risk engine sends to inspection reveal it; the rest are released with it undetected, as in life.
 */
function latentFailure(random: Random, lot: Pick<PlannedDeclaration, 'importer' | 'shipper'>, undervalued: boolean): InspectionFailure | null {
  let probability = 0.02;
  if (lot.importer === 'jinhe') probability = 0.3;
  if (lot.shipper === 'ural') probability = Math.max(probability, 0.45);
  if (undervalued) probability += 0.45;
  if (random.next() >= probability) return null;
  if (undervalued) return 'SOLID_WASTE';
  if (lot.shipper === 'ural') return random.pick(['RADIOACTIVITY', 'RADIOACTIVITY', 'FOREIGN_MATTER'] as const);
  if (lot.importer === 'jinhe') return random.pick(['SHORT_WEIGHT', 'SHORT_WEIGHT', 'FOREIGN_MATTER'] as const);
  return random.pick(INSPECTION_FAILURES);
}

/**
 * Eight more months of ordinary traffic after the first quarter, in arrival order: mostly Kazakh ore as in Q1,
 * about one lot in six from the Russian shipper (filed by 天山 through 亚欧), and some lots declared far below
 * their usual value — more often by the dishonest importer, never by 新源.
 */
export function planLaterHistory(random: Random): PlannedDeclaration[] {
  const lots: PlannedDeclaration[] = [];
  const span = LATER_HISTORY_END - LATER_START - 2 * 24 * HOUR;
  for (let index = 0; index < LATER_LOT_COUNT; index++) {
    const ural = random.next() < 0.18;
    const lot = ural
      ? randomLot(random, null, { product: random.pick(URAL_PRODUCTS), filing: ['tianshan', 'eurasia'], transport: 'RAIL' })
      : randomLot(random, null);
    if (ural) {
      lot.originCountryCode = 'RU';
      lot.departureCountryCode = 'RU';
      lot.contractNumber = lot.contractNumber.replace(/^KZ-/, 'RU-');
    }
    // 新源 (the `importer` demo account) stays a clean importer: the API tests file its lots and expect no history rule to fire.
    const undervalued = lot.importer !== 'xinyuan' && random.next() < (lot.importer === 'jinhe' ? 0.35 : ural ? 0.2 : 0.05);
    if (undervalued) lot.unitPrice = new Decimal(lot.unitPrice).times(random.int(55, 75)).dividedBy(100).toFixed(4);
    lot.inspectionFailure = latentFailure(random, lot, undervalued);
    if (lot.inspectionFailure === 'SHORT_WEIGHT') {
      // 6–9 % short on the weighbridge: beyond the 5 % tolerance.
      lot.weighedTonnes = new Decimal(lot.wetTonnes).times(100 - random.int(6, 9)).dividedBy(100).toFixed(3);
    }
    scheduleLot(random, lot, LATER_START + Math.floor((index / LATER_LOT_COUNT) * span) + random.int(0, 23 * 60) * MINUTE);
    lots.push(lot);
  }
  return lots.sort((a, b) => a.times.created.getTime() - b.times.created.getTime());
}
