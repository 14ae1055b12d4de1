import { and, eq, ne, or, sql, type SQL } from 'drizzle-orm';
import { Decimal } from '../../core/decimal.js';
import type { Executor } from '../../core/db/executor.js';
import { preparedStatement } from '../../core/db/prepared.js';
import { derivedCache } from '../../core/db/change-feed.js';
import type { Actor } from '../../core/auth/actor.js';
import { auditActor, isCustoms } from '../../core/auth/actor.js';
import { assertCanSee, assertMayDeclareFor, hasRole } from '../../core/auth/policy.js';
import { appendAudit } from '../../core/audit/audit.js';
import { AppError, notFound, validationFailed, type ErrorCode } from '../../core/http/errors.js';
import { notify } from '../../core/notify.js';
import { commodityInForce, DOMESTIC_CURRENCY, monthOf, todayInChina } from '../reference/reference.service.js';
import { commodities, countries, currencies, exchangeRates, ports } from '../reference/reference.tables.js';
import { overseasShippers } from '../registry/registry.tables.js';
import { enterpriseById } from '../registry/registry.service.js';
import { storeRiskDecision } from '../risk/redecide.js';
import { engineLaneDecider } from '../risk/engine-decider.js';
import type { LaneDecider } from '../risk/lane-decider.js';
import { createInspectionTask } from '../inspection/inspection.service.js';
import * as repo from './declarations.repository.js';
import type { DeclarationItemRow, DeclarationRow } from './declarations.repository.js';
import { declarationItems, declarations } from './declarations.tables.js';
import type { TDeclarationDraft, UserAction } from './declarations.schema.js';
import { checkSubmission, type DeclarationElementDefinition, type SubmissionFacts, type SubmissionHeader } from './submission-check.js';
import {
  allowedActions as stateActions,
  transition,
  type DeclarationAction,
  type DeclarationState,
  type InspectionOutcome,
  type TransitionContext,
} from './state-machine.js';
import type { Lane } from '../risk/lane-decider.js';
import { computeDryMass, computeImportTaxes, computeItemValue } from './tax.js';

/** Lanes whose goods are checked on site (before release, or right after it). */
const LANES_WITH_INSPECTION = new Set(['INSPECT_BEFORE_RELEASE', 'RELEASE_THEN_INSPECT']);
const REJECTING_ROLES = ['LIAISON_OFFICER', 'RELEASE_OFFICER', 'SUPERVISOR'] as const;

/** The stored lane and inspection outcome, as the state machine's guards read them. */
function transitionContext(row: Pick<DeclarationRow, 'lane' | 'inspectionOutcome'>): TransitionContext {
  return { lane: (row.lane as Lane | null) ?? undefined, inspectionOutcome: row.inspectionOutcome as InspectionOutcome | null };
}

type ActionOptions = { correlationId: string; at?: Date };
type CreateOptions = ActionOptions & { id?: string };

