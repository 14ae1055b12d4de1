/**
 * Risk-engine benchmark: lane decisions per second in-process for the sample Horgos rule set (60+ rules over
 * commodity ranges, origin and enterprise lists, value bands, mass deviation, credit class, vehicles…), against
 * the SAME rules run by json-rules-engine in the same process. Prints one JSON line per figure on stdout:
 *   {"name","value","unit","baseline","ratio"}
 * baseline = json-rules-engine's figure in the same run (its decisions/s, or its latency for latency figures).
 *
 * Before timing, every declaration is evaluated by both engines and the sets of rules that fired must be equal;
 * a benchmark of two engines that disagree would measure nothing.
 *
 * json-rules-engine gets the best case: its fact objects are built before the clock starts, rules only (no draws,
 * no score). Orelane's figures include the reproducible draws; the `decision_with_score` figures add a linear
 * stand-in scorer, the `decision_with_learned_model` figures the real Orelane model (model/orelane: trees over the
 * facts, every factor put into words), trained here on synthetic outcomes.
 * Throughput is timed in alternating chunks of 500 declarations per contender, so that a busy machine slows all
 * contenders alike and the ratios stay meaningful.
 *
 * Usage: npx tsx bench/risk-engine.ts        (or `npm run bench` for every benchmark)
 * Environment (optional): BENCH_RISK_DECLARATIONS=20000, BENCH_RISK_SEED=1
 */
import { pathToFileURL } from 'node:url';
import { Engine, type NestedCondition, type RuleProperties, type TopLevelCondition } from 'json-rules-engine';
import { compileRuleSet, massDeviationPct, type CompiledRuleSet } from '../src/modules/risk/engine/compile.js';
import { decideLane, type RiskScore, type RiskScorer, type ScoreFactor } from '../src/modules/risk/engine/decide.js';
import { FIELD_CATALOGUE, type DeclarationFacts, type FieldName } from '../src/modules/risk/engine/facts.js';
import type { ComparisonCondition, Condition, RuleSet, ValueBand } from '../src/modules/risk/engine/rule-schema.js';
import { sampleRuleSet, syntheticDeclarations } from '../src/modules/risk/engine/sample-data.js';
import { createSeededRandom } from '../src/modules/risk/model/random.js';
import { trainOrelaneModel, type OrelaneRiskModel } from '../src/modules/risk/model/orelane/model.js';
import { note, quantile, report, sortedCopy, type Figure } from './support.js';

const GOAL_RATIO = 20;
const GOAL_MEDIAN_US = 1000;

// ── The same rules for json-rules-engine ───────────────────────────────────────────────────────────────────

type JreFacts = Record<string, unknown>;

/** Facts as json-rules-engine reads them: one fact per catalogue field, item and vehicle fields as arrays. */
function toJreFacts(facts: DeclarationFacts): JreFacts {
  const record: JreFacts = { items: facts.items, originCountryCode: facts.originCountryCode, declaredWetTonnes: facts.declaredWetTonnes };
  for (const [name, field] of Object.entries(FIELD_CATALOGUE)) {
    if (field.scope === 'declaration') record[name] = (field.read as (f: DeclarationFacts) => unknown)(facts);
    else if (field.scope === 'item') record[name] = facts.items.map(field.read as (item: DeclarationFacts['items'][number]) => unknown);
    else record[name] = field.read(facts);
  }
  record.preArrivalWetTonnes = facts.preArrivalWetTonnes;
  record.weighedWetTonnes = facts.weighedWetTonnes;
  return record;
}

const JRE_OPERATORS: Record<string, string> = {
  eq: 'equal', ne: 'notEqual', in: 'in', notIn: 'notIn', inList: 'in',
  gt: 'greaterThan', gte: 'greaterThanInclusive', lt: 'lessThan', lte: 'lessThanInclusive',
  between: 'between', startsWith: 'startsWithAny',
};

