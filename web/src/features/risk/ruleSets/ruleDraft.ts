import type { CheckItem, CreditClass, Lane, RuleFieldCatalogue } from '../../../api/types';

/**
 * The rule-set definition as the structured editor holds it (the shape src/modules/risk/engine/rule-schema.ts
 * validates, without the lists and per-category rates, which are maintained as risk data), and the pure edits
 * on it: condition-tree changes, server error paths → form places, the Order No. 251 rate anchors.
 */

export type LeafOperator = 'eq' | 'ne' | 'in' | 'notIn' | 'inList' | 'between' | 'gt' | 'gte' | 'lt' | 'lte' | 'startsWith' | 'isMissing';
export type GroupOperator = 'all' | 'any' | 'not';
export type SpecialOperator = 'outsideValueBand' | 'massDeviationAbove';

export type Condition =
  | { op: 'all' | 'any'; conditions: Condition[] }
  | { op: 'not'; condition: Condition }
  | { op: 'eq' | 'ne'; field: string; value: string | number }
  | { op: 'in' | 'notIn'; field: string; values: (string | number)[] }
  | { op: 'inList'; field: string; list: string }
  | { op: 'between'; field: string; min: number; max: number }
  | { op: 'gt' | 'gte' | 'lt' | 'lte'; field: string; value: number }
  | { op: 'startsWith'; field: string; prefixes: string[] }
  | { op: 'isMissing'; field: string }
  | { op: 'outsideValueBand'; side: 'below' | 'above' | 'either' }
  | { op: 'massDeviationAbove'; pct: number; reference: 'preArrival' | 'weighed' | 'either' };

export const VALUE_BAND_SIDES = ['below', 'above', 'either'] as const;
export const MASS_REFERENCES = ['preArrival', 'weighed', 'either'] as const;

export interface LocalizedText {
  zh: string;
  en: string;
}

export interface RuleDraft {
  id: string;
  name: LocalizedText;
  description: LocalizedText;
  enabled: boolean;
  condition: Condition;
  action: { lane?: Lane; share: number; checks: CheckItem[] };
}

export interface ValueBandDraft {
  commodityCode: string;
  originCountryCode: string | null;
  minCnyPerDryTonne: number;
  maxCnyPerDryTonne: number;
}

export interface RatesDraft {
  byCreditClass: Record<CreditClass, number>;
  explorationShare: number;
  selectionLane: Lane;
}

export interface DefinitionDraft {
  laneSeverity: Lane[];
  rules: RuleDraft[];
  valueBands: ValueBandDraft[];
  rates: RatesDraft;
  scoreThresholds: { minScore: number; lane: Lane }[];
}

/** A field of the catalogue as GET /risk/rule-fields describes it. */
export type RuleField = RuleFieldCatalogue['fields'][number];

// ── Condition tree ────────────────────────────────────────────────────────────────────────────────────────

/** Child indices from the rule's root condition; a `not` has one child, index 0. */
export type ConditionPath = readonly number[];

export const isGroup = (condition: Condition): condition is Extract<Condition, { op: GroupOperator }> =>
  condition.op === 'all' || condition.op === 'any' || condition.op === 'not';

export function childrenOf(condition: Condition): Condition[] {
  if (condition.op === 'all' || condition.op === 'any') return condition.conditions;
  if (condition.op === 'not') return [condition.condition];
  return [];
}

function withChildren(condition: Condition, children: Condition[]): Condition {
  if (condition.op === 'all' || condition.op === 'any') return { op: condition.op, conditions: children };
  if (condition.op === 'not') return { op: 'not', condition: children[0]! };
  return condition;
}

export function conditionAt(root: Condition, path: ConditionPath): Condition | undefined {
  let node: Condition | undefined = root;
  for (const index of path) node = node ? childrenOf(node)[index] : undefined;
  return node;
}

/** The tree with the node at `path` replaced by `change(node)`; other nodes are shared, not copied. */
export function replaceCondition(root: Condition, path: ConditionPath, change: (node: Condition) => Condition): Condition {
  if (path.length === 0) return change(root);
  const [head, ...rest] = path;
  const children = childrenOf(root);
  if (head === undefined || head >= children.length) return root;
  return withChildren(root, children.map((child, index) => (index === head ? replaceCondition(child, rest, change) : child)));
}

