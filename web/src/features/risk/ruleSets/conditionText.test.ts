import { describe, expect, it } from 'vitest';
import { conditionText } from './conditionText';

describe('conditionText', () => {
  it('renders nested conditions', () => {
    expect(
      conditionText({ op: 'all', conditions: [{ op: 'eq', field: 'creditClass', value: 'C' }, { op: 'not', condition: { op: 'inList', field: 'shipper', list: 'watch' } }] }),
    ).toBe('(creditClass = "C" AND NOT shipper ∈ list watch)');
    expect(conditionText({ op: 'between', field: 'moisture', min: 1, max: 9 })).toBe('1 ≤ moisture ≤ 9');
  });
});