/** Our condition tree as json-rules-engine conditions, with the library's own any-element decorators. */
function toJreCondition(condition: Condition, ruleSet: RuleSet): NestedCondition {
  switch (condition.op) {
    case 'all': return { all: condition.conditions.map((child) => toJreCondition(child, ruleSet)) };
    case 'any': return { any: condition.conditions.map((child) => toJreCondition(child, ruleSet)) };
    case 'not': return { not: toJreCondition(condition.condition, ruleSet) };
    case 'outsideValueBand': return { fact: 'outsideValueBand', params: { side: condition.side }, operator: 'equal', value: true };
    case 'massDeviationAbove': return { fact: 'massDeviationPct', params: { reference: condition.reference }, operator: 'greaterThan', value: condition.pct };
    default: break;
  }
  const field = FIELD_CATALOGUE[condition.field as FieldName];
  const multi = field.scope !== 'declaration';
  if (condition.op === 'isMissing') {
    if (field.scope === 'collection') return { fact: condition.field, operator: 'isEmpty', value: true };
    return { fact: condition.field, operator: multi ? 'someFact:equal' : 'equal', value: null };
  }
  const value = jreOperand(condition, ruleSet);
  // "No value equals / is in": the negation of the any-value test, as in Orelane.
  if (multi && (condition.op === 'ne' || condition.op === 'notIn')) {
    return { fact: condition.field, operator: `not:someFact:${condition.op === 'ne' ? 'equal' : 'in'}`, value };
  }
  const operator = JRE_OPERATORS[condition.op]!;
  return { fact: condition.field, operator: multi ? `someFact:${operator}` : operator, value };
}

function jreOperand(condition: Exclude<ComparisonCondition, { op: 'isMissing' }>, ruleSet: RuleSet): unknown {
  switch (condition.op) {
    case 'in':
    case 'notIn': return condition.values;
    case 'inList': return ruleSet.lists[condition.list]!.entries;
    case 'between': return [condition.min, condition.max];
    case 'startsWith': return condition.prefixes;
    default: return condition.value;
  }
}

function bandLookup(bands: readonly ValueBand[]) {
  const byKey = new Map(bands.map((band) => [`${band.commodityCode}|${band.originCountryCode ?? '*'}`, band]));
  return (code: string, origin: string | null) => (origin === null ? undefined : byKey.get(`${code}|${origin}`)) ?? byKey.get(`${code}|*`);
}

function buildJreEngine(ruleSet: RuleSet): Engine {
  const engine = new Engine([], { allowUndefinedFacts: false });
  engine.addOperator<number, [number, number]>('between', (value, [min, max]) => typeof value === 'number' && value >= min && value <= max);
  engine.addOperator<unknown, string[]>('startsWithAny', (value, prefixes) => typeof value === 'string' && prefixes.some((prefix) => value.startsWith(prefix)));
  engine.addOperator<unknown[], boolean>('isEmpty', (value, expected) => (value.length === 0) === expected);

  const bandFor = bandLookup(ruleSet.valueBands);
  engine.addFact('outsideValueBand', async (params, almanac) => {
    const items = await almanac.factValue<DeclarationFacts['items']>('items');
    const origin = await almanac.factValue<string | null>('originCountryCode');
    return items.some((item) => {
      const band = item.unitValueCnyPerDryTonne === null ? undefined : bandFor(item.commodityCode, origin);
      if (!band || item.unitValueCnyPerDryTonne === null) return false;
      return (params.side !== 'above' && item.unitValueCnyPerDryTonne < band.minCnyPerDryTonne)
        || (params.side !== 'below' && item.unitValueCnyPerDryTonne > band.maxCnyPerDryTonne);
    });
  });
  engine.addFact('massDeviationPct', async (params, almanac) => {
    const declared = await almanac.factValue<number>('declaredWetTonnes');
    const deviations: number[] = [];
    for (const [reference, fact] of [['preArrival', 'preArrivalWetTonnes'], ['weighed', 'weighedWetTonnes']] as const) {
      if (params.reference !== 'either' && params.reference !== reference) continue;
      const deviation = massDeviationPct(declared, await almanac.factValue<number | null>(fact));
      if (deviation !== null) deviations.push(deviation);
    }
    return deviations.length ? Math.max(...deviations) : null;
  });

  for (const rule of ruleSet.rules) {
    if (!rule.enabled) continue;
    const condition = toJreCondition(rule.condition, ruleSet);
    const conditions: TopLevelCondition = 'all' in condition || 'any' in condition || 'not' in condition ? condition as TopLevelCondition : { all: [condition] };
    const properties: RuleProperties = { name: rule.id, conditions, event: { type: rule.id } };
    engine.addRule(properties);
  }
  return engine;
}

