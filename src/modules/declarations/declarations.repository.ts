import crypto from 'node:crypto';
import { and, asc, count, desc, eq, getTableColumns, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../core/db/executor.js';
import { jsonRow, jsonRows, preparedStatement, selectFromJson } from '../../core/db/prepared.js';
import type { Actor } from '../../core/auth/actor.js';
import { enterprises, overseasShippers } from '../registry/registry.tables.js';
import { declarationItems, declarationNumberSeq, declarations } from './declarations.tables.js';

export type DeclarationRow = typeof declarations.$inferSelect;
export type DeclarationItemRow = typeof declarationItems.$inferSelect;
/** Column values, or SQL computed by the statement itself (e.g. the next declaration number). */
export type DeclarationPatch = { [K in keyof typeof declarations.$inferInsert]?: (typeof declarations.$inferInsert)[K] | SQL };
export type ItemInsert = Omit<typeof declarationItems.$inferInsert, 'declarationId'>;

// Read on every action on a declaration: prepared (see preparedStatement).
const declarationById = preparedStatement('declaration_by_id', (db) => db.select().from(declarations).where(eq(declarations.id, sql.placeholder('id'))));
const declarationByIdForUpdate = preparedStatement('declaration_by_id_for_update', (db) =>
  db.select().from(declarations).where(eq(declarations.id, sql.placeholder('id'))).for('update'),
);
const itemsOfDeclaration = preparedStatement('declaration_items_of', (db) =>
  db.select().from(declarationItems).where(eq(declarationItems.declarationId, sql.placeholder('declarationId'))).orderBy(asc(declarationItems.lineNo)),
);

export async function findDeclaration(db: Executor, id: string, options: { forUpdate?: boolean } = {}): Promise<DeclarationRow | undefined> {
  const [row] = await (options.forUpdate ? declarationByIdForUpdate : declarationById)(db, { id });
  return row;
}

export async function findItems(db: Executor, declarationId: string): Promise<DeclarationItemRow[]> {
  return itemsOfDeclaration(db, { declarationId });
}

/**
 * The items of an insert-returning CTE named inserted_items, as stored and in line order, as one json
 * column: every column of declaration_items under its property name, numeric ones as text as pg returns them.
 */
const insertedItemsJson = sql<DeclarationItemRow[]>`coalesce((select json_agg(json_build_object(${sql.join(
  Object.entries(getTableColumns(declarationItems)).map(([key, column]) =>
    sql.raw(`'${key}', i.${column.name}${column.columnType === 'PgNumeric' ? '::text' : ''}`),
  ),
  sql`, `,
)}) order by i.line_no) from inserted_items i), '[]'::json)`;

/** The enterprises (importer, declarant) and the overseas shipper a declaration names, as its response shows them. */
export interface DeclarationRefs {
  enterprises: { id: string; nameZh: string; nameEn: string; kind: string; creditClass: string }[];
  shipper: { id: string; name: string; countryCode: string } | null;
}

/**
 * The DeclarationRefs of the row a statement on declarations returns, as one json column, so the response
 * needs no reads of its own. The table is named explicitly, as drizzle may render its columns unqualified.
 */
const declarationRefsJson = sql<DeclarationRefs>`json_build_object(
  'enterprises', (select coalesce(json_agg(json_build_object('id', e.id, 'nameZh', e.name_zh, 'nameEn', e.name_en, 'kind', e.kind, 'creditClass', e.credit_class)), '[]'::json)
    from ${enterprises} e where e.id in ("declarations"."importer_id", "declarations"."declarant_id")),
  'shipper', (select json_build_object('id', s.id, 'name', s.name, 'countryCode', s.country_code)
    from ${overseasShippers} s where s.id = "declarations"."overseas_shipper_id"))`;

const placeholder = sql.placeholder;

/**
 * A declaration's number, from the placeholder numberPrefix (declarationNumberPrefix) and the next serial:
 * 18 digits. Gaps (a statement that failed) are harmless, collisions are not.
 */
const declarationNumberSql = sql`${placeholder('numberPrefix')}::text || lpad((nextval(${sql.raw(`'${declarationNumberSeq.seqName}'`)}) % 1000000000)::text, 9, '0')`;

/** The first 9 of a declaration number's 18 digits: the customs office (4), the year (4) and the import flag "1". */
export function declarationNumberPrefix(customsOfficeCode: string, year: string): string {
  return `${customsOfficeCode}${year}1`;
}

/**
 * Inserts a new declaration and its items in one statement (one round trip; a prepared statement, see
 * preparedStatement), returning both as stored and the enterprises and shipper the declaration names. With
 * `numbered`, the statement also gives it its number (the value `numberPrefix` + a serial, see
 * submitDeclaration): for a declaration stored already submitted.
 */
export function declarationInsert(name: string, options: { numbered?: boolean } = {}) {
  const statement = preparedStatement(name, (db) => {
    // The items' insert is a data-modifying CTE; their foreign key is checked at the end of the statement.
    const insertedItems = db.$with('inserted_items').as(db.insert(declarationItems).select(selectFromJson(declarationItems, sql.placeholder('items'))).returning());
    const computed = options.numbered ? { number: declarationNumberSql } : {};
    return db
      .with(insertedItems)
      .insert(declarations)
      .select(selectFromJson(declarations, sql.placeholder('declaration'), { one: true, computed }))
      .returning({ ...getTableColumns(declarations), items: insertedItemsJson, refs: declarationRefsJson });
  });
  return async (tx: Executor, values: typeof declarations.$inferInsert, items: ItemInsert[], numbering: { numberPrefix?: string } = {}) => {
    // Without its prefix a numbered statement would store a submitted declaration with no number.
    if (options.numbered && !numbering.numberPrefix) throw new Error(`${name}: a numbered insert needs numberPrefix`);
    const id = values.id ?? crypto.randomUUID();
    const [inserted] = await statement(tx, {
      numberPrefix: numbering.numberPrefix,
      declaration: jsonRow(declarations, { ...values, id }),
      items: jsonRows(declarationItems, items.map((item) => ({ ...item, declarationId: id }))),
    });
    const { items: stored, refs, ...row } = inserted!;
    return { row, items: stored, refs };
  };
}

/** A new draft and its items, with the enterprises and shipper it names. */
export const insertDeclarationWithItems = declarationInsert('declaration_insert');

export type ItemTaxes = Pick<DeclarationItemRow, 'id' | 'customsValueCny' | 'dutyRate' | 'vatRate' | 'dutyCny' | 'vatCny'>;

export async function replaceItems(tx: Executor, declarationId: string, items: ItemInsert[]): Promise<void> {
  await tx.delete(declarationItems).where(eq(declarationItems.declarationId, declarationId));
  if (items.length) await tx.insert(declarationItems).values(items.map((item) => ({ ...item, declarationId })));
}

/** Writes a change and bumps the version: every write is an optimistic-locking step. */
export async function updateDeclaration(tx: Executor, row: DeclarationRow, patch: DeclarationPatch, at?: Date): Promise<DeclarationRow> {
  const [updated] = await tx.update(declarations).set(versionedPatch(row, patch, at)).where(currentVersion(row)).returning();
  return updated!;
}

/** What submitting sets on a declaration, besides its state, number and version. */
export const SUBMISSION_COLUMNS = ['exchangeRate', 'customsValueCny', 'dutyCny', 'vatCny', 'totalWetTonnes', 'totalDryTonnes', 'submittedAt'] as const;
export type SubmissionValues = Pick<DeclarationRow, (typeof SUBMISSION_COLUMNS)[number]>;

// The submitting update with each item's customs value, rates and taxes (a data-modifying CTE), its number,
// and the enterprises and shipper the declaration names, in one prepared statement.
const submitStatement = preparedStatement('declaration_submit', (db) => {
  const taxedItems = db.$with('taxed_items', {}).as(sql`
    update ${declarationItems} set customs_value_cny = v.customs_value_cny, duty_rate = v.duty_rate, vat_rate = v.vat_rate, duty_cny = v.duty_cny, vat_cny = v.vat_cny
    from json_populate_recordset(null::${declarationItems}, ${placeholder('taxes')}::json) as v
    where declaration_items.id = v.id and declaration_items.declaration_id = ${placeholder('id')}::uuid`);
  return db
    .with(taxedItems)
    .update(declarations)
    .set({
      state: sql`${placeholder('state')}::text`,
      number: declarationNumberSql,
      exchangeRate: sql`${placeholder('exchangeRate')}::numeric`,
      customsValueCny: sql`${placeholder('customsValueCny')}::numeric`,
      dutyCny: sql`${placeholder('dutyCny')}::numeric`,
      vatCny: sql`${placeholder('vatCny')}::numeric`,
      totalWetTonnes: sql`${placeholder('totalWetTonnes')}::numeric`,
      totalDryTonnes: sql`${placeholder('totalDryTonnes')}::numeric`,
      submittedAt: sql`${placeholder('submittedAt')}::timestamptz`,
      version: sql`${placeholder('version')}::int + 1`,
      updatedAt: sql`coalesce(${placeholder('updatedAt')}::timestamptz, now())`,
    })
    .where(sql`${declarations.id} = ${placeholder('id')}::uuid and ${declarations.version} = ${placeholder('version')}::int`)
    .returning({ ...getTableColumns(declarations), refs: declarationRefsJson });
});

/**
 * Submits a locked declaration: its new state, its number (prefix: customs office and year), the submission's
 * values and each item's taxes, one round trip. Also returns the enterprises and shipper the declaration
 * names. `at`: the time of the change if not now (demo history).
 */
export async function submitDeclaration(
  tx: Executor,
  row: DeclarationRow,
  change: { state: string; numberPrefix: string; values: SubmissionValues },
  items: ItemTaxes[],
  at?: Date,
): Promise<{ row: DeclarationRow; refs: DeclarationRefs }> {
  const [updated] = await submitStatement(tx, {
    ...change.values,
    id: row.id,
    version: row.version,
    state: change.state,
    numberPrefix: change.numberPrefix,
    updatedAt: at ? at.toISOString() : null,
    taxes: jsonRows(declarationItems, items),
  });
  if (!updated) throw new Error(`declaration ${row.id} changed while it was being submitted`);
  const { refs, ...stored } = updated;
  return { row: stored, refs };
}

function versionedPatch(row: DeclarationRow, patch: DeclarationPatch, at?: Date): DeclarationPatch {
  return { ...patch, version: row.version + 1, updatedAt: at ? at.toISOString() : sql`now()` };
}

function currentVersion(row: DeclarationRow): SQL {
  return and(eq(declarations.id, row.id), eq(declarations.version, row.version))!;
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
