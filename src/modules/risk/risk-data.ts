import { and, asc, eq, gt, isNull, lte, or, sql } from 'drizzle-orm';
import type { Executor } from '../../core/db/executor.js';
import type { Actor } from '../../core/auth/actor.js';
import { auditActor } from '../../core/auth/actor.js';
import { CREDIT_CLASSES, type CreditClass } from '../../core/auth/roles.js';
import { appendAudit } from '../../core/audit/audit.js';
import { Decimal } from '../../core/decimal.js';
import { AppError, notFound, validationFailed } from '../../core/http/errors.js';
import { enterprises } from '../registry/registry.tables.js';
import { ADVANCED_CERTIFIED_MAX_SHARE_OF_GENERAL, DISHONEST_MIN_RATE } from './engine/rule-schema.js';
import { LIST_KINDS, type ListKind, type NamedList, type RateTable } from './engine/index.js';
import { laneRateChanges, laneRates, riskDataHead, riskListEntries, riskLists } from './risk.tables.js';

/**
 * Risk data: the named lists and the per-category lane rates. Both change without a new rule set (they are data,
 * not logic), so every change takes the next risk-data revision; an entry or rate is kept with the revision that
 * set it, and a decision records the revision it read. `listsAt` and `categoryRatesAt` rebuild exactly what a
 * decision saw.
 */

type Options = { correlationId: string | null; at?: Date };

export const LIST_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
/** The list the watch-list endpoints maintain; the baseline rule set inspects every lot of its enterprises. */
export const WATCHED_ENTERPRISES = 'watched-enterprises';

export async function currentRevision(db: Executor): Promise<number> {
  const [head] = await db.select({ revision: riskDataHead.revision }).from(riskDataHead).where(eq(riskDataHead.id, 1));
  return head?.revision ?? 0;
}

/** Takes the next revision; the head row stays locked until the caller's transaction ends. */
export async function nextRevision(tx: Executor): Promise<number> {
  const [head] = await tx.update(riskDataHead).set({ revision: sql`${riskDataHead.revision} + 1` }).where(eq(riskDataHead.id, 1)).returning({ revision: riskDataHead.revision });
  if (head) return head.revision;
  await tx.insert(riskDataHead).values({ id: 1, revision: 1 }).onConflictDoNothing();
  return nextRevision(tx);
}

// ── Lists ───────────────────────────────────────────────────────────────────────────────────────────────────

export type RiskListRow = typeof riskLists.$inferSelect;
export type RiskListEntryRow = typeof riskListEntries.$inferSelect;

const activeAt = (revision: number) =>
  and(lte(riskListEntries.addedRevision, revision), or(isNull(riskListEntries.removedRevision), gt(riskListEntries.removedRevision, revision)));

/** Every list with the entries it held at `revision`, in the engine's shape. */
export async function listsAt(db: Executor, revision: number): Promise<Record<string, NamedList>> {
  const lists = await db.select().from(riskLists).orderBy(asc(riskLists.name));
  const entries = await db
    .select({ listName: riskListEntries.listName, value: riskListEntries.value })
    .from(riskListEntries)
    .where(activeAt(revision))
    .orderBy(asc(riskListEntries.listName), asc(riskListEntries.value));
  const result: Record<string, NamedList> = {};
  for (const list of lists) result[list.name] = { kind: list.kind as ListKind, description: { zh: list.descriptionZh, en: list.descriptionEn }, entries: [] };
  for (const entry of entries) result[entry.listName]?.entries.push(entry.value);
  return result;
}

export async function findList(db: Executor, name: string): Promise<RiskListRow | undefined> {
  const [list] = await db.select().from(riskLists).where(eq(riskLists.name, name));
  return list;
}

export async function listEntriesAt(db: Executor, name: string, revision: number): Promise<RiskListEntryRow[]> {
  return db
    .select()
    .from(riskListEntries)
    .where(and(eq(riskListEntries.listName, name), activeAt(revision)))
    .orderBy(asc(riskListEntries.addedAt), asc(riskListEntries.value));
}