/** Appends `child` to the all/any group at `path`. */
export function addChildCondition(root: Condition, path: ConditionPath, child: Condition): Condition {
  return replaceCondition(root, path, (node) => (node.op === 'all' || node.op === 'any' ? { op: node.op, conditions: [...node.conditions, child] } : node));
}

/**
 * Removes the node at `path`. A group left empty keeps one placeholder leaf (the schema needs ≥ 1 condition);
 * removing a `not`'s only child removes the `not`; the root itself cannot be removed.
 */
export function removeCondition(root: Condition, path: ConditionPath, placeholder: Condition): Condition {
  if (path.length === 0) return root;
  const parentPath = path.slice(0, -1);
  const index = path[path.length - 1]!;
  const parent = conditionAt(root, parentPath);
  if (!parent) return root;
  if (parent.op === 'not') return parentPath.length ? removeCondition(root, parentPath, placeholder) : placeholder;
  return replaceCondition(root, parentPath, (node) => {
    if (node.op !== 'all' && node.op !== 'any') return node;
    const rest = node.conditions.filter((_, i) => i !== index);
    return { op: node.op, conditions: rest.length ? rest : [placeholder] };
  });
}

/** Turns a group into another group kind, keeping its children (a `not` takes the first; leaving `not` wraps). */
export function changeGroupOperator(node: Condition, op: GroupOperator): Condition {
  const children = childrenOf(node);
  if (op === 'not') return { op: 'not', condition: children.length === 1 ? children[0]! : { op: node.op === 'not' ? 'all' : (node.op as 'all' | 'any'), conditions: children } };
  return { op, conditions: children };
}

/** Wraps the node in a new all/any group or negates it. */
export function wrapCondition(node: Condition, op: GroupOperator): Condition {
  return op === 'not' ? { op: 'not', condition: node } : { op, conditions: [node] };
}

/**
 * A leaf for `field` and `op`, keeping what of `previous` still fits (a value of the right type, the list).
 * Values are typed by the field: numbers for number fields, strings otherwise.
 */
export function makeLeaf(field: RuleField, op: LeafOperator, previous?: Condition): Condition {
  const numeric = field.type === 'number';
  const old = previous as Record<string, unknown> | undefined;
  const scalars = (): (string | number)[] => {
    const raw = Array.isArray(old?.values) ? (old.values as unknown[]) : old?.value !== undefined ? [old.value] : [];
    return raw.filter((v): v is string | number => (numeric ? typeof v === 'number' : typeof v === 'string'));
  };
  const firstNumber = () => (typeof old?.value === 'number' ? old.value : typeof old?.min === 'number' ? old.min : 0);
  switch (op) {
    case 'eq':
    case 'ne': {
      const [first] = scalars();
      return { op, field: field.name, value: first ?? (numeric ? 0 : (field.values?.[0] ?? '')) };
    }
    case 'in':
    case 'notIn':
      return { op, field: field.name, values: scalars() };
    case 'inList':
      return { op, field: field.name, list: typeof old?.list === 'string' ? old.list : '' };
    case 'between':
      return { op, field: field.name, min: typeof old?.min === 'number' ? old.min : firstNumber(), max: typeof old?.max === 'number' ? old.max : firstNumber() };
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return { op, field: field.name, value: firstNumber() };
    case 'startsWith':
      return { op, field: field.name, prefixes: Array.isArray(old?.prefixes) ? (old.prefixes as string[]) : scalars().map(String) };
    case 'isMissing':
      return { op, field: field.name };
  }
}

export function specialLeaf(op: SpecialOperator): Condition {
  return op === 'outsideValueBand' ? { op, side: 'either' } : { op, pct: 5, reference: 'either' };
}

export function newRule(existingIds: readonly string[]): RuleDraft {
  let n = existingIds.length + 1;
  while (existingIds.includes(`rule-${n}`)) n += 1;
  return {
    id: `rule-${n}`,
    name: { zh: '', en: '' },
    description: { zh: '', en: '' },
    enabled: true,
    condition: { op: 'all', conditions: [{ op: 'eq', field: 'originCountry', value: '' }] },
    action: { lane: 'DOCUMENT_CHECK', share: 1, checks: [] },
  };
}

