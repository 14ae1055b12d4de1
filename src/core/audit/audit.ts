import crypto from 'node:crypto';
import { asc, eq, gt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import type { Executor } from '../db/executor.js';
import { onlyOutcome, pipelinedSharedTransaction, type SharedOutcome } from '../db/transaction.js';
import { columnList, jsonRows, preparedStatement, selectFromJson } from '../db/prepared.js';
import type { Logger } from 'pino';
import { auditHead, auditLog, auditSeals, notifications } from '../core.tables.js';

export const GENESIS_HASH = '0'.repeat(64);
const HEAD_ID = 1;

export interface AuditActor {
  userId: string | null;
  label: string;
}

export interface AuditEntryInput {
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  correlationId?: string | null;
  /** When the change happened, if not now (demo history is recorded with its own dates). */
  at?: string;
}

export interface AuditRecord {
  at: string;
  actorUserId: string | null;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
  correlationId: string | null;
}

interface PendingEntry {
  actor: AuditActor;
  entry: AuditEntryInput;
  at: string;
}

type NotificationRow = typeof notifications.$inferInsert;

/** What the open audited transactions write last, together: their audit entries and notifications. */
const pending = new WeakMap<object, { entries: PendingEntry[]; notifications: NotificationRow[] }>();

/**
 * A transaction whose audit entries and notifications are collected and inserted together as its last
 * statement (one round trip). Entries are written unchained: no shared row is locked, so audited writes do
 * not queue on each other; the sealer chains them after commit (sealAuditLog).
 */
export async function auditedTransaction<T>(db: Db, work: (tx: Executor) => Promise<T>): Promise<T> {
  return onlyOutcome(await auditedSharedTransaction(db, [work]));
}

/**
 * Units of work in one transaction (pipelinedSharedTransaction), each audited as in auditedTransaction: the
 * entries and notifications of the units that succeeded go last, all in one statement.
 */
function auditedSharedTransaction<T>(db: Db, works: ((tx: Executor) => Promise<T>)[]): Promise<SharedOutcome<T>> {
  return pipelinedSharedTransaction(
    db,
    works.map((work) => (tx) => {
      pending.set(tx, { entries: [], notifications: [] });
      return work(tx);
    }),
    (succeeded) => {
      const collected = succeeded.map((tx) => pending.get(tx)!);
      succeeded.forEach((tx) => pending.delete(tx));
      if (succeeded.length === 0) return undefined;
      return entriesInsert(succeeded[0]!, collected.flatMap((c) => c.entries), collected.flatMap((c) => c.notifications));
    },
  );
}

export interface GroupCommit {
  /**
   * Runs the work in an audited transaction, shared with the units of work that wait alongside it. The work
   * must write only rows of its own (see pipelinedSharedTransaction) and be safe to run again: if its shared
   * transaction rolls back, it runs once more.
   */
  run<T>(work: (tx: Executor) => Promise<T>): Promise<T>;
  /** Transactions started, the units of work they carried, the most in one, and shared ones rolled back (for tests and diagnosis). */
  stats(): { transactions: number; units: number; largest: number; rolledBack: number };
}

interface QueuedWork {
  work: (tx: Executor) => Promise<unknown>;
  resolve(value: unknown): void;
  reject(reason: unknown): void;
}

/**
 * Audited transactions that commit together under load (group commit), for units of work that write only rows
 * of their own, such as a new declaration or the submission of a draft. At most `connections` of these
 * transactions run at once; units that arrive meanwhile wait, and the next transaction takes all of them (up
 * to maxUnits): one `begin`, their statements pipelined on one connection, one statement for all their audit
 * entries and notifications, one `commit`. A unit that finds a free connection runs at once as auditedTransaction, so a quiet server adds no
 * wait. A unit that fails before sending any statement (a validation error) just fails. If a shared
 * transaction rolls back (a unit failed after writing, or in PostgreSQL), the units that failed run again
 * alone, one after another, so each fails with its own error or succeeds; the others commit together again.
 * Reruns stay within the same connection, so the limit holds.
 */
export function auditedGroupCommit(db: Db, options: { connections: number; maxUnits: number }): GroupCommit {
  if (!(options.connections >= 1 && options.maxUnits >= 1)) throw new Error('auditedGroupCommit needs at least one connection and one unit per transaction');
  const queue: QueuedWork[] = [];
  let running = 0;
  const stats = { transactions: 0, units: 0, largest: 0, rolledBack: 0 };
  const alone = (unit: QueuedWork) => auditedTransaction(db, unit.work).then(unit.resolve, unit.reject);
  const settle = (unit: QueuedWork, outcome: PromiseSettledResult<unknown>) => (outcome.status === 'fulfilled' ? unit.resolve(outcome.value) : unit.reject(outcome.reason));
  async function commitTogether(units: QueuedWork[], retry: boolean): Promise<void> {
    if (units.length <= 1) return units.length ? alone(units[0]!) : undefined;
    let shared: SharedOutcome<unknown>;
    try {
      shared = await auditedSharedTransaction(db, units.map((unit) => unit.work));
    } catch (error) {
      units.forEach((unit) => unit.reject(error)); // no connection
      return;
    }
    if (shared.committed !== false) return units.forEach((unit, i) => settle(unit, shared.outcomes[i]!));
    stats.rolledBack += 1;
    const passed = units.filter((_, i) => shared.outcomes[i]!.status === 'fulfilled');
    for (const unit of units.filter((_, i) => shared.outcomes[i]!.status === 'rejected')) await alone(unit);
    if (retry) return commitTogether(passed, false);
    for (const unit of passed) await alone(unit);
  }
  const pump = () => {
    while (running < options.connections && queue.length > 0) {
      const units = queue.splice(0, options.maxUnits);
      running += 1;
      stats.transactions += 1;
      stats.units += units.length;
      stats.largest = Math.max(stats.largest, units.length);
      void commitTogether(units, true)
        .catch((error: unknown) => units.forEach((unit) => unit.reject(error))) // not expected: every path settles its units
        .finally(() => {
          running -= 1;
          pump();
        });
    }
  };
  return {
    run<T>(work: (tx: Executor) => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
        pump();
      });
    },
    stats: () => ({ ...stats }),
  };
}

