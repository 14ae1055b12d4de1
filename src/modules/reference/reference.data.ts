import { sql } from 'drizzle-orm';
import type { Executor } from '../../core/db/executor.js';
import { appendAudit } from '../../core/audit/audit.js';
import { commodities, commodityCategories, countries, currencies, exchangeRates, ports, transportModes } from './reference.tables.js';

/**
 * The reference data every Orelane database needs: the iron-ore lines of heading 2601 and their categories
 * (DOMAIN.md §3.4, §3.7), ISO countries and currencies, the customs monthly exchange rates, and the Horgos
 * ports. `ensureReferenceData` inserts only what is missing, so officers' later edits survive restarts.
 */

export interface DeclarationElement {
  key: string;
  nameZh: string;
  nameEn: string;
  required: boolean;
}

export interface CommodityCategorySeed {
  code: string;
  nameZh: string;
  nameEn: string;
  supervisionRegimeZh: string;
  supervisionRegimeEn: string;
}

export interface CommoditySeed {
  code: string;
  categoryCode: string;
  nameZh: string;
  nameEn: string;
  dutyRate: string;
  vatRate: string;
  supervisionConditions: string;
  inspectionCode: string;
  declarationElements: DeclarationElement[];
  validFrom: string;
}

export interface NamedCode {
  code: string;
  nameZh: string;
  nameEn: string;
}

export interface ExchangeRateSeed {
  currencyCode: string;
  month: string;
  cnyPerUnit: string;
}

const ON_SITE_ZH = '每批实施现场放射性检测、外来夹杂物检疫处理和固体废物属性排查（海关总署公告2020年第69号）';
const ON_SITE_EN =
  'Every lot: on-site radioactivity detection, quarantine treatment of foreign inclusions and solid-waste screening (GACC Announcement 2020 No. 69)';
const QUALITY_ZH = '品质检验依企业申请实施，现场检验合格即可放行；必要时海关实施有毒有害元素监测';
const QUALITY_EN =
  'Quality inspection only on the enterprise\'s application; released once the on-site checks pass; customs may monitor toxic and harmful elements when necessary';

export const COMMODITY_CATEGORIES: readonly CommodityCategorySeed[] = [
  {
    code: 'IRON_CONCENTRATE',
    nameZh: '铁精粉',
    nameEn: 'Iron ore concentrate',
    supervisionRegimeZh: `${ON_SITE_ZH}；${QUALITY_ZH}；细粒精粉重点关注水分与混入杂物。`,
    supervisionRegimeEn: `${ON_SITE_EN}. ${QUALITY_EN}. Fine concentrate: watch moisture and admixed foreign matter.`,
  },
  {
    code: 'IRON_ORE_FINES',
    nameZh: '铁矿粉',
    nameEn: 'Iron ore fines',
    supervisionRegimeZh: `${ON_SITE_ZH}；${QUALITY_ZH}。`,
    supervisionRegimeEn: `${ON_SITE_EN}. ${QUALITY_EN}.`,
  },
  {
    code: 'IRON_ORE_LUMP',
    nameZh: '块矿',
    nameEn: 'Iron ore lump',
    supervisionRegimeZh: `${ON_SITE_ZH}；${QUALITY_ZH}；块矿重点核查粒度是否与申报税号相符。`,
    supervisionRegimeEn: `${ON_SITE_EN}. ${QUALITY_EN}. Lump: check that the particle size matches the declared code.`,
  },
  {
    code: 'PELLETS',
    nameZh: '球团矿',
    nameEn: 'Iron ore pellets',
    supervisionRegimeZh: `${ON_SITE_ZH}；${QUALITY_ZH}；核查是否为烧结（球团）矿，防止以炉渣等冒充。`,
    supervisionRegimeEn: `${ON_SITE_EN}. ${QUALITY_EN}. Check the goods are genuinely agglomerated ore, not slag declared as pellets.`,
  },
  {
    code: 'ROASTED_PYRITES',
    nameZh: '焙烧黄铁矿',
    nameEn: 'Roasted iron pyrites',
    supervisionRegimeZh: `${ON_SITE_ZH}；重点开展固体废物属性鉴别，疑似固体废物的送鉴别机构鉴别；${QUALITY_ZH}。`,
    supervisionRegimeEn: `${ON_SITE_EN}. Emphasis on solid-waste identification: suspected solid waste goes to an identification body. ${QUALITY_EN}.`,
  },
];

