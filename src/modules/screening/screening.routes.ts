import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RouteModule } from '../../core/context.js';
import { ACCESS } from '../../core/auth/policy.js';
import { zDecimal } from '../../core/decimal.js';
import { ZProblem } from '../../core/http/problem.js';
import { runIdempotent } from '../../core/http/idempotency.js';
import { LANES } from '../risk/lane-decider.js';
import { listScreenings, recordCargoScreening, recordRadiationScreening, VEHICLE_KINDS, type CargoScreeningRow, type RadiationScreeningRow } from './screening.service.js';

const doseRate = (what: string) => zDecimal({ maxScale: 4, maxIntegerDigits: 6, min: '0' }).describe(what);

const vehicleKey = {
  declarationId: z.uuid().nullish().describe('The declaration, when there is one; otherwise the reading is matched to a later declaration by vehicle (and train)'),
  trainNumber: z.string().trim().min(1).max(20).nullish(),
  vehicleKind: z.enum(VEHICLE_KINDS),
  vehicleNumber: z.string().trim().regex(/^[A-Za-z0-9-]{2,20}$/, 'a wagon number or truck plate (2–20 letters, digits or "-")'),
  screenedAt: z.iso.datetime({ offset: true }).optional().describe('When the reading was taken; now when absent'),
  remarks: z.string().trim().max(2000).default(''),
};

const ZEscalation = z.object({
  declarationId: z.uuid(),
  number: z.string().nullable(),
  fromLane: z.enum(LANES),
  toLane: z.enum(LANES),
  inspectionTaskCreated: z.boolean(),
});

const ZRadiationScreening = z
  .object({
    id: z.uuid(),
    declarationId: z.uuid().nullable(),
    trainNumber: z.string().nullable(),
    vehicleKind: z.enum(VEHICLE_KINDS),
    vehicleNumber: z.string(),
    doseRateUsvH: z.string(),
    backgroundUsvH: z.string(),
    alarmThresholdUsvH: z.string(),
    result: z.enum(['PASS', 'ALARM']),
    remarks: z.string(),
    screenedAt: z.string(),
    recordedAt: z.string(),
  })
  .meta({ id: 'RadiationScreening' });

const ZCargoScreening = z
  .object({
    id: z.uuid(),
    declarationId: z.uuid().nullable(),
    trainNumber: z.string().nullable(),
    vehicleKind: z.enum(VEHICLE_KINDS),
    vehicleNumber: z.string(),
    solidWaste: z.enum(['CLEAR', 'SUSPECTED']),
    foreignMatter: z.enum(['NONE', 'FOUND']),
    documentsMatch: z.enum(['MATCH', 'MISMATCH']).nullable(),
    result: z.enum(['PASS', 'ALARM']),
    remarks: z.string(),
    screenedAt: z.string(),
    recordedAt: z.string(),
  })
  .meta({ id: 'CargoScreening' });

const radiationOut = (r: RadiationScreeningRow) => ({
  id: r.id,
  declarationId: r.declarationId,
  trainNumber: r.trainNumber,
  vehicleKind: r.vehicleKind as (typeof VEHICLE_KINDS)[number],
  vehicleNumber: r.vehicleNumber,
  doseRateUsvH: r.doseRateUsvH,
  backgroundUsvH: r.backgroundUsvH,
  alarmThresholdUsvH: r.alarmThresholdUsvH,
  result: r.result as 'PASS' | 'ALARM',
  remarks: r.remarks,
  screenedAt: r.screenedAt,
  recordedAt: r.recordedAt,
});

const cargoOut = (r: CargoScreeningRow) => ({
  id: r.id,
  declarationId: r.declarationId,
  trainNumber: r.trainNumber,
  vehicleKind: r.vehicleKind as (typeof VEHICLE_KINDS)[number],
  vehicleNumber: r.vehicleNumber,
  solidWaste: r.solidWaste as 'CLEAR' | 'SUSPECTED',
  foreignMatter: r.foreignMatter as 'NONE' | 'FOUND',
  documentsMatch: r.documentsMatch as 'MATCH' | 'MISMATCH' | null,
  result: r.result as 'PASS' | 'ALARM',
  remarks: r.remarks,
  screenedAt: r.screenedAt,
  recordedAt: r.recordedAt,
});

export const screeningRoutes: RouteModule = (parent, { db }) => {
  const app = parent.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/screening/radiation',
    {
      config: { access: ACCESS.inspector },
      schema: {
        operationId: 'recordRadiationScreening',
        tags: ['screening'],
        summary: 'Record a radiation portal monitor reading for a wagon or truck; an alarm notifies the officers on duty and holds the lot for inspection (accepts Idempotency-Key)',
        body: z.object({
          ...vehicleKey,
          doseRateUsvH: doseRate('Measured gamma dose rate, µSv/h'),
          backgroundUsvH: doseRate('Background dose rate at the portal, µSv/h'),
          alarmThresholdUsvH: doseRate('Alarm threshold, µSv/h; the inspection setting when absent').optional(),
        }),
        response: { 201: z.object({ screening: ZRadiationScreening, escalations: z.array(ZEscalation) }), '4XX': ZProblem },
      },
    },
    async (request, reply) => {
      const result = await runIdempotent(db, request, 'recordRadiationScreening', async (tx) => {
        const recorded = await recordRadiationScreening(tx, request.actor!, request.body, { correlationId: request.correlationId });
        return { statusCode: 201, body: { screening: radiationOut(recorded.screening), escalations: recorded.escalations } };
      });
      return reply.code(result.statusCode).send(result.body);
    },
  );

  app.post(
    '/screening/cargo',
    {
      config: { access: ACCESS.inspector },
      schema: {
        operationId: 'recordCargoScreening',
        tags: ['screening'],
        summary: 'Record rapid solid-waste / foreign-matter screening (and goods against documents) for a wagon or truck; anything suspected escalates like a radiation alarm (accepts Idempotency-Key)',
        body: z.object({
          ...vehicleKey,
          solidWaste: z.enum(['CLEAR', 'SUSPECTED']),
          foreignMatter: z.enum(['NONE', 'FOUND']),
          documentsMatch: z.enum(['MATCH', 'MISMATCH']).nullish(),
        }),
        response: { 201: z.object({ screening: ZCargoScreening, escalations: z.array(ZEscalation) }), '4XX': ZProblem },
      },
    },
    async (request, reply) => {
      const result = await runIdempotent(db, request, 'recordCargoScreening', async (tx) => {
        const recorded = await recordCargoScreening(tx, request.actor!, request.body, { correlationId: request.correlationId });
        return { statusCode: 201, body: { screening: cargoOut(recorded.screening), escalations: recorded.escalations } };
      });
      return reply.code(result.statusCode).send(result.body);
    },
  );

  app.get(
    '/screening',
    {
      config: { access: ACCESS.customs },
      schema: {
        operationId: 'listScreenings',
        tags: ['screening'],
        summary: 'Screening readings of a declaration (its own and its vehicles’ readings taken before it existed), or by vehicle, train and result',
        querystring: z.object({
          declarationId: z.uuid().optional(),
          vehicleNumber: z.string().max(20).optional(),
          trainNumber: z.string().max(20).optional(),
          result: z.enum(['PASS', 'ALARM']).optional(),
        }),
        response: { 200: z.object({ radiation: z.array(ZRadiationScreening), cargo: z.array(ZCargoScreening) }), '4XX': ZProblem },
      },
    },
    async (request) => {
      const found = await listScreenings(db, request.query);
      return { radiation: found.radiation.map(radiationOut), cargo: found.cargo.map(cargoOut) };
    },
  );
};
