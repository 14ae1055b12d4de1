import { sql } from 'drizzle-orm';
import { date, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { timestamptz } from '../../core/db/columns.js';

/**
 * Backtests: a rule set (and optionally a second one) replayed over the stored decisions of a period. The job
 * works in chunks and keeps its place (cursor) and running tallies here, so progress is visible, a cancel takes
 * effect between chunks, and a run the job queue retries after a crash carries on where it stopped.
 */
export const riskBacktests = pgTable(
  'risk_backtests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** QUEUED → RUNNING → SUCCEEDED | FAILED; QUEUED or RUNNING → CANCELLED. */
    status: text('status').notNull(),
    fromDate: date('from_date').notNull(),
    toDate: date('to_date').notNull(),
    ruleSetVersion: integer('rule_set_version').notNull(),
    compareWithVersion: integer('compare_with_version'),
    /** The learned model replayed with the rules; null = rules only. */
    modelVersion: text('model_version'),
    processed: integer('processed').notNull().default(0),
    total: integer('total').notNull().default(0),
    createdAt: timestamptz('created_at').notNull().default(sql`now()`),
    createdBy: uuid('created_by').notNull(),
    startedAt: timestamptz('started_at'),
    finishedAt: timestamptz('finished_at'),
    error: text('error'),
    /** Keyset position of the last processed decision: decided_at as PostgreSQL text (µs kept) and declaration id. */
    cursorDecidedAt: text('cursor_decided_at'),
    cursorDeclarationId: uuid('cursor_declaration_id'),
    /** Running BacktestTally per rule set (backtest-metrics.ts), in the order ruleSetVersion, compareWithVersion. */
    tallies: jsonb('tallies').notNull().default(sql`'[]'::jsonb`),
    /** BacktestResult per rule set once SUCCEEDED. */
    results: jsonb('results').notNull().default(sql`'[]'::jsonb`),
  },
  (t) => [index('risk_backtests_created_idx').on(t.createdAt)],
);