export function createDeclarationWorkflow(deps: { laneDecider: LaneDecider }) {
  async function loadVisible(tx: Executor, actor: Actor, id: string, forUpdate = false): Promise<DeclarationRow> {
    return assertCanSee(actor, await repo.findDeclaration(tx, id, { forUpdate }), 'declaration');
  }

  /** Only the enterprise that files (the importer itself or its agency) edits, submits or withdraws. */
  function assertDeclarant(actor: Actor, row: DeclarationRow) {
    if (actor.enterpriseId !== row.declarantId) {
      throw new AppError('FORBIDDEN', 'Only the declaring enterprise may change this declaration.');
    }
  }

  function step(row: Pick<DeclarationRow, 'state' | 'lane' | 'inspectionOutcome'>, action: DeclarationAction) {
    const result = transition(row.state as DeclarationState, action, transitionContext(row));
    if (result.ok) return result.to;
    const code: ErrorCode =
      result.reason === 'INSPECTION_REQUIRED' ? 'INSPECTION_REQUIRED' : result.reason === 'INSPECTION_FAILED' ? 'INSPECTION_FAILED' : 'INVALID_STATE_TRANSITION';
    throw new AppError(code, `Cannot ${action} a declaration that is ${row.state}.`, {
      extra: { currentState: row.state, action, lane: row.lane, inspectionOutcome: row.inspectionOutcome },
    });
  }

  async function audit(tx: Executor, actor: Actor | null, action: string, before: unknown, after: unknown, id: string, options: ActionOptions) {
    await appendAudit(tx, auditActor(actor), {
      action,
      entityType: 'declaration',
      entityId: id,
      before,
      after,
      correlationId: options.correlationId,
      at: options.at?.toISOString(),
    });
  }

  function enterpriseAudience(row: DeclarationRow, type: string, payload: Record<string, unknown> = {}) {
    const ids = [...new Set([row.importerId, row.declarantId])];
    return ids.map((enterpriseId) => ({ enterpriseId, type, entityType: 'declaration', entityId: row.id, payload: { number: row.number, ...payload } }));
  }

  /** The values a new draft is inserted with (its items apart). */
  function draftValues(actor: Actor, input: TDeclarationDraft & { importerId: string }, options: CreateOptions) {
    assertMayDeclareFor(actor, input.importerId);
    const at = (options.at ?? new Date()).toISOString();
    return {
      ...headerValues(input),
      ...(options.id ? { id: options.id } : {}),
      state: 'DRAFT',
      importerId: input.importerId,
      declarantId: actor.enterpriseId!,
      createdBy: actor.userId,
      createdAt: at,
      updatedAt: at,
    };
  }

  /**
   * Validation, tax and the values submitting sets, for a draft and its items on the date of `at`: pure, so
   * submitting a stored draft (an update) and creating a submitted declaration (an insert) decide alike.
   * Throws the field errors the submission answers with.
   */
  function submissionOf(header: SubmissionHeader & Pick<DeclarationRow, 'incoterm' | 'insurance'>, items: SubmissionDraftItem[], facts: SubmissionFactsResult, at: Date) {
    const errors = checkSubmission(header, items.map((item) => ({ ...item, declarationElements: item.declarationElements as Record<string, string> })), facts.check);
    if (errors.length) throw validationFailed(errors, 'The declaration is incomplete or inconsistent; correct the listed fields.');
    const taxResult = computeImportTaxes(
      { exchangeRate: facts.check.exchangeRate!, incoterm: header.incoterm!, freight: header.freight, insurance: header.insurance },
      items.map((item) => ({ valueInCurrency: item.value!, ...facts.rates.get(item.commodityCode!)! })),
    );
    if (!taxResult.ok) throw validationFailed(taxResult.issues, 'The tax cannot be computed from these values.');
    const tax = taxResult.value;
    return {
      numberPrefix: repo.declarationNumberPrefix(facts.customsOfficeCode!, todayInChina(at).slice(0, 4)),
      values: {
        exchangeRate: facts.check.exchangeRate!,
        customsValueCny: tax.totals.customsValueCny,
        dutyCny: tax.totals.dutyCny,
        vatCny: tax.totals.vatCny,
        totalWetTonnes: sumOf(items.map((i) => i.wetTonnes!), 3),
        totalDryTonnes: sumOf(items.map((i) => i.dryTonnes!), 3),
        submittedAt: at.toISOString(),
      } satisfies repo.SubmissionValues,
      // Money formatted to the columns' scale, the rates the tariff's own numeric(7,4) text: as stored.
      itemTaxes: items.map((item, i) => {
        const computed = tax.items[i]!;
        const rates = facts.rates.get(item.commodityCode!)!;
        return { customsValueCny: computed.customsValueCny, dutyRate: rates.dutyRate, vatRate: rates.vatRate, dutyCny: computed.dutyCny, vatCny: computed.vatCny };
      }),
    };
  }

  /** What a submission's notification and audit entry say; the declaration is stored submitted. */
  async function recordSubmission(tx: Executor, actor: Actor, submitted: DeclarationRow, fromState: string, options: ActionOptions, at: Date) {
    const number = submitted.number!;
    await notify(tx, [{ role: 'LIAISON_OFFICER', type: 'declaration.submitted', entityType: 'declaration', entityId: submitted.id, payload: { number } }]);
    const after = { state: submitted.state, number, customsValueCny: submitted.customsValueCny, dutyCny: submitted.dutyCny, vatCny: submitted.vatCny, exchangeRate: submitted.exchangeRate };
    await audit(tx, actor, 'declaration.submit', { state: fromState }, after, submitted.id, { ...options, at });
  }

  /**
   * Submits a locked draft whose items are already loaded: full validation, tax, a number. Returns the
   * updated declaration and items, and the enterprises and shipper it names, so a caller can present them
   * without reading them again.
   */
  async function submitLoaded(tx: Executor, actor: Actor, row: DeclarationRow, items: DeclarationItemRow[], options: ActionOptions) {
    assertMayDeclareFor(actor, row.importerId);
    const to = step(row, 'submit');
    const at = options.at ?? new Date();
    const facts = await loadSubmissionFacts(tx, row, items.map((i) => i.commodityCode), todayInChina(at));
    const { numberPrefix, values, itemTaxes } = submissionOf(row, items, facts, at);
    const { row: updated, refs } = await repo.submitDeclaration(tx, row, { state: to, numberPrefix, values }, items.map((item, i) => ({ id: item.id, ...itemTaxes[i]! })), options.at);
    await recordSubmission(tx, actor, updated, row.state, options, at);
    return { declaration: updated, items: items.map((item, i) => ({ ...item, ...itemTaxes[i]! })), refs };
  }

  return {
    loadVisible,

    /**
     * Returns the draft and its items as stored, and the enterprises and shipper it names, so a caller can
     * present them without reading them again.
     */
    async create(tx: Executor, actor: Actor, input: TDeclarationDraft & { importerId: string }, options: CreateOptions) {
      const values = itemValues(input.items ?? []);
      const { row, items, refs } = await repo.insertDeclarationWithItems(tx, draftValues(actor, input, options), values);
      await audit(tx, actor, 'declaration.create', null, { ...draftSnapshot(row), items: values }, row.id, options);
      return { declaration: row, items, refs };
    },

    /**
     * Creates a complete declaration and submits it in the same transaction (one request for machine
     * clients): validated and taxed before anything is written, then stored submitted in one statement;
     * both steps are audited as usual (the create entry shows the draft as declared), and a submission error
     * leaves nothing written. Returns the submitted declaration and its items, and the enterprises and
     * shipper it names.
     */
    async createAndSubmit(tx: Executor, actor: Actor, input: TDeclarationDraft & { importerId: string }, options: CreateOptions) {
      const draft = draftValues(actor, input, options);
      const values = itemValues(input.items ?? []);
      const to = step({ state: 'DRAFT', lane: null, inspectionOutcome: null }, 'submit');
      const at = options.at ?? new Date();
      const header = { ...SUBMISSION_HEADER_DEFAULTS, ...draft };
      const facts = await loadSubmissionFacts(tx, header, values.map((v) => v.commodityCode ?? null), todayInChina(at));
      const { numberPrefix, values: submitted, itemTaxes } = submissionOf(header, values, facts, at);
      const { row, items, refs } = await insertSubmitted(
        tx,
        // Created and submitted: two changes, as a draft submitted later has gone through.
        { ...draft, ...submitted, state: to, version: 2, updatedAt: at.toISOString() },
        values.map((item, i) => ({ ...item, ...itemTaxes[i]! })),
        { numberPrefix },
      );
      const asDrafted = { ...row, ...DRAFT_OF_SUBMITTED, state: 'DRAFT', version: 1, updatedAt: draft.updatedAt };
      await audit(tx, actor, 'declaration.create', null, { ...draftSnapshot(asDrafted), items: values }, row.id, options);
      await recordSubmission(tx, actor, row, 'DRAFT', options, at);
      return { declaration: row, items, refs };
    },

    async updateDraft(tx: Executor, actor: Actor, id: string, checkVersion: (v: number) => void, patch: TDeclarationDraft, options: ActionOptions) {
      const row = await loadVisible(tx, actor, id, true);
      assertDeclarant(actor, row);
      checkVersion(row.version);
      step(row, 'edit');
      const beforeItems = await repo.findItems(tx, id);
      const updated = await repo.updateDeclaration(tx, row, headerValues(patch), options.at);
      let afterItems: unknown = undefined;
      if (patch.items) {
        const items = itemValues(patch.items);
        await repo.replaceItems(tx, id, items);
        afterItems = items;
      }
      await audit(
        tx,
        actor,
        'declaration.edit',
        changedFields(draftSnapshot(row), draftSnapshot(updated), patch.items ? { items: beforeItems.map(itemSnapshot) } : {}),
        changedFields(draftSnapshot(updated), draftSnapshot(row), patch.items ? { items: afterItems } : {}),
        id,
        options,
      );
      return updated;
    },

    async submit(tx: Executor, actor: Actor, id: string, checkVersion: (v: number) => void, options: ActionOptions) {
      const row = await loadVisible(tx, actor, id, true);
      assertDeclarant(actor, row);
      checkVersion(row.version);
      return submitLoaded(tx, actor, row, await repo.findItems(tx, id), options);
    },

    /** Acceptance runs the risk step at once: the declaration leaves with its lane. */
    async accept(tx: Executor, actor: Actor, id: string, checkVersion: (v: number) => void, options: ActionOptions) {
      const row = await loadVisible(tx, actor, id, true);
      checkVersion(row.version);
      const accepted = step(row, 'accept');
      const at = options.at ?? new Date();
      const importer = await enterpriseById(tx, row.importerId);
      const items = await repo.findItems(tx, id);
      const categories = await categoriesOf(tx, items.map((i) => i.commodityCode!), todayInChina(new Date(row.submittedAt ?? at)));
      const decision = await deps.laneDecider.decide(tx, {
        declarationId: id,
        importerId: row.importerId,
        declarantId: row.declarantId,
        importerCreditClass: importer!.creditClass,
        categoryCodes: categories,
        decidedAt: at,
      });
      const laneAssigned = step({ ...row, state: accepted }, 'assignLane');
      await storeRiskDecision(tx, id, decision, at);
      const needsInspection = LANES_WITH_INSPECTION.has(decision.lane);
      if (needsInspection) await createInspectionTask(tx, row, at);
      const updated = await repo.updateDeclaration(tx, row, {
        state: laneAssigned,
        lane: decision.lane,
        inspectionOutcome: needsInspection ? 'PENDING' : null,
        acceptedAt: at.toISOString(),
        laneAssignedAt: at.toISOString(),
      }, options.at);
      await notify(tx, [
        ...enterpriseAudience(updated, 'declaration.laneAssigned', { lane: decision.lane }),
        ...(needsInspection ? [] : [{ role: 'RELEASE_OFFICER', type: 'declaration.readyForRelease', entityType: 'declaration', entityId: id, payload: { number: row.number } }]),
      ]);
      await audit(tx, actor, 'declaration.accept', { state: row.state }, { state: accepted }, id, { ...options, at });
      await audit(tx, null, 'declaration.assignLane', { state: accepted }, { state: laneAssigned, lane: decision.lane, engine: decision.engine, randomDraw: decision.randomDraw, reasons: decision.reasons }, id, { ...options, at });
      return updated;
    },

    async release(tx: Executor, actor: Actor, id: string, checkVersion: (v: number) => void, options: ActionOptions) {
      const row = await loadVisible(tx, actor, id, true);
      checkVersion(row.version);
      const to = step(row, 'release');
      const at = options.at ?? new Date();
      const updated = await repo.updateDeclaration(tx, row, { state: to, releasedAt: at.toISOString() }, options.at);
      await notify(tx, enterpriseAudience(updated, 'declaration.released'));
      await audit(tx, actor, 'declaration.release', { state: row.state }, { state: to }, id, { ...options, at });
      return updated;
    },

    async clear(tx: Executor, actor: Actor, id: string, checkVersion: (v: number) => void, options: ActionOptions) {
      const row = await loadVisible(tx, actor, id, true);
      checkVersion(row.version);
      const to = step(row, 'clear');
      const at = options.at ?? new Date();
      const updated = await repo.updateDeclaration(tx, row, { state: to, clearedAt: at.toISOString(), closedAt: at.toISOString() }, options.at);
      await notify(tx, enterpriseAudience(updated, 'declaration.cleared'));
      await audit(tx, actor, 'declaration.clear', { state: row.state }, { state: to }, id, { ...options, at });
      return updated;
    },

    async reject(tx: Executor, actor: Actor, id: string, checkVersion: (v: number) => void, reason: string, options: ActionOptions) {
      const row = await loadVisible(tx, actor, id, true);
      checkVersion(row.version);
      const to = step(row, 'reject');
      const at = options.at ?? new Date();
      const updated = await repo.updateDeclaration(tx, row, { state: to, rejectionReason: reason, closedAt: at.toISOString() }, options.at);
      await notify(tx, enterpriseAudience(updated, 'declaration.rejected', { reason }));
      await audit(tx, actor, 'declaration.reject', { state: row.state }, { state: to, reason }, id, { ...options, at });
      return updated;
    },

    async withdraw(tx: Executor, actor: Actor, id: string, checkVersion: (v: number) => void, reason: string, options: ActionOptions) {
      const row = await loadVisible(tx, actor, id, true);
      assertDeclarant(actor, row);
      checkVersion(row.version);
      const to = step(row, 'withdraw');
      const at = options.at ?? new Date();
      const updated = await repo.updateDeclaration(tx, row, { state: to, withdrawalReason: reason, closedAt: at.toISOString() }, options.at);
      if (row.state !== 'DRAFT') {
        await notify(tx, [{ role: 'LIAISON_OFFICER', type: 'declaration.withdrawn', entityType: 'declaration', entityId: id, payload: { number: row.number, reason } }]);
      }
      await audit(tx, actor, 'declaration.withdraw', { state: row.state }, { state: to, reason }, id, { ...options, at });
      return updated;
    },

    /** Called by inspection when an inspector takes the task. */
    async startInspection(tx: Executor, actor: Actor, id: string, options: ActionOptions) {
      const row = await repo.findDeclaration(tx, id, { forUpdate: true });
      if (!row) throw notFound('declaration');
      const to = step(row, 'startInspection');
      await repo.updateDeclaration(tx, row, { state: to }, options.at);
      await audit(tx, actor, 'declaration.startInspection', { state: row.state }, { state: to }, id, options);
    },

    /** Called by inspection when the on-site check is recorded; a FAILED outcome blocks release. */
    async recordInspectionOutcome(tx: Executor, actor: Actor, id: string, outcome: 'PASSED' | 'FAILED', options: ActionOptions) {
      const row = await repo.findDeclaration(tx, id, { forUpdate: true });
      if (!row) throw notFound('declaration');
      const updated = await repo.updateDeclaration(tx, row, { inspectionOutcome: outcome }, options.at);
      await notify(tx, [
        ...enterpriseAudience(updated, outcome === 'PASSED' ? 'declaration.inspectionPassed' : 'declaration.inspectionFailed'),
        ...(outcome === 'PASSED' ? [{ role: 'RELEASE_OFFICER', type: 'declaration.readyForRelease', entityType: 'declaration', entityId: id, payload: { number: row.number } }] : []),
      ]);
      await audit(tx, actor, 'declaration.inspectionOutcome', { inspectionOutcome: row.inspectionOutcome }, { inspectionOutcome: outcome }, id, options);
    },

    async declaredWetTonnes(tx: Executor, id: string): Promise<string> {
      const row = await repo.findDeclaration(tx, id);
      if (!row) throw notFound('declaration');
      return row.totalWetTonnes ?? sumOf((await repo.findItems(tx, id)).map((i) => i.wetTonnes ?? '0'), 3);
    },

    /** What this actor may do next: the state machine's options narrowed by role and ownership. */
    allowedActions(actor: Actor, row: DeclarationRow, inspectionTaskState: string | null): UserAction[] {
      const possible = new Set<DeclarationAction>(stateActions(row.state as DeclarationState, transitionContext(row)));
      const allowed: UserAction[] = [];
      const isDeclarant = actor.enterpriseId === row.declarantId;
      if (isDeclarant && possible.has('edit')) allowed.push('edit');
      if (isDeclarant && possible.has('submit')) allowed.push('submit');
      if (isDeclarant && possible.has('withdraw')) allowed.push('withdraw');
      if (isCustoms(actor)) {
        if (possible.has('accept') && hasRole(actor, 'LIAISON_OFFICER', 'SUPERVISOR')) allowed.push('accept');
        if (possible.has('reject') && hasRole(actor, ...REJECTING_ROLES)) allowed.push('reject');
        if (possible.has('startInspection') && inspectionTaskState === 'PENDING' && hasRole(actor, 'INSPECTOR', 'SUPERVISOR')) allowed.push('startInspection');
        if (row.state === 'UNDER_INSPECTION' && inspectionTaskState === 'IN_PROGRESS' && hasRole(actor, 'INSPECTOR', 'SUPERVISOR')) allowed.push('recordCheck');
        if (possible.has('release') && hasRole(actor, 'RELEASE_OFFICER', 'SUPERVISOR')) allowed.push('release');
        if (possible.has('clear') && hasRole(actor, 'RELEASE_OFFICER', 'SUPERVISOR')) allowed.push('clear');
      }
      return allowed;
    },

    /** Customs work queues as SQL filters over the declaration list. */
    queueFilter(queue: 'to-accept' | 'to-release' | 'to-clear'): SQL {
      switch (queue) {
        case 'to-accept':
          return eq(declarations.state, 'SUBMITTED');
        case 'to-release':
          // Parenthesised as one condition: the list query ANDs search and state filters onto it.
          return or(
            and(eq(declarations.state, 'LANE_ASSIGNED'), ne(declarations.lane, 'INSPECT_BEFORE_RELEASE')),
            and(eq(declarations.state, 'UNDER_INSPECTION'), eq(declarations.inspectionOutcome, 'PASSED')),
          )!;
        case 'to-clear':
          return eq(declarations.state, 'RELEASED');
      }
    },
  };
}

