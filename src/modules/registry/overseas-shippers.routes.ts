import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RouteModule } from '../../core/context.js';
import { ACCESS } from '../../core/auth/policy.js';
import { notFound } from '../../core/http/errors.js';
import { ZProblem } from '../../core/http/problem.js';
import { runIdempotent } from '../../core/http/idempotency.js';
import { createOverseasShipper, listOverseasShippers, findOverseasShipper } from './registry.service.js';
import { items, ZCreateOverseasShipperRequest, ZIdParams, ZListOverseasShippersQuery, ZOverseasShipper } from './registry.schema.js';

const TAGS = ['overseas-shippers'];

/** Overseas shippers (境外发货人): foreign sellers named on declarations, e.g. Kazakh mines and traders. */
export const overseasShipperRoutes: RouteModule = (parent, { db }) => {
  const app = parent.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/overseas-shippers',
    {
      config: { access: ACCESS.authenticated },
      schema: {
        operationId: 'listOverseasShippers',
        tags: TAGS,
        summary: 'Registered overseas shippers, optionally by country or a search text',
        querystring: ZListOverseasShippersQuery,
        response: { 200: items(ZOverseasShipper), '4XX': ZProblem },
      },
    },
    async (request) => ({ items: await listOverseasShippers(db, request.query) }),
  );

  app.get(
    '/overseas-shippers/:id',
    {
      config: { access: ACCESS.authenticated },
      schema: {
        operationId: 'getOverseasShipper',
        tags: TAGS,
        summary: 'One overseas shipper',
        params: ZIdParams,
        response: { 200: ZOverseasShipper, '4XX': ZProblem },
      },
    },
    async (request) => {
      const shipper = await findOverseasShipper(db, request.params.id);
      if (!shipper) throw notFound('overseas shipper');
      return shipper;
    },
  );

  app.post(
    '/overseas-shippers',
    {
      config: { access: ACCESS.systemAdmin },
      schema: {
        operationId: 'createOverseasShipper',
        tags: TAGS,
        summary: 'Register an overseas shipper',
        body: ZCreateOverseasShipperRequest,
        response: { 201: ZOverseasShipper, '4XX': ZProblem },
      },
    },
    async (request, reply) => {
      const actor = request.actor!;
      const result = await runIdempotent(db, request, 'createOverseasShipper', async (tx) => ({
        statusCode: 201,
        body: await createOverseasShipper(tx, actor, request.body, request.correlationId),
      }));
      return reply.code(result.statusCode).send(result.body);
    },
  );
};
