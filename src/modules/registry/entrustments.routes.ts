import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RouteModule } from '../../core/context.js';
import { auditedTransaction } from '../../core/audit/audit.js';
import { ACCESS } from '../../core/auth/policy.js';
import { ADMINISTRATORS } from '../../core/auth/enterprise-scope.js';
import { ZProblem } from '../../core/http/problem.js';
import { runIdempotent } from '../../core/http/idempotency.js';
import { createEntrustment, getEntrustment, listEntrustments, revokeEntrustment } from './registry.service.js';
import { items, ZCreateEntrustmentRequest, ZEntrustment, ZIdParams, ZListEntrustmentsQuery } from './registry.schema.js';

const TAGS = ['entrustments'];

/** Entrustments (报关委托): an importer authorises a customs agency to declare on its behalf for a period. */
export const entrustmentRoutes: RouteModule = (parent, { db }) => {
  const app = parent.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/entrustments',
    {
      config: { access: ACCESS.authenticated },
      schema: {
        operationId: 'listEntrustments',
        tags: TAGS,
        summary: 'Entrustments you are party to (customs: all), newest first',
        querystring: ZListEntrustmentsQuery,
        response: { 200: items(ZEntrustment), '4XX': ZProblem },
      },
    },
    async (request) => ({ items: await listEntrustments(db, request.actor!, request.query) }),
  );

  app.get(
    '/entrustments/:id',
    {
      config: { access: ACCESS.authenticated },
      schema: {
        operationId: 'getEntrustment',
        tags: TAGS,
        summary: 'One entrustment; 404 unless your enterprise is a party to it (customs see all)',
        params: ZIdParams,
        response: { 200: ZEntrustment, '4XX': ZProblem },
      },
    },
    async (request) => getEntrustment(db, request.actor!, request.params.id),
  );

  app.post(
    '/entrustments',
    {
      config: { access: ADMINISTRATORS },
      schema: {
        operationId: 'createEntrustment',
        tags: TAGS,
        summary: "Entrust an agency to declare for an importer (the importer's enterprise administrator or a system administrator)",
        body: ZCreateEntrustmentRequest,
        response: { 201: ZEntrustment, '4XX': ZProblem },
      },
    },
    async (request, reply) => {
      const actor = request.actor!;
      const result = await runIdempotent(db, request, 'createEntrustment', async (tx) => ({
        statusCode: 201,
        body: await createEntrustment(tx, actor, request.body, request.correlationId),
      }));
      return reply.code(result.statusCode).send(result.body);
    },
  );

  app.delete(
    '/entrustments/:id',
    {
      config: { access: ADMINISTRATORS },
      schema: {
        operationId: 'revokeEntrustment',
        tags: TAGS,
        summary: 'Revoke an entrustment at once; revoking an already revoked one changes nothing',
        params: ZIdParams,
        response: { 204: z.undefined(), '4XX': ZProblem },
      },
    },
    async (request, reply) => {
      const actor = request.actor!;
      await auditedTransaction(db, (tx) => revokeEntrustment(tx, actor, request.params.id, request.correlationId));
      return reply.code(204).send();
    },
  );
};
