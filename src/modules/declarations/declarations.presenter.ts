import { eq } from 'drizzle-orm';
import type { Executor } from '../../core/db/executor.js';
import type { Actor } from '../../core/auth/actor.js';
import type { TEnterpriseRef } from '../registry/registry.presenter.js';
import type { CreditClass, EnterpriseKind } from '../../core/auth/roles.js';
import { enterpriseRefsById } from '../registry/registry.service.js';
import { overseasShippers, users } from '../registry/registry.tables.js';
import { riskDecisions } from '../risk/risk.tables.js';
import { riskDisclosureFor } from '../risk/disclosure.js';
import { findTaskForDeclaration } from '../inspection/inspection.service.js';
import { auditTrail } from '../../core/audit/audit.js';
import type { DeclarationItemRow, DeclarationRefs, DeclarationRow } from './declarations.repository.js';
import { findItems } from './declarations.repository.js';
import type { TDeclaration } from './declarations.schema.js';
import { declarationWorkflow } from './declarations.service.js';

const MISSING_ENTERPRISE: TEnterpriseRef = { id: '00000000-0000-0000-0000-000000000000', nameZh: '（未知）', nameEn: '(unknown)', kind: 'IMPORTER', creditClass: 'GENERAL' };

/**
 * The full declaration as its reader may see it, with the actions open to that reader. Pass the items when
 * the caller has just stored them (in line order), and the enterprises and shipper when the caller's
 * statement returned them, to save reading them again.
 */
export async function presentDeclaration(
  db: Executor,
  actor: Actor,
  row: DeclarationRow,
  storedItems?: DeclarationItemRow[],
  storedRefs?: DeclarationRefs,
): Promise<TDeclaration> {
  // Sequential on purpose: inside a transaction every query shares one connection.
  const items = storedItems ?? (await findItems(db, row.id));
  const refs = storedRefs
    ? new Map(storedRefs.enterprises.map((e): [string, TEnterpriseRef] => [e.id, { ...e, kind: e.kind as EnterpriseKind, creditClass: e.creditClass as CreditClass }]))
    : await enterpriseRefsById(db, [row.importerId, row.declarantId]);
  // Risk decisions and inspection tasks are written with the lane: without a lane there are none.
  const decision = row.lane ? await db.select().from(riskDecisions).where(eq(riskDecisions.declarationId, row.id)) : [];
  const inspection = row.lane ? await findTaskForDeclaration(db, row.id) : undefined;
  const shipper = storedRefs ? storedRefs.shipper : await findShipper(db, row.overseasShipperId);
  let recordedBy = '';
  if (inspection?.check) {
    const [user] = await db.select({ name: users.displayName }).from(users).where(eq(users.id, inspection.check.recordedBy));
    recordedBy = user?.name ?? '';
  }
  const riskDecision = decision[0];
  return {
    id: row.id,
    number: row.number,
    mode: row.mode,
    isAdvance: row.isAdvance,
    state: row.state as TDeclaration['state'],
    version: row.version,
    importer: refs.get(row.importerId) ?? MISSING_ENTERPRISE,
    declarant: refs.get(row.declarantId) ?? MISSING_ENTERPRISE,
    portCode: row.portCode,
    transportModeCode: row.transportModeCode,
    trainNumber: row.trainNumber,
    wagonNumbers: row.wagonNumbers,
    truckPlates: row.truckPlates,
    arrivalDate: row.arrivalDate,
    contractNumber: row.contractNumber,
    invoiceNumber: row.invoiceNumber,
    incoterm: row.incoterm,
    currencyCode: row.currencyCode,
    freight: row.freight,
    insurance: row.insurance,
    originCountryCode: row.originCountryCode,
    departureCountryCode: row.departureCountryCode,
    overseasShipper: shipper ? { id: shipper.id, name: shipper.name, countryCode: shipper.countryCode } : null,
    items: items.map((item) => ({
      lineNo: item.lineNo,
      commodityCode: item.commodityCode,
      goodsName: item.goodsName,
      declarationElements: item.declarationElements as Record<string, string>,
      wetTonnes: item.wetTonnes,
      moisturePct: item.moisturePct,
      dryTonnes: item.dryTonnes,
      unitPrice: item.unitPrice,
      value: item.value,
      customsValueCny: item.customsValueCny,
      dutyRate: item.dutyRate,
      vatRate: item.vatRate,
      dutyCny: item.dutyCny,
      vatCny: item.vatCny,
    })),
    totals: {
      wetTonnes: row.totalWetTonnes,
      dryTonnes: row.totalDryTonnes,
      exchangeRate: row.exchangeRate,
      customsValueCny: row.customsValueCny,
      dutyCny: row.dutyCny,
      vatCny: row.vatCny,
    },
    lane: row.lane as TDeclaration['lane'],
    inspectionOutcome: row.inspectionOutcome as TDeclaration['inspectionOutcome'],
    riskDecision: riskDecision ? riskDisclosureFor(actor).decision(riskDecision) : null,
    inspection: inspection
      ? {
          taskId: inspection.task.id,
          state: inspection.task.state as 'PENDING' | 'IN_PROGRESS' | 'PASSED' | 'FAILED',
          createdAt: inspection.task.createdAt,
          startedAt: inspection.task.startedAt,
          completedAt: inspection.task.completedAt,
          check: inspection.check
            ? {
                sealIntact: inspection.check.sealIntact,
                doseRateUsvH: inspection.check.doseRateUsvH,
                doseRateThresholdUsvH: inspection.check.doseRateThresholdUsvH,
                solidWasteSuspected: inspection.check.solidWasteSuspected,
                foreignMatterFound: inspection.check.foreignMatterFound,
                weighedTonnes: inspection.check.weighedTonnes,
                massDeviationPct: inspection.check.massDeviationPct,
                outcome: inspection.check.outcome as 'PASSED' | 'FAILED',
                findings: inspection.check.findings,
                remarks: inspection.check.remarks,
                recordedBy,
                recordedAt: inspection.check.recordedAt,
              }
            : null,
        }
      : null,
    rejectionReason: row.rejectionReason,
    withdrawalReason: row.withdrawalReason,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    submittedAt: row.submittedAt,
    acceptedAt: row.acceptedAt,
    laneAssignedAt: row.laneAssignedAt,
    releasedAt: row.releasedAt,
    clearedAt: row.clearedAt,
    allowedActions: declarationWorkflow.allowedActions(actor, row, inspection?.task.state ?? null),
  };
}

