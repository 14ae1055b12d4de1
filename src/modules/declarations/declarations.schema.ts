import { z } from 'zod';
import { zDecimal } from '../../core/decimal.js';
import { ZEnterpriseRef } from '../registry/registry.presenter.js';
import { DECLARATION_STATES } from './state-machine.js';
import { LANES } from '../risk/lane-decider.js';
import { CHECK_ITEMS } from '../risk/engine/rule-schema.js';

export { DECLARATION_STATES };

export const INCOTERMS = ['EXW', 'FCA', 'FOB', 'CFR', 'CPT', 'CIF', 'CIP', 'DAP', 'DPU', 'DDP'] as const;
/** What a reader may do next (state-machine actions narrowed by role, plus recording the on-site check). */
export const USER_ACTIONS = ['edit', 'submit', 'accept', 'reject', 'withdraw', 'startInspection', 'recordCheck', 'release', 'clear'] as const;

/** Decimals travel as strings: money and mass never pass through binary floating point. */
const decimalString = (maxScale: number, maxIntegerDigits: number, description: string) =>
  zDecimal({ maxScale, maxIntegerDigits, min: '0' }).describe(description);

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

export const ZDraftItem = z.object({
  commodityCode: z.string().trim().regex(/^\d{10}$/, 'must be a 10-digit commodity code').nullable().optional(),
  goodsName: optionalText(200),
  declarationElements: z.record(z.string(), z.string().max(500)).optional().describe('申报要素: element key → value'),
  wetTonnes: decimalString(3, 11, 'Wet mass in tonnes').nullable().optional(),
  moisturePct: decimalString(2, 3, 'Moisture, % of wet mass').nullable().optional(),
  unitPrice: decimalString(4, 10, 'Price per dry tonne in the declaration currency').nullable().optional(),
});

/** A draft may be incomplete: everything is checked on submission, with field paths. */
export const ZDeclarationDraft = z
  .object({
    isAdvance: z.boolean().optional(),
    portCode: optionalText(20),
    transportModeCode: z.enum(['RAIL', 'ROAD']).nullable().optional(),
    trainNumber: optionalText(20),
    wagonNumbers: z.array(z.string().trim().min(1).max(20)).max(500).optional(),
    truckPlates: z.array(z.string().trim().min(1).max(20)).max(500).optional(),
    arrivalDate: z.iso.date().nullable().optional(),
    contractNumber: optionalText(50),
    invoiceNumber: optionalText(50),
    incoterm: z.enum(INCOTERMS).nullable().optional(),
    currencyCode: z.string().trim().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code').nullable().optional(),
    freight: decimalString(2, 14, 'Freight in the declaration currency (needed for EXW/FCA/FOB)').nullable().optional(),
    insurance: decimalString(2, 14, 'Insurance in the declaration currency').nullable().optional(),
    originCountryCode: z.string().trim().regex(/^[A-Z]{2}$/, 'must be an ISO 3166 code').nullable().optional(),
    departureCountryCode: z.string().trim().regex(/^[A-Z]{2}$/, 'must be an ISO 3166 code').nullable().optional(),
    overseasShipperId: z.uuid().nullable().optional(),
    items: z.array(ZDraftItem).max(50).optional(),
  })
  .meta({ id: 'DeclarationDraft' });

export const ZCreateDeclarationRequest = ZDeclarationDraft.extend({
  importerId: z.uuid().describe('The consignee; an agency needs an active entrustment from it'),
}).meta({ id: 'CreateDeclarationRequest' });

export const ZCreateDeclarationQuery = z.object({
  submit: z
    .enum(['true', 'false'])
    .optional()
    .transform((value) => value === 'true')
    .describe(
      'true: create the declaration and submit it in one request (for machine clients). The body must then be a complete ' +
        'declaration: it is validated as POST /declarations/{id}/submit does, and if that fails nothing is stored (422). ' +
        'On success the answer (201) is the submitted declaration, with its number and tax.',
    ),
});