export type DeclarationWorkflow = ReturnType<typeof createDeclarationWorkflow>;

/**
 * The composition point for risk: the risk engine decides with the approved rule set in force (lane-table.ts
 * keeps the foundation's decider behind the same interface).
 */
export const declarationWorkflow = createDeclarationWorkflow({ laneDecider: engineLaneDecider });

function headerValues(input: TDeclarationDraft) {
  const { items: _items, ...header } = input;
  const values: Partial<typeof declarations.$inferInsert> = {};
  for (const [key, value] of Object.entries(header)) {
    if (value !== undefined) (values as Record<string, unknown>)[key] = value;
  }
  return values;
}

/** Dry mass and value are derived, never typed in: the declarant enters wet mass, moisture and unit price. */
function itemValues(items: NonNullable<TDeclarationDraft['items']>) {
  return items.map((item, index) => {
    const dryTonnes = item.wetTonnes && item.moisturePct ? computeDryMass(item.wetTonnes, item.moisturePct) : null;
    return {
      lineNo: index + 1,
      commodityCode: item.commodityCode ?? null,
      goodsName: item.goodsName ?? null,
      declarationElements: item.declarationElements ?? {},
      wetTonnes: item.wetTonnes ?? null,
      moisturePct: item.moisturePct ?? null,
      dryTonnes,
      unitPrice: item.unitPrice ?? null,
      value: dryTonnes && item.unitPrice ? computeItemValue(dryTonnes, item.unitPrice) : null,
    };
  });
}