/** The 申报要素 of heading 2601 (DOMAIN.md §3.7); average particle size only for the non-agglomerated lines. */
export function ironOreDeclarationElements(withParticleSize: boolean): DeclarationElement[] {
  const elements: DeclarationElement[] = [
    { key: 'brandType', nameZh: '品牌类型', nameEn: 'Brand type', required: true },
    { key: 'exportPreference', nameZh: '出口享惠情况', nameEn: 'Export preference', required: true },
    { key: 'processingMethod', nameZh: '加工方法', nameEn: 'Processing method', required: true },
    { key: 'appearance', nameZh: '外观', nameEn: 'Appearance', required: true },
    { key: 'composition', nameZh: '成分含量', nameEn: 'Composition/content (e.g. TFe %)', required: true },
    { key: 'averageParticleSize', nameZh: '平均粒度', nameEn: 'Average particle size', required: true },
    { key: 'source', nameZh: '来源（矿山名称）', nameEn: 'Source (mine name)', required: true },
    { key: 'contractDate', nameZh: '签约日期', nameEn: 'Contract date', required: true },
    { key: 'pricingMethod', nameZh: '定价方式', nameEn: 'Pricing method (formula or spot)', required: true },
    { key: 'secondSettlement', nameZh: '是否需要二次结算', nameEn: 'Second settlement needed', required: true },
    { key: 'pricingDate', nameZh: '计价日', nameEn: 'Pricing date', required: true },
    { key: 'gtin', nameZh: 'GTIN', nameEn: 'GTIN', required: false },
    { key: 'cas', nameZh: 'CAS', nameEn: 'CAS number', required: false },
  ];
  return withParticleSize ? elements : elements.filter((element) => element.key !== 'averageParticleSize');
}

const TARIFF_VALID_FROM = '2020-01-01';

export const COMMODITIES: readonly CommoditySeed[] = [
  {
    code: '2601111000',
    categoryCode: 'IRON_CONCENTRATE',
    nameZh: '未烧结铁矿砂及其精矿（平均粒度小于0.8毫米）',
    nameEn: 'Iron ores and concentrates, non-agglomerated, average particle size < 0.8 mm',
    dutyRate: '0',
    vatRate: '0.13',
    supervisionConditions: '7A',
    inspectionCode: 'M',
    declarationElements: ironOreDeclarationElements(true),
    validFrom: TARIFF_VALID_FROM,
  },
  {
    code: '2601112000',
    categoryCode: 'IRON_ORE_FINES',
    nameZh: '未烧结铁矿砂及其精矿（平均粒度不小于0.8毫米，但不大于6.3毫米）',
    nameEn: 'Iron ores and concentrates, non-agglomerated, average particle size 0.8–6.3 mm',
    dutyRate: '0',
    vatRate: '0.13',
    supervisionConditions: '7A',
    inspectionCode: 'M',
    declarationElements: ironOreDeclarationElements(true),
    validFrom: TARIFF_VALID_FROM,
  },
  {
    code: '2601119000',
    categoryCode: 'IRON_ORE_LUMP',
    nameZh: '未烧结铁矿砂及其精矿（平均粒度大于6.3毫米）',
    nameEn: 'Iron ores and concentrates, non-agglomerated, average particle size > 6.3 mm',
    dutyRate: '0',
    vatRate: '0.13',
    supervisionConditions: '7A',
    inspectionCode: 'M',
    declarationElements: ironOreDeclarationElements(true),
    validFrom: TARIFF_VALID_FROM,
  },
  {
    code: '2601120000',
    categoryCode: 'PELLETS',
    nameZh: '已烧结铁矿砂及其精矿（球团矿、烧结矿）',
    nameEn: 'Iron ores and concentrates, agglomerated (pellets, sinter)',
    dutyRate: '0',
    vatRate: '0.13',
    supervisionConditions: '7A',
    inspectionCode: 'M',
    declarationElements: ironOreDeclarationElements(false),
    validFrom: TARIFF_VALID_FROM,
  },
  {
    // [≈] DOMAIN.md §3.7 marks the pyrites duty (0 %) and VAT (13 %) as unverified and gives no supervision
    // conditions or CIQ code ("—"). The line is in the scope of GACC 2020 No. 69, so inspection code M is kept;
    // correct this row through POST /reference/commodities once the tariff is confirmed.
    code: '2601200000',
    categoryCode: 'ROASTED_PYRITES',
    nameZh: '焙烧黄铁矿',
    nameEn: 'Roasted iron pyrites',
    dutyRate: '0',
    vatRate: '0.13',
    supervisionConditions: '',
    inspectionCode: 'M',
    declarationElements: ironOreDeclarationElements(false),
    validFrom: TARIFF_VALID_FROM,
  },
];

/**
 * Codes Intl knows that are not ISO 3166-1 country codes: exceptional reservations (AC, CP, CQ, DG, EA, EU, EZ,
 * IC, TA, UN) and user-assigned codes (AA, QM–QZ, XA–XZ, ZZ; XK is Kosovo's user-assigned code). Deprecated codes
 * (BU, DD, SU, YU, …) are dropped separately because Intl canonicalises them to their successors.
 */