/**
 * Records a change inside the caller's transaction, so the entry exists exactly when the change does.
 * In an auditedTransaction it is inserted at the end; otherwise at once.
 */
export async function appendAudit(tx: Executor, actor: AuditActor, entry: AuditEntryInput): Promise<void> {
  const at = entry.at ? new Date(entry.at).toISOString() : new Date().toISOString();
  const collected = pending.get(tx);
  if (collected) {
    collected.entries.push({ actor, entry, at });
    return;
  }
  await entriesInsert(tx, [{ actor, entry, at }], []);
}

/**
 * Notifications written in the caller's transaction: in an auditedTransaction with its audit entries at the
 * end (the same statement), otherwise at once.
 */
export async function insertNotifications(tx: Executor, rows: NotificationRow[]): Promise<void> {
  const collected = pending.get(tx);
  if (collected) {
    collected.notifications.push(...rows);
    return;
  }
  await entriesInsert(tx, [], rows);
}

const AUDIT_COLUMNS = ['at', 'actorUserId', 'actorLabel', 'action', 'entityType', 'entityId', 'before', 'after', 'correlationId', 'prevHash', 'hash'] as const satisfies (keyof typeof auditLog.$inferInsert)[];
const NOTIFICATION_COLUMNS = ['enterpriseId', 'role', 'type', 'entityType', 'entityId', 'payload', 'createdAt'] as const satisfies (keyof NotificationRow)[];

