import { count, desc, eq } from 'drizzle-orm';
import type { AppContext } from '../core/context.js';
import type { Executor } from '../core/db/executor.js';
import type { Actor } from '../core/auth/actor.js';
import { hashPassword } from '../core/auth/password.js';
import type { CreditClass, EnterpriseKind, Role } from '../core/auth/roles.js';
import { Decimal } from '../core/decimal.js';
import { enterprises, entrustments, overseasShippers, users } from '../modules/registry/registry.tables.js';
import { loadActor } from '../modules/registry/authenticate.js';
import { makeUscc } from '../modules/registry/uscc.js';
import { exchangeRates } from '../modules/reference/reference.tables.js';
import { addListEntry, setLaneRate, WATCHED_ENTERPRISES } from '../modules/risk/risk-data.js';
import { approve, createDraft, submitForApproval } from '../modules/risk/rule-sets.js';
import { baselineDefinition } from '../modules/risk/baseline-rule-set.js';
import { declarationWorkflow as workflow } from '../modules/declarations/declarations.service.js';
import { findDeclaration } from '../modules/declarations/declarations.repository.js';
import { todayInChina } from '../modules/reference/reference.service.js';
import { findTaskForDeclaration, recordOnSiteCheck, startTask } from '../modules/inspection/inspection.service.js';
import { createRandom, type Random } from './random.js';
import { elementsFor, planLaterHistory, planQuarter, LATER_HISTORY_END, type InspectionFailure, type PlannedDeclaration, Q1_TARGET } from './plan.js';
import { activateModel, createModelRequest, MIN_POSITIVES_TO_ACTIVATE, trainRequestedModel } from '../modules/risk/risk-models.js';

export const DEMO_PASSWORD = 'orelane-demo';

/** Stable keys of the demo cast; ids are looked up by these at seeding time. */
type EnterpriseKey = 'xinyuan' | 'bayi' | 'tianshan' | 'jinhe' | 'tongda' | 'eurasia';

const ENTERPRISES: Record<EnterpriseKey, { nameZh: string; nameEn: string; kind: EnterpriseKind; creditClass: CreditClass; org: string; customsCode: string; address: string }> = {
  xinyuan: {
    nameZh: '新疆新源钢铁贸易有限公司',
    nameEn: 'Xinjiang Xinyuan Steel Trading Co., Ltd.',
    kind: 'IMPORTER',
    creditClass: 'GENERAL',
    org: 'MA7XY1R2K',
    customsCode: '6504960101',
    address: '新疆伊犁州新源县工业园区钢城路8号',
  },
  bayi: {
    nameZh: '新疆八钢国际贸易有限公司',
    nameEn: 'Xinjiang Bayi Steel International Trade Co., Ltd.',
    kind: 'IMPORTER',
    creditClass: 'ADVANCED_CERTIFIED',
    org: '7109A3B4C',
    customsCode: '6501960202',
    address: '新疆乌鲁木齐市头屯河区八一路1号',
  },
  tianshan: {
    nameZh: '乌鲁木齐天山矿业进出口有限公司',
    nameEn: 'Urumqi Tianshan Mining Import & Export Co., Ltd.',
    kind: 'IMPORTER',
    creditClass: 'GENERAL',
    org: 'MA77TN5D6',
    customsCode: '6501960303',
    address: '新疆乌鲁木齐市新市区天山路126号',
  },
  jinhe: {
    nameZh: '伊犁金河商贸有限公司',
    nameEn: 'Ili Jinhe Trading Co., Ltd.',
    kind: 'IMPORTER',
    creditClass: 'DISHONEST',
    org: 'MA78JH7E8',
    customsCode: '6504960404',
    address: '新疆伊犁州霍尔果斯市亚欧路33号',
  },
  tongda: {
    nameZh: '霍尔果斯通达报关有限公司',
    nameEn: 'Horgos Tongda Customs Brokerage Co., Ltd.',
    kind: 'AGENCY',
    creditClass: 'GENERAL',
    org: 'MA79TD9F1',
    customsCode: '6504980505',
    address: '新疆伊犁州霍尔果斯市口岸大道18号',
  },
  eurasia: {
    nameZh: '霍尔果斯亚欧国际货运代理有限公司',
    nameEn: 'Horgos Eurasia International Freight & Customs Agency Co., Ltd.',
    kind: 'AGENCY',
    creditClass: 'ADVANCED_CERTIFIED',
    org: 'MA7AEU2G3',
    customsCode: '6504980606',
    address: '新疆伊犁州霍尔果斯市卡拉苏路66号',
  },
};

