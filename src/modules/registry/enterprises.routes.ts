import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RouteModule } from '../../core/context.js';
import { auditedTransaction } from '../../core/audit/audit.js';
import { ACCESS } from '../../core/auth/policy.js';
import { ZProblem } from '../../core/http/problem.js';
import { runIdempotent } from '../../core/http/idempotency.js';
import { createEnterprise, getEnterprise, listEnterprises, updateEnterprise } from './registry.service.js';
import { items, ZCreateEnterpriseRequest, ZEnterprise, ZIdParams, ZListEnterprisesQuery, ZUpdateEnterpriseRequest } from './registry.schema.js';

const TAGS = ['enterprises'];

/** Importers and customs agencies. Customs see all; an enterprise sees itself and its entrustment partners. */
export const enterpriseRoutes: RouteModule = (parent, { db }) => {
  const app = parent.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/enterprises',
    {
      config: { access: ACCESS.authenticated },
      schema: {
        operationId: 'listEnterprises',
        tags: TAGS,
        summary: 'Enterprises you may see, filtered by kind, credit class or a search text',
        querystring: ZListEnterprisesQuery,
        response: { 200: items(ZEnterprise), '4XX': ZProblem },
      },
    },
    async (request) => ({ items: await listEnterprises(db, request.actor!, request.query) }),
  );

  app.get(
    '/enterprises/:id',
    {
      config: { access: ACCESS.authenticated },
      schema: {
        operationId: 'getEnterprise',
        tags: TAGS,
        summary: 'One enterprise; 404 when it is outside your scope',
        params: ZIdParams,
        response: { 200: ZEnterprise, '4XX': ZProblem },
      },
    },
    async (request) => getEnterprise(db, request.actor!, request.params.id),
  );

  app.post(
    '/enterprises',
    {
      config: { access: ACCESS.systemAdmin },
      schema: {
        operationId: 'createEnterprise',
        tags: TAGS,
        summary: 'Register an importer or customs agency; the unified social credit code check character is verified',
        body: ZCreateEnterpriseRequest,
        response: { 201: ZEnterprise, '4XX': ZProblem },
      },
    },
    async (request, reply) => {
      const actor = request.actor!;
      const result = await runIdempotent(db, request, 'createEnterprise', async (tx) => ({
        statusCode: 201,
        body: await createEnterprise(tx, actor, request.body, request.correlationId),
      }));
      return reply.code(result.statusCode).send(result.body);
    },
  );

  app.patch(
    '/enterprises/:id',
    {
      config: { access: ACCESS.systemAdmin },
      schema: {
        operationId: 'updateEnterprise',
        tags: TAGS,
        summary: 'Change names, address or credit class; a credit-class change is audited with before and after',
        params: ZIdParams,
        body: ZUpdateEnterpriseRequest,
        response: { 200: ZEnterprise, '4XX': ZProblem },
      },
    },
    async (request) => {
      const actor = request.actor!;
      return auditedTransaction(db, (tx) => updateEnterprise(tx, actor, request.params.id, request.body, request.correlationId));
    },
  );
};
