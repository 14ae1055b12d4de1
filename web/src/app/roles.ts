import type { CurrentUser, Role } from '../api/types';

export function hasAnyRole(user: CurrentUser | null, roles: readonly Role[]): boolean {
  return Boolean(user?.roles.some((role) => roles.includes(role)));
}

export const isEnterpriseUser = (user: CurrentUser | null) => hasAnyRole(user, ['ENTERPRISE_USER', 'ENTERPRISE_ADMIN']);
export const isCustomsUser = (user: CurrentUser | null) =>
  hasAnyRole(user, ['LIAISON_OFFICER', 'RISK_ANALYST', 'INSPECTOR', 'LAB_ANALYST', 'RELEASE_OFFICER', 'SUPERVISOR', 'SYSTEM_ADMIN']);
export const canAccept = (user: CurrentUser | null) => hasAnyRole(user, ['LIAISON_OFFICER', 'SUPERVISOR']);
export const canInspect = (user: CurrentUser | null) => hasAnyRole(user, ['INSPECTOR', 'SUPERVISOR']);
export const canRelease = (user: CurrentUser | null) => hasAnyRole(user, ['RELEASE_OFFICER', 'SUPERVISOR']);

export const isSystemAdmin = (user: CurrentUser | null) => hasAnyRole(user, ['SYSTEM_ADMIN']);
export const isEnterpriseAdmin = (user: CurrentUser | null) => hasAnyRole(user, ['ENTERPRISE_ADMIN']) && Boolean(user?.enterprise);
/** A system administrator manages every user; an enterprise administrator the users of its enterprise (the API scopes it). */
export const canManageUsers = (user: CurrentUser | null) => isSystemAdmin(user) || isEnterpriseAdmin(user);
/** An entrustment is given by the importer: its enterprise administrator, or a system administrator. */
export const canManageEntrustments = (user: CurrentUser | null) =>
  isSystemAdmin(user) || (isEnterpriseAdmin(user) && user?.enterprise?.kind === 'IMPORTER');
/** Inspection rates and the watch list (PUT lane rates, POST/DELETE watch list). */
export const canTuneRisk = (user: CurrentUser | null) => hasAnyRole(user, ['RISK_ANALYST', 'SUPERVISOR']);
/** Every customs role reads the inspection thresholds; supervisors and system administrators change them. */
export const canEditThresholds = (user: CurrentUser | null) => hasAnyRole(user, ['SUPERVISOR', 'SYSTEM_ADMIN']);

/** Where a user lands after signing in: the first work list of their main role. */
export function homePath(user: CurrentUser | null): string {
  if (isEnterpriseUser(user)) return '/declarations';
  if (hasAnyRole(user, ['LIAISON_OFFICER'])) return '/queues/to-accept';
  if (hasAnyRole(user, ['INSPECTOR'])) return '/inspection';
  if (hasAnyRole(user, ['RELEASE_OFFICER'])) return '/queues/to-release';
  if (hasAnyRole(user, ['SUPERVISOR'])) return '/queues/to-accept';
  if (hasAnyRole(user, ['RISK_ANALYST'])) return '/risk/inspection-rates';
  if (hasAnyRole(user, ['SYSTEM_ADMIN'])) return '/admin/enterprises';
  return '/declarations';
}