const USERS: { username: string; displayName: string; enterprise: EnterpriseKey | null; roles: Role[] }[] = [
  { username: 'importer', displayName: '李文静 (新源钢贸)', enterprise: 'xinyuan', roles: ['ENTERPRISE_ADMIN'] },
  { username: 'agency', displayName: '马建国 (通达报关)', enterprise: 'tongda', roles: ['ENTERPRISE_USER'] },
  { username: 'other-importer', displayName: '王磊 (天山矿业)', enterprise: 'tianshan', roles: ['ENTERPRISE_ADMIN'] },
  { username: 'bayi', displayName: '赵红 (八钢国贸)', enterprise: 'bayi', roles: ['ENTERPRISE_ADMIN'] },
  { username: 'jinhe', displayName: '周涛 (金河商贸)', enterprise: 'jinhe', roles: ['ENTERPRISE_USER'] },
  { username: 'eurasia', displayName: '艾力 (亚欧货代)', enterprise: 'eurasia', roles: ['ENTERPRISE_USER'] },
  { username: 'officer', displayName: '张海关 (综合业务科)', enterprise: null, roles: ['LIAISON_OFFICER', 'RISK_ANALYST', 'RELEASE_OFFICER'] },
  { username: 'inspector', displayName: '刘查验 (查验科)', enterprise: null, roles: ['INSPECTOR'] },
  { username: 'lab', displayName: '陈检测 (技术中心)', enterprise: null, roles: ['LAB_ANALYST'] },
  { username: 'admin', displayName: '系统管理员', enterprise: null, roles: ['SYSTEM_ADMIN', 'SUPERVISOR'] },
];

/** Who files for whom: the importer itself or an entrusted agency. */
const ENTRUSTMENTS: [EnterpriseKey, EnterpriseKey][] = [
  ['xinyuan', 'tongda'],
  ['bayi', 'tongda'],
  ['bayi', 'eurasia'],
  ['tianshan', 'eurasia'],
];

const SHIPPERS = [
  { key: 'ssgpo', name: 'Kostanay Iron Ore Trading LLP', countryCode: 'KZ' },
  { key: 'kentobe', name: 'Kentobe Concentrate LLP', countryCode: 'KZ' },
  { key: 'karaganda', name: 'Karaganda Pellet Plant LLP', countryCode: 'KZ' },
  { key: 'ural', name: 'Ural Ore Export LLC', countryCode: 'RU' },
] as const;

/**
 * Seeds the demo port on an empty database, in one transaction: either the whole demo exists or none of it.
 * The history goes through the same workflow as live traffic (validation, tax, lanes, inspection, audit).
 */
export async function seedDemoDataIfEmpty(context: AppContext): Promise<boolean> {
  const { db, logger } = context;
  const [existing] = await db.select({ n: count() }).from(users);
  if ((existing?.n ?? 0) > 0) return false;
  const started = performance.now();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    const cast = await seedCast(tx, passwordHash);
    await ensureCurrentExchangeRates(tx);
    const random = createRandom(20260101);
    const plan = planQuarter(random, await exchangeRateTable(tx));
    for (const planned of plan) await runHistory(tx, cast, planned);
    await verifyQuarter(tx, plan);
    await raiseInspectionRatesFromApril(tx, cast);
    // Its own generator, so the first quarter and the open work stay exactly as they were.
    for (const planned of planLaterHistory(createRandom(20260401))) await runHistory(tx, cast, planned);
    await seedFirstModel(tx, cast);
    await seedOpenDeclarations(tx, cast, random);
  });
  logger.info({ ms: Math.round(performance.now() - started) }, 'demo data seeded (password for every demo account: orelane-demo)');
  return true;
}

