import { describe, expect, it } from 'vitest';
import {
  addChildCondition,
  changeGroupOperator,
  conditionAt,
  duplicateRule,
  fromPercent,
  makeLeaf,
  newRule,
  placeOfError,
  rateIssues,
  ruleProblems,
  removeCondition,
  replaceCondition,
  splitPath,
  toPercent,
  type Condition,
  type RuleDraft,
  type RuleField,
} from './ruleDraft';

const origin: RuleField = { name: 'originCountry', type: 'string', scope: 'declaration', values: null, unit: null, listKinds: ['COUNTRY'], operators: ['eq', 'in', 'inList'], descriptionZh: '', descriptionEn: '' };
const wet: RuleField = { name: 'declaredWetTonnes', type: 'number', scope: 'declaration', values: null, unit: 't', listKinds: [], operators: ['eq', 'between', 'gt'], descriptionZh: '', descriptionEn: '' };
const credit: RuleField = { name: 'creditClass', type: 'enum', scope: 'declaration', values: ['ADVANCED_CERTIFIED', 'GENERAL', 'DISHONEST'], unit: null, listKinds: [], operators: ['eq'], descriptionZh: '', descriptionEn: '' };
const placeholder: Condition = { op: 'isMissing', field: 'originCountry' };

const tree: Condition = {
  op: 'all',
  conditions: [
    { op: 'eq', field: 'creditClass', value: 'GENERAL' },
    { op: 'not', condition: { op: 'any', conditions: [{ op: 'inList', field: 'originCountry', list: 'watched' }, { op: 'gt', field: 'declaredWetTonnes', value: 100 }] } },
  ],
};

describe('condition tree edits', () => {
  it('finds nodes by child index, a not having one child', () => {
    expect(conditionAt(tree, [1, 0, 1])).toEqual({ op: 'gt', field: 'declaredWetTonnes', value: 100 });
    expect(conditionAt(tree, [5])).toBeUndefined();
  });

  it('replaces one node and shares the untouched ones', () => {
    const next = replaceCondition(tree, [1, 0, 0], () => ({ op: 'eq', field: 'originCountry', value: 'BR' }));
    expect(conditionAt(next, [1, 0, 0])).toEqual({ op: 'eq', field: 'originCountry', value: 'BR' });
    expect(conditionAt(next, [0])).toBe(conditionAt(tree, [0]));
    expect(conditionAt(tree, [1, 0, 0])).toEqual({ op: 'inList', field: 'originCountry', list: 'watched' });
  });

  it('adds children to all/any groups only', () => {
    const leaf: Condition = { op: 'isMissing', field: 'weighedWetTonnes' };
    expect(childrenCount(addChildCondition(tree, [1, 0], leaf), [1, 0])).toBe(3);
    expect(addChildCondition(tree, [0], leaf)).toEqual(tree);
  });

  it('removes nodes, keeps groups non-empty and drops a not with its child', () => {
    expect(childrenCount(removeCondition(tree, [1, 0, 0], placeholder), [1, 0])).toBe(1);
    const single: Condition = { op: 'all', conditions: [{ op: 'eq', field: 'creditClass', value: 'GENERAL' }] };
    expect(removeCondition(single, [0], placeholder)).toEqual({ op: 'all', conditions: [placeholder] });
    expect(removeCondition(tree, [1, 0], placeholder)).toEqual({ op: 'all', conditions: [tree.op === 'all' ? tree.conditions[0]! : placeholder] });
    expect(removeCondition(tree, [], placeholder)).toBe(tree);
  });

  it('switches group kinds keeping the children', () => {
    const group = conditionAt(tree, [1, 0])!;
    expect(changeGroupOperator(group, 'all')).toEqual({ op: 'all', conditions: childrenOfAny(group) });
    expect(changeGroupOperator({ op: 'all', conditions: [placeholder] }, 'not')).toEqual({ op: 'not', condition: placeholder });
    expect(changeGroupOperator({ op: 'not', condition: placeholder }, 'any')).toEqual({ op: 'any', conditions: [placeholder] });
  });
});

describe('makeLeaf', () => {
  it('types values by the field and keeps what still fits', () => {
    expect(makeLeaf(wet, 'eq')).toEqual({ op: 'eq', field: 'declaredWetTonnes', value: 0 });
    expect(makeLeaf(credit, 'eq')).toEqual({ op: 'eq', field: 'creditClass', value: 'ADVANCED_CERTIFIED' });
    expect(makeLeaf(origin, 'in', { op: 'eq', field: 'originCountry', value: 'BR' })).toEqual({ op: 'in', field: 'originCountry', values: ['BR'] });
    expect(makeLeaf(wet, 'in', { op: 'in', field: 'originCountry', values: ['BR'] })).toEqual({ op: 'in', field: 'declaredWetTonnes', values: [] });
    expect(makeLeaf(wet, 'between', { op: 'gt', field: 'declaredWetTonnes', value: 70 })).toEqual({ op: 'between', field: 'declaredWetTonnes', min: 70, max: 70 });
    expect(makeLeaf(origin, 'inList', { op: 'inList', field: 'departureCountry', list: 'x' })).toEqual({ op: 'inList', field: 'originCountry', list: 'x' });
  });
});

describe('rules', () => {
  it('gives new and duplicated rules unused ids', () => {
    expect(newRule(['rule-1']).id).toBe('rule-2');
    const rule = newRule([]);
    expect(duplicateRule(rule, [rule.id]).id).toBe('rule-1-copy');
    expect(duplicateRule(rule, [rule.id, 'rule-1-copy']).id).toBe('rule-1-copy-2');
    const copy = duplicateRule(rule, [rule.id]);
    copy.name.zh = 'changed';
    expect(rule.name.zh).toBe('');
  });
});

