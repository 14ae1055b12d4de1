import type { DeclarationFacts } from '../../engine/facts.js';
import { screeningFailures } from '../../engine/facts.js';
import { createFeatureMatrix, type FeatureMatrix } from '../gbdt/featureMatrix.js';
import { createSeededRandom, shuffledIndices } from '../random.js';

/**
 * What the learned score sees of an Orelane declaration: its DeclarationFacts — exactly what the rule engine saw
 * when it decided — turned into numbers. Most features come from the facts alone; three need the training data:
 * the usual unit value of each commodity code, and the share of inspected lots found non-conforming per origin
 * country and per commodity code. Bump ORELANE_FEATURE_SET_VERSION whenever a feature changes meaning, so a model
 * stored under the old meaning is refused instead of misread.
 */
export const ORELANE_FEATURE_SET_VERSION = 'orelane-features-v1';

export const ORELANE_FEATURES = [
  'unit_value_ratio',
  'importer_nonconformities',
  'importer_nonconformity_rate',
  'importer_declarations',
  'credit_class',
  'transport_road',
  'mass_deviation_pct',
  'screening_failures',
  'origin_finding_rate',
  'commodity_finding_rate',
  'origin_differs_from_departure',
] as const;
export type OrelaneFeature = (typeof ORELANE_FEATURES)[number];

const INDEX = Object.fromEntries(ORELANE_FEATURES.map((name, index) => [name, index])) as Record<OrelaneFeature, number>;

const CREDIT_ORDER: Record<DeclarationFacts['importerCreditClass'], number> = { ADVANCED_CERTIFIED: 0, GENERAL: 1, DISHONEST: 2 };

/** Pseudo-count pulling an origin's or commodity's finding rate toward the overall rate when it has few inspections. */
export const FINDING_RATE_SMOOTHING = 10;
/** Earlier declarations beyond which an importer counts as simply experienced. */
export const EXPERIENCE_CAP = 20;
/** Above / below this share of the usual value a unit value is reported as high / low. */
const TYPICAL_BAND = 0.07;

/** Inspected lots and lots found non-conforming, per key. */
interface Outcomes {
  inspected: number;
  findings: number;
}

export interface SerializedOrelaneEncoder {
  featureSetVersion: string;
  /** Non-conforming share among the inspected training lots. */
  baseRate: number;
  /** [commodity code, median declared CNY per dry tonne] over every decided declaration of the training window. */
  typicalUnitValues: [string, number][];
  /** [key, inspected, non-conforming] */
  origins: [string, number, number][];
  commodities: [string, number, number][];
}

/** One factor of a score in words: a code and the numbers the UI puts into its zh/en sentence. */
export interface FactorWording {
  code: string;
  params: Record<string, string | number | null>;
  /** English fallback sentence and value, for logs and codes a client does not know. */
  description: string;
  value: string;
}

const NO_KEY = '∅';
const keyOf = (value: string | null): string => value ?? NO_KEY;
/** The first line's code: Orelane declarations are one commodity per lot in practice. */
const commodityOf = (facts: DeclarationFacts): string | null => facts.items[0]?.commodityCode || null;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const round = (value: number, digits: number): number => Number(value.toFixed(digits));

export interface LabelledFacts {
  facts: DeclarationFacts;
  /** 1 = the lot was found non-conforming. */
  label: number;
}

export interface FittedOrelaneEncoder {
  encoder: OrelaneFeatureEncoder;
  /** The training rows, encoded out-of-fold: no row sees its own outcome through a finding rate. */
  trainingMatrix: FeatureMatrix;
}

export class OrelaneFeatureEncoder {
  readonly featureNames: string[] = [...ORELANE_FEATURES];
  private readonly typical: Map<string, number>;
  private readonly origins: Map<string, Outcomes>;
  private readonly commodities: Map<string, Outcomes>;

  private constructor(readonly json: SerializedOrelaneEncoder) {
    if (json.featureSetVersion !== ORELANE_FEATURE_SET_VERSION) {
      throw new Error(`model was built with feature set ${json.featureSetVersion}; this code computes ${ORELANE_FEATURE_SET_VERSION}`);
    }
    this.typical = new Map(json.typicalUnitValues);
    this.origins = new Map(json.origins.map(([key, inspected, findings]) => [key, { inspected, findings }]));
    this.commodities = new Map(json.commodities.map(([key, inspected, findings]) => [key, { inspected, findings }]));
  }

