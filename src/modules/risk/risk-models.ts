import { and, desc, eq, inArray, isNotNull, like, lte, sql } from 'drizzle-orm';
import type { Actor } from '../../core/auth/actor.js';
import { auditActor } from '../../core/auth/actor.js';
import { appendAudit } from '../../core/audit/audit.js';
import type { AppContext } from '../../core/context.js';
import type { Db } from '../../core/db/database.js';
import type { Executor } from '../../core/db/executor.js';
import { AppError, notFound } from '../../core/http/errors.js';
import type { JobDefinition, JobQueue } from '../../core/jobs/jobs.js';
import { inspectionTasks } from '../inspection/inspection.tables.js';
import { todayInChina } from '../reference/reference.service.js';
import type { DeclarationFacts } from './engine/index.js';
import { ORELANE_FEATURES } from './model/orelane/features.js';
import { OrelaneRiskModel, trainOrelaneModel, type SerializedOrelaneModel, type TrainingExample } from './model/orelane/model.js';
import { riskModels } from './risk-models.tables.js';
import { riskDecisions } from './risk.tables.js';

/**
 * Versioned learned-score models: trained in the background from Orelane's own decided and inspected
 * declarations, activated by a risk analyst or supervisor, and cached in memory per version for the engine.
 */

export const TRAIN_MODEL_JOB = 'risk.trainModel';
export const MODEL_STATUSES = ['TRAINING', 'READY', 'FAILED', 'ACTIVE', 'RETIRED'] as const;
export type ModelStatus = (typeof MODEL_STATUSES)[number];
/** Fewer non-conforming lots than this and the model has not seen enough findings to rank anything. */
export const MIN_POSITIVES_TO_ACTIVATE = 10;
/** Inverse-propensity weights are capped so one randomly selected lot cannot dominate the fit. */
export const MAX_EXAMPLE_WEIGHT = 10;

export type RiskModelRow = typeof riskModels.$inferSelect;
type Options = { correlationId: string | null; at?: Date };

const INSPECTING_LANES = new Set(['INSPECT_BEFORE_RELEASE', 'RELEASE_THEN_INSPECT']);

// ── Training data ─────────────────────────────────────────────────────────────────────────────────────────

interface StoredDecisionForTraining {
  firedRules: unknown;
  details: unknown;
  score: unknown;
}

/**
 * The chance the lot had of being inspected under the decision that selected it: one minus the chance that no
 * inspecting source picked it (each fired rule with an inspection lane by its share, the random minimum rate,
 * exploration). A safety-floor or score-driven inspection was certain. Decisions made before these were
 * recorded, or inspected for a reason outside the draws (e.g. re-decided after an alarm), count as certain.
 * Random selection and exploration are taken to send lots to an inspecting lane, as `rates.selectionLane` does in
 * every Orelane rule set so far (INSPECT_BEFORE_RELEASE); the stored decision does not record that lane when the
 * draw did not select the lot.
 */
export function inspectionPropensity(decision: StoredDecisionForTraining): number {
  const details = (decision.details ?? {}) as { safetyFloor?: { applied?: boolean }; randomSelection?: { rate?: number }; exploration?: { share?: number } };
  const score = decision.score as { lane?: string | null } | null;
  if (details.safetyFloor?.applied || (score?.lane && INSPECTING_LANES.has(score.lane))) return 1;
  let notPicked = (1 - (details.randomSelection?.rate ?? 0)) * (1 - (details.exploration?.share ?? 0));
  for (const rule of (decision.firedRules ?? []) as { lane?: string | null; share?: number }[]) {
    if (rule.lane && INSPECTING_LANES.has(rule.lane)) notPicked *= 1 - (rule.share ?? 0);
  }
  const propensity = 1 - notPicked;
  return propensity > 0 ? propensity : 1;
}

export function exampleWeight(decision: StoredDecisionForTraining): number {
  return Math.min(1 / inspectionPropensity(decision), MAX_EXAMPLE_WEIGHT);
}

export interface TrainingData {
  allFacts: { facts: DeclarationFacts; decidedAt: string }[];
  examples: TrainingExample[];
}

/**
 * Every decision with recorded facts up to `until`, and of those the lots whose on-site check finished by then:
 * FAILED = non-conforming (the label), PASSED = conforming. Lots never inspected have no label: they are used
 * only for the usual unit values.
 */
