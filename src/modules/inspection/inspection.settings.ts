import { z } from 'zod';
import type { SettingDefinition } from '../../core/settings.js';
import type { InspectionThresholds } from './on-site-check.js';

const decimal = z.string().regex(/^\d{1,6}(\.\d{1,4})?$/);

/**
 * The screening level is not verified for iron ore (SN/T 1537-2023's values were not found; DOMAIN.md §3.4
 * marks it uncertain), so it is a setting. 0.5 µSv/h at the surface is a conservative starting point.
 */
export const INSPECTION_THRESHOLDS: SettingDefinition<InspectionThresholds> = {
  key: 'inspection.thresholds',
  schema: z.object({ doseRateThresholdUsvH: decimal, massTolerancePct: decimal }),
  defaultValue: { doseRateThresholdUsvH: '0.5000', massTolerancePct: '5' },
};
