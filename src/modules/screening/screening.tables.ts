import { sql } from 'drizzle-orm';
import { index, numeric, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { timestamptz } from '../../core/db/columns.js';

/**
 * Radiation portal monitor readings at arrival, per wagon or truck. Keyed by the declaration when there is one,
 * otherwise by train and vehicle: a declaration made later picks up the readings of its wagons or trucks.
 */
export const radiationScreenings = pgTable(
  'radiation_screenings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    declarationId: uuid('declaration_id'),
    trainNumber: text('train_number'),
    /** WAGON or TRUCK */
    vehicleKind: text('vehicle_kind').notNull(),
    vehicleNumber: text('vehicle_number').notNull(),
    doseRateUsvH: numeric('dose_rate_usv_h', { precision: 10, scale: 4 }).notNull(),
    backgroundUsvH: numeric('background_usv_h', { precision: 10, scale: 4 }).notNull(),
    alarmThresholdUsvH: numeric('alarm_threshold_usv_h', { precision: 10, scale: 4 }).notNull(),
    /** PASS or ALARM (dose rate above the alarm threshold). */
    result: text('result').notNull(),
    remarks: text('remarks').notNull().default(''),
    screenedAt: timestamptz('screened_at').notNull(),
    recordedBy: uuid('recorded_by').notNull(),
    recordedAt: timestamptz('recorded_at').notNull().default(sql`now()`),
  },
  (t) => [index('radiation_screenings_declaration_idx').on(t.declarationId), index('radiation_screenings_vehicle_idx').on(t.vehicleNumber, t.screenedAt)],
);

/** Rapid solid-waste / foreign-matter screening (and goods against documents), per wagon or truck. */
export const cargoScreenings = pgTable(
  'cargo_screenings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    declarationId: uuid('declaration_id'),
    trainNumber: text('train_number'),
    vehicleKind: text('vehicle_kind').notNull(),
    vehicleNumber: text('vehicle_number').notNull(),
    /** CLEAR or SUSPECTED */
    solidWaste: text('solid_waste').notNull(),
    /** NONE or FOUND */
    foreignMatter: text('foreign_matter').notNull(),
    /** MATCH, MISMATCH, or null when the documents were not compared. */
    documentsMatch: text('documents_match'),
    /** PASS, or ALARM when anything was suspected, found or mismatched. */
    result: text('result').notNull(),
    remarks: text('remarks').notNull().default(''),
    screenedAt: timestamptz('screened_at').notNull(),
    recordedBy: uuid('recorded_by').notNull(),
    recordedAt: timestamptz('recorded_at').notNull().default(sql`now()`),
  },
  (t) => [index('cargo_screenings_declaration_idx').on(t.declarationId), index('cargo_screenings_vehicle_idx').on(t.vehicleNumber, t.screenedAt)],
);