// ── A learned-score stand-in ───────────────────────────────────────────────────────────────────────────────

/**
 * A logistic score over a few facts with per-feature contributions: the shape and cost of a linear model's
 * explanation. (The trained RiskModel reads the KCS dataset's columns, not these facts.)
 */
export const linearScorer: RiskScorer = (facts): RiskScore => {
  const typicalValue = 850;
  const values = facts.items.map((item) => item.unitValueCnyPerDryTonne).filter((value): value is number => value !== null);
  const lowestValue = values.length ? Math.min(...values) : typicalValue;
  const weighedDeviation = massDeviationPct(facts.declaredWetTonnes, facts.weighedWetTonnes) ?? 0;
  const preArrivalDeviation = massDeviationPct(facts.declaredWetTonnes, facts.preArrivalWetTonnes) ?? 0;
  const terms: [feature: string, description: string, value: string, contribution: number][] = [
    ['nonConformities', 'Earlier non-conforming lots', String(facts.importerNonConformityCount), 0.6 * facts.importerNonConformityCount],
    ['newImporter', 'Importer with few declarations', String(facts.importerDeclarationCount), facts.importerDeclarationCount < 5 ? 0.9 : -0.2],
    ['unitValueGap', 'Lowest unit value against typical', `${lowestValue.toFixed(0)} CNY/dmt`, ((typicalValue - lowestValue) / typicalValue) * 3],
    ['weighedDeviation', 'Weighed vs declared mass', `${weighedDeviation.toFixed(2)} %`, 0.4 * weighedDeviation],
    ['preArrivalDeviation', 'Pre-arrival vs declared mass', `${preArrivalDeviation.toFixed(2)} %`, 0.2 * preArrivalDeviation],
    ['transitOrigin', 'Origin other than Kazakhstan', facts.originCountryCode ?? '—', facts.originCountryCode === 'KZ' ? -0.3 : 0.7],
    ['road', 'Road transport', facts.transportModeCode ?? '—', facts.transportModeCode === 'ROAD' ? 0.3 : 0],
    ['dishonest', 'Importer credit class', facts.importerCreditClass, facts.importerCreditClass === 'DISHONEST' ? 1.5 : facts.importerCreditClass === 'ADVANCED_CERTIFIED' ? -1 : 0],
  ];
  const logit = -3 + terms.reduce((sum, term) => sum + term[3], 0);
  const factors: ScoreFactor[] = terms.map(([feature, description, value, contribution]) => ({ feature, code: feature, params: {}, description, value, contribution }));
  return { value: 1 / (1 + Math.exp(-logit)), factors, modelVersion: 'linear-stub' };
};

/**
 * The learned score Orelane runs live (src/modules/risk/model/orelane): gradient-boosted trees over the facts,
 * with every feature's contribution put into words. Trained here on synthetic outcomes (undervalued lots and
 * importers with past findings fail more often) so its trees have the shape a real model's have.
 */
