import { Decimal } from '../../core/decimal.js';
import type { CreditClass } from '../../core/auth/roles.js';
import type { DeclarationFacts, ItemFacts, ScreeningResults } from './engine/index.js';

/**
 * Turns what the database holds about a declaration into the engine's DeclarationFacts. Pure: the loader
 * (facts-loader.ts) fetches, this function decides what each fact means, and the unit tests pin it down.
 */

/** Category for a line whose commodity code is not in the tariff on the decision date. */
export const UNCLASSIFIED_CATEGORY = 'UNCLASSIFIED';

export interface FactsSource {
  declaration: {
    id: string;
    importerId: string;
    declarantId: string;
    originCountryCode: string | null;
    departureCountryCode: string | null;
    transportModeCode: string | null;
    wagonNumbers: readonly string[];
    truckPlates: readonly string[];
    /** Decimal string; null before submission. */
    totalWetTonnes: string | null;
  };
  items: readonly {
    commodityCode: string | null;
    /** From the tariff in force; null when the code is unknown. */
    categoryCode: string | null;
    wetTonnes: string | null;
    dryTonnes: string | null;
    /** Customs value in CNY, computed at submission. */
    customsValueCny: string | null;
  }[];
  importerCreditClass: CreditClass;
  importerDeclarationCount: number;
  importerNonConformityCount: number;
  preArrivalWetTonnes: string | null;
  weighedWetTonnes: string | null;
  screenings: {
    radiation: readonly { result: 'PASS' | 'ALARM' }[];
    cargo: readonly { solidWaste: 'CLEAR' | 'SUSPECTED'; foreignMatter: 'NONE' | 'FOUND'; documentsMatch: 'MATCH' | 'MISMATCH' | null }[];
  };
}

/** Customs value ÷ dry tonnes, to the fen; null when either is missing or the dry mass is not positive. */
export function unitValueCnyPerDryTonne(customsValueCny: string | null, dryTonnes: string | null): number | null {
  if (customsValueCny === null || dryTonnes === null) return null;
  const dry = new Decimal(dryTonnes);
  if (!dry.isFinite() || dry.lessThanOrEqualTo(0)) return null;
  return new Decimal(customsValueCny).dividedBy(dry).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toNumber();
}

/**
 * Every reading of a lot counts: one alarming wagon makes the lot alarm. A kind never screened stays null, so
 * rules can tell "not screened yet" from "passed".
 */
export function aggregateScreening(screenings: FactsSource['screenings']): ScreeningResults {
  const { radiation, cargo } = screenings;
  const documents = cargo.flatMap((c) => (c.documentsMatch === null ? [] : [c.documentsMatch]));
  return {
    radiation: radiation.length === 0 ? null : radiation.some((r) => r.result === 'ALARM') ? 'ALARM' : 'PASS',
    solidWaste: cargo.length === 0 ? null : cargo.some((c) => c.solidWaste === 'SUSPECTED') ? 'SUSPECTED' : 'CLEAR',
    documentsMatch: documents.length === 0 ? null : documents.includes('MISMATCH') ? 'MISMATCH' : 'MATCH',
    foreignInclusions: cargo.length === 0 ? null : cargo.some((c) => c.foreignMatter === 'FOUND') ? 'FOUND' : 'NONE',
  };
}

const tonnes = (value: string | null): number | null => (value === null ? null : new Decimal(value).toNumber());

export function buildDeclarationFacts(source: FactsSource): DeclarationFacts {
  const { declaration } = source;
  const items: ItemFacts[] = source.items.map((item) => ({
    commodityCode: item.commodityCode ?? '',
    categoryCode: item.categoryCode ?? UNCLASSIFIED_CATEGORY,
    unitValueCnyPerDryTonne: unitValueCnyPerDryTonne(item.customsValueCny, item.dryTonnes),
  }));
  const declaredWetTonnes =
    declaration.totalWetTonnes !== null
      ? new Decimal(declaration.totalWetTonnes)
      : source.items.reduce((sum, item) => sum.plus(item.wetTonnes ?? 0), new Decimal(0));
  return {
    declarationId: declaration.id,
    items,
    originCountryCode: declaration.originCountryCode,
    departureCountryCode: declaration.departureCountryCode,
    transportModeCode: declaration.transportModeCode,
    wagonNumbers: [...declaration.wagonNumbers],
    truckPlates: [...declaration.truckPlates],
    importerId: declaration.importerId,
    declarantId: declaration.declarantId,
    importerCreditClass: source.importerCreditClass,
    declaredWetTonnes: declaredWetTonnes.toNumber(),
    preArrivalWetTonnes: tonnes(source.preArrivalWetTonnes),
    weighedWetTonnes: tonnes(source.weighedWetTonnes),
    importerDeclarationCount: source.importerDeclarationCount,
    importerNonConformityCount: source.importerNonConformityCount,
    screening: aggregateScreening(source.screenings),
  };
}
