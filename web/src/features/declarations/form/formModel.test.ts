import { describe, expect, it } from 'vitest';
import dayjs from 'dayjs';
import { fieldNameForPath, formatProblems, splitLines, toDraft } from './formModel';

describe('fieldNameForPath', () => {
  it('maps item paths onto Form.List fields', () => {
    expect(fieldNameForPath('items.0.wetTonnes')).toEqual(['items', 0, 'wetTonnes']);
    expect(fieldNameForPath('items.2.declarationElements.feGrade')).toEqual(['items', 2, 'declarationElements', 'feGrade']);
  });
  it('maps header paths and list entries to their field', () => {
    expect(fieldNameForPath('arrivalDate')).toEqual(['arrivalDate']);
    expect(fieldNameForPath('wagonNumbers.3')).toEqual(['wagonNumbers']);
  });
  it('leaves paths without a single field to the summary', () => {
    expect(fieldNameForPath('items')).toBeNull();
    expect(fieldNameForPath('somethingElse')).toBeNull();
    expect(fieldNameForPath('items.0.lineNo')).toBeNull();
  });
});

describe('toDraft', () => {
  it('trims, nulls empty inputs, splits wagon lines and formats the date', () => {
    const draft = toDraft({
      trainNumber: ' X8017 ',
      contractNumber: '',
      wagonNumbers: '61234567\n 61234568 \n\n',
      arrivalDate: dayjs('2026-03-05'),
      items: [{ commodityCode: '2601111000', wetTonnes: '3000.5', declarationElements: { feGrade: ' 62 ', empty: '' } }],
    });
    expect(draft.trainNumber).toBe('X8017');
    expect(draft.contractNumber).toBeNull();
    expect(draft.wagonNumbers).toEqual(['61234567', '61234568']);
    expect(draft.arrivalDate).toBe('2026-03-05');
    expect(draft.items?.[0]).toMatchObject({ commodityCode: '2601111000', wetTonnes: '3000.5', moisturePct: null, declarationElements: { feGrade: '62' } });
  });
});

describe('formatProblems', () => {
  it('flags values the draft schema would refuse', () => {
    expect(formatProblems({ freight: '12.345', items: [{ wetTonnes: '1.2345', moisturePct: '8.5', unitPrice: 'abc', commodityCode: '2601' }] })).toEqual([
      'freight',
      'items.0.commodityCode',
      'items.0.wetTonnes',
      'items.0.unitPrice',
    ]);
    expect(formatProblems({ freight: '12.34', items: [{ wetTonnes: '3000.125' }] })).toEqual([]);
  });
  it('splits lists on newlines and commas', () => {
    expect(splitLines('a, b；c\nd')).toEqual(['a', 'b', 'c', 'd']);
  });
});