function trainedModel(declarations: readonly DeclarationFacts[], seed: number): OrelaneRiskModel {
  const random = createSeededRandom(seed);
  const start = Date.UTC(2026, 3, 1);
  const allFacts = declarations.map((facts, index) => ({ facts, decidedAt: new Date(start + index * 60_000).toISOString() }));
  const examples = allFacts.map(({ facts, decidedAt }) => {
    const lowest = Math.min(...facts.items.map((item) => item.unitValueCnyPerDryTonne ?? Infinity));
    const p = 0.03 + (lowest < 500 ? 0.6 : 0) + (facts.importerNonConformityCount > 0 ? 0.3 : 0);
    return { declarationId: facts.declarationId, decidedAt, facts, label: random.next() < p ? 1 : 0, weight: 1 };
  });
  return trainOrelaneModel('orelane-bench.1', allFacts, examples).model;
}

// ── Measurement ────────────────────────────────────────────────────────────────────────────────────────────

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

function sameRules(orelane: string[], jre: string[]): boolean {
  if (orelane.length !== jre.length) return false;
  const sorted = [...jre].sort();
  return [...orelane].sort().every((id, index) => id === sorted[index]);
}

async function checkAgreement(compiled: CompiledRuleSet, engine: Engine, declarations: readonly DeclarationFacts[], jreFacts: readonly JreFacts[]): Promise<void> {
  for (let index = 0; index < declarations.length; index++) {
    const ours = compiled.evaluate(declarations[index]!).map((rule) => rule.id);
    const theirs = (await engine.run(jreFacts[index]!)).events.map((event) => event.type);
    if (!sameRules(ours, theirs)) {
      throw new Error(`engines disagree on declaration ${declarations[index]!.declarationId}: orelane [${ours.join(', ')}] vs json-rules-engine [${theirs.join(', ')}]`);
    }
  }
}

/** Seconds spent by each contender, measured chunk by chunk in turn so that both see the same machine load. */
async function interleavedSeconds(
  chunkCount: number,
  contenders: Record<string, (chunk: number) => void | Promise<void>>,
): Promise<Record<string, number>> {
  const totals: Record<string, number> = Object.fromEntries(Object.keys(contenders).map((name) => [name, 0]));
  for (let chunk = 0; chunk < chunkCount; chunk++) {
    for (const [name, run] of Object.entries(contenders)) {
      const started = performance.now();
      await run(chunk);
      totals[name]! += (performance.now() - started) / 1000;
    }
  }
  return totals;
}

export interface RiskEngineBenchOptions {
  declarations?: number;
  seed?: number;
}