export async function loadTrainingData(db: Executor, until: Date): Promise<TrainingData> {
  const cutoff = until.toISOString();
  const rows = await db
    .select({
      declarationId: riskDecisions.declarationId,
      decidedAt: riskDecisions.decidedAt,
      facts: riskDecisions.facts,
      firedRules: riskDecisions.firedRules,
      details: riskDecisions.details,
      score: riskDecisions.score,
      outcome: inspectionTasks.state,
    })
    .from(riskDecisions)
    .leftJoin(
      inspectionTasks,
      and(eq(inspectionTasks.declarationId, riskDecisions.declarationId), inArray(inspectionTasks.state, ['PASSED', 'FAILED']), lte(inspectionTasks.completedAt, cutoff)),
    )
    .where(and(isNotNull(riskDecisions.facts), lte(riskDecisions.decidedAt, cutoff)));
  const allFacts: TrainingData['allFacts'] = [];
  const examples: TrainingExample[] = [];
  for (const row of rows) {
    const facts = row.facts as DeclarationFacts;
    allFacts.push({ facts, decidedAt: row.decidedAt });
    if (row.outcome) {
      examples.push({ declarationId: row.declarationId, decidedAt: row.decidedAt, facts, label: row.outcome === 'FAILED' ? 1 : 0, weight: exampleWeight(row) });
    }
  }
  return { allFacts, examples };
}

// ── Versions and lifecycle ────────────────────────────────────────────────────────────────────────────────

/** "orelane-<date in China>.<n>": the n-th model requested that day. */
async function nextModelVersion(tx: Executor, at: Date): Promise<string> {
  // Serialises version numbering between concurrent requests; released at commit.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('risk_models.version'))`);
  const prefix = `orelane-${todayInChina(at)}.`;
  const rows = await tx.select({ version: riskModels.version }).from(riskModels).where(like(riskModels.version, `${prefix}%`));
  const highest = rows.reduce((max, row) => Math.max(max, Number(row.version.slice(prefix.length)) || 0), 0);
  return `${prefix}${highest + 1}`;
}

async function audit(tx: Executor, actor: Actor, action: string, version: string, before: unknown, after: unknown, options: Options) {
  await appendAudit(tx, auditActor(actor), { action, entityType: 'riskModel', entityId: version, before, after, correlationId: options.correlationId, at: options.at?.toISOString() });
}

/** A TRAINING row for a new model, audited; the caller trains it (job or seed). */
export async function createModelRequest(tx: Executor, actor: Actor, comment: string, options: Options): Promise<RiskModelRow> {
  const at = options.at ?? new Date();
  const [row] = await tx
    .insert(riskModels)
    .values({ version: await nextModelVersion(tx, at), status: 'TRAINING', comment, trainedBy: actor.userId, requestedAt: at.toISOString() })
    .returning();
  await audit(tx, actor, 'risk.model.train', row!.version, null, { status: 'TRAINING', comment }, options);
  return row!;
}

/** Hands a committed TRAINING model to the job queue; if that fails the model is FAILED and the caller gets 503. */
export async function queueModelTraining(db: Db, jobs: JobQueue, version: string): Promise<void> {
  try {
    await jobs.send(TRAIN_MODEL_JOB, { version });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await db.update(riskModels).set({ status: 'FAILED', error: `could not be queued: ${message}` }).where(eq(riskModels.version, version));
    throw error instanceof AppError ? error : new AppError('SERVICE_UNAVAILABLE', 'The training could not be queued; try again.');
  }
}

/**
 * Trains a TRAINING model on the decisions and outcomes known when it was requested, and stores it READY — or
 * FAILED with the reason. Does nothing to a model that is no longer TRAINING (a retried job).
 */
export async function trainRequestedModel(db: Executor, version: string, options: { at?: Date } = {}): Promise<RiskModelRow> {
  const [row] = await db.select().from(riskModels).where(eq(riskModels.version, version));
  if (!row) throw notFound('risk model');
  if (row.status !== 'TRAINING') return row;
  let patch: Partial<typeof riskModels.$inferInsert>;
  try {
    const data = await loadTrainingData(db, new Date(row.requestedAt));
    const positives = data.examples.reduce((sum, e) => sum + e.label, 0);
    if (positives === 0 || positives === data.examples.length) {
      throw new Error(`needs inspected lots with both outcomes; found ${data.examples.length} inspected, ${positives} non-conforming`);
    }
    const { model, metrics } = trainOrelaneModel(version, data.allFacts, data.examples);
    patch = {
      status: 'READY',
      trainingRows: data.examples.length,
      positives,
      metrics,
      features: [...ORELANE_FEATURES],
      featureImportances: model.featureImportances(),
      model: model.toJSON(),
      error: null,
    };
  } catch (error) {
    patch = { status: 'FAILED', error: error instanceof Error ? error.message : String(error) };
  }
  const [updated] = await db
    .update(riskModels)
    .set({ ...patch, trainedAt: (options.at ?? new Date()).toISOString() })
    .where(and(eq(riskModels.version, version), eq(riskModels.status, 'TRAINING')))
    .returning();
  return updated ?? row;
}