// Audit entries and notifications in one statement (a data-modifying CTE runs even though nothing reads it);
// either list may be empty. Ids and the writing transaction's xid come from the columns' defaults.
const appendStatement = preparedStatement('audit_append', () => {
  const notified = sql`insert into ${notifications} ${columnList(notifications, [...NOTIFICATION_COLUMNS])} ${selectFromJson(notifications, sql.placeholder('notifications'), { columns: [...NOTIFICATION_COLUMNS] })}`;
  return sql`with notified as (${notified}) insert into ${auditLog} ${columnList(auditLog, [...AUDIT_COLUMNS])} ${selectFromJson(auditLog, sql.placeholder('entries'), { columns: [...AUDIT_COLUMNS] })}`;
});

/** Runs the statement that inserts the audit entries and the notifications (none when there are neither). */
function entriesInsert(tx: Executor, entries: PendingEntry[], notificationRows: NotificationRow[]): Promise<unknown> | undefined {
  if (entries.length === 0 && notificationRows.length === 0) return undefined;
  const rows = entries.map(({ actor, entry, at }) => {
    const record: AuditRecord = {
      at,
      actorUserId: actor.userId,
      actorLabel: actor.label,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      before: entry.before ?? null,
      after: entry.after ?? null,
      correlationId: entry.correlationId ?? null,
    };
    return { ...record, prevHash: null, hash: entryHash(null, record) };
  });
  return appendStatement(tx, { entries: jsonRows(auditLog, rows), notifications: jsonRows(notifications, notificationRows) });
}

/** An entry's own hash; entries from before sealing existed also cover their link to the previous entry. */
function entryHash(prevHash: string | null, record: AuditRecord): string {
  return hashEntry(prevHash ?? '', record);
}

/** A seal links one entry (its id and hash) to the previous seal. */
export function sealHash(prevHash: string, entryId: number, hash: string): string {
  return crypto.createHash('sha256').update(prevHash).update(`:${entryId}:`).update(hash).digest('hex');
}

const SEAL_BATCH = 5000;

// Hundreds of seals a pass under load: one prepared statement with a json parameter, not a query built per pass.
const SEAL_COLUMNS = ['seq', 'entryId', 'prevHash', 'hash'] as const satisfies (keyof typeof auditSeals.$inferInsert)[];
const sealsInsert = preparedStatement(
  'audit_seals_insert',
  () => sql`insert into ${auditSeals} ${columnList(auditSeals, [...SEAL_COLUMNS])} ${selectFromJson(auditSeals, sql.placeholder('seals'), { columns: [...SEAL_COLUMNS] })}`,
);

/**
 * For the rest of the sealer's transaction: the scan below must find the recent entries by the xid index and
 * probe audit_seals by entry id, whatever the statistics say. Both tables grow by thousands of rows between
 * autovacuum's analyses, and on stale (or no) statistics the planner chose anti joins over the whole of both
 * tables, or walked the primary key from the first entry: 50 – 400 ms a pass at 50,000 entries, growing with
 * the log, instead of about a millisecond (seen under bench/declarations.ts).
 */
export const SEALER_PLAN_SETTINGS = sql`select set_config('enable_seqscan', 'off', true), set_config('enable_hashjoin', 'off', true),
  set_config('enable_mergejoin', 'off', true), set_config('max_parallel_workers_per_gather', '0', true)`;

/**
 * The first SEAL_BATCH committed, unsealed entries in id order among those of transactions not older than
 * sealedBelow (all entries when null), and the statement's snapshot xmin (one row with a null id when there
 * are none). The recent entries are gathered first (materialized), so no plan can walk the whole log in id order.
 */
export function unsealedEntriesQuery(sealedBelow: string | null): SQL {
  return sql`
    with snap as (select pg_snapshot_xmin(pg_current_snapshot())::text as xmin),
    recent as materialized (
      select l.id, l.hash from ${auditLog} l where ${sealedBelow ? sql`l.xid >= ${sealedBelow}::xid8` : sql`true`}
    )
    select l.id, l.hash, snap.xmin
    from snap left join lateral (
      select r.id, r.hash
      from recent r
      where not exists (select 1 from ${auditSeals} s where s.entry_id = r.id)
      order by r.id
      limit ${SEAL_BATCH}
    ) l on true
    order by l.id`;
}