export async function runRiskEngineBench(options: RiskEngineBenchOptions = {}): Promise<Figure[]> {
  const count = options.declarations ?? envInt('BENCH_RISK_DECLARATIONS', 20_000);
  const seed = options.seed ?? envInt('BENCH_RISK_SEED', 1);
  const ruleSet = sampleRuleSet();
  const enabledRules = ruleSet.rules.filter((rule) => rule.enabled).length;
  const compiled = compileRuleSet(ruleSet);
  const engine = buildJreEngine(ruleSet);
  const declarations = syntheticDeclarations(count, seed);
  const jreFacts = declarations.map(toJreFacts);
  note(`risk engine: ${enabledRules} enabled rules, ${count} synthetic declarations (seed ${seed})`);

  await checkAgreement(compiled, engine, declarations, jreFacts);
  const fired = declarations.reduce((sum, facts) => sum + compiled.evaluate(facts).length, 0);
  note(`both engines fire the same rules on every declaration (${(fired / count).toFixed(2)} rules per declaration on average)`);

  const model = trainedModel(declarations.slice(0, 5000), seed);
  note(`learned score: ${model.booster.trees.length} trees over ${model.encoder.featureNames.length} features, trained on 5,000 synthetic outcomes`);

  // The agreement pass warmed json-rules-engine; warm the decision path likewise, so neither pays for JIT inside the timed passes.
  for (const facts of declarations) decideLane(compiled, facts, linearScorer(facts));
  for (const facts of declarations) decideLane(compiled, facts, model.score(facts));

  const chunkSize = 500;
  const chunkCount = Math.ceil(count / chunkSize);
  const chunkOf = <T>(items: readonly T[], chunk: number) => items.slice(chunk * chunkSize, (chunk + 1) * chunkSize);
  let sink = 0;
  const seconds = await interleavedSeconds(chunkCount, {
    jre: async (chunk) => {
      for (const facts of chunkOf(jreFacts, chunk)) await engine.run(facts);
    },
    rules: (chunk) => {
      for (const facts of chunkOf(declarations, chunk)) sink += compiled.evaluate(facts).length;
    },
    decision: (chunk) => {
      for (const facts of chunkOf(declarations, chunk)) sink += decideLane(compiled, facts).randomSelection.draw;
    },
    scored: (chunk) => {
      for (const facts of chunkOf(declarations, chunk)) sink += decideLane(compiled, facts, linearScorer(facts)).randomSelection.draw;
    },
    model: (chunk) => {
      for (const facts of chunkOf(declarations, chunk)) sink += decideLane(compiled, facts, model.score(facts)).randomSelection.draw;
    },
  });
  const rate = (name: string) => count / seconds[name]!;
  const jreRate = rate('jre');

  const jreTimings = new Float64Array(count);
  for (let index = 0; index < count; index++) {
    const started = performance.now();
    await engine.run(jreFacts[index]!);
    jreTimings[index] = (performance.now() - started) * 1000;
  }
  const decisionTimings = new Float64Array(count);
  declarations.forEach((facts, index) => {
    const started = performance.now();
    sink += decideLane(compiled, facts, linearScorer(facts)).randomSelection.draw;
    decisionTimings[index] = (performance.now() - started) * 1000;
  });
  const modelTimings = new Float64Array(count);
  declarations.forEach((facts, index) => {
    const started = performance.now();
    sink += decideLane(compiled, facts, model.score(facts)).randomSelection.draw;
    modelTimings[index] = (performance.now() - started) * 1000;
  });
  if (Number.isNaN(sink)) throw new Error('unreachable: keeps the timed work observable');
  const jreSorted = sortedCopy(jreTimings);
  const decisionSorted = sortedCopy(decisionTimings);
  const modelSorted = sortedCopy(modelTimings);

  const figures = [
    report('risk_engine.rules_only.throughput', rate('rules'), 'decisions/s', jreRate),
    report('risk_engine.decision.throughput', rate('decision'), 'decisions/s', jreRate),
    report('risk_engine.decision_with_score.throughput', rate('scored'), 'decisions/s', jreRate),
    report('risk_engine.decision_with_score.latency.median', quantile(decisionSorted, 0.5), 'us', quantile(jreSorted, 0.5)),
    report('risk_engine.decision_with_score.latency.p99', quantile(decisionSorted, 0.99), 'us', quantile(jreSorted, 0.99)),
    report('risk_engine.decision_with_learned_model.throughput', rate('model'), 'decisions/s', jreRate),
    report('risk_engine.decision_with_learned_model.latency.median', quantile(modelSorted, 0.5), 'us', quantile(jreSorted, 0.5)),
    report('risk_engine.decision_with_learned_model.latency.p99', quantile(modelSorted, 0.99), 'us', quantile(jreSorted, 0.99)),
  ];
  const decisionRatio = figures[1]!.ratio;
  const medianUs = figures[3]!.value;
  const modelMedianUs = figures[6]!.value;
  note(`goal ≥ ${GOAL_RATIO}× json-rules-engine's rate: ${decisionRatio >= GOAL_RATIO ? 'met' : 'NOT met'} (${decisionRatio.toFixed(1)}× with draws)`);
  note(`goal median decision (rules + score) < ${GOAL_MEDIAN_US} µs: ${medianUs < GOAL_MEDIAN_US ? 'met' : 'NOT met'} (${medianUs.toFixed(1)} µs linear stand-in)`);
  note(`goal median decision (rules + learned model) < ${GOAL_MEDIAN_US} µs: ${modelMedianUs < GOAL_MEDIAN_US ? 'met' : 'NOT met'} (${modelMedianUs.toFixed(1)} µs)`);
  return figures;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runRiskEngineBench().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}
