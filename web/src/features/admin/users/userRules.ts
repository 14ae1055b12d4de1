import { CUSTOMS_ROLES, ENTERPRISE_ROLES, type Role } from '../../../api/types';

/** registry.schema.ts: 3–64 letters, digits or . _ @ -, starting with a letter or digit. */
export const USERNAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@-]{2,63}$/;
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;
/** The administrator roles a user may not take away from itself. */
export const ADMIN_ROLES: readonly Role[] = ['SYSTEM_ADMIN', 'ENTERPRISE_ADMIN'];

/** Customs staff hold customs roles only; enterprise users enterprise roles only. */
export function rolesFor(isCustoms: boolean): readonly Role[] {
  return isCustoms ? CUSTOMS_ROLES : ENTERPRISE_ROLES;
}

/** The administrator roles `next` would take from a user who holds `current`. */
export function lostAdminRoles(current: readonly Role[], next: readonly Role[]): Role[] {
  return ADMIN_ROLES.filter((role) => current.includes(role) && !next.includes(role));
}
