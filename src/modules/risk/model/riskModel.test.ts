import { describe, expect, it } from 'vitest';
import { syntheticDeclarations } from './customs/syntheticDeclarations.fixture.js';
import { rocAuc } from './metrics.js';
import { RiskModel, trainRiskModel, type SerializedRiskModel } from './riskModel.js';

const QUICK = {
  params: {
    'identical-history': { numIterations: 40, learningRate: 0.15 },
    general: { numIterations: 40, learningRate: 0.1, minDataInLeaf: 30 },
  },
};

describe('RiskModel', () => {
  const train = syntheticDeclarations(1500, 11);
  const test = syntheticDeclarations(500, 12);
  const model = trainRiskModel(train.declarations, train.labels, QUICK);

  it('ranks held-out declarations by the planted fraud patterns', () => {
    // Label noise caps this sample: scoring by the planted rule itself gives an AUC of 0.84.
    expect(rocAuc(model.scoreDeclarations(test.declarations), test.labels)).toBeGreaterThan(0.8);
  });

  it('routes a declaration by whether its (Net Mass, Item Price) pair has history', () => {
    const known = train.declarations[0];
    expect(model.explainDeclaration(known).regime).toBe('identical-history');
    const novel = { ...known, netMass: 987654.3 };
    expect(model.explainDeclaration(novel).regime).toBe('general');
  });

  it('round-trips through JSON with the same version and identical scores', () => {
    const json = JSON.parse(JSON.stringify(model)) as SerializedRiskModel;
    expect(json.modelVersion).toBe(model.modelVersion);
    expect(json.features.map((feature) => feature.name)).toEqual(model.featureNames);
    const restored = RiskModel.fromJSON(json);
    expect(restored.modelVersion).toBe(model.modelVersion);
    expect(Array.from(restored.scoreDeclarations(test.declarations))).toEqual(
      Array.from(model.scoreDeclarations(test.declarations)),
    );
  });

  it('refuses a file whose content does not match its version hash', () => {
    const json = JSON.parse(JSON.stringify(model)) as SerializedRiskModel;
    json.boosters.general.trees[0].leafValue[0] += 1;
    expect(() => RiskModel.fromJSON(json)).toThrow(/corrupt/);
  });

  it('trains the same model from the same input', () => {
    const again = trainRiskModel(train.declarations, train.labels, QUICK);
    expect(again.modelVersion).toBe(model.modelVersion);
    const reseeded = trainRiskModel(train.declarations, train.labels, { ...QUICK, seed: 5 });
    expect(reseeded.modelVersion).not.toBe(model.modelVersion);
  });

  it('explains scores: all contributions sum to raw score minus base value', () => {
    for (const declaration of [...test.declarations.slice(0, 20), { ...test.declarations[0], netMass: 0.123 }]) {
      const explanation = model.explainDeclaration(declaration, Number.POSITIVE_INFINITY);
      const total = explanation.factors.reduce((sum, factor) => sum + factor.contribution, 0);
      expect(total).toBeCloseTo(explanation.rawScore - explanation.baseValue, 10);
      expect(explanation.score).toBeCloseTo(model.scoreDeclaration(declaration), 12);
      for (const factor of explanation.factors) expect(factor.description.length).toBeGreaterThan(5);
    }
    const top = model.explainDeclaration(test.declarations[0], 3).factors;
    expect(top).toHaveLength(3);
    expect(Math.abs(top[0].contribution)).toBeGreaterThanOrEqual(Math.abs(top[2].contribution));
  });

  it('scores an encoded feature vector the same as the declaration', () => {
    const declaration = test.declarations[3];
    expect(model.scoreFeatureVector(model.encodeDeclaration(declaration))).toBe(model.scoreDeclaration(declaration));
  });
});
