import { z } from 'zod';
import { CREDIT_CLASSES, type CreditClass } from '../../../core/auth/roles.js';
import { Decimal } from '../../../core/decimal.js';
import { LANES, type Lane } from '../lane-decider.js';
import { FIELD_CATALOGUE, FIELD_OPERATORS, LIST_KINDS, isFieldName, type FieldDefinition, type ListKind } from './facts.js';

/**
 * A rule set: rules, the lists and value-control bands they refer to, minimum random rates, score thresholds
 * and the lane order, under one version. Everything a decision depends on is in here (lists included), so a
 * stored rule set replays its decisions exactly; who approved it and when it was stored live elsewhere.
 */

/** Work items a rule can require from the on-site team, whatever the lane. */
export const CHECK_ITEMS = ['RADIOACTIVITY', 'SOLID_WASTE', 'SAMPLING_HARMFUL_ELEMENTS', 'DOCUMENT_REVIEW'] as const;
export type CheckItem = (typeof CHECK_ITEMS)[number];

/** Order No. 251 anchors (DOMAIN.md §3.6): advanced ≤ 20 % of the general rate, dishonest ≥ 80 %. */
export const ADVANCED_CERTIFIED_MAX_SHARE_OF_GENERAL = '0.2';
export const DISHONEST_MIN_RATE = '0.8';

// ── Conditions ──────────────────────────────────────────────────────────────────────────────────────────────

export type Condition =
  | { op: 'all'; conditions: Condition[] }
  | { op: 'any'; conditions: Condition[] }
  | { op: 'not'; condition: Condition }
  | { op: 'eq' | 'ne'; field: string; value: string | number }
  | { op: 'in' | 'notIn'; field: string; values: (string | number)[] }
  | { op: 'inList'; field: string; list: string }
  | { op: 'between'; field: string; min: number; max: number }
  | { op: 'gt' | 'gte' | 'lt' | 'lte'; field: string; value: number }
  | { op: 'startsWith'; field: string; prefixes: string[] }
  | { op: 'isMissing'; field: string }
  /** Any line's unit value lies outside the band of its commodity code × the declaration's origin. */
  | { op: 'outsideValueBand'; side: ValueBandSide }
  /** |reference mass − declared wet mass| / declared wet mass, in %, exceeds `pct`. */
  | { op: 'massDeviationAbove'; pct: number; reference: MassReference };

export type ComparisonCondition = Extract<Condition, { field: string }>;

export const VALUE_BAND_SIDES = ['below', 'above', 'either'] as const;
export type ValueBandSide = (typeof VALUE_BAND_SIDES)[number];
export const MASS_REFERENCES = ['preArrival', 'weighed', 'either'] as const;
export type MassReference = (typeof MASS_REFERENCES)[number];

const identifier = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'use 1–64 letters, digits, "_", "-" or ".", starting with a letter or digit');
const probability = z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1');
const laneSchema = z.enum(LANES);
const fieldName = z.string().min(1);
const scalar = z.union([z.string(), z.number()]);

const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.discriminatedUnion('op', [
    z.strictObject({ op: z.literal('all'), conditions: z.array(conditionSchema).min(1) }),
    z.strictObject({ op: z.literal('any'), conditions: z.array(conditionSchema).min(1) }),
    z.strictObject({ op: z.literal('not'), condition: conditionSchema }),
    z.strictObject({ op: z.enum(['eq', 'ne']), field: fieldName, value: scalar }),
    z.strictObject({ op: z.enum(['in', 'notIn']), field: fieldName, values: z.array(scalar).min(1) }),
    z.strictObject({ op: z.literal('inList'), field: fieldName, list: z.string().min(1) }),
    z.strictObject({ op: z.literal('between'), field: fieldName, min: z.number(), max: z.number() }),
    z.strictObject({ op: z.enum(['gt', 'gte', 'lt', 'lte']), field: fieldName, value: z.number() }),
    z.strictObject({ op: z.literal('startsWith'), field: fieldName, prefixes: z.array(z.string().min(1)).min(1) }),
    z.strictObject({ op: z.literal('isMissing'), field: fieldName }),
    z.strictObject({ op: z.literal('outsideValueBand'), side: z.enum(VALUE_BAND_SIDES) }),
    z.strictObject({ op: z.literal('massDeviationAbove'), pct: z.number().positive(), reference: z.enum(MASS_REFERENCES) }),
  ], { error: (issue) => (issue.code === 'invalid_union' ? `unknown operator; use one of ${CONDITION_OPERATORS.join(', ')}` : undefined) }),
);

export const CONDITION_OPERATORS = [
  'all', 'any', 'not', 'eq', 'ne', 'in', 'notIn', 'inList', 'between', 'gt', 'gte', 'lt', 'lte', 'startsWith', 'isMissing',
  'outsideValueBand', 'massDeviationAbove',
] as const;