  static fromJSON(json: SerializedOrelaneEncoder): OrelaneFeatureEncoder {
    return new OrelaneFeatureEncoder(json);
  }

  toJSON(): SerializedOrelaneEncoder {
    return this.json;
  }

  /**
   * Learns the usual unit values from `allFacts` (every decided declaration, inspected or not) and the finding rates
   * from the inspected `examples`; encodes the examples with rates from the other folds only.
   */
  static fit(allFacts: readonly DeclarationFacts[], examples: readonly LabelledFacts[], options: { folds: number; seed: number }): FittedOrelaneEncoder {
    const values = new Map<string, number[]>();
    for (const facts of allFacts) {
      for (const item of facts.items) {
        if (item.unitValueCnyPerDryTonne === null || !item.commodityCode) continue;
        const list = values.get(item.commodityCode) ?? [];
        list.push(item.unitValueCnyPerDryTonne);
        values.set(item.commodityCode, list);
      }
    }
    const typicalUnitValues: [string, number][] = [...values].map(([code, list]) => [code, round(median(list), 2)]);
    typicalUnitValues.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

    const originKey = (facts: DeclarationFacts) => keyOf(facts.originCountryCode);
    const commodityKey = (facts: DeclarationFacts) => keyOf(commodityOf(facts));
    const tally = (key: (facts: DeclarationFacts) => string, rows: readonly LabelledFacts[]) => {
      const table = new Map<string, Outcomes>();
      for (const row of rows) {
        const entry = table.get(key(row.facts)) ?? { inspected: 0, findings: 0 };
        entry.inspected += 1;
        entry.findings += row.label;
        table.set(key(row.facts), entry);
      }
      return table;
    };
    const serialize = (table: Map<string, Outcomes>): [string, number, number][] =>
      [...table].map(([key, o]): [string, number, number] => [key, o.inspected, o.findings]).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const positives = examples.reduce((sum, row) => sum + row.label, 0);
    const encoder = new OrelaneFeatureEncoder({
      featureSetVersion: ORELANE_FEATURE_SET_VERSION,
      baseRate: examples.length ? positives / examples.length : 0,
      typicalUnitValues,
      origins: serialize(tally(originKey, examples)),
      commodities: serialize(tally(commodityKey, examples)),
    });

    // Out-of-fold finding rates: each row's rate comes from the rows of the other folds.
    const foldOf = new Uint8Array(examples.length);
    shuffledIndices(examples.length, createSeededRandom(options.seed)).forEach((row, position) => {
      foldOf[row] = position % options.folds;
    });
    const matrix = createFeatureMatrix(encoder.featureNames, examples.length);
    const vector = new Float64Array(ORELANE_FEATURES.length);
    for (let fold = 0; fold < options.folds; fold++) {
      const others = examples.filter((_, row) => foldOf[row] !== fold);
      const originRates = tally(originKey, others);
      const commodityRates = tally(commodityKey, others);
      examples.forEach((example, row) => {
        if (foldOf[row] !== fold) return;
        encoder.encode(example.facts, vector);
        vector[INDEX.origin_finding_rate] = encoder.smoothedRate(originRates.get(originKey(example.facts)));
        vector[INDEX.commodity_finding_rate] = encoder.smoothedRate(commodityRates.get(commodityKey(example.facts)));
        for (let column = 0; column < vector.length; column++) matrix.columns[column]![row] = vector[column]!;
      });
    }
    return { encoder, trainingMatrix: matrix };
  }

  private smoothedRate(outcomes: Outcomes | undefined): number {
    const { inspected, findings } = outcomes ?? { inspected: 0, findings: 0 };
    return (findings + this.json.baseRate * FINDING_RATE_SMOOTHING) / (inspected + FINDING_RATE_SMOOTHING);
  }

