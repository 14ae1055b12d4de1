import type pg from 'pg';
import type { PgDialect } from 'drizzle-orm/pg-core';
import { NodePgSession, NodePgTransaction } from 'drizzle-orm/node-postgres';
import type { Db } from './database.js';
import { UNDERLYING_CLIENT, type Executor } from './executor.js';

/**
 * db.transaction without its two extra round trips: the pool's connections pipeline (see connect() in
 * database.ts), so `begin` goes out in one socket write with the transaction's first statement, and the
 * final statement (if any) in one write with `commit`. A failing final statement fails the call; PostgreSQL
 * then answers the commit by rolling back, so nothing is written, as with db.transaction.
 */
export async function pipelinedTransaction<T>(db: Db, work: (tx: Executor) => Promise<T>, final: (tx: Executor) => Promise<unknown> | undefined): Promise<T> {
  return onlyOutcome(await pipelinedSharedTransaction(db, [work], (txs) => (txs.length ? final(txs[0]!) : undefined)));
}

/** What a caller is told when PostgreSQL rolled back a transaction whose units all said they succeeded. */
const rolledBack = () => new Error('PostgreSQL rolled the transaction back: one of its statements had failed');

/** The result of a one-unit shared transaction, or its error (also when PostgreSQL rolled back a unit that carried on). */
export function onlyOutcome<T>({ committed, outcomes: [outcome] }: SharedOutcome<T>): T {
  if (outcome!.status === 'rejected') throw outcome!.reason;
  if (committed === false) throw rolledBack();
  return outcome!.value;
}

/**
 * How a shared transaction ended, with each unit's outcome: committed (a unit that failed before sending any
 * statement did not stop the others); rolled back, nothing written; or 'unknown' when `commit` itself failed
 * (e.g. a lost connection): the units that had succeeded are rejected with that error.
 */
export type SharedOutcome<T> = { committed: boolean | 'unknown'; outcomes: PromiseSettledResult<T>[] };

/**
 * Independent units of work in one transaction (group commit): `begin`, the units' statements (the units run
 * concurrently, each on its own transaction object over one pipelining connection), the final statement of the
 * units that succeeded, and `commit` — one commit, one WAL flush and a few socket writes for all of them. It
 * commits if every unit succeeded or failed before sending anything (e.g. a validation error), and the final
 * statement succeeded; otherwise it rolls back and says how each unit ended, so the caller can run them again.
 * Units see each other's writes and share their locks, so each must write only rows of its own: new ones, or
 * one it locks and checks by version, so that a unit meeting another's write fails (and is run again alone).
 * Units must not open savepoints (nested transactions: their names would clash) or leave statements running.
 * Two shared transactions that lock the same rows in opposite orders deadlock: PostgreSQL aborts one after
 * deadlock_timeout (1 s by default), and its units run again.
 */
export async function pipelinedSharedTransaction<T>(
  db: Db,
  works: ((tx: Executor) => Promise<T>)[],
  final: (succeeded: Executor[]) => Promise<unknown> | undefined,
): Promise<SharedOutcome<T>> {
  // drizzle's own transaction(), but with pipelined begin and commit; it needs the database's pool and dialect.
  const internals = db as unknown as { $client: pg.Pool; dialect: PgDialect; session: { options: ConstructorParameters<typeof NodePgSession>[3] } };
  const client = await internals.$client.connect();
  const sent = works.map(() => false);
  const txs = works.map((_, i) => {
    // The unit's own view of the connection, to know whether it sent anything.
    const counted = new Proxy(client, {
      get(target, property) {
        if (property === UNDERLYING_CLIENT) return target;
        if (property === 'query') {
          return (...args: unknown[]) => {
            sent[i] = true;
            return (target.query as (...a: unknown[]) => unknown)(...args);
          };
        }
        const value = Reflect.get(target, property, target) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    return new NodePgTransaction(internals.dialect, new NodePgSession(counted, internals.dialect, undefined, internals.session.options), undefined) as unknown as Executor;
  });
  let broken: Error | undefined;
  const rollingBack = async <R>(outcome: R): Promise<R> => {
    await client.query('rollback').catch((rollbackError: Error) => {
      broken = rollbackError;
    });
    return outcome;
  };
  try {
    // Held back until the units' first statements have been queued behind it (each runs until its first I/O).
    const begun = writeTogether(client, () => client.query('begin'), 'next turn');
    const outcomes = await Promise.allSettled(works.map(async (work, i) => work(txs[i]!)));
    const beginFailure = await begun.then(
      () => null,
      (error: unknown) => ({ error }),
    );
    const failedWith = (reason: unknown): PromiseSettledResult<T>[] => outcomes.map((outcome) => (outcome.status === 'rejected' ? outcome : { status: 'rejected', reason }));
    if (beginFailure) return await rollingBack({ committed: false, outcomes: failedWith(beginFailure.error) });
    if (outcomes.some((outcome, i) => outcome.status === 'rejected' && sent[i])) return await rollingBack({ committed: false, outcomes });
    const succeeded = txs.filter((_, i) => outcomes[i]!.status === 'fulfilled');
    // The final statement sends its query before its first await, so it is queued ahead of the commit.
    let finished: Promise<unknown>;
    let committed: Promise<pg.QueryResult>;
    try {
      [finished, committed] = writeTogether(client, () => [final(succeeded) ?? Promise.resolve(), client.query('commit')] as const, 'now');
    } catch (error) {
      // The final statement failed before it was sent, and commit was never queued.
      return await rollingBack({ committed: false, outcomes: failedWith(error) });
    }
    const finalFailure = await finished.then(
      () => null,
      (error: unknown) => ({ error }),
    );
    let tag: string;
    try {
      tag = (await committed).command;
    } catch (error) {
      return { committed: 'unknown', outcomes: failedWith(error) };
    }
    // PostgreSQL answers `commit` with ROLLBACK when a statement had failed (the final one, or one a unit carried on after).
    if (tag !== 'COMMIT') return { committed: false, outcomes: failedWith(finalFailure?.error ?? rolledBack()) };
    return { committed: true, outcomes };
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
