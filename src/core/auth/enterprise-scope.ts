import { AppError, notFound } from '../http/errors.js';
import type { Actor } from './actor.js';
import { isCustoms } from './actor.js';
import { hasRole, type AccessRule } from './policy.js';

/**
 * Record-level scoping for records about enterprises themselves (the registry), next to policy.ts's scoping of
 * declarations. Same rule as there: what is out of scope answers 404, so its existence does not leak.
 */

/** Route rule for endpoints both kinds of administrator use; each handler then narrows to the actor's scope. */
export const ADMINISTRATORS: AccessRule = { roles: ['SYSTEM_ADMIN', 'ENTERPRISE_ADMIN'] };

/** Which enterprises an actor may see: customs staff all of them, an enterprise user its own and its counterparties. */
export type EnterpriseScope = { all: true } | { all: false; ids: ReadonlySet<string> };

/**
 * @param counterpartyIds for an agency, the importers that entrust it; for an importer, the agencies it entrusts
 * (the caller looks them up; core does not read module tables).
 */
export function enterpriseScope(actor: Actor, counterpartyIds: readonly string[]): EnterpriseScope {
  if (isCustoms(actor)) return { all: true };
  return { all: false, ids: new Set([actor.enterpriseId!, ...counterpartyIds]) };
}

export function inEnterpriseScope(scope: EnterpriseScope, enterpriseId: string): boolean {
  return scope.all || scope.ids.has(enterpriseId);
}

export function assertEnterpriseInScope<T extends { id: string }>(scope: EnterpriseScope, record: T | undefined | null, what: string): T {
  if (!record || !inEnterpriseScope(scope, record.id)) throw notFound(what);
  return record;
}

/** Customs see every record; an enterprise user sees a record only if its enterprise is one of the parties. */
export function isPartyTo(actor: Actor, partyIds: readonly (string | null)[]): boolean {
  if (isCustoms(actor)) return true;
  return partyIds.some((id) => id !== null && id === actor.enterpriseId);
}

export function assertPartyTo<T>(actor: Actor, record: T | undefined | null, parties: (record: T) => readonly (string | null)[], what: string): T {
  if (!record || !isPartyTo(actor, parties(record))) throw notFound(what);
  return record;
}

/** A system administrator administers everything; an enterprise administrator only its own enterprise. */
export function mayAdministerEnterprise(actor: Actor, enterpriseId: string | null): boolean {
  if (hasRole(actor, 'SYSTEM_ADMIN')) return true;
  return enterpriseId !== null && hasRole(actor, 'ENTERPRISE_ADMIN') && actor.enterpriseId === enterpriseId;
}

export function assertMayAdministerEnterprise(actor: Actor, enterpriseId: string | null, detail: string): void {
  if (!mayAdministerEnterprise(actor, enterpriseId)) throw new AppError('FORBIDDEN', detail);
}

/** Records administered per enterprise (users): what an actor cannot administer does not exist for it. */
export function assertAdministers<T>(actor: Actor, record: T | undefined | null, enterpriseOf: (record: T) => string | null, what: string): T {
  if (!record || !mayAdministerEnterprise(actor, enterpriseOf(record))) throw notFound(what);
  return record;
}
