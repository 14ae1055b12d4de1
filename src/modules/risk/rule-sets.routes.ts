import { inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RouteModule } from '../../core/context.js';
import type { Executor } from '../../core/db/executor.js';
import { ACCESS, type AccessRule } from '../../core/auth/policy.js';
import { notFound } from '../../core/http/errors.js';
import { requireIfMatch, setVersionEtag } from '../../core/http/etag.js';
import { ZProblem } from '../../core/http/problem.js';
import { runIdempotent } from '../../core/http/idempotency.js';
import { users } from '../registry/registry.tables.js';
import { CHECK_ITEMS, CONDITION_OPERATORS, LIST_KINDS, describeFields } from './engine/index.js';
import { LANES } from './lane-decider.js';
import {
  approve,
  createDraft,
  engineVersionOf,
  findRuleSet,
  listRuleSets,
  presentedStatus,
  reject,
  ruleSetInForceAt,
  submitForApproval,
  updateDraft,
  RULE_SET_STATUSES,
  type RuleSetRow,
} from './rule-sets.js';

/** Rule sets are written by risk analysts and approved by a second analyst or a supervisor (never the author). */
export const RULE_SET_AUTHOR = { roles: ['RISK_ANALYST'] } as const satisfies AccessRule;
export const RULE_SET_REVIEWER = { roles: ['RISK_ANALYST', 'SUPERVISOR'] } as const satisfies AccessRule;

const ZPerson = z.object({ id: z.uuid(), displayName: z.string() }).nullable();

const ZRuleSetSummary = z
  .object({
    version: z.number().int(),
    engineVersion: z.string().describe('The version string decisions record and draws are seeded with, e.g. "rs-3"'),
    status: z.enum(RULE_SET_STATUSES),
    inForce: z.boolean(),
    effectiveFrom: z.string(),
    comment: z.string(),
    basedOnVersion: z.number().int().nullable(),
    author: ZPerson.describe('null: the baseline Orelane proposed on first start'),
    createdAt: z.string(),
    updatedAt: z.string(),
    submittedAt: z.string().nullable(),
    reviewer: ZPerson,
    reviewedAt: z.string().nullable(),
    reviewComment: z.string().nullable(),
    ruleCount: z.number().int(),
    rowVersion: z.number().int().describe('Send as If-Match ("3") when changing the rule set'),
  })
  .meta({ id: 'RuleSetSummary' });

const ZDefinition = z
  .record(z.string(), z.unknown())
  .describe('laneSeverity, rules, valueBands, rates { byCreditClass, explorationShare, selectionLane }, scoreThresholds — validated by the risk engine')
  .meta({ id: 'RuleSetDefinition' });

const ZRuleSet = ZRuleSetSummary.extend({ definition: ZDefinition }).meta({ id: 'RuleSet' });

const ZVersionParams = z.object({ version: z.coerce.number().int().positive() });
const effectiveFrom = z.iso.datetime({ offset: true }).describe('When the rule set takes effect once approved (never before its approval)');

