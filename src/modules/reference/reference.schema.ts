import { z } from 'zod';
import { COMMODITY_CODE_LENGTH, isCommodityCode } from './commodity-code.js';

/** Request and response schemas of /reference/*; OpenAPI is generated from these same objects. */

export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

export const ZMonth = z.string().regex(MONTH_PATTERN, 'must be a month as YYYY-MM').describe('Calendar month, YYYY-MM');
const ZCommodityCode = z
  .string()
  .trim()
  .refine(isCommodityCode, `must be a ${COMMODITY_CODE_LENGTH}-digit commodity code`)
  .describe('10-digit China commodity code (商品编码), e.g. 2601111000');

export const ZCurrencyCode = z.string().regex(/^[A-Z]{3}$/, 'must be a 3-letter ISO 4217 code in capitals');
export const ZCountryCode = z.string().regex(/^[A-Z]{2}$/, 'must be a 2-letter ISO 3166-1 code in capitals');

/** A rate as a fraction (0.13 = 13 %), at most 4 decimal places: the precision of numeric(7,4). */
const ZRateFraction = (what: string) =>
  z
    .string()
    .trim()
    .regex(/^(0(\.\d{1,4})?|1(\.0{1,4})?)$/, 'must be a fraction between 0 and 1 with at most 4 decimal places, e.g. "0.13"')
    .describe(`${what} as a fraction of the customs value, e.g. "0.13" for 13 %`);

export const ZCommodityCategory = z
  .object({
    code: z.string(),
    nameZh: z.string(),
    nameEn: z.string(),
    supervisionRegimeZh: z.string(),
    supervisionRegimeEn: z.string(),
  })
  .meta({ id: 'CommodityCategory', description: 'Classified management (分类管理): a category and its supervision regime' });

export const ZDeclarationElement = z
  .object({
    key: z.string().regex(/^[a-z][A-Za-z0-9]{0,39}$/, 'must be a camelCase key of at most 40 characters'),
    nameZh: z.string().trim().min(1).max(50),
    nameEn: z.string().trim().min(1).max(100),
    required: z.boolean(),
  })
  .meta({ id: 'DeclarationElement', description: '申报要素: one element the declaration must state for this commodity line' });

export const ZCommodity = z
  .object({
    id: z.number().int(),
    code: z.string(),
    categoryCode: z.string(),
    nameZh: z.string(),
    nameEn: z.string(),
    dutyRate: z.string().describe('MFN duty as a fraction'),
    vatRate: z.string().describe('Import VAT as a fraction'),
    supervisionConditions: z.string().describe('监管条件, e.g. "7A"'),
    inspectionCode: z.string().describe('检验检疫类别, e.g. "M"'),
    declarationElements: z.array(ZDeclarationElement),
    validFrom: z.string(),
    validTo: z.string().nullable().describe('Last day in force; null while open-ended'),
  })
  .meta({ id: 'Commodity', description: 'One effective-dated version of a 10-digit China commodity code' });

export const ZListCommoditiesQuery = z.object({
  date: z.iso.date().optional().describe('Lines in force on this date (default: today in China)'),
  all: z
    .enum(['true', 'false'])
    .optional()
    .transform((value) => value === 'true')
    .describe('true: every version, past and future, instead of the lines in force on one date'),
  code: ZCommodityCode.optional(),
});

export const ZCreateCommodityVersionRequest = z
  .object({
    code: ZCommodityCode,
    categoryCode: z.string().trim().min(1).max(40),
    nameZh: z.string().trim().min(1).max(200),
    nameEn: z.string().trim().min(1).max(300),
    dutyRate: ZRateFraction('MFN duty'),
    vatRate: ZRateFraction('Import VAT'),
    supervisionConditions: z
      .string()
      .trim()
      .regex(/^[0-9A-Z]{0,10}$/, 'must be customs supervision condition letters/digits, e.g. "7A", or empty'),
    inspectionCode: z.string().trim().regex(/^[A-Z]{0,10}$/, 'must be inspection category letters, e.g. "M", or empty'),
    declarationElements: z.array(ZDeclarationElement).min(1).max(40),
    validFrom: z.iso.date().describe('First day this version is in force; the previous version ends the day before'),
  })
  .strict()
  .meta({ id: 'CreateCommodityVersionRequest' });

export const ZCountry = z.object({ code: z.string(), nameZh: z.string(), nameEn: z.string() }).meta({ id: 'Country' });
export const ZCurrency = z.object({ code: z.string(), nameZh: z.string(), nameEn: z.string() }).meta({ id: 'Currency' });

export const ZExchangeRate = z
  .object({
    currencyCode: z.string(),
    month: z.string(),
    cnyPerUnit: z.string().describe('CNY per one unit of the currency'),
  })
  .meta({ id: 'ExchangeRate', description: 'The customs exchange rate of a month (海关计征汇率)' });

export const ZListExchangeRatesQuery = z.object({
  month: ZMonth.optional().describe('One month; without it, every stored month'),
  currency: ZCurrencyCode.optional(),
});

export const ZExchangeRateParams = z.object({ currency: ZCurrencyCode, month: ZMonth });

export const ZPutExchangeRateRequest = z
  .object({
    cnyPerUnit: z
      .string()
      .trim()
      .regex(/^\d{1,8}(\.\d{1,6})?$/, 'must be a positive decimal with at most 8 integer digits and 6 decimal places')
      .refine((value) => /[1-9]/.test(value), 'must be greater than zero'),
  })
  .strict()
  .meta({ id: 'PutExchangeRateRequest' });

export const ZTransportMode = z
  .object({ code: z.string(), customsCode: z.string(), nameZh: z.string(), nameEn: z.string() })
  .meta({ id: 'TransportMode' });

export const ZPort = z
  .object({
    code: z.string(),
    nameZh: z.string(),
    nameEn: z.string(),
    customsOfficeCode: z.string(),
    transportModeCode: z.string(),
  })
  .meta({ id: 'Port' });

export const items = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

export type TCommodity = z.infer<typeof ZCommodity>;
export type TCreateCommodityVersionRequest = z.infer<typeof ZCreateCommodityVersionRequest>;
export type TExchangeRate = z.infer<typeof ZExchangeRate>;
export type TPort = z.infer<typeof ZPort>;
