import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Actor } from '../../core/auth/actor.js';
import {
  assertAdministers,
  assertEnterpriseInScope,
  enterpriseScope,
  inEnterpriseScope,
  isPartyTo,
  mayAdministerEnterprise,
} from '../../core/auth/enterprise-scope.js';
import type { Role } from '../../core/auth/roles.js';
import { AppError } from '../../core/http/errors.js';
import { makeUscc, USCC_CHARSET } from './uscc.js';
import {
  containsPattern,
  customsCodeProblem,
  entrustmentStatus,
  periodsOverlap,
  roleProblems,
  usccProblem,
  violatedUniqueConstraint,
} from './registry.service.js';
import { ZCreateEnterpriseRequest, ZCreateUserRequest, ZListUsersQuery, ZUpdateUserRequest } from './registry.schema.js';

const IMPORTER = '11111111-1111-4111-8111-111111111111';
const AGENCY = '22222222-2222-4222-8222-222222222222';
const OTHER = '33333333-3333-4333-8333-333333333333';

function actor(roles: Role[], enterpriseId: string | null = null, kind: Actor['enterpriseKind'] = null): Actor {
  return {
    userId: '99999999-9999-4999-8999-999999999999',
    username: 'someone',
    displayName: 'Someone',
    roles,
    enterpriseId,
    enterpriseKind: kind,
    entrustingImporterIds: [],
    via: 'session',
    csrfToken: 'token',
  };
}

describe('usccProblem', () => {
  const valid = makeUscc('91654004MA7A1B2C3');

  it('accepts a code with the right check character', () => {
    expect(usccProblem(valid)).toBeNull();
  });

  it('names the expected check character on the usccCode field', () => {
    const wrong = valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0');
    const problem = usccProblem(wrong);
    expect(problem).toMatchObject({ path: 'usccCode', code: 'CHECK_CHARACTER' });
    expect(problem!.message).toContain(`"${valid[17]}"`);
  });

  it('finds every single-character typo in the check position', () => {
    const chars = (alphabet: string, length: number) => fc.array(fc.constantFrom(...alphabet), { minLength: length, maxLength: length });
    const first17 = fc
      .tuple(chars(USCC_CHARSET, 2), chars('0123456789', 6), chars(USCC_CHARSET, 9))
      .map(([head, division, organisation]) => [...head, ...division, ...organisation].join(''));
    fc.assert(
      fc.property(first17, fc.constantFrom(...USCC_CHARSET), (head, check) => {
        const code = head + check;
        const expected = makeUscc(head)[17];
        const problem = usccProblem(code);
        if (check === expected) expect(problem).toBeNull();
        else expect(problem?.message).toContain(`"${expected}"`);
      }),
    );
  });

  it('explains length, characters and the division code', () => {
    expect(usccProblem('9165')).toMatchObject({ code: 'LENGTH', message: 'must have 18 characters, not 4' });
    expect(usccProblem('91654004MA7A1B2CIO')).toMatchObject({ code: 'CHARSET' });
    expect(usccProblem(makeUscc('91ABCDEFMA7A1B2C3'))).toMatchObject({ code: 'DIVISION' });
  });
});

describe('customsCodeProblem', () => {
  it('wants 10 digits or capital letters', () => {
    expect(customsCodeProblem('6509960123')).toBeNull();
    expect(customsCodeProblem('650996012')).toMatchObject({ path: 'customsCode', code: 'LENGTH' });
    expect(customsCodeProblem('65099601-3')).toMatchObject({ path: 'customsCode', code: 'CHARSET' });
  });
});

describe('roleProblems', () => {
  it('keeps customs roles for customs staff and enterprise roles for enterprise users', () => {
    expect(roleProblems(['INSPECTOR', 'SYSTEM_ADMIN'], null)).toEqual([]);
    expect(roleProblems(['ENTERPRISE_USER', 'ENTERPRISE_ADMIN'], IMPORTER)).toEqual([]);
    expect(roleProblems(['INSPECTOR', 'ENTERPRISE_USER'], null)).toEqual([expect.objectContaining({ path: 'roles.1', code: 'ROLE_NOT_ALLOWED' })]);
    expect(roleProblems(['ENTERPRISE_USER', 'SYSTEM_ADMIN'], IMPORTER)).toEqual([expect.objectContaining({ path: 'roles.1', code: 'ROLE_NOT_ALLOWED' })]);
  });
});

describe('entrustmentStatus', () => {
  const period = { validFrom: '2026-01-01', validTo: '2026-06-30', revokedAt: null };

  it('is active on both end days and between them', () => {
    expect(entrustmentStatus(period, '2026-01-01')).toBe('ACTIVE');
    expect(entrustmentStatus(period, '2026-03-15')).toBe('ACTIVE');
    expect(entrustmentStatus(period, '2026-06-30')).toBe('ACTIVE');
  });

  it('is upcoming before, expired after, and revoked whenever revoked', () => {
    expect(entrustmentStatus(period, '2025-12-31')).toBe('UPCOMING');
    expect(entrustmentStatus(period, '2026-07-01')).toBe('EXPIRED');
    expect(entrustmentStatus({ ...period, revokedAt: '2026-02-01T08:00:00Z' }, '2026-03-15')).toBe('REVOKED');
  });
});