interface Cast {
  enterprise: Record<EnterpriseKey, string>;
  actor: Record<string, Actor>;
  shipper: Record<string, string>;
}

async function seedCast(tx: Executor, passwordHash: string): Promise<Cast> {
  const enterprise = {} as Record<EnterpriseKey, string>;
  for (const [key, e] of Object.entries(ENTERPRISES) as [EnterpriseKey, (typeof ENTERPRISES)[EnterpriseKey]][]) {
    // 91 = enterprise registered with market regulation; 654004 = Horgos city.
    const [row] = await tx
      .insert(enterprises)
      .values({ nameZh: e.nameZh, nameEn: e.nameEn, kind: e.kind, creditClass: e.creditClass, usccCode: makeUscc(`91654004${e.org}`), customsCode: e.customsCode, address: e.address })
      .returning({ id: enterprises.id });
    enterprise[key] = row!.id;
  }
  for (const [importer, agency] of ENTRUSTMENTS) {
    await tx.insert(entrustments).values({ importerId: enterprise[importer], agencyId: enterprise[agency], validFrom: '2026-01-01', validTo: '2026-12-31' });
  }
  const actor: Record<string, Actor> = {};
  for (const u of USERS) {
    const [row] = await tx
      .insert(users)
      .values({ username: u.username, displayName: u.displayName, passwordHash, roles: u.roles, enterpriseId: u.enterprise ? enterprise[u.enterprise] : null })
      .returning({ id: users.id });
    actor[u.username] = (await loadActor(tx, row!.id, 'session', null))!;
  }
  const shipper: Record<string, string> = {};
  for (const s of SHIPPERS) {
    const [row] = await tx.insert(overseasShippers).values({ name: s.name, countryCode: s.countryCode }).returning({ id: overseasShippers.id });
    shipper[s.key] = row!.id;
  }
  await addListEntry(
    tx,
    actor.officer!,
    WATCHED_ENTERPRISES,
    {
      value: enterprise.jinhe,
      reason: '2026年1月两列车申报水分与实测不符；失信企业，逐批查验 / Moisture under-declared on two trains in January 2026; dishonest enterprise, every lot inspected',
    },
    { correlationId: 'demo-seed', at: new Date('2026-01-20T03:00:00Z') },
  );
  await seedRuleSets(tx, actor);
  return { enterprise, actor, shipper };
}

/**
 * Four-eyes from the start: the risk analyst (officer) writes the first rule set in late December, the supervisor
 * (admin) approves it, and it decides every lane from 1 January 2026.
 */
async function seedRuleSets(tx: Executor, actor: Record<string, Actor>) {
  const any = () => undefined;
  const officer = actor.officer!;
  const admin = actor.admin!;
  const first = await createDraft(
    tx,
    officer,
    {
      comment: '霍尔果斯口岸2026年第一版布控规则：沿用原分类×信用等级随机布控比例与重点企业名单，新增价格参数、重量偏差、过境原产地等规则 / Horgos 2026 v1: the lane table’s rates and watch list, plus value bands, mass deviation, transit origins',
      effectiveFrom: '2026-01-01T00:00:00+08:00',
      definition: baselineDefinition(),
    },
    { correlationId: 'demo-seed', at: new Date('2025-12-29T02:00:00Z') },
  );
  await submitForApproval(tx, officer, first.version, any, { correlationId: 'demo-seed', at: new Date('2025-12-29T02:30:00Z') });
  await approve(tx, admin, first.version, any, '同意，2026年1月1日起执行 / Approved from 1 January 2026', { correlationId: 'demo-seed', at: new Date('2025-12-30T01:00:00Z') });

  // In the supervisor's approval queue: 1 % exploration, so the learned score will see unbiased outcomes.
  const now = Date.now();
  const definition = structuredClone(baselineDefinition());
  definition.rates.explorationShare = 0.01;
  const next = await createDraft(
    tx,
    officer,
    {
      comment: '增加1%随机探索抽查，为风险评分模型提供无偏样本 / Add 1 % exploration so the learned score sees unbiased outcomes',
      effectiveFrom: new Date(now + 86_400_000).toISOString(),
      copyFrom: first.version,
      definition,
    },
    { correlationId: 'demo-seed', at: new Date(now - 3 * 3600_000) },
  );
  await submitForApproval(tx, officer, next.version, any, { correlationId: 'demo-seed', at: new Date(now - 2.5 * 3600_000) });
}

