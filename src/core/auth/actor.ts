import type { EnterpriseKind, Role } from './roles.js';

/** Who is making a request, resolved once per request by the authentication hook. */
export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  roles: Role[];
  /** Null for customs staff. */
  enterpriseId: string | null;
  enterpriseKind: EnterpriseKind | null;
  /** For an agency: the importers with an entrustment active today. */
  entrustingImporterIds: string[];
  via: 'session' | 'apiKey';
  /** Only for session requests: the token unsafe requests must echo in X-CSRF-Token. */
  csrfToken: string | null;
}

export const isCustoms = (actor: Actor) => actor.enterpriseId === null;

export function auditActor(actor: Actor | null) {
  return actor ? { userId: actor.userId, label: actor.username } : { userId: null, label: 'system' };
}
