import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { monthOf, previousDay, todayInChina } from './reference.service.js';
import { ZCreateCommodityVersionRequest, ZListCommoditiesQuery, ZListExchangeRatesQuery, ZPutExchangeRateRequest } from './reference.schema.js';

describe('previousDay', () => {
  it('crosses month, year and leap-day boundaries', () => {
    expect(previousDay('2026-03-01')).toBe('2026-02-28');
    expect(previousDay('2024-03-01')).toBe('2024-02-29');
    expect(previousDay('2026-01-01')).toBe('2025-12-31');
    expect(previousDay('2025-07-16')).toBe('2025-07-15');
  });

  it('is the day before for any date', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1990-01-02T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }), (date) => {
        const iso = date.toISOString().slice(0, 10);
        const before = previousDay(iso);
        expect(Date.parse(`${iso}T00:00:00Z`) - Date.parse(`${before}T00:00:00Z`)).toBe(86_400_000);
      }),
    );
  });

  it('refuses what is not a date', () => {
    expect(() => previousDay('2026-13-45')).toThrow();
  });
});

describe('todayInChina', () => {
  it('uses China Standard Time, 8 hours ahead of UTC', () => {
    expect(todayInChina(new Date('2026-01-31T15:59:59Z'))).toBe('2026-01-31');
    expect(todayInChina(new Date('2026-01-31T16:00:00Z'))).toBe('2026-02-01');
  });

  it('is the Asia/Shanghai calendar date for any instant since 1992', () => {
    const shanghai = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
    fc.assert(
      fc.property(fc.date({ min: new Date('1992-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true }), (instant) => {
        expect(todayInChina(instant)).toBe(shanghai.format(instant));
      }),
    );
  });

  it('gives the customs month of a date', () => {
    expect(monthOf('2026-02-01')).toBe('2026-02');
  });
});

describe('reference request schemas', () => {
  it('reads all=true as every version and anything else as one date', () => {
    expect(ZListCommoditiesQuery.parse({ all: 'true' }).all).toBe(true);
    expect(ZListCommoditiesQuery.parse({ all: 'false' }).all).toBe(false);
    expect(ZListCommoditiesQuery.parse({}).all).toBe(false);
    expect(ZListCommoditiesQuery.safeParse({ all: 'yes' }).success).toBe(false);
    expect(ZListCommoditiesQuery.safeParse({ date: '2026-02-30' }).success).toBe(false);
    expect(ZListCommoditiesQuery.safeParse({ code: '26011' }).success).toBe(false);
  });

  it('accepts months as YYYY-MM only', () => {
    expect(ZListExchangeRatesQuery.safeParse({ month: '2026-01' }).success).toBe(true);
    for (const month of ['2026-13', '2026-1', '202601', '2026-00']) expect(ZListExchangeRatesQuery.safeParse({ month }).success, month).toBe(false);
  });

  it('accepts positive rates with at most 6 decimals', () => {
    expect(ZPutExchangeRateRequest.parse({ cnyPerUnit: ' 7.1884 ' }).cnyPerUnit).toBe('7.1884');
    for (const cnyPerUnit of ['0', '0.000000', '-7.1', '7.1234567', 'abc', '123456789']) {
      expect(ZPutExchangeRateRequest.safeParse({ cnyPerUnit }).success, cnyPerUnit).toBe(false);
    }
    expect(ZPutExchangeRateRequest.safeParse({ cnyPerUnit: '7.1', extra: 1 }).success).toBe(false);
  });

  it('takes duty and VAT as fractions between 0 and 1', () => {
    const base = {
      code: '2601111000',
      categoryCode: 'IRON_CONCENTRATE',
      nameZh: '铁精粉',
      nameEn: 'Iron concentrate',
      supervisionConditions: '7A',
      inspectionCode: 'M',
      declarationElements: [{ key: 'brandType', nameZh: '品牌类型', nameEn: 'Brand type', required: true }],
      validFrom: '2027-01-01',
    };
    expect(ZCreateCommodityVersionRequest.safeParse({ ...base, dutyRate: '0.02', vatRate: '0.13' }).success).toBe(true);
    expect(ZCreateCommodityVersionRequest.safeParse({ ...base, dutyRate: '1', vatRate: '0.13' }).success).toBe(true);
    for (const rate of ['13', '1.5', '0.12345', '-0.1', '.13']) {
      expect(ZCreateCommodityVersionRequest.safeParse({ ...base, dutyRate: rate, vatRate: '0.13' }).success, rate).toBe(false);
    }
  });
});
