import { z } from 'zod';
import { CREDIT_CLASSES, ENTERPRISE_KINDS, ROLES } from '../../core/auth/roles.js';
import { ZEnterpriseRef } from './registry.presenter.js';

/** Request and response schemas of the registry: enterprises, users, entrustments, overseas shippers. */

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);
const booleanFlag = z
  .enum(['true', 'false'])
  .transform((value) => value === 'true')
  .describe('"true" or "false"');
const search = z.string().trim().min(1).max(100).describe('Case-insensitive substring of a name or code');
const limit = z.coerce.number().int().min(1).max(1000).default(200);
const offset = z.coerce.number().int().min(0).default(0);

// ─── Enterprises ─────────────────────────────────────────────────────────────────────────────────

export const ZEnterprise = z
  .object({
    id: z.uuid(),
    nameZh: z.string(),
    nameEn: z.string(),
    usccCode: z.string().describe('统一社会信用代码, 18 characters'),
    customsCode: z.string().describe('海关编码, 10 characters'),
    kind: z.enum(ENTERPRISE_KINDS),
    creditClass: z.enum(CREDIT_CLASSES),
    address: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Enterprise' });

export const ZListEnterprisesQuery = z.object({
  kind: z.enum(ENTERPRISE_KINDS).optional(),
  creditClass: z.enum(CREDIT_CLASSES).optional(),
  q: search.optional(),
  limit,
  offset,
});

export const ZCreateEnterpriseRequest = z
  .object({
    nameZh: text(200),
    nameEn: text(200),
    usccCode: z.string().trim().toUpperCase().describe('Unified social credit code (GB 32100-2015), check character verified'),
    customsCode: z.string().trim().toUpperCase().describe('Customs registration code, 10 characters'),
    kind: z.enum(ENTERPRISE_KINDS),
    creditClass: z.enum(CREDIT_CLASSES).default('GENERAL').describe('GACC credit class; new enterprises are usually GENERAL'),
    address: text(500),
  })
  .strict()
  .meta({ id: 'CreateEnterpriseRequest' });

export const ZUpdateEnterpriseRequest = z
  .object({
    nameZh: text(200).optional(),
    nameEn: text(200).optional(),
    address: text(500).optional(),
    creditClass: z.enum(CREDIT_CLASSES).optional().describe('A change is audited with the class before and after'),
  })
  .strict()
  .meta({ id: 'UpdateEnterpriseRequest' });

export const ZIdParams = z.object({ id: z.uuid() });

// ─── Users ────────────────────────────────────────────────────────────────────────────────────────

export const USERNAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@-]{2,63}$/;
export const MIN_PASSWORD_LENGTH = 10;

export const ZUser = z
  .object({
    id: z.uuid(),
    username: z.string(),
    displayName: z.string(),
    roles: z.array(z.enum(ROLES)),
    enterprise: ZEnterpriseRef.nullable().describe('Null for customs staff'),
    active: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: 'User' });

export const ZListUsersQuery = z.object({
  enterpriseId: z.uuid().optional(),
  active: booleanFlag.optional(),
  q: search.optional(),
  limit,
  offset,
});

const ZRoles = z
  .array(z.enum(ROLES))
  .min(1, 'needs at least one role')
  .max(ROLES.length)
  .refine((roles) => new Set(roles).size === roles.length, 'lists a role twice');

export const ZCreateUserRequest = z
  .object({
    username: z.string().trim().regex(USERNAME_PATTERN, 'must be 3–64 letters, digits or . _ @ -, starting with a letter or digit'),
    displayName: text(100),
    password: z.string().min(MIN_PASSWORD_LENGTH, `must have at least ${MIN_PASSWORD_LENGTH} characters`).max(200),
    enterpriseId: z
      .uuid()
      .nullable()
      .optional()
      .describe("Null for customs staff; omitted: an enterprise administrator's own enterprise, or customs for a system administrator"),
    roles: ZRoles.describe('Customs roles for customs staff, enterprise roles for enterprise users'),
  })
  .strict()
  .meta({ id: 'CreateUserRequest' });

export const ZUpdateUserRequest = z
  .object({
    displayName: text(100).optional(),
    roles: ZRoles.optional(),
    active: z.boolean().optional().describe('false signs the user out everywhere at once'),
  })
  .strict()
  .meta({ id: 'UpdateUserRequest' });

// ─── Entrustments ─────────────────────────────────────────────────────────────────────────────────

export const ENTRUSTMENT_STATUSES = ['ACTIVE', 'UPCOMING', 'EXPIRED', 'REVOKED'] as const;
export type EntrustmentStatus = (typeof ENTRUSTMENT_STATUSES)[number];

export const ZEntrustment = z
  .object({
    id: z.uuid(),
    importer: ZEnterpriseRef,
    agency: ZEnterpriseRef,
    validFrom: z.string(),
    validTo: z.string(),
    revokedAt: z.string().nullable(),
    createdAt: z.string(),
    status: z.enum(ENTRUSTMENT_STATUSES).describe('As of today in China'),
  })
  .meta({ id: 'Entrustment', description: '报关委托: an importer authorises an agency to declare for it' });

export const ZListEntrustmentsQuery = z.object({
  importerId: z.uuid().optional(),
  agencyId: z.uuid().optional(),
  status: z.enum(ENTRUSTMENT_STATUSES).optional(),
});

export const ZCreateEntrustmentRequest = z
  .object({
    importerId: z.uuid(),
    agencyId: z.uuid(),
    validFrom: z.iso.date(),
    validTo: z.iso.date().describe('Last day the agency may declare, inclusive'),
  })
  .strict()
  .meta({ id: 'CreateEntrustmentRequest' });

// ─── Overseas shippers ────────────────────────────────────────────────────────────────────────────

export const ZOverseasShipper = z
  .object({
    id: z.uuid(),
    name: z.string(),
    countryCode: z.string(),
    countryNameZh: z.string(),
    countryNameEn: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: 'OverseasShipper', description: '境外发货人: a foreign seller or shipper, e.g. a Kazakh mine' });

export const ZListOverseasShippersQuery = z.object({
  countryCode: z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, 'must be a 2-letter ISO 3166-1 code').optional(),
  q: search.optional(),
});