function draftSnapshot(row: DeclarationRow) {
  const { id: _id, version: _v, createdAt: _c, updatedAt: _u, ...rest } = row;
  return rest;
}

function itemSnapshot(item: DeclarationItemRow) {
  const { id: _id, declarationId: _d, ...rest } = item;
  return rest;
}

/** Only what differs, so the timeline shows the edit and not the whole record. */
function changedFields(mine: Record<string, unknown>, other: Record<string, unknown>, extra: Record<string, unknown>) {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(mine)) {
    if (JSON.stringify(value) !== JSON.stringify(other[key])) out[key] = value;
  }
  return { ...out, ...extra };
}

function sumOf(values: string[], scale: number): string {
  return values.reduce((total, value) => total.plus(value), new Decimal(0)).toFixed(scale);
}

async function categoriesOf(tx: Executor, codes: string[], onDate: string): Promise<string[]> {
  const lines = [];
  for (const code of new Set(codes)) lines.push(await commodityInForce(tx, code, onDate));
  return [...new Set(lines.flatMap((line) => (line ? [line.categoryCode] : [])))];
}

/** The header fields the reference checks need; a stored row and a draft both have them. */
type FactsSource = Pick<DeclarationRow, 'portCode' | 'currencyCode' | 'originCountryCode' | 'departureCountryCode' | 'overseasShipperId'>;

