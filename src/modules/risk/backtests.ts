import { desc, eq, and, inArray } from 'drizzle-orm';
import type { Actor } from '../../core/auth/actor.js';
import { auditActor } from '../../core/auth/actor.js';
import { appendAudit } from '../../core/audit/audit.js';
import type { AppContext } from '../../core/context.js';
import type { Db } from '../../core/db/database.js';
import type { Executor } from '../../core/db/executor.js';
import { AppError, notFound, validationFailed, type FieldError } from '../../core/http/errors.js';
import type { JobDefinition, JobQueue } from '../../core/jobs/jobs.js';
import { users } from '../registry/registry.tables.js';
import { addToTally, backtestResult, emptyTally, type BacktestResult, type BacktestTally } from './backtest-metrics.js';
import { riskBacktests } from './backtests.tables.js';
import { countReplayable, nextDecisions, replayCompiler, replayableIn, type Cursor } from './decision-history.js';
import { decideLane } from './engine/index.js';
import { findRuleSet } from './rule-sets.js';
import { loadModel, modelInForceAt } from './risk-models.js';

/**
 * Backtests: replay one rule set, or two side by side — with the learned model active when the backtest was
 * created, if any — over the stored decisions of a period and measure what each would have done — lanes, inspection rate, known findings caught or released unchecked, precision, lanes
 * changed. Every decision is replayed from its stored facts at its stored risk-data revision, and draws are
 * seeded by declaration id and rule-set version as in live decisions, so a backtest is reproducible; replaying
 * the rule set that decided gives zero lane changes.
 *
 * A pg-boss job does the work in chunks: after each chunk it stores its place, its running tallies and the
 * count processed, and before each it re-reads the status, so a cancel stops it within one chunk. A job the
 * queue retries after a crash resumes from the stored place.
 */

export const BACKTEST_JOB = 'risk.backtest';
export const BACKTEST_STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'CANCELLED', 'FAILED'] as const;
export type BacktestStatus = (typeof BACKTEST_STATUSES)[number];
const UNFINISHED: BacktestStatus[] = ['QUEUED', 'RUNNING'];

export type BacktestRow = typeof riskBacktests.$inferSelect;

export interface CreateBacktestInput {
  ruleSetVersion: number;
  compareWithVersion?: number;
  from: string;
  to: string;
  /** Score with the learned model active now (when there is one); false replays the rules alone. Default true. */
  useActiveModel?: boolean;
}

/** Validates and stores a QUEUED backtest in the caller's (audited) transaction; queueBacktest then starts it. */
export async function insertBacktest(tx: Executor, actor: Actor, input: CreateBacktestInput, options: { correlationId: string | null }): Promise<BacktestRow> {
  const errors: FieldError[] = [];
  if (input.from > input.to) errors.push({ path: 'to', code: 'BEFORE_FROM', message: `the period ends (${input.to}) before it starts (${input.from})` });
  if (!(await findRuleSet(tx, input.ruleSetVersion))) errors.push({ path: 'ruleSetVersion', code: 'UNKNOWN', message: `no rule set version ${input.ruleSetVersion}` });
  if (input.compareWithVersion !== undefined) {
    if (input.compareWithVersion === input.ruleSetVersion) {
      errors.push({ path: 'compareWithVersion', code: 'SAME_VERSION', message: 'compare with a different version than ruleSetVersion' });
    } else if (!(await findRuleSet(tx, input.compareWithVersion))) {
      errors.push({ path: 'compareWithVersion', code: 'UNKNOWN', message: `no rule set version ${input.compareWithVersion}` });
    }
  }
  if (errors.length) throw validationFailed(errors);
  const now = new Date();
  const createdAt = now.toISOString();
  const model = input.useActiveModel === false ? null : await modelInForceAt(tx, now);
  const total = await countReplayable(tx, replayableIn({ from: input.from, to: input.to }, createdAt));
  const [inserted] = await tx
    .insert(riskBacktests)
    .values({
      status: 'QUEUED',
      fromDate: input.from,
      toDate: input.to,
      ruleSetVersion: input.ruleSetVersion,
      compareWithVersion: input.compareWithVersion ?? null,
      // The learned model active now scores every replayed decision, as it would score a new one.
      modelVersion: model?.version ?? null,
      total,
      createdAt,
      createdBy: actor.userId,
    })
    .returning();
  const row = inserted!;
  await appendAudit(tx, auditActor(actor), {
    action: 'risk.backtest.create',
    entityType: 'riskBacktest',
    entityId: row.id,
    after: { ruleSetVersion: row.ruleSetVersion, compareWithVersion: row.compareWithVersion, from: row.fromDate, to: row.toDate, modelVersion: row.modelVersion, total: row.total },
    correlationId: options.correlationId,
    at: createdAt,
  });
  return row;
}

/** Hands a committed QUEUED backtest to the job queue; if that fails the backtest is FAILED and the caller gets 503. */
export async function queueBacktest(db: Db, jobs: JobQueue, backtestId: string): Promise<void> {
  try {
    await jobs.send(BACKTEST_JOB, { backtestId });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await db.update(riskBacktests).set({ status: 'FAILED', error: `could not be queued: ${message}`, finishedAt: new Date().toISOString() }).where(eq(riskBacktests.id, backtestId));
    throw error instanceof AppError ? error : new AppError('SERVICE_UNAVAILABLE', 'The backtest could not be queued; try again.');
  }
}

export async function listBacktests(db: Executor, limit = 200): Promise<BacktestRow[]> {
  return db.select().from(riskBacktests).orderBy(desc(riskBacktests.createdAt), desc(riskBacktests.id)).limit(limit);
}

export async function getBacktest(db: Executor, id: string): Promise<BacktestRow> {
  const [row] = await db.select().from(riskBacktests).where(eq(riskBacktests.id, id));
  if (!row) throw notFound('backtest');
  return row;
}