export const ZItem = z
  .object({
    lineNo: z.number().int(),
    commodityCode: z.string().nullable(),
    goodsName: z.string().nullable(),
    declarationElements: z.record(z.string(), z.string()),
    wetTonnes: z.string().nullable(),
    moisturePct: z.string().nullable(),
    dryTonnes: z.string().nullable(),
    unitPrice: z.string().nullable(),
    value: z.string().nullable(),
    customsValueCny: z.string().nullable(),
    dutyRate: z.string().nullable(),
    vatRate: z.string().nullable(),
    dutyCny: z.string().nullable(),
    vatCny: z.string().nullable(),
  })
  .meta({ id: 'DeclarationItem' });

/** What an enterprise is told of its lane decision (risk/disclosure.ts decides who sees which). */
export const ZRiskDecisionNotice = z
  .object({
    lane: z.enum(LANES),
    decidedAt: z.string(),
    checks: z
      .array(z.enum(CHECK_ITEMS))
      .describe('The checks to prepare for: the documents for DOCUMENT_CHECK, the on-site checks for an inspection lane; empty for RELEASE'),
  })
  .meta({ id: 'RiskDecisionNotice', description: 'The lane decision as enterprise users see it: no rules, draws, scores or reasons' });

/** The decision as customs staff see it; the full record (fired rules, score, facts) is GET /risk/decisions/{id}. */
export const ZRiskDecision = ZRiskDecisionNotice.extend({
  checks: z.array(z.enum(CHECK_ITEMS)).describe('Every check item the decision calls for'),
  engine: z.string(),
  randomDraw: z.string(),
  reasons: z.array(z.object({ code: z.string(), params: z.record(z.string(), z.unknown()) })),
}).meta({ id: 'RiskDecision', description: 'The lane decision with its reasons and draw: customs staff only' });

export const ZOnSiteCheck = z
  .object({
    sealIntact: z.boolean(),
    doseRateUsvH: z.string(),
    doseRateThresholdUsvH: z.string(),
    solidWasteSuspected: z.boolean(),
    foreignMatterFound: z.boolean(),
    weighedTonnes: z.string(),
    massDeviationPct: z.string(),
    outcome: z.enum(['PASSED', 'FAILED']),
    findings: z.array(z.string()),
    remarks: z.string(),
    recordedBy: z.string(),
    recordedAt: z.string(),
  })
  .meta({ id: 'OnSiteCheck' });

export const ZInspectionSummary = z
  .object({
    taskId: z.uuid(),
    state: z.enum(['PENDING', 'IN_PROGRESS', 'PASSED', 'FAILED']),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    completedAt: z.string().nullable(),
    check: ZOnSiteCheck.nullable(),
  })
  .meta({ id: 'InspectionSummary' });

export const ZDeclaration = z
  .object({
    id: z.uuid(),
    number: z.string().nullable(),
    mode: z.string(),
    isAdvance: z.boolean(),
    state: z.enum(DECLARATION_STATES),
    version: z.number().int(),
    importer: ZEnterpriseRef,
    declarant: ZEnterpriseRef,
    portCode: z.string().nullable(),
    transportModeCode: z.string().nullable(),
    trainNumber: z.string().nullable(),
    wagonNumbers: z.array(z.string()),
    truckPlates: z.array(z.string()),
    arrivalDate: z.string().nullable(),
    contractNumber: z.string().nullable(),
    invoiceNumber: z.string().nullable(),
    incoterm: z.string().nullable(),
    currencyCode: z.string().nullable(),
    freight: z.string().nullable(),
    insurance: z.string().nullable(),
    originCountryCode: z.string().nullable(),
    departureCountryCode: z.string().nullable(),
    overseasShipper: z.object({ id: z.uuid(), name: z.string(), countryCode: z.string() }).nullable(),
    items: z.array(ZItem),
    totals: z.object({
      wetTonnes: z.string().nullable(),
      dryTonnes: z.string().nullable(),
      exchangeRate: z.string().nullable(),
      customsValueCny: z.string().nullable(),
      dutyCny: z.string().nullable(),
      vatCny: z.string().nullable(),
    }),
    lane: z.enum(LANES).nullable(),
    inspectionOutcome: z.enum(['PENDING', 'PASSED', 'FAILED']).nullable(),
    riskDecision: z
      .union([ZRiskDecision, ZRiskDecisionNotice])
      .nullable()
      .describe('Customs staff get RiskDecision (with reasons and draw); enterprise users get RiskDecisionNotice (lane, time, checks to prepare for)'),
    inspection: ZInspectionSummary.nullable(),
    rejectionReason: z.string().nullable(),
    withdrawalReason: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    submittedAt: z.string().nullable(),
    acceptedAt: z.string().nullable(),
    laneAssignedAt: z.string().nullable(),
    releasedAt: z.string().nullable(),
    clearedAt: z.string().nullable(),
    /** What the caller may do next, given its roles and the state: the UI shows exactly these buttons. */
    allowedActions: z.array(z.enum(USER_ACTIONS)),
  })
  .meta({ id: 'Declaration' });

