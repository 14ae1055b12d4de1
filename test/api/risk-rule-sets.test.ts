import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ruleSetInForceAt } from '../../src/modules/risk/rule-sets.js';
import { completeDraft, createUser, expectProblem, login, startTestApp, DEMO_PASSWORD, type SessionAgent, type TestApp } from '../support/index.js';

/**
 * Versioned rule sets under four-eyes approval, activation by effective date, lists as data, and what a decision
 * stores: the rule-set version and risk-data revision that made it, its fired rules and facts — enough to replay it.
 */

let t: TestApp;
let importer: SessionAgent;
let officer: SessionAgent;
let admin: SessionAgent;
let inspector: SessionAgent;
let secondAnalyst: SessionAgent;

const importerId = () => (importer.user.enterprise as { id: string }).id;
const etag = (response: { headers: Record<string, unknown> }) => String(response.headers.etag);
const inOneDay = () => new Date(Date.now() + 86_400_000).toISOString();

/** Files, submits and accepts a declaration; returns the accepted declaration. */
async function accepted(overrides: Record<string, unknown> = {}) {
  const draft = (await importer.post('/api/v1/declarations', completeDraft(importerId(), overrides))).json();
  const submitted = await importer.post(`/api/v1/declarations/${draft.id}/submit`, undefined, { 'if-match': `"${draft.version}"` });
  expect(submitted.statusCode, submitted.body).toBe(200);
  const response = await officer.post(`/api/v1/declarations/${draft.id}/accept`, undefined, { 'if-match': etag(submitted) });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

async function setRate(rate: string) {
  const response = await officer.put('/api/v1/risk/lane-rates/IRON_CONCENTRATE/GENERAL', { inspectionRate: rate });
  expect(response.statusCode, response.body).toBe(200);
}

async function proposal(agent: SessionAgent, body: Record<string, unknown>) {
  const created = await agent.post('/api/v1/risk/rule-sets', { comment: 'test change', effectiveFrom: inOneDay(), copyFrom: 'IN_FORCE', ...body });
  expect(created.statusCode, created.body).toBe(201);
  const submitted = await agent.post(`/api/v1/risk/rule-sets/${created.json().version}/submit`, undefined, { 'if-match': etag(created) });
  expect(submitted.statusCode, submitted.body).toBe(200);
  return submitted;
}

beforeAll(async () => {
  t = await startTestApp({ demo: true });
  [importer, officer, admin, inspector] = await Promise.all(['importer', 'officer', 'admin', 'inspector'].map((name) => login(t.app, name, DEMO_PASSWORD)));
  const analyst = await createUser(t.db, { roles: ['RISK_ANALYST'], displayName: '王分析' });
  secondAnalyst = await login(t.app, analyst.username, analyst.password);
}, 120_000);

afterAll(async () => t?.close());

describe('rule sets', () => {
  it('the demo starts with a rule set written by the analyst and approved by the supervisor, and a proposal awaiting approval', async () => {
    const list = (await inspector.get('/api/v1/risk/rule-sets')).json();
    expect(list.items).toHaveLength(2);
    expect(list.items[0]).toMatchObject({ version: 2, status: 'PENDING_APPROVAL', inForce: false, basedOnVersion: 1, author: { id: officer.user.id }, reviewer: null });
    expect(list.items[1]).toMatchObject({
      version: 1,
      engineVersion: 'rs-1',
      status: 'ACTIVE',
      inForce: true,
      effectiveFrom: '2025-12-31T16:00:00.000Z',
      author: { id: officer.user.id },
      reviewer: { id: admin.user.id },
    });
    expect(list.items[1].ruleCount).toBeGreaterThanOrEqual(25);
    const inForce = await inspector.get('/api/v1/risk/rule-sets/in-force');
    expect(inForce.json()).toMatchObject({ version: 1, definition: { rates: { selectionLane: 'INSPECT_BEFORE_RELEASE' } } });
    const fields = (await inspector.get('/api/v1/risk/rule-fields')).json();
    expect(fields.fields.map((f: { name: string }) => f.name)).toContain('unitValueCnyPerDryTonne');
  });

  it('four-eyes: the author cannot approve their own rule set; a second officer can', async () => {
    const pending = await proposal(officer, { comment: 'exploration 1 %' });
    const version = pending.json().version;
    expect(pending.json()).toMatchObject({ status: 'PENDING_APPROVAL', basedOnVersion: 1 });

    const own = expectProblem(await officer.post(`/api/v1/risk/rule-sets/${version}/approve`, { comment: 'mine' }, { 'if-match': etag(pending) }), 403, 'FOUR_EYES_REQUIRED');
    expect(own.errors).toEqual([expect.objectContaining({ path: 'approver', code: 'FOUR_EYES_REQUIRED' })]);
    expect(own.reason).toBe('FOUR_EYES_REQUIRED');
    expect((await officer.get(`/api/v1/risk/rule-sets/${version}`)).json().status).toBe('PENDING_APPROVAL');

    expectProblem(await admin.post(`/api/v1/risk/rule-sets/${version}/approve`, {}), 428, 'PRECONDITION_REQUIRED');
    const approved = await admin.post(`/api/v1/risk/rule-sets/${version}/approve`, { comment: '同意' }, { 'if-match': etag(pending) });
    expect(approved.statusCode, approved.body).toBe(200);
    // Effective tomorrow: approved, not yet in force.
    expect(approved.json()).toMatchObject({ status: 'SCHEDULED', inForce: false, reviewer: { id: admin.user.id }, reviewComment: '同意' });
    expectProblem(await admin.post(`/api/v1/risk/rule-sets/${version}/approve`, {}, { 'if-match': etag(approved) }), 409, 'INVALID_STATE_TRANSITION');

    const trail = await t.sql<{ action: string; actor_label: string }>("select action, actor_label from audit_log where entity_type = 'ruleSet' and entity_id = $1 order by id", [String(version)]);
    expect(trail.rows.map((r) => `${r.action}:${r.actor_label}`)).toEqual(['risk.ruleSet.create:officer', 'risk.ruleSet.submit:officer', 'risk.ruleSet.approve:admin']);
  });

  it('a second risk analyst may approve; only the author edits or submits a draft', async () => {
    const created = await officer.post('/api/v1/risk/rule-sets', { comment: 'draft', effectiveFrom: inOneDay(), copyFrom: 1 });
    const version = created.json().version;
    expectProblem(await secondAnalyst.patch(`/api/v1/risk/rule-sets/${version}`, { comment: 'taken over' }, { 'if-match': etag(created) }), 403, 'FORBIDDEN');
    expectProblem(await officer.patch(`/api/v1/risk/rule-sets/${version}`, { comment: 'no etag' }), 428, 'PRECONDITION_REQUIRED');
    const edited = await officer.patch(`/api/v1/risk/rule-sets/${version}`, { comment: 'edited' }, { 'if-match': etag(created) });
    expect(edited.json()).toMatchObject({ comment: 'edited', rowVersion: 2 });
    expectProblem(await officer.patch(`/api/v1/risk/rule-sets/${version}`, { comment: 'stale' }, { 'if-match': etag(created) }), 412, 'VERSION_MISMATCH');
    expectProblem(await secondAnalyst.post(`/api/v1/risk/rule-sets/${version}/submit`, undefined, { 'if-match': etag(edited) }), 403, 'FORBIDDEN');
    const submitted = await officer.post(`/api/v1/risk/rule-sets/${version}/submit`, undefined, { 'if-match': etag(edited) });
    expectProblem(await officer.patch(`/api/v1/risk/rule-sets/${version}`, { comment: 'too late' }, { 'if-match': etag(submitted) }), 409, 'INVALID_STATE_TRANSITION');
    const approved = await secondAnalyst.post(`/api/v1/risk/rule-sets/${version}/approve`, {}, { 'if-match': etag(submitted) });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().reviewer.id).toBe(secondAnalyst.user.id);
    // A supervisor cannot author: rule sets are written by risk analysts.
    expectProblem(await admin.post('/api/v1/risk/rule-sets', { comment: 'x', effectiveFrom: inOneDay() }), 403, 'FORBIDDEN');
  });

  it('rejects with a reason; a rejected set can never be approved', async () => {
    const pending = await proposal(officer, { comment: 'to be rejected' });
    const version = pending.json().version;
    expect((await admin.post(`/api/v1/risk/rule-sets/${version}/reject`, {}, { 'if-match': etag(pending) })).statusCode).toBe(422);
    const rejected = await admin.post(`/api/v1/risk/rule-sets/${version}/reject`, { reason: '价格参数未附历史统计' }, { 'if-match': etag(pending) });
    expect(rejected.json()).toMatchObject({ status: 'REJECTED', reviewComment: '价格参数未附历史统计' });
    expectProblem(await secondAnalyst.post(`/api/v1/risk/rule-sets/${version}/approve`, {}, { 'if-match': etag(rejected) }), 409, 'INVALID_STATE_TRANSITION');
  });

  it('validates definitions with the engine and reports every problem with its path', async () => {
    const inForce = (await officer.get('/api/v1/risk/rule-sets/in-force')).json();
    const definition = structuredClone(inForce.definition);
    definition.rules[0].condition = { op: 'inList', field: 'importerId', list: 'no-such-list' };
    definition.rates.byCreditClass.DISHONEST = 0.5;
    definition.lists = {};
    const problem = expectProblem(await officer.post('/api/v1/risk/rule-sets', { comment: 'broken', effectiveFrom: inOneDay(), definition }), 422, 'VALIDATION_FAILED');
    expect(problem.errors).toEqual([expect.objectContaining({ path: 'definition.lists', code: 'RULE_SET_INVALID' })]);
    delete definition.lists;
    const second = expectProblem(await officer.post('/api/v1/risk/rule-sets', { comment: 'broken', effectiveFrom: inOneDay(), definition }), 422, 'VALIDATION_FAILED');
    const paths = (second.errors as { path: string }[]).map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['definition.rules[0].condition.list', 'definition.rates.byCreditClass.DISHONEST']));
    // From scratch: an empty rule set with safe rates, valid as it is.
    const body = { comment: 'empty', effectiveFrom: inOneDay() };
    const empty = await officer.post('/api/v1/risk/rule-sets', body, { 'idempotency-key': 'empty-1' });
    expect(empty.statusCode).toBe(201);
    expect(empty.json()).toMatchObject({ status: 'DRAFT', ruleCount: 0, basedOnVersion: null });
    const replay = await officer.post('/api/v1/risk/rule-sets', body, { 'idempotency-key': 'empty-1' });
    expect(replay.json().version).toBe(empty.json().version);
  });

  it('an approved rule set decides from its effective date, and never before its approval', async () => {
    await setRate('0');
    const before = await accepted();
    expect(before.lane).toBe('RELEASE');
    const decision = (await officer.get(`/api/v1/risk/decisions/${before.id}`)).json();
    const inForceNow = (await officer.get('/api/v1/risk/rule-sets/in-force')).json().version;
    expect(decision.ruleSetVersion).toBe(inForceNow);

    // The new version sends every general-credit concentrate lot to documents check.
    const definition = structuredClone((await officer.get('/api/v1/risk/rule-sets/in-force')).json().definition);
    definition.rules.push({
      id: 'TEST-ALL-CONCENTRATE',
      name: { zh: '铁精粉单证审核', en: 'Concentrate: documents check' },
      description: { zh: '测试', en: 'test' },
      enabled: true,
      condition: { op: 'eq', field: 'categoryCode', value: 'IRON_CONCENTRATE' },
      action: { lane: 'DOCUMENT_CHECK', share: 1, checks: ['DOCUMENT_REVIEW'] },
    });
    const effectiveFrom = new Date(Date.now() + 3_600_000);
    const pending = await proposal(officer, { comment: 'concentrate documents', effectiveFrom: effectiveFrom.toISOString(), definition, copyFrom: undefined });
    const version = pending.json().version;
    const approved = await admin.post(`/api/v1/risk/rule-sets/${version}/approve`, {}, { 'if-match': etag(pending) });
    expect(approved.json()).toMatchObject({ status: 'SCHEDULED', effectiveFrom: effectiveFrom.toISOString() });
    expect((await ruleSetInForceAt(t.db, new Date()))!.version).toBe(inForceNow);
    expect((await ruleSetInForceAt(t.db, new Date(effectiveFrom.getTime() + 1000)))!.version).toBe(version);
    expect((await accepted()).lane).toBe('RELEASE');

    // The effective date arrives (moved into the past, as the clock would).
    await t.sql("update risk_rule_sets set effective_from = now() - interval '1 minute' where version = $1", [version]);
    const after = await accepted();
    expect(after.lane).toBe('DOCUMENT_CHECK');
    const stored = (await officer.get(`/api/v1/risk/decisions/${after.id}`)).json();
    // The demo's active learned model scores it as well.
    expect(stored).toMatchObject({ ruleSetVersion: version, checks: expect.arrayContaining(['DOCUMENT_REVIEW']), modelVersion: expect.stringMatching(/^orelane-\d{4}-\d{2}-\d{2}\.\d+$/) });
    expect(stored.firedRules).toEqual(expect.arrayContaining([expect.objectContaining({ ruleId: 'TEST-ALL-CONCENTRATE', selected: true, share: 1 })]));
    const list = (await officer.get('/api/v1/risk/rule-sets')).json().items;
    expect(list.find((r: { version: number }) => r.version === version).status).toBe('ACTIVE');
    expect(list.find((r: { version: number }) => r.version === inForceNow).status).toBe('RETIRED');

    // A set approved after its requested date takes effect at approval, not retroactively (back to version 1's rules).
    const late = await proposal(officer, { comment: 'back-dated', effectiveFrom: '2026-01-02T00:00:00+08:00', copyFrom: inForceNow });
    const approvedLate = (await admin.post(`/api/v1/risk/rule-sets/${late.json().version}/approve`, {}, { 'if-match': etag(late) })).json();
    expect(Date.parse(approvedLate.effectiveFrom)).toBeGreaterThan(Date.now() - 60_000);
    expect(approvedLate.status).toBe('ACTIVE');
    expect((await accepted()).lane).toBe('RELEASE');
  });
});