describe('periodsOverlap', () => {
  it('counts a shared end day as overlap', () => {
    const a = { validFrom: '2026-01-01', validTo: '2026-06-30' };
    expect(periodsOverlap(a, { validFrom: '2026-06-30', validTo: '2026-12-31' })).toBe(true);
    expect(periodsOverlap(a, { validFrom: '2026-07-01', validTo: '2026-12-31' })).toBe(false);
    expect(periodsOverlap(a, { validFrom: '2025-01-01', validTo: '2027-01-01' })).toBe(true);
  });
});

describe('containsPattern', () => {
  it('takes LIKE wildcards literally', () => {
    expect(containsPattern('100%_iron\\')).toBe('%100\\%\\_iron\\\\%');
  });
});

describe('violatedUniqueConstraint', () => {
  it('finds a unique violation wrapped by the query builder', () => {
    const pgError = Object.assign(new Error('duplicate key'), { code: '23505', constraint: 'users_username_unique' });
    expect(violatedUniqueConstraint(new Error('Failed query', { cause: pgError }))).toBe('users_username_unique');
    expect(violatedUniqueConstraint(new Error('other'))).toBeNull();
  });
});

describe('enterprise scope', () => {
  const customs = actor(['INSPECTOR']);
  const agency = actor(['ENTERPRISE_USER'], AGENCY, 'AGENCY');

  it('lets customs staff see every enterprise and an enterprise itself and its partners', () => {
    expect(inEnterpriseScope(enterpriseScope(customs, []), OTHER)).toBe(true);
    const scope = enterpriseScope(agency, [IMPORTER]);
    expect(inEnterpriseScope(scope, AGENCY)).toBe(true);
    expect(inEnterpriseScope(scope, IMPORTER)).toBe(true);
    expect(inEnterpriseScope(scope, OTHER)).toBe(false);
  });

  it('answers 404 for an enterprise out of scope', () => {
    const scope = enterpriseScope(agency, []);
    expect(() => assertEnterpriseInScope(scope, { id: OTHER }, 'enterprise')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(assertEnterpriseInScope(scope, { id: AGENCY }, 'enterprise')).toEqual({ id: AGENCY });
  });

  it('shows an entrustment to both parties and customs only', () => {
    expect(isPartyTo(agency, [IMPORTER, AGENCY])).toBe(true);
    expect(isPartyTo(actor(['ENTERPRISE_ADMIN'], OTHER, 'IMPORTER'), [IMPORTER, AGENCY])).toBe(false);
    expect(isPartyTo(customs, [IMPORTER, AGENCY])).toBe(true);
  });

  it('lets a system administrator administer all and an enterprise administrator only its own enterprise', () => {
    expect(mayAdministerEnterprise(actor(['SYSTEM_ADMIN']), IMPORTER)).toBe(true);
    expect(mayAdministerEnterprise(actor(['SYSTEM_ADMIN']), null)).toBe(true);
    expect(mayAdministerEnterprise(actor(['ENTERPRISE_ADMIN'], IMPORTER, 'IMPORTER'), IMPORTER)).toBe(true);
    expect(mayAdministerEnterprise(actor(['ENTERPRISE_ADMIN'], IMPORTER, 'IMPORTER'), OTHER)).toBe(false);
    expect(mayAdministerEnterprise(actor(['ENTERPRISE_ADMIN'], IMPORTER, 'IMPORTER'), null)).toBe(false);
    expect(mayAdministerEnterprise(actor(['ENTERPRISE_USER'], IMPORTER, 'IMPORTER'), IMPORTER)).toBe(false);
    expect(() => assertAdministers(actor(['ENTERPRISE_ADMIN'], IMPORTER, 'IMPORTER'), { enterpriseId: null }, (u) => u.enterpriseId, 'user')).toThrow(AppError);
  });
});

describe('registry request schemas', () => {
  it('normalises the codes of a new enterprise and defaults its credit class', () => {
    const parsed = ZCreateEnterpriseRequest.parse({
      nameZh: '霍尔果斯矿业进口有限公司',
      nameEn: 'Horgos Mining Import Co.',
      usccCode: ' 91654004ma7a1b2c3x ',
      customsCode: '6509960123',
      kind: 'IMPORTER',
      address: 'Horgos',
    });
    expect(parsed.usccCode).toBe('91654004MA7A1B2C3X');
    expect(parsed.creditClass).toBe('GENERAL');
    expect(ZCreateEnterpriseRequest.safeParse({ ...parsed, id: 'x' }).success).toBe(false);
  });

  it('wants a 10-character password, a clean username and distinct roles', () => {
    const user = { username: 'li.wei', displayName: '李伟', password: 'long enough!', roles: ['INSPECTOR'] };
    expect(ZCreateUserRequest.safeParse(user).success).toBe(true);
    expect(ZCreateUserRequest.safeParse({ ...user, password: 'short' }).success).toBe(false);
    expect(ZCreateUserRequest.safeParse({ ...user, username: 'li wei' }).success).toBe(false);
    expect(ZCreateUserRequest.safeParse({ ...user, roles: [] }).success).toBe(false);
    expect(ZCreateUserRequest.safeParse({ ...user, roles: ['INSPECTOR', 'INSPECTOR'] }).success).toBe(false);
    expect(ZCreateUserRequest.safeParse({ ...user, roles: ['CAPTAIN'] }).success).toBe(false);
  });

  it('refuses fields a user patch cannot change', () => {
    expect(ZUpdateUserRequest.safeParse({ active: false }).success).toBe(true);
    expect(ZUpdateUserRequest.safeParse({ passwordHash: 'x' }).success).toBe(false);
    expect(ZListUsersQuery.parse({ active: 'false' }).active).toBe(false);
  });
});
