import type { Condition, ListKind, Rule, RuleAction } from './engine/index.js';
import type { RuleSetDefinition } from './rule-sets.js';
import { WATCHED_ENTERPRISES } from './risk-data.js';

/**
 * The rule set a new installation starts from: the foundation's lane table (watch-listed importer or declarant
 * → inspect before release; otherwise the per-category × credit-class random rate, selected lots inspected before
 * release) plus the Horgos rules an analyst would add on day one — codes outside heading 2601 and slag codes,
 * value-control bands, implausible values, mass deviations, transit origins and departures, watch-listed
 * declarants and vehicles, and sampling check items that never change the lane.
 *
 * Rules with a random share below 100 % only match unusual lots (value outliers, transit origins, large or tiny
 * lots); an ordinary Kazakh rail lot is decided by the lane rates alone, exactly as under the lane table.
 * Exploration starts at 0: raise it once a learned score needs unbiased outcomes.
 */

/** Lists the baseline rules name; created (with these entries) on first start when missing. */
export const BASELINE_LISTS: { name: string; kind: ListKind; zh: string; en: string; entries: string[] }[] = [
  { name: WATCHED_ENTERPRISES, kind: 'ENTERPRISE', zh: '重点关注企业（逐批查验）', en: 'Watch-listed enterprises (every lot inspected)', entries: [] },
  { name: 'watched-declarants', kind: 'DECLARANT', zh: '重点关注申报单位', en: 'Watch-listed declarants', entries: [] },
  { name: 'core-origins', kind: 'COUNTRY', zh: '核心来源地', en: 'Core origins', entries: ['KZ'] },
  { name: 'transit-origins', kind: 'COUNTRY', zh: '过境原产地', en: 'Transit origins', entries: ['RU', 'UZ', 'KG', 'TJ', 'TM'] },
  { name: 'radiation-watch-origins', kind: 'COUNTRY', zh: '放射性关注来源地', en: 'Radiation-watch origins', entries: ['KG', 'TJ', 'UZ'] },
  { name: 'solid-waste-sensitive-codes', kind: 'COMMODITY_CODE', zh: '固废敏感编码', en: 'Solid-waste-sensitive codes', entries: ['2601200000'] },
  { name: 'watched-vehicles', kind: 'VEHICLE', zh: '重点关注车皮车辆', en: 'Watch-listed wagons and trucks', entries: [] },
];

const f = {
  eq: (field: string, value: string | number): Condition => ({ op: 'eq', field, value }),
  ne: (field: string, value: string | number): Condition => ({ op: 'ne', field, value }),
  inList: (field: string, list: string): Condition => ({ op: 'inList', field, list }),
  startsWith: (field: string, prefixes: string[]): Condition => ({ op: 'startsWith', field, prefixes }),
  gt: (field: string, value: number): Condition => ({ op: 'gt', field, value }),
  gte: (field: string, value: number): Condition => ({ op: 'gte', field, value }),
  lt: (field: string, value: number): Condition => ({ op: 'lt', field, value }),
  lte: (field: string, value: number): Condition => ({ op: 'lte', field, value }),
  between: (field: string, min: number, max: number): Condition => ({ op: 'between', field, min, max }),
  missing: (field: string): Condition => ({ op: 'isMissing', field }),
};
const all = (...conditions: Condition[]): Condition => ({ op: 'all', conditions });
const not = (condition: Condition): Condition => ({ op: 'not', condition });

function rule(id: string, zh: string, en: string, condition: Condition, action: Partial<RuleAction> & Pick<RuleAction, 'share'>): Rule {
  return {
    id,
    name: { zh, en },
    description: { zh, en },
    enabled: true,
    condition,
    action: { ...(action.lane ? { lane: action.lane } : {}), share: action.share, checks: action.checks ?? [] },
  };
}

const IBR = 'INSPECT_BEFORE_RELEASE' as const;
const DOC = 'DOCUMENT_CHECK' as const;
const RTI = 'RELEASE_THEN_INSPECT' as const;

/** Typical border value bands in CNY per dry tonne (DOMAIN.md §3.6, §3.10); Kazakh ore has a tighter band. */
const BANDS: [code: string, min: number, max: number][] = [
  ['2601111000', 700, 1250],
  ['2601112000', 600, 1100],
  ['2601119000', 600, 1200],
  ['2601120000', 750, 1350],
  ['2601200000', 150, 600],
];

