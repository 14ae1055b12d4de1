export const ENTERPRISE_ROLES = ['ENTERPRISE_USER', 'ENTERPRISE_ADMIN'] as const;
export const CUSTOMS_ROLES = [
  'LIAISON_OFFICER',
  'RISK_ANALYST',
  'INSPECTOR',
  'LAB_ANALYST',
  'RELEASE_OFFICER',
  'SUPERVISOR',
  'SYSTEM_ADMIN',
] as const;
export const ROLES = [...ENTERPRISE_ROLES, ...CUSTOMS_ROLES] as const;

export type EnterpriseRole = (typeof ENTERPRISE_ROLES)[number];
export type CustomsRole = (typeof CUSTOMS_ROLES)[number];
export type Role = (typeof ROLES)[number];

export const ENTERPRISE_KINDS = ['IMPORTER', 'AGENCY'] as const;
export type EnterpriseKind = (typeof ENTERPRISE_KINDS)[number];

export const CREDIT_CLASSES = ['ADVANCED_CERTIFIED', 'GENERAL', 'DISHONEST'] as const;
export type CreditClass = (typeof CREDIT_CLASSES)[number];

export function isCustomsRole(role: string): role is CustomsRole {
  return (CUSTOMS_ROLES as readonly string[]).includes(role);
}
