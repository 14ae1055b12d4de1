import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { reproducibleDraw } from '../lane-decider.js';
import { baseFacts, emptyRuleSet, factsArbitrary, failedScreeningFactsArbitrary, rule, ruleSetArbitrary } from './arbitraries.test-support.js';
import { compileRuleSet } from './compile.js';
import { createRiskEngine, decideLane, toLaneDecision, type RiskScore } from './decide.js';
import { drawFromSeed, drawPairFromSeed } from './draws.js';
import type { DeclarationFacts } from './facts.js';
import type { Condition, RuleSet } from './rule-schema.js';
import { sampleRuleSet, syntheticDeclarations } from './sample-data.js';

const always: Condition = { op: 'gte', field: 'importerDeclarationCount', value: 0 };
const score = (value: number, factorCount = 0): RiskScore => ({
  value,
  factors: Array.from({ length: factorCount }, (_, index) => ({ feature: `f${index}`, code: `F${index}`, params: { index }, description: `Factor ${index}`, value: String(index), contribution: (index % 2 ? -1 : 1) * index })),
  modelVersion: 'model-1',
});
const scoreArbitrary = fc.option(fc.double({ min: 0, max: 1, noNaN: true }).map((value) => score(value, 3)), { nil: undefined });
const decide = (ruleSet: RuleSet, facts: DeclarationFacts, riskScore?: RiskScore) => decideLane(compileRuleSet(ruleSet), facts, riskScore);