/** The reference data of one submission check, as the reference-check statement returns it. */
interface FactsRow {
  port_code: string | null;
  transport_mode_code: string | null;
  customs_office_code: string | null;
  currency_known: boolean;
  exchange_rate: string | null;
  known_countries: string[] | null;
  shipper_known: boolean;
  commodities: { code: string; declarationElements: DeclarationElementDefinition[]; dutyRate: string; vatRate: string }[];
}

type SubmissionFactsResult = ReturnType<typeof submissionFacts>;

export async function loadSubmissionFacts(tx: Executor, header: FactsSource, commodityCodes: (string | null)[], today: string) {
  const values = submissionFactsValues(header, commodityCodes, today);
  const row = await submissionFactsCache.get(tx, JSON.stringify(values), async () => (await submissionFactsStatement(tx, values))[0]!);
  return submissionFacts(header, row, today);
}

/**
 * Reference data changes rarely and every submission checks against it: a change to any of these tables
 * forgets what was cached (see derivedCache); the key holds the date, so nothing outlives its day's rates.
 */
const submissionFactsCache = derivedCache<FactsRow>('submission reference checks', {
  tables: ['ports', 'currencies', 'exchange_rates', 'countries', 'overseas_shippers', 'commodities'],
  maxEntries: 1_000,
  ttlMs: 10 * 60_000,
});

