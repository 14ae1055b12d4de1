import { describe, expect, it } from 'vitest';
import { parseTimestamp } from './format';

describe('parseTimestamp', () => {
  it('reads PostgreSQL text and ISO 8601 alike', () => {
    const fromPg = parseTimestamp('2026-03-18 04:15:00+00');
    const fromIso = parseTimestamp('2026-03-18T04:15:00Z');
    expect(fromPg.isValid()).toBe(true);
    expect(fromPg.valueOf()).toBe(fromIso.valueOf());
    expect(parseTimestamp('2026-11-25 20:49:10.654394+00').valueOf()).toBe(Date.parse('2026-11-25T20:49:10.654Z'));
    expect(parseTimestamp('2026-03-18 12:15:00+08').valueOf()).toBe(fromIso.valueOf());
  });
});
