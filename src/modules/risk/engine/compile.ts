import type { CreditClass } from '../../../core/auth/roles.js';
import type { Lane } from '../lane-decider.js';
import { FIELD_CATALOGUE, type DeclarationFacts, type FieldName, type FieldReader } from './facts.js';
import {
  effectiveMinimumRate,
  parseRuleSet,
  type CheckItem,
  type ComparisonCondition,
  type Condition,
  type MassReference,
  type RuleSet,
  type ValueBand,
  type ValueBandSide,
} from './rule-schema.js';

/**
 * A rule set turned into closures once, so that evaluating a declaration runs no interpreter: every condition
 * is a function specialised for its operator and field, lists are Sets, bands are Map look-ups.
 */

type Predicate = (facts: DeclarationFacts) => boolean;

export interface CompiledRule {
  readonly id: string;
  readonly nameZh: string;
  readonly nameEn: string;
  readonly lane: Lane | null;
  readonly share: number;
  readonly checks: readonly CheckItem[];
  readonly matches: Predicate;
}

export interface ValueBandBreach {
  lineIndex: number;
  commodityCode: string;
  originCountryCode: string | null;
  unitValueCnyPerDryTonne: number;
  minCnyPerDryTonne: number;
  maxCnyPerDryTonne: number;
}

export interface MinimumRate {
  rate: number;
  /** The category whose rate applies (the highest among the lines); null when the class floor applies. */
  categoryCode: string | null;
}

export interface CompiledRuleSet {
  readonly version: string;
  readonly source: RuleSet;
  /** Enabled rules whose condition holds, in rule-set order. */
  evaluate(facts: DeclarationFacts): CompiledRule[];
  /** Severity rank of a lane: 0 for RELEASE up to 3 for INSPECT_BEFORE_RELEASE. */
  severity(lane: Lane): number;
  minimumRandomRate(facts: DeclarationFacts): MinimumRate;
  readonly explorationShare: number;
  readonly selectionLane: Lane;
  /** The most severe lane among the score thresholds the score reaches, and the threshold that gave it. */
  scoreLane(score: number): { lane: Lane; minScore: number } | null;
  valueBandBreaches(facts: DeclarationFacts): ValueBandBreach[];
}

/** Validates (throwing RuleSetValidationError) and compiles. */
export function compileRuleSet(input: RuleSet): CompiledRuleSet {
  const ruleSet = parseRuleSet(input);
  const lists = new Map(Object.entries(ruleSet.lists).map(([name, list]) => [name, new Set(list.entries)]));
  const bandFor = bandLookup(ruleSet.valueBands);
  const context: CompileContext = { lists, bandFor };

  const rules: CompiledRule[] = ruleSet.rules
    .filter((rule) => rule.enabled)
    .map((rule) => ({
      id: rule.id,
      nameZh: rule.name.zh,
      nameEn: rule.name.en,
      lane: rule.action.lane ?? null,
      share: rule.action.share,
      checks: [...new Set(rule.action.checks)],
      matches: compileCondition(rule.condition, context),
    }));

  const rank = new Map(ruleSet.laneSeverity.map((lane, index) => [lane, index]));
  const severity = (lane: Lane) => rank.get(lane)!;

  // Ascending by threshold, each carrying the most severe lane reached so far: one scan answers "most severe
  // lane among the thresholds met", so a higher score can never get a milder lane.
  const thresholds = [...ruleSet.scoreThresholds].sort((a, b) => a.minScore - b.minScore);
  const cumulative: { minScore: number; lane: Lane; fromMinScore: number }[] = [];
  for (const threshold of thresholds) {
    const previous = cumulative[cumulative.length - 1];
    const keepPrevious = previous !== undefined && severity(previous.lane) >= severity(threshold.lane);
    cumulative.push({
      minScore: threshold.minScore,
      lane: keepPrevious ? previous.lane : threshold.lane,
      fromMinScore: keepPrevious ? previous.fromMinScore : threshold.minScore,
    });
  }

  const { rates } = ruleSet;
  const categoryRates = new Map<string, Record<CreditClass, number>>(
    Object.keys(rates.byCategory).map((category) => [
      category,
      {
        ADVANCED_CERTIFIED: effectiveMinimumRate(rates, category, 'ADVANCED_CERTIFIED'),
        GENERAL: effectiveMinimumRate(rates, category, 'GENERAL'),
        DISHONEST: effectiveMinimumRate(rates, category, 'DISHONEST'),
      },
    ]),
  );

  return {
    version: ruleSet.version,
    source: ruleSet,
    evaluate(facts) {
      const fired: CompiledRule[] = [];
      for (const rule of rules) if (rule.matches(facts)) fired.push(rule);
      return fired;
    },
    severity,
    minimumRandomRate(facts) {
      const creditClass = facts.importerCreditClass;
      let best: MinimumRate = { rate: rates.byCreditClass[creditClass], categoryCode: null };
      for (const item of facts.items) {
        const rate = categoryRates.get(item.categoryCode)?.[creditClass];
        if (rate !== undefined && rate > best.rate) best = { rate, categoryCode: item.categoryCode };
      }
      return best;
    },
    explorationShare: rates.explorationShare,
    selectionLane: rates.selectionLane,
    scoreLane(score) {
      let reached: { lane: Lane; minScore: number } | null = null;
      for (const threshold of cumulative) {
        if (score < threshold.minScore) break;
        reached = { lane: threshold.lane, minScore: threshold.fromMinScore };
      }
      return reached;
    },
    valueBandBreaches(facts) {
      const breaches: ValueBandBreach[] = [];
      for (let lineIndex = 0; lineIndex < facts.items.length; lineIndex++) {
        const item = facts.items[lineIndex]!;
        const value = item.unitValueCnyPerDryTonne;
        if (value === null) continue;
        const band = bandFor(item.commodityCode, facts.originCountryCode);
        if (band && (value < band.minCnyPerDryTonne || value > band.maxCnyPerDryTonne)) {
          breaches.push({
            lineIndex,
            commodityCode: item.commodityCode,
            originCountryCode: facts.originCountryCode,
            unitValueCnyPerDryTonne: value,
            minCnyPerDryTonne: band.minCnyPerDryTonne,
            maxCnyPerDryTonne: band.maxCnyPerDryTonne,
          });
        }
      }
      return breaches;
    },
  };
}

