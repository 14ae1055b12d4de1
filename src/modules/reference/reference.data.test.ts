import { describe, expect, it } from 'vitest';
import {
  COMMODITIES,
  COMMODITY_CATEGORIES,
  customsExchangeRates,
  EXPECTED_COUNTRY_COUNT,
  ironOreDeclarationElements,
  isoCountries,
  isoCurrencies,
  PORTS,
  TRANSPORT_MODES,
} from './reference.data.js';
import { isCommodityCode } from './commodity-code.js';
import { ZCreateCommodityVersionRequest } from './reference.schema.js';

describe('isoCountries', () => {
  const countries = isoCountries();
  const byCode = new Map(countries.map((c) => [c.code, c]));

  it('lists exactly the 249 ISO 3166-1 alpha-2 codes, each once', () => {
    expect(countries).toHaveLength(EXPECTED_COUNTRY_COUNT);
    expect(new Set(countries.map((c) => c.code)).size).toBe(EXPECTED_COUNTRY_COUNT);
    for (const c of countries) expect(c.code).toMatch(/^[A-Z]{2}$/);
  });

  it('leaves out unions, reserved, user-assigned and deprecated codes', () => {
    for (const code of ['EU', 'EZ', 'UN', 'QO', 'XA', 'XB', 'XK', 'ZZ', 'AA', 'AC', 'IC', 'TA', 'UK', 'SU', 'YU', 'DD', 'BU', 'AN', 'FX']) {
      expect(byCode.has(code), code).toBe(false);
    }
  });

  it('names the neighbours of Horgos in Chinese and English', () => {
    expect(byCode.get('KZ')).toEqual({ code: 'KZ', nameZh: '哈萨克斯坦', nameEn: 'Kazakhstan' });
    expect(byCode.get('CN')).toEqual({ code: 'CN', nameZh: '中国', nameEn: 'China' });
    expect(byCode.get('RU')?.nameZh).toBe('俄罗斯');
  });

  it('uses the customs names for Taiwan, Hong Kong and Macao', () => {
    expect(byCode.get('TW')).toMatchObject({ nameZh: '中国台湾', nameEn: 'Taiwan, China' });
    expect(byCode.get('HK')?.nameZh).toBe('中国香港');
    expect(byCode.get('MO')?.nameZh).toBe('中国澳门');
  });

  it('has a Chinese name different from the code for every country', () => {
    for (const c of countries) expect(c.nameZh, c.code).not.toBe(c.code);
  });
});

describe('isoCurrencies', () => {
  const currencies = isoCurrencies();
  const byCode = new Map(currencies.map((c) => [c.code, c]));

  it('includes the currencies of the Horgos trade with their names', () => {
    expect(byCode.get('CNY')).toEqual({ code: 'CNY', nameZh: '人民币', nameEn: 'Chinese Yuan' });
    expect(byCode.get('KZT')?.nameZh).toBe('哈萨克斯坦坚戈');
    for (const code of ['USD', 'EUR', 'RUB']) expect(byCode.has(code)).toBe(true);
  });

  it('holds only 3-letter codes, sorted and unique', () => {
    const codes = currencies.map((c) => c.code);
    expect(codes).toEqual([...new Set(codes)].sort());
    for (const code of codes) expect(code).toMatch(/^[A-Z]{3}$/);
    expect(codes.length).toBeGreaterThan(150);
  });
});