describe('placeOfError', () => {
  it('splits paths with indices and quoted keys', () => {
    expect(splitPath('definition.rules[3].condition.conditions[0].field')).toEqual(['definition', 'rules', 3, 'condition', 'conditions', 0, 'field']);
    expect(splitPath('a["x y"].b')).toEqual(['a', 'x y', 'b']);
  });

  it('places rule-set errors on the rule and the condition node', () => {
    expect(placeOfError('definition.rules[3].condition.conditions[0].field')).toEqual({ section: 'rule', ruleIndex: 3, key: 'condition', conditionPath: [0], conditionKey: 'field' });
    expect(placeOfError('definition.rules[0].condition.conditions[1].condition.conditions[2].list')).toEqual({ section: 'rule', ruleIndex: 0, key: 'condition', conditionPath: [1, 0, 2], conditionKey: 'list' });
    expect(placeOfError('definition.rules[2].condition')).toEqual({ section: 'rule', ruleIndex: 2, key: 'condition', conditionPath: [] });
    expect(placeOfError('definition.rules[1].name.en')).toEqual({ section: 'rule', ruleIndex: 1, key: 'name.en' });
    expect(placeOfError('definition.rules[1].action')).toEqual({ section: 'rule', ruleIndex: 1, key: 'action' });
    expect(placeOfError('definition.rules[1].id')).toEqual({ section: 'rule', ruleIndex: 1, key: 'id' });
  });

  it('places rule-test errors on the rule under test', () => {
    expect(placeOfError('rule.action.share')).toEqual({ section: 'rule', ruleIndex: -1, key: 'action.share' });
    expect(placeOfError('rule.condition.conditions[0].value')).toEqual({ section: 'rule', ruleIndex: -1, key: 'condition', conditionPath: [0], conditionKey: 'value' });
  });

  it('places bands, rates and thresholds, and everything else at the top', () => {
    expect(placeOfError('definition.valueBands[4].maxCnyPerDryTonne')).toEqual({ section: 'valueBand', index: 4, key: 'maxCnyPerDryTonne' });
    expect(placeOfError('definition.valueBands[4]')).toEqual({ section: 'valueBand', index: 4, key: null });
    expect(placeOfError('definition.rates.byCreditClass.ADVANCED_CERTIFIED')).toEqual({ section: 'rates', key: 'byCreditClass.ADVANCED_CERTIFIED' });
    expect(placeOfError('definition.scoreThresholds[0].lane')).toEqual({ section: 'scoreThreshold', index: 0, key: 'lane' });
    expect(placeOfError('definition.laneSeverity[0]')).toEqual({ section: 'other' });
    expect(placeOfError('comment')).toEqual({ section: 'other' });
  });
});

describe('rates', () => {
  it('checks the advanced ≤ 20 % of general and dishonest ≥ 80 % anchors exactly', () => {
    expect(rateIssues({ byCreditClass: { ADVANCED_CERTIFIED: 0.07, GENERAL: 0.35, DISHONEST: 0.8 } })).toEqual([]);
    expect(rateIssues({ byCreditClass: { ADVANCED_CERTIFIED: 0.0701, GENERAL: 0.35, DISHONEST: 0.79 } })).toEqual([
      { creditClass: 'ADVANCED_CERTIFIED', kind: 'advancedAboveShare', limit: 0.07 },
      { creditClass: 'DISHONEST', kind: 'dishonestBelowMinimum', limit: 0.8 },
    ]);
  });

  it('converts shares and percents without binary noise', () => {
    expect(toPercent(0.0725)).toBe(7.25);
    expect(fromPercent(7.25)).toBe(0.0725);
    expect(fromPercent(50)).toBe(0.5);
  });
});

function childrenOfAny(node: Condition): Condition[] {
  return node.op === 'all' || node.op === 'any' ? node.conditions : node.op === 'not' ? [node.condition] : [];
}
function childrenCount(root: Condition, path: number[]): number {
  return childrenOfAny(conditionAt(root, path)!).length;
}

describe('ruleProblems', () => {
  it('finds missing texts, bad ids, empty actions and unfinished leaves', () => {
    const rule = newRule([]);
    expect(ruleProblems(rule, [])).toEqual([
      { key: 'name.zh', code: 'required' },
      { key: 'name.en', code: 'required' },
      { key: 'description.zh', code: 'required' },
      { key: 'description.en', code: 'required' },
      { key: 'condition', conditionPath: [0], conditionKey: 'value', code: 'emptyValue' },
    ]);
    const complete: RuleDraft = {
      ...rule,
      id: 'bad id',
      name: { zh: '名', en: 'n' },
      description: { zh: '说明', en: 'd' },
      action: { share: 1, checks: [] },
      condition: { op: 'not', condition: { op: 'all', conditions: [{ op: 'inList', field: 'originCountry', list: '' }, { op: 'between', field: 'declaredWetTonnes', min: 9, max: 1 }] } },
    };
    expect(ruleProblems(complete, [])).toEqual([
      { key: 'id', code: 'idFormat' },
      { key: 'action', code: 'actionEmpty' },
      { key: 'condition', conditionPath: [0, 0], conditionKey: 'list', code: 'pickList' },
      { key: 'condition', conditionPath: [0, 1], conditionKey: 'max', code: 'minAboveMax' },
    ]);
    expect(ruleProblems({ ...complete, id: 'taken', action: { lane: 'DOCUMENT_CHECK', share: 0.5, checks: [] }, condition: { op: 'isMissing', field: 'weighedWetTonnes' } }, ['taken'])).toEqual([{ key: 'id', code: 'idTaken' }]);
  });
});
