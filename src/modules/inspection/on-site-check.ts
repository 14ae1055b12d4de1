import { Decimal } from '../../core/decimal.js';

export const HARD_FINDINGS = ['RADIOACTIVITY_OVER_THRESHOLD', 'SOLID_WASTE_SUSPECTED', 'FOREIGN_MATTER_FOUND', 'SEAL_BROKEN', 'MASS_DEVIATION'] as const;
export type Finding = (typeof HARD_FINDINGS)[number];

export interface OnSiteCheckInput {
  sealIntact: boolean;
  doseRateUsvH: string;
  solidWasteSuspected: boolean;
  foreignMatterFound: boolean;
  weighedTonnes: string;
}

export interface InspectionThresholds {
  /** Gamma dose rate at the wagon/truck surface above which the lot fails (µSv/h). */
  doseRateThresholdUsvH: string;
  /** Largest accepted |weighed − declared| as % of the declared wet mass. */
  massTolerancePct: string;
}

export interface OnSiteAssessment {
  findings: Finding[];
  massDeviationPct: string;
}

/**
 * What the on-site check found, against the thresholds in force. Any finding means the lot does not
 * match a clean release (GACC Announcement 2018 No. 134: radioactivity, solid waste, foreign inclusions,
 * goods not matching the documents), so it cannot be passed.
 */
export function assessOnSiteCheck(input: OnSiteCheckInput, thresholds: InspectionThresholds, declaredWetTonnes: string): OnSiteAssessment {
  const findings: Finding[] = [];
  if (new Decimal(input.doseRateUsvH).greaterThan(thresholds.doseRateThresholdUsvH)) findings.push('RADIOACTIVITY_OVER_THRESHOLD');
  if (input.solidWasteSuspected) findings.push('SOLID_WASTE_SUSPECTED');
  if (input.foreignMatterFound) findings.push('FOREIGN_MATTER_FOUND');
  if (!input.sealIntact) findings.push('SEAL_BROKEN');
  const declared = new Decimal(declaredWetTonnes);
  const deviation = declared.isZero()
    ? new Decimal(0)
    : new Decimal(input.weighedTonnes).minus(declared).dividedBy(declared).times(100).toDecimalPlaces(3, Decimal.ROUND_HALF_UP);
  if (deviation.abs().greaterThan(thresholds.massTolerancePct)) findings.push('MASS_DEVIATION');
  return { findings, massDeviationPct: deviation.toFixed(3) };
}
