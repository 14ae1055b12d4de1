import type { Executor } from '../../core/db/executor.js';
import { laneRates } from './risk.tables.js';

/**
 * Starting inspection rates. Anchors (DOMAIN.md §3.6): advanced certified ≤ 20 % of the general rate,
 * dishonest ≥ 80 %; roasted pyrites carry a solid-waste risk, hence a higher general rate. These are
 * assumptions for a new installation: risk analysts tune them in the UI.
 */
const RATES_BY_CREDIT_CLASS: Record<string, { standard: string; pyrites: string }> = {
  ADVANCED_CERTIFIED: { standard: '0.0100', pyrites: '0.0400' },
  GENERAL: { standard: '0.0500', pyrites: '0.2000' },
  DISHONEST: { standard: '0.8500', pyrites: '1.0000' },
};

export async function ensureDefaultLaneRates(tx: Executor, categoryCodes: string[]): Promise<void> {
  const rows = categoryCodes.flatMap((categoryCode) =>
    Object.entries(RATES_BY_CREDIT_CLASS).map(([creditClass, rates]) => ({
      categoryCode,
      creditClass,
      inspectionRate: categoryCode === 'ROASTED_PYRITES' ? rates.pyrites : rates.standard,
    })),
  );
  if (rows.length) await tx.insert(laneRates).values(rows).onConflictDoNothing();
}