/**
 * Chains every committed, unsealed entry into audit_seals, in id order, and returns how many it sealed.
 * Safe to run anywhere and concurrently (sealers queue on the head row; requests never touch it).
 *
 * Which entries: those visible now and not sealed yet, among entries of transactions not older than the
 * head's sealed_below. After a complete pass, sealed_below moves to this statement's snapshot xmin: every
 * transaction older than that has finished, and its entries were visible to this pass, so they are all
 * sealed; a transaction still running then writes entries with a newer xid, which the next pass scans.
 */
export async function sealAuditLog(db: Db): Promise<number> {
  let total = 0;
  for (;;) {
    const sealed = await db.transaction(async (tx) => {
      const [head] = await tx.select().from(auditHead).where(eq(auditHead.id, HEAD_ID)).for('update');
      await tx.execute(SEALER_PLAN_SETTINGS);
      // The xmin comes from the same statement (snapshot) as the scan, also when nothing is to seal.
      const result = await tx.execute<{ id: string | null; hash: string | null; xmin: string }>(unsealedEntriesQuery(head?.sealedBelow ?? null));
      const xmin = result.rows[0]!.xmin;
      const rows = result.rows.filter((row): row is { id: string; hash: string; xmin: string } => row.id !== null);
      let prevHash = head?.lastHash ?? GENESIS_HASH;
      let seq = head?.entries ?? 0;
      const seals = rows.map((row) => {
        const id = Number(row.id);
        const hash = sealHash(prevHash, id, row.hash);
        seq += 1;
        const seal = { seq, entryId: id, prevHash, hash };
        prevHash = hash;
        return seal;
      });
      // A full batch may have left entries behind: keep scanning from the same place next time.
      const sealedBelow = rows.length < SEAL_BATCH ? xmin : (head?.sealedBelow ?? null);
      if (seals.length) await sealsInsert(tx, { seals: jsonRows(auditSeals, seals) });
      if (head) {
        if (seals.length || sealedBelow !== head.sealedBelow) {
          await tx.update(auditHead).set({ lastHash: prevHash, entries: seq, sealedBelow }).where(eq(auditHead.id, HEAD_ID));
        }
      } else {
        await tx.insert(auditHead).values({ id: HEAD_ID, lastHash: prevHash, entries: seq, sealedBelow });
      }
      return seals.length;
    });
    total += sealed;
    if (sealed < SEAL_BATCH) return total;
  }
}

export interface AuditSealer {
  stop(): Promise<void>;
}

/**
 * Seals in the background every intervalMs, so entries become tamper-evident within about that long.
 * Failures are logged and retried at the next tick (the entries wait, unsealed but stored).
 */
export function startAuditSealer(db: Db, logger: Logger, intervalMs = 200): AuditSealer {
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = sealAuditLog(db)
      .then(
        () => {},
        (error: unknown) => {
          if (!stopped) logger.warn({ err: error }, 'audit sealer: sealing failed, will retry');
        },
      )
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

export function hashEntry(prevHash: string, record: AuditRecord): string {
  return crypto.createHash('sha256').update(prevHash).update(canonicalJson(record)).digest('hex');
}

/**
 * JSON.stringify's output for a value with every object's keys sorted, so an entry's hash does not depend on
 * how jsonb reorders them; it equals the canonical form of what jsonb gives back (toJSON applied, undefined
 * dropped from objects and null in arrays, as JSON.stringify does), in one pass: audit entries carry whole
 * declarations, and serialising, parsing and serialising each again was a tenth of a submission's allocations.
 */
export function canonicalJson(value: unknown): string {
  return canonical(value, '') ?? 'null';
}

/** JSON.stringify(value) with sorted keys; undefined where JSON.stringify leaves the value out. */
function canonical(value: unknown, key: string): string | undefined {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON(key: string): unknown }).toJSON(key);
  }
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let out = '';
    for (let i = 0; i < value.length; i++) out += `${i ? ',' : ''}${canonical(value[i], String(i)) ?? 'null'}`;
    return `[${out}]`;
  }
  let out = '';
  for (const name of Object.keys(value).sort()) {
    const member = canonical((value as Record<string, unknown>)[name], name);
    if (member !== undefined) out += `${out ? ',' : ''}${JSON.stringify(name)}:${member}`;
  }
  return `{${out}}`;
}