describe('customsExchangeRates', () => {
  const rates = customsExchangeRates();
  const ranges: Record<string, [number, number]> = {
    USD: [7.1, 7.2],
    EUR: [7.6, 8.3],
    KZT: [0.0135, 0.015],
    RUB: [0.075, 0.095],
  };

  it('covers every month from 2025-01 to 2026-12 for USD, EUR, KZT and RUB', () => {
    expect(rates).toHaveLength(24 * 4);
    const months = [...new Set(rates.map((r) => r.month))];
    expect(months).toHaveLength(24);
    expect(months[0]).toBe('2025-01');
    expect(months.at(-1)).toBe('2026-12');
    for (const currency of Object.keys(ranges)) expect(rates.filter((r) => r.currencyCode === currency)).toHaveLength(24);
  });

  it('keeps each rate in its realistic range, with at most 6 decimals', () => {
    for (const rate of rates) {
      const [low, high] = ranges[rate.currencyCode]!;
      const value = Number(rate.cnyPerUnit);
      expect(value, `${rate.currencyCode} ${rate.month}`).toBeGreaterThanOrEqual(low);
      expect(value, `${rate.currencyCode} ${rate.month}`).toBeLessThanOrEqual(high);
      expect(rate.cnyPerUnit).toMatch(/^\d+\.\d{1,6}$/);
    }
  });

  it('is deterministic', () => {
    expect(customsExchangeRates()).toEqual(rates);
  });
});

describe('commodities of heading 2601', () => {
  const categoryCodes = new Set(COMMODITY_CATEGORIES.map((c) => c.code));

  it('has the five lines of GACC 2020 No. 69, one per category', () => {
    expect(COMMODITIES.map((c) => c.code)).toEqual(['2601111000', '2601112000', '2601119000', '2601120000', '2601200000']);
    expect(new Set(COMMODITIES.map((c) => c.categoryCode))).toEqual(categoryCodes);
    for (const c of COMMODITIES) expect(isCommodityCode(c.code)).toBe(true);
  });

  it('carries the tariff of DOMAIN.md §3.7', () => {
    for (const c of COMMODITIES) {
      expect(c).toMatchObject({ dutyRate: '0', vatRate: '0.13', inspectionCode: 'M', validFrom: '2020-01-01' });
      expect(c.supervisionConditions).toBe(c.code === '2601200000' ? '' : '7A');
    }
  });

  it('asks for the average particle size only on non-agglomerated lines', () => {
    for (const c of COMMODITIES) {
      const keys = c.declarationElements.map((e) => e.key);
      expect(keys.includes('averageParticleSize'), c.code).toBe(c.code.startsWith('260111'));
      expect(keys).toEqual(expect.arrayContaining(['brandType', 'exportPreference', 'composition', 'source', 'pricingMethod', 'secondSettlement', 'pricingDate']));
    }
    expect(ironOreDeclarationElements(true)).toHaveLength(ironOreDeclarationElements(false).length + 1);
  });

  it('is acceptable as a request body of POST /reference/commodities', () => {
    for (const c of COMMODITIES) expect(ZCreateCommodityVersionRequest.safeParse(c).success, c.code).toBe(true);
  });

  it('states a bilingual supervision regime for every category, pyrites stressing solid-waste identification', () => {
    for (const c of COMMODITY_CATEGORIES) {
      expect(c.supervisionRegimeZh).toContain('放射性');
      expect(c.supervisionRegimeEn).toContain('radioactivity');
    }
    const pyrites = COMMODITY_CATEGORIES.find((c) => c.code === 'ROASTED_PYRITES')!;
    expect(pyrites.supervisionRegimeZh).toContain('固体废物属性鉴别');
  });
});

describe('ports and transport modes', () => {
  it('has the Horgos rail and road ports on known transport modes', () => {
    const modes = new Set(TRANSPORT_MODES.map((m) => m.code));
    expect(PORTS.map((p) => p.code)).toEqual(['HORGOS_RAIL', 'HORGOS_ROAD']);
    for (const port of PORTS) {
      expect(modes.has(port.transportModeCode)).toBe(true);
      expect(port.customsOfficeCode).toMatch(/^\d{4}$/);
    }
    expect(TRANSPORT_MODES.map((m) => [m.code, m.customsCode])).toEqual([
      ['RAIL', '3'],
      ['ROAD', '4'],
    ]);
  });
});
