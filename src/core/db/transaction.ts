import type pg from 'pg';
import type { PgDialect } from 'drizzle-orm/pg-core';
import { NodePgSession, NodePgTransaction } from 'drizzle-orm/node-postgres';
import type { Db } from './database.js';
import type { Executor } from './executor.js';

/**
 * db.transaction without its two extra round trips: the pool's connections pipeline (see connect() in
 * database.ts), so `begin` goes out in one socket write with the transaction's first statement, and the
 * final statement (if any) in one write with `commit`. A failing final statement fails the call; PostgreSQL
 * then answers the commit by rolling back, so nothing is written, as with db.transaction.
 */
export async function pipelinedTransaction<T>(db: Db, work: (tx: Executor) => Promise<T>, final: (tx: Executor) => Promise<unknown> | undefined): Promise<T> {
  // drizzle's own transaction(), but with pipelined begin and commit; it needs the database's pool and dialect.
  const internals = db as unknown as { $client: pg.Pool; dialect: PgDialect; session: { options: ConstructorParameters<typeof NodePgSession>[3] } };
  const client = await internals.$client.connect();
  const session = new NodePgSession(client, internals.dialect, undefined, internals.session.options);
  const tx = new NodePgTransaction(internals.dialect, session, undefined) as unknown as Executor;
  let broken: Error | undefined;
  const rollback = () =>
    client.query('rollback').catch((rollbackError: Error) => {
      broken = rollbackError;
    });
  try {
    // Held back until the first statement has been queued behind it (the work runs until its first I/O).
    const begun = writeTogether(client, () => client.query('begin'), 'next turn');
    let result: T;
    try {
      result = await work(tx);
      await begun;
    } catch (error) {
      await begun.catch(() => {});
      await rollback();
      throw error;
    }
    // The final statement sends its query before its first await, so it is queued ahead of the commit.
    let finished: Promise<unknown>;
    let committed: Promise<unknown>;
    try {
      [finished, committed] = writeTogether(client, () => [final(tx) ?? Promise.resolve(), client.query('commit')] as const, 'now');
    } catch (error) {
      await rollback(); // the final statement failed before it was sent, and commit was never queued
      throw error;
    }
    try {
      await finished;
    } catch (error) {
      await committed.catch(() => {}); // PostgreSQL rolled back
      throw error;
    }
    await committed;
    return result;
  } finally {
    client.release(broken);
  }
}

/** Queues queries on the pipelining connection and sends them in one socket write: now, or after this turn's queries. */
function writeTogether<R>(client: pg.PoolClient, queue: () => R, when: 'now' | 'next turn'): R {
  const stream = (client as unknown as { connection: { stream: { cork(): void; uncork(): void } } }).connection.stream;
  stream.cork();
  try {
    const queued = queue();
    for (const promise of [queued].flat()) (promise as Promise<unknown>).catch(() => {}); // awaited by the caller
    return queued;
  } finally {
    if (when === 'now') stream.uncork();
    else setImmediate(() => stream.uncork());
  }
}
