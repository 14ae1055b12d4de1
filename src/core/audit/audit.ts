import crypto from 'node:crypto';
import { asc, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import type { Executor } from '../db/executor.js';
import { auditHead, auditLog } from '../core.tables.js';

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

/** Entries of the open audited transactions, appended together just before commit. */
const pending = new WeakMap<object, PendingEntry[]>();

/**
 * A transaction whose audit entries are collected and appended together as its last statement, so the
 * chain's head row is locked only from then to commit (appendAudit in a plain transaction locks it at once).
 */
export async function auditedTransaction<T>(db: Db, work: (tx: Executor) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    pending.set(tx, []);
    const result = await work(tx);
    const entries = pending.get(tx)!;
    pending.delete(tx);
    if (entries.length) await appendEntries(tx, entries);
    return result;
  });
}

/**
 * Records a change inside the caller's transaction, so the entry exists exactly when the change does.
 * In an auditedTransaction it is appended at the end; otherwise at once, locking the head until commit.
 */
export async function appendAudit(tx: Executor, actor: AuditActor, entry: AuditEntryInput): Promise<void> {
  const at = entry.at ? new Date(entry.at).toISOString() : new Date().toISOString();
  const collected = pending.get(tx);
  if (collected) {
    collected.push({ actor, entry, at });
    return;
  }
  await appendEntries(tx, [{ actor, entry, at }]);
}

async function appendEntries(tx: Executor, entries: PendingEntry[]): Promise<void> {
  const head = await tx
    .select({ lastHash: auditHead.lastHash, entries: auditHead.entries })
    .from(auditHead)
    .where(eq(auditHead.id, HEAD_ID))
    .for('update');
  let prevHash = head[0]?.lastHash ?? GENESIS_HASH;
  const rows = entries.map(({ actor, entry, at }) => {
    const record: AuditRecord = {
      at,
      actorUserId: actor.userId,
      actorLabel: actor.label,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      before: normalise(entry.before),
      after: normalise(entry.after),
      correlationId: entry.correlationId ?? null,
    };
    const hash = hashEntry(prevHash, record);
    const row = { ...record, prevHash, hash };
    prevHash = hash;
    return row;
  });
  if (head[0]) {
    // One round trip while holding the head: insert the entries and move the head together.
    await tx.execute(
      sql`with inserted as (${tx.insert(auditLog).values(rows).getSQL()}) update ${auditHead} set last_hash = ${prevHash}, entries = ${head[0].entries + rows.length} where id = ${HEAD_ID}`,
    );
  } else {
    await tx.insert(auditLog).values(rows);
    await tx.insert(auditHead).values({ id: HEAD_ID, lastHash: prevHash, entries: rows.length });
  }
}

export function hashEntry(prevHash: string, record: AuditRecord): string {
  return crypto.createHash('sha256').update(prevHash).update(canonicalJson(record)).digest('hex');
}

/** JSON with sorted keys, so the hash does not depend on how jsonb reorders object keys. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** What jsonb will give back: undefined dropped, dates as strings. */
function normalise(value: unknown): unknown {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}

export interface AuditVerification {
  ok: boolean;
  entries: number;
  /** The first entry whose stored hash or link does not match its content. */
  firstBadEntryId?: number;
  problem?: string;
}

/** Recomputes the whole chain in pages; any edited, inserted or deleted entry breaks it. */
export async function verifyAuditChain(db: Executor, pageSize = 5000): Promise<AuditVerification> {
  let prevHash = GENESIS_HASH;
  let lastId = 0;
  let count = 0;
  for (;;) {
    const rows = await db.select().from(auditLog).where(gt(auditLog.id, lastId)).orderBy(asc(auditLog.id)).limit(pageSize);
    if (rows.length === 0) break;
    for (const row of rows) {
      count += 1;
      if (row.prevHash !== prevHash) {
        return { ok: false, entries: count, firstBadEntryId: row.id, problem: 'link to the previous entry is broken (an entry was removed or inserted)' };
      }
      const expected = hashEntry(prevHash, {
        at: new Date(row.at).toISOString(),
        actorUserId: row.actorUserId,
        actorLabel: row.actorLabel,
        action: row.action,
        entityType: row.entityType,
        entityId: row.entityId,
        before: row.before ?? null,
        after: row.after ?? null,
        correlationId: row.correlationId,
      });
      if (expected !== row.hash) {
        return { ok: false, entries: count, firstBadEntryId: row.id, problem: 'content does not match its hash (the entry was edited)' };
      }
      prevHash = row.hash;
      lastId = row.id;
    }
  }
  const head = await db.select().from(auditHead).where(eq(auditHead.id, HEAD_ID));
  const headHash = head[0]?.lastHash ?? GENESIS_HASH;
  const headCount = head[0]?.entries ?? 0;
  if (headHash !== prevHash || headCount !== count) {
    return { ok: false, entries: count, problem: `the chain ends at ${count} entries but the head records ${headCount} (entries were removed from the end)` };
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
