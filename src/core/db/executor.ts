import type { PgDatabase } from 'drizzle-orm/pg-core';
import type { NodePgQueryResultHKT } from 'drizzle-orm/node-postgres';

/** The database or an open transaction: services take either, so callers decide the transaction scope. */
export type Executor = PgDatabase<NodePgQueryResultHKT>;