/** Demo only: a first start in a month the reference data does not cover yet carries the latest rate forward. */
async function ensureCurrentExchangeRates(tx: Executor) {
  const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
  for (const currencyCode of ['USD', 'EUR', 'KZT', 'RUB']) {
    const [latest] = await tx.select().from(exchangeRates).where(eq(exchangeRates.currencyCode, currencyCode)).orderBy(desc(exchangeRates.month)).limit(1);
    if (latest && latest.month < month) await tx.insert(exchangeRates).values({ currencyCode, month, cnyPerUnit: latest.cnyPerUnit }).onConflictDoNothing();
  }
}

async function exchangeRateTable(tx: Executor): Promise<Map<string, string>> {
  const rows = await tx.select().from(exchangeRates);
  return new Map(rows.map((r) => [`${r.currencyCode}/${r.month}`, r.cnyPerUnit]));
}

const ACTOR_OF: Record<EnterpriseKey, string> = { xinyuan: 'importer', bayi: 'bayi', tianshan: 'other-importer', jinhe: 'jinhe', tongda: 'agency', eurasia: 'eurasia' };

function draftOf(cast: Cast, planned: PlannedDeclaration) {
  const wagons = planned.transport === 'RAIL';
  return {
    importerId: cast.enterprise[planned.importer],
    isAdvance: planned.isAdvance,
    portCode: wagons ? 'HORGOS_RAIL' : 'HORGOS_ROAD',
    transportModeCode: planned.transport,
    trainNumber: wagons ? planned.trainNumber : null,
    wagonNumbers: wagons ? planned.vehicles : [],
    truckPlates: wagons ? [] : planned.vehicles,
    arrivalDate: planned.arrivalDate,
    contractNumber: planned.contractNumber,
    invoiceNumber: planned.invoiceNumber,
    incoterm: 'DAP' as const,
    currencyCode: planned.currency,
    originCountryCode: planned.originCountryCode,
    departureCountryCode: planned.departureCountryCode,
    overseasShipperId: cast.shipper[planned.shipper]!,
    items: [
      {
        commodityCode: planned.commodityCode,
        goodsName: planned.goodsName,
        declarationElements: planned.declarationElements,
        wetTonnes: planned.wetTonnes,
        moisturePct: planned.moisturePct,
        unitPrice: planned.unitPrice,
      },
    ],
  };
}

const FAILURE_TEXT: Record<InspectionFailure, { remarks: string; rejection: string }> = {
  SOLID_WASTE: { remarks: '第12、13节车皮夹杂疑似钢渣，已取样送固废属性鉴别', rejection: '疑似固体废物，不予放行，责令退运 / Suspected solid waste: not released, return ordered' },
  RADIOACTIVITY: { remarks: '车体表面γ剂量率超过筛查水平，复测确认', rejection: '放射性超标，不予放行，责令退运 / Radioactivity over the screening level: not released, return ordered' },
  FOREIGN_MATTER: { remarks: '矿粉中发现外来夹杂物（木块、废塑料、金属屑）', rejection: '夹带外来夹杂物，不予放行，责令退运或检疫处理 / Foreign matter mixed in: not released, return or quarantine treatment ordered' },
  SHORT_WEIGHT: { remarks: '过磅重量较申报湿重短少超过5%，复磅确认', rejection: '申报重量与过磅重量严重不符，不予放行，责令重新申报 / Weighed mass far short of the declared mass: not released, declare again' },
};

/**
 * Files, accepts, inspects (when the lane says so), releases and clears one historical declaration. A lot the
 * engine does not send to inspection is released whatever its planned finding: that one goes undetected.
 */