// ── Rules, lists, bands, rates ─────────────────────────────────────────────────────────────────────────────

const localizedText = z.strictObject({ zh: z.string().min(1), en: z.string().min(1) });

const ruleSchema = z.strictObject({
  id: identifier,
  name: localizedText,
  description: localizedText,
  enabled: z.boolean(),
  condition: conditionSchema,
  action: z.strictObject({
    /** Absent: the rule only requires checks. */
    lane: laneSchema.optional(),
    /** Share of the matching declarations the action applies to, drawn per declaration and rule. */
    share: probability,
    checks: z.array(z.enum(CHECK_ITEMS)),
  }),
});

const namedListSchema = z.strictObject({
  kind: z.enum(LIST_KINDS),
  description: localizedText,
  entries: z.array(z.string().min(1)),
});

const valueBandSchema = z.strictObject({
  commodityCode: z.string().regex(/^\d{10}$/, 'a 10-digit commodity code'),
  /** null: the band for every origin that has no band of its own. */
  originCountryCode: z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166 alpha-2 code').nullable(),
  minCnyPerDryTonne: z.number().nonnegative(),
  maxCnyPerDryTonne: z.number().nonnegative(),
});

const ratesSchema = z.strictObject({
  /** Minimum random rate per commodity category and credit class; a class left out falls back to `byCreditClass`. */
  byCategory: z.record(z.string().min(1), z.partialRecord(z.enum(CREDIT_CLASSES), probability)),
  /** Minimum random rate per credit class, whatever the category: the floor under `byCategory`. */
  byCreditClass: z.record(z.enum(CREDIT_CLASSES), probability),
  /** Share of all declarations selected purely at random, so the learned score sees unbiased outcomes. */
  explorationShare: probability,
  /** Where random and exploration selections go. */
  selectionLane: laneSchema,
});

const ruleSetObjectSchema = z.strictObject({
  version: identifier,
  effectiveFrom: z.iso.datetime({ offset: true }),
  /** Least to most severe; RELEASE first and INSPECT_BEFORE_RELEASE last, the middle two in either order. */
  laneSeverity: z.array(laneSchema).length(LANES.length),
  rules: z.array(ruleSchema),
  lists: z.record(identifier, namedListSchema),
  valueBands: z.array(valueBandSchema),
  rates: ratesSchema,
  /** A declaration whose score reaches `minScore` is sent at least to `lane`. */
  scoreThresholds: z.array(z.strictObject({ minScore: probability, lane: laneSchema })),
});

export type Rule = z.infer<typeof ruleSchema>;
export type RuleAction = Rule['action'];
export type NamedList = z.infer<typeof namedListSchema>;
export type ValueBand = z.infer<typeof valueBandSchema>;
export type RateTable = z.infer<typeof ratesSchema>;
export type RuleSet = z.infer<typeof ruleSetObjectSchema>;

/** Structure first, then the checks that need the whole rule set (fields, lists, ids, rate constraints). */
export const ruleSetSchema = ruleSetObjectSchema.superRefine((ruleSet, ctx) => {
  for (const issue of semanticIssues(ruleSet)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
});

// ── Validation ─────────────────────────────────────────────────────────────────────────────────────────────

export interface RuleSetIssue {
  /** e.g. "rules[3].condition.conditions[0].field" */
  path: string;
  message: string;
}

export type RuleSetValidation = { ok: true; ruleSet: RuleSet } | { ok: false; issues: RuleSetIssue[] };

export class RuleSetValidationError extends Error {
  constructor(readonly issues: RuleSetIssue[]) {
    super(`invalid rule set:\n${issues.map((issue) => `  ${issue.path || '(root)'}: ${issue.message}`).join('\n')}`);
    this.name = 'RuleSetValidationError';
  }
}

/**
 * Every issue with its path. Structural issues (shapes, types, ranges, unknown keys) come first; the checks that
 * need the whole rule set (fields, operands, lists, ids, bands, rates) run once the structure is sound.
 */
export function validateRuleSet(input: unknown): RuleSetValidation {
  const parsed = ruleSetSchema.safeParse(input);
  if (parsed.success) return { ok: true, ruleSet: parsed.data };
  return { ok: false, issues: parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })) };
}

export function parseRuleSet(input: unknown): RuleSet {
  const result = validateRuleSet(input);
  if (!result.ok) throw new RuleSetValidationError(result.issues);
  return result.ruleSet;
}

export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) text += text ? `.${key}` : key;
    else text += `[${JSON.stringify(String(key))}]`;
  }
  return text;
}

/**
 * The minimum random rate a declaration of `categoryCode` by an importer of `creditClass` is selected at:
 * the higher of the category's rate for that class and the class's own floor.
 */
