import { date, jsonb, numeric, pgTable, primaryKey, serial, text, unique } from 'drizzle-orm/pg-core';

/** Classified management: each category carries its own supervision regime. */
export const commodityCategories = pgTable('commodity_categories', {
  code: text('code').primaryKey(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  supervisionRegimeZh: text('supervision_regime_zh').notNull(),
  supervisionRegimeEn: text('supervision_regime_en').notNull(),
});

/** Effective-dated: a tariff change is a new row with a later valid_from, never an edit of history. */
export const commodities = pgTable(
  'commodities',
  {
    id: serial('id').primaryKey(),
    code: text('code').notNull(),
    categoryCode: text('category_code').notNull().references(() => commodityCategories.code),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    dutyRate: numeric('duty_rate', { precision: 7, scale: 4 }).notNull(),
    vatRate: numeric('vat_rate', { precision: 7, scale: 4 }).notNull(),
    supervisionConditions: text('supervision_conditions').notNull(),
    inspectionCode: text('inspection_code').notNull(),
    /** [{ key, nameZh, nameEn, required }] — the 申报要素 of this line. */
    declarationElements: jsonb('declaration_elements').notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }),
  },
  (t) => [unique('commodities_code_valid_from').on(t.code, t.validFrom)],
);

export const countries = pgTable('countries', {
  code: text('code').primaryKey(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
});

export const currencies = pgTable('currencies', {
  code: text('code').primaryKey(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
});

/** The customs exchange rate of each month (CNY per one unit of the currency). */
export const exchangeRates = pgTable(
  'exchange_rates',
  {
    currencyCode: text('currency_code').notNull().references(() => currencies.code),
    month: text('month').notNull(),
    cnyPerUnit: numeric('cny_per_unit', { precision: 14, scale: 6 }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.currencyCode, t.month] })],
);

export const transportModes = pgTable('transport_modes', {
  code: text('code').primaryKey(),
  customsCode: text('customs_code').notNull(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
});

export const ports = pgTable('ports', {
  code: text('code').primaryKey(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  /** The customs office's 4-digit code, the first part of every declaration number filed there. */
  customsOfficeCode: text('customs_office_code').notNull(),
  transportModeCode: text('transport_mode_code').notNull().references(() => transportModes.code),
});
