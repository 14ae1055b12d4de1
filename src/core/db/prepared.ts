import pg from 'pg';
import { Column, getTableColumns, getTableName, is, Param, Placeholder, SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgDialect, PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from './executor.js';

/** What a prepared statement is built from: a drizzle insert/update/select with placeholders, or plain SQL. */
type Buildable = { execute(): Promise<unknown> } | SQL;
type Result<B> = B extends SQL<infer Row> ? Row[] : B extends { execute(): Promise<infer R> } ? R : never;

type Decoder = (value: unknown) => unknown;

interface Compiled {
  text: string;
  /** One getter per parameter: a placeholder's value (encoded as its column does), or a constant. */
  params: ((values: Record<string, unknown>) => unknown)[];
  /** The returned columns as drizzle maps them (property path and decoder); none for plain SQL. */
  fields: { path: string[]; decode: Decoder }[] | undefined;
}

// As drizzle's node-postgres session: date and time types stay as PostgreSQL writes them (the columns decode them).
const RAW_TEXT_TYPES = new Set<number>([
  pg.types.builtins.TIMESTAMPTZ,
  pg.types.builtins.TIMESTAMP,
  pg.types.builtins.DATE,
  pg.types.builtins.INTERVAL,
  1231, // numeric[]
  1115, // timestamp[]
  1185, // timestamptz[]
  1187, // interval[]
  1182, // date[]
]);
const asText = (value: string) => value;
const driverTypes = {
  getTypeParser: (typeId: number, format?: 'text' | 'binary') =>
    RAW_TEXT_TYPES.has(typeId) ? asText : (pg.types.getTypeParser as (id: number, f?: string) => unknown)(typeId, format),
};

const statementNames = new Set<string>();

/**
 * A statement on the request's hot path, built once and run as a named prepared statement: no query
 * building per call (drizzle's builders cost more CPU than the statement's own run in PostgreSQL), and
 * PostgreSQL parses and plans it once per connection. Its text must not depend on the values: values go
 * in as placeholders (`sql.placeholder`), lists of any length as one array or json parameter. Results are
 * what drizzle's `execute` gives for the same query: rows mapped to property names and decoded by their
 * columns (plain SQL: rows as PostgreSQL returns them).
 */
export function preparedStatement<B extends Buildable>(name: string, build: (db: Executor) => B) {
  // A connection knows a prepared statement by its name: two statements under one name would collide.
  if (statementNames.has(name)) throw new Error(`prepared statement "${name}" is defined twice`);
  statementNames.add(name);
  let compiled: Compiled | undefined;
  // Not async: a statement that cannot be prepared throws before anything is sent (pipelinedTransaction
  // relies on that to never commit without its final statement).
  return (executor: Executor, values: Record<string, unknown> = {}): Promise<Result<B>> => {
    compiled ??= compile(executor, build(executor));
    const { text, params, fields } = compiled;
    const client = (executor as unknown as { session: { client: pg.Pool | pg.PoolClient } }).session.client;
    const query = { name, text, values: params.map((param) => param(values)), types: driverTypes, ...(fields ? { rowMode: 'array' as const } : {}) };
    return client.query(query as pg.QueryConfig).then(({ rows }) => {
      if (!fields) return rows as Result<B>;
      return (rows as unknown as unknown[][]).map((row) => mapRow(fields, row)) as Result<B>;
    });
  };
}

function compile(executor: Executor, built: Buildable): Compiled {
  const dialect = (executor as unknown as { dialect: PgDialect }).dialect;
  let query: { sql: string; params: unknown[] };
  let selected: { path: string[]; field: unknown }[] | undefined;
  if (is(built, SQL)) {
    query = dialect.sqlToQuery(built);
  } else {
    // The builder's own prepared query holds its text, parameters and returned fields.
    const prepared = (built as unknown as { _prepare(): { queryString: string; params: unknown[]; fields?: { path: string[]; field: unknown }[] } })._prepare();
    query = { sql: prepared.queryString, params: prepared.params };
    selected = prepared.fields;
  }
  return {
    text: query.sql,
    params: query.params.map((param) => {
      if (is(param, Placeholder)) return (values) => valueOf(values, param.name);
      if (is(param, Param) && is(param.value, Placeholder)) {
        const { encoder } = param;
        const placeholderName = param.value.name;
        return (values) => encoder.mapToDriverValue(valueOf(values, placeholderName));
      }
      return () => param;
    }),
    fields: selected?.map(({ path, field }) => ({ path, decode: decoderOf(field) })),
  };
}

function valueOf(values: Record<string, unknown>, name: string): unknown {
  if (!(name in values)) throw new Error(`No value for placeholder "${name}" was provided`);
  return values[name];
}

function decoderOf(field: unknown): Decoder {
  if (is(field, Column)) return (value) => field.mapFromDriverValue(value);
  // An SQL expression's decoder (sql<T>`…`.mapWith(…)) is internal to drizzle.
  if (is(field, SQL)) return decoderOfSql(field);
  if (is(field, SQL.Aliased)) return decoderOfSql(field.sql);
  throw new Error('A prepared statement may return columns and SQL expressions only');
}

function decoderOfSql(expression: SQL): Decoder {
  const { decoder } = expression as unknown as { decoder: { mapFromDriverValue: Decoder } };
  return (value) => decoder.mapFromDriverValue(value);
}

/** As drizzle's mapResultRow for a selection without joins: null stays null, everything else is decoded. */
function mapRow(fields: { path: string[]; decode: Decoder }[], row: unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < fields.length; i++) {
    const { path, decode } = fields[i]!;
    const value = row[i];
    let node = out;
    for (let p = 0; p < path.length - 1; p++) node = (node[path[p]!] ??= {}) as Record<string, unknown>;
    node[path[path.length - 1]!] = value === null ? null : decode(value);
  }
  return out;
}