const NOT_ISO_3166 = new Set(['AC', 'CP', 'CQ', 'DG', 'EA', 'EU', 'EZ', 'IC', 'TA', 'UN']);
const isUserAssigned = (code: string) => code === 'AA' || code === 'ZZ' || /^Q[M-Z]$/.test(code) || /^X[A-Z]$/.test(code);

/**
 * How Chinese customs documents name these places (the GACC country/region code table), where it differs
 * from the CLDR names Intl gives.
 */
const CUSTOMS_NAME_OVERRIDES: Record<string, { nameZh: string; nameEn: string }> = {
  TW: { nameZh: '中国台湾', nameEn: 'Taiwan, China' },
  HK: { nameZh: '中国香港', nameEn: 'Hong Kong, China' },
  MO: { nameZh: '中国澳门', nameEn: 'Macao, China' },
};

export const EXPECTED_COUNTRY_COUNT = 249;

/** All ISO 3166-1 alpha-2 countries with Chinese and English names from Node's ICU data. */
export function isoCountries(): NamedCode[] {
  const en = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  const zh = new Intl.DisplayNames(['zh-Hans-CN'], { type: 'region', fallback: 'none' });
  const result: NamedCode[] = [];
  for (let first = 65; first <= 90; first++) {
    for (let second = 65; second <= 90; second++) {
      const code = String.fromCharCode(first, second);
      if (NOT_ISO_3166.has(code) || isUserAssigned(code)) continue;
      const nameEn = en.of(code);
      if (!nameEn) continue;
      if (Intl.getCanonicalLocales(`und-${code}`)[0] !== `und-${code}`) continue;
      const override = CUSTOMS_NAME_OVERRIDES[code];
      result.push({ code, nameZh: override?.nameZh ?? zh.of(code) ?? nameEn, nameEn: override?.nameEn ?? nameEn });
    }
  }
  if (result.length !== EXPECTED_COUNTRY_COUNT) {
    throw new Error(
      `Expected ${EXPECTED_COUNTRY_COUNT} ISO 3166-1 countries from Intl but found ${result.length}: ` +
        'Node was probably built without full ICU data (node --with-intl=full-icu).',
    );
  }
  return result;
}

/** ISO 4217 currencies as ICU knows them, with Chinese and English names. */
export function isoCurrencies(): NamedCode[] {
  const en = new Intl.DisplayNames(['en'], { type: 'currency', fallback: 'code' });
  const zh = new Intl.DisplayNames(['zh-Hans-CN'], { type: 'currency', fallback: 'code' });
  const codes = new Set(Intl.supportedValuesOf('currency'));
  codes.add('CNY');
  return [...codes].sort().map((code) => ({ code, nameZh: zh.of(code) ?? code, nameEn: en.of(code) ?? code }));
}

/**
 * Customs monthly exchange rates, CNY per unit, January 2025 to December 2026. Illustrative values in the
 * range the real rates moved in, not the published GACC figures: officers replace them through
 * PUT /reference/exchange-rates/:currency/:month.
 */
const MONTHLY_RATES: ReadonlyArray<readonly [month: string, usd: string, eur: string, kzt: string, rub: string]> = [
  ['2025-01', '7.1884', '7.6124', '0.013712', '0.075938'],
  ['2025-02', '7.1693', '7.6388', '0.013840', '0.077132'],
  ['2025-03', '7.1738', '7.7923', '0.014215', '0.081340'],
  ['2025-04', '7.1782', '7.9706', '0.014098', '0.085126'],
  ['2025-05', '7.1958', '8.1471', '0.014003', '0.088714'],
  ['2025-06', '7.1848', '8.1610', '0.013957', '0.091652'],
  ['2025-07', '7.1668', '8.2519', '0.013862', '0.091298'],
  ['2025-08', '7.1496', '8.2431', '0.013701', '0.088805'],
  ['2025-09', '7.1330', '8.2815', '0.013564', '0.087963'],
  ['2025-10', '7.1255', '8.2957', '0.013512', '0.085967'],
  ['2025-11', '7.1180', '8.2611', '0.013642', '0.087526'],
  ['2025-12', '7.1152', '8.2179', '0.013731', '0.089504'],
  ['2026-01', '7.1128', '8.2310', '0.013880', '0.090132'],
  ['2026-02', '7.1105', '8.2046', '0.013915', '0.089214'],
  ['2026-03', '7.1111', '8.1683', '0.013784', '0.087790'],
  ['2026-04', '7.1143', '8.1402', '0.013702', '0.086534'],
  ['2026-05', '7.1187', '8.1225', '0.013655', '0.085911'],
  ['2026-06', '7.1224', '8.1037', '0.013609', '0.084762'],
  ['2026-07', '7.1256', '8.0854', '0.013570', '0.083905'],
  ['2026-08', '7.1281', '8.0688', '0.013531', '0.083120'],
  ['2026-09', '7.1302', '8.0519', '0.013512', '0.082436'],
  ['2026-10', '7.1327', '8.0392', '0.013507', '0.081857'],
  ['2026-11', '7.1345', '8.0258', '0.013504', '0.081302'],
  ['2026-12', '7.1365', '8.0134', '0.013502', '0.080815'],
];