/** Stops a queued or running backtest; the job notices before its next chunk and writes nothing more. */
export async function cancelBacktest(db: Db, id: string): Promise<BacktestRow> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(riskBacktests).where(eq(riskBacktests.id, id)).for('update');
    if (!row) throw notFound('backtest');
    if (!UNFINISHED.includes(row.status as BacktestStatus)) {
      throw new AppError('INVALID_STATE_TRANSITION', `Backtest ${id} has already finished (${row.status}); only a queued or running one can be cancelled.`, {
        extra: { currentState: row.status },
      });
    }
    const [cancelled] = await tx.update(riskBacktests).set({ status: 'CANCELLED', finishedAt: new Date().toISOString() }).where(eq(riskBacktests.id, id)).returning();
    return cancelled!;
  });
}

/** Display names of the backtests' creators. */
export async function creatorNames(db: Executor, rows: BacktestRow[]): Promise<Map<string, string>> {
  const ids = [...new Set(rows.map((row) => row.createdBy))];
  if (ids.length === 0) return new Map();
  const found = await db.select({ id: users.id, displayName: users.displayName }).from(users).where(inArray(users.id, ids));
  return new Map(found.map((user) => [user.id, user.displayName]));
}

// ── The job ───────────────────────────────────────────────────────────────────────────────────────────────

/**
 * The row as this run left it: still RUNNING and at the count it wrote last. A cancel, or a second run of the same
 * job (pg-boss retries a job that outlives its expiry), makes this false, and the run stops without writing.
 */
const asLeft = (id: string, processed: number) => and(eq(riskBacktests.id, id), eq(riskBacktests.status, 'RUNNING'), eq(riskBacktests.processed, processed));

/**
 * Runs (or resumes) one backtest. Every write after the start is conditional on the row being as this run left
 * it, so a cancel that lands mid-chunk wins: the chunk's result is discarded and the job stops.
 */
export async function runBacktest(context: Pick<AppContext, 'db' | 'config' | 'logger'>, id: string): Promise<void> {
  const { db, config, logger } = context;
  const [claimed] = await db
    .update(riskBacktests)
    .set({ status: 'RUNNING' })
    .where(and(eq(riskBacktests.id, id), inArray(riskBacktests.status, UNFINISHED)))
    .returning();
  if (!claimed) return;
  let processed = claimed.processed;
  if (!claimed.startedAt) await db.update(riskBacktests).set({ startedAt: new Date().toISOString() }).where(asLeft(id, claimed.processed));
  try {
    const versions = [claimed.ruleSetVersion, ...(claimed.compareWithVersion === null ? [] : [claimed.compareWithVersion])];
    const compilers = await Promise.all(
      versions.map(async (version) => {
        const row = await findRuleSet(db, version);
        if (!row) throw new Error(`rule set version ${version} no longer exists`);
        return replayCompiler(db, row);
      }),
    );
    const model = claimed.modelVersion === null ? null : await loadModel(db, claimed.modelVersion);
    const where = replayableIn({ from: claimed.fromDate, to: claimed.toDate }, claimed.createdAt);
    let tallies = (claimed.tallies as BacktestTally[]).length === versions.length ? (claimed.tallies as BacktestTally[]) : versions.map(() => emptyTally());
    let cursor: Cursor | null = claimed.cursorDecidedAt && claimed.cursorDeclarationId ? { decidedAtKey: claimed.cursorDecidedAt, declarationId: claimed.cursorDeclarationId } : null;
    for (;;) {
      const [current] = await db.select({ status: riskBacktests.status }).from(riskBacktests).where(eq(riskBacktests.id, id));
      if (current?.status !== 'RUNNING') return;
      const chunk = await nextDecisions(db, where, cursor, config.backtestChunkSize);
      if (chunk.length === 0) break;
      const next = [...tallies];
      for (const decision of chunk) {
        const score = model?.score(decision.facts);
        for (let index = 0; index < versions.length; index++) {
          const compiled = await compilers[index]!(decision.dataRevision);
          const replayed = decideLane(compiled, decision.facts, score);
          next[index] = addToTally(next[index]!, { lane: replayed.lane, storedLane: decision.storedLane, outcome: decision.outcome });
        }
      }
      const last = chunk[chunk.length - 1]!;
      cursor = { decidedAtKey: last.decidedAtKey, declarationId: last.declarationId };
      const saved = await db
        .update(riskBacktests)
        .set({ processed: processed + chunk.length, tallies: next, cursorDecidedAt: cursor.decidedAtKey, cursorDeclarationId: cursor.declarationId })
        .where(asLeft(id, processed))
        .returning({ id: riskBacktests.id });
      if (saved.length === 0) return;
      processed += chunk.length;
      tallies = next;
    }
    const results: BacktestResult[] = versions.map((version, index) => backtestResult(version, tallies[index]!));
    // A decision replaced after the backtest was created (e.g. by a screening alarm) may leave the period; the
    // total becomes what was actually replayed.
    await db.update(riskBacktests).set({ status: 'SUCCEEDED', results, total: processed, finishedAt: new Date().toISOString() }).where(asLeft(id, processed));
  } catch (error) {
    logger.error({ err: error, backtestId: id }, 'backtest failed');
    const message = error instanceof Error ? error.message : String(error);
    await db.update(riskBacktests).set({ status: 'FAILED', error: message, finishedAt: new Date().toISOString() }).where(asLeft(id, processed));
  }
}

export function backtestJobs(context: AppContext): JobDefinition[] {
  return [
    {
      name: BACKTEST_JOB,
      handler: (data) => runBacktest(context, (data as { backtestId: string }).backtestId),
    },
  ];
}
