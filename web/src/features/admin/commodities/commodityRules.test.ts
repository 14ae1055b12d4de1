import { describe, expect, it } from 'vitest';
import type { Commodity } from '../../../api/types';
import { isPercent, latestVersion, versionStatus } from './commodityRules';

const version = (validFrom: string, validTo: string | null, code = '2601111000') => ({ code, validFrom, validTo }) as Commodity;

describe('commodity versions', () => {
  it('accepts percentages from 0 to 100 with 2 decimals', () => {
    expect(isPercent('13')).toBe(true);
    expect(isPercent('0.25')).toBe(true);
    expect(isPercent('100')).toBe(true);
    expect(isPercent('100.01')).toBe(false);
    expect(isPercent('1.234')).toBe(false);
    expect(isPercent('-1')).toBe(false);
  });

  it('finds the latest version of a code', () => {
    const versions = [version('2024-01-01', '2025-12-31'), version('2026-01-01', null), version('2027-01-01', null, '2601120000')];
    expect(latestVersion(versions, '2601111000')?.validFrom).toBe('2026-01-01');
    expect(latestVersion(versions, '9999999999')).toBeUndefined();
  });

  it('tells versions in force, ended and future apart', () => {
    expect(versionStatus(version('2024-01-01', '2025-12-31'), '2026-03-01')).toBe('ended');
    expect(versionStatus(version('2026-01-01', null), '2026-03-01')).toBe('inForce');
    expect(versionStatus(version('2026-04-01', null), '2026-03-01')).toBe('future');
  });
});
