import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { canonicalJson } from './audit.js';

/** The definition the one-pass canonicalJson replaced: what jsonb gives back (JSON round trip), keys sorted. */
function canonicalOfJsonRoundTrip(value: unknown): string {
  const sorted = (v: unknown): string => {
    if (v === null || typeof v !== 'object') return JSON.stringify(v);
    if (Array.isArray(v)) return `[${v.map(sorted).join(',')}]`;
    const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${sorted(x)}`).join(',')}}`;
  };
  return sorted(JSON.parse(JSON.stringify(value) ?? 'null'));
}

describe('canonicalJson', () => {
  it('sorts keys at every depth and writes no spaces', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: true, y: null }], c: 'x' } })).toBe('{"a":{"c":"x","d":[1,{"y":null,"z":true}]},"b":1}');
  });

  it('serialises what jsonb stores: toJSON applied, undefined left out of objects and null in arrays', () => {
    const at = new Date('2026-11-26T09:00:00.000Z');
    const value = { at, rate: new Decimal('7.1234'), gone: undefined, list: [undefined, () => 1, Number.NaN, -0, Infinity], nested: { f: () => 1 } };
    expect(canonicalJson(value)).toBe('{"at":"2026-11-26T09:00:00.000Z","list":[null,null,null,0,null],"nested":{},"rate":"7.1234"}');
    expect(canonicalJson(undefined)).toBe('null');
  });

  it('equals the canonical form of the value after a JSON round trip, for any JSON-like value with dates and decimals', () => {
    const leaf = fc.oneof(
      fc.constant(undefined),
      fc.double(),
      fc.date({ noInvalidDate: true }),
      fc.stringMatching(/^-?\d{1,6}(\.\d{1,4})?$/).map((digits) => new Decimal(digits)),
      fc.string({ unit: 'binary' }),
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.anything({ maxDepth: 2, withDate: true, withNullPrototype: true }), tie('array'), tie('object')),
      array: fc.array(tie('node'), { maxLength: 5 }),
      object: fc.dictionary(fc.string({ unit: 'binary' }), tie('node'), { maxKeys: 5 }),
    })).node;
    fc.assert(
      fc.property(value, (v) => {
        expect(canonicalJson(v)).toBe(canonicalOfJsonRoundTrip(v));
      }),
      { numRuns: 2000 },
    );
  });
});
