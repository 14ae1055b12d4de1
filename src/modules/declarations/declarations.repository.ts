import { and, asc, count, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../core/db/executor.js';
import type { Actor } from '../../core/auth/actor.js';
import { declarationItems, declarationNumberSeq, declarations } from './declarations.tables.js';

export type DeclarationRow = typeof declarations.$inferSelect;
export type DeclarationItemRow = typeof declarationItems.$inferSelect;
/** Column values, or SQL computed by the statement itself (e.g. the next declaration number). */
export type DeclarationPatch = { [K in keyof typeof declarations.$inferInsert]?: (typeof declarations.$inferInsert)[K] | SQL };
export type ItemInsert = Omit<typeof declarationItems.$inferInsert, 'declarationId'>;

export async function insertDeclaration(tx: Executor, values: typeof declarations.$inferInsert): Promise<DeclarationRow> {
  const [row] = await tx.insert(declarations).values(values).returning();
  return row!;
}

export async function findDeclaration(db: Executor, id: string, options: { forUpdate?: boolean } = {}): Promise<DeclarationRow | undefined> {
  const query = db.select().from(declarations).where(eq(declarations.id, id));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row;
}

export async function findItems(db: Executor, declarationId: string): Promise<DeclarationItemRow[]> {
  return db.select().from(declarationItems).where(eq(declarationItems.declarationId, declarationId)).orderBy(asc(declarationItems.lineNo));
}

/** Items of a declaration that has none yet (a new one), as stored. */
export async function insertItems(tx: Executor, declarationId: string, items: ItemInsert[]): Promise<DeclarationItemRow[]> {
  if (items.length === 0) return [];
  const rows = await tx.insert(declarationItems).values(items.map((item) => ({ ...item, declarationId }))).returning();
  return rows.sort((a, b) => a.lineNo - b.lineNo);
}

type ItemTaxes = Pick<DeclarationItemRow, 'id' | 'customsValueCny' | 'dutyRate' | 'vatRate' | 'dutyCny' | 'vatCny'>;

/** Stores each item's customs value, rates and taxes; returns the items as stored, in line order. */
export async function updateItemTaxes(tx: Executor, items: ItemTaxes[]): Promise<DeclarationItemRow[]> {
  const updated: DeclarationItemRow[] = [];
  for (const { id, ...taxes } of items) {
    const [row] = await tx.update(declarationItems).set(taxes).where(eq(declarationItems.id, id)).returning();
    updated.push(row!);
  }
  return updated;
}

export async function replaceItems(tx: Executor, declarationId: string, items: ItemInsert[]): Promise<void> {
  await tx.delete(declarationItems).where(eq(declarationItems.declarationId, declarationId));
  if (items.length) await tx.insert(declarationItems).values(items.map((item) => ({ ...item, declarationId })));
}

/** Writes a change and bumps the version: every write is an optimistic-locking step. */
export async function updateDeclaration(tx: Executor, row: DeclarationRow, patch: DeclarationPatch, at?: Date): Promise<DeclarationRow> {
  const [updated] = await tx
    .update(declarations)
    .set({ ...patch, version: row.version + 1, updatedAt: at ? at.toISOString() : sql`now()` })
    .where(and(eq(declarations.id, row.id), eq(declarations.version, row.version)))
    .returning();
  return updated!;
}

/**
 * The next declaration number as SQL for the submitting update (no round trip of its own): 18 digits, the
 * customs office (4) + year (4) + import flag "1" + serial (9).
 */
export function nextDeclarationNumber(customsOfficeCode: string, year: string): SQL {
  return sql`${`${customsOfficeCode}${year}1`} || lpad((nextval(${sql.raw(`'${declarationNumberSeq.seqName}'`)}) % 1000000000)::text, 9, '0')`;
}

/** Record scoping in SQL, the same rule as policy.canSee: customs all, an enterprise its own or what it filed. */
export function visibleTo(actor: Actor): SQL | undefined {
  if (!actor.enterpriseId) return undefined;
  return or(eq(declarations.importerId, actor.enterpriseId), eq(declarations.declarantId, actor.enterpriseId));
}

/** The distinct commodity codes of a declaration's items, for lists that show what a declaration carries. */
// The outer table is named explicitly: drizzle renders ${declarations.id} unqualified here, which would bind to i.id.
const commodityCodesColumn = sql<string[]>`coalesce((select array_agg(distinct i.commodity_code) filter (where i.commodity_code is not null) from ${declarationItems} i where i.declaration_id = "declarations"."id"), '{}')`;

export async function findDeclarationsWithCodes(db: Executor, ids: string[]) {
  if (ids.length === 0) return [];
  return db.select({ declaration: declarations, commodityCodes: commodityCodesColumn }).from(declarations).where(inArray(declarations.id, ids));
}

export interface ListFilter {
  states?: string[];
  extra?: SQL;
  search?: string;
  /** Work queues are served oldest first (first come, first served); plain lists newest first. */
  oldestFirst?: boolean;
  page: number;
  pageSize: number;
}

export async function listDeclarations(db: Executor, actor: Actor, filter: ListFilter) {
  const conditions: SQL[] = [];
  const scope = visibleTo(actor);
  if (scope) conditions.push(scope);
  if (filter.states?.length) conditions.push(inArray(declarations.state, filter.states));
  if (filter.extra) conditions.push(filter.extra);
  if (filter.search) {
    const pattern = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(
      or(
        ilike(declarations.number, pattern),
        ilike(declarations.trainNumber, pattern),
        ilike(declarations.contractNumber, pattern),
        ilike(declarations.invoiceNumber, pattern),
      )!,
    );
  }
  const where = conditions.length ? and(...conditions) : undefined;
  const rows = await db
    .select({ declaration: declarations, commodityCodes: commodityCodesColumn })
    .from(declarations)
    .where(where)
    .orderBy(...(filter.oldestFirst ? [asc(declarations.updatedAt), asc(declarations.id)] : [desc(declarations.updatedAt), desc(declarations.id)]))
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize);
  const [total] = await db.select({ n: count() }).from(declarations).where(where);
  return { rows, total: total?.n ?? 0 };
}
