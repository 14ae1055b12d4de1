import { sql } from 'drizzle-orm';
import { boolean, jsonb, numeric, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { timestamptz } from '../../core/db/columns.js';

/** Share of declarations sent to inspection, per commodity category × credit class. */
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

/** Enterprises whose every declaration is inspected until an analyst removes them. */
export const watchList = pgTable('watch_list', {
  id: uuid('id').primaryKey().defaultRandom(),
  enterpriseId: uuid('enterprise_id').notNull(),
  reason: text('reason').notNull(),
  active: boolean('active').notNull().default(true),
  addedBy: uuid('added_by').notNull(),
  addedAt: timestamptz('added_at').notNull().default(sql`now()`),
  removedAt: timestamptz('removed_at'),
});

export const riskDecisions = pgTable('risk_decisions', {
  declarationId: uuid('declaration_id').primaryKey(),
  lane: text('lane').notNull(),
  /** Which engine decided, e.g. "lane-table/1"; the full engine records its rule-set and model versions. */
  engine: text('engine').notNull(),
  randomDraw: numeric('random_draw', { precision: 10, scale: 9 }).notNull(),
  /** [{ code, params }] — rendered in words by the UI. */
  reasons: jsonb('reasons').notNull(),
  decidedAt: timestamptz('decided_at').notNull().default(sql`now()`),
});
