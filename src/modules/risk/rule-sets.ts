import { asc, desc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../core/db/executor.js';
import type { Actor } from '../../core/auth/actor.js';
import { auditActor } from '../../core/auth/actor.js';
import { appendAudit } from '../../core/audit/audit.js';
import { AppError, notFound } from '../../core/http/errors.js';
import {
  compileRuleSet,
  ruleSetInForce,
  validateRuleSet,
  type CompiledRuleSet,
  type RateTable,
  type RuleSet,
  type RuleSetIssue,
} from './engine/index.js';
import { categoryRatesFor, currentRevision, laneRatesAt, listsAt } from './risk-data.js';
import { riskRuleSets, riskRuleSetVersionSeq } from './risk.tables.js';

/**
 * Versioned rule sets under four-eyes approval. The stored definition is the rule logic only; the named lists and
 * the per-category lane rates are data kept apart (risk-data.ts) and joined in when a rule set is validated or
 * compiled, at a given risk-data revision.
 */

/** The rule logic an analyst writes: a RuleSet without its version, date, lists and per-category rates. */
export type RuleSetDefinition = Omit<RuleSet, 'version' | 'effectiveFrom' | 'lists' | 'rates'> & { rates: Omit<RateTable, 'byCategory'> };

export type RuleSetRow = typeof riskRuleSets.$inferSelect;
export const STORED_STATUSES = ['DRAFT', 'PENDING_APPROVAL', 'APPROVED', 'REJECTED'] as const;
/** As shown: APPROVED becomes SCHEDULED (not yet effective), ACTIVE (in force) or RETIRED (superseded). */
export const RULE_SET_STATUSES = ['DRAFT', 'PENDING_APPROVAL', 'SCHEDULED', 'ACTIVE', 'RETIRED', 'REJECTED'] as const;
export type RuleSetStatus = (typeof RULE_SET_STATUSES)[number];

type Options = { correlationId: string | null; at?: Date };

/** The version the engine seeds its draws with and names in every decision. */
export const engineVersionOf = (version: number) => `rs-${version}`;

// ── Composition and validation ────────────────────────────────────────────────────────────────────────────

/** The engine's RuleSet from a stored definition and the risk data at `revision`. */
export async function composeRuleSet(db: Executor, row: Pick<RuleSetRow, 'version' | 'effectiveFrom' | 'definition'>, revision: number): Promise<unknown> {
  const definition = (row.definition ?? {}) as Record<string, unknown>;
  const rates = (definition.rates ?? {}) as Record<string, unknown>;
  const floors = rates.byCreditClass as RateTable['byCreditClass'] | undefined;
  const validFloors = floors && typeof floors === 'object' && ['ADVANCED_CERTIFIED', 'GENERAL', 'DISHONEST'].every((k) => typeof (floors as Record<string, unknown>)[k] === 'number');
  return {
    ...definition,
    version: engineVersionOf(row.version),
    effectiveFrom: row.effectiveFrom,
    lists: await listsAt(db, revision),
    rates: { ...rates, byCategory: categoryRatesFor(await laneRatesAt(db, revision), validFloors ? floors : { ADVANCED_CERTIFIED: 0, GENERAL: 0, DISHONEST: 0.8 }) },
  };
}

/**
 * Issues with a definition, paths relative to the request body ("definition.rules[2].condition.field"). Lists and
 * per-category rates are not part of a definition: they are maintained as data.
 */
export async function definitionIssues(db: Executor, definition: unknown, effectiveFrom: string): Promise<RuleSetIssue[]> {
  if (typeof definition !== 'object' || definition === null || Array.isArray(definition)) return [{ path: 'definition', message: 'must be an object' }];
  const issues: RuleSetIssue[] = [];
  for (const key of ['version', 'effectiveFrom', 'lists']) {
    if (key in definition) issues.push({ path: `definition.${key}`, message: key === 'lists' ? 'lists are maintained as data (/risk/lists), not inside a rule set' : `${key} is set on the rule set, not inside its definition` });
  }
  const rates = (definition as Record<string, unknown>).rates;
  if (rates && typeof rates === 'object' && 'byCategory' in rates) {
    issues.push({ path: 'definition.rates.byCategory', message: 'per-category rates are maintained as lane rates (/risk/lane-rates), not inside a rule set' });
  }
  if (issues.length) return issues;
  const composed = await composeRuleSet(db, { version: 0, effectiveFrom, definition }, await currentRevision(db));
  const result = validateRuleSet(composed);
  return result.ok ? [] : result.issues.map((issue) => ({ path: issue.path ? `definition.${issue.path}` : 'definition', message: issue.message }));
}

async function assertValidDefinition(db: Executor, definition: unknown, effectiveFrom: string): Promise<void> {
  const issues = await definitionIssues(db, definition, effectiveFrom);
  if (issues.length) {
    throw new AppError('VALIDATION_FAILED', `The rule set has ${issues.length} problem(s); correct them and save again.`, {
      errors: issues.map((issue) => ({ path: issue.path, code: 'RULE_SET_INVALID', message: issue.message })),
    });
  }
}

// ── Compiled rule sets, cached per version and risk-data revision ─────────────────────────────────────────

const COMPILED_CACHE_SIZE = 16;
const compiledCache = new Map<string, CompiledRuleSet>();

/** Approved definitions never change, so a (version, revision) pair always compiles to the same rule set. */
export async function compiledRuleSet(db: Executor, row: Pick<RuleSetRow, 'version' | 'effectiveFrom' | 'definition'>, revision: number): Promise<CompiledRuleSet> {
  const key = `${row.version}@${revision}`;
  const cached = compiledCache.get(key);
  if (cached) {
    compiledCache.delete(key);
    compiledCache.set(key, cached);
    return cached;
  }
  const compiled = compileRuleSet((await composeRuleSet(db, row, revision)) as RuleSet);
  compiledCache.set(key, compiled);
  if (compiledCache.size > COMPILED_CACHE_SIZE) compiledCache.delete(compiledCache.keys().next().value!);
  return compiled;
}

// ── Queries ───────────────────────────────────────────────────────────────────────────────────────────────

export async function findRuleSet(db: Executor, version: number, forUpdate = false): Promise<RuleSetRow | undefined> {
  const query = db.select().from(riskRuleSets).where(eq(riskRuleSets.version, version));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

/** Approved rule sets, earliest approval first (ruleSetInForce breaks effective-date ties by the later one). */
export async function approvedRuleSets(db: Executor): Promise<RuleSetRow[]> {
  return db.select().from(riskRuleSets).where(eq(riskRuleSets.status, 'APPROVED')).orderBy(asc(riskRuleSets.reviewedAt), asc(riskRuleSets.version));
}

export async function ruleSetInForceAt(db: Executor, at: Date): Promise<RuleSetRow | null> {
  return ruleSetInForce(await approvedRuleSets(db), at);
}

export async function listRuleSets(db: Executor): Promise<RuleSetRow[]> {
  return db.select().from(riskRuleSets).orderBy(desc(riskRuleSets.version));
}

export function presentedStatus(row: RuleSetRow, inForceVersion: number | null, now: Date): RuleSetStatus {
  if (row.status !== 'APPROVED') return row.status as RuleSetStatus;
  if (row.version === inForceVersion) return 'ACTIVE';
  return Date.parse(row.effectiveFrom) > now.getTime() ? 'SCHEDULED' : 'RETIRED';
}

// ── Lifecycle ─────────────────────────────────────────────────────────────────────────────────────────────

async function audit(tx: Executor, actor: Actor | null, action: string, row: RuleSetRow, before: unknown, after: unknown, options: Options) {
  await appendAudit(tx, auditActor(actor), {
    action,
    entityType: 'ruleSet',
    entityId: String(row.version),
    before,
    after,
    correlationId: options.correlationId,
    at: options.at?.toISOString(),
  });
}

function refuse(row: RuleSetRow, action: string, allowed: string): never {
  throw new AppError('INVALID_STATE_TRANSITION', `Cannot ${action} rule set ${row.version}: it is ${row.status}; only a ${allowed} rule set can be.`, {
    extra: { currentState: row.status },
  });
}

function assertAuthor(actor: Actor, row: RuleSetRow) {
  if (row.authorId !== actor.userId) {
    throw new AppError('FORBIDDEN', `Only the author changes rule set ${row.version}; copy it into a draft of your own instead.`);
  }
}

const nextVersion = async (tx: Executor) =>
  Number((await tx.execute<{ v: string }>(sql`select nextval(${sql.raw(`'${riskRuleSetVersionSeq.seqName}'`)}) as v`)).rows[0]!.v);

export interface CreateDraftInput {
  comment: string;
  effectiveFrom: string;
  /** A version to copy, or IN_FORCE for the rule set in force now. */
  copyFrom?: number | 'IN_FORCE';
  definition?: RuleSetDefinition | Record<string, unknown>;
}

/** A new draft: the given definition, a copy of another version, or (neither) an empty rule set with safe rates. */
export async function createDraft(tx: Executor, actor: Actor | null, input: CreateDraftInput, options: Options & { status?: 'DRAFT' | 'PENDING_APPROVAL' }): Promise<RuleSetRow> {
  const at = options.at ?? new Date();
  let definition: unknown = input.definition;
  let basedOnVersion: number | null = null;
  if (input.copyFrom !== undefined) {
    const source = input.copyFrom === 'IN_FORCE' ? await ruleSetInForceAt(tx, at) : await findRuleSet(tx, input.copyFrom);
    if (!source) {
      throw new AppError('VALIDATION_FAILED', 'There is no rule set to copy from.', {
        errors: [{ path: 'copyFrom', code: 'UNKNOWN', message: input.copyFrom === 'IN_FORCE' ? 'no rule set is in force' : `no rule set version ${input.copyFrom}` }],
      });
    }
    definition = definition ?? source.definition;
    basedOnVersion = source.version;
  }
  definition ??= emptyDefinition();
  await assertValidDefinition(tx, definition, input.effectiveFrom);
  const status = options.status ?? 'DRAFT';
  const [row] = await tx
    .insert(riskRuleSets)
    .values({
      version: await nextVersion(tx),
      status,
      effectiveFrom: new Date(input.effectiveFrom).toISOString(),
      definition,
      comment: input.comment,
      basedOnVersion,
      authorId: actor?.userId ?? null,
      createdAt: at.toISOString(),
      updatedAt: at.toISOString(),
      submittedAt: status === 'PENDING_APPROVAL' ? at.toISOString() : null,
    })
    .returning();
  await audit(tx, actor, 'risk.ruleSet.create', row!, null, { status, effectiveFrom: row!.effectiveFrom, comment: row!.comment, basedOnVersion, definition }, options);
  return row!;
}

export function emptyDefinition(): RuleSetDefinition {
  return {
    laneSeverity: ['RELEASE', 'RELEASE_THEN_INSPECT', 'DOCUMENT_CHECK', 'INSPECT_BEFORE_RELEASE'],
    rules: [],
    valueBands: [],
    rates: { byCreditClass: { ADVANCED_CERTIFIED: 0, GENERAL: 0, DISHONEST: 0.8 }, explorationShare: 0, selectionLane: 'INSPECT_BEFORE_RELEASE' },
    scoreThresholds: [],
  };
}

async function saveRow(tx: Executor, row: RuleSetRow, patch: Partial<typeof riskRuleSets.$inferInsert>, at: Date): Promise<RuleSetRow> {
  const [updated] = await tx
    .update(riskRuleSets)
    .set({ ...patch, rowVersion: row.rowVersion + 1, updatedAt: at.toISOString() })
    .where(eq(riskRuleSets.id, row.id))
    .returning();
  return updated!;
}

export async function updateDraft(
  tx: Executor,
  actor: Actor,
  version: number,
  checkRowVersion: (v: number) => void,
  patch: { comment?: string; effectiveFrom?: string; definition?: Record<string, unknown> },
  options: Options,
): Promise<RuleSetRow> {
  const row = await findRuleSet(tx, version, true);
  if (!row) throw notFound('rule set');
  checkRowVersion(row.rowVersion);
  assertAuthor(actor, row);
  if (row.status !== 'DRAFT') refuse(row, 'edit', 'DRAFT');
  const effectiveFrom = patch.effectiveFrom ? new Date(patch.effectiveFrom).toISOString() : row.effectiveFrom;
  const definition = patch.definition ?? row.definition;
  await assertValidDefinition(tx, definition, effectiveFrom);
  const updated = await saveRow(tx, row, { comment: patch.comment ?? row.comment, effectiveFrom, definition }, options.at ?? new Date());
  await audit(
    tx,
    actor,
    'risk.ruleSet.edit',
    updated,
    { comment: row.comment, effectiveFrom: row.effectiveFrom, ...(patch.definition ? { definition: row.definition } : {}) },
    { comment: updated.comment, effectiveFrom: updated.effectiveFrom, ...(patch.definition ? { definition: updated.definition } : {}) },
    options,
  );
  return updated;
}

export async function submitForApproval(tx: Executor, actor: Actor, version: number, checkRowVersion: (v: number) => void, options: Options): Promise<RuleSetRow> {
  const row = await findRuleSet(tx, version, true);
  if (!row) throw notFound('rule set');
  checkRowVersion(row.rowVersion);
  assertAuthor(actor, row);
  if (row.status !== 'DRAFT') refuse(row, 'submit', 'DRAFT');
  await assertValidDefinition(tx, row.definition, row.effectiveFrom);
  const at = options.at ?? new Date();
  const updated = await saveRow(tx, row, { status: 'PENDING_APPROVAL', submittedAt: at.toISOString() }, at);
  await audit(tx, actor, 'risk.ruleSet.submit', updated, { status: row.status }, { status: updated.status }, options);
  return updated;
}

/**
 * Four-eyes: a rule set takes effect only when an officer other than its author approves it. It becomes active at
 * its effective date — or at approval, if that date has already passed: approval never acts on the past.
 */
export async function approve(tx: Executor, actor: Actor, version: number, checkRowVersion: (v: number) => void, comment: string, options: Options): Promise<RuleSetRow> {
  const row = await findRuleSet(tx, version, true);
  if (!row) throw notFound('rule set');
  checkRowVersion(row.rowVersion);
  if (row.status !== 'PENDING_APPROVAL') refuse(row, 'approve', 'PENDING_APPROVAL');
  if (row.authorId === actor.userId) {
    throw new AppError('FOUR_EYES_REQUIRED', 'The author of a rule set cannot approve it: a second officer must (four-eyes).', {
      errors: [{ path: 'approver', code: 'FOUR_EYES_REQUIRED', message: 'the approver must be a different officer than the author' }],
      extra: { reason: 'FOUR_EYES_REQUIRED' },
    });
  }
  await assertValidDefinition(tx, row.definition, row.effectiveFrom);
  const at = options.at ?? new Date();
  const effectiveFrom = new Date(Math.max(Date.parse(row.effectiveFrom), at.getTime())).toISOString();
  const updated = await saveRow(tx, row, { status: 'APPROVED', reviewerId: actor.userId, reviewedAt: at.toISOString(), reviewComment: comment, effectiveFrom }, at);
  await audit(tx, actor, 'risk.ruleSet.approve', updated, { status: row.status, effectiveFrom: row.effectiveFrom }, { status: updated.status, effectiveFrom, comment }, options);
  return updated;
}

export async function reject(tx: Executor, actor: Actor, version: number, checkRowVersion: (v: number) => void, reason: string, options: Options): Promise<RuleSetRow> {
  const row = await findRuleSet(tx, version, true);
  if (!row) throw notFound('rule set');
  checkRowVersion(row.rowVersion);
  if (row.status !== 'PENDING_APPROVAL') refuse(row, 'reject', 'PENDING_APPROVAL');
  const at = options.at ?? new Date();
  const updated = await saveRow(tx, row, { status: 'REJECTED', reviewerId: actor.userId, reviewedAt: at.toISOString(), reviewComment: reason }, at);
  await audit(tx, actor, 'risk.ruleSet.reject', updated, { status: row.status }, { status: updated.status, reason }, options);
  return updated;
}
