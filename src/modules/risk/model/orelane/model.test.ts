import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../random.js';
import { syntheticDeclarations } from '../../engine/sample-data.js';
import type { DeclarationFacts } from '../../engine/facts.js';
import { OrelaneRiskModel, trainOrelaneModel, type TrainingExample } from './model.js';

/**
 * Synthetic Horgos traffic where undervalued lots and importers with past findings are non-conforming far more
 * often: the model must rank them first on a later, held-out slice, and explain a score with those factors.
 */
function history(count: number, seed: number) {
  const random = createSeededRandom(seed);
  const facts = syntheticDeclarations(count, seed);
  const start = Date.UTC(2026, 3, 1);
  const allFacts = facts.map((f, i) => ({ facts: f, decidedAt: new Date(start + i * 3_600_000).toISOString() }));
  const examples: TrainingExample[] = allFacts.map(({ facts: f, decidedAt }) => {
    const lowest = Math.min(...f.items.map((item) => item.unitValueCnyPerDryTonne ?? Infinity));
    const undervalued = lowest < 500;
    const p = 0.03 + (undervalued ? 0.6 : 0) + (f.importerNonConformityCount > 0 ? 0.3 : 0);
    return { declarationId: f.declarationId, decidedAt, facts: f, label: random.next() < p ? 1 : 0, weight: 1 };
  });
  return { allFacts, examples };
}

describe('Orelane risk model', () => {
  const { allFacts, examples } = history(1500, 11);
  const trained = trainOrelaneModel('orelane-2026-11-26.1', allFacts, examples);

  it('ranks a later held-out slice well above chance and reports precision at k', () => {
    expect(trained.metrics.heldOutRows).toBe(450);
    expect(trained.metrics.auc).toBeGreaterThan(0.75);
    const top = trained.metrics.precisionAtK[0]!;
    expect(top).toMatchObject({ rate: 0.1, k: 45 });
    expect(top.precision!).toBeGreaterThan(trained.metrics.heldOutPositives / trained.metrics.heldOutRows);
  });

  it('scores in [0, 1] with signed factors whose biggest reason for a risky lot is its value', () => {
    const risky: DeclarationFacts = { ...examples[0]!.facts, importerNonConformityCount: 0, items: [{ commodityCode: '2601111000', categoryCode: 'IRON_CONCENTRATE', unitValueCnyPerDryTonne: 300 }] };
    const plain: DeclarationFacts = { ...risky, items: [{ commodityCode: '2601111000', categoryCode: 'IRON_CONCENTRATE', unitValueCnyPerDryTonne: 830 }] };
    const high = trained.model.score(risky);
    const low = trained.model.score(plain);
    expect(high.value).toBeGreaterThan(low.value);
    expect(high.value).toBeGreaterThanOrEqual(0);
    expect(high.value).toBeLessThanOrEqual(1);
    expect(high.modelVersion).toBe('orelane-2026-11-26.1');
    const top = [...high.factors].sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution))[0]!;
    expect(top).toMatchObject({ feature: 'unit_value_ratio', code: 'UNIT_VALUE_BELOW_TYPICAL' });
    expect(top.contribution).toBeGreaterThan(0);
  });

  it('reloads from JSON to the same scores, and weights examples (a heavier positive raises the base score)', () => {
    const copy = OrelaneRiskModel.fromJSON(trained.model.version, JSON.parse(JSON.stringify(trained.model.toJSON())));
    for (const { facts } of examples.slice(0, 50)) expect(copy.score(facts)).toEqual(trained.model.score(facts));
    const heavy = examples.map((e) => ({ ...e, weight: e.label ? 5 : 1 }));
    const weighted = trainOrelaneModel('w', allFacts, heavy);
    expect(weighted.model.booster.initScore).toBeGreaterThan(trained.model.booster.initScore);
  });

  it('refuses to train without examples', () => {
    expect(() => trainOrelaneModel('empty', allFacts, [])).toThrow(/no inspected declaration/);
  });
});
