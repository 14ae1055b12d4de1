import crypto from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { Db } from '../db/database.js';
import type { Executor } from '../db/executor.js';
import { idempotencyKeys } from '../core.tables.js';
import { auditedTransaction, canonicalJson, type GroupCommit } from '../audit/audit.js';
import { AppError } from './errors.js';

function idempotencyKeyOf(request: FastifyRequest): string | undefined {
  const raw = request.headers['idempotency-key'];
  if (raw === undefined) return undefined;
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (!key || key.length > 200) throw new AppError('BAD_REQUEST', 'Idempotency-Key must be 1–200 characters.');
  return key;
}

const principalOf = (request: FastifyRequest) => request.actor?.userId ?? 'anonymous';

export interface StoredResponse<T> {
  statusCode: number;
  body: T;
  replayed: boolean;
}

/**
 * Runs a creating operation in one audited transaction. With an Idempotency-Key header, the key row is inserted
 * first in that same transaction: a concurrent retry waits on it, and any later retry gets the first answer.
 * Without one, `unkeyed` runs it if given (an operation that only adds rows of its own may commit together
 * with others: auditedGroupCommit).
 */
export async function runIdempotent<T>(
  db: Db,
  request: FastifyRequest,
  operation: string,
  work: (tx: Executor) => Promise<{ statusCode: number; body: T }>,
  unkeyed?: GroupCommit,
): Promise<StoredResponse<T>> {
  const key = idempotencyKeyOf(request);
  if (key === undefined) {
    const result = await (unkeyed ? unkeyed.run(work) : auditedTransaction(db, work));
    return { ...result, replayed: false };
  }
  const principal = principalOf(request);
  const requestHash = crypto
    .createHash('sha256')
    .update(operation)
    .update(request.url)
    .update(canonicalJson(request.body ?? null))
    .digest('hex');

  const outcome = await auditedTransaction(db, async (tx) => {
    const claimed = await tx
      .insert(idempotencyKeys)
      .values({ principal, key, operation, requestHash, statusCode: 0, response: {} })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });
    if (claimed.length === 0) return null;
    const result = await work(tx);
    await tx
      .update(idempotencyKeys)
      .set({ statusCode: result.statusCode, response: sql`${JSON.stringify(result.body)}::jsonb` })
      .where(and(eq(idempotencyKeys.principal, principal), eq(idempotencyKeys.key, key)));
    return result;
  });
  if (outcome) return { ...outcome, replayed: false };

  const [stored] = await db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.principal, principal), eq(idempotencyKeys.key, key)));
  if (!stored) throw new AppError('IDEMPOTENCY_REQUEST_IN_PROGRESS');
  if (stored.requestHash !== requestHash) {
    throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was first used with a different request body or endpoint.');
  }
  return { statusCode: stored.statusCode, body: stored.response as T, replayed: true };
}

/**
 * runIdempotent for an operation that hands its work to a background job once its transaction has committed:
 * `handOff` runs for the first request only, never for a replay. If it fails, the key is forgotten, so a retry
 * with the same key runs the operation again instead of replaying an answer whose job never started.
 */
export async function runIdempotentThenHandOff<T>(
  db: Db,
  request: FastifyRequest,
  operation: string,
  work: (tx: Executor) => Promise<{ statusCode: number; body: T }>,
  handOff: (body: T) => Promise<void>,
): Promise<StoredResponse<T>> {
  const result = await runIdempotent(db, request, operation, work);
  if (result.replayed) return result;
  try {
    await handOff(result.body);
  } catch (error) {
    const key = idempotencyKeyOf(request);
    if (key !== undefined) {
      await db.delete(idempotencyKeys).where(and(eq(idempotencyKeys.principal, principalOf(request)), eq(idempotencyKeys.key, key)));
    }
    throw error;
  }
  return result;
}