interface CompileContext {
  lists: ReadonlyMap<string, ReadonlySet<string>>;
  bandFor: (commodityCode: string, originCountryCode: string | null) => ValueBand | undefined;
}

/** Band of commodity × origin, else the commodity's any-origin band. */
function bandLookup(bands: readonly ValueBand[]): CompileContext['bandFor'] {
  const byCommodity = new Map<string, Map<string | null, ValueBand>>();
  for (const band of bands) {
    let byOrigin = byCommodity.get(band.commodityCode);
    if (!byOrigin) byCommodity.set(band.commodityCode, (byOrigin = new Map()));
    byOrigin.set(band.originCountryCode, band);
  }
  return (commodityCode, originCountryCode) => {
    const byOrigin = byCommodity.get(commodityCode);
    if (!byOrigin) return undefined;
    return (originCountryCode === null ? undefined : byOrigin.get(originCountryCode)) ?? byOrigin.get(null);
  };
}

function compileCondition(condition: Condition, context: CompileContext): Predicate {
  switch (condition.op) {
    case 'all': {
      const parts = condition.conditions.map((child) => compileCondition(child, context));
      if (parts.length === 1) return parts[0]!;
      if (parts.length === 2) {
        const [first, second] = parts as [Predicate, Predicate];
        return (facts) => first(facts) && second(facts);
      }
      return (facts) => {
        for (const part of parts) if (!part(facts)) return false;
        return true;
      };
    }
    case 'any': {
      const parts = condition.conditions.map((child) => compileCondition(child, context));
      if (parts.length === 1) return parts[0]!;
      if (parts.length === 2) {
        const [first, second] = parts as [Predicate, Predicate];
        return (facts) => first(facts) || second(facts);
      }
      return (facts) => {
        for (const part of parts) if (part(facts)) return true;
        return false;
      };
    }
    case 'not': {
      const inner = compileCondition(condition.condition, context);
      return (facts) => !inner(facts);
    }
    case 'outsideValueBand':
      return compileOutsideValueBand(condition.side, context);
    case 'massDeviationAbove':
      return compileMassDeviation(condition.pct, condition.reference);
    default:
      return compileComparison(condition, context);
  }
}

/**
 * Comparisons on item and collection fields hold when they hold for ANY value; `ne` and `notIn` are the
 * negations of `eq` and `in` ("no value equals"), so `not eq` and `ne` always agree. A missing value (null)
 * satisfies no comparison except `isMissing`, and therefore does satisfy `ne` and `notIn`.
 */
