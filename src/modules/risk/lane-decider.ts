import crypto from 'node:crypto';
import type { Executor } from '../../core/db/executor.js';
import type { riskDecisions } from './risk.tables.js';

/** The four lanes of risk judgment: 直接放行, 先放后检, 单证审核, 先检后放. */
export const LANES = ['RELEASE', 'RELEASE_THEN_INSPECT', 'DOCUMENT_CHECK', 'INSPECT_BEFORE_RELEASE'] as const;
export type Lane = (typeof LANES)[number];

/** What the workflow hands to risk: everything a decision may depend on, nothing it must fetch itself. */
export interface LaneDecisionInput {
  declarationId: string;
  importerId: string;
  declarantId: string;
  importerCreditClass: string;
  categoryCodes: string[];
  /** When the decision is taken (the acceptance time); now when absent. */
  decidedAt?: Date;
}

/** What a decider stores beside lane, engine, draw and reasons: versions, checks, fired rules, score, facts. */
export type DecisionRecord = Omit<Partial<typeof riskDecisions.$inferInsert>, 'declarationId' | 'lane' | 'engine' | 'randomDraw' | 'reasons' | 'decidedAt'>;

export interface LaneDecision {
  lane: Lane;
  /** Engine name and version, so a decision can be replayed with the same logic. */
  engine: string;
  /** Uniform [0, 1) draw, reproducible from the declaration id and the engine version. */
  randomDraw: number;
  reasons: { code: string; params: Record<string, unknown> }[];
  /** Stored with the decision (risk_decisions columns); the lane table has none. */
  record?: DecisionRecord;
}

/**
 * The seam between the declaration workflow and risk: the workflow only ever calls `decide`, inside its
 * transaction. engine-decider.ts (the risk engine) and lane-table.ts (the foundation's table) implement it.
 */
export interface LaneDecider {
  decide(tx: Executor, input: LaneDecisionInput): Promise<LaneDecision>;
}

/** sha256(seed) → [0, 1): the same declaration under the same engine always draws the same number. */
export function reproducibleDraw(seed: string): number {
  const digest = crypto.createHash('sha256').update(seed).digest();
  // 48 bits are plenty for a rate with 4 decimals and are exact in a double.
  return digest.readUIntBE(0, 6) / 2 ** 48;
}
