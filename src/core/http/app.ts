import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import {
  hasZodFastifySchemaValidationErrors,
  isResponseSerializationError,
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { AppError, type FieldError } from './errors.js';
import { PROBLEM_CONTENT_TYPE, toProblem } from './problem.js';
import type { Actor } from '../auth/actor.js';
import { checkAccess, type AccessRule } from '../auth/policy.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    correlationId: string;
  }
  interface FastifyContextConfig {
    /** Required on every /api/v1 route: who may call it (see core/auth/policy.ts). */
    access?: AccessRule;
  }
}

export type App = FastifyInstance;
export type AppWithZod = ReturnType<FastifyInstance['withTypeProvider']> & FastifyInstance;

export const SESSION_COOKIE = 'orelane_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface HttpOptions {
  logger: Logger;
  /** Resolves the caller from a session cookie or an API key; null when anonymous. */
  authenticate(request: FastifyRequest): Promise<Actor | null>;
  /** Registers the modules' routes under /api/v1. */
  registerRoutes(app: FastifyInstance): Promise<void> | void;
  health(): Promise<{ status: 'ok' | 'degraded'; database: { status: 'up' | 'down'; latencyMs: number | null; kind: string } }>;
  webDistDir: string | null;
  version: string;
}

export async function createHttpServer(options: HttpOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: options.logger as unknown as FastifyBaseLogger,
    bodyLimit: 2 * 1024 * 1024,
    genReqId: (req) => {
      const incoming = req.headers['x-correlation-id'];
      return typeof incoming === 'string' && /^[\w.-]{1,100}$/.test(incoming) ? incoming : crypto.randomUUID();
    },
    trustProxy: false,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('actor', null);
  app.decorateRequest('correlationId', '');

  app.addHook('onRequest', async (request, reply) => {
    request.correlationId = String(request.id);
    reply.header('x-correlation-id', request.correlationId);
  });

  app.addHook('onRoute', (route) => {
    const url = route.url;
    if (url.startsWith('/api/v1/') && !route.config?.access) {
      throw new Error(`Route ${route.method} ${url} has no access rule: every API route must name one in config.access.`);
    }
  });

  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Orelane API',
        version: options.version,
        description:
          'Customs clearance and supervision for bulk mineral imports. Authenticate with the session cookie ' +
          '(POST /api/v1/session; unsafe requests send X-CSRF-Token) or an API key (Authorization: Bearer …). ' +
          'Errors are RFC 9457 application/problem+json.',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'An API key created under /api/v1/api-keys' },
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
        },
      },
      security: [{ apiKey: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  // Before body validation: a caller without access learns nothing about the request schema.
  app.addHook('preValidation', async (request) => {
    const access = request.routeOptions.config?.access;
    if (!access) return;
    request.actor = await options.authenticate(request);
    if (request.actor?.via === 'session' && !SAFE_METHODS.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !request.actor.csrfToken || !timingSafeEqualText(sent, request.actor.csrfToken)) {
        throw new AppError('CSRF_TOKEN_INVALID', 'Send the csrfToken from GET /api/v1/session in the X-CSRF-Token header.');
      }
    }
    checkAccess(request.actor, access);
  });

  app.setErrorHandler((error, request, reply) => sendProblem(request, reply, toAppError(error, request)));
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || !options.webDistDir) {
      return sendProblem(request, reply, new AppError('ROUTE_NOT_FOUND', `${request.method} ${request.url.split('?')[0]} does not exist.`));
    }
    return reply.type('text/html').sendFile('index.html');
  });

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/api/health', { schema: { hide: true } }, async (_request, reply) => {
    const health = await options.health();
    return reply.code(health.database.status === 'up' ? 200 : 503).send(health);
  });

  await app.register(async (api) => options.registerRoutes(api), { prefix: '/api/v1' });

  if (options.webDistDir && fs.existsSync(path.join(options.webDistDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: options.webDistDir, wildcard: false, index: ['index.html'] });
  } else {
    options.webDistDir = null;
  }
  return app;
}

function toAppError(error: unknown, request: FastifyRequest): AppError {
  if (error instanceof AppError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const errors: FieldError[] = error.validation.map((issue) => {
      const where = error.validationContext ?? 'body';
      const pointer = issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
      const detail = issue.params as { issue?: { code?: string; message?: string } };
      return {
        path: [where === 'body' ? '' : where, pointer].filter(Boolean).join('.') || where,
        code: detail.issue?.code ?? issue.keyword,
        message: issue.message ?? 'is invalid',
      };
    });
    return new AppError('VALIDATION_FAILED', `${errors.length} field(s) need correcting.`, { errors });
  }
  if (isResponseSerializationError(error)) {
    request.log.error({ err: error, issues: error.cause }, 'response did not match its schema');
    return new AppError('INTERNAL');
  }
  const status = (error as { statusCode?: number }).statusCode;
  const code = (error as { code?: string }).code;
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return new AppError('UNSUPPORTED_MEDIA_TYPE');
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new AppError('PAYLOAD_TOO_LARGE');
  if (status === 429) return new AppError('TOO_MANY_REQUESTS');
  if (status && status >= 400 && status < 500) {
    return new AppError('BAD_REQUEST', (error as Error).message);
  }
  request.log.error({ err: error }, 'unhandled error');
  return new AppError('INTERNAL', 'Something went wrong on our side. Quote the correlation id when you report it.');
}

function sendProblem(request: FastifyRequest, reply: FastifyReply, error: AppError) {
  if (error.headers) reply.headers(error.headers);
  return reply
    .code(error.status)
    .type(PROBLEM_CONTENT_TYPE)
    .serializer(JSON.stringify)
    .send(toProblem(error, request.url.split('?')[0] ?? request.url, request.correlationId || String(request.id)));
}

function timingSafeEqualText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}

export type { ZodTypeProvider };