/** A copy with an id no other rule has ("x-copy", "x-copy-2", …). */
export function duplicateRule(rule: RuleDraft, existingIds: readonly string[]): RuleDraft {
  const base = `${rule.id}-copy`.slice(0, 58);
  let id = base;
  for (let n = 2; existingIds.includes(id); n += 1) id = `${base}-${n}`;
  return { ...structuredClone(rule), id };
}

// ── Server error paths → editor places ────────────────────────────────────────────────────────────────────

export type ErrorPlace =
  /** `key` is the rule field ("id", "name.zh", "action.share", "condition"); `conditionPath` points into the tree. */
  | { section: 'rule'; ruleIndex: number; key: string; conditionPath?: number[]; conditionKey?: string }
  | { section: 'valueBand'; index: number; key: string | null }
  | { section: 'rates'; key: string }
  | { section: 'scoreThreshold'; index: number; key: string | null }
  | { section: 'other' };

type Segment = string | number;

/** "definition.rules[3].condition.conditions[0].field" → ["definition", "rules", 3, "condition", "conditions", 0, "field"]. */
export function splitPath(path: string): Segment[] {
  const segments: Segment[] = [];
  const pattern = /([A-Za-z_$][\w$]*)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]/g;
  for (const match of path.matchAll(pattern)) {
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(Number(match[2]));
    else if (match[3] !== undefined) segments.push(JSON.parse(`"${match[3]}"`) as string);
  }
  return segments;
}

/**
 * Where an error of PATCH /risk/rule-sets/:version ("definition.…") or POST /risk/rule-tests ("rule.…") belongs.
 * Rule-test paths name no rule index: `ruleIndex` is then -1.
 */
export function placeOfError(path: string): ErrorPlace {
  const segments = splitPath(path);
  let rest: Segment[];
  let ruleIndex: number;
  if (segments[0] === 'rule') {
    ruleIndex = -1;
    rest = segments.slice(1);
  } else if (segments[0] === 'definition' && segments[1] === 'rules' && typeof segments[2] === 'number') {
    ruleIndex = segments[2];
    rest = segments.slice(3);
  } else if (segments[0] === 'definition') {
    const [, section, index, key] = segments;
    if (section === 'valueBands' && typeof index === 'number') return { section: 'valueBand', index, key: typeof key === 'string' ? key : null };
    if (section === 'scoreThresholds' && typeof index === 'number') return { section: 'scoreThreshold', index, key: typeof key === 'string' ? key : null };
    if (section === 'rates') return { section: 'rates', key: segments.slice(2).join('.') };
    return { section: 'other' };
  } else {
    return { section: 'other' };
  }
  const [head, ...tail] = rest;
  if (head === 'condition') {
    const conditionPath: number[] = [];
    let i = 0;
    for (; i < tail.length; i += 1) {
      const segment = tail[i];
      if (segment === 'conditions' && typeof tail[i + 1] === 'number') {
        conditionPath.push(tail[i + 1] as number);
        i += 1;
      } else if (segment === 'condition') {
        conditionPath.push(0);
      } else break;
    }
    const conditionKey = typeof tail[i] === 'string' ? (tail[i] as string) : undefined;
    return { section: 'rule', ruleIndex, key: 'condition', conditionPath, ...(conditionKey ? { conditionKey } : {}) };
  }
  const key = [head, tail[0]].filter((s): s is string => typeof s === 'string').join('.');
  return { section: 'rule', ruleIndex, key: key || 'rule' };
}

export const conditionPathKey = (path: readonly number[]) => path.join('.');

// ── Rates ─────────────────────────────────────────────────────────────────────────────────────────────────

/** Order No. 251 anchors (DOMAIN.md §3.6), as the server checks them. */
export const ADVANCED_MAX_SHARE_OF_GENERAL = 0.2;
export const DISHONEST_MIN_RATE = 0.8;

/** Rates in millionths, so 0.2 × 0.35 compares as exactly 0.07 (binary doubles would refuse a legal rate). */
const micro = (rate: number) => Math.round(rate * 1_000_000);

export interface RateIssue {
  creditClass: 'ADVANCED_CERTIFIED' | 'DISHONEST';
  kind: 'advancedAboveShare' | 'dishonestBelowMinimum';
  limit: number;
}