export async function createList(
  tx: Executor,
  actor: Actor | null,
  input: { name: string; kind: ListKind; descriptionZh: string; descriptionEn: string },
  options: Options,
): Promise<RiskListRow> {
  if (!LIST_NAME_PATTERN.test(input.name)) {
    throw validationFailed([{ path: 'name', code: 'INVALID', message: 'use 1–64 letters, digits, "_", "-" or ".", starting with a letter or digit' }]);
  }
  const [row] = await tx
    .insert(riskLists)
    .values({ ...input, createdBy: actor?.userId ?? null, createdAt: (options.at ?? new Date()).toISOString() })
    .onConflictDoNothing()
    .returning();
  if (!row) throw new AppError('CONFLICT', `A list named "${input.name}" already exists.`);
  await appendAudit(tx, auditActor(actor), { action: 'risk.list.create', entityType: 'riskList', entityId: row.name, after: input, correlationId: options.correlationId, at: options.at?.toISOString() });
  return row;
}

/** Why a value cannot go on a list of this kind, or null. Enterprise and declarant lists hold enterprise ids. */
async function entryProblem(tx: Executor, kind: ListKind, value: string): Promise<string | null> {
  switch (kind) {
    case 'ENTERPRISE':
    case 'DECLARANT': {
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value)) return 'an enterprise id (UUID, lower case)';
      const [enterprise] = await tx.select({ id: enterprises.id }).from(enterprises).where(eq(enterprises.id, value));
      return enterprise ? null : 'no such enterprise';
    }
    case 'COUNTRY':
      return /^[A-Z]{2}$/.test(value) ? null : 'an ISO 3166 alpha-2 country code, e.g. "KZ"';
    case 'COMMODITY_CODE':
      return /^\d{10}$/.test(value) ? null : 'a 10-digit commodity code';
    case 'VEHICLE':
      return /^[A-Za-z0-9-]{2,20}$/.test(value) ? null : 'a wagon number or truck plate (2–20 letters, digits or "-")';
  }
}

export async function addListEntry(tx: Executor, actor: Actor | null, name: string, input: { value: string; reason: string }, options: Options): Promise<RiskListEntryRow> {
  const list = await findList(tx, name);
  if (!list) throw notFound('list');
  const problem = await entryProblem(tx, list.kind as ListKind, input.value);
  if (problem) throw validationFailed([{ path: 'value', code: 'INVALID', message: `${list.name} holds ${list.kind} entries: ${problem}` }]);
  const revision = await nextRevision(tx);
  const [row] = await tx
    .insert(riskListEntries)
    .values({ listName: name, value: input.value, reason: input.reason, addedBy: actor?.userId ?? null, addedAt: (options.at ?? new Date()).toISOString(), addedRevision: revision })
    .onConflictDoNothing()
    .returning();
  if (!row) throw new AppError('CONFLICT', `"${input.value}" is already on the list ${name}.`);
  await appendAudit(tx, auditActor(actor), {
    action: 'risk.list.addEntry',
    entityType: 'riskList',
    entityId: name,
    after: { entryId: row.id, value: row.value, reason: row.reason, revision },
    correlationId: options.correlationId,
    at: options.at?.toISOString(),
  });
  return row;
}

export async function removeListEntry(tx: Executor, actor: Actor, name: string, entryId: string, reason: string, options: Options): Promise<RiskListEntryRow> {
  const [entry] = await tx
    .select()
    .from(riskListEntries)
    .where(and(eq(riskListEntries.id, entryId), eq(riskListEntries.listName, name), isNull(riskListEntries.removedRevision)))
    .for('update');
  if (!entry) throw notFound('list entry');
  const revision = await nextRevision(tx);
  const [row] = await tx
    .update(riskListEntries)
    .set({ removedRevision: revision, removedBy: actor.userId, removedAt: (options.at ?? new Date()).toISOString(), removalReason: reason })
    .where(eq(riskListEntries.id, entryId))
    .returning();
  await appendAudit(tx, auditActor(actor), {
    action: 'risk.list.removeEntry',
    entityType: 'riskList',
    entityId: name,
    before: { entryId, value: entry.value, reason: entry.reason },
    after: { removalReason: reason, revision },
    correlationId: options.correlationId,
    at: options.at?.toISOString(),
  });
  return row!;
}