  /** The lowest line's unit value over its commodity's usual value: an undervalued line is what matters. */
  private unitValueRatio(facts: DeclarationFacts): { ratio: number; commodityCode: string | null; unitValue: number | null; typical: number | null } {
    let lowest = { ratio: Number.NaN, commodityCode: null as string | null, unitValue: null as number | null, typical: null as number | null };
    for (const item of facts.items) {
      const typical = this.typical.get(item.commodityCode);
      if (item.unitValueCnyPerDryTonne === null || !typical) continue;
      const ratio = item.unitValueCnyPerDryTonne / typical;
      if (!(ratio >= lowest.ratio)) lowest = { ratio, commodityCode: item.commodityCode, unitValue: item.unitValueCnyPerDryTonne, typical };
    }
    return lowest;
  }

  encode(facts: DeclarationFacts, into?: Float64Array): Float64Array {
    const v = into ?? new Float64Array(ORELANE_FEATURES.length);
    const declarations = facts.importerDeclarationCount;
    const screened = facts.screening.radiation !== null || facts.screening.solidWaste !== null || facts.screening.documentsMatch !== null || facts.screening.foreignInclusions !== null;
    v[INDEX.unit_value_ratio] = this.unitValueRatio(facts).ratio;
    v[INDEX.importer_nonconformities] = facts.importerNonConformityCount;
    v[INDEX.importer_nonconformity_rate] = declarations > 0 ? facts.importerNonConformityCount / declarations : Number.NaN;
    // Capped: past a few dozen declarations experience says nothing more, and uncapped it would only tell importers apart by volume.
    v[INDEX.importer_declarations] = Math.min(declarations, EXPERIENCE_CAP);
    v[INDEX.credit_class] = CREDIT_ORDER[facts.importerCreditClass];
    v[INDEX.transport_road] = facts.transportModeCode === null ? Number.NaN : facts.transportModeCode === 'ROAD' ? 1 : 0;
    v[INDEX.mass_deviation_pct] =
      facts.weighedWetTonnes !== null && facts.declaredWetTonnes > 0 ? ((facts.weighedWetTonnes - facts.declaredWetTonnes) / facts.declaredWetTonnes) * 100 : Number.NaN;
    v[INDEX.screening_failures] = screened ? screeningFailures(facts.screening).length : Number.NaN;
    v[INDEX.origin_finding_rate] = this.smoothedRate(this.origins.get(keyOf(facts.originCountryCode)));
    v[INDEX.commodity_finding_rate] = this.smoothedRate(this.commodities.get(keyOf(commodityOf(facts))));
    v[INDEX.origin_differs_from_departure] =
      facts.originCountryCode === null || facts.departureCountryCode === null ? Number.NaN : facts.originCountryCode === facts.departureCountryCode ? 0 : 1;
    return v;
  }

