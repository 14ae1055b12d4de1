import { and, desc, eq, gte, inArray, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../core/db/executor.js';
import type { Actor } from '../../core/auth/actor.js';
import { auditActor } from '../../core/auth/actor.js';
import { appendAudit } from '../../core/audit/audit.js';
import { Decimal } from '../../core/decimal.js';
import { notFound } from '../../core/http/errors.js';
import { notify } from '../../core/notify.js';
import { readSetting } from '../../core/settings.js';
import { declarations } from '../declarations/declarations.tables.js';
import { findDeclaration } from '../declarations/declarations.repository.js';
import { INSPECTION_THRESHOLDS } from '../inspection/inspection.settings.js';
import { SCREENING_MATCH_WINDOW_DAYS, screeningsOf } from '../risk/facts-loader.js';
import { redecideIfEscalated, type Escalation } from '../risk/redecide.js';
import { cargoScreenings, radiationScreenings } from './screening.tables.js';

/**
 * Quick screening at arrival: radiation portal monitor readings and rapid solid-waste / foreign-matter checks, per
 * wagon or truck. Readings feed the risk facts; an alarm escalates at once — the officers on duty are told, and
 * every open declaration of the lot still waiting for release is re-decided, which the safety floor (GACC
 * Announcement 2018 No. 134) sends to inspection before release.
 */

export type RadiationScreeningRow = typeof radiationScreenings.$inferSelect;
export type CargoScreeningRow = typeof cargoScreenings.$inferSelect;
export const VEHICLE_KINDS = ['WAGON', 'TRUCK'] as const;
/** The roles told about an alarm: whoever is on duty at the inspection site and their supervisor. */
export const ALARM_AUDIENCE = ['SUPERVISOR', 'INSPECTOR'] as const;

interface VehicleKey {
  declarationId?: string | null;
  trainNumber?: string | null;
  vehicleKind: (typeof VEHICLE_KINDS)[number];
  vehicleNumber: string;
  screenedAt?: string;
  remarks?: string;
}

export interface RadiationInput extends VehicleKey {
  doseRateUsvH: string;
  backgroundUsvH: string;
  /** Defaults to the inspection setting in force (inspection.thresholds). */
  alarmThresholdUsvH?: string;
}

export interface CargoInput extends VehicleKey {
  solidWaste: 'CLEAR' | 'SUSPECTED';
  foreignMatter: 'NONE' | 'FOUND';
  documentsMatch?: 'MATCH' | 'MISMATCH' | null;
}

type Options = { correlationId: string; at?: Date };

/** A reading alarms when the dose rate is above the alarm threshold (the same comparison as the on-site check). */
export function radiationResult(doseRateUsvH: string, alarmThresholdUsvH: string): 'PASS' | 'ALARM' {
  return new Decimal(doseRateUsvH).greaterThan(alarmThresholdUsvH) ? 'ALARM' : 'PASS';
}

export function cargoResult(input: Pick<CargoInput, 'solidWaste' | 'foreignMatter' | 'documentsMatch'>): 'PASS' | 'ALARM' {
  return input.solidWaste === 'SUSPECTED' || input.foreignMatter === 'FOUND' || input.documentsMatch === 'MISMATCH' ? 'ALARM' : 'PASS';
}

async function assertDeclaration(tx: Executor, declarationId: string | null | undefined) {
  if (!declarationId) return null;
  const row = await findDeclaration(tx, declarationId);
  if (!row) throw notFound('declaration');
  return row;
}

/**
 * The open declarations a reading concerns: the one it names, or those carrying its vehicle (and train, when both
 * name one) that arrived within the matching window.
 */
async function affectedDeclarations(tx: Executor, key: VehicleKey, at: Date): Promise<string[]> {
  if (key.declarationId) return [key.declarationId];
  const since = new Date(at.getTime() - SCREENING_MATCH_WINDOW_DAYS * 86_400_000).toISOString().slice(0, 10);
  const conditions: SQL[] = [
    inArray(declarations.state, ['SUBMITTED', 'ACCEPTED', 'LANE_ASSIGNED', 'UNDER_INSPECTION']),
    sql`(${key.vehicleNumber} = any(${declarations.wagonNumbers}) or ${key.vehicleNumber} = any(${declarations.truckPlates}))`,
    sql`coalesce(${declarations.arrivalDate}, ${declarations.createdAt}::date) >= ${since}::date`,
  ];
  if (key.trainNumber) conditions.push(sql`(${declarations.trainNumber} is null or ${declarations.trainNumber} = ${key.trainNumber})`);
  const rows = await tx.select({ id: declarations.id }).from(declarations).where(and(...conditions)).orderBy(declarations.createdAt);
  return rows.map((row) => row.id);
}

async function escalate(tx: Executor, actor: Actor, key: VehicleKey, kind: 'radiation' | 'cargo', screeningId: string, details: Record<string, unknown>, options: Options): Promise<Escalation[]> {
  const at = options.at ?? new Date();
  const affected = await affectedDeclarations(tx, key, at);
  await notify(
    tx,
    ALARM_AUDIENCE.map((role) => ({
      role,
      type: 'screening.alarm',
      entityType: key.declarationId ? 'declaration' : 'vehicle',
      entityId: key.declarationId ?? key.vehicleNumber,
      payload: { kind, screeningId, vehicleKind: key.vehicleKind, vehicleNumber: key.vehicleNumber, trainNumber: key.trainNumber ?? null, declarationIds: affected, ...details },
    })),
  );
  const escalations: Escalation[] = [];
  for (const declarationId of affected) {
    const escalation = await redecideIfEscalated(tx, actor, declarationId, `screening.${kind}.alarm:${screeningId}`, options);
    if (escalation) escalations.push(escalation);
  }
  return escalations;
}

async function auditReading(tx: Executor, actor: Actor, kind: 'radiation' | 'cargo', key: VehicleKey, after: Record<string, unknown>, options: Options) {
  await appendAudit(tx, auditActor(actor), {
    action: `screening.${kind}`,
    entityType: key.declarationId ? 'declaration' : 'vehicle',
    entityId: key.declarationId ?? key.vehicleNumber,
    after,
    correlationId: options.correlationId,
    at: options.at?.toISOString(),
  });
}

export async function recordRadiationScreening(tx: Executor, actor: Actor, input: RadiationInput, options: Options) {
  await assertDeclaration(tx, input.declarationId);
  const at = options.at ?? new Date();
  const threshold = input.alarmThresholdUsvH ?? (await readSetting(tx, INSPECTION_THRESHOLDS)).doseRateThresholdUsvH;
  const result = radiationResult(input.doseRateUsvH, threshold);
  const [row] = await tx
    .insert(radiationScreenings)
    .values({
      declarationId: input.declarationId ?? null,
      trainNumber: input.trainNumber ?? null,
      vehicleKind: input.vehicleKind,
      vehicleNumber: input.vehicleNumber,
      doseRateUsvH: input.doseRateUsvH,
      backgroundUsvH: input.backgroundUsvH,
      alarmThresholdUsvH: threshold,
      result,
      remarks: input.remarks ?? '',
      screenedAt: input.screenedAt ? new Date(input.screenedAt).toISOString() : at.toISOString(),
      recordedBy: actor.userId,
      recordedAt: at.toISOString(),
    })
    .returning();
  const escalations =
    result === 'ALARM'
      ? await escalate(tx, actor, input, 'radiation', row!.id, { doseRateUsvH: row!.doseRateUsvH, alarmThresholdUsvH: row!.alarmThresholdUsvH }, options)
      : [];
  await auditReading(tx, actor, 'radiation', input, { screeningId: row!.id, vehicleNumber: row!.vehicleNumber, doseRateUsvH: row!.doseRateUsvH, backgroundUsvH: row!.backgroundUsvH, alarmThresholdUsvH: row!.alarmThresholdUsvH, result, escalations }, options);
  return { screening: row!, escalations };
}

export async function recordCargoScreening(tx: Executor, actor: Actor, input: CargoInput, options: Options) {
  await assertDeclaration(tx, input.declarationId);
  const at = options.at ?? new Date();
  const result = cargoResult(input);
  const [row] = await tx
    .insert(cargoScreenings)
    .values({
      declarationId: input.declarationId ?? null,
      trainNumber: input.trainNumber ?? null,
      vehicleKind: input.vehicleKind,
      vehicleNumber: input.vehicleNumber,
      solidWaste: input.solidWaste,
      foreignMatter: input.foreignMatter,
      documentsMatch: input.documentsMatch ?? null,
      result,
      remarks: input.remarks ?? '',
      screenedAt: input.screenedAt ? new Date(input.screenedAt).toISOString() : at.toISOString(),
      recordedBy: actor.userId,
      recordedAt: at.toISOString(),
    })
    .returning();
  const escalations =
    result === 'ALARM'
      ? await escalate(tx, actor, input, 'cargo', row!.id, { solidWaste: row!.solidWaste, foreignMatter: row!.foreignMatter, documentsMatch: row!.documentsMatch }, options)
      : [];
  await auditReading(tx, actor, 'cargo', input, { screeningId: row!.id, vehicleNumber: row!.vehicleNumber, solidWaste: row!.solidWaste, foreignMatter: row!.foreignMatter, documentsMatch: row!.documentsMatch, result, escalations }, options);
  return { screening: row!, escalations };
}

export interface ScreeningFilter {
  declarationId?: string;
  vehicleNumber?: string;
  trainNumber?: string;
  result?: 'PASS' | 'ALARM';
}

/** Readings by declaration (its own and its vehicles' earlier ones, as the risk facts count them) or by vehicle/train. */
export async function listScreenings(db: Executor, filter: ScreeningFilter, now = new Date()) {
  const declaration = filter.declarationId ? await assertDeclaration(db, filter.declarationId) : null;
  const where = (table: typeof radiationScreenings | typeof cargoScreenings) =>
    and(
      declaration ? screeningsOf(table, declaration, now) : undefined,
      filter.vehicleNumber ? eq(table.vehicleNumber, filter.vehicleNumber) : undefined,
      filter.trainNumber ? eq(table.trainNumber, filter.trainNumber) : undefined,
      filter.result ? eq(table.result, filter.result) : undefined,
      declaration ? undefined : gte(table.screenedAt, new Date(now.getTime() - 365 * 86_400_000).toISOString()),
    );
  const radiation = await db.select().from(radiationScreenings).where(where(radiationScreenings)).orderBy(desc(radiationScreenings.screenedAt)).limit(500);
  const cargo = await db.select().from(cargoScreenings).where(where(cargoScreenings)).orderBy(desc(cargoScreenings.screenedAt)).limit(500);
  return { radiation, cargo };
}