export const ZDeclarationSummary = z
  .object({
    id: z.uuid(),
    number: z.string().nullable(),
    state: z.enum(DECLARATION_STATES),
    version: z.number().int(),
    importer: ZEnterpriseRef,
    declarant: ZEnterpriseRef,
    transportModeCode: z.string().nullable(),
    trainNumber: z.string().nullable(),
    arrivalDate: z.string().nullable(),
    lane: z.enum(LANES).nullable(),
    inspectionOutcome: z.enum(['PENDING', 'PASSED', 'FAILED']).nullable(),
    totalWetTonnes: z.string().nullable(),
    customsValueCny: z.string().nullable(),
    commodityCodes: z.array(z.string()),
    createdAt: z.string(),
    updatedAt: z.string(),
    submittedAt: z.string().nullable(),
    releasedAt: z.string().nullable(),
  })
  .meta({ id: 'DeclarationSummary' });

export const ZDeclarationListQuery = z.object({
  state: z
    .string()
    .optional()
    .describe('Comma-separated states')
    .transform((value, ctx) => {
      if (!value) return undefined;
      const states = value.split(',').map((s) => s.trim());
      for (const state of states) {
        if (!(DECLARATION_STATES as readonly string[]).includes(state)) {
          ctx.addIssue({ code: 'custom', message: `unknown state ${state}` });
          return z.NEVER;
        }
      }
      return states as (typeof DECLARATION_STATES)[number][];
    }),
  queue: z.enum(['to-accept', 'to-release', 'to-clear']).optional().describe('Customs work queues, oldest first (ignored for enterprise users)'),
  q: z.string().trim().max(100).optional().describe('Matches number, train, contract or invoice number'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export const ZDeclarationList = z
  .object({ items: z.array(ZDeclarationSummary), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() })
  .meta({ id: 'DeclarationList' });

export const ZReasonRequest = z.object({ reason: z.string().trim().min(1).max(1000) });

export const ZAuditEntry = z
  .object({
    id: z.number().int(),
    at: z.string(),
    actor: z.string(),
    action: z.string(),
    before: z.unknown(),
    after: z.unknown(),
  })
  .meta({
    id: 'AuditEntry',
    description: 'For enterprise users the risk steps show only the state and lane, and customs-only entries (screening readings) are left out',
  });

export const ZTaxPreview = z
  .object({
    items: z.array(z.object({ lineNo: z.number().int(), dryTonnes: z.string().nullable(), value: z.string().nullable(), customsValueCny: z.string().nullable(), dutyCny: z.string().nullable(), vatCny: z.string().nullable() })),
    totals: z.object({ exchangeRate: z.string().nullable(), customsValueCny: z.string().nullable(), dutyCny: z.string().nullable(), vatCny: z.string().nullable(), dryTonnes: z.string().nullable(), wetTonnes: z.string().nullable() }),
    errors: z.array(z.object({ path: z.string(), code: z.string(), message: z.string() })),
  })
  .meta({ id: 'TaxPreview' });

export type TDeclaration = z.infer<typeof ZDeclaration>;
export type TDeclarationDraft = z.infer<typeof ZDeclarationDraft>;
export type UserAction = (typeof USER_ACTIONS)[number];
