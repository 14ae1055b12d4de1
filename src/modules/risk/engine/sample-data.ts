import type { CreditClass } from '../../../core/auth/roles.js';
import { createSeededRandom, type SeededRandom } from '../model/random.js';
import type { DeclarationFacts, ItemFacts, ScreeningResults } from './facts.js';
import type { Condition, NamedList, Rule, RuleAction, RuleSet, ValueBand } from './rule-schema.js';

/**
 * A realistic Horgos iron-ore rule set (64 rules, one of them switched off, over every kind of criterion) and a seeded generator of
 * declarations shaped like Horgos traffic for it. The benchmark and the property tests run on them; values are
 * plausible (DOMAIN.md §3.6, §3.10: ≈ 750–870 CNY/t on average), not official.
 */

// ── Population ─────────────────────────────────────────────────────────────────────────────────────────────

function seededUuid(random: SeededRandom): string {
  const hex = (digits: number) => Array.from({ length: digits }, () => random.nextInt(16).toString(16)).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${(8 + random.nextInt(4)).toString(16)}${hex(3)}-${hex(12)}`;
}

interface Importer {
  id: string;
  creditClass: CreditClass;
  /** Earlier declarations at the start of the synthetic period. */
  history: number;
  nonConformities: number;
}

const wagonNumber = (random: SeededRandom) => String(50_000_000 + random.nextInt(49_999_999));
const PLATE_LETTERS = 'ABCEHKMOPTXY';
const truckPlate = (random: SeededRandom) =>
  `${100 + random.nextInt(900)}${PLATE_LETTERS[random.nextInt(12)]}${PLATE_LETTERS[random.nextInt(12)]}${10 + random.nextInt(8)}`;

function buildPopulation() {
  const random = createSeededRandom(20_250_427);
  const importers: Importer[] = Array.from({ length: 80 }, (_, index) => ({
    id: seededUuid(random),
    creditClass: index < 8 ? 'ADVANCED_CERTIFIED' : index < 76 ? 'GENERAL' : 'DISHONEST',
    history: index % 10 === 9 ? random.nextInt(3) : 5 + random.nextInt(400),
    nonConformities: random.next() < 0.12 ? 1 + random.nextInt(random.next() < 0.25 ? 5 : 2) : 0,
  }));
  const declarants = Array.from({ length: 25 }, () => seededUuid(random));
  const watchedImporterIndices = new Set([12, 47, 77]);
  return {
    regularImporters: importers.filter((_, index) => !watchedImporterIndices.has(index)),
    declarants,
    watchedImporters: [importers[12]!, importers[47]!, importers[77]!],
    watchedDeclarants: [declarants[19]!],
    watchedWagons: Array.from({ length: 40 }, () => wagonNumber(random)),
    watchedTrucks: Array.from({ length: 15 }, () => truckPlate(random)),
  };
}

const POPULATION = buildPopulation();

// ── Reference values ───────────────────────────────────────────────────────────────────────────────────────

const CODES = {
  concentrate: '2601111000',
  fines: '2601112000',
  lump: '2601119000',
  pellets: '2601120000',
  pyrites: '2601200000',
} as const;

const CATEGORY_OF_CODE: Record<string, string> = {
  [CODES.concentrate]: 'IRON_CONCENTRATE',
  [CODES.fines]: 'IRON_ORE_FINES',
  [CODES.lump]: 'IRON_ORE_LUMP',
  [CODES.pellets]: 'PELLETS',
  [CODES.pyrites]: 'ROASTED_PYRITES',
};

/** Typical CNY per dry tonne at the border and the value-control band around it, per code. */
const PRICES: Record<string, { typical: number; min: number; max: number }> = {
  [CODES.concentrate]: { typical: 930, min: 700, max: 1250 },
  [CODES.fines]: { typical: 820, min: 600, max: 1100 },
  [CODES.lump]: { typical: 880, min: 650, max: 1200 },
  [CODES.pellets]: { typical: 1010, min: 750, max: 1350 },
  [CODES.pyrites]: { typical: 320, min: 150, max: 600 },
};

const SLAG_AND_RESIDUE_PREFIXES = ['2618', '2619', '2620', '2621'];

// ── Rule set ───────────────────────────────────────────────────────────────────────────────────────────────

const field = {
  eq: (name: string, value: string | number): Condition => ({ op: 'eq', field: name, value }),
  ne: (name: string, value: string | number): Condition => ({ op: 'ne', field: name, value }),
  in: (name: string, values: (string | number)[]): Condition => ({ op: 'in', field: name, values }),
  notIn: (name: string, values: (string | number)[]): Condition => ({ op: 'notIn', field: name, values }),
  inList: (name: string, list: string): Condition => ({ op: 'inList', field: name, list }),
  startsWith: (name: string, prefixes: string[]): Condition => ({ op: 'startsWith', field: name, prefixes }),
  gt: (name: string, value: number): Condition => ({ op: 'gt', field: name, value }),
  gte: (name: string, value: number): Condition => ({ op: 'gte', field: name, value }),
  lt: (name: string, value: number): Condition => ({ op: 'lt', field: name, value }),
  lte: (name: string, value: number): Condition => ({ op: 'lte', field: name, value }),
  between: (name: string, min: number, max: number): Condition => ({ op: 'between', field: name, min, max }),
  missing: (name: string): Condition => ({ op: 'isMissing', field: name }),
};
const all = (...conditions: Condition[]): Condition => ({ op: 'all', conditions });
const any = (...conditions: Condition[]): Condition => ({ op: 'any', conditions });
const not = (condition: Condition): Condition => ({ op: 'not', condition });
const valueBand = (side: 'below' | 'above' | 'either'): Condition => ({ op: 'outsideValueBand', side });
const massDeviation = (pct: number, reference: 'preArrival' | 'weighed' | 'either'): Condition => ({ op: 'massDeviationAbove', pct, reference });

function rule(id: string, zh: string, en: string, condition: Condition, action: Partial<RuleAction> & Pick<RuleAction, 'share'>, enabled = true): Rule {
  return {
    id,
    name: { zh, en },
    description: { zh, en },
    enabled,
    condition,
    action: { ...(action.lane ? { lane: action.lane } : {}), share: action.share, checks: action.checks ?? [] },
  };
}

const IBR = 'INSPECT_BEFORE_RELEASE' as const;
const DOC = 'DOCUMENT_CHECK' as const;
const RTI = 'RELEASE_THEN_INSPECT' as const;

const CATEGORY_NAMES: [category: string, zh: string, en: string][] = [
  ['IRON_CONCENTRATE', '铁精粉', 'concentrate'],
  ['IRON_ORE_FINES', '铁矿粉', 'fines'],
  ['IRON_ORE_LUMP', '块矿', 'lump'],
  ['PELLETS', '球团矿', 'pellets'],
  ['ROASTED_PYRITES', '焙烧黄铁矿', 'roasted pyrites'],
];

function sampleRules(): Rule[] {
  const isNewImporter = field.lt('importerDeclarationCount', 5);
  const rules: Rule[] = [
    // Commodity codes and ranges
    rule('CODE-SLAG', '申报为矿渣、残渣类编码', 'Slag, dross or residue codes declared',
      field.startsWith('commodityCode', SLAG_AND_RESIDUE_PREFIXES), { lane: IBR, share: 1, checks: ['SOLID_WASTE'] }),
    rule('CODE-PYRITES', '焙烧黄铁矿固废属性抽查', 'Roasted pyrites: solid-waste sampling',
      field.inList('commodityCode', 'solid-waste-sensitive-codes'), { lane: RTI, share: 0.3, checks: ['SOLID_WASTE'] }),
    rule('CODE-OUTSIDE-2601', '非2601品目商品', 'Goods outside heading 2601',
      not(field.startsWith('commodityCode', ['2601'])), { lane: DOC, share: 1, checks: ['DOCUMENT_REVIEW'] }),
    rule('CODE-PELLETS-NONCORE', '非哈萨克斯坦原产球团矿（防炉渣冒充）', 'Pellets not of Kazakh origin (slag passed off as pellets)',
      all(field.eq('commodityCode', CODES.pellets), not(field.inList('originCountry', 'core-origins'))), { lane: DOC, share: 0.5 }),
    rule('CODE-CONCENTRATE-HARMFUL', '铁精粉有毒有害元素监测', 'Concentrate: harmful-element monitoring',
      field.eq('commodityCode', CODES.concentrate), { share: 0.05, checks: ['SAMPLING_HARMFUL_ELEMENTS'] }),
  ];

  // Value control, one rule per category and side
  for (const [category, zh, en] of CATEGORY_NAMES) {
    rules.push(
      rule(`VALUE-LOW-${category}`, `${zh}申报价格低于价格参数下限`, `${en}: unit value below the value-control band`,
        all(field.eq('categoryCode', category), valueBand('below')), { lane: DOC, share: 1, checks: ['DOCUMENT_REVIEW'] }),
      rule(`VALUE-HIGH-${category}`, `${zh}申报价格高于价格参数上限`, `${en}: unit value above the value-control band`,
        all(field.eq('categoryCode', category), valueBand('above')), { lane: DOC, share: 0.3 }),
    );
  }
  rules.push(
    rule('VALUE-IMPLAUSIBLE', '铁矿单价低于250元/干吨（疑似炉渣）', 'Iron ore under 250 CNY/dmt (suspected slag)',
      all(field.ne('categoryCode', 'ROASTED_PYRITES'), field.lt('unitValueCnyPerDryTonne', 250)), { lane: IBR, share: 1, checks: ['SOLID_WASTE'] }),
    rule('VALUE-MISSING', '缺少单价', 'Unit value missing', field.missing('unitValueCnyPerDryTonne'), { lane: DOC, share: 1, checks: ['DOCUMENT_REVIEW'] }),

    // Mass
    rule('MASS-WEIGHED-5', '过磅重量与申报偏差超过5%', 'Weighed mass deviates more than 5 %', massDeviation(5, 'weighed'), { lane: IBR, share: 1 }),
    rule('MASS-WEIGHED-2', '过磅重量与申报偏差超过2%', 'Weighed mass deviates more than 2 %', massDeviation(2, 'weighed'), { lane: DOC, share: 0.5 }),
    rule('MASS-PREARRIVAL-3', '预到货重量与申报偏差超过3%', 'Pre-arrival mass deviates more than 3 %', massDeviation(3, 'preArrival'), { lane: DOC, share: 1, checks: ['DOCUMENT_REVIEW'] }),
    rule('MASS-PREARRIVAL-10', '预到货重量与申报偏差超过10%', 'Pre-arrival mass deviates more than 10 %', massDeviation(10, 'preArrival'), { lane: IBR, share: 1 }),
    rule('MASS-ROAD-HEAVY', '公路运输申报重量超过1500吨', 'Road lot declared above 1,500 t',
      all(field.eq('transportMode', 'ROAD'), field.gt('declaredWetTonnes', 1500)), { lane: DOC, share: 1 }),
    rule('MASS-SMALL-LOT', '申报重量不超过20吨（疑似拆分）', 'Lot of 20 t or less (possible splitting)', field.lte('declaredWetTonnes', 20), { lane: DOC, share: 0.2 }),

    // Enterprises, declarants, history
    rule('ENT-WATCH', '重点关注收货人', 'Watch-listed importer', field.inList('importerId', 'watched-importers'), { lane: IBR, share: 1 }),
    rule('DECL-WATCH', '重点关注申报单位', 'Watch-listed declarant', field.inList('declarantId', 'watched-declarants'), { lane: DOC, share: 1, checks: ['DOCUMENT_REVIEW'] }),
    rule('DECL-ENT-WATCH', '申报单位在企业关注名单', 'Declarant on the enterprise watch list', field.inList('declarantId', 'watched-importers'), { lane: DOC, share: 1 }),
    rule('HIST-FIRST', '首次进口企业', 'First import by this importer', field.eq('importerDeclarationCount', 0), { lane: RTI, share: 0.5 }),
    rule('HIST-NEW-TRANSIT', '新企业进口过境原产货物', 'New importer with transit-origin goods',
      all(isNewImporter, field.inList('originCountry', 'transit-origins')), { lane: IBR, share: 0.5 }),
    rule('HIST-NEW-ROAD', '新企业公路进口', 'New importer by road', all(isNewImporter, field.eq('transportMode', 'ROAD')), { lane: DOC, share: 0.3 }),
    rule('HIST-NC-3', '历史不合格3批及以上', 'Three or more earlier non-conforming lots', field.gte('importerNonConformityCount', 3), { lane: IBR, share: 1 }),
    rule('HIST-NC-1', '历史不合格1–2批', 'One or two earlier non-conforming lots', field.between('importerNonConformityCount', 1, 2), { lane: RTI, share: 0.3 }),
    rule('HIST-AEO-NC', '高级认证企业有不合格记录', 'Advanced certified importer with a non-conforming lot',
      all(field.eq('creditClass', 'ADVANCED_CERTIFIED'), field.gte('importerNonConformityCount', 1)), { lane: RTI, share: 0.1 }),
    rule('CREDIT-DISHONEST-PYRITES', '失信企业进口焙烧黄铁矿', 'Dishonest importer with roasted pyrites',
      all(field.eq('creditClass', 'DISHONEST'), field.eq('categoryCode', 'ROASTED_PYRITES')), { lane: IBR, share: 1, checks: ['SOLID_WASTE'] }),
    rule('CREDIT-DISHONEST-LOWVALUE', '失信企业低价申报', 'Dishonest importer below the value band',
      all(field.eq('creditClass', 'DISHONEST'), valueBand('below')), { lane: IBR, share: 1, checks: ['DOCUMENT_REVIEW'] }),
    rule('CREDIT-NEW-CONCENTRATE', '一般信用新企业铁精粉元素抽样', 'General-credit new importer, concentrate: element sampling',
      all(field.eq('creditClass', 'GENERAL'), isNewImporter, field.eq('categoryCode', 'IRON_CONCENTRATE')), { share: 0.1, checks: ['SAMPLING_HARMFUL_ELEMENTS'] }),

    // Origin, departure, transport
    rule('ORIGIN-TRANSIT', '过境原产地货物核查原产地证', 'Transit-origin goods: origin certificate review',
      field.inList('originCountry', 'transit-origins'), { lane: DOC, share: 0.2, checks: ['DOCUMENT_REVIEW'] }),
    rule('ORIGIN-VIA-KZ', '经哈萨克斯坦转运的非哈原产货物', 'Non-Kazakh origin shipped from Kazakhstan',
      all(field.notIn('originCountry', ['KZ']), field.eq('departureCountry', 'KZ')), { lane: DOC, share: 0.3 }),
    rule('DEPARTURE-NOT-KZ', '启运国非哈萨克斯坦', 'Departure country other than Kazakhstan', field.ne('departureCountry', 'KZ'), { lane: DOC, share: 1 }),
    rule('ORIGIN-MISSING', '未申报原产国', 'Origin not declared', field.missing('originCountry'), { lane: DOC, share: 1, checks: ['DOCUMENT_REVIEW'] }),
    rule('ORIGIN-RADIATION', '放射性重点关注来源地', 'Origin with radiation-screening emphasis',
      field.inList('originCountry', 'radiation-watch-origins'), { share: 1, checks: ['RADIOACTIVITY'] }),
    rule('ORIGIN-RADIATION-CONC', '放射性关注来源地铁精粉', 'Concentrate from a radiation-watch origin',
      all(field.inList('originCountry', 'radiation-watch-origins'), field.eq('categoryCode', 'IRON_CONCENTRATE')),
      { lane: RTI, share: 0.3, checks: ['SAMPLING_HARMFUL_ELEMENTS'] }),
    rule('ORIGIN-RU-PELLETS', '俄罗斯原产球团矿', 'Pellets of Russian origin',
      all(field.eq('originCountry', 'RU'), field.eq('categoryCode', 'PELLETS')), { lane: DOC, share: 0.2 }),
    rule('ORIGIN-PYRITES-NONCORE', '非核心来源地焙烧黄铁矿', 'Roasted pyrites from a non-core origin',
      all(field.eq('categoryCode', 'ROASTED_PYRITES'), not(field.inList('originCountry', 'core-origins'))), { lane: IBR, share: 1, checks: ['SOLID_WASTE'] }),
    rule('TRANSPORT-ROAD-PYRITES', '公路运输焙烧黄铁矿', 'Roasted pyrites by road',
      all(field.eq('transportMode', 'ROAD'), field.eq('categoryCode', 'ROASTED_PYRITES')), { lane: RTI, share: 0.5 }),
    rule('ORIGIN-TRANSIT-LOWVALUE', '过境原产地低价申报', 'Transit origin below the value band',
      all(field.inList('originCountry', 'transit-origins'), valueBand('below')), { lane: IBR, share: 1 }),
    rule('ORIGIN-KG-TJ-LUMP', '吉尔吉斯斯坦、塔吉克斯坦原产块矿', 'Lump of Kyrgyz or Tajik origin',
      all(field.in('originCountry', ['KG', 'TJ']), field.eq('categoryCode', 'IRON_ORE_LUMP')), { lane: RTI, share: 0.25 }),

    // Wagons and trucks
    rule('VEHICLE-WAGON-WATCH', '重点关注车皮', 'Watch-listed wagon', field.inList('wagonNumber', 'watched-vehicles'), { lane: IBR, share: 1, checks: ['RADIOACTIVITY'] }),
    rule('VEHICLE-TRUCK-WATCH', '重点关注车辆', 'Watch-listed truck', field.inList('truckPlate', 'watched-vehicles'), { lane: IBR, share: 1 }),
    rule('VEHICLE-RAIL-NO-WAGONS', '铁路运输未申报车皮号', 'Rail lot without wagon numbers',
      all(field.eq('transportMode', 'RAIL'), field.missing('wagonNumber')), { lane: DOC, share: 1 }),
    rule('VEHICLE-ROAD-NO-PLATES', '公路运输未申报车牌号', 'Road lot without truck plates',
      all(field.eq('transportMode', 'ROAD'), field.missing('truckPlate')), { lane: DOC, share: 1 }),
    rule('VEHICLE-MIXED', '同一报关单既有车皮又有车辆', 'Both wagons and trucks on one declaration',
      all(not(field.missing('wagonNumber')), not(field.missing('truckPlate'))), { lane: DOC, share: 1 }),

    // Targeted sampling per category
    rule('TARGET-LUMP-SIZE', '块矿粒度与税号核查', 'Lump: particle size against the declared code', field.eq('categoryCode', 'IRON_ORE_LUMP'), { lane: DOC, share: 0.05 }),
    rule('TARGET-FINES-NONCORE', '非核心来源地铁矿粉', 'Fines from a non-core origin',
      all(field.eq('categoryCode', 'IRON_ORE_FINES'), not(field.inList('originCountry', 'core-origins'))), { lane: RTI, share: 0.1 }),
    rule('TARGET-PELLETS-GENERAL', '一般信用企业球团矿', 'Pellets, general-credit importer',
      all(field.eq('categoryCode', 'PELLETS'), field.eq('creditClass', 'GENERAL')), { lane: RTI, share: 0.02 }),
    rule('TARGET-HARMFUL-ALL', '铁矿有毒有害元素监测计划', 'Iron ore harmful-element monitoring plan',
      field.startsWith('commodityCode', ['2601']), { share: 0.02, checks: ['SAMPLING_HARMFUL_ELEMENTS'] }),
    rule('TARGET-PYRITES-AEO', '高级认证企业焙烧黄铁矿固废抽查', 'Roasted pyrites, advanced certified: solid-waste sampling',
      all(field.eq('categoryCode', 'ROASTED_PYRITES'), field.eq('creditClass', 'ADVANCED_CERTIFIED')), { share: 0.2, checks: ['SOLID_WASTE'] }),
    rule('TARGET-BIG-LOT', '大宗批次（超过3000吨）', 'Large lot (over 3,000 t)', field.gt('declaredWetTonnes', 3000), { lane: RTI, share: 0.05 }),
    rule('TARGET-MULTI-LINE', '多品种混装批次', 'Several commodity codes in one lot',
      all(field.eq('commodityCode', CODES.fines), field.eq('commodityCode', CODES.concentrate)), { lane: DOC, share: 0.2 }),

    // Screening fields beyond the safety floor
    rule('SCREEN-RADIATION-PENDING-WATCH', '关注来源地放射性未筛查', 'Radiation-watch origin not yet screened',
      all(field.inList('originCountry', 'radiation-watch-origins'), field.missing('screeningRadiation')), { share: 1, checks: ['RADIOACTIVITY'] }),
    rule('SCREEN-DOCS-PENDING-ROAD', '公路运输货证未核对', 'Road lot, documents not yet matched',
      all(field.eq('transportMode', 'ROAD'), field.missing('screeningDocumentsMatch')), { share: 0.1, checks: ['DOCUMENT_REVIEW'] }),
    rule('SCREEN-DOCS-MATCH-LOWVALUE', '货证相符但低价申报', 'Documents match but unit value below band',
      all(field.eq('screeningDocumentsMatch', 'MATCH'), valueBand('below')), { lane: DOC, share: 0.5 }),
    rule('DECL-WATCH-CONCENTRATE', '关注申报单位申报铁精粉', 'Watch-listed declarant with concentrate',
      all(field.inList('declarantId', 'watched-declarants'), field.eq('categoryCode', 'IRON_CONCENTRATE')), { lane: RTI, share: 0.5 }),
    rule('CODE-WATCH-ANY', '高风险编码任一明细', 'Any line in a sensitive code',
      any(field.inList('commodityCode', 'solid-waste-sensitive-codes'), field.startsWith('commodityCode', ['2620'])), { share: 0.5, checks: ['SOLID_WASTE'] }),

    // Switched off outside the winter moisture campaign; kept so it can be re-enabled in the next version.
    rule('SEASON-WINTER-MOISTURE', '冬季水分专项（停用）', 'Winter moisture campaign (off)', field.in('categoryCode', ['IRON_CONCENTRATE', 'IRON_ORE_FINES']), { lane: RTI, share: 0.1 }, false),
  );
  return rules;
}

function list(kind: NamedList['kind'], zh: string, en: string, entries: string[]): NamedList {
  return { kind, description: { zh, en }, entries };
}

function sampleValueBands(): ValueBand[] {
  const bands: ValueBand[] = [];
  for (const [code, price] of Object.entries(PRICES)) {
    bands.push({ commodityCode: code, originCountryCode: null, minCnyPerDryTonne: price.min, maxCnyPerDryTonne: price.max });
    // Kazakh ore, the bulk of Horgos traffic, has a tighter band from its own history.
    bands.push({ commodityCode: code, originCountryCode: 'KZ', minCnyPerDryTonne: Math.round(price.min * 1.05), maxCnyPerDryTonne: Math.round(price.max * 0.97) });
  }
  return bands;
}

/** The sample rule set, as an analyst would submit it (validate and compile it before use). */
export function sampleRuleSet(version = 'horgos-sample-1'): RuleSet {
  return {
    version,
    effectiveFrom: '2025-01-01T00:00:00+08:00',
    laneSeverity: ['RELEASE', 'RELEASE_THEN_INSPECT', 'DOCUMENT_CHECK', 'INSPECT_BEFORE_RELEASE'],
    rules: sampleRules(),
    lists: {
      'watched-importers': list('ENTERPRISE', '重点关注企业', 'Watch-listed enterprises', POPULATION.watchedImporters.map((importer) => importer.id)),
      'watched-declarants': list('DECLARANT', '重点关注申报单位', 'Watch-listed declarants', POPULATION.watchedDeclarants),
      'core-origins': list('COUNTRY', '核心来源地', 'Core origins', ['KZ']),
      'transit-origins': list('COUNTRY', '过境原产地', 'Transit origins', ['RU', 'UZ', 'KG', 'TJ', 'TM']),
      'radiation-watch-origins': list('COUNTRY', '放射性关注来源地', 'Radiation-watch origins', ['KG', 'TJ', 'UZ']),
      'solid-waste-sensitive-codes': list('COMMODITY_CODE', '固废敏感编码', 'Solid-waste-sensitive codes', [CODES.pyrites]),
      'watched-vehicles': list('VEHICLE', '重点关注车皮车辆', 'Watch-listed wagons and trucks', [...POPULATION.watchedWagons, ...POPULATION.watchedTrucks]),
    },
    valueBands: sampleValueBands(),
    rates: {
      byCategory: {
        IRON_CONCENTRATE: { GENERAL: 0.05, ADVANCED_CERTIFIED: 0.01 },
        IRON_ORE_FINES: { GENERAL: 0.05, ADVANCED_CERTIFIED: 0.01 },
        IRON_ORE_LUMP: { GENERAL: 0.05, ADVANCED_CERTIFIED: 0.01 },
        PELLETS: { GENERAL: 0.08, ADVANCED_CERTIFIED: 0.016 },
        ROASTED_PYRITES: { GENERAL: 0.2, ADVANCED_CERTIFIED: 0.04, DISHONEST: 1 },
      },
      byCreditClass: { ADVANCED_CERTIFIED: 0.005, GENERAL: 0.03, DISHONEST: 0.85 },
      explorationShare: 0.01,
      selectionLane: 'RELEASE_THEN_INSPECT',
    },
    scoreThresholds: [
      { minScore: 0.6, lane: 'RELEASE_THEN_INSPECT' },
      { minScore: 0.85, lane: 'INSPECT_BEFORE_RELEASE' },
    ],
  };
}

// ── Synthetic declarations ─────────────────────────────────────────────────────────────────────────────────

function pick<T>(random: SeededRandom, weighted: readonly (readonly [T, number])[]): T {
  let u = random.next() * weighted.reduce((sum, [, weight]) => sum + weight, 0);
  for (const [value, weight] of weighted) {
    u -= weight;
    if (u < 0) return value;
  }
  return weighted[weighted.length - 1]![0];
}

function gaussian(random: SeededRandom): number {
  return Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

export interface SyntheticOptions {
  /** Share of declarations with each screening failure (independently); 0.005 by default. */
  screeningFailureRate?: number;
}

/**
 * `count` declarations shaped like Horgos traffic: mostly Kazakh ore by rail, a tail of transit origins, road
 * lots, odd codes, value and mass outliers, watch-listed parties and vehicles, and occasional failed screenings.
 * The same seed gives the same declarations.
 */
export function syntheticDeclarations(count: number, seed = 1, options: SyntheticOptions = {}): DeclarationFacts[] {
  const random = createSeededRandom(seed);
  const failureRate = options.screeningFailureRate ?? 0.005;
  const codes = [
    [CODES.concentrate, 35], [CODES.fines, 30], [CODES.lump, 10], [CODES.pellets, 20], [CODES.pyrites, 4], ['2619000090', 0.5], ['2530900099', 0.5],
  ] as const;
  const origins = [['KZ', 86], ['RU', 6], ['UZ', 3], ['KG', 2], ['TJ', 1], ['MN', 1], [null, 1]] as const;

  return Array.from({ length: count }, (): DeclarationFacts => {
    const importer = random.next() < 0.01
      ? POPULATION.watchedImporters[random.nextInt(POPULATION.watchedImporters.length)]!
      : POPULATION.regularImporters[random.nextInt(POPULATION.regularImporters.length)]!;
    const rail = random.next() < 0.8;
    const lineCount = random.next() < 0.85 ? 1 : 2;
    const items: ItemFacts[] = Array.from({ length: lineCount }, () => {
      const commodityCode = pick(random, codes);
      const price = PRICES[commodityCode];
      const outlier = random.next();
      const factor = outlier < 0.02 ? 0.45 + random.next() * 0.2 : outlier < 0.03 ? 1.5 + random.next() * 0.3 : 1 + 0.08 * gaussian(random);
      return {
        commodityCode,
        categoryCode: CATEGORY_OF_CODE[commodityCode] ?? 'OTHER',
        unitValueCnyPerDryTonne: random.next() < 0.02 ? null : Math.round((price?.typical ?? 500) * factor * 100) / 100,
      };
    });
    const vehicles = rail ? 10 + random.nextInt(46) : 2 + random.nextInt(29);
    const vehicleIds = (make: (random: SeededRandom) => string, watched: readonly string[]) => {
      if (random.next() < 0.01) return [];
      const ids = Array.from({ length: vehicles }, () => make(random));
      if (random.next() < 0.005) ids[random.nextInt(ids.length)] = watched[random.nextInt(watched.length)]!;
      return ids;
    };
    const declaredWetTonnes = round3(vehicles * (rail ? 66 + random.next() * 5 : 32 + random.next() * 6));
    const deviate = (share: number, big: [number, number], noise: number) => {
      const sign = random.next() < 0.5 ? -1 : 1;
      const relative = random.next() < share ? sign * (big[0] + random.next() * (big[1] - big[0])) : noise * gaussian(random);
      return round3(declaredWetTonnes * (1 + relative));
    };
    const screened = random.next() < 0.6;
    const fails = () => screened && random.next() < failureRate;
    const screening: ScreeningResults = screened
      ? {
          radiation: fails() ? 'ALARM' : 'PASS',
          solidWaste: fails() ? 'SUSPECTED' : 'CLEAR',
          documentsMatch: fails() ? 'MISMATCH' : 'MATCH',
          foreignInclusions: fails() ? 'FOUND' : 'NONE',
        }
      : { radiation: null, solidWaste: null, documentsMatch: null, foreignInclusions: null };
    const originCountryCode = pick(random, origins);
    return {
      declarationId: seededUuid(random),
      items,
      originCountryCode,
      departureCountryCode: random.next() < 0.97 ? 'KZ' : originCountryCode,
      transportModeCode: rail ? 'RAIL' : 'ROAD',
      wagonNumbers: rail ? vehicleIds(wagonNumber, POPULATION.watchedWagons) : [],
      truckPlates: rail ? [] : vehicleIds(truckPlate, POPULATION.watchedTrucks),
      importerId: importer.id,
      declarantId: POPULATION.declarants[random.nextInt(POPULATION.declarants.length)]!,
      importerCreditClass: importer.creditClass,
      declaredWetTonnes,
      preArrivalWetTonnes: random.next() < 0.75 ? deviate(0.03, [0.04, 0.15], 0.01) : null,
      weighedWetTonnes: random.next() < 0.4 ? deviate(0.02, [0.025, 0.08], 0.005) : null,
      // New importers stay new: their count grows by at most two over the period.
      importerDeclarationCount: importer.history + random.nextInt(importer.history < 3 ? 3 : 20),
      importerNonConformityCount: importer.nonConformities,
      screening,
    };
  });
}