export function isListKind(kind: string): kind is ListKind {
  return (LIST_KINDS as readonly string[]).includes(kind);
}

// ── Lane rates ─────────────────────────────────────────────────────────────────────────────────────────────

export async function setLaneRate(tx: Executor, actor: Actor | null, key: { categoryCode: string; creditClass: CreditClass }, inspectionRate: string, options: Options) {
  const [before] = await tx.select().from(laneRates).where(and(eq(laneRates.categoryCode, key.categoryCode), eq(laneRates.creditClass, key.creditClass)));
  const revision = await nextRevision(tx);
  const at = (options.at ?? new Date()).toISOString();
  const [row] = await tx
    .insert(laneRates)
    .values({ ...key, inspectionRate, updatedBy: actor?.userId ?? null, updatedAt: at })
    .onConflictDoUpdate({ target: [laneRates.categoryCode, laneRates.creditClass], set: { inspectionRate, updatedBy: actor?.userId ?? null, updatedAt: at } })
    .returning();
  await tx.insert(laneRateChanges).values({ ...key, inspectionRate, revision, changedBy: actor?.userId ?? null, changedAt: at });
  await appendAudit(tx, auditActor(actor), {
    action: 'risk.setLaneRate',
    entityType: 'laneRate',
    entityId: `${key.categoryCode}/${key.creditClass}`,
    before: before ? { inspectionRate: before.inspectionRate } : null,
    after: { inspectionRate: row!.inspectionRate, revision },
    correlationId: options.correlationId,
    at: options.at?.toISOString(),
  });
  return row!;
}

/** The lane rates in force at `revision`, per category and credit class, as stored (decimal strings). */
export async function laneRatesAt(db: Executor, revision: number): Promise<Map<string, Partial<Record<CreditClass, string>>>> {
  const result = await db.execute<{ category_code: string; credit_class: string; inspection_rate: string }>(sql`
    select distinct on (category_code, credit_class) category_code, credit_class, inspection_rate::text as inspection_rate
    from ${laneRateChanges}
    where revision <= ${revision}
    order by category_code, credit_class, revision desc, id desc`);
  const rates = new Map<string, Partial<Record<CreditClass, string>>>();
  for (const row of result.rows) {
    if (!(CREDIT_CLASSES as readonly string[]).includes(row.credit_class)) continue;
    const byClass = rates.get(row.category_code) ?? {};
    byClass[row.credit_class as CreditClass] = row.inspection_rate;
    rates.set(row.category_code, byClass);
  }
  return rates;
}

/**
 * The engine's `rates.byCategory` from the stored lane rates, under the Order No. 251 anchors: an advanced certified
 * rate counts at most 20 % of the category's general rate (never above the class floors' bound), and a dishonest
 * rate at least 80 %. Lane rates are set one cell at a time, so a cell may briefly break an anchor (e.g. the general
 * rate lowered first); the anchor, not the stale cell, then decides.
 */
export function categoryRatesFor(stored: Map<string, Partial<Record<CreditClass, string>>>, floors: Record<CreditClass, number>): RateTable['byCategory'] {
  const byCategory: RateTable['byCategory'] = {};
  const share = new Decimal(ADVANCED_CERTIFIED_MAX_SHARE_OF_GENERAL);
  for (const [category, byClass] of [...stored.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const rates: Partial<Record<CreditClass, number>> = {};
    const general = Decimal.max(new Decimal(byClass.GENERAL ?? 0), new Decimal(floors.GENERAL));
    if (byClass.GENERAL !== undefined) rates.GENERAL = new Decimal(byClass.GENERAL).toNumber();
    if (byClass.ADVANCED_CERTIFIED !== undefined) rates.ADVANCED_CERTIFIED = Decimal.min(new Decimal(byClass.ADVANCED_CERTIFIED), general.times(share)).toNumber();
    if (byClass.DISHONEST !== undefined) rates.DISHONEST = Decimal.max(new Decimal(byClass.DISHONEST), new Decimal(DISHONEST_MIN_RATE)).toNumber();
    byCategory[category] = rates;
  }
  return byCategory;
}