type AnyTable = PgTable & { $inferInsert: Record<string, unknown> };

/**
 * The select of an insert of rows of any number from one json parameter, so a prepared statement's text
 * stays the same: `select <columns> from json_populate_recordset(null::<table>, <rows>::json) r` (or
 * json_populate_record with `one`), each column by name. A column with a default takes it where a row
 * leaves it out. `columns`: property names, the table's insertable columns in order by default (what
 * drizzle's insert(table).select(…) inserts); `computed`: columns whose value is SQL of the statement's own.
 */
export function selectFromJson<T extends AnyTable>(
  table: T,
  rows: Placeholder,
  options: { one?: boolean; columns?: (keyof T['$inferInsert'] & string)[]; computed?: Partial<Record<keyof T['$inferInsert'], SQL>> } = {},
): SQL {
  const all = getTableColumns(table) as Record<string, PgColumn>;
  const keys = options.columns ?? Object.keys(all).filter((key) => !(all[key] as unknown as { shouldDisableInsert(): boolean }).shouldDisableInsert());
  const computed = (options.computed ?? {}) as Record<string, SQL | undefined>;
  const selected = keys.map((key) => {
    const column = all[key]!;
    if (computed[key]) return computed[key];
    if (column.defaultFn) throw new Error(`${getTableName(table)}.${column.name}: a default computed in JavaScript cannot be applied here`);
    const value = sql`r.${sql.identifier(column.name)}`;
    if (!column.hasDefault || column.default === undefined) return value;
    return sql`coalesce(${value}, ${is(column.default, SQL) ? column.default : sql.param(column.default, column)})`;
  });
  const from = options.one ? sql`json_populate_record` : sql`json_populate_recordset`;
  return sql`select ${sql.join(selected, sql`, `)} from ${from}(null::${table}, ${rows}::json) r`;
}

/** `(<column names>)` of the given properties, for a plain insert whose select is selectFromJson(…, { columns }). */
export function columnList<T extends AnyTable>(table: T, columns: (keyof T['$inferInsert'] & string)[]): SQL {
  const all = getTableColumns(table) as Record<string, PgColumn>;
  return sql`(${sql.join(columns.map((key) => sql.identifier(all[key]!.name)), sql`, `)})`;
}

/** Rows as the json parameter of selectFromJson: keyed by column name, json and jsonb values nested, not strings. */
export function jsonRows<T extends AnyTable>(table: T, rows: Partial<T['$inferInsert']>[]): string {
  return JSON.stringify(rows.map((row) => byColumnName(table, row)));
}

/** One row as the json parameter of selectFromJson(…, { one: true }). */
export function jsonRow<T extends AnyTable>(table: T, row: Partial<T['$inferInsert']>): string {
  return JSON.stringify(byColumnName(table, row));
}

function byColumnName<T extends AnyTable>(table: T, row: Partial<T['$inferInsert']>): Record<string, unknown> {
  const all = getTableColumns(table) as Record<string, PgColumn>;
  const out: Record<string, unknown> = {};
  for (const key in row) {
    const value = row[key];
    if (value !== undefined) out[all[key]!.name] = value;
  }
  return out;
}
