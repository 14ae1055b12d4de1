import { sql } from 'drizzle-orm';
import { boolean, index, numeric, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { timestamptz } from '../../core/db/columns.js';

export const inspectionTasks = pgTable(
  'inspection_tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    declarationId: uuid('declaration_id').notNull().unique(),
    /** PENDING → IN_PROGRESS → PASSED | FAILED */
    state: text('state').notNull(),
    assignedTo: uuid('assigned_to'),
    createdAt: timestamptz('created_at').notNull().default(sql`now()`),
    startedAt: timestamptz('started_at'),
    completedAt: timestamptz('completed_at'),
  },
  (t) => [index('inspection_tasks_state_idx').on(t.state, t.createdAt)],
);

export const onSiteChecks = pgTable('on_site_checks', {
  id: uuid('id').primaryKey().defaultRandom(),
  taskId: uuid('task_id').notNull().unique(),
  sealIntact: boolean('seal_intact').notNull(),
  /** Highest gamma dose rate measured at the wagon/truck surface, µSv/h. */
  doseRateUsvH: numeric('dose_rate_usv_h', { precision: 10, scale: 4 }).notNull(),
  /** The alarm threshold in force when the reading was taken (kept, since settings change). */
  doseRateThresholdUsvH: numeric('dose_rate_threshold_usv_h', { precision: 10, scale: 4 }).notNull(),
  solidWasteSuspected: boolean('solid_waste_suspected').notNull(),
  foreignMatterFound: boolean('foreign_matter_found').notNull(),
  weighedTonnes: numeric('weighed_tonnes', { precision: 14, scale: 3 }).notNull(),
  massDeviationPct: numeric('mass_deviation_pct', { precision: 8, scale: 3 }).notNull(),
  outcome: text('outcome').notNull(),
  findings: text('findings').array().notNull(),
  remarks: text('remarks').notNull().default(''),
  recordedBy: uuid('recorded_by').notNull(),
  recordedAt: timestamptz('recorded_at').notNull().default(sql`now()`),
});
