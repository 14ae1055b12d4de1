import { describe, expect, it } from 'vitest';
import { checkCharacterOf, usccFormatProblem } from './enterpriseRules';

describe('enterprise codes', () => {
  it('checks the format of a unified social credit code', () => {
    expect(usccFormatProblem('91654004MA7AEU2G3Q')).toBeNull();
    expect(usccFormatProblem('91654004MA7AEU2G3')).toBe('length');
    expect(usccFormatProblem('91654004MA7AEU2GOQ')).toBe('charset');
    expect(usccFormatProblem('9165A004MA7AEU2G3Q')).toBe('division');
  });

  it("reads the server's check-character message", () => {
    const error = { path: 'usccCode', code: 'CHECK_CHARACTER', message: 'check character is wrong: the 18th character should be "Q", not "A" (GB 32100-2015)' };
    expect(checkCharacterOf(error)).toEqual({ expected: 'Q', actual: 'A' });
    expect(checkCharacterOf({ ...error, code: 'LENGTH' })).toBeNull();
  });
});
