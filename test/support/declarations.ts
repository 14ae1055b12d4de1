/** A complete, valid regular declaration for the demo importer: the fixture the API tests submit. */
import { todayInChina } from '../../src/modules/reference/reference.service.js';

/** Every required 申报要素 of 2601111000 (iron concentrate). */
export const CONCENTRATE_ELEMENTS = {
  brandType: '无品牌',
  exportPreference: '不享惠',
  processingMethod: '磁选',
  appearance: '粉状',
  composition: 'TFe 65.5%',
  averageParticleSize: '0.074mm',
  source: 'Kentobe mine',
  contractDate: '2026-10-01',
  pricingMethod: '公式定价',
  secondSettlement: '是',
  pricingDate: '2026-11-01',
};

/** 136.500 wet t at 9 % moisture = 124.215 dry t × USD 118.25 = USD 14,688.42, arriving today by rail. */
export function completeDraft(importerId: string, overrides: Record<string, unknown> = {}) {
  return {
    importerId,
    portCode: 'HORGOS_RAIL',
    transportModeCode: 'RAIL',
    trainNumber: 'X8021',
    wagonNumbers: ['61234567', '61234568'],
    arrivalDate: todayInChina(),
    contractNumber: 'KZ-2026-118',
    invoiceNumber: 'INV-5521',
    incoterm: 'DAP',
    currencyCode: 'USD',
    originCountryCode: 'KZ',
    departureCountryCode: 'KZ',
    items: [{ commodityCode: '2601111000', goodsName: '铁精粉', declarationElements: CONCENTRATE_ELEMENTS, wetTonnes: '136.500', moisturePct: '9.00', unitPrice: '118.2500' }],
    ...overrides,
  };
}
