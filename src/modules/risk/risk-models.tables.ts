import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { timestamptz } from '../../core/db/columns.js';

/**
 * Learned risk-score models, versioned "orelane-<training date>.<n>". TRAINING → READY | FAILED; an analyst
 * activates a READY model (at most one ACTIVE; the one it replaces becomes RETIRED). Models are never deleted:
 * a stored decision names its model version, and replay scores its facts with that model again.
 */
export const riskModels = pgTable(
  'risk_models',
  {
    version: text('version').primaryKey(),
    status: text('status').notNull(),
    comment: text('comment').notNull().default(''),
    requestedAt: timestamptz('requested_at').notNull().default(sql`now()`),
    trainedAt: timestamptz('trained_at'),
    trainedBy: uuid('trained_by').notNull(),
    /** Inspected declarations with an outcome the model learned from, and how many were non-conforming. */
    trainingRows: integer('training_rows'),
    positives: integer('positives'),
    /** AUC and precision@k on the latest 30 % of the examples (time-ordered hold-out). */
    metrics: jsonb('metrics'),
    features: text('features').array().notNull().default(sql`'{}'::text[]`),
    /** [{ feature, importance }], shares of the total split gain. */
    featureImportances: jsonb('feature_importances').notNull().default(sql`'[]'::jsonb`),
    /** The serialized model (encoder tables and trees); null until trained. */
    model: jsonb('model'),
    error: text('error'),
    activatedBy: uuid('activated_by'),
    activatedAt: timestamptz('activated_at'),
    retiredAt: timestamptz('retired_at'),
  },
  (t) => [
    uniqueIndex('risk_models_one_active').on(t.status).where(sql`${t.status} = 'ACTIVE'`),
    index('risk_models_requested_idx').on(t.requestedAt),
  ],
);
