import { asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../core/db/database.js';
import type { Executor } from '../../core/db/executor.js';
import type { Actor } from '../../core/auth/actor.js';
import { auditActor } from '../../core/auth/actor.js';
import { appendAudit } from '../../core/audit/audit.js';
import { AppError, notFound, validationFailed } from '../../core/http/errors.js';
import { notify } from '../../core/notify.js';
import { readSetting } from '../../core/settings.js';
import { inspectionTasks, onSiteChecks } from './inspection.tables.js';
import { INSPECTION_THRESHOLDS } from './inspection.settings.js';
import { assessOnSiteCheck, type OnSiteCheckInput } from './on-site-check.js';
import { declarationWorkflow } from '../declarations/declarations.service.js';

export type InspectionTaskRow = typeof inspectionTasks.$inferSelect;
export type OnSiteCheckRow = typeof onSiteChecks.$inferSelect;
export const TASK_STATES = ['PENDING', 'IN_PROGRESS', 'PASSED', 'FAILED'] as const;

/** Called by the declaration workflow, in its transaction, when a lane needs an inspection. */
export async function createInspectionTask(
  tx: Executor,
  declaration: { id: string; number: string | null; trainNumber: string | null },
  at: Date = new Date(),
): Promise<InspectionTaskRow> {
  const [task] = await tx.insert(inspectionTasks).values({ declarationId: declaration.id, state: 'PENDING', createdAt: at.toISOString() }).returning();
  await notify(tx, [
    {
      role: 'INSPECTOR',
      type: 'inspection.taskCreated',
      entityType: 'declaration',
      entityId: declaration.id,
      payload: { number: declaration.number, trainNumber: declaration.trainNumber },
    },
  ]);
  return task!;
}

export async function findTaskForDeclaration(db: Executor, declarationId: string) {
  const [task] = await db.select().from(inspectionTasks).where(eq(inspectionTasks.declarationId, declarationId));
  if (!task) return undefined;
  const [check] = await db.select().from(onSiteChecks).where(eq(onSiteChecks.taskId, task.id));
  return { task, check };
}

export async function listTasks(db: Db, states: string[] | undefined) {
  return db
    .select()
    .from(inspectionTasks)
    .where(states?.length ? inArray(inspectionTasks.state, states) : undefined)
    .orderBy(asc(inspectionTasks.createdAt))
    .limit(500);
}

export async function findTask(db: Executor, taskId: string, options: { forUpdate?: boolean } = {}) {
  const query = db.select().from(inspectionTasks).where(eq(inspectionTasks.id, taskId));
  const [task] = options.forUpdate ? await query.for('update') : await query;
  return task;
}

/** "Arrive any time, inspect any time": any inspector on duty takes the task when the goods are there. */
export async function startTask(tx: Executor, actor: Actor, taskId: string, options: { correlationId: string; at?: Date }): Promise<InspectionTaskRow> {
  const at = options.at ?? new Date();
  const task = await findTask(tx, taskId, { forUpdate: true });
  if (!task) throw notFound('inspection task');
  if (task.state !== 'PENDING') {
    throw new AppError('INVALID_STATE_TRANSITION', `The task is ${task.state}; only a PENDING task can be started.`, { extra: { currentState: task.state } });
  }
  await declarationWorkflow.startInspection(tx, actor, task.declarationId, { ...options, at });
  const [started] = await tx
    .update(inspectionTasks)
    .set({ state: 'IN_PROGRESS', assignedTo: actor.userId, startedAt: at.toISOString() })
    .where(eq(inspectionTasks.id, taskId))
    .returning();
  await appendAudit(tx, auditActor(actor), { action: 'inspection.start', entityType: 'declaration', entityId: task.declarationId, after: { taskId }, correlationId: options.correlationId, at: at.toISOString() });
  return started!;
}

export async function recordOnSiteCheck(
  tx: Executor,
  actor: Actor,
  taskId: string,
  input: OnSiteCheckInput & { outcome: 'PASSED' | 'FAILED'; remarks: string },
  options: { correlationId: string; at?: Date },
): Promise<{ task: InspectionTaskRow; check: OnSiteCheckRow }> {
  const at = options.at ?? new Date();
  const task = await findTask(tx, taskId, { forUpdate: true });
  if (!task) throw notFound('inspection task');
  if (task.state !== 'IN_PROGRESS') {
    throw new AppError('INVALID_STATE_TRANSITION', `The task is ${task.state}; start it before recording the on-site check.`, { extra: { currentState: task.state } });
  }
  const thresholds = await readSetting(tx, INSPECTION_THRESHOLDS);
  const declaredWetTonnes = await declarationWorkflow.declaredWetTonnes(tx, task.declarationId);
  const assessment = assessOnSiteCheck(input, thresholds, declaredWetTonnes);
  if (input.outcome === 'PASSED' && assessment.findings.length > 0) {
    throw validationFailed(
      [{ path: 'outcome', code: 'FINDINGS_PRESENT', message: `cannot pass a lot with findings: ${assessment.findings.join(', ')}` }],
      'The check found problems, so the lot cannot be passed.',
    );
  }
  if (input.outcome === 'FAILED' && assessment.findings.length === 0 && input.remarks.trim() === '') {
    throw validationFailed([{ path: 'remarks', code: 'REQUIRED', message: 'say why the lot fails when no screening finding explains it' }]);
  }
  const [check] = await tx
    .insert(onSiteChecks)
    .values({
      taskId,
      sealIntact: input.sealIntact,
      doseRateUsvH: input.doseRateUsvH,
      doseRateThresholdUsvH: thresholds.doseRateThresholdUsvH,
      solidWasteSuspected: input.solidWasteSuspected,
      foreignMatterFound: input.foreignMatterFound,
      weighedTonnes: input.weighedTonnes,
      massDeviationPct: assessment.massDeviationPct,
      outcome: input.outcome,
      findings: assessment.findings,
      remarks: input.remarks,
      recordedBy: actor.userId,
      recordedAt: at.toISOString(),
    })
    .returning();
  const [completed] = await tx
    .update(inspectionTasks)
    .set({ state: input.outcome, completedAt: at.toISOString() })
    .where(eq(inspectionTasks.id, taskId))
    .returning();
  await declarationWorkflow.recordInspectionOutcome(tx, actor, task.declarationId, input.outcome, { ...options, at });
  await appendAudit(tx, auditActor(actor), {
    action: 'inspection.recordCheck',
    entityType: 'declaration',
    entityId: task.declarationId,
    after: { taskId, outcome: input.outcome, findings: assessment.findings, doseRateUsvH: input.doseRateUsvH, weighedTonnes: input.weighedTonnes, massDeviationPct: assessment.massDeviationPct },
    correlationId: options.correlationId,
    at: at.toISOString(),
  });
  return { task: completed!, check: check! };
}