/**
 * The header's reference checks in one statement of one row (each is a round trip otherwise), with
 * placeholders: see submissionFactsValues.
 */
const submissionFactsSelect = sql<FactsRow>`
    select p.code as port_code, p.transport_mode_code, p.customs_office_code,
      exists (select 1 from ${currencies} where code = ${sql.placeholder('currency')}::text) as currency_known,
      (select cny_per_unit::text from ${exchangeRates} where currency_code = ${sql.placeholder('currency')}::text and month = ${sql.placeholder('month')}::text) as exchange_rate,
      array(select code from ${countries} where code = any(${sql.placeholder('countries')}::text[])) as known_countries,
      exists (select 1 from ${overseasShippers} where id = ${sql.placeholder('shipper')}::uuid) as shipper_known,
      (select coalesce(json_agg(json_build_object('code', c.code, 'declarationElements', c.declaration_elements, 'dutyRate', c.duty_rate::text, 'vatRate', c.vat_rate::text)), '[]')
        from (select distinct on (code) code, declaration_elements, duty_rate, vat_rate from ${commodities}
              where code = any(${sql.placeholder('commodities')}::text[]) and valid_from <= ${sql.placeholder('today')}::date and (valid_to is null or valid_to >= ${sql.placeholder('today')}::date)
              order by code, valid_from desc) c) as commodities
    from (select 1) as one left join ${ports} p on p.code = ${sql.placeholder('port')}::text`;

