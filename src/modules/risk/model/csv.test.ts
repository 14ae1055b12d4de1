import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvRowsAsRecords, formatCsv, parseCsv } from './csv.js';

describe('parseCsv', () => {
  it('reads a plain file with empty cells and a trailing newline', () => {
    expect(parseCsv('a,b,c\n1,,3\n4,5,\n')).toEqual({
      header: ['a', 'b', 'c'],
      rows: [
        ['1', '', '3'],
        ['4', '5', ''],
      ],
    });
  });

  it('handles quoted fields, doubled quotes, embedded separators and CRLF', () => {
    const text = 'id,note\r\n1,"say ""hi"", then\r\nleave"\r\n"2",""\r\n';
    expect(parseCsv(text).rows).toEqual([
      ['1', 'say "hi", then\r\nleave'],
      ['2', ''],
    ]);
  });

  it('strips a byte-order mark and rejects an unterminated quote', () => {
    expect(parseCsv('\uFEFFx\n1').header).toEqual(['x']);
    expect(() => parseCsv('x\n"open')).toThrow(/quoted field/);
  });

  it('maps rows by header name so column order does not matter', () => {
    const records = csvRowsAsRecords(parseCsv('b,a\n2,1\n'));
    expect(records).toEqual([{ a: '1', b: '2' }]);
    expect(() => csvRowsAsRecords(parseCsv('a,b\n1\n'))).toThrow(/row 2 has 1 fields/);
  });

  it('round-trips whatever formatCsv writes', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r', ' ', '1') });
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 2 }), { maxLength: 6 }), (rows) => {
        const text = formatCsv(['x', 'y'], rows);
        expect(parseCsv(text)).toEqual({ header: ['x', 'y'], rows });
      }),
    );
  });
});
