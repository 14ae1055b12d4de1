import type { PgDatabase } from 'drizzle-orm/pg-core';
import type { NodePgQueryResultHKT } from 'drizzle-orm/node-postgres';

/** The database or an open transaction: services take either, so callers decide the transaction scope. */
export type Executor = PgDatabase<NodePgQueryResultHKT>;

/** A stand-in for a pooled connection (see pipelinedSharedTransaction) answers this with the connection itself. */
export const UNDERLYING_CLIENT = Symbol('the pooled connection behind a stand-in');

/** The pooled connection (or pool) an executor runs its statements on. */
export function connectionOf(executor: Executor): object | undefined {
  const client = (executor as unknown as { session?: { client?: Record<symbol, object | undefined> } }).session?.client;
  return client?.[UNDERLYING_CLIENT] ?? client;
}