const submissionFactsStatement = preparedStatement('submission_facts', () => submissionFactsSelect);
/** A declaration created and submitted at once: stored submitted, numbered by the same statement. */
const insertSubmitted = repo.declarationInsert('declaration_insert_submitted', { numbered: true });

/**
 * A header field a new declaration leaves out has its column's default (none, false or an empty list), for
 * checking a submission before anything is stored.
 */
const SUBMISSION_HEADER_DEFAULTS = {
  isAdvance: false,
  portCode: null,
  transportModeCode: null,
  trainNumber: null,
  wagonNumbers: [],
  truckPlates: [],
  arrivalDate: null,
  contractNumber: null,
  invoiceNumber: null,
  incoterm: null,
  currencyCode: null,
  freight: null,
  insurance: null,
  originCountryCode: null,
  departureCountryCode: null,
  overseasShipperId: null,
} satisfies SubmissionHeader & Pick<DeclarationRow, 'incoterm' | 'insurance'>;

/** A submitted declaration as its draft was: without what submitting set. */
const DRAFT_OF_SUBMITTED = Object.fromEntries([...repo.SUBMISSION_COLUMNS, 'number'].map((column) => [column, null])) as Partial<DeclarationRow>;

/** A draft's or a new declaration's item, as a submission checks and taxes it. */
type SubmissionDraftItem = Pick<DeclarationItemRow, 'commodityCode' | 'goodsName' | 'wetTonnes' | 'moisturePct' | 'dryTonnes' | 'unitPrice' | 'value'> & { declarationElements: unknown };

