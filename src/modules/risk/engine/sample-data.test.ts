import { describe, expect, it } from 'vitest';
import { compileRuleSet } from './compile.js';
import { CONDITION_OPERATORS, validateRuleSet, type Condition } from './rule-schema.js';
import { sampleRuleSet, syntheticDeclarations } from './sample-data.js';

function operatorsIn(condition: Condition, into: Set<string>): Set<string> {
  into.add(condition.op);
  if (condition.op === 'all' || condition.op === 'any') for (const child of condition.conditions) operatorsIn(child, into);
  if (condition.op === 'not') operatorsIn(condition.condition, into);
  return into;
}

describe('sample Horgos rule set', () => {
  const ruleSet = sampleRuleSet();

  it('is valid, has at least 50 enabled rules and uses every operator and list', () => {
    expect(validateRuleSet(ruleSet)).toMatchObject({ ok: true });
    expect(ruleSet.rules.filter((rule) => rule.enabled).length).toBeGreaterThanOrEqual(50);
    const used = new Set<string>();
    for (const rule of ruleSet.rules) operatorsIn(rule.condition, used);
    expect([...used].sort()).toEqual([...CONDITION_OPERATORS].sort());
    const listsUsed = new Set(JSON.stringify(ruleSet.rules).match(/"list":"[^"]+"/g)!.map((match) => match.slice(8, -1)));
    expect([...listsUsed].sort()).toEqual(Object.keys(ruleSet.lists).sort());
  });

  it('fires most of its rules on synthetic Horgos traffic', () => {
    const compiled = compileRuleSet(ruleSet);
    const fired = new Set<string>();
    for (const facts of syntheticDeclarations(5_000, 2)) for (const rule of compiled.evaluate(facts)) fired.add(rule.id);
    expect(fired.size).toBeGreaterThanOrEqual(45);
  });
});

describe('syntheticDeclarations', () => {
  it('gives the same declarations for the same seed and others for another', () => {
    expect(syntheticDeclarations(50, 9)).toEqual(syntheticDeclarations(50, 9));
    expect(syntheticDeclarations(50, 9)[0]!.declarationId).not.toBe(syntheticDeclarations(50, 10)[0]!.declarationId);
  });

  it('fails screening at the requested rate only', () => {
    const failed = (rate: number) => syntheticDeclarations(2_000, 4, { screeningFailureRate: rate })
      .filter((facts) => Object.values(facts.screening).some((value) => value === 'ALARM' || value === 'SUSPECTED' || value === 'MISMATCH' || value === 'FOUND')).length;
    expect(failed(0)).toBe(0);
    expect(failed(0.05)).toBeGreaterThan(100);
  });
});