export const ruleSetRoutes: RouteModule = (parent, { db }) => {
  const app = parent.withTypeProvider<ZodTypeProvider>();

  async function people(db: Executor, ids: (string | null)[]) {
    const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
    const rows = wanted.length ? await db.select({ id: users.id, displayName: users.displayName }).from(users).where(inArray(users.id, wanted)) : [];
    return new Map(rows.map((r) => [r.id, r]));
  }

  async function present(db: Executor, rows: RuleSetRow[]) {
    const now = new Date();
    const inForce = await ruleSetInForceAt(db, now);
    const byId = await people(db, rows.flatMap((r) => [r.authorId, r.reviewerId]));
    return rows.map((row) => {
      const definition = row.definition as { rules?: unknown[] };
      return {
        version: row.version,
        engineVersion: engineVersionOf(row.version),
        status: presentedStatus(row, inForce?.version ?? null, now),
        inForce: row.version === inForce?.version,
        effectiveFrom: row.effectiveFrom,
        comment: row.comment,
        basedOnVersion: row.basedOnVersion,
        author: row.authorId ? (byId.get(row.authorId) ?? { id: row.authorId, displayName: '' }) : null,
        createdAt: row.createdAt,
        updatedAt: row.updatedAt,
        submittedAt: row.submittedAt,
        reviewer: row.reviewerId ? (byId.get(row.reviewerId) ?? { id: row.reviewerId, displayName: '' }) : null,
        reviewedAt: row.reviewedAt,
        reviewComment: row.reviewComment,
        ruleCount: Array.isArray(definition.rules) ? definition.rules.length : 0,
        rowVersion: row.rowVersion,
      };
    });
  }

  async function presentOne(db: Executor, row: RuleSetRow) {
    const [summary] = await present(db, [row]);
    return { ...summary!, definition: row.definition as Record<string, unknown> };
  }

  app.get(
    '/risk/rule-fields',
    {
      config: { access: ACCESS.customs },
      schema: {
        operationId: 'listRuleFields',
        tags: ['risk'],
        summary: 'What rules can test and do: fields with their operators and list kinds, condition operators, lanes, check items',
        response: {
          200: z.object({
            fields: z.array(z.object({
              name: z.string(),
              type: z.enum(['string', 'enum', 'number']),
              scope: z.enum(['declaration', 'item', 'collection']),
              values: z.array(z.string()).nullable(),
              unit: z.string().nullable(),
              listKinds: z.array(z.enum(LIST_KINDS)),
              operators: z.array(z.string()),
              descriptionZh: z.string(),
              descriptionEn: z.string(),
            })),
            conditionOperators: z.array(z.string()),
            lanes: z.array(z.enum(LANES)),
            checkItems: z.array(z.enum(CHECK_ITEMS)),
            listKinds: z.array(z.enum(LIST_KINDS)),
          }),
          '4XX': ZProblem,
        },
      },
    },
    async () => ({
      fields: describeFields().map((f) => ({ ...f, values: f.values ? [...f.values] : null, listKinds: [...f.listKinds], operators: [...f.operators] })),
      conditionOperators: [...CONDITION_OPERATORS],
      lanes: [...LANES],
      checkItems: [...CHECK_ITEMS],
      listKinds: [...LIST_KINDS],
    }),
  );

  app.get(
    '/risk/rule-sets',
    {
      config: { access: ACCESS.customs },
      schema: { operationId: 'listRuleSets', tags: ['risk'], summary: 'Every rule set version, newest first, with its approval status', response: { 200: z.object({ items: z.array(ZRuleSetSummary) }), '4XX': ZProblem } },
    },
    async () => ({ items: await present(db, await listRuleSets(db)) }),
  );

  app.get(
    '/risk/rule-sets/in-force',
    {
      config: { access: ACCESS.customs },
      schema: { operationId: 'getRuleSetInForce', tags: ['risk'], summary: 'The approved rule set deciding lanes now', response: { 200: ZRuleSet, '4XX': ZProblem } },
    },
    async (request, reply) => {
      const row = await ruleSetInForceAt(db, new Date());
      if (!row) throw notFound('rule set in force');
      setVersionEtag(reply, row.rowVersion);
      return presentOne(db, row);
    },
  );

  app.get(
    '/risk/rule-sets/:version',
    {
      config: { access: ACCESS.customs },
      schema: { operationId: 'getRuleSet', tags: ['risk'], summary: 'One rule set version with its definition (ETag = rowVersion)', params: ZVersionParams, response: { 200: ZRuleSet, '4XX': ZProblem } },
    },
    async (request, reply) => {
      const row = await findRuleSet(db, request.params.version);
      if (!row) throw notFound('rule set');
      setVersionEtag(reply, row.rowVersion);
      return presentOne(db, row);
    },
  );

  app.post(
    '/risk/rule-sets',
    {
      config: { access: RULE_SET_AUTHOR },
      schema: {
        operationId: 'createRuleSetDraft',
        tags: ['risk'],
        summary: 'Start a draft: from a definition, a copy of a version (or of the one in force), or empty (accepts Idempotency-Key)',
        body: z.object({
          comment: z.string().trim().min(1).max(2000).describe('What changes and why'),
          effectiveFrom,
          copyFrom: z.union([z.literal('IN_FORCE'), z.number().int().positive()]).optional(),
          definition: ZDefinition.optional(),
        }),
        response: { 201: ZRuleSet, '4XX': ZProblem },
      },
    },
    async (request, reply) => {
      const result = await runIdempotent(db, request, 'createRuleSetDraft', async (tx) => {
        const row = await createDraft(tx, request.actor!, request.body, { correlationId: request.correlationId });
        return { statusCode: 201, body: await presentOne(tx, row) };
      });
      setVersionEtag(reply, result.body.rowVersion);
      return reply.code(result.statusCode).send(result.body);
    },
  );

  app.patch(
    '/risk/rule-sets/:version',
    {
      config: { access: RULE_SET_AUTHOR },
      schema: {
        operationId: 'updateRuleSetDraft',
        tags: ['risk'],
        summary: 'Change a draft (its author only; If-Match required)',
        params: ZVersionParams,
        body: z.object({ comment: z.string().trim().min(1).max(2000).optional(), effectiveFrom: effectiveFrom.optional(), definition: ZDefinition.optional() }),
        response: { 200: ZRuleSet, '4XX': ZProblem },
      },
    },
    async (request, reply) => {
      const row = await db.transaction((tx) =>
        updateDraft(tx, request.actor!, request.params.version, (v) => requireIfMatch(request, v), request.body, { correlationId: request.correlationId }),
      );
      setVersionEtag(reply, row.rowVersion);
      return presentOne(db, row);
    },
  );

  app.post(
    '/risk/rule-sets/:version/submit',
    {
      config: { access: RULE_SET_AUTHOR },
      schema: { operationId: 'submitRuleSet', tags: ['risk'], summary: 'Send a draft for approval (its author only; If-Match required)', params: ZVersionParams, response: { 200: ZRuleSet, '4XX': ZProblem } },
    },
    async (request, reply) => {
      const row = await db.transaction((tx) => submitForApproval(tx, request.actor!, request.params.version, (v) => requireIfMatch(request, v), { correlationId: request.correlationId }));
      setVersionEtag(reply, row.rowVersion);
      return presentOne(db, row);
    },
  );

  app.post(
    '/risk/rule-sets/:version/approve',
    {
      config: { access: RULE_SET_REVIEWER },
      schema: {
        operationId: 'approveRuleSet',
        tags: ['risk'],
        summary: 'Approve a pending rule set (four-eyes: never its author → 403 FOUR_EYES_REQUIRED; If-Match required)',
        params: ZVersionParams,
        body: z.object({ comment: z.string().trim().max(2000).default('') }).default({ comment: '' }),
        response: { 200: ZRuleSet, '4XX': ZProblem },
      },
    },
    async (request, reply) => {
      const row = await db.transaction((tx) =>
        approve(tx, request.actor!, request.params.version, (v) => requireIfMatch(request, v), request.body.comment, { correlationId: request.correlationId }),
      );
      setVersionEtag(reply, row.rowVersion);
      return presentOne(db, row);
    },
  );

  app.post(
    '/risk/rule-sets/:version/reject',
    {
      config: { access: RULE_SET_REVIEWER },
      schema: {
        operationId: 'rejectRuleSet',
        tags: ['risk'],
        summary: 'Send a pending rule set back with a reason (its author may withdraw it this way; If-Match required)',
        params: ZVersionParams,
        body: z.object({ reason: z.string().trim().min(1).max(2000) }),
        response: { 200: ZRuleSet, '4XX': ZProblem },
      },
    },
    async (request, reply) => {
      const row = await db.transaction((tx) =>
        reject(tx, request.actor!, request.params.version, (v) => requireIfMatch(request, v), request.body.reason, { correlationId: request.correlationId }),
      );
      setVersionEtag(reply, row.rowVersion);
      return presentOne(db, row);
    },
  );
};