async function findShipper(db: Executor, id: string | null): Promise<DeclarationRefs['shipper']> {
  if (!id) return null;
  const [shipper] = await db
    .select({ id: overseasShippers.id, name: overseasShippers.name, countryCode: overseasShippers.countryCode })
    .from(overseasShippers)
    .where(eq(overseasShippers.id, id));
  return shipper ?? null;
}

export async function presentSummaries(db: Executor, rows: { declaration: DeclarationRow; commodityCodes: string[] }[]) {
  const refs = await enterpriseRefsById(db, rows.flatMap((r) => [r.declaration.importerId, r.declaration.declarantId]));
  return rows.map(({ declaration: d, commodityCodes }) => ({
    id: d.id,
    number: d.number,
    state: d.state as TDeclaration['state'],
    version: d.version,
    importer: refs.get(d.importerId) ?? MISSING_ENTERPRISE,
    declarant: refs.get(d.declarantId) ?? MISSING_ENTERPRISE,
    transportModeCode: d.transportModeCode,
    trainNumber: d.trainNumber,
    arrivalDate: d.arrivalDate,
    lane: d.lane as TDeclaration['lane'],
    inspectionOutcome: d.inspectionOutcome as TDeclaration['inspectionOutcome'],
    totalWetTonnes: d.totalWetTonnes,
    customsValueCny: d.customsValueCny,
    commodityCodes,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    submittedAt: d.submittedAt,
    releasedAt: d.releasedAt,
  }));
}

/** The timeline as its reader may see it: enterprises get no risk-engine internals and no customs-only entries. */
export async function presentAuditTrail(db: Executor, actor: Actor, declarationId: string) {
  const disclosure = riskDisclosureFor(actor);
  const entries = await auditTrail(db, 'declaration', declarationId);
  return entries.flatMap((e) => disclosure.auditEntry({ id: e.id, at: e.at, actor: e.actorLabel, action: e.action, before: e.before, after: e.after }) ?? []);
}

