import { eq } from 'drizzle-orm';
import type { Executor } from '../../core/db/executor.js';
import type { Actor } from '../../core/auth/actor.js';
import { auditActor } from '../../core/auth/actor.js';
import { appendAudit } from '../../core/audit/audit.js';
import { notify } from '../../core/notify.js';
import { findDeclaration, updateDeclaration } from '../declarations/declarations.repository.js';
import { createInspectionTask, findTaskForDeclaration } from '../inspection/inspection.service.js';
import { decideDeclaration } from './engine-decider.js';
import type { Lane, LaneDecision } from './lane-decider.js';
import { riskDecisionHistory, riskDecisions } from './risk.tables.js';

/** Stores a declaration's decision with everything needed to replay it (versions, draws, fired rules). */
export async function storeRiskDecision(tx: Executor, declarationId: string, decision: LaneDecision, at: Date): Promise<void> {
  await tx.insert(riskDecisions).values({
    declarationId,
    lane: decision.lane,
    engine: decision.engine,
    randomDraw: decision.randomDraw.toFixed(9),
    reasons: decision.reasons,
    decidedAt: at.toISOString(),
    ...decision.record,
  });
}

/** A lane is re-decided only while the goods are still held: lane assigned or under inspection, not released. */
const OPEN_STATES = new Set(['LANE_ASSIGNED', 'UNDER_INSPECTION']);

export interface Escalation {
  declarationId: string;
  number: string | null;
  fromLane: Lane;
  toLane: Lane;
  inspectionTaskCreated: boolean;
}

/**
 * Runs the decision again on the facts as they are now (e.g. after a screening alarm). Only a move to
 * INSPECT_BEFORE_RELEASE is applied — the one change that must take effect at once, because it holds goods that
 * could otherwise leave; the replaced decision is kept in risk_decision_history. Returns null when nothing changed.
 */
export async function redecideIfEscalated(tx: Executor, actor: Actor, declarationId: string, cause: string, options: { correlationId: string; at?: Date }): Promise<Escalation | null> {
  const at = options.at ?? new Date();
  const row = await findDeclaration(tx, declarationId, { forUpdate: true });
  if (!row || !OPEN_STATES.has(row.state) || row.lane === 'INSPECT_BEFORE_RELEASE') return null;
  const decision = await decideDeclaration(tx, declarationId, at);
  if (decision.lane !== 'INSPECT_BEFORE_RELEASE') return null;

  const [previous] = await tx.select().from(riskDecisions).where(eq(riskDecisions.declarationId, declarationId));
  if (previous) {
    await tx.insert(riskDecisionHistory).values({ declarationId, decision: previous, supersededAt: at.toISOString(), cause });
    await tx.delete(riskDecisions).where(eq(riskDecisions.declarationId, declarationId));
  }
  await storeRiskDecision(tx, declarationId, decision, at);
  const existingTask = await findTaskForDeclaration(tx, declarationId);
  if (!existingTask) await createInspectionTask(tx, row, at);
  const updated = await updateDeclaration(tx, row, { lane: decision.lane, inspectionOutcome: row.inspectionOutcome ?? 'PENDING' }, at);
  const enterprises = [...new Set([row.importerId, row.declarantId])];
  await notify(tx, enterprises.map((enterpriseId) => ({
    enterpriseId,
    type: 'declaration.laneChanged',
    entityType: 'declaration',
    entityId: declarationId,
    // The cause names the screening that raised it: customs working information, kept in the audit entry.
    payload: { number: row.number, lane: decision.lane },
  })));
  await appendAudit(tx, auditActor(actor), {
    action: 'declaration.reassignLane',
    entityType: 'declaration',
    entityId: declarationId,
    before: { lane: row.lane, engine: previous?.engine ?? null },
    after: { lane: updated.lane, engine: decision.engine, reasons: decision.reasons, cause },
    correlationId: options.correlationId,
    at: at.toISOString(),
  });
  return { declarationId, number: row.number, fromLane: row.lane as Lane, toLane: decision.lane, inspectionTaskCreated: !existingTask };
}