export interface AuditVerification {
  ok: boolean;
  /** Sealed entries checked. */
  entries: number;
  /** The first entry whose stored hash or seal does not match its content, or that is missing. */
  firstBadEntryId?: number;
  problem?: string;
}

/**
 * Seals what is committed, then recomputes every entry's hash and the whole seal chain in pages: an edited
 * or deleted sealed entry, and a removed, inserted or edited seal, break it. (An entry is tamper-evident once
 * sealed, i.e. within the sealer's interval of its commit.)
 */
export async function verifyAuditChain(db: Db, pageSize = 5000): Promise<AuditVerification> {
  await sealAuditLog(db);
  let prevHash = GENESIS_HASH;
  let lastSeq = 0;
  let count = 0;
  for (;;) {
    const rows = await db
      .select({ seal: auditSeals, entry: auditLog })
      .from(auditSeals)
      .leftJoin(auditLog, eq(auditLog.id, auditSeals.entryId))
      .where(gt(auditSeals.seq, lastSeq))
      .orderBy(asc(auditSeals.seq))
      .limit(pageSize);
    if (rows.length === 0) break;
    for (const { seal, entry } of rows) {
      if (seal.seq !== lastSeq + 1 || seal.prevHash !== prevHash) {
        return { ok: false, entries: count, firstBadEntryId: seal.entryId, problem: `seal ${seal.seq} does not link to the previous seal (an entry or seal was removed or inserted)` };
      }
      if (!entry) {
        return { ok: false, entries: count, firstBadEntryId: seal.entryId, problem: `sealed entry ${seal.entryId} is missing (an entry was removed)` };
      }
      count += 1;
      const expected = entryHash(entry.prevHash, {
        at: new Date(entry.at).toISOString(),
        actorUserId: entry.actorUserId,
        actorLabel: entry.actorLabel,
        action: entry.action,
        entityType: entry.entityType,
        entityId: entry.entityId,
        before: entry.before ?? null,
        after: entry.after ?? null,
        correlationId: entry.correlationId,
      });
      if (expected !== entry.hash) {
        return { ok: false, entries: count, firstBadEntryId: entry.id, problem: 'content does not match its hash (the entry was edited)' };
      }
      if (sealHash(prevHash, entry.id, entry.hash) !== seal.hash) {
        return { ok: false, entries: count, firstBadEntryId: entry.id, problem: `seal ${seal.seq} does not match its entry (the seal was edited)` };
      }
      prevHash = seal.hash;
      lastSeq = seal.seq;
    }
  }
  const head = await db.select().from(auditHead).where(eq(auditHead.id, HEAD_ID));
  const headHash = head[0]?.lastHash ?? GENESIS_HASH;
  const headCount = head[0]?.entries ?? 0;
  if (headHash !== prevHash || headCount !== lastSeq) {
    return { ok: false, entries: count, problem: `the chain ends at ${lastSeq} seals but the head records ${headCount} (entries or seals were removed from the end)` };
  }
  return { ok: true, entries: count };
}

export async function auditTrail(db: Executor, entityType: string, entityId: string) {
  return db
    .select()
    .from(auditLog)
    .where(sql`${auditLog.entityType} = ${entityType} and ${auditLog.entityId} = ${entityId}`)
    .orderBy(asc(auditLog.id));
}
