import { and, asc, count, eq, gte, inArray, isNull, lt, lte, ne, or } from 'drizzle-orm';
import type { Executor } from '../../core/db/executor.js';
import type { CreditClass } from '../../core/auth/roles.js';
import { notFound } from '../../core/http/errors.js';
import { declarationItems, declarations } from '../declarations/declarations.tables.js';
import { inspectionTasks, onSiteChecks } from '../inspection/inspection.tables.js';
import { commodityInForce, todayInChina } from '../reference/reference.service.js';
import { enterprises } from '../registry/registry.tables.js';
import { cargoScreenings, radiationScreenings } from '../screening/screening.tables.js';
import type { DeclarationFacts } from './engine/index.js';
import { buildDeclarationFacts, type FactsSource } from './facts-builder.js';

/** A reading taken without a declaration counts for a declaration of the same vehicle within this window. */
export const SCREENING_MATCH_WINDOW_DAYS = 30;

type DeclarationKey = Pick<typeof declarations.$inferSelect, 'id' | 'trainNumber' | 'wagonNumbers' | 'truckPlates' | 'arrivalDate' | 'createdAt'>;

/** Readings of this declaration: recorded against it, or against one of its wagons/trucks before it existed. */
export function screeningsOf(table: typeof radiationScreenings | typeof cargoScreenings, declaration: DeclarationKey, at: Date) {
  const vehicles = [...declaration.wagonNumbers, ...declaration.truckPlates];
  const since = new Date(Date.parse(declaration.arrivalDate ?? declaration.createdAt) - SCREENING_MATCH_WINDOW_DAYS * 86_400_000).toISOString();
  const byVehicle = vehicles.length
    ? and(
        isNull(table.declarationId),
        inArray(table.vehicleNumber, vehicles),
        declaration.trainNumber ? or(isNull(table.trainNumber), eq(table.trainNumber, declaration.trainNumber)) : undefined,
        gte(table.screenedAt, since),
      )
    : undefined;
  return and(lte(table.screenedAt, at.toISOString()), byVehicle ? or(eq(table.declarationId, declaration.id), byVehicle) : eq(table.declarationId, declaration.id));
}

export async function loadFactsSource(tx: Executor, declarationId: string, at: Date): Promise<FactsSource> {
  const [row] = await tx.select().from(declarations).where(eq(declarations.id, declarationId));
  if (!row) throw notFound('declaration');
  const items = await tx.select().from(declarationItems).where(eq(declarationItems.declarationId, declarationId)).orderBy(asc(declarationItems.lineNo));
  const tariffDate = todayInChina(new Date(row.submittedAt ?? at));
  const categoryByCode = new Map<string, string | null>();
  for (const item of items) {
    if (item.commodityCode && !categoryByCode.has(item.commodityCode)) {
      categoryByCode.set(item.commodityCode, (await commodityInForce(tx, item.commodityCode, tariffDate))?.categoryCode ?? null);
    }
  }
  const [importer] = await tx.select({ creditClass: enterprises.creditClass }).from(enterprises).where(eq(enterprises.id, row.importerId));
  const [history] = await tx
    .select({ n: count() })
    .from(declarations)
    .where(and(eq(declarations.importerId, row.importerId), ne(declarations.id, row.id), lt(declarations.laneAssignedAt, at.toISOString())));
  const [failures] = await tx
    .select({ n: count() })
    .from(inspectionTasks)
    .innerJoin(declarations, eq(declarations.id, inspectionTasks.declarationId))
    .where(and(eq(declarations.importerId, row.importerId), ne(declarations.id, row.id), eq(inspectionTasks.state, 'FAILED'), lt(inspectionTasks.completedAt, at.toISOString())));
  const [weighed] = await tx
    .select({ weighedTonnes: onSiteChecks.weighedTonnes })
    .from(onSiteChecks)
    .innerJoin(inspectionTasks, eq(inspectionTasks.id, onSiteChecks.taskId))
    .where(and(eq(inspectionTasks.declarationId, row.id), lte(onSiteChecks.recordedAt, at.toISOString())));
  const radiation = await tx.select({ result: radiationScreenings.result }).from(radiationScreenings).where(screeningsOf(radiationScreenings, row, at));
  const cargo = await tx
    .select({ solidWaste: cargoScreenings.solidWaste, foreignMatter: cargoScreenings.foreignMatter, documentsMatch: cargoScreenings.documentsMatch })
    .from(cargoScreenings)
    .where(screeningsOf(cargoScreenings, row, at));

  return {
    declaration: row,
    items: items.map((item) => ({ ...item, categoryCode: item.commodityCode ? (categoryByCode.get(item.commodityCode) ?? null) : null })),
    // An importer missing from the register is treated as general credit; the engine never sees an unknown class.
    importerCreditClass: (importer?.creditClass ?? 'GENERAL') as CreditClass,
    importerDeclarationCount: history?.n ?? 0,
    importerNonConformityCount: failures?.n ?? 0,
    // No manifest / pre-arrival data reaches Orelane yet, so pre-arrival mass rules cannot fire until it does.
    preArrivalWetTonnes: null,
    weighedWetTonnes: weighed?.weighedTonnes ?? null,
    screenings: {
      radiation: radiation.map((r) => ({ result: r.result as 'PASS' | 'ALARM' })),
      cargo: cargo.map((c) => ({
        solidWaste: c.solidWaste as 'CLEAR' | 'SUSPECTED',
        foreignMatter: c.foreignMatter as 'NONE' | 'FOUND',
        documentsMatch: c.documentsMatch as 'MATCH' | 'MISMATCH' | null,
      })),
    },
  };
}

/** The facts of one declaration as they stand at `at`. */
export async function loadDeclarationFacts(tx: Executor, declarationId: string, at: Date): Promise<DeclarationFacts> {
  return buildDeclarationFacts(await loadFactsSource(tx, declarationId, at));
}

