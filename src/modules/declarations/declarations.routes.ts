import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RouteModule } from '../../core/context.js';
import type { Executor } from '../../core/db/executor.js';
import type { Actor } from '../../core/auth/actor.js';
import { ACCESS } from '../../core/auth/policy.js';
import { ZProblem } from '../../core/http/problem.js';
import { requireIfMatch, setVersionEtag } from '../../core/http/etag.js';
import { runIdempotent } from '../../core/http/idempotency.js';
import { auditedGroupCommit, auditedTransaction } from '../../core/audit/audit.js';
import {
  ZAuditEntry,
  ZCreateDeclarationQuery,
  ZCreateDeclarationRequest,
  ZDeclaration,
  ZDeclarationDraft,
  ZDeclarationList,
  ZDeclarationListQuery,
  ZReasonRequest,
  ZTaxPreview,
} from './declarations.schema.js';
import { declarationWorkflow as workflow } from './declarations.service.js';
import type { DeclarationItemRow, DeclarationRefs, DeclarationRow } from './declarations.repository.js';
import { listDeclarations } from './declarations.repository.js';
import { presentAuditTrail, presentDeclaration, presentSummaries } from './declarations.presenter.js';
import { previewTax } from './tax-preview.js';

const ZIdParams = z.object({ id: z.uuid() });
const IF_MATCH_HEADERS = z.object({ 'if-match': z.string().optional().describe('The ETag from GET, e.g. "3" (required)') });
const responses = { 200: ZDeclaration, '4XX': ZProblem };

