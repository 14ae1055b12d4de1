import type { Executor } from './db/executor.js';
import { insertNotifications } from './audit/audit.js';

export interface NotificationInput {
  /** The enterprise to tell, or null with a role to tell a customs queue. */
  enterpriseId?: string | null;
  role?: string | null;
  type: string;
  entityType: string;
  entityId: string;
  payload?: Record<string, unknown>;
}

/**
 * Written in the caller's transaction: a notification exists exactly when its cause does. In an
 * auditedTransaction it is inserted at the end, with the audit entries (one round trip).
 */
export async function notify(tx: Executor, inputs: NotificationInput[]): Promise<void> {
  if (inputs.length === 0) return;
  await insertNotifications(
    tx,
    inputs.map((n) => ({
      enterpriseId: n.enterpriseId ?? null,
      role: n.role ?? null,
      type: n.type,
      entityType: n.entityType,
      entityId: n.entityId,
      payload: n.payload ?? {},
    })),
  );
}
