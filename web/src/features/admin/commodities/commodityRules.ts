import type { Commodity } from '../../../api/types';
export { isPercent } from '../../../shared/decimal';

/** reference.schema.ts formats. */
export const COMMODITY_CODE = /^\d{10}$/;
export const ELEMENT_KEY = /^[a-z][A-Za-z0-9]{0,39}$/;
export const SUPERVISION_CONDITIONS = /^[0-9A-Z]{0,10}$/;
export const INSPECTION_CODE = /^[A-Z]{0,10}$/;
export const MAX_ELEMENTS = 40;

/** The newest version of a code (by start date): a new version must start after it. */
export function latestVersion(versions: readonly Commodity[], code: string): Commodity | undefined {
  return versions.filter((version) => version.code === code).sort((a, b) => b.validFrom.localeCompare(a.validFrom))[0];
}

export type VersionStatus = 'inForce' | 'future' | 'ended';

export function versionStatus(version: Pick<Commodity, 'validFrom' | 'validTo'>, today: string): VersionStatus {
  if (version.validFrom > today) return 'future';
  if (version.validTo !== null && version.validTo < today) return 'ended';
  return 'inForce';
}
