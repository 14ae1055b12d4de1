import { and, asc, desc, eq, gte, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { Executor } from '../../core/db/executor.js';
import { appendAudit, type AuditActor } from '../../core/audit/audit.js';
import { AppError, notFound, validationFailed, type FieldError } from '../../core/http/errors.js';
import type { DeclarationElement } from './reference.data.js';
import type { TCommodity, TCreateCommodityVersionRequest, TExchangeRate, TPort } from './reference.schema.js';
import { commodities, commodityCategories, countries, currencies, exchangeRates, ports, transportModes } from './reference.tables.js';

/**
 * The reference catalogue other modules read: commodity lines in force on a date, customs exchange rates,
 * countries, currencies, ports. Every function takes the database or an open transaction.
 */

export const DOMESTIC_CURRENCY = 'CNY';
export const CUSTOMS_TIME_ZONE = 'Asia/Shanghai';

/** China Standard Time is UTC+8 all year (no daylight saving since 1991): plain arithmetic, not Intl (3 calls per submission). */
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The calendar date at the port (China Standard Time, CUSTOMS_TIME_ZONE), YYYY-MM-DD. */
export function todayInChina(now: Date = new Date()): string {
  return new Date(now.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The day before an ISO date, e.g. 2026-03-01 → 2026-02-28. */
export function previousDay(isoDate: string): string {
  const day = new Date(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(day.getTime())) throw new Error(`not an ISO date: ${isoDate}`);
  day.setUTCDate(day.getUTCDate() - 1);
  return day.toISOString().slice(0, 10);
}

/** The customs month (YYYY-MM) whose exchange rate applies on a date. */
export const monthOf = (isoDate: string): string => isoDate.slice(0, 7);

export type AuditContext = { actor: AuditActor; correlationId: string | null };

// ─── Commodity categories and commodities ────────────────────────────────────────────────────────────

export async function listCommodityCategories(db: Executor) {
  return db.select().from(commodityCategories).orderBy(asc(commodityCategories.code));
}

export async function categoryByCode(db: Executor, code: string) {
  const [row] = await db.select().from(commodityCategories).where(eq(commodityCategories.code, code));
  return row;
}

const commodityColumns = {
  id: commodities.id,
  code: commodities.code,
  categoryCode: commodities.categoryCode,
  nameZh: commodities.nameZh,
  nameEn: commodities.nameEn,
  dutyRate: commodities.dutyRate,
  vatRate: commodities.vatRate,
  supervisionConditions: commodities.supervisionConditions,
  inspectionCode: commodities.inspectionCode,
  declarationElements: commodities.declarationElements,
  validFrom: commodities.validFrom,
  validTo: commodities.validTo,
};

function toCommodity(row: Omit<TCommodity, 'declarationElements'> & { declarationElements: unknown }): TCommodity {
  return { ...row, declarationElements: row.declarationElements as DeclarationElement[] };
}

const inForceOn = (onDate: string) =>
  and(lte(commodities.validFrom, onDate), or(isNull(commodities.validTo), gte(commodities.validTo, onDate)));

/** The version of a commodity line in force on a date (YYYY-MM-DD), or undefined if none was. */
export async function commodityInForce(db: Executor, code: string, onDate: string): Promise<TCommodity | undefined> {
  const [row] = await db
    .select(commodityColumns)
    .from(commodities)
    .where(and(eq(commodities.code, code), inForceOn(onDate)))
    .orderBy(desc(commodities.validFrom))
    .limit(1);
  return row ? toCommodity(row) : undefined;
}

/** Every line in force on a date, one version per code. */
export async function commoditiesInForce(db: Executor, onDate: string, code?: string): Promise<TCommodity[]> {
  const rows = await db
    .select(commodityColumns)
    .from(commodities)
    .where(and(inForceOn(onDate), code ? eq(commodities.code, code) : undefined))
    .orderBy(asc(commodities.code), desc(commodities.validFrom));
  const latestPerCode = new Map<string, TCommodity>();
  for (const row of rows) if (!latestPerCode.has(row.code)) latestPerCode.set(row.code, toCommodity(row));
  return [...latestPerCode.values()];
}

/** Every version, past and future, by code and start date. */
export async function commodityVersions(db: Executor, code?: string): Promise<TCommodity[]> {
  const rows = await db
    .select(commodityColumns)
    .from(commodities)
    .where(code ? eq(commodities.code, code) : undefined)
    .orderBy(asc(commodities.code), asc(commodities.validFrom));
  return rows.map(toCommodity);
}

export interface CommodityVersionCreated {
  created: TCommodity;
  /** The version that ended the day before the new one started, if one had to be closed. */
  closed: TCommodity | null;
}

/**
 * Adds a new effective-dated version of a commodity line: the latest version ends the day before the new one
 * starts. History is never rewritten, so a new version must start after the latest one. Run inside a transaction.
 */
export async function createCommodityVersion(
  tx: Executor,
  input: TCreateCommodityVersionRequest,
  audit: AuditContext,
): Promise<CommodityVersionCreated> {
  const errors: FieldError[] = [];
  if (!(await categoryByCode(tx, input.categoryCode))) {
    errors.push({ path: 'categoryCode', code: 'UNKNOWN', message: `no commodity category ${input.categoryCode}; see GET /reference/commodity-categories` });
  }
  input.declarationElements.forEach((element, i) => {
    if (input.declarationElements.findIndex((other) => other.key === element.key) !== i) {
      errors.push({ path: `declarationElements.${i}.key`, code: 'DUPLICATE', message: `element key ${element.key} is listed twice` });
    }
  });
  if (errors.length) throw validationFailed(errors);

  // Serialise versions of one code: two concurrent requests must not both find the same "latest".
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`orelane.commodity.${input.code}`}))`);
  const [latest] = await tx
    .select(commodityColumns)
    .from(commodities)
    .where(eq(commodities.code, input.code))
    .orderBy(desc(commodities.validFrom))
    .limit(1);

  let closed: TCommodity | null = null;
  if (latest) {
    if (input.validFrom <= latest.validFrom) {
      throw new AppError('CONFLICT', `Commodity ${input.code} already has a version from ${latest.validFrom}; a new version must start after it.`, {
        errors: [{ path: 'validFrom', code: 'NOT_AFTER_LATEST', message: `must be after ${latest.validFrom}, the start of the latest version` }],
      });
    }
    const endOfPrevious = previousDay(input.validFrom);
    if (latest.validTo === null || latest.validTo > endOfPrevious) {
      const [row] = await tx.update(commodities).set({ validTo: endOfPrevious }).where(eq(commodities.id, latest.id)).returning(commodityColumns);
      closed = toCommodity(row!);
    }
  }

  const [row] = await tx
    .insert(commodities)
    .values({
      code: input.code,
      categoryCode: input.categoryCode,
      nameZh: input.nameZh,
      nameEn: input.nameEn,
      dutyRate: input.dutyRate,
      vatRate: input.vatRate,
      supervisionConditions: input.supervisionConditions,
      inspectionCode: input.inspectionCode,
      declarationElements: input.declarationElements,
      validFrom: input.validFrom,
    })
    .returning(commodityColumns);
  const created = toCommodity(row!);

  await appendAudit(tx, audit.actor, {
    action: 'commodity.version.create',
    entityType: 'commodity',
    entityId: input.code,
    before: latest ? { id: latest.id, validFrom: latest.validFrom, validTo: latest.validTo } : null,
    after: { created, closedPrevious: closed ? { id: closed.id, validTo: closed.validTo } : null },
    correlationId: audit.correlationId,
  });
  return { created, closed };
}

// ─── Countries and currencies ───────────────────────────────────────────────────────────────────────

export async function listCountries(db: Executor) {
  return db.select().from(countries).orderBy(asc(countries.code));
}

export async function countryExists(db: Executor, code: string): Promise<boolean> {
  const [row] = await db.select({ code: countries.code }).from(countries).where(eq(countries.code, code));
  return Boolean(row);
}

/** Names of the given countries, by code; unknown codes are simply absent. */
export async function countryNames(db: Executor, codes: string[]): Promise<Map<string, { nameZh: string; nameEn: string }>> {
  const unique = [...new Set(codes)];
  if (unique.length === 0) return new Map();
  const rows = await db.select().from(countries).where(inArray(countries.code, unique));
  return new Map(rows.map((row) => [row.code, { nameZh: row.nameZh, nameEn: row.nameEn }]));
}

export async function listCurrencies(db: Executor) {
  return db.select().from(currencies).orderBy(asc(currencies.code));
}

export async function currencyExists(db: Executor, code: string): Promise<boolean> {
  const [row] = await db.select({ code: currencies.code }).from(currencies).where(eq(currencies.code, code));
  return Boolean(row);
}

// ─── Exchange rates ───────────────────────────────────────────────────────────────────────────────────

/** The customs rate (CNY per unit) of a month, YYYY-MM; "1" for CNY itself; undefined when none is set. */
export async function exchangeRateFor(db: Executor, currency: string, month: string): Promise<string | undefined> {
  if (currency === DOMESTIC_CURRENCY) return '1';
  const [row] = await db
    .select({ cnyPerUnit: exchangeRates.cnyPerUnit })
    .from(exchangeRates)
    .where(and(eq(exchangeRates.currencyCode, currency), eq(exchangeRates.month, month)));
  return row?.cnyPerUnit;
}

export async function listExchangeRates(db: Executor, filter: { month?: string; currency?: string }): Promise<TExchangeRate[]> {
  return db
    .select({ currencyCode: exchangeRates.currencyCode, month: exchangeRates.month, cnyPerUnit: exchangeRates.cnyPerUnit })
    .from(exchangeRates)
    .where(
      and(
        filter.month ? eq(exchangeRates.month, filter.month) : undefined,
        filter.currency ? eq(exchangeRates.currencyCode, filter.currency) : undefined,
      ),
    )
    .orderBy(asc(exchangeRates.month), asc(exchangeRates.currencyCode));
}

/** Sets (creates or replaces) the customs rate of one currency and month. Run inside a transaction. */
export async function setExchangeRate(
  tx: Executor,
  input: TExchangeRate,
  audit: AuditContext,
): Promise<{ rate: TExchangeRate; created: boolean }> {
  if (input.currencyCode === DOMESTIC_CURRENCY) {
    throw validationFailed([{ path: 'params.currency', code: 'DOMESTIC_CURRENCY', message: 'CNY is the customs currency; its rate is always 1' }]);
  }
  if (!(await currencyExists(tx, input.currencyCode))) throw notFound(`currency ${input.currencyCode}`);
  const [previous] = await tx
    .select({ cnyPerUnit: exchangeRates.cnyPerUnit })
    .from(exchangeRates)
    .where(and(eq(exchangeRates.currencyCode, input.currencyCode), eq(exchangeRates.month, input.month)))
    .for('update');
  const [rate] = await tx
    .insert(exchangeRates)
    .values(input)
    .onConflictDoUpdate({ target: [exchangeRates.currencyCode, exchangeRates.month], set: { cnyPerUnit: input.cnyPerUnit } })
    .returning({ currencyCode: exchangeRates.currencyCode, month: exchangeRates.month, cnyPerUnit: exchangeRates.cnyPerUnit });
  await appendAudit(tx, audit.actor, {
    action: 'exchangeRate.set',
    entityType: 'exchangeRate',
    entityId: `${input.currencyCode}:${input.month}`,
    before: previous ? { cnyPerUnit: previous.cnyPerUnit } : null,
    after: { cnyPerUnit: rate!.cnyPerUnit },
    correlationId: audit.correlationId,
  });
  return { rate: rate!, created: !previous };
}

// ─── Transport modes and ports ───────────────────────────────────────────────────────────────────────

export async function listTransportModes(db: Executor) {
  return db.select().from(transportModes).orderBy(asc(transportModes.customsCode));
}

export async function transportModeByCode(db: Executor, code: string) {
  const [row] = await db.select().from(transportModes).where(eq(transportModes.code, code));
  return row;
}

export async function listPorts(db: Executor): Promise<TPort[]> {
  return db.select().from(ports).orderBy(asc(ports.code));
}

export async function portByCode(db: Executor, code: string): Promise<TPort | undefined> {
  const [row] = await db.select().from(ports).where(eq(ports.code, code));
  return row;
}