export function baselineDefinition(): RuleSetDefinition {
  return {
    laneSeverity: ['RELEASE', 'RELEASE_THEN_INSPECT', 'DOCUMENT_CHECK', 'INSPECT_BEFORE_RELEASE'],
    rules: [
      // The lane table's watch list: importer or declarant.
      rule('WATCH-IMPORTER', '重点关注收货人', 'Watch-listed importer', f.inList('importerId', WATCHED_ENTERPRISES), { lane: IBR, share: 1 }),
      rule('WATCH-DECLARANT-ENTERPRISE', '申报单位在企业关注名单', 'Declarant on the enterprise watch list', f.inList('declarantId', WATCHED_ENTERPRISES), { lane: IBR, share: 1 }),
      rule('WATCH-DECLARANT', '重点关注申报单位', 'Watch-listed declarant', f.inList('declarantId', 'watched-declarants'), { lane: DOC, share: 1, checks: ['DOCUMENT_REVIEW'] }),
      rule('WATCH-WAGON', '重点关注车皮', 'Watch-listed wagon', f.inList('wagonNumber', 'watched-vehicles'), { lane: IBR, share: 1, checks: ['RADIOACTIVITY'] }),
      rule('WATCH-TRUCK', '重点关注车辆', 'Watch-listed truck', f.inList('truckPlate', 'watched-vehicles'), { lane: IBR, share: 1, checks: ['RADIOACTIVITY'] }),

      // Commodity codes
      rule('CODE-SLAG', '申报为矿渣、残渣类编码', 'Slag, dross or residue codes declared', f.startsWith('commodityCode', ['2618', '2619', '2620', '2621']), { lane: IBR, share: 1, checks: ['SOLID_WASTE'] }),
      rule('CODE-OUTSIDE-2601', '非2601品目商品', 'Goods outside heading 2601', not(f.startsWith('commodityCode', ['2601'])), { lane: DOC, share: 1, checks: ['DOCUMENT_REVIEW'] }),
      rule('CODE-SOLID-WASTE-SENSITIVE', '固废敏感编码抽查', 'Solid-waste-sensitive code: sampling', f.inList('commodityCode', 'solid-waste-sensitive-codes'), { lane: RTI, share: 0.3, checks: ['SOLID_WASTE'] }),
      rule('CODE-CONCENTRATE-HARMFUL', '铁精粉有毒有害元素监测', 'Concentrate: harmful-element monitoring', f.eq('commodityCode', '2601111000'), { share: 0.05, checks: ['SAMPLING_HARMFUL_ELEMENTS'] }),

      // Value control
      rule('VALUE-BELOW-BAND', '申报单价低于价格参数下限', 'Unit value below the value-control band', { op: 'outsideValueBand', side: 'below' }, { lane: DOC, share: 1, checks: ['DOCUMENT_REVIEW'] }),
      rule('VALUE-ABOVE-BAND', '申报单价高于价格参数上限', 'Unit value above the value-control band', { op: 'outsideValueBand', side: 'above' }, { lane: DOC, share: 0.3 }),
      rule('VALUE-IMPLAUSIBLE', '铁矿单价低于250元/干吨（疑似炉渣）', 'Iron ore under 250 CNY/dmt (suspected slag)',
        all(f.ne('categoryCode', 'ROASTED_PYRITES'), f.lt('unitValueCnyPerDryTonne', 250)), { lane: IBR, share: 1, checks: ['SOLID_WASTE'] }),
      rule('VALUE-MISSING', '缺少单价', 'Unit value missing', f.missing('unitValueCnyPerDryTonne'), { lane: DOC, share: 1, checks: ['DOCUMENT_REVIEW'] }),

      // Mass
      rule('MASS-WEIGHED-5', '过磅重量与申报偏差超过5%', 'Weighed mass deviates more than 5 %', { op: 'massDeviationAbove', pct: 5, reference: 'weighed' }, { lane: IBR, share: 1 }),
      rule('MASS-PREARRIVAL-10', '预到货重量与申报偏差超过10%', 'Pre-arrival mass deviates more than 10 %', { op: 'massDeviationAbove', pct: 10, reference: 'preArrival' }, { lane: IBR, share: 1 }),
      rule('MASS-ROAD-HEAVY', '公路运输申报重量超过1500吨', 'Road lot declared above 1,500 t', all(f.eq('transportMode', 'ROAD'), f.gt('declaredWetTonnes', 1500)), { lane: DOC, share: 1 }),
      rule('MASS-SMALL-LOT', '申报重量不超过20吨（疑似拆分）', 'Lot of 20 t or less (possible splitting)', f.lte('declaredWetTonnes', 20), { lane: DOC, share: 0.2 }),
      rule('MASS-LARGE-LOT', '大宗批次（超过3000吨）', 'Large lot (over 3,000 t)', f.gt('declaredWetTonnes', 3000), { lane: RTI, share: 0.05 }),

      // History and credit
      rule('HIST-FIRST', '首次进口企业', 'First import by this importer', f.eq('importerDeclarationCount', 0), { lane: RTI, share: 0.5 }),
      rule('HIST-NC-3', '历史不合格3批及以上', 'Three or more earlier non-conforming lots', f.gte('importerNonConformityCount', 3), { lane: IBR, share: 1 }),
      rule('HIST-NC-1', '历史不合格1–2批：加做有害元素取样', 'One or two earlier non-conforming lots: harmful-element sampling',
        f.between('importerNonConformityCount', 1, 2), { share: 1, checks: ['SAMPLING_HARMFUL_ELEMENTS'] }),
      rule('CREDIT-DISHONEST-PYRITES', '失信企业进口焙烧黄铁矿', 'Dishonest importer with roasted pyrites',
        all(f.eq('creditClass', 'DISHONEST'), f.eq('categoryCode', 'ROASTED_PYRITES')), { lane: IBR, share: 1, checks: ['SOLID_WASTE'] }),

      // Origin, departure, transport
      rule('ORIGIN-MISSING', '未申报原产国', 'Origin not declared', f.missing('originCountry'), { lane: DOC, share: 1, checks: ['DOCUMENT_REVIEW'] }),
      rule('ORIGIN-TRANSIT', '过境原产地货物核查原产地证', 'Transit-origin goods: origin certificate review', f.inList('originCountry', 'transit-origins'), { lane: DOC, share: 0.2, checks: ['DOCUMENT_REVIEW'] }),
      rule('ORIGIN-TRANSIT-LOWVALUE', '过境原产地低价申报', 'Transit origin below the value band',
        all(f.inList('originCountry', 'transit-origins'), { op: 'outsideValueBand', side: 'below' }), { lane: IBR, share: 1 }),
      rule('DEPARTURE-NOT-KZ', '启运国非哈萨克斯坦', 'Departure country other than Kazakhstan', f.ne('departureCountry', 'KZ'), { lane: DOC, share: 1 }),
      rule('ORIGIN-RADIATION', '放射性重点关注来源地', 'Origin with radiation-screening emphasis', f.inList('originCountry', 'radiation-watch-origins'), { share: 1, checks: ['RADIOACTIVITY'] }),
      rule('ORIGIN-PYRITES-NONCORE', '非核心来源地焙烧黄铁矿', 'Roasted pyrites from a non-core origin',
        all(f.eq('categoryCode', 'ROASTED_PYRITES'), not(f.inList('originCountry', 'core-origins'))), { lane: IBR, share: 1, checks: ['SOLID_WASTE'] }),
      rule('VEHICLE-RAIL-NO-WAGONS', '铁路运输未申报车皮号', 'Rail lot without wagon numbers', all(f.eq('transportMode', 'RAIL'), f.missing('wagonNumber')), { lane: DOC, share: 1 }),
      rule('VEHICLE-ROAD-NO-PLATES', '公路运输未申报车牌号', 'Road lot without truck plates', all(f.eq('transportMode', 'ROAD'), f.missing('truckPlate')), { lane: DOC, share: 1 }),

      // Screening beyond the safety floor (which the engine applies whatever the rules say)
      rule('SCREEN-RADIATION-PENDING-WATCH', '关注来源地放射性未筛查', 'Radiation-watch origin not yet screened',
        all(f.inList('originCountry', 'radiation-watch-origins'), f.missing('screeningRadiation')), { share: 1, checks: ['RADIOACTIVITY'] }),
    ],
    valueBands: BANDS.flatMap(([commodityCode, min, max]) => [
      { commodityCode, originCountryCode: null, minCnyPerDryTonne: min, maxCnyPerDryTonne: max },
      { commodityCode, originCountryCode: 'KZ', minCnyPerDryTonne: Math.round(min * 1.05), maxCnyPerDryTonne: Math.round(max * 0.97) },
    ]),
    // Per category × credit class the lane rates apply (GET /risk/lane-rates); these are the class floors under them.
    rates: { byCreditClass: { ADVANCED_CERTIFIED: 0, GENERAL: 0, DISHONEST: 0.8 }, explorationShare: 0, selectionLane: IBR },
    scoreThresholds: [
      { minScore: 0.6, lane: RTI },
      { minScore: 0.85, lane: IBR },
    ],
  };
}