  /** A feature of these facts in words: the code and params the UI renders, with an English fallback. */
  describe(feature: OrelaneFeature, facts: DeclarationFacts): FactorWording {
    const declarations = facts.importerDeclarationCount;
    const count = facts.importerNonConformityCount;
    switch (feature) {
      case 'unit_value_ratio': {
        const { ratio, commodityCode, unitValue, typical } = this.unitValueRatio(facts);
        if (Number.isNaN(ratio)) return { code: 'UNIT_VALUE_MISSING', params: {}, description: 'Unit value unknown or no usual value for the code', value: 'missing' };
        const pct = round(ratio * 100, 1);
        const params = { commodityCode, unitValue, typicalValue: typical, pct };
        const value = `${unitValue} CNY/dmt = ${pct} % of the usual ${typical} for ${commodityCode}`;
        if (ratio < 1 - TYPICAL_BAND) return { code: 'UNIT_VALUE_BELOW_TYPICAL', params, description: 'Unit value below the usual value for the commodity', value };
        if (ratio > 1 + TYPICAL_BAND) return { code: 'UNIT_VALUE_ABOVE_TYPICAL', params, description: 'Unit value above the usual value for the commodity', value };
        return { code: 'UNIT_VALUE_TYPICAL', params, description: 'Unit value in the usual range for the commodity', value };
      }
      case 'importer_nonconformities':
        return count > 0
          ? { code: 'IMPORTER_PAST_FINDINGS', params: { count, declarations }, description: 'Importer’s earlier non-conforming lots', value: `${count} in ${declarations} declarations` }
          : { code: 'IMPORTER_NO_PAST_FINDINGS', params: { declarations }, description: 'No earlier non-conforming lot of this importer', value: `0 in ${declarations} declarations` };
      case 'importer_nonconformity_rate': {
        const pct = declarations > 0 ? round((count / declarations) * 100, 1) : null;
        return { code: 'IMPORTER_FINDING_RATE', params: { pct, count, declarations }, description: 'Share of the importer’s earlier declarations found non-conforming', value: pct === null ? 'no earlier declaration' : `${pct} %` };
      }
      case 'importer_declarations':
        return declarations === 0
          ? { code: 'NEW_IMPORTER', params: {}, description: 'First declaration of this importer', value: '0' }
          : { code: 'IMPORTER_EXPERIENCE', params: { declarations }, description: 'Importer’s earlier declarations at this port', value: String(declarations) };
      case 'credit_class':
        return { code: 'CREDIT_CLASS', params: { creditClass: facts.importerCreditClass }, description: 'Importer credit class', value: facts.importerCreditClass };
      case 'transport_road':
        return { code: 'TRANSPORT_MODE', params: { mode: facts.transportModeCode }, description: 'Transport mode', value: facts.transportModeCode ?? 'missing' };
      case 'mass_deviation_pct': {
        if (facts.weighedWetTonnes === null || !(facts.declaredWetTonnes > 0)) return { code: 'MASS_NOT_WEIGHED', params: {}, description: 'Not weighed yet', value: 'missing' };
        const pct = round(((facts.weighedWetTonnes - facts.declaredWetTonnes) / facts.declaredWetTonnes) * 100, 2);
        return { code: 'MASS_DEVIATION', params: { pct, declaredTonnes: facts.declaredWetTonnes, weighedTonnes: facts.weighedWetTonnes }, description: 'Weighed mass against declared mass', value: `${pct} %` };
      }
      case 'screening_failures': {
        const s = facts.screening;
        if (s.radiation === null && s.solidWaste === null && s.documentsMatch === null && s.foreignInclusions === null) {
          return { code: 'NOT_SCREENED', params: {}, description: 'Not quick-screened yet', value: 'missing' };
        }
        const failures = screeningFailures(s);
        return failures.length
          ? { code: 'SCREENING_FAILED', params: { failures: failures.join(',') }, description: 'Quick screening found a problem', value: failures.join(', ') }
          : { code: 'SCREENING_CLEAR', params: {}, description: 'Quick screening clear', value: 'clear' };
      }
      case 'origin_finding_rate': {
        const o = this.origins.get(keyOf(facts.originCountryCode)) ?? { inspected: 0, findings: 0 };
        return {
          code: 'ORIGIN_FINDING_RATE',
          params: { country: facts.originCountryCode, findings: o.findings, inspected: o.inspected, pct: o.inspected ? round((o.findings / o.inspected) * 100, 1) : null },
          description: 'Non-conforming share of inspected lots of this origin',
          value: `${o.findings} of ${o.inspected} inspected`,
        };
      }
      case 'commodity_finding_rate': {
        const code = commodityOf(facts);
        const o = this.commodities.get(keyOf(code)) ?? { inspected: 0, findings: 0 };
        return {
          code: 'COMMODITY_FINDING_RATE',
          params: { commodityCode: code, findings: o.findings, inspected: o.inspected, pct: o.inspected ? round((o.findings / o.inspected) * 100, 1) : null },
          description: 'Non-conforming share of inspected lots of this commodity code',
          value: `${o.findings} of ${o.inspected} inspected`,
        };
      }
      case 'origin_differs_from_departure': {
        const params = { origin: facts.originCountryCode, departure: facts.departureCountryCode };
        return facts.originCountryCode !== null && facts.departureCountryCode !== null && facts.originCountryCode !== facts.departureCountryCode
          ? { code: 'ORIGIN_DEPARTURE_DIFFER', params, description: 'Origin differs from the country of departure', value: `${params.origin} ≠ ${params.departure}` }
          : { code: 'ORIGIN_DEPARTURE_SAME', params, description: 'Origin and departure the same (or unknown)', value: `${params.origin ?? '?'} / ${params.departure ?? '?'}` };
      }
    }
  }
}
