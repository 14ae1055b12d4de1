import { AppError, notFound } from '../http/errors.js';
import type { Actor } from './actor.js';
import { isCustoms } from './actor.js';
import type { Role } from './roles.js';

/**
 * The one policy layer. Every API route names an access rule (route config `access`); the app refuses to
 * start if one does not. Record-level scoping goes through `assertCanSee` / `visibleTo` below, and a record
 * outside the actor's scope answers 404, so its existence does not leak.
 */
export type AccessRule = { public: true } | { authenticated: true } | { roles: readonly Role[] };

export const ACCESS = {
  public: { public: true },
  authenticated: { authenticated: true },
  enterprise: { roles: ['ENTERPRISE_USER', 'ENTERPRISE_ADMIN'] },
  enterpriseAdmin: { roles: ['ENTERPRISE_ADMIN'] },
  customs: { roles: ['LIAISON_OFFICER', 'RISK_ANALYST', 'INSPECTOR', 'LAB_ANALYST', 'RELEASE_OFFICER', 'SUPERVISOR', 'SYSTEM_ADMIN'] },
  acceptor: { roles: ['LIAISON_OFFICER', 'SUPERVISOR'] },
  riskAnalyst: { roles: ['RISK_ANALYST', 'SUPERVISOR'] },
  inspector: { roles: ['INSPECTOR', 'SUPERVISOR'] },
  releaseOfficer: { roles: ['RELEASE_OFFICER', 'SUPERVISOR'] },
  systemAdmin: { roles: ['SYSTEM_ADMIN'] },
} as const satisfies Record<string, AccessRule>;

export function checkAccess(actor: Actor | null, rule: AccessRule): void {
  if ('public' in rule) return;
  if (!actor) throw new AppError('AUTHENTICATION_REQUIRED');
  if ('authenticated' in rule) return;
  if (!actor.roles.some((role) => rule.roles.includes(role))) {
    throw new AppError('FORBIDDEN', `This needs one of the roles ${rule.roles.join(', ')}.`);
  }
}

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return actor.roles.some((role) => roles.includes(role));
}

/** A record that belongs to an importer and was filed by a declarant (the importer itself or its agency). */
export interface EnterpriseOwned {
  importerId: string;
  declarantId: string;
}

/** Customs see everything; an importer sees its own records; an agency sees what it filed. */
export function canSee(actor: Actor, record: EnterpriseOwned): boolean {
  if (isCustoms(actor)) return true;
  return actor.enterpriseId === record.importerId || actor.enterpriseId === record.declarantId;
}

export function assertCanSee<T extends EnterpriseOwned>(actor: Actor, record: T | undefined | null, what: string): T {
  if (!record || !canSee(actor, record)) throw notFound(what);
  return record;
}

/** May this actor file for that importer? Its own enterprise, or an agency under an active entrustment. */
export function assertMayDeclareFor(actor: Actor, importerId: string): void {
  if (!actor.enterpriseId) throw new AppError('FORBIDDEN', 'Only enterprise users file declarations.');
  if (actor.enterpriseKind === 'IMPORTER' && actor.enterpriseId === importerId) return;
  if (actor.enterpriseKind === 'AGENCY' && actor.entrustingImporterIds.includes(importerId)) return;
  throw new AppError('ENTRUSTMENT_REQUIRED', 'You may declare only for your own enterprise or an importer that has entrusted your agency.');
}