function notActivatable(version: string, code: string, message: string): AppError {
  return new AppError('MODEL_NOT_ACTIVATABLE', `Model ${version} cannot be activated: ${message}.`, { errors: [{ path: 'version', code, message }] });
}

/** Makes a READY (or retired) model the one that scores decisions; the active one before it is retired. Audited. */
export async function activateModel(tx: Executor, actor: Actor, version: string, options: Options): Promise<RiskModelRow> {
  const at = (options.at ?? new Date()).toISOString();
  // One activation at a time, so two cannot both see "no other active".
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('risk_models.activate'))`);
  const [row] = await tx.select().from(riskModels).where(eq(riskModels.version, version)).for('update');
  if (!row) throw notFound('risk model');
  if (row.status === 'ACTIVE') throw notActivatable(version, 'ALREADY_ACTIVE', 'it is already the active model');
  if (row.status === 'TRAINING') throw notActivatable(version, 'STILL_TRAINING', 'it is still training');
  if (row.status === 'FAILED' || !row.model) throw notActivatable(version, 'TRAINING_FAILED', `its training failed (${row.error ?? 'no model stored'})`);
  if ((row.positives ?? 0) < MIN_POSITIVES_TO_ACTIVATE) {
    throw notActivatable(version, 'TOO_FEW_POSITIVES', `it learned from ${row.positives ?? 0} non-conforming lots; at least ${MIN_POSITIVES_TO_ACTIVATE} are needed`);
  }
  const [previous] = await tx.update(riskModels).set({ status: 'RETIRED', retiredAt: at }).where(eq(riskModels.status, 'ACTIVE')).returning();
  const [activated] = await tx
    .update(riskModels)
    .set({ status: 'ACTIVE', activatedBy: actor.userId, activatedAt: at, retiredAt: null })
    .where(eq(riskModels.version, version))
    .returning();
  await audit(tx, actor, 'risk.model.activate', version, { status: row.status, replaces: previous?.version ?? null }, { status: 'ACTIVE' }, options);
  if (previous) await audit(tx, actor, 'risk.model.retire', previous.version, { status: 'ACTIVE' }, { status: 'RETIRED', replacedBy: version }, options);
  return activated!;
}

export async function listModels(db: Executor): Promise<RiskModelRow[]> {
  return db.select().from(riskModels).orderBy(desc(riskModels.requestedAt), desc(riskModels.version));
}

export async function findModel(db: Executor, version: string): Promise<RiskModelRow | undefined> {
  const [row] = await db.select().from(riskModels).where(eq(riskModels.version, version));
  return row;
}

// ── Models for the engine, cached per version ─────────────────────────────────────────────────────────────

const MODEL_CACHE_SIZE = 8;
const modelCache = new Map<string, OrelaneRiskModel>();

/** A stored model never changes once trained, so a version always loads to the same model. */
export async function loadModel(db: Executor, version: string): Promise<OrelaneRiskModel> {
  const cached = modelCache.get(version);
  if (cached) return cached;
  const [row] = await db.select({ model: riskModels.model }).from(riskModels).where(eq(riskModels.version, version));
  if (!row?.model) throw new AppError('INTERNAL', `Risk model ${version} is missing or was never trained.`);
  const model = OrelaneRiskModel.fromJSON(version, row.model as SerializedOrelaneModel);
  modelCache.set(version, model);
  if (modelCache.size > MODEL_CACHE_SIZE) modelCache.delete(modelCache.keys().next().value!);
  return model;
}

/** The model that scores decisions taken at `at`: the active one, if it was activated by then. */
export async function modelInForceAt(db: Executor, at: Date): Promise<OrelaneRiskModel | null> {
  const [active] = await db
    .select({ version: riskModels.version })
    .from(riskModels)
    .where(and(eq(riskModels.status, 'ACTIVE'), lte(riskModels.activatedAt, at.toISOString())));
  return active ? loadModel(db, active.version) : null;
}

export function riskModelJobs(context: Pick<AppContext, 'db' | 'logger'>): JobDefinition[] {
  return [
    {
      name: TRAIN_MODEL_JOB,
      handler: async (data) => {
        const { version } = data as { version: string };
        const row = await trainRequestedModel(context.db, version);
        context.logger.info({ version, status: row.status, rows: row.trainingRows, positives: row.positives, error: row.error }, 'risk model trained');
      },
    },
  ];
}
