import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, integer, jsonb, numeric, pgSequence, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { timestamptz } from '../../core/db/columns.js';

/**
 * Minimum random rate per commodity category × credit class: the engine's `rates.byCategory`. Rates are data,
 * like the lists: every change bumps the risk-data revision and is kept in lane_rate_changes for replay.
 */
export const laneRates = pgTable(
  'lane_rates',
  {
    categoryCode: text('category_code').notNull(),
    creditClass: text('credit_class').notNull(),
    inspectionRate: numeric('inspection_rate', { precision: 6, scale: 4 }).notNull(),
    updatedAt: timestamptz('updated_at').notNull().default(sql`now()`),
    updatedBy: uuid('updated_by'),
  },
  (t) => [primaryKey({ columns: [t.categoryCode, t.creditClass] })],
);

/** Every value a lane rate ever had, with the risk-data revision that set it. */
export const laneRateChanges = pgTable(
  'lane_rate_changes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    categoryCode: text('category_code').notNull(),
    creditClass: text('credit_class').notNull(),
    inspectionRate: numeric('inspection_rate', { precision: 6, scale: 4 }).notNull(),
    revision: bigint('revision', { mode: 'number' }).notNull(),
    changedBy: uuid('changed_by'),
    changedAt: timestamptz('changed_at').notNull().default(sql`now()`),
  },
  (t) => [index('lane_rate_changes_key_idx').on(t.categoryCode, t.creditClass, t.revision)],
);

/**
 * One row (id 1): the risk-data revision, bumped by every list-entry and lane-rate change. A decision records the
 * revision it read, so the lists and rates it saw can be rebuilt exactly. Locking the row serialises changes, so
 * revisions commit in order.
 */
export const riskDataHead = pgTable('risk_data_head', {
  id: integer('id').primaryKey(),
  revision: bigint('revision', { mode: 'number' }).notNull(),
});

/** Named lists rules refer to (watch lists, origin groups, sensitive codes, vehicles): data, not rule logic. */
export const riskLists = pgTable('risk_lists', {
  name: text('name').primaryKey(),
  /** ENTERPRISE, DECLARANT, COUNTRY, COMMODITY_CODE or VEHICLE (engine LIST_KINDS). */
  kind: text('kind').notNull(),
  descriptionZh: text('description_zh').notNull(),
  descriptionEn: text('description_en').notNull(),
  createdBy: uuid('created_by'),
  createdAt: timestamptz('created_at').notNull().default(sql`now()`),
});

/** An entry is in its list from `added_revision` until `removed_revision` (exclusive); entries are never deleted. */
export const riskListEntries = pgTable(
  'risk_list_entries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    listName: text('list_name')
      .notNull()
      .references(() => riskLists.name),
    value: text('value').notNull(),
    reason: text('reason').notNull(),
    addedBy: uuid('added_by'),
    addedAt: timestamptz('added_at').notNull().default(sql`now()`),
    addedRevision: bigint('added_revision', { mode: 'number' }).notNull(),
    removedBy: uuid('removed_by'),
    removedAt: timestamptz('removed_at'),
    removedRevision: bigint('removed_revision', { mode: 'number' }),
    removalReason: text('removal_reason'),
  },
  (t) => [
    index('risk_list_entries_list_idx').on(t.listName, t.addedRevision),
    uniqueIndex('risk_list_entries_active_value').on(t.listName, t.value).where(sql`${t.removedRevision} is null`),
  ],
);

/** Rule-set version numbers; gaps are harmless. */
export const riskRuleSetVersionSeq = pgSequence('risk_rule_set_version_seq', { startWith: 1 });

/**
 * Versioned rule sets under four-eyes approval. Stored status: DRAFT → PENDING_APPROVAL → APPROVED | REJECTED;
 * an approved set is ACTIVE from its effective date until a later approved set takes over (then RETIRED) —
 * those two are derived when read, never stored, so they cannot drift from the clock.
 */
export const riskRuleSets = pgTable(
  'risk_rule_sets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    version: integer('version').notNull().unique(),
    status: text('status').notNull(),
    effectiveFrom: timestamptz('effective_from').notNull(),
    /** The rule logic: laneSeverity, rules, valueBands, rates (class floors, exploration, selection lane), scoreThresholds. */
    definition: jsonb('definition').notNull(),
    /** What changed and why, written by the author. */
    comment: text('comment').notNull().default(''),
    basedOnVersion: integer('based_on_version'),
    /** Null for the baseline Orelane proposes on a new installation. */
    authorId: uuid('author_id'),
    createdAt: timestamptz('created_at').notNull().default(sql`now()`),
    updatedAt: timestamptz('updated_at').notNull().default(sql`now()`),
    submittedAt: timestamptz('submitted_at'),
    /** The approver, or the officer who rejected it. */
    reviewerId: uuid('reviewer_id'),
    reviewedAt: timestamptz('reviewed_at'),
    /** Approval comment or rejection reason. */
    reviewComment: text('review_comment'),
    /** Optimistic-locking counter, sent as the ETag. */
    rowVersion: integer('row_version').notNull().default(1),
  },
  (t) => [index('risk_rule_sets_status_idx').on(t.status, t.effectiveFrom)],
);

/** The current decision per declaration. */
export const riskDecisions = pgTable(
  'risk_decisions',
  {
    declarationId: uuid('declaration_id').primaryKey(),
    lane: text('lane').notNull(),
    /** Which engine decided, e.g. "lane-table/1" or "risk-engine/1;rules=rs-3;data=17". */
    engine: text('engine').notNull(),
    randomDraw: numeric('random_draw', { precision: 10, scale: 9 }).notNull(),
    /** [{ code, params }] — rendered in words by the UI. */
    reasons: jsonb('reasons').notNull(),
    decidedAt: timestamptz('decided_at').notNull().default(sql`now()`),
    /** The rule set that decided; null for lane-table decisions and when no rule set was in force. */
    ruleSetVersion: integer('rule_set_version'),
    /** The risk-data revision (lists, lane rates) the decision read. */
    dataRevision: bigint('data_revision', { mode: 'number' }),
    /** The learned model's version; null until a model scores declarations. */
    modelVersion: text('model_version'),
    checks: text('checks').array().notNull().default(sql`'{}'::text[]`),
    firedRules: jsonb('fired_rules').notNull().default(sql`'[]'::jsonb`),
    /** { value, lane, minScore, modelVersion, topFactors } or null. */
    score: jsonb('score'),
    /** The DeclarationFacts the engine read: with the versions above, enough to replay the decision exactly. */
    facts: jsonb('facts'),
    /** Random selection and exploration draws, safety floor, value-band breaches, matched list entries. */
    details: jsonb('details'),
  },
  // Backtests, rule tests and value bands read the decisions of a period, in (decided_at, declaration_id) keyset order.
  (t) => [index('risk_decisions_decided_at_idx').on(t.decidedAt, t.declarationId)],
);

/** Decisions replaced by a later decision (e.g. a screening alarm), kept whole. */
export const riskDecisionHistory = pgTable(
  'risk_decision_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    declarationId: uuid('declaration_id').notNull(),
    decision: jsonb('decision').notNull(),
    supersededAt: timestamptz('superseded_at').notNull().default(sql`now()`),
    cause: text('cause').notNull(),
  },
  (t) => [index('risk_decision_history_declaration_idx').on(t.declarationId, t.id)],
);

