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

/** Where a user lands after signing in: the first work list of their main role. */
export function homePath(user: CurrentUser | null): string {
  if (isEnterpriseUser(user)) return '/declarations';
  if (hasAnyRole(user, ['LIAISON_OFFICER'])) return '/queues/to-accept';
  if (hasAnyRole(user, ['INSPECTOR'])) return '/inspection';
  if (hasAnyRole(user, ['RELEASE_OFFICER'])) return '/queues/to-release';
  if (hasAnyRole(user, ['SUPERVISOR'])) return '/queues/to-accept';
  return '/declarations';
}