function compileComparison(condition: ComparisonCondition, context: CompileContext): Predicate {
  // Validation has already refused unknown fields and mistyped operands.
  const field = FIELD_CATALOGUE[condition.field as FieldName];
  if (condition.op === 'isMissing') return compileIsMissing(field as FieldReader<unknown>);
  if (field.type === 'number') {
    const reader: FieldReader<number> = field;
    switch (condition.op) {
      case 'eq': return anyValue(reader, equalTo(condition.value));
      case 'ne': return negate(anyValue(reader, equalTo(condition.value)));
      case 'in': return anyValue(reader, memberOf(new Set(condition.values)));
      case 'notIn': return negate(anyValue(reader, memberOf(new Set(condition.values))));
      case 'between': {
        const { min, max } = condition;
        return anyValue(reader, (value) => value >= min && value <= max);
      }
      case 'gt': { const bound = condition.value; return anyValue(reader, (value) => value > bound); }
      case 'gte': { const bound = condition.value; return anyValue(reader, (value) => value >= bound); }
      case 'lt': { const bound = condition.value; return anyValue(reader, (value) => value < bound); }
      case 'lte': { const bound = condition.value; return anyValue(reader, (value) => value <= bound); }
    }
  } else {
    const reader: FieldReader<string> = field;
    switch (condition.op) {
      case 'eq': return anyValue(reader, equalTo(condition.value));
      case 'ne': return negate(anyValue(reader, equalTo(condition.value)));
      case 'in': return anyValue(reader, memberOf(new Set(condition.values)));
      case 'notIn': return negate(anyValue(reader, memberOf(new Set(condition.values))));
      case 'inList': return anyValue(reader, memberOf(context.lists.get(condition.list)!));
      case 'startsWith': {
        const prefixes = condition.prefixes;
        if (prefixes.length === 1) {
          const prefix = prefixes[0]!;
          return anyValue(reader, (value) => value.startsWith(prefix));
        }
        return anyValue(reader, (value) => {
          for (const prefix of prefixes) if (value.startsWith(prefix)) return true;
          return false;
        });
      }
    }
  }
  throw new Error(`operator ${condition.op} cannot apply to ${condition.field}; the rule set was not validated`);
}

function equalTo<T>(expected: unknown): (value: T) => boolean {
  return (value) => value === expected;
}

function memberOf<T>(set: ReadonlySet<unknown>): (value: T) => boolean {
  return (value) => set.has(value);
}

function negate(predicate: Predicate): Predicate {
  return (facts) => !predicate(facts);
}

function anyValue<T>(reader: FieldReader<T>, test: (value: T) => boolean): Predicate {
  switch (reader.scope) {
    case 'declaration': {
      const read = reader.read;
      return (facts) => {
        const value = read(facts);
        return value !== null && test(value);
      };
    }
    case 'item': {
      const read = reader.read;
      return (facts) => {
        for (const item of facts.items) {
          const value = read(item);
          if (value !== null && test(value)) return true;
        }
        return false;
      };
    }
    case 'collection': {
      const read = reader.read;
      return (facts) => {
        for (const value of read(facts)) if (test(value)) return true;
        return false;
      };
    }
  }
}

/** Declaration field: null. Item field: some line has no value. Collection field: empty. */
function compileIsMissing(reader: FieldReader<unknown>): Predicate {
  switch (reader.scope) {
    case 'declaration': {
      const read = reader.read;
      return (facts) => read(facts) === null;
    }
    case 'item': {
      const read = reader.read;
      return (facts) => {
        for (const item of facts.items) if (read(item) === null) return true;
        return false;
      };
    }
    case 'collection': {
      const read = reader.read;
      return (facts) => read(facts).length === 0;
    }
  }
}

/** A line without a unit value, or whose commodity × origin has no band, is not outside any band. */
function compileOutsideValueBand(side: ValueBandSide, context: CompileContext): Predicate {
  const { bandFor } = context;
  const below = side !== 'above';
  const above = side !== 'below';
  return (facts) => {
    for (const item of facts.items) {
      const value = item.unitValueCnyPerDryTonne;
      if (value === null) continue;
      const band = bandFor(item.commodityCode, facts.originCountryCode);
      if (!band) continue;
      if ((below && value < band.minCnyPerDryTonne) || (above && value > band.maxCnyPerDryTonne)) return true;
    }
    return false;
  };
}

/**
 * Relative to the declared wet mass, as the on-site check measures it. No reference mass yet, or nothing
 * declared, is no deviation.
 */
export function massDeviationPct(declaredWetTonnes: number, referenceWetTonnes: number | null): number | null {
  if (referenceWetTonnes === null || !(declaredWetTonnes > 0)) return null;
  return (Math.abs(referenceWetTonnes - declaredWetTonnes) / declaredWetTonnes) * 100;
}

function compileMassDeviation(pct: number, reference: MassReference): Predicate {
  const exceeds = (referenceWetTonnes: number | null, declared: number) => {
    const deviation = massDeviationPct(declared, referenceWetTonnes);
    return deviation !== null && deviation > pct;
  };
  switch (reference) {
    case 'preArrival':
      return (facts) => exceeds(facts.preArrivalWetTonnes, facts.declaredWetTonnes);
    case 'weighed':
      return (facts) => exceeds(facts.weighedWetTonnes, facts.declaredWetTonnes);
    case 'either':
      return (facts) => exceeds(facts.preArrivalWetTonnes, facts.declaredWetTonnes) || exceeds(facts.weighedWetTonnes, facts.declaredWetTonnes);
  }
}