describe('decideLane precedence', () => {
  it('releases when nothing selects the declaration, and says so', () => {
    const decision = decide(emptyRuleSet(), baseFacts());
    expect(decision.lane).toBe('RELEASE');
    expect(decision.reasons).toEqual([{ code: 'NOT_SELECTED', params: { lane: 'RELEASE', rate: 0, draw: decision.randomSelection.draw, categoryCode: null, creditClass: 'GENERAL' } }]);
    expect(decision.checks).toEqual([]);
  });

  it('takes the most severe selected rule lane, in the rule set’s severity order', () => {
    const rules = [rule('TO-RTI', always, { lane: 'RELEASE_THEN_INSPECT' }), rule('TO-DOC', always, { lane: 'DOCUMENT_CHECK' })];
    const standard = decide(emptyRuleSet({ rules }), baseFacts());
    expect(standard.lane).toBe('DOCUMENT_CHECK');
    expect(standard.reasons.map((reason) => reason.code === 'RULE' && reason.params.ruleId)).toEqual(['TO-DOC', 'TO-RTI']);
    const swapped = decide(emptyRuleSet({ rules, laneSeverity: ['RELEASE', 'DOCUMENT_CHECK', 'RELEASE_THEN_INSPECT', 'INSPECT_BEFORE_RELEASE'] }), baseFacts());
    expect(swapped.lane).toBe('RELEASE_THEN_INSPECT');
  });

  it('applies a rule only when its draw falls under its share, and records every fired rule', () => {
    const decision = decide(emptyRuleSet({ rules: [rule('NEVER', always, { lane: 'INSPECT_BEFORE_RELEASE', share: 0 })] }), baseFacts());
    expect(decision.lane).toBe('RELEASE');
    expect(decision.firedRules).toEqual([expect.objectContaining({ ruleId: 'NEVER', share: 0, selected: false })]);
    expect(decision.firedRules[0]!.draw).toBe(reproducibleDraw(`${baseFacts().declarationId}:test-1:NEVER`));
  });

  it('unions the checks of selected rules; a checks-only rule leaves the lane alone and is listed last', () => {
    const rules = [
      rule('CHECKS', always, { lane: undefined, checks: ['SOLID_WASTE', 'RADIOACTIVITY'] }),
      rule('DOC', always, { lane: 'DOCUMENT_CHECK', checks: ['DOCUMENT_REVIEW', 'SOLID_WASTE'] }),
    ];
    const decision = decide(emptyRuleSet({ rules }), baseFacts());
    expect(decision.lane).toBe('DOCUMENT_CHECK');
    expect(decision.checks).toEqual(['RADIOACTIVITY', 'SOLID_WASTE', 'DOCUMENT_REVIEW']);
    expect(decision.reasons.map((reason) => reason.params.lane)).toEqual(['DOCUMENT_CHECK', null]);
  });

  it('selects at the minimum random rate and by exploration, to the selection lane', () => {
    const base = emptyRuleSet();
    const random = decide({ ...base, rates: { ...base.rates, byCreditClass: { ADVANCED_CERTIFIED: 0.2, GENERAL: 1, DISHONEST: 1 }, selectionLane: 'RELEASE_THEN_INSPECT' } }, baseFacts());
    expect(random.lane).toBe('RELEASE_THEN_INSPECT');
    expect(random.reasons).toEqual([{ code: 'RANDOM_SELECTION', params: { lane: 'RELEASE_THEN_INSPECT', rate: 1, draw: random.randomSelection.draw, categoryCode: null, creditClass: 'GENERAL' } }]);
    const exploration = decide({ ...base, rates: { ...base.rates, explorationShare: 1 } }, baseFacts());
    expect(exploration.lane).toBe('INSPECT_BEFORE_RELEASE');
    expect(exploration.reasons).toEqual([{ code: 'EXPLORATION', params: { lane: 'INSPECT_BEFORE_RELEASE', share: 1, draw: exploration.exploration.draw } }]);
  });

  it('raises the lane from the score thresholds, but a low score never lowers a rule’s lane', () => {
    const ruleSet = emptyRuleSet({
      rules: [rule('DOC', always, { lane: 'DOCUMENT_CHECK' })],
      scoreThresholds: [{ minScore: 0.6, lane: 'RELEASE_THEN_INSPECT' }, { minScore: 0.9, lane: 'INSPECT_BEFORE_RELEASE' }],
    });
    expect(decide(ruleSet, baseFacts(), score(0.1)).lane).toBe('DOCUMENT_CHECK');
    expect(decide(ruleSet, baseFacts(), score(0.7)).lane).toBe('DOCUMENT_CHECK');
    const high = decide(ruleSet, baseFacts(), score(0.95, 7));
    expect(high.lane).toBe('INSPECT_BEFORE_RELEASE');
    expect(high.reasons[0]).toMatchObject({ code: 'SCORE', params: { lane: 'INSPECT_BEFORE_RELEASE', score: 0.95, minScore: 0.9, modelVersion: 'model-1' } });
    expect(high.score?.topFactors.map((factor) => factor.feature)).toEqual(['f6', 'f5', 'f4', 'f3', 'f2']);
    expect(decide(ruleSet, baseFacts(), score(0.5)).score).toMatchObject({ value: 0.5, lane: null, minScore: null });
  });

  it('refuses a score outside [0, 1]', () => {
    expect(() => decide(emptyRuleSet(), baseFacts(), score(Number.NaN))).toThrow(RangeError);
    expect(() => decide(emptyRuleSet(), baseFacts(), score(1.01))).toThrow(RangeError);
  });

  it('sends a failed screening to inspection before release whatever else says, first among the reasons', () => {
    const ruleSet = emptyRuleSet({ rules: [rule('RTI', always, { lane: 'RELEASE_THEN_INSPECT' })] });
    const facts = baseFacts({ screening: { radiation: 'ALARM', solidWaste: 'CLEAR', documentsMatch: 'MISMATCH', foreignInclusions: 'FOUND' } });
    const decision = decide(ruleSet, facts, score(0));
    expect(decision.lane).toBe('INSPECT_BEFORE_RELEASE');
    expect(decision.reasons[0]).toEqual({ code: 'SAFETY_FLOOR', params: { lane: 'INSPECT_BEFORE_RELEASE', failures: ['RADIATION_ALARM', 'DOCUMENTS_MISMATCH', 'FOREIGN_INCLUSIONS_FOUND'] } });
    expect(decision.checks).toEqual(['RADIOACTIVITY', 'DOCUMENT_REVIEW']);
    expect(decision.safetyFloor).toEqual({ applied: true, failures: ['RADIATION_ALARM', 'DOCUMENTS_MISMATCH', 'FOREIGN_INCLUSIONS_FOUND'] });
    // A passed screening changes nothing.
    const passed = decide(ruleSet, baseFacts({ screening: { radiation: 'PASS', solidWaste: 'CLEAR', documentsMatch: 'MATCH', foreignInclusions: 'NONE' } }));
    expect(passed.lane).toBe('RELEASE_THEN_INSPECT');
    expect(passed.safetyFloor.applied).toBe(false);
  });

  it('reports lines outside their value band', () => {
    const decision = decide(emptyRuleSet(), baseFacts({ items: [{ commodityCode: '2601111000', categoryCode: 'IRON_CONCENTRATE', unitValueCnyPerDryTonne: 950 }] }));
    expect(decision.valueBandBreaches).toEqual([expect.objectContaining({ lineIndex: 0, unitValueCnyPerDryTonne: 950, maxCnyPerDryTonne: 900 })]);
  });
});

