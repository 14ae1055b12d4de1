import { sql } from 'drizzle-orm';
import { boolean, date, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { timestamptz } from '../../core/db/columns.js';

export const enterprises = pgTable('enterprises', {
  id: uuid('id').primaryKey().defaultRandom(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  usccCode: text('uscc_code').notNull().unique(),
  customsCode: text('customs_code').notNull().unique(),
  /** IMPORTER (consignee) or AGENCY (customs broker). */
  kind: text('kind').notNull(),
  /** ADVANCED_CERTIFIED, GENERAL or DISHONEST (GACC Order No. 251). */
  creditClass: text('credit_class').notNull(),
  address: text('address').notNull(),
  createdAt: timestamptz('created_at').notNull().default(sql`now()`),
  updatedAt: timestamptz('updated_at').notNull().default(sql`now()`),
});

/** Foreign sellers/shippers (境外发货人), e.g. Kazakh mines and traders. */
export const overseasShippers = pgTable('overseas_shippers', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  countryCode: text('country_code').notNull(),
  createdAt: timestamptz('created_at').notNull().default(sql`now()`),
});

export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  passwordHash: text('password_hash').notNull(),
  /** Null for customs staff. */
  enterpriseId: uuid('enterprise_id').references(() => enterprises.id),
  roles: text('roles').array().notNull(),
  active: boolean('active').notNull().default(true),
  createdAt: timestamptz('created_at').notNull().default(sql`now()`),
});

/** An importer's power of attorney for an agency to declare on its behalf (报关委托). */
export const entrustments = pgTable(
  'entrustments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    importerId: uuid('importer_id').notNull().references(() => enterprises.id),
    agencyId: uuid('agency_id').notNull().references(() => enterprises.id),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }).notNull(),
    revokedAt: timestamptz('revoked_at'),
    createdAt: timestamptz('created_at').notNull().default(sql`now()`),
  },
  (t) => [index('entrustments_agency_idx').on(t.agencyId), index('entrustments_importer_idx').on(t.importerId)],
);