export function effectiveMinimumRate(rates: RateTable, categoryCode: string | null, creditClass: CreditClass): number {
  const categoryRate = categoryCode === null ? undefined : rates.byCategory[categoryCode]?.[creditClass];
  return Math.max(categoryRate ?? 0, rates.byCreditClass[creditClass]);
}

interface RawIssue {
  path: PropertyKey[];
  message: string;
}

function semanticIssues(ruleSet: RuleSet): RawIssue[] {
  const issues: RawIssue[] = [];
  const report = (path: PropertyKey[], message: string) => issues.push({ path, message });

  checkLaneSeverity(ruleSet.laneSeverity, report);

  const firstIndexById = new Map<string, number>();
  ruleSet.rules.forEach((rule, index) => {
    const first = firstIndexById.get(rule.id);
    if (first === undefined) firstIndexById.set(rule.id, index);
    else report(['rules', index, 'id'], `duplicate rule id "${rule.id}" (first used by rules[${first}])`);
    checkCondition(rule.condition, ['rules', index, 'condition'], ruleSet.lists, report);
    if (rule.action.lane === undefined && rule.action.checks.length === 0) {
      report(['rules', index, 'action'], 'an action must send to a lane, require checks, or both');
    }
    if (rule.action.lane === 'RELEASE') {
      report(['rules', index, 'action', 'lane'], 'RELEASE is where every declaration starts; a rule can only raise the lane');
    }
  });

  const bandIndexByKey = new Map<string, number>();
  ruleSet.valueBands.forEach((band, index) => {
    const key = `${band.commodityCode} × ${band.originCountryCode ?? 'any origin'}`;
    const first = bandIndexByKey.get(key);
    if (first === undefined) bandIndexByKey.set(key, index);
    else report(['valueBands', index], `duplicate value band for ${key} (first at valueBands[${first}])`);
    if (band.minCnyPerDryTonne > band.maxCnyPerDryTonne) {
      report(['valueBands', index, 'maxCnyPerDryTonne'], `max ${band.maxCnyPerDryTonne} is below min ${band.minCnyPerDryTonne}`);
    }
  });

  checkRates(ruleSet.rates, report);
  if (ruleSet.rates.selectionLane === 'RELEASE') report(['rates', 'selectionLane'], 'a selection must send to a lane above RELEASE');
  ruleSet.scoreThresholds.forEach((threshold, index) => {
    if (threshold.lane === 'RELEASE') report(['scoreThresholds', index, 'lane'], 'a score threshold must send to a lane above RELEASE');
  });
  return issues;
}

function checkLaneSeverity(order: readonly Lane[], report: (path: PropertyKey[], message: string) => void): void {
  const missing = LANES.filter((lane) => !order.includes(lane));
  if (missing.length > 0) report(['laneSeverity'], `must list every lane once; missing ${missing.join(', ')}`);
  if (order[0] !== 'RELEASE') report(['laneSeverity', 0], 'RELEASE must be the least severe lane');
  // The safety floor relies on INSPECT_BEFORE_RELEASE outranking every other lane.
  if (order[order.length - 1] !== 'INSPECT_BEFORE_RELEASE') report(['laneSeverity', order.length - 1], 'INSPECT_BEFORE_RELEASE must be the most severe lane');
}

function checkCondition(
  condition: Condition,
  path: PropertyKey[],
  lists: RuleSet['lists'],
  report: (path: PropertyKey[], message: string) => void,
): void {
  switch (condition.op) {
    case 'all':
    case 'any':
      condition.conditions.forEach((child, index) => checkCondition(child, [...path, 'conditions', index], lists, report));
      return;
    case 'not':
      checkCondition(condition.condition, [...path, 'condition'], lists, report);
      return;
    case 'outsideValueBand':
    case 'massDeviationAbove':
      return;
    default:
      checkComparison(condition, path, lists, report);
  }
}