function submissionFactsValues(header: FactsSource, commodityCodes: (string | null)[], today: string) {
  return {
    port: header.portCode,
    currency: header.currencyCode,
    month: monthOf(today),
    countries: [...new Set([header.originCountryCode, header.departureCountryCode].filter((c): c is string => Boolean(c)))],
    shipper: header.overseasShipperId,
    commodities: [...new Set(commodityCodes.filter((c): c is string => Boolean(c)))],
    today,
  };
}

function submissionFacts(header: FactsSource, facts: FactsRow, today: string) {
  const month = monthOf(today);
  const port = facts.port_code ? { code: facts.port_code, transportModeCode: facts.transport_mode_code!, customsOfficeCode: facts.customs_office_code! } : undefined;
  const currencyKnown = header.currencyCode ? facts.currency_known : false;
  const exchangeRate = !header.currencyCode ? undefined : header.currencyCode === DOMESTIC_CURRENCY ? '1' : (facts.exchange_rate ?? undefined);
  const knownCountries = facts.known_countries ?? [];
  const shipperKnown = header.overseasShipperId ? facts.shipper_known : false;
  // The version of each commodity line in force today (as commodityInForce), one per code.
  const inForce = facts.commodities;
  const check: SubmissionFacts = {
    today,
    port: port ? { code: port.code, transportModeCode: port.transportModeCode } : undefined,
    currencyKnown,
    exchangeRate,
    exchangeRateMonth: month,
    countriesKnown: new Set(knownCountries),
    commodities: new Map(inForce.map((line) => [line.code, { declarationElements: line.declarationElements }])),
    overseasShipperKnown: shipperKnown,
  };
  return {
    check,
    customsOfficeCode: port?.customsOfficeCode,
    rates: new Map(inForce.map((line) => [line.code, { dutyRate: line.dutyRate, vatRate: line.vatRate }])),
  };
}