describe('lists and decisions', () => {
  it('a watch-listed importer is inspected; the decision records the list entry and revision, and replays after the list changes', async () => {
    await setRate('0');
    const lists = (await officer.get('/api/v1/risk/lists')).json();
    expect(lists.items.map((l: { name: string }) => l.name)).toEqual(expect.arrayContaining(['watched-enterprises', 'transit-origins', 'watched-vehicles']));
    const added = await officer.post('/api/v1/risk/lists/watched-enterprises/entries', { value: importerId(), reason: '测试：水分申报不实' }, { 'idempotency-key': 'watch-xinyuan' });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json().label).toContain('新源');
    expectProblem(await officer.post('/api/v1/risk/lists/watched-enterprises/entries', { value: importerId(), reason: 'again' }), 409, 'CONFLICT');
    expectProblem(await officer.post('/api/v1/risk/lists/core-origins/entries', { value: 'kazakhstan', reason: 'x' }), 422, 'VALIDATION_FAILED');

    const declaration = await accepted();
    expect(declaration.lane).toBe('INSPECT_BEFORE_RELEASE');
    const decision = (await officer.get(`/api/v1/risk/decisions/${declaration.id}`)).json();
    expect(decision.reasons[0]).toMatchObject({ code: 'RULE', params: { ruleId: 'WATCH-IMPORTER' } });
    expect(decision.details.listHits).toEqual(expect.arrayContaining([{ list: 'watched-enterprises', kind: 'ENTERPRISE', value: importerId() }]));
    expect(decision.dataRevision).toBe(added.json().addedRevision);
    expect(decision.facts).toMatchObject({ declarationId: declaration.id, importerId: importerId(), importerCreditClass: 'GENERAL' });
    expect(decision.facts.items[0].unitValueCnyPerDryTonne).toBeGreaterThan(700);

    const removed = await officer.post(`/api/v1/risk/lists/watched-enterprises/entries/${added.json().id}/remove`, { reason: '核查后解除' });
    expect(removed.json()).toMatchObject({ removalReason: '核查后解除' });
    expect((await accepted()).lane).toBe('RELEASE');
    // The old decision still replays exactly: it names the revision whose list held the importer.
    const replay = (await officer.get(`/api/v1/risk/decisions/${declaration.id}/replay`)).json();
    expect(replay).toMatchObject({ identical: true, replayed: { lane: 'INSPECT_BEFORE_RELEASE' } });
    const atRevision = (await officer.get(`/api/v1/risk/lists/watched-enterprises?revision=${decision.dataRevision}`)).json();
    expect(atRevision.entries.map((e: { value: string }) => e.value)).toContain(importerId());
    const now = (await officer.get('/api/v1/risk/lists/watched-enterprises')).json();
    expect(now.entries.map((e: { value: string }) => e.value)).not.toContain(importerId());
  });

  it('every stored engine decision — demo history included — replays to the same lane, draw, checks and fired rules', async () => {
    const { rows } = await t.sql<{ declaration_id: string }>('select declaration_id from risk_decisions where rule_set_version is not null');
    expect(rows.length).toBeGreaterThan(20);
    for (const row of rows) {
      const replay = await officer.get(`/api/v1/risk/decisions/${row.declaration_id}/replay`);
      expect(replay.statusCode, replay.body).toBe(200);
      expect(replay.json().identical, replay.body).toBe(true);
      expect(replay.json().replayed.lane).toBe(replay.json().stored.lane);
    }
  });

  it('the watch-list endpoints maintain the enterprise list the rules read', async () => {
    const otherImporter = await login(t.app, 'other-importer', DEMO_PASSWORD);
    const enterpriseId = (otherImporter.user.enterprise as { id: string }).id;
    const entry = await officer.post('/api/v1/risk/watch-list', { enterpriseId, reason: '测试' });
    expect(entry.statusCode, entry.body).toBe(201);
    const listed = (await inspector.get('/api/v1/risk/watch-list')).json().items.map((e: { enterpriseId: string }) => e.enterpriseId);
    expect(listed).toContain(enterpriseId);
    expect((await officer.get('/api/v1/risk/lists/watched-enterprises')).json().entries.map((e: { value: string }) => e.value)).toContain(enterpriseId);
    expect((await officer.delete(`/api/v1/risk/watch-list/${entry.json().id}`)).statusCode).toBe(204);
    expect((await inspector.get('/api/v1/risk/watch-list')).json().items.map((e: { enterpriseId: string }) => e.enterpriseId)).not.toContain(enterpriseId);
  });

  it('with no approved rule set in force, nothing is released unassessed: the lot is inspected before release', async () => {
    await setRate('0');
    const { rows } = await t.sql<{ version: number }>("select version from risk_rule_sets where status = 'APPROVED'");
    await t.sql("update risk_rule_sets set status = 'REJECTED' where status = 'APPROVED'");
    try {
      const declaration = await accepted();
      expect(declaration).toMatchObject({ lane: 'INSPECT_BEFORE_RELEASE', riskDecision: { engine: expect.stringMatching(/^risk-engine\/1;rules=none;/), reasons: [expect.objectContaining({ code: 'NO_RULE_SET_IN_FORCE' })] } });
      expectProblem(await officer.get(`/api/v1/risk/decisions/${declaration.id}/replay`), 422, 'VALIDATION_FAILED');
    } finally {
      await t.sql("update risk_rule_sets set status = 'APPROVED' where version = any($1::int[])", [rows.map((r) => r.version)]);
    }
    expect((await accepted()).lane).toBe('RELEASE');
  });
});