function checkComparison(
  condition: ComparisonCondition,
  path: PropertyKey[],
  lists: RuleSet['lists'],
  report: (path: PropertyKey[], message: string) => void,
): void {
  if (!isFieldName(condition.field)) {
    report([...path, 'field'], `unknown field "${condition.field}"; known fields: ${Object.keys(FIELD_CATALOGUE).join(', ')}`);
    return;
  }
  const field: FieldDefinition = FIELD_CATALOGUE[condition.field];
  const allowed: readonly string[] = FIELD_OPERATORS[field.type];
  if (!allowed.includes(condition.op)) {
    report([...path, 'op'], `operator ${condition.op} does not apply to ${condition.field} (a ${field.type} field); use one of ${allowed.join(', ')}`);
    return;
  }
  const checkOperand = (value: string | number, operandPath: PropertyKey[]) => {
    const problem = operandProblem(field, condition.field, value);
    if (problem) report(operandPath, problem);
  };
  switch (condition.op) {
    case 'eq':
    case 'ne':
      checkOperand(condition.value, [...path, 'value']);
      return;
    case 'in':
    case 'notIn':
      condition.values.forEach((value, index) => checkOperand(value, [...path, 'values', index]));
      return;
    case 'between':
      if (condition.min > condition.max) report([...path, 'max'], `max ${condition.max} is below min ${condition.min}`);
      return;
    case 'inList': {
      const list = Object.hasOwn(lists, condition.list) ? lists[condition.list] : undefined;
      if (!list) {
        const known = Object.keys(lists);
        report([...path, 'list'], `unknown list "${condition.list}"${known.length ? `; known lists: ${known.join(', ')}` : '; the rule set has no lists'}`);
      } else if (!field.listKinds.includes(list.kind)) {
        report([...path, 'list'], `list "${condition.list}" holds ${list.kind} entries; ${condition.field} accepts ${describeKinds(field.listKinds)}`);
      }
      return;
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
    case 'startsWith':
    case 'isMissing':
      return;
  }
}

function operandProblem(field: FieldDefinition, name: string, value: string | number): string | null {
  if (field.type === 'number') return typeof value === 'number' ? null : `${name} is a number field; got the string ${JSON.stringify(value)}`;
  if (typeof value !== 'string') return `${name} is a ${field.type} field; got the number ${value}`;
  if (field.type === 'enum' && !field.values.includes(value)) return `${JSON.stringify(value)} is not a value of ${name}; use one of ${field.values.join(', ')}`;
  return null;
}

function describeKinds(kinds: readonly ListKind[]): string {
  return kinds.length ? `lists of ${kinds.join(' or ')}` : 'no lists';
}

function checkRates(rates: RateTable, report: (path: PropertyKey[], message: string) => void): void {
  const maxShare = new Decimal(ADVANCED_CERTIFIED_MAX_SHARE_OF_GENERAL);
  const dishonestMin = new Decimal(DISHONEST_MIN_RATE);
  // Decimal, not doubles: 0.2 × 0.35 is 0.06999999999999999 in binary and would refuse a legal 0.07.
  const advancedWithinShare = (advanced: number, general: number) => new Decimal(advanced).lessThanOrEqualTo(new Decimal(general).times(maxShare));

  const floor = rates.byCreditClass;
  if (!advancedWithinShare(floor.ADVANCED_CERTIFIED, floor.GENERAL)) {
    report(['rates', 'byCreditClass', 'ADVANCED_CERTIFIED'], `advanced certified rate ${floor.ADVANCED_CERTIFIED} exceeds 20 % of the general rate ${floor.GENERAL}`);
  }
  if (new Decimal(floor.DISHONEST).lessThan(dishonestMin)) {
    report(['rates', 'byCreditClass', 'DISHONEST'], `dishonest rate ${floor.DISHONEST} is below the minimum ${DISHONEST_MIN_RATE}`);
  }

  // With a valid floor, the effective advanced rate max(category, floor) can only break the 20 % bound through the
  // category's own advanced rate; it is measured against the category's effective general rate.
  for (const [category, classRates] of Object.entries(rates.byCategory)) {
    const general = effectiveMinimumRate(rates, category, 'GENERAL');
    const advanced = classRates.ADVANCED_CERTIFIED;
    if (advanced !== undefined && !advancedWithinShare(advanced, general)) {
      report(['rates', 'byCategory', category, 'ADVANCED_CERTIFIED'], `${category}: advanced certified rate ${advanced} exceeds 20 % of the general rate ${general}`);
    }
    const dishonest = classRates.DISHONEST;
    if (dishonest !== undefined && new Decimal(dishonest).lessThan(dishonestMin)) {
      report(['rates', 'byCategory', category, 'DISHONEST'], `${category}: dishonest rate ${dishonest} is below the minimum ${DISHONEST_MIN_RATE}`);
    }
  }
}

/**
 * The rule set in force at `at`: the latest `effectiveFrom` not after it (ties: the later in the array, i.e. the
 * most recently approved). Approval is the caller's filter: pass only approved rule sets.
 */
export function ruleSetInForce<T extends Pick<RuleSet, 'effectiveFrom'>>(ruleSets: readonly T[], at: Date): T | null {
  let best: T | null = null;
  let bestFrom = Number.NEGATIVE_INFINITY;
  for (const candidate of ruleSets) {
    const from = Date.parse(candidate.effectiveFrom);
    if (from <= at.getTime() && from >= bestFrom) {
      best = candidate;
      bestFrom = from;
    }
  }
  return best;
}