export const declarationRoutes: RouteModule = (parent, { db, config }) => {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  // New declarations (drafts, or created and submitted at once) and submissions of drafts write rows of their
  // own (a submission its locked, version-checked draft), so under load they commit together: at 32 clients on
  // 2 vCPUs the one-request rate rose from ~480 – 610 to ~700 – 1,000 per s (docs/performance.md).
  const groupCommit = auditedGroupCommit(db, { connections: config.groupCommitConnections, maxUnits: 16 });

  /**
   * Items, when the change has just read or stored them (in line order), and the enterprises and shipper, when
   * its statement returned them, are presented without reading them again.
   */
  async function respond(reply: FastifyReply, actor: Actor, row: DeclarationRow, items?: DeclarationItemRow[], refs?: DeclarationRefs) {
    setVersionEtag(reply, row.version);
    return reply.code(200).send(await presentDeclaration(db, actor, row, items, refs));
  }

  app.get(
    '/declarations',
    {
      config: { access: ACCESS.authenticated },
      schema: {
        operationId: 'listDeclarations',
        tags: ['declarations'],
        summary: 'Declarations visible to you, newest first; customs may ask for a work queue',
        querystring: ZDeclarationListQuery,
        response: { 200: ZDeclarationList, '4XX': ZProblem },
      },
    },
    async (request) => {
      const { state, queue, q, page, pageSize } = request.query;
      const inQueue = queue !== undefined && !request.actor!.enterpriseId;
      const { rows, total } = await listDeclarations(db, request.actor!, {
        states: state,
        extra: inQueue ? workflow.queueFilter(queue) : undefined,
        oldestFirst: inQueue,
        search: q,
        page,
        pageSize,
      });
      return { items: await presentSummaries(db, rows), total, page, pageSize };
    },
  );

  app.post(
    '/declarations',
    {
      config: { access: ACCESS.enterprise },
      schema: {
        operationId: 'createDeclaration',
        tags: ['declarations'],
        summary: 'Start a declaration as a draft, or with ?submit=true create and submit it at once (accepts Idempotency-Key)',
        querystring: ZCreateDeclarationQuery,
        body: ZCreateDeclarationRequest,
        headers: z.object({ 'idempotency-key': z.string().optional() }),
        response: { 201: ZDeclaration, '4XX': ZProblem },
      },
    },
    async (request, reply) => {
      const actor = request.actor!;
      const options = { correlationId: request.correlationId };
      const result = await runIdempotent(db, request, 'createDeclaration', async (tx) => {
        if (request.query.submit) {
          const submitted = await workflow.createAndSubmit(tx, actor, request.body, options);
          return { statusCode: 201, body: await presentDeclaration(tx, actor, submitted.declaration, submitted.items, submitted.refs) };
        }
        const created = await workflow.create(tx, actor, request.body, options);
        return { statusCode: 201, body: await presentDeclaration(tx, actor, created.declaration, created.items, created.refs) };
      }, groupCommit);
      setVersionEtag(reply, result.body.version);
      return reply.code(result.statusCode).send(result.body);
    },
  );

  app.post(
    '/declarations/tax-preview',
    {
      config: { access: ACCESS.authenticated },
      schema: {
        operationId: 'previewDeclarationTax',
        tags: ['declarations'],
        summary: 'Dry mass, value, customs value, duty and VAT for a draft, without saving anything',
        body: ZDeclarationDraft,
        response: { 200: ZTaxPreview, '4XX': ZProblem },
      },
    },
    async (request) => previewTax(db, request.body),
  );

  app.get(
    '/declarations/:id',
    {
      config: { access: ACCESS.authenticated },
      schema: { operationId: 'getDeclaration', tags: ['declarations'], summary: 'One declaration, with an ETag for later changes', params: ZIdParams, response: responses },
    },
    async (request, reply) => respond(reply, request.actor!, await workflow.loadVisible(db, request.actor!, request.params.id)),
  );

  app.get(
    '/declarations/:id/audit',
    {
      config: { access: ACCESS.authenticated },
      schema: {
        operationId: 'getDeclarationAuditTrail',
        tags: ['declarations'],
        summary: 'Every recorded change of the declaration, oldest first (the timeline)',
        params: ZIdParams,
        response: { 200: z.object({ items: z.array(ZAuditEntry) }), '4XX': ZProblem },
      },
    },
    async (request) => {
      await workflow.loadVisible(db, request.actor!, request.params.id);
      return { items: await presentAuditTrail(db, request.actor!, request.params.id) };
    },
  );

  app.patch(
    '/declarations/:id',
    {
      config: { access: ACCESS.enterprise },
      schema: {
        operationId: 'updateDeclarationDraft',
        tags: ['declarations'],
        summary: 'Change a draft (autosave); send If-Match; items, when sent, replace all items',
        params: ZIdParams,
        headers: IF_MATCH_HEADERS,
        body: ZDeclarationDraft,
        response: responses,
      },
    },
    async (request, reply) =>
      versioned(request, reply, (tx, actor, check) => workflow.updateDraft(tx, actor, request.params.id, check, request.body, { correlationId: request.correlationId })),
  );

  const transitions = [
    // Submitting writes only the draft (locked, checked by version) and rows of its own: it may commit together with others.
    { path: 'submit', operationId: 'submitDeclaration', access: ACCESS.enterprise, summary: 'Submit a draft: full validation, tax, and a declaration number', run: workflow.submit, grouped: true },
    { path: 'accept', operationId: 'acceptDeclaration', access: ACCESS.acceptor, summary: 'Accept a submitted declaration; the risk step assigns its lane', run: workflow.accept, grouped: false },
    { path: 'release', operationId: 'releaseDeclaration', access: ACCESS.releaseOfficer, summary: 'Release the goods (blocked while a required inspection is open or failed)', run: workflow.release, grouped: false },
    { path: 'clear', operationId: 'clearDeclaration', access: ACCESS.releaseOfficer, summary: 'Close a released declaration (结关)', run: workflow.clear, grouped: false },
  ] as const;
  for (const t of transitions) {
    app.post(
      `/declarations/:id/${t.path}`,
      {
        config: { access: t.access },
        schema: { operationId: t.operationId, tags: ['declarations'], summary: `${t.summary}; send If-Match`, params: ZIdParams, headers: IF_MATCH_HEADERS, response: responses },
      },
      async (request, reply) =>
        versioned(
          request as FastifyRequest<{ Params: { id: string } }>,
          reply,
          (tx, actor, check) => t.run(tx, actor, (request.params as { id: string }).id, check, { correlationId: request.correlationId }),
          t.grouped,
        ),
    );
  }

  const reasoned = [
    { path: 'reject', operationId: 'rejectDeclaration', access: { roles: ['LIAISON_OFFICER', 'RELEASE_OFFICER', 'SUPERVISOR'] } as const, summary: 'Return the declaration to the declarant (退单) with a reason', run: workflow.reject },
    { path: 'withdraw', operationId: 'withdrawDeclaration', access: ACCESS.enterprise, summary: 'Withdraw the declaration (撤单) with a reason, before inspection or release', run: workflow.withdraw },
  ] as const;
  for (const t of reasoned) {
    app.post(
      `/declarations/:id/${t.path}`,
      {
        config: { access: t.access },
        schema: { operationId: t.operationId, tags: ['declarations'], summary: `${t.summary}; send If-Match`, params: ZIdParams, headers: IF_MATCH_HEADERS, body: ZReasonRequest, response: responses },
      },
      async (request, reply) =>
        versioned(request as FastifyRequest<{ Params: { id: string } }>, reply, (tx, actor, check) =>
          t.run(tx, actor, (request.params as { id: string }).id, check, (request.body as { reason: string }).reason, { correlationId: request.correlationId }),
        ),
    );
  }

  /** One transaction per change (or a share of one: grouped); the workflow checks If-Match against the locked row's version. */
  async function versioned(
    request: FastifyRequest,
    reply: FastifyReply,
    change: (tx: Executor, actor: Actor, checkVersion: (version: number) => void) => Promise<DeclarationRow | { declaration: DeclarationRow; items: DeclarationItemRow[]; refs: DeclarationRefs }>,
    grouped = false,
  ) {
    const actor = request.actor!;
    const work = (tx: Executor) => change(tx, actor, (version) => requireIfMatch(request, version));
    const changed = await (grouped ? groupCommit.run(work) : auditedTransaction(db, work));
    return 'items' in changed ? respond(reply, actor, changed.declaration, changed.items, changed.refs) : respond(reply, actor, changed);
  }
};