async function runHistory(tx: Executor, cast: Cast, planned: PlannedDeclaration) {
  const filer = cast.actor[ACTOR_OF[planned.declarant]]!;
  const officer = cast.actor.officer!;
  const inspector = cast.actor.inspector!;
  const options = (at: Date) => ({ correlationId: 'demo-seed', at });
  const any = () => undefined;
  let row = (await workflow.create(tx, filer, draftOf(cast, planned), { ...options(planned.times.created), id: planned.id })).declaration;
  row = (await workflow.submit(tx, filer, row.id, any, options(planned.times.submitted))).declaration;
  row = await workflow.accept(tx, officer, row.id, any, options(planned.times.accepted));
  const task = await findTaskForDeclaration(tx, row.id);
  if (task) {
    await startTask(tx, inspector, task.task.id, options(planned.times.inspectionStarted));
    const failure = planned.inspectionFailure;
    await recordOnSiteCheck(
      tx,
      inspector,
      task.task.id,
      {
        sealIntact: true,
        doseRateUsvH: failure === 'RADIOACTIVITY' ? '0.9200' : planned.doseRate,
        solidWasteSuspected: failure === 'SOLID_WASTE',
        foreignMatterFound: failure === 'FOREIGN_MATTER',
        weighedTonnes: planned.weighedTonnes,
        outcome: failure ? 'FAILED' : 'PASSED',
        remarks: failure ? FAILURE_TEXT[failure].remarks : '',
      },
      options(planned.times.inspected),
    );
    if (failure) {
      await workflow.reject(tx, officer, row.id, any, FAILURE_TEXT[failure].rejection, options(planned.times.released));
      return;
    }
  }
  await workflow.release(tx, officer, row.id, any, options(task ? planned.times.released : planned.times.releasedDirect));
  if (planned.times.cleared) await workflow.clear(tx, officer, row.id, any, options(planned.times.cleared));
}

/**
 * After the two failed lots of the first quarter, the risk analyst raises the random inspection rates of iron ore
 * from April (general credit 5 % → 20 %, advanced certified 1 % → 5 %): a special campaign that also gives the
 * learned score outcomes beyond the watch-listed importer.
 */
async function raiseInspectionRatesFromApril(tx: Executor, cast: Cast) {
  const at = new Date('2026-03-31T09:00:00Z');
  for (const categoryCode of ['IRON_CONCENTRATE', 'IRON_ORE_FINES', 'IRON_ORE_LUMP', 'PELLETS']) {
    for (const [creditClass, rate] of [['GENERAL', '0.2000'], ['ADVANCED_CERTIFIED', '0.0500']] as const) {
      await setLaneRate(tx, cast.actor.officer!, { categoryCode, creditClass }, rate, { correlationId: 'demo-seed', at });
    }
  }
}

/**
 * After the history, the risk analyst (officer) trains the first learned-score model on it and the supervisor
 * (admin) activates it, a few days before today: the open declarations below are decided with a score.
 */
async function seedFirstModel(tx: Executor, cast: Cast) {
  const requestedAt = new Date(Math.max(LATER_HISTORY_END + 6 * 3600_000, Date.now() - 4 * 86_400_000));
  const options = (at: Date) => ({ correlationId: 'demo-seed', at });
  const requested = await createModelRequest(tx, cast.actor.officer!, '基于2026年1–11月查验结果训练首个风险评分模型 / First risk-score model, from the inspection outcomes of January–November 2026', options(requestedAt));
  const trained = await trainRequestedModel(tx, requested.version, { at: new Date(requestedAt.getTime() + 2 * 60_000) });
  if (trained.status !== 'READY' || (trained.positives ?? 0) < MIN_POSITIVES_TO_ACTIVATE) {
    throw new Error(`demo model ${trained.version} is ${trained.status} with ${trained.positives ?? 0} non-conforming lots: ${trained.error ?? 'too few to activate'}`);
  }
  await activateModel(tx, cast.actor.admin!, trained.version, options(new Date(requestedAt.getTime() + 3 * 3600_000)));
}

