import { and, asc, desc, eq, gt, gte, ilike, inArray, isNotNull, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../core/db/executor.js';
import type { Actor } from '../../core/auth/actor.js';
import { auditActor, isCustoms } from '../../core/auth/actor.js';
import { hasRole } from '../../core/auth/policy.js';
import {
  assertAdministers,
  assertEnterpriseInScope,
  assertMayAdministerEnterprise,
  assertPartyTo,
  enterpriseScope,
  type EnterpriseScope,
} from '../../core/auth/enterprise-scope.js';
import { CUSTOMS_ROLES, ENTERPRISE_ROLES, isCustomsRole, type CreditClass, type EnterpriseKind, type Role } from '../../core/auth/roles.js';
import { appendAudit } from '../../core/audit/audit.js';
import { AppError, notFound, validationFailed, type FieldError } from '../../core/http/errors.js';
import { sessions } from '../../core/core.tables.js';
import { countryExists, countryNames, todayInChina } from '../reference/reference.service.js';
import { enterprises, entrustments, overseasShippers, users } from './registry.tables.js';
import type { TEnterpriseRef } from './registry.presenter.js';
import { USCC_CHARSET, USCC_LENGTH, validateCustomsCode, validateUscc } from './uscc.js';
import type {
  EntrustmentStatus,
  TCreateEnterpriseRequest,
  TCreateEntrustmentRequest,
  TCreateOverseasShipperRequest,
  TCreateUserRequest,
  TEnterprise,
  TEntrustment,
  TListEnterprisesQuery,
  TListEntrustmentsQuery,
  TListOverseasShippersQuery,
  TListUsersQuery,
  TOverseasShipper,
  TUpdateEnterpriseRequest,
  TUpdateUserRequest,
  TUser,
} from './registry.schema.js';

/**
 * The registry's use cases: enterprises, users, entrustments and overseas shippers. Reads take the database;
 * writes take an open transaction and append their audit entry last, so a change and its audit commit together.
 */

// ─── Pure rules ────────────────────────────────────────────────────────────────────────────────────

/** What is wrong with a unified social credit code, as a field error on `path`, or null when it is valid. */
export function usccProblem(code: string, path = 'usccCode'): FieldError | null {
  const result = validateUscc(code);
  if (result.ok) return null;
  switch (result.reason) {
    case 'LENGTH':
      return { path, code: 'LENGTH', message: `must have ${USCC_LENGTH} characters, not ${code.length}` };
    case 'CHARSET':
      return { path, code: 'CHARSET', message: `may contain only the characters ${USCC_CHARSET} (no I, O, Z, S or V)` };
    case 'DIVISION':
      return { path, code: 'DIVISION', message: 'characters 3–8 must be the 6-digit administrative division code' };
    case 'CHECK_CHARACTER':
      return {
        path,
        code: 'CHECK_CHARACTER',
        message: `check character is wrong: the 18th character should be "${result.expected}", not "${code[USCC_LENGTH - 1]}" (GB 32100-2015)`,
      };
  }
}

export function customsCodeProblem(code: string, path = 'customsCode'): FieldError | null {
  const result = validateCustomsCode(code);
  if (result.ok) return null;
  return result.reason === 'LENGTH'
    ? { path, code: 'LENGTH', message: `must have 10 characters, not ${code.length}` }
    : { path, code: 'CHARSET', message: 'may contain only digits and capital letters' };
}

/** Customs staff (no enterprise) hold only customs roles; enterprise users only enterprise roles. */
export function roleProblems(roles: readonly Role[], enterpriseId: string | null, path = 'roles'): FieldError[] {
  const problems: FieldError[] = [];
  roles.forEach((role, i) => {
    if (enterpriseId === null && !isCustomsRole(role)) {
      problems.push({ path: `${path}.${i}`, code: 'ROLE_NOT_ALLOWED', message: `${role} is an enterprise role; customs staff hold ${CUSTOMS_ROLES.join(', ')}` });
    } else if (enterpriseId !== null && isCustomsRole(role)) {
      problems.push({ path: `${path}.${i}`, code: 'ROLE_NOT_ALLOWED', message: `${role} is a customs role; enterprise users hold ${ENTERPRISE_ROLES.join(', ')}` });
    }
  });
  return problems;
}

export function entrustmentStatus(entrustment: { validFrom: string; validTo: string; revokedAt: string | null }, today: string): EntrustmentStatus {
  if (entrustment.revokedAt) return 'REVOKED';
  if (today < entrustment.validFrom) return 'UPCOMING';
  if (today > entrustment.validTo) return 'EXPIRED';
  return 'ACTIVE';
}

/** Inclusive date ranges [from, to] that share at least one day. */
export function periodsOverlap(a: { validFrom: string; validTo: string }, b: { validFrom: string; validTo: string }): boolean {
  return a.validFrom <= b.validTo && b.validFrom <= a.validTo;
}

/** A LIKE pattern matching the text anywhere, with the user's % and _ taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

/** The unique constraint a failed insert or update violated, if that is why it failed. */
export function violatedUniqueConstraint(error: unknown): string | null {
  for (let cause = error; cause && typeof cause === 'object'; cause = (cause as { cause?: unknown }).cause) {
    if ((cause as { code?: unknown }).code === '23505') return String((cause as { constraint?: unknown }).constraint ?? '');
  }
  return null;
}

// ─── Shared helpers ───────────────────────────────────────────────────────────────────────────────

async function lockKey(tx: Executor, key: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${key}))`);
}

export async function enterpriseRefsById(db: Executor, ids: readonly string[]): Promise<Map<string, TEnterpriseRef>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .select({ id: enterprises.id, nameZh: enterprises.nameZh, nameEn: enterprises.nameEn, kind: enterprises.kind, creditClass: enterprises.creditClass })
    .from(enterprises)
    .where(inArray(enterprises.id, unique));
  return new Map(rows.map((row) => [row.id, { ...row, kind: row.kind as EnterpriseKind, creditClass: row.creditClass as CreditClass }]));
}

function refOrThrow(refs: Map<string, TEnterpriseRef>, id: string): TEnterpriseRef {
  const ref = refs.get(id);
  if (!ref) throw new Error(`enterprise ${id} referenced but missing`);
  return ref;
}

// ─── Enterprises ─────────────────────────────────────────────────────────────────────────────────

type EnterpriseRow = typeof enterprises.$inferSelect;

const toEnterprise = (row: EnterpriseRow): TEnterprise => ({
  ...row,
  kind: row.kind as EnterpriseKind,
  creditClass: row.creditClass as CreditClass,
});

export async function enterpriseById(db: Executor, id: string): Promise<TEnterprise | undefined> {
  const [row] = await db.select().from(enterprises).where(eq(enterprises.id, id));
  return row ? toEnterprise(row) : undefined;
}

/**
 * The other party of every entrustment an enterprise has that is neither revoked nor over: an agency's
 * entrusting importers, an importer's agencies.
 */
export async function entrustmentCounterpartyIds(db: Executor, enterpriseId: string, today = todayInChina()): Promise<string[]> {
  const rows = await db
    .select({ importerId: entrustments.importerId, agencyId: entrustments.agencyId })
    .from(entrustments)
    .where(
      and(
        or(eq(entrustments.importerId, enterpriseId), eq(entrustments.agencyId, enterpriseId)),
        isNull(entrustments.revokedAt),
        gte(entrustments.validTo, today),
      ),
    );
  return [...new Set(rows.map((row) => (row.importerId === enterpriseId ? row.agencyId : row.importerId)))];
}

/** Customs see every enterprise; an enterprise user its own and its current or upcoming entrustment partners. */
export async function enterpriseScopeOf(db: Executor, actor: Actor): Promise<EnterpriseScope> {
  if (isCustoms(actor)) return enterpriseScope(actor, []);
  return enterpriseScope(actor, await entrustmentCounterpartyIds(db, actor.enterpriseId!));
}

export async function listEnterprises(db: Executor, actor: Actor, query: TListEnterprisesQuery): Promise<TEnterprise[]> {
  const scope = await enterpriseScopeOf(db, actor);
  if (!scope.all && scope.ids.size === 0) return [];
  const pattern = query.q ? containsPattern(query.q) : null;
  const rows = await db
    .select()
    .from(enterprises)
    .where(
      and(
        scope.all ? undefined : inArray(enterprises.id, [...scope.ids]),
        query.kind ? eq(enterprises.kind, query.kind) : undefined,
        query.creditClass ? eq(enterprises.creditClass, query.creditClass) : undefined,
        pattern
          ? or(
              ilike(enterprises.nameZh, pattern),
              ilike(enterprises.nameEn, pattern),
              ilike(enterprises.usccCode, pattern),
              ilike(enterprises.customsCode, pattern),
            )
          : undefined,
      ),
    )
    .orderBy(asc(enterprises.nameEn), asc(enterprises.id))
    .limit(query.limit)
    .offset(query.offset);
  return rows.map(toEnterprise);
}

/** The enterprise if the actor may see it; otherwise 404, as if it did not exist. */
export async function getEnterprise(db: Executor, actor: Actor, id: string): Promise<TEnterprise> {
  const scope = await enterpriseScopeOf(db, actor);
  return assertEnterpriseInScope(scope, await enterpriseById(db, id), 'enterprise');
}

async function duplicateEnterpriseProblems(tx: Executor, usccCode: string, customsCode: string): Promise<FieldError[]> {
  const clashes = await tx
    .select({ id: enterprises.id, usccCode: enterprises.usccCode, customsCode: enterprises.customsCode })
    .from(enterprises)
    .where(or(eq(enterprises.usccCode, usccCode), eq(enterprises.customsCode, customsCode)));
  const problems: FieldError[] = [];
  if (clashes.some((row) => row.usccCode === usccCode)) {
    problems.push({ path: 'usccCode', code: 'DUPLICATE', message: `an enterprise with unified social credit code ${usccCode} is already registered` });
  }
  if (clashes.some((row) => row.customsCode === customsCode)) {
    problems.push({ path: 'customsCode', code: 'DUPLICATE', message: `an enterprise with customs code ${customsCode} is already registered` });
  }
  return problems;
}

export async function createEnterprise(tx: Executor, actor: Actor, input: TCreateEnterpriseRequest, correlationId: string | null): Promise<TEnterprise> {
  const problems = [usccProblem(input.usccCode), customsCodeProblem(input.customsCode)].filter((p): p is FieldError => p !== null);
  if (problems.length) throw validationFailed(problems);
  const duplicates = await duplicateEnterpriseProblems(tx, input.usccCode, input.customsCode);
  if (duplicates.length) throw new AppError('CONFLICT', 'The enterprise is already registered.', { errors: duplicates });

  let row: EnterpriseRow | undefined;
  try {
    [row] = await tx.insert(enterprises).values(input).returning();
  } catch (error) {
    const constraint = violatedUniqueConstraint(error);
    if (constraint === null) throw error;
    // A concurrent registration of the same codes committed between the check and the insert.
    const path = constraint.includes('customs') ? 'customsCode' : 'usccCode';
    throw new AppError('CONFLICT', 'The enterprise is already registered.', {
      errors: [
        {
          path,
          code: 'DUPLICATE',
          message: `an enterprise with this ${path === 'usccCode' ? 'unified social credit code' : 'customs code'} is already registered`,
        },
      ],
    });
  }
  const enterprise = toEnterprise(row!);
  await appendAudit(tx, auditActor(actor), { action: 'enterprise.create', entityType: 'enterprise', entityId: enterprise.id, after: enterprise, correlationId });
  return enterprise;
}

const ENTERPRISE_EDITABLE = ['nameZh', 'nameEn', 'address', 'creditClass'] as const;

/**
 * Updates names, address and credit class. A credit-class change gets its own audit entry with the class before
 * and after, because it changes how the enterprise's declarations are risk-assessed.
 */
export async function updateEnterprise(
  tx: Executor,
  actor: Actor,
  id: string,
  patch: TUpdateEnterpriseRequest,
  correlationId: string | null,
): Promise<TEnterprise> {
  if (ENTERPRISE_EDITABLE.every((field) => patch[field] === undefined)) {
    throw validationFailed([{ path: 'body', code: 'EMPTY', message: `send at least one of ${ENTERPRISE_EDITABLE.join(', ')}` }]);
  }
  const [current] = await tx.select().from(enterprises).where(eq(enterprises.id, id)).for('update');
  if (!current) throw notFound('enterprise');
  const changed = ENTERPRISE_EDITABLE.filter((field) => patch[field] !== undefined && patch[field] !== current[field]);
  if (changed.length === 0) return toEnterprise(current);

  const set: Partial<Pick<EnterpriseRow, (typeof ENTERPRISE_EDITABLE)[number]>> = {};
  for (const field of changed) set[field] = patch[field];
  const [row] = await tx
    .update(enterprises)
    .set({ ...set, updatedAt: sql`now()` })
    .where(eq(enterprises.id, id))
    .returning();
  const updated = toEnterprise(row!);

  const pick = (source: EnterpriseRow | TEnterprise, fields: readonly string[]) =>
    Object.fromEntries(fields.map((field) => [field, source[field as keyof EnterpriseRow]]));
  const otherFields = changed.filter((field) => field !== 'creditClass');
  if (otherFields.length) {
    await appendAudit(tx, auditActor(actor), {
      action: 'enterprise.update',
      entityType: 'enterprise',
      entityId: id,
      before: pick(current, otherFields),
      after: pick(updated, otherFields),
      correlationId,
    });
  }
  if (changed.includes('creditClass')) {
    await appendAudit(tx, auditActor(actor), {
      action: 'enterprise.creditClass.change',
      entityType: 'enterprise',
      entityId: id,
      before: { creditClass: current.creditClass },
      after: { creditClass: updated.creditClass },
      correlationId,
    });
  }
  return updated;
}

// ─── Users ────────────────────────────────────────────────────────────────────────────────────────

/** Every column but the password hash, which never leaves this module. */
const userColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  roles: users.roles,
  enterpriseId: users.enterpriseId,
  active: users.active,
  createdAt: users.createdAt,
};

type UserRow = { id: string; username: string; displayName: string; roles: string[]; enterpriseId: string | null; active: boolean; createdAt: string };

export async function presentUsers(db: Executor, rows: UserRow[]): Promise<TUser[]> {
  const refs = await enterpriseRefsById(
    db,
    rows.flatMap((row) => (row.enterpriseId ? [row.enterpriseId] : [])),
  );
  return rows.map(({ enterpriseId, roles, ...row }) => ({
    ...row,
    roles: roles as Role[],
    enterprise: enterpriseId ? refOrThrow(refs, enterpriseId) : null,
  }));
}

/** A system administrator lists everyone; an enterprise administrator the users of its own enterprise. */
export async function listUsers(db: Executor, actor: Actor, query: TListUsersQuery): Promise<TUser[]> {
  let scope: SQL | undefined;
  if (!hasRole(actor, 'SYSTEM_ADMIN')) {
    if (!actor.enterpriseId || !hasRole(actor, 'ENTERPRISE_ADMIN')) return [];
    scope = eq(users.enterpriseId, actor.enterpriseId);
  }
  const pattern = query.q ? containsPattern(query.q) : null;
  const rows = await db
    .select(userColumns)
    .from(users)
    .where(
      and(
        scope,
        query.enterpriseId ? eq(users.enterpriseId, query.enterpriseId) : undefined,
        query.active === undefined ? undefined : eq(users.active, query.active),
        pattern ? or(ilike(users.username, pattern), ilike(users.displayName, pattern)) : undefined,
      ),
    )
    .orderBy(asc(users.username))
    .limit(query.limit)
    .offset(query.offset);
  return presentUsers(db, rows);
}

/**
 * Creates a user whose password the caller has already hashed (hash outside the transaction: scrypt is slow).
 * A system administrator creates anyone; an enterprise administrator only enterprise users of its own enterprise.
 */
export async function createUser(
  tx: Executor,
  actor: Actor,
  input: Omit<TCreateUserRequest, 'password'>,
  passwordHash: string,
  correlationId: string | null,
): Promise<TUser> {
  const isSystemAdmin = hasRole(actor, 'SYSTEM_ADMIN');
  const enterpriseId = input.enterpriseId !== undefined ? input.enterpriseId : isSystemAdmin ? null : actor.enterpriseId;
  assertMayAdministerEnterprise(actor, enterpriseId, 'An enterprise administrator creates users only for its own enterprise.');

  const problems: FieldError[] = [];
  if (enterpriseId !== null && !(await enterpriseById(tx, enterpriseId))) {
    problems.push({ path: 'enterpriseId', code: 'UNKNOWN', message: `no enterprise ${enterpriseId}` });
  }
  problems.push(...roleProblems(input.roles, enterpriseId));
  if (problems.length) throw validationFailed(problems);

  const usernameTaken = () =>
    new AppError('CONFLICT', `The username ${input.username} is taken.`, {
      errors: [{ path: 'username', code: 'DUPLICATE', message: 'is already taken; choose another' }],
    });
  const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.username, input.username));
  if (existing) throw usernameTaken();

  let row: UserRow | undefined;
  try {
    [row] = await tx
      .insert(users)
      .values({ username: input.username, displayName: input.displayName, passwordHash, enterpriseId, roles: [...input.roles] })
      .returning(userColumns);
  } catch (error) {
    if (violatedUniqueConstraint(error) !== null) throw usernameTaken();
    throw error;
  }
  const [user] = await presentUsers(tx, [row!]);
  await appendAudit(tx, auditActor(actor), {
    action: 'user.create',
    entityType: 'user',
    entityId: user!.id,
    after: { username: user!.username, displayName: user!.displayName, roles: user!.roles, enterpriseId, active: user!.active },
    correlationId,
  });
  return user!;
}

/** The administrator roles that let an actor manage users: it may not take them from itself. */
const ADMIN_ROLES: readonly Role[] = ['SYSTEM_ADMIN', 'ENTERPRISE_ADMIN'];

/**
 * Changes display name, roles or active flag. Deactivating also ends all of the user's sessions at once
 * (its API keys stop working too, because authentication requires an active user).
 */
export async function updateUser(
  tx: Executor,
  actor: Actor,
  id: string,
  patch: TUpdateUserRequest,
  correlationId: string | null,
): Promise<TUser> {
  if (patch.displayName === undefined && patch.roles === undefined && patch.active === undefined) {
    throw validationFailed([{ path: 'body', code: 'EMPTY', message: 'send at least one of displayName, roles, active' }]);
  }
  const [found] = await tx.select(userColumns).from(users).where(eq(users.id, id)).for('update');
  const current = assertAdministers(actor, found, (user) => user.enterpriseId, 'user');

  const problems: FieldError[] = [];
  if (patch.roles) problems.push(...roleProblems(patch.roles, current.enterpriseId));
  if (current.id === actor.userId) {
    if (patch.active === false) problems.push({ path: 'active', code: 'SELF_DEACTIVATION', message: 'you cannot deactivate your own account' });
    const lost = patch.roles ? ADMIN_ROLES.filter((role) => current.roles.includes(role) && !patch.roles!.includes(role)) : [];
    if (lost.length) {
      problems.push({ path: 'roles', code: 'SELF_DEMOTION', message: `you cannot remove your own ${lost.join(', ')} role; ask another administrator` });
    }
  }
  if (problems.length) throw validationFailed(problems);

  const set: { displayName?: string; roles?: string[]; active?: boolean } = {};
  if (patch.displayName !== undefined && patch.displayName !== current.displayName) set.displayName = patch.displayName;
  if (patch.roles !== undefined && !sameRoles(patch.roles, current.roles)) set.roles = [...patch.roles];
  if (patch.active !== undefined && patch.active !== current.active) set.active = patch.active;
  if (Object.keys(set).length === 0) return (await presentUsers(tx, [current]))[0]!;

  const [row] = await tx.update(users).set(set).where(eq(users.id, id)).returning(userColumns);
  let sessionsEnded = 0;
  if (set.active === false) {
    sessionsEnded = (await tx.delete(sessions).where(eq(sessions.userId, id)).returning({ userId: sessions.userId })).length;
  }
  const fields = Object.keys(set) as (keyof typeof set)[];
  await appendAudit(tx, auditActor(actor), {
    action: 'user.update',
    entityType: 'user',
    entityId: id,
    before: Object.fromEntries(fields.map((field) => [field, current[field]])),
    after: { ...Object.fromEntries(fields.map((field) => [field, row![field]])), ...(set.active === false ? { sessionsEnded } : {}) },
    correlationId,
  });
  return (await presentUsers(tx, [row!]))[0]!;
}

function sameRoles(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((role) => b.includes(role));
}

// ─── Entrustments ─────────────────────────────────────────────────────────────────────────────────

type EntrustmentRow = typeof entrustments.$inferSelect;

function statusCondition(status: EntrustmentStatus, today: string): SQL {
  switch (status) {
    case 'REVOKED':
      return isNotNull(entrustments.revokedAt);
    case 'UPCOMING':
      return and(isNull(entrustments.revokedAt), gt(entrustments.validFrom, today))!;
    case 'EXPIRED':
      return and(isNull(entrustments.revokedAt), lt(entrustments.validTo, today))!;
    case 'ACTIVE':
      return and(isNull(entrustments.revokedAt), lte(entrustments.validFrom, today), gte(entrustments.validTo, today))!;
  }
}

async function presentEntrustments(db: Executor, rows: EntrustmentRow[], today: string): Promise<TEntrustment[]> {
  const refs = await enterpriseRefsById(db, rows.flatMap((row) => [row.importerId, row.agencyId]));
  return rows.map(({ importerId, agencyId, ...row }) => ({
    ...row,
    importer: refOrThrow(refs, importerId),
    agency: refOrThrow(refs, agencyId),
    status: entrustmentStatus(row, today),
  }));
}

/** Customs see every entrustment; an importer those it gave, an agency those naming it. */
export async function listEntrustments(db: Executor, actor: Actor, query: TListEntrustmentsQuery, today = todayInChina()): Promise<TEntrustment[]> {
  const own = actor.enterpriseId;
  const rows = await db
    .select()
    .from(entrustments)
    .where(
      and(
        isCustoms(actor) || !own ? undefined : or(eq(entrustments.importerId, own), eq(entrustments.agencyId, own)),
        query.importerId ? eq(entrustments.importerId, query.importerId) : undefined,
        query.agencyId ? eq(entrustments.agencyId, query.agencyId) : undefined,
        query.status ? statusCondition(query.status, today) : undefined,
      ),
    )
    .orderBy(desc(entrustments.createdAt), asc(entrustments.id));
  return presentEntrustments(db, rows, today);
}

export async function getEntrustment(db: Executor, actor: Actor, id: string, today = todayInChina()): Promise<TEntrustment> {
  const [row] = await db.select().from(entrustments).where(eq(entrustments.id, id));
  const visible = assertPartyTo(actor, row, (e) => [e.importerId, e.agencyId], 'entrustment');
  return (await presentEntrustments(db, [visible], today))[0]!;
}

/**
 * An importer entrusts an agency to declare for it from validFrom to validTo inclusive. Only the importer's own
 * enterprise administrator or a system administrator may do so; periods for one pair may not overlap.
 */
export async function createEntrustment(
  tx: Executor,
  actor: Actor,
  input: TCreateEntrustmentRequest,
  correlationId: string | null,
  today = todayInChina(),
): Promise<TEntrustment> {
  assertMayAdministerEnterprise(actor, input.importerId, "Only the importer's enterprise administrator or a system administrator can entrust an agency.");

  const problems: FieldError[] = [];
  if (input.validTo < input.validFrom) {
    problems.push({ path: 'validTo', code: 'BEFORE_VALID_FROM', message: `must be on or after validFrom (${input.validFrom})` });
  } else if (input.validTo < today) {
    problems.push({ path: 'validTo', code: 'IN_PAST', message: `the period is already over (today is ${today})` });
  }
  const [importer, agency] = await Promise.all([enterpriseById(tx, input.importerId), enterpriseById(tx, input.agencyId)]);
  if (!importer) problems.push({ path: 'importerId', code: 'UNKNOWN', message: `no enterprise ${input.importerId}` });
  else if (importer.kind !== 'IMPORTER') {
    problems.push({ path: 'importerId', code: 'WRONG_KIND', message: `${importer.nameEn} is an ${importer.kind}, not an IMPORTER` });
  }
  if (!agency) problems.push({ path: 'agencyId', code: 'UNKNOWN', message: `no enterprise ${input.agencyId}` });
  else if (agency.kind !== 'AGENCY') {
    problems.push({ path: 'agencyId', code: 'WRONG_KIND', message: `${agency.nameEn} is an ${agency.kind}, not an AGENCY (customs broker)` });
  }
  if (problems.length) throw validationFailed(problems);

  // Serialise entrustments of one pair so two concurrent requests cannot both pass the overlap check.
  await lockKey(tx, `orelane.entrustment.${input.importerId}.${input.agencyId}`);
  const [overlapping] = await tx
    .select({ id: entrustments.id, validFrom: entrustments.validFrom, validTo: entrustments.validTo })
    .from(entrustments)
    .where(
      and(
        eq(entrustments.importerId, input.importerId),
        eq(entrustments.agencyId, input.agencyId),
        isNull(entrustments.revokedAt),
        lte(entrustments.validFrom, input.validTo),
        gte(entrustments.validTo, input.validFrom),
      ),
    )
    .limit(1);
  if (overlapping) {
    throw new AppError('CONFLICT', `An entrustment of this agency from ${overlapping.validFrom} to ${overlapping.validTo} overlaps the period.`, {
      errors: [
        {
          path: 'validFrom',
          code: 'OVERLAP',
          message: `overlaps entrustment ${overlapping.id} (${overlapping.validFrom} – ${overlapping.validTo}); revoke it first or choose another period`,
        },
      ],
      extra: { conflictingEntrustmentId: overlapping.id },
    });
  }

  const [row] = await tx
    .insert(entrustments)
    .values({ importerId: input.importerId, agencyId: input.agencyId, validFrom: input.validFrom, validTo: input.validTo })
    .returning();
  const [entrustment] = await presentEntrustments(tx, [row!], today);
  await appendAudit(tx, auditActor(actor), {
    action: 'entrustment.create',
    entityType: 'entrustment',
    entityId: row!.id,
    after: { importerId: row!.importerId, agencyId: row!.agencyId, validFrom: row!.validFrom, validTo: row!.validTo },
    correlationId,
  });
  return entrustment!;
}

/**
 * Revokes an entrustment at once: the agency can no longer declare for the importer. Either party sees it, but only
 * the importer's enterprise administrator or a system administrator may revoke. Revoking twice changes nothing.
 */
export async function revokeEntrustment(tx: Executor, actor: Actor, id: string, correlationId: string | null): Promise<void> {
  const [found] = await tx.select().from(entrustments).where(eq(entrustments.id, id)).for('update');
  const current = assertPartyTo(actor, found, (e) => [e.importerId, e.agencyId], 'entrustment');
  assertMayAdministerEnterprise(actor, current.importerId, "Only the importer's enterprise administrator or a system administrator can revoke an entrustment.");
  if (current.revokedAt) return;
  const [row] = await tx
    .update(entrustments)
    .set({ revokedAt: sql`now()` })
    .where(eq(entrustments.id, id))
    .returning({ revokedAt: entrustments.revokedAt });
  await appendAudit(tx, auditActor(actor), {
    action: 'entrustment.revoke',
    entityType: 'entrustment',
    entityId: id,
    before: { revokedAt: null },
    after: { revokedAt: row!.revokedAt },
    correlationId,
  });
}

// ─── Overseas shippers ────────────────────────────────────────────────────────────────────────────

type ShipperRow = typeof overseasShippers.$inferSelect;

async function presentShippers(db: Executor, rows: ShipperRow[]): Promise<TOverseasShipper[]> {
  const names = await countryNames(db, rows.map((row) => row.countryCode));
  return rows.map((row) => {
    const country = names.get(row.countryCode);
    return { ...row, countryNameZh: country?.nameZh ?? row.countryCode, countryNameEn: country?.nameEn ?? row.countryCode };
  });
}

export async function findOverseasShipper(db: Executor, id: string): Promise<TOverseasShipper | undefined> {
  const [row] = await db.select().from(overseasShippers).where(eq(overseasShippers.id, id));
  return row ? (await presentShippers(db, [row]))[0] : undefined;
}

export async function overseasShipperExists(db: Executor, id: string): Promise<boolean> {
  const [row] = await db.select({ id: overseasShippers.id }).from(overseasShippers).where(eq(overseasShippers.id, id));
  return Boolean(row);
}

export async function listOverseasShippers(db: Executor, query: TListOverseasShippersQuery): Promise<TOverseasShipper[]> {
  const rows = await db
    .select()
    .from(overseasShippers)
    .where(
      and(
        query.countryCode ? eq(overseasShippers.countryCode, query.countryCode) : undefined,
        query.q ? ilike(overseasShippers.name, containsPattern(query.q)) : undefined,
      ),
    )
    .orderBy(asc(overseasShippers.name), asc(overseasShippers.id));
  return presentShippers(db, rows);
}

export async function createOverseasShipper(
  tx: Executor,
  actor: Actor,
  input: TCreateOverseasShipperRequest,
  correlationId: string | null,
): Promise<TOverseasShipper> {
  if (!(await countryExists(tx, input.countryCode))) {
    throw validationFailed([{ path: 'countryCode', code: 'UNKNOWN', message: `no country ${input.countryCode}; see GET /reference/countries` }]);
  }
  await lockKey(tx, `orelane.overseasShipper.${input.countryCode}.${input.name.toLowerCase()}`);
  const [duplicate] = await tx
    .select({ id: overseasShippers.id })
    .from(overseasShippers)
    .where(and(eq(overseasShippers.countryCode, input.countryCode), sql`lower(${overseasShippers.name}) = lower(${input.name})`));
  if (duplicate) {
    throw new AppError('CONFLICT', `${input.name} (${input.countryCode}) is already registered.`, {
      errors: [{ path: 'name', code: 'DUPLICATE', message: 'a shipper with this name is already registered in this country' }],
      extra: { existingId: duplicate.id },
    });
  }
  const [row] = await tx.insert(overseasShippers).values(input).returning();
  const [shipper] = await presentShippers(tx, [row!]);
  await appendAudit(tx, auditActor(actor), {
    action: 'overseasShipper.create',
    entityType: 'overseasShipper',
    entityId: row!.id,
    after: { name: row!.name, countryCode: row!.countryCode },
    correlationId,
  });
  return shipper!;
}
