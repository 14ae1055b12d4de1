import { describe, expect, it } from 'vitest';
import { parsePastedEntries } from './riskListPaste';

describe('parsePastedEntries', () => {
  it('splits on line breaks, commas, semicolons and spaces, drops blanks and repeats, and sets aside listed values', () => {
    expect(parsePastedEntries('AF\nIR, KP;SY\t  \nAF，MM；CU、 KZ\r\n', ['KZ', 'CU'])).toEqual({ add: ['AF', 'IR', 'KP', 'SY', 'MM'], alreadyListed: ['CU', 'KZ'] });
    expect(parsePastedEntries(' \n ,, ', [])).toEqual({ add: [], alreadyListed: [] });
  });
});