/** The quarter must match the published Horgos figures exactly; a seed that does not is a bug, not a demo. */
async function verifyQuarter(tx: Executor, plan: PlannedDeclaration[]) {
  const released = plan.filter((p) => !p.inspectionFailure);
  let tonnes = new Decimal(0);
  let value = new Decimal(0);
  for (const p of released) {
    const row = (await findDeclaration(tx, p.id))!;
    tonnes = tonnes.plus(row.totalWetTonnes!);
    value = value.plus(row.customsValueCny!);
  }
  if (!tonnes.equals(Q1_TARGET.wetTonnes) || !value.equals(Q1_TARGET.customsValueCny)) {
    throw new Error(`demo quarter totals ${tonnes.toFixed(3)} t / CNY ${value.toFixed(2)} do not match ${Q1_TARGET.wetTonnes} t / CNY ${Q1_TARGET.customsValueCny}`);
  }
}

/** Current work in every state, dated in the last days, so each queue and screen has something in it. */
async function seedOpenDeclarations(tx: Executor, cast: Cast, random: Random) {
  const now = Date.now();
  const hoursAgo = (h: number) => new Date(now - h * 3600_000);
  const any = () => undefined;
  const options = (at: Date) => ({ correlationId: 'demo-seed', at });
  const officer = cast.actor.officer!;
  const inspector = cast.actor.inspector!;

  const make = async (key: EnterpriseKey, declarant: EnterpriseKey, hours: number, commodity: 'concentrate' | 'pellets' | 'fines', overrides: Partial<PlannedDeclaration> = {}) => {
    const planned = openPlan(random, key, declarant, commodity, todayInChina(hoursAgo(hours + 2)), overrides);
    return (await workflow.create(tx, cast.actor[ACTOR_OF[declarant]]!, draftOf(cast, planned), options(hoursAgo(hours)))).declaration;
  };
  const submit = (declarant: EnterpriseKey, id: string, hours: number) => workflow.submit(tx, cast.actor[ACTOR_OF[declarant]]!, id, any, options(hoursAgo(hours)));

  // DRAFT: one complete, one half-filled (autosaved while the broker waits for the wagon list).
  await make('xinyuan', 'xinyuan', 2, 'concentrate');
  const partial = await make('bayi', 'tongda', 5, 'pellets');
  await workflow.updateDraft(tx, cast.actor.agency!, partial.id, any, { wagonNumbers: [], items: [{ commodityCode: '2601120000', goodsName: '铁矿球团' }] }, options(hoursAgo(4.5)));

  // SUBMITTED: the liaison officer's queue.
  for (const [key, declarant, h] of [['xinyuan', 'tongda', 3], ['tianshan', 'eurasia', 1.5], ['bayi', 'bayi', 0.7]] as const) {
    const row = await make(key, declarant, h + 0.5, 'pellets');
    await submit(declarant, row.id, h);
  }

  // Lane assigned: the dishonest importer is on the watch list, so its lots always go to inspection.
  const accepted = async (key: EnterpriseKey, declarant: EnterpriseKey, h: number, commodity: 'concentrate' | 'pellets' | 'fines') => {
    const row = await make(key, declarant, h + 1, commodity);
    await submit(declarant, row.id, h + 0.5);
    return workflow.accept(tx, officer, row.id, any, options(hoursAgo(h)));
  };
  await accepted('jinhe', 'jinhe', 6, 'fines');
  await accepted('jinhe', 'jinhe', 2, 'concentrate');
  await accepted('bayi', 'eurasia', 1, 'pellets');
  await accepted('bayi', 'tongda', 0.5, 'concentrate');

  // UNDER_INSPECTION: one being inspected, one passed (waiting for release), one failed (blocked).
  for (const outcome of ['IN_PROGRESS', 'PASSED', 'FAILED'] as const) {
    const row = await accepted('jinhe', 'jinhe', 9, 'concentrate');
    const task = (await findTaskForDeclaration(tx, row.id))!.task;
    await startTask(tx, inspector, task.id, options(hoursAgo(8)));
    if (outcome === 'IN_PROGRESS') continue;
    await recordOnSiteCheck(
      tx,
      inspector,
      task.id,
      {
        sealIntact: true,
        doseRateUsvH: outcome === 'FAILED' ? '0.8700' : '0.1100',
        solidWasteSuspected: false,
        foreignMatterFound: outcome === 'FAILED',
        weighedTonnes: row.totalWetTonnes!,
        outcome,
        remarks: outcome === 'FAILED' ? '车皮表面剂量率超筛查水平并发现外来夹杂物（木块、塑料）' : '',
      },
      options(hoursAgo(7)),
    );
  }

  // RELEASED (to clear), CLEARED, REJECTED, WITHDRAWN.
  const released = await accepted('bayi', 'eurasia', 30, 'pellets');
  if (released.state === 'LANE_ASSIGNED' && released.lane === 'RELEASE') await workflow.release(tx, officer, released.id, any, options(hoursAgo(29)));
  const cleared = await accepted('bayi', 'bayi', 50, 'concentrate');
  if (cleared.state === 'LANE_ASSIGNED' && cleared.lane === 'RELEASE') {
    await workflow.release(tx, officer, cleared.id, any, options(hoursAgo(49)));
    await workflow.clear(tx, officer, cleared.id, any, options(hoursAgo(20)));
  }
  const toReject = await make('tianshan', 'eurasia', 26, 'fines');
  await submit('eurasia', toReject.id, 25);
  await workflow.reject(tx, officer, toReject.id, any, '发票号与合同附件不一致，请核对后重新申报 / Invoice number does not match the contract annex', options(hoursAgo(24)));
  const toWithdraw = await make('xinyuan', 'tongda', 12, 'concentrate');
  await submit('tongda', toWithdraw.id, 11);
  await workflow.withdraw(tx, cast.actor.agency!, toWithdraw.id, any, '车次变更，重新申报 / Train changed; declaring again', options(hoursAgo(10)));
}