export function customsExchangeRates(): ExchangeRateSeed[] {
  return MONTHLY_RATES.flatMap(([month, usd, eur, kzt, rub]) => [
    { currencyCode: 'USD', month, cnyPerUnit: usd },
    { currencyCode: 'EUR', month, cnyPerUnit: eur },
    { currencyCode: 'KZT', month, cnyPerUnit: kzt },
    { currencyCode: 'RUB', month, cnyPerUnit: rub },
  ]);
}

/** Customs transport-mode codes of the declaration form (运输方式代码). */
export const TRANSPORT_MODES = [
  { code: 'RAIL', customsCode: '3', nameZh: '铁路运输', nameEn: 'Rail transport' },
  { code: 'ROAD', customsCode: '4', nameZh: '公路运输', nameEn: 'Road transport' },
] as const;

/**
 * The customs office code of Horgos Customs is not verified in DOMAIN.md; "8013" is a placeholder value in
 * editable reference data, and it becomes the first four characters of declaration numbers filed here.
 */
export const HORGOS_CUSTOMS_OFFICE_CODE = '8013';

export const PORTS = [
  { code: 'HORGOS_RAIL', nameZh: '霍尔果斯铁路口岸', nameEn: 'Horgos rail port', customsOfficeCode: HORGOS_CUSTOMS_OFFICE_CODE, transportModeCode: 'RAIL' },
  { code: 'HORGOS_ROAD', nameZh: '霍尔果斯公路口岸', nameEn: 'Horgos road port', customsOfficeCode: HORGOS_CUSTOMS_OFFICE_CODE, transportModeCode: 'ROAD' },
] as const;

export interface ReferenceSeedResult {
  commodityCategories: number;
  commodities: number;
  countries: number;
  currencies: number;
  exchangeRates: number;
  transportModes: number;
  ports: number;
}

/**
 * Inserts every reference row that is missing, inside the caller's transaction; rows already present (possibly
 * edited by an officer) are left alone. Safe to run on every start and from two processes at once.
 */
export async function seedReferenceData(tx: Executor): Promise<ReferenceSeedResult> {
  // In dependency order: commodities need categories, rates need currencies, ports need transport modes.
  const result: ReferenceSeedResult = {
    commodityCategories: (
      await tx.insert(commodityCategories).values([...COMMODITY_CATEGORIES]).onConflictDoNothing().returning({ code: commodityCategories.code })
    ).length,
    commodities: (
      await tx
        .insert(commodities)
        .values([...COMMODITIES])
        .onConflictDoNothing({ target: [commodities.code, commodities.validFrom] })
        .returning({ id: commodities.id })
    ).length,
    countries: (await tx.insert(countries).values(isoCountries()).onConflictDoNothing().returning({ code: countries.code })).length,
    currencies: (await tx.insert(currencies).values(isoCurrencies()).onConflictDoNothing().returning({ code: currencies.code })).length,
    exchangeRates: (await tx.insert(exchangeRates).values(customsExchangeRates()).onConflictDoNothing().returning({ month: exchangeRates.month })).length,
    transportModes: (await tx.insert(transportModes).values([...TRANSPORT_MODES]).onConflictDoNothing().returning({ code: transportModes.code })).length,
    ports: (await tx.insert(ports).values([...PORTS]).onConflictDoNothing().returning({ code: ports.code })).length,
  };
  const total = Object.values(result).reduce((sum, n) => sum + n, 0);
  if (total > 0) {
    await appendAudit(tx, { userId: null, label: 'system' }, { action: 'reference.seed', entityType: 'referenceData', entityId: 'seed', after: result });
  }
  return result;
}

/**
 * Makes sure a database has its reference data; call it after migrations on every start (a fresh database
 * needs it before the first declaration), and from the demo seed.
 */
export async function ensureReferenceData(db: Executor): Promise<ReferenceSeedResult> {
  return db.transaction(async (tx) => {
    // One seeder at a time: a second process waits, then finds everything present.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('orelane.reference.seed'))`);
    return seedReferenceData(tx);
  });
}
