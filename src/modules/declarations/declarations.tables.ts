import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, jsonb, numeric, pgSequence, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { timestamptz } from '../../core/db/columns.js';

/** Feeds the serial part of declaration numbers; gaps are harmless, collisions are not. */
export const declarationNumberSeq = pgSequence('declaration_number_seq', { startWith: 1 });

export const declarations = pgTable(
  'declarations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** 18-digit customs number, assigned on submission. */
    number: text('number').unique(),
    /** REGULAR for now; TWO_STEP and CENTRALIZED arrive with their own issues. */
    mode: text('mode').notNull().default('REGULAR'),
    /** Declared before the goods arrived (提前申报). */
    isAdvance: boolean('is_advance').notNull().default(false),
    state: text('state').notNull(),
    version: integer('version').notNull().default(1),
    importerId: uuid('importer_id').notNull(),
    declarantId: uuid('declarant_id').notNull(),
    createdBy: uuid('created_by').notNull(),
    portCode: text('port_code'),
    transportModeCode: text('transport_mode_code'),
    trainNumber: text('train_number'),
    wagonNumbers: text('wagon_numbers').array().notNull().default(sql`'{}'::text[]`),
    truckPlates: text('truck_plates').array().notNull().default(sql`'{}'::text[]`),
    arrivalDate: date('arrival_date', { mode: 'string' }),
    contractNumber: text('contract_number'),
    invoiceNumber: text('invoice_number'),
    incoterm: text('incoterm'),
    currencyCode: text('currency_code'),
    freight: numeric('freight', { precision: 18, scale: 2 }),
    insurance: numeric('insurance', { precision: 18, scale: 2 }),
    originCountryCode: text('origin_country_code'),
    departureCountryCode: text('departure_country_code'),
    overseasShipperId: uuid('overseas_shipper_id'),
    /** Set on submission from the month's customs rate and the tariff in force. */
    exchangeRate: numeric('exchange_rate', { precision: 14, scale: 6 }),
    customsValueCny: numeric('customs_value_cny', { precision: 18, scale: 2 }),
    dutyCny: numeric('duty_cny', { precision: 18, scale: 2 }),
    vatCny: numeric('vat_cny', { precision: 18, scale: 2 }),
    totalWetTonnes: numeric('total_wet_tonnes', { precision: 16, scale: 3 }),
    totalDryTonnes: numeric('total_dry_tonnes', { precision: 16, scale: 3 }),
    lane: text('lane'),
    inspectionOutcome: text('inspection_outcome'),
    rejectionReason: text('rejection_reason'),
    withdrawalReason: text('withdrawal_reason'),
    createdAt: timestamptz('created_at').notNull().default(sql`now()`),
    updatedAt: timestamptz('updated_at').notNull().default(sql`now()`),
    submittedAt: timestamptz('submitted_at'),
    acceptedAt: timestamptz('accepted_at'),
    laneAssignedAt: timestamptz('lane_assigned_at'),
    releasedAt: timestamptz('released_at'),
    clearedAt: timestamptz('cleared_at'),
    closedAt: timestamptz('closed_at'),
  },
  (t) => [
    index('declarations_importer_idx').on(t.importerId, t.createdAt),
    index('declarations_declarant_idx').on(t.declarantId, t.createdAt),
    index('declarations_state_idx').on(t.state, t.createdAt),
  ],
);

export const declarationItems = pgTable(
  'declaration_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    declarationId: uuid('declaration_id')
      .notNull()
      .references(() => declarations.id, { onDelete: 'cascade' }),
    lineNo: integer('line_no').notNull(),
    commodityCode: text('commodity_code'),
    goodsName: text('goods_name'),
    declarationElements: jsonb('declaration_elements').notNull().default(sql`'{}'::jsonb`),
    wetTonnes: numeric('wet_tonnes', { precision: 14, scale: 3 }),
    moisturePct: numeric('moisture_pct', { precision: 5, scale: 2 }),
    dryTonnes: numeric('dry_tonnes', { precision: 14, scale: 3 }),
    /** Price per dry metric tonne in the declaration currency (iron ore is priced per dmt). */
    unitPrice: numeric('unit_price', { precision: 14, scale: 4 }),
    value: numeric('value', { precision: 18, scale: 2 }),
    customsValueCny: numeric('customs_value_cny', { precision: 18, scale: 2 }),
    dutyRate: numeric('duty_rate', { precision: 7, scale: 4 }),
    vatRate: numeric('vat_rate', { precision: 7, scale: 4 }),
    dutyCny: numeric('duty_cny', { precision: 18, scale: 2 }),
    vatCny: numeric('vat_cny', { precision: 18, scale: 2 }),
  },
  (t) => [unique('declaration_items_line').on(t.declarationId, t.lineNo)],
);
