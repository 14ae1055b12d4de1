import { count } from 'drizzle-orm';
import type { Executor } from '../../core/db/executor.js';
import { BASELINE_LISTS, baselineDefinition } from './baseline-rule-set.js';
import { nextRevision } from './risk-data.js';
import { createDraft } from './rule-sets.js';
import { laneRateChanges, laneRates, riskListEntries, riskLists, riskRuleSets } from './risk.tables.js';

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

/** Rates for categories that have none; each addition is a lane-rate change of one new risk-data revision. */
export async function ensureDefaultLaneRates(tx: Executor, categoryCodes: string[]): Promise<void> {
  const rows = categoryCodes.flatMap((categoryCode) =>
    Object.entries(RATES_BY_CREDIT_CLASS).map(([creditClass, rates]) => ({
      categoryCode,
      creditClass,
      inspectionRate: categoryCode === 'ROASTED_PYRITES' ? rates.pyrites : rates.standard,
    })),
  );
  if (!rows.length) return;
  const added = await tx.insert(laneRates).values(rows).onConflictDoNothing().returning();
  if (!added.length) return;
  const revision = await nextRevision(tx);
  await tx.insert(laneRateChanges).values(added.map((row) => ({ categoryCode: row.categoryCode, creditClass: row.creditClass, inspectionRate: row.inspectionRate, revision })));
}

/** The lists the baseline rules name, with their starting entries, for any that do not exist yet. */
export async function ensureDefaultRiskLists(tx: Executor): Promise<void> {
  const created = await tx
    .insert(riskLists)
    .values(BASELINE_LISTS.map((list) => ({ name: list.name, kind: list.kind, descriptionZh: list.zh, descriptionEn: list.en })))
    .onConflictDoNothing()
    .returning({ name: riskLists.name });
  const entries = BASELINE_LISTS.filter((list) => created.some((c) => c.name === list.name)).flatMap((list) =>
    list.entries.map((value) => ({ listName: list.name, value, reason: 'Orelane starting list / 系统初始名单' })),
  );
  if (!entries.length) return;
  const revision = await nextRevision(tx);
  await tx.insert(riskListEntries).values(entries.map((entry) => ({ ...entry, addedRevision: revision })));
}

/**
 * A new installation gets the baseline rule set proposed for approval (authored by the system, so any risk
 * analyst or supervisor may approve it). Until an officer approves one, every lot is inspected before release.
 */
export async function ensureBaselineRuleSetProposed(tx: Executor, at = new Date()): Promise<void> {
  const [existing] = await tx.select({ n: count() }).from(riskRuleSets);
  if ((existing?.n ?? 0) > 0) return;
  await createDraft(
    tx,
    null,
    {
      comment: 'Orelane baseline: the foundation lane table (watch list, per-category × credit-class random rates) plus Horgos day-one rules / 系统基线规则集',
      effectiveFrom: at.toISOString(),
      definition: baselineDefinition(),
    },
    { correlationId: 'startup', at, status: 'PENDING_APPROVAL' },
  );
}