/** The floor-rate constraints the server refuses a rule set for, checked before saving. */
export function rateIssues(rates: Pick<RatesDraft, 'byCreditClass'>): RateIssue[] {
  const { ADVANCED_CERTIFIED: advanced, GENERAL: general, DISHONEST: dishonest } = rates.byCreditClass;
  const issues: RateIssue[] = [];
  if (micro(advanced) * 5 > micro(general)) issues.push({ creditClass: 'ADVANCED_CERTIFIED', kind: 'advancedAboveShare', limit: micro(general) / 5 / 1_000_000 });
  if (micro(dishonest) < micro(DISHONEST_MIN_RATE)) issues.push({ creditClass: 'DISHONEST', kind: 'dishonestBelowMinimum', limit: DISHONEST_MIN_RATE });
  return issues;
}

/** 0.5 → 50, rounded to 2 decimals of a percent; and back. */
export const toPercent = (share: number) => Math.round(share * 10_000) / 100;
export const fromPercent = (percent: number) => Math.round(percent * 100) / 10_000;


/** The definition the editor works on, from whatever the server stored (missing parts get empty defaults). */
export function toDefinitionDraft(definition: Record<string, unknown>): DefinitionDraft {
  const d = structuredClone(definition) as Partial<DefinitionDraft>;
  const rates = (d.rates ?? {}) as Partial<RatesDraft>;
  return {
    ...(d as object),
    laneSeverity: d.laneSeverity ?? ['RELEASE', 'RELEASE_THEN_INSPECT', 'DOCUMENT_CHECK', 'INSPECT_BEFORE_RELEASE'],
    rules: d.rules ?? [],
    valueBands: d.valueBands ?? [],
    rates: {
      ...rates,
      byCreditClass: { ADVANCED_CERTIFIED: 0, GENERAL: 0, DISHONEST: DISHONEST_MIN_RATE, ...rates.byCreditClass },
      explorationShare: rates.explorationShare ?? 0,
      selectionLane: rates.selectionLane ?? 'RELEASE_THEN_INSPECT',
    },
    scoreThresholds: d.scoreThresholds ?? [],
  };
}

// ── Problems the editor finds before the server does ──────────────────────────────────────────────────────

/** One problem on a rule: where (as placeOfError puts it) and an i18n code (ruleEditor.problem.<code>) or server text. */
export interface RuleProblem {
  key: string;
  conditionPath?: number[];
  conditionKey?: string;
  code?: 'required' | 'idFormat' | 'idTaken' | 'actionEmpty' | 'emptyValue' | 'pickList' | 'minAboveMax';
  message?: string;
}

const RULE_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** What would make the server refuse the rule, found before sending it (the server stays the judge). */
export function ruleProblems(rule: RuleDraft, otherIds: readonly string[]): RuleProblem[] {
  const problems: RuleProblem[] = [];
  if (!rule.id.trim()) problems.push({ key: 'id', code: 'required' });
  else if (!RULE_ID.test(rule.id)) problems.push({ key: 'id', code: 'idFormat' });
  else if (otherIds.includes(rule.id)) problems.push({ key: 'id', code: 'idTaken' });
  for (const key of ['name.zh', 'name.en', 'description.zh', 'description.en'] as const) {
    const [group, lang] = key.split('.') as ['name' | 'description', 'zh' | 'en'];
    if (!rule[group][lang].trim()) problems.push({ key, code: 'required' });
  }
  if (!rule.action.lane && rule.action.checks.length === 0) problems.push({ key: 'action', code: 'actionEmpty' });
  const visit = (node: Condition, path: number[]) => {
    childrenOf(node).forEach((child, index) => visit(child, [...path, index]));
    const at = (conditionKey: string, code: RuleProblem['code']) => problems.push({ key: 'condition', conditionPath: path, conditionKey, code });
    switch (node.op) {
      case 'eq':
      case 'ne':
        if (node.value === '') at('value', 'emptyValue');
        break;
      case 'in':
      case 'notIn':
        if (node.values.length === 0) at('values', 'emptyValue');
        break;
      case 'startsWith':
        if (node.prefixes.length === 0) at('prefixes', 'emptyValue');
        break;
      case 'inList':
        if (!node.list) at('list', 'pickList');
        break;
      case 'between':
        if (node.min > node.max) at('max', 'minAboveMax');
        break;
      default:
    }
  };
  visit(rule.condition, []);
  return problems;
}