describe('properties', () => {
  it('never releases a declaration with a failed screening before inspection, for any rule set and score', () => {
    fc.assert(
      fc.property(ruleSetArbitrary, failedScreeningFactsArbitrary, scoreArbitrary, (ruleSet, facts, riskScore) => {
        const decision = decide(ruleSet, facts, riskScore);
        expect(decision.lane).toBe('INSPECT_BEFORE_RELEASE');
        expect(decision.reasons[0]!.code).toBe('SAFETY_FLOOR');
        expect(toLaneDecision(decision).lane).toBe('INSPECT_BEFORE_RELEASE');
      }),
      { numRuns: 500 },
    );
  });

  it('replays exactly: the same facts under the same stored rule set give the same decision', () => {
    fc.assert(
      fc.property(ruleSetArbitrary, factsArbitrary, scoreArbitrary, (ruleSet, facts, riskScore) => {
        const first = decide(ruleSet, facts, riskScore);
        // As after a round trip through the database: a fresh compile of the stored JSON and a copy of the facts.
        const replayed = decide(JSON.parse(JSON.stringify(ruleSet)) as RuleSet, structuredClone(facts), riskScore && structuredClone(riskScore));
        expect(replayed).toEqual(first);
      }),
      { numRuns: 300 },
    );
  });

  it('draws each fired rule from reproducibleDraw(declaration:version:rule)', () => {
    fc.assert(
      fc.property(ruleSetArbitrary, factsArbitrary, (ruleSet, facts) => {
        for (const fired of decide(ruleSet, facts).firedRules) {
          expect(fired.draw).toBe(reproducibleDraw(`${facts.declarationId}:${ruleSet.version}:${fired.ruleId}`));
          expect(fired.selected).toBe(fired.draw < fired.share);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('the engine’s draws equal the foundation’s reproducibleDraw bit for bit', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (seed) => {
        expect(drawFromSeed(seed)).toBe(reproducibleDraw(seed));
        const [first, second] = drawPairFromSeed(seed);
        expect(first).toBe(reproducibleDraw(seed));
        expect(second).toBeGreaterThanOrEqual(0);
        expect(second).toBeLessThan(1);
      }),
      { numRuns: 1000 },
    );
  });

  it('another rule-set version draws anew', () => {
    const ruleSet = emptyRuleSet({ rules: [rule('R', always, { share: 0.5 })] });
    const draws = (version: string) => syntheticDeclarations(200, 3).map((facts) => decide({ ...ruleSet, version }, facts).firedRules[0]!.draw);
    const [a, b] = [draws('v1'), draws('v2')];
    expect(a.filter((draw, index) => draw === b[index])).toEqual([]);
  });
});

describe('rates converge to their configured values (20 000 synthetic declarations)', () => {
  const declarations = syntheticDeclarations(20_000, 11, { screeningFailureRate: 0 });
  /** |observed − expected| within 4 standard errors of a binomial proportion. */
  const expectNear = (selected: number, n: number, rate: number) => {
    const bound = 4 * Math.sqrt((rate * (1 - rate)) / n) + 1e-12;
    expect(Math.abs(selected / n - rate), `observed ${selected}/${n} against ${rate}`).toBeLessThanOrEqual(bound);
  };

  it('selects each category × credit class at its minimum random rate, and explores at the exploration share', () => {
    const sample = sampleRuleSet();
    const compiled = compileRuleSet({ ...sample, rules: [], scoreThresholds: [] });
    const byRate = new Map<number, { n: number; selected: number }>();
    let explored = 0;
    let selectedAtAll = 0;
    let expectedAtAll = 0;
    for (const facts of declarations) {
      const decision = decideLane(compiled, facts);
      const group = byRate.get(decision.randomSelection.rate) ?? { n: 0, selected: 0 };
      group.n++;
      if (decision.randomSelection.selected) group.selected++;
      byRate.set(decision.randomSelection.rate, group);
      if (decision.exploration.selected) explored++;
      if (decision.lane !== 'RELEASE') selectedAtAll++;
      expectedAtAll += 1 - (1 - decision.randomSelection.rate) * (1 - sample.rates.explorationShare);
    }
    // Every configured rate that synthetic traffic reaches: class floors and category rates per credit class.
    expect([...byRate.keys()].sort()).toEqual([0.005, 0.01, 0.016, 0.03, 0.04, 0.05, 0.08, 0.2, 0.85, 1].sort());
    for (const [rate, group] of byRate) if (group.n >= 100) expectNear(group.selected, group.n, rate);
    expectNear(explored, declarations.length, sample.rates.explorationShare);
    const mean = expectedAtAll / declarations.length;
    expectNear(selectedAtAll, declarations.length, mean);
  });

  it('keeps advanced certified enterprises under 20 % of the general inspection rate in practice', () => {
    const sample = sampleRuleSet();
    const compiled = compileRuleSet({ ...sample, rules: [], scoreThresholds: [], rates: { ...sample.rates, explorationShare: 0 } });
    const counts = { ADVANCED_CERTIFIED: { n: 0, selected: 0 }, GENERAL: { n: 0, selected: 0 } };
    // The same declarations once per class, so both classes see the same category mix.
    for (const facts of declarations) {
      for (const creditClass of ['ADVANCED_CERTIFIED', 'GENERAL'] as const) {
        const decision = decideLane(compiled, { ...facts, importerCreditClass: creditClass });
        counts[creditClass].n++;
        if (decision.randomSelection.selected) counts[creditClass].selected++;
      }
    }
    const advanced = counts.ADVANCED_CERTIFIED.selected / counts.ADVANCED_CERTIFIED.n;
    const general = counts.GENERAL.selected / counts.GENERAL.n;
    expect(general).toBeGreaterThan(0.04);
    // Both classes see the same draws, so the ratio is the ratio of the rates up to rounding, not sampling noise.
    expect(advanced).toBeLessThanOrEqual(0.2 * general * 1.05);
  });

  it('applies each rule to its configured share of the declarations it fires on', () => {
    const compiled = compileRuleSet(sampleRuleSet());
    const hits = new Map<string, { share: number; n: number; selected: number }>();
    for (const facts of declarations) {
      for (const fired of decideLane(compiled, facts).firedRules) {
        const entry = hits.get(fired.ruleId) ?? { share: fired.share, n: 0, selected: 0 };
        entry.n++;
        if (fired.selected) entry.selected++;
        hits.set(fired.ruleId, entry);
      }
    }
    const partial = [...hits.values()].filter((entry) => entry.share > 0 && entry.share < 1 && entry.n >= 200);
    expect(partial.length).toBeGreaterThanOrEqual(10);
    for (const entry of partial) expectNear(entry.selected, entry.n, entry.share);
  });

  it('a rule’s draws are independent of the random-rate draw', () => {
    const ruleSet = emptyRuleSet({ rules: [rule('HALF', always, { share: 0.5 })] });
    const base = emptyRuleSet();
    const compiled = compileRuleSet({ ...ruleSet, rates: { ...base.rates, byCreditClass: { ADVANCED_CERTIFIED: 0.1, GENERAL: 0.5, DISHONEST: 0.8 } } });
    let both = 0;
    const general = declarations.map((facts) => ({ ...facts, importerCreditClass: 'GENERAL' as const, screening: baseFacts().screening }));
    for (const facts of general) {
      const decision = decideLane(compiled, facts);
      if (decision.firedRules[0]!.selected && decision.randomSelection.selected) both++;
    }
    expectNear(both, general.length, 0.25);
  });
});

describe('integration helpers', () => {
  it('createRiskEngine scores with the given scorer', () => {
    const ruleSet = emptyRuleSet({ scoreThresholds: [{ minScore: 0.5, lane: 'DOCUMENT_CHECK' }] });
    const engine = createRiskEngine(compileRuleSet(ruleSet), (facts) => score(facts.importerNonConformityCount > 0 ? 0.8 : 0.1));
    expect(engine.decide(baseFacts({ importerNonConformityCount: 2 })).lane).toBe('DOCUMENT_CHECK');
    expect(engine.decide(baseFacts()).lane).toBe('RELEASE');
    expect(engine.ruleSetVersion).toBe('test-1');
  });

  it('toLaneDecision names the rule set and model, and keeps the random draw', () => {
    const decision = decide(emptyRuleSet(), baseFacts(), score(0.2));
    expect(toLaneDecision(decision)).toEqual({
      lane: 'RELEASE',
      engine: 'risk-engine/1;rules=test-1;model=model-1',
      randomDraw: decision.randomSelection.draw,
      reasons: decision.reasons,
    });
    expect(toLaneDecision(decide(emptyRuleSet(), baseFacts())).engine).toBe('risk-engine/1;rules=test-1');
  });
});