function openPlan(random: Random, importer: EnterpriseKey, declarant: EnterpriseKey, commodity: 'concentrate' | 'pellets' | 'fines', today: string, overrides: Partial<PlannedDeclaration>): PlannedDeclaration {
  const [code, goodsName, moisture, tfe, usd] =
    commodity === 'concentrate'
      ? (['2601111000', '铁精粉', '9.20', '65.8', '118.5000'] as const)
      : commodity === 'pellets'
        ? (['2601120000', '铁矿球团', '1.40', '63.2', '132.0000'] as const)
        : (['2601112000', '铁矿粉', '5.10', '58.4', '101.2500'] as const);
  const wagonCount = random.int(18, 40);
  const wet = new Decimal(random.int(64_200, 69_800)).times(wagonCount).dividedBy(1000).toFixed(3);
  const trainNumber = `X${random.int(8001, 8099)}`;
  return {
    id: random.uuid(),
    importer,
    declarant,
    transport: 'RAIL',
    trainNumber,
    vehicles: Array.from({ length: wagonCount }, () => String(random.int(60_000_000, 69_999_999))),
    arrivalDate: today,
    isAdvance: false,
    contractNumber: `KZ-${importer.toUpperCase()}-2026-${random.int(100, 999)}`,
    invoiceNumber: `INV-${random.int(100000, 999999)}`,
    currency: 'USD',
    shipper: commodity === 'pellets' ? 'karaganda' : commodity === 'concentrate' ? 'kentobe' : 'ssgpo',
    originCountryCode: 'KZ',
    departureCountryCode: 'KZ',
    commodityCode: code,
    goodsName,
    declarationElements: elementsFor(code, tfe),
    wetTonnes: wet,
    moisturePct: moisture,
    unitPrice: usd,
    weighedTonnes: wet,
    doseRate: '0.1000',
    inspectionFailure: null,
    times: { created: new Date(), submitted: new Date(), accepted: new Date(), inspectionStarted: new Date(), inspected: new Date(), released: new Date(), releasedDirect: new Date(), cleared: null },
    ...overrides,
  };
}
