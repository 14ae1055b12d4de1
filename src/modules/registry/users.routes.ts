import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RouteModule } from '../../core/context.js';
import { auditedTransaction } from '../../core/audit/audit.js';
import { ADMINISTRATORS } from '../../core/auth/enterprise-scope.js';
import { hashPassword } from '../../core/auth/password.js';
import { ZProblem } from '../../core/http/problem.js';
import { runIdempotent } from '../../core/http/idempotency.js';
import { createUser, listUsers, updateUser } from './registry.service.js';
import { items, ZCreateUserRequest, ZIdParams, ZListUsersQuery, ZUpdateUserRequest, ZUser } from './registry.schema.js';

const TAGS = ['users'];

/**
 * User administration. A system administrator manages everyone; an enterprise administrator the users of its own
 * enterprise, with enterprise roles only. Password hashes never leave the server.
 */
export const userRoutes: RouteModule = (parent, { db }) => {
  const app = parent.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/users',
    {
      config: { access: ADMINISTRATORS },
      schema: {
        operationId: 'listUsers',
        tags: TAGS,
        summary: 'Users you administer: everyone for a system administrator, your enterprise for an enterprise administrator',
        querystring: ZListUsersQuery,
        response: { 200: items(ZUser), '4XX': ZProblem },
      },
    },
    async (request) => ({ items: await listUsers(db, request.actor!, request.query) }),
  );

  app.post(
    '/users',
    {
      config: { access: ADMINISTRATORS },
      schema: {
        operationId: 'createUser',
        tags: TAGS,
        summary: 'Create a user: customs roles for customs staff, enterprise roles for enterprise users',
        body: ZCreateUserRequest,
        response: { 201: ZUser, '4XX': ZProblem },
      },
    },
    async (request, reply) => {
      const actor = request.actor!;
      const { password, ...input } = request.body;
      // scrypt takes ~100 ms: hash before the transaction opens, not while it holds locks.
      const passwordHash = await hashPassword(password);
      const result = await runIdempotent(db, request, 'createUser', async (tx) => ({
        statusCode: 201,
        body: await createUser(tx, actor, input, passwordHash, request.correlationId),
      }));
      return reply.code(result.statusCode).send(result.body);
    },
  );

  app.patch(
    '/users/:id',
    {
      config: { access: ADMINISTRATORS },
      schema: {
        operationId: 'updateUser',
        tags: TAGS,
        summary: 'Change display name, roles or active flag; deactivating signs the user out everywhere',
        params: ZIdParams,
        body: ZUpdateUserRequest,
        response: { 200: ZUser, '4XX': ZProblem },
      },
    },
    async (request) => {
      const actor = request.actor!;
      return auditedTransaction(db, (tx) => updateUser(tx, actor, request.params.id, request.body, request.correlationId));
    },
  );
};
