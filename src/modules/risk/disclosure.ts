import type { Actor } from '../../core/auth/actor.js';
import { isCustoms } from '../../core/auth/actor.js';
import { CHECK_ITEMS, type CheckItem } from './engine/rule-schema.js';
import type { Lane } from './lane-decider.js';

/**
 * What of the risk engine's work a reader may see — the one place that decides it. Customs staff see everything.
 * An enterprise (importer, agency) is told what a trader is told at a real border: the lane (channel), when it was
 * decided and, when the lane holds the goods for a check, which checks to prepare for. Never the rules that fired,
 * the random draws, the shares, the score and its factors, the lists or the engine version: a trader who learns
 * those can game the selectivity (split lots, change declarant, time a declaration).
 */

export type Reason = { code: string; params: Record<string, unknown> };

/** A stored decision as the declaration presenter reads it (risk_decisions). */
export interface StoredDecision {
  lane: string;
  engine: string;
  randomDraw: string;
  reasons: unknown;
  checks: string[];
  decidedAt: string;
}

export interface CustomsDecisionView {
  lane: Lane;
  decidedAt: string;
  checks: CheckItem[];
  engine: string;
  randomDraw: string;
  reasons: Reason[];
}

export interface EnterpriseDecisionView {
  lane: Lane;
  decidedAt: string;
  checks: CheckItem[];
}

export interface AuditEntryView {
  id: number;
  at: string;
  actor: string;
  action: string;
  before: unknown;
  after: unknown;
}

export interface NotificationView {
  type: string;
  payload: Record<string, unknown>;
}

export interface RiskDisclosure {
  decision(stored: StoredDecision): CustomsDecisionView | EnterpriseDecisionView;
  /** The entry as this reader may see it, or null when the entry is customs working information. */
  auditEntry<T extends AuditEntryView>(entry: T): T | null;
  notification<T extends NotificationView>(notification: T): T;
}

/**
 * The checks an enterprise must prepare for, by lane: none when the goods are released, the documents for a
 * documents check, and the on-site checks for a lane with an inspection. Check items a lane does not act on (a
 * sampling rule that fired on a released lot) would only tell which rule fired.
 */
const CHECKS_TO_PREPARE: Record<Lane, readonly CheckItem[]> = {
  RELEASE: [],
  DOCUMENT_CHECK: ['DOCUMENT_REVIEW'],
  RELEASE_THEN_INSPECT: CHECK_ITEMS,
  INSPECT_BEFORE_RELEASE: CHECK_ITEMS,
};

/**
 * Timeline entries an enterprise sees, by action: in full, or only the listed fields of before/after. Any other
 * action (screening readings, and whatever is added later) is customs working information and left out, so a
 * new audited action stays hidden from enterprises until someone decides otherwise here.
 */
const ENTERPRISE_TIMELINE: Record<string, 'full' | readonly string[]> = {
  'declaration.create': 'full',
  'declaration.edit': 'full',
  'declaration.submit': 'full',
  'declaration.accept': 'full',
  // Written by the risk step with the engine, the draw and the reasons beside the lane.
  'declaration.assignLane': ['state', 'lane'],
  'declaration.reassignLane': ['lane'],
  'declaration.startInspection': 'full',
  'declaration.inspectionOutcome': 'full',
  'declaration.release': 'full',
  'declaration.clear': 'full',
  'declaration.reject': 'full',
  'declaration.withdraw': 'full',
  'inspection.start': 'full',
  'inspection.recordCheck': 'full',
};

/** Notification payload fields an enterprise sees (a lane change's cause names the screening that caused it). */
const ENTERPRISE_NOTIFICATION_FIELDS = ['number', 'lane', 'reason'];

function pick(value: unknown, fields: readonly string[]): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const record = value as Record<string, unknown>;
  return Object.fromEntries(fields.filter((field) => field in record).map((field) => [field, record[field]]));
}

const asChecks = (checks: string[]) => checks.filter((check): check is CheckItem => (CHECK_ITEMS as readonly string[]).includes(check));

const CUSTOMS: RiskDisclosure = {
  decision: (stored) => ({
    lane: stored.lane as Lane,
    decidedAt: stored.decidedAt,
    checks: asChecks(stored.checks),
    engine: stored.engine,
    randomDraw: stored.randomDraw,
    reasons: stored.reasons as Reason[],
  }),
  auditEntry: (entry) => entry,
  notification: (notification) => notification,
};

const ENTERPRISE: RiskDisclosure = {
  decision: (stored) => {
    const lane = stored.lane as Lane;
    return { lane, decidedAt: stored.decidedAt, checks: asChecks(stored.checks).filter((check) => CHECKS_TO_PREPARE[lane].includes(check)) };
  },
  auditEntry: (entry) => {
    const shown = ENTERPRISE_TIMELINE[entry.action];
    if (!shown) return null;
    if (shown === 'full') return entry;
    return { ...entry, before: pick(entry.before, shown), after: pick(entry.after, shown) };
  },
  notification: (notification) => ({ ...notification, payload: pick(notification.payload, ENTERPRISE_NOTIFICATION_FIELDS) as Record<string, unknown> }),
};

export function riskDisclosureFor(actor: Actor): RiskDisclosure {
  return isCustoms(actor) ? CUSTOMS : ENTERPRISE;
}