export const ZCreateOverseasShipperRequest = z
  .object({
    name: text(200),
    countryCode: z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, 'must be a 2-letter ISO 3166-1 code'),
  })
  .strict()
  .meta({ id: 'CreateOverseasShipperRequest' });

export const items = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

export type TEnterprise = z.infer<typeof ZEnterprise>;
export type TListEnterprisesQuery = z.infer<typeof ZListEnterprisesQuery>;
export type TCreateEnterpriseRequest = z.infer<typeof ZCreateEnterpriseRequest>;
export type TUpdateEnterpriseRequest = z.infer<typeof ZUpdateEnterpriseRequest>;
export type TUser = z.infer<typeof ZUser>;
export type TListUsersQuery = z.infer<typeof ZListUsersQuery>;
export type TCreateUserRequest = z.infer<typeof ZCreateUserRequest>;
export type TUpdateUserRequest = z.infer<typeof ZUpdateUserRequest>;
export type TEntrustment = z.infer<typeof ZEntrustment>;
export type TListEntrustmentsQuery = z.infer<typeof ZListEntrustmentsQuery>;
export type TCreateEntrustmentRequest = z.infer<typeof ZCreateEntrustmentRequest>;
export type TOverseasShipper = z.infer<typeof ZOverseasShipper>;
export type TListOverseasShippersQuery = z.infer<typeof ZListOverseasShippersQuery>;
export type TCreateOverseasShipperRequest = z.infer<typeof ZCreateOverseasShipperRequest>;
