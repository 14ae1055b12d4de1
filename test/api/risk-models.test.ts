import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInChina } from '../../src/modules/reference/reference.service.js';
import { MIN_POSITIVES_TO_ACTIVATE, trainRequestedModel } from '../../src/modules/risk/risk-models.js';
import { completeDraft, createUser, dbLabel, expectProblem, login, startTestApp, DEMO_PASSWORD, type SessionAgent, type TestApp } from '../support/index.js';

/**
 * The learned score inside Orelane's own decisions: the demo's first model (trained by the risk analyst on the
 * demo history, activated by the supervisor), retraining on demand through the job queue, activation with its
 * refusals, and a new declaration's decision carrying the score, the model version and the factors in words —
 * which replays identically.
 */

let t: TestApp;
let importer: SessionAgent;
let officer: SessionAgent;
let admin: SessionAgent;
let inspector: SessionAgent;

const VERSION = /^orelane-\d{4}-\d{2}-\d{2}\.\d+$/;
const etag = (response: { headers: Record<string, unknown> }) => String(response.headers.etag);

async function acceptedDeclaration() {
  const importerId = (importer.user.enterprise as { id: string }).id;
  const draft = (await importer.post('/api/v1/declarations', completeDraft(importerId))).json();
  const submitted = await importer.post(`/api/v1/declarations/${draft.id}/submit`, undefined, { 'if-match': `"${draft.version}"` });
  expect(submitted.statusCode, submitted.body).toBe(200);
  const accepted = await officer.post(`/api/v1/declarations/${draft.id}/accept`, undefined, { 'if-match': etag(submitted) });
  expect(accepted.statusCode, accepted.body).toBe(200);
  return accepted.json<{ id: string }>();
}

async function waitUntilTrained(version: string) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const model = (await officer.get(`/api/v1/risk/models/${version}`)).json();
    if (model.status !== 'TRAINING') return model;
    if (Date.now() > deadline) throw new Error(`model ${version} still training after 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

beforeAll(async () => {
  t = await startTestApp({ demo: true, jobs: true });
  [importer, officer, admin, inspector] = await Promise.all(['importer', 'officer', 'admin', 'inspector'].map((name) => login(t.app, name, DEMO_PASSWORD)));
}, 180_000);
afterAll(async () => t?.close());

describe(`learned risk-score models (${dbLabel()})`, () => {
  it('the demo starts with one active model, trained by the risk analyst and activated by the supervisor', async () => {
    const { items } = (await inspector.get('/api/v1/risk/models')).json();
    expect(items).toHaveLength(1);
    const [model] = items;
    expect(model).toMatchObject({
      version: expect.stringMatching(VERSION),
      status: 'ACTIVE',
      trainedBy: { id: officer.user.id },
      activatedBy: { id: admin.user.id },
      minPositivesToActivate: MIN_POSITIVES_TO_ACTIVATE,
    });
    expect(model.positives).toBeGreaterThanOrEqual(MIN_POSITIVES_TO_ACTIVATE);
    expect(model.trainingRows).toBeGreaterThan(model.positives);
    expect(model.metrics.auc).toBeGreaterThan(0.5);
    expect(model.metrics.heldOutRows).toBeGreaterThan(0);
    const detail = (await officer.get(`/api/v1/risk/models/${model.version}`)).json();
    expect(detail.featureImportances.reduce((sum: number, f: { importance: number }) => sum + f.importance, 0)).toBeCloseTo(1, 9);
    expect(detail.featureImportances[0].importance).toBeGreaterThan(0);
    expectProblem(await officer.get('/api/v1/risk/models/orelane-1999-01-01.1'), 404, 'NOT_FOUND');
  });

  it('enterprise users cannot see or train models; an inspector can read but not train', async () => {
    expectProblem(await importer.get('/api/v1/risk/models'), 403, 'FORBIDDEN');
    expectProblem(await importer.post('/api/v1/risk/models', {}), 403, 'FORBIDDEN');
    expectProblem(await inspector.post('/api/v1/risk/models', {}), 403, 'FORBIDDEN');
  });

  it('retrains on demand in the background, activates the new model (retiring the old one), and new decisions carry its score and factors in words; replay is identical', async () => {
    const before = (await officer.get('/api/v1/risk/models')).json().items[0];
    const requested = await officer.post('/api/v1/risk/models', { comment: '十一月复训 / November retrain' });
    expect(requested.statusCode, requested.body).toBe(202);
    const version = requested.json().version;
    expect(version).toBe(`orelane-${todayInChina()}.1`);
    expect(requested.json()).toMatchObject({ status: 'TRAINING', trainedBy: { id: officer.user.id }, comment: '十一月复训 / November retrain' });

    const trained = await waitUntilTrained(version);
    expect(trained, trained.error ?? '').toMatchObject({ status: 'READY', error: null, features: expect.arrayContaining(['unit_value_ratio', 'importer_nonconformities', 'origin_finding_rate']) });
    expect(trained.trainingRows).toBeGreaterThanOrEqual(before.trainingRows);
    expect(trained.metrics.precisionAtK.map((p: { rate: number }) => p.rate)).toEqual([0.1, 0.2, 0.3]);

    const activated = await admin.post(`/api/v1/risk/models/${version}/activate`);
    expect(activated.statusCode, activated.body).toBe(200);
    expect(activated.json()).toMatchObject({ status: 'ACTIVE', activatedBy: { id: admin.user.id } });
    const list = (await officer.get('/api/v1/risk/models')).json().items;
    expect(list.filter((m: { status: string }) => m.status === 'ACTIVE').map((m: { version: string }) => m.version)).toEqual([version]);
    expect(list.find((m: { version: string }) => m.version === before.version).status).toBe('RETIRED');
    const trail = await t.sql<{ action: string; entity_id: string }>("select action, entity_id from audit_log where entity_type = 'riskModel' and entity_id in ($1, $2) order by id", [version, before.version]);
    expect(trail.rows.map((r) => `${r.action} ${r.entity_id}`)).toEqual(
      expect.arrayContaining([`risk.model.train ${version}`, `risk.model.activate ${version}`, `risk.model.retire ${before.version}`]),
    );
    const again = expectProblem(await officer.post(`/api/v1/risk/models/${version}/activate`), 422, 'MODEL_NOT_ACTIVATABLE');
    expect(again.errors).toEqual([expect.objectContaining({ path: 'version', code: 'ALREADY_ACTIVE' })]);

    const declaration = await acceptedDeclaration();
    const decision = (await officer.get(`/api/v1/risk/decisions/${declaration.id}`)).json();
    expect(decision.modelVersion).toBe(version);
    expect(decision.score).toMatchObject({ modelVersion: version, value: expect.any(Number) });
    expect(decision.score.value).toBeGreaterThanOrEqual(0);
    expect(decision.score.value).toBeLessThanOrEqual(1);
    const factors = decision.score.topFactors as { feature: string; code: string; params: Record<string, unknown>; description: string; value: string; contribution: number }[];
    expect(factors.length).toBeGreaterThan(0);
    expect(factors.length).toBeLessThanOrEqual(5);
    for (const factor of factors) {
      expect(factor).toEqual({ feature: expect.any(String), code: expect.stringMatching(/^[A-Z_]+$/), params: expect.any(Object), description: expect.any(String), value: expect.any(String), contribution: expect.any(Number) });
    }
    const sizes = factors.map((f) => Math.abs(f.contribution));
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    // The fixture's concentrate is priced at about the usual value: the unit-value factor, if shown, says so.
    const unitValue = factors.find((f) => f.feature === 'unit_value_ratio');
    if (unitValue) expect(unitValue.params).toMatchObject({ commodityCode: '2601111000', typicalValue: expect.any(Number) });

    const replay = (await officer.get(`/api/v1/risk/decisions/${declaration.id}/replay`)).json();
    expect(replay.identical).toBe(true);
    expect(replay.replayed.score).toBe(decision.score.value);
    expect(replay.stored).toMatchObject({ score: decision.score.value, modelVersion: version });
  });

  it('every stored decision the demo model scored replays with the same score', async () => {
    const { rows } = await t.sql<{ declaration_id: string }>("select declaration_id from risk_decisions where model_version is not null and model_version <> (select version from risk_models where status = 'ACTIVE') limit 5");
    expect(rows.length).toBeGreaterThan(0);
    for (const { declaration_id: id } of rows) {
      const replay = (await officer.get(`/api/v1/risk/decisions/${id}/replay`)).json();
      expect(replay.identical, id).toBe(true);
      expect(replay.replayed.score, id).toBe(replay.stored.score);
    }
  });

  it('a retry with the same Idempotency-Key answers the first model version and trains nothing twice; who started it is audited', async () => {
    const headers = { 'idempotency-key': 'retrain-retry-1' };
    const count = async () => Number((await t.sql<{ n: string }>('select count(*) as n from risk_models')).rows[0]!.n);
    const before = await count();
    const first = await officer.post('/api/v1/risk/models', { comment: 'retry' }, headers);
    expect(first.statusCode, first.body).toBe(202);
    const retried = await officer.post('/api/v1/risk/models', { comment: 'retry' }, headers);
    expect(retried.statusCode, retried.body).toBe(202);
    expect(retried.json()).toEqual(first.json());
    expect(await count()).toBe(before + 1);
    const version = first.json().version;
    const audit = await t.sql<{ action: string; actor_label: string }>("select action, actor_label from audit_log where entity_type = 'riskModel' and entity_id = $1", [version]);
    expect(audit.rows).toEqual([{ action: 'risk.model.train', actor_label: 'officer' }]);
    expectProblem(await officer.post('/api/v1/risk/models', { comment: 'another' }, headers), 422, 'IDEMPOTENCY_KEY_REUSED');
    expect(await count()).toBe(before + 1);
    // Trained once, by one job: it ends READY and nothing else was requested meanwhile.
    expect((await waitUntilTrained(version)).status).toBe('READY');
    expect(await count()).toBe(before + 1);
  });

  it('refuses to activate a model whose training failed, or that saw too few non-conforming lots, with a clear 422', async () => {
    await t.sql(
      `insert into risk_models (version, status, trained_by, training_rows, positives, error, model)
       values ('orelane-2026-01-05.1', 'FAILED', $1, 0, 0, 'needs inspected lots with both outcomes; found 0 inspected, 0 non-conforming', null),
              ('orelane-2026-01-06.1', 'READY', $1, 40, 3, null, '{}'::jsonb),
              ('orelane-2026-01-07.1', 'TRAINING', $1, null, null, null, null)`,
      [officer.user.id],
    );
    const failed = expectProblem(await admin.post('/api/v1/risk/models/orelane-2026-01-05.1/activate'), 422, 'MODEL_NOT_ACTIVATABLE');
    expect(failed.errors).toEqual([expect.objectContaining({ path: 'version', code: 'TRAINING_FAILED', message: expect.stringContaining('needs inspected lots') })]);
    const few = expectProblem(await admin.post('/api/v1/risk/models/orelane-2026-01-06.1/activate'), 422, 'MODEL_NOT_ACTIVATABLE');
    expect(few.errors).toEqual([expect.objectContaining({ code: 'TOO_FEW_POSITIVES', message: expect.stringContaining(`at least ${MIN_POSITIVES_TO_ACTIVATE}`) })]);
    const training = expectProblem(await admin.post('/api/v1/risk/models/orelane-2026-01-07.1/activate'), 422, 'MODEL_NOT_ACTIVATABLE');
    expect(training.errors).toEqual([expect.objectContaining({ code: 'STILL_TRAINING' })]);
    expectProblem(await admin.post('/api/v1/risk/models/orelane-2026-01-08.1/activate'), 404, 'NOT_FOUND');
    // Nothing changed: the model activated above is still the only active one.
    const active = await t.sql("select version from risk_models where status = 'ACTIVE'");
    expect(active.rows).toHaveLength(1);
  });
});

describe(`training without outcomes (${dbLabel()})`, () => {
  let empty: TestApp;
  beforeAll(async () => {
    empty = await startTestApp();
  }, 120_000);
  afterAll(async () => empty?.close());

  it('a model requested on an installation with no inspected lots fails with the reason, and cannot be activated', async () => {
    const analyst = await createUser(empty.db, { roles: ['RISK_ANALYST'] });
    await empty.sql("insert into risk_models (version, status, trained_by) values ('orelane-2026-01-09.1', 'TRAINING', $1)", [analyst.id]);
    const row = await trainRequestedModel(empty.db, 'orelane-2026-01-09.1');
    expect(row).toMatchObject({ status: 'FAILED', model: null, error: expect.stringContaining('found 0 inspected') });
    const agent = await login(empty.app, analyst.username, analyst.password);
    const problem = expectProblem(await agent.post('/api/v1/risk/models/orelane-2026-01-09.1/activate'), 422, 'MODEL_NOT_ACTIVATABLE');
    expect(problem.errors).toEqual([expect.objectContaining({ code: 'TRAINING_FAILED' })]);
    // Without job workers the request is refused at once, and the model it recorded says why.
    expectProblem(await agent.post('/api/v1/risk/models', {}), 503, 'SERVICE_UNAVAILABLE');
    const queued = await empty.sql<{ status: string; error: string }>("select status, error from risk_models where version = 'orelane-' || $1 || '.1'", [todayInChina()]);
    expect(queued.rows[0]).toMatchObject({ status: 'FAILED', error: expect.stringContaining('could not be queued') });
    // A request whose job could not be queued does not keep its Idempotency-Key: the retry runs again (and is refused
    // again here) instead of replaying a 202 for a model that will never train.
    const headers = { 'idempotency-key': 'train-without-workers' };
    expectProblem(await agent.post('/api/v1/risk/models', {}, headers), 503, 'SERVICE_UNAVAILABLE');
    expectProblem(await agent.post('/api/v1/risk/models', {}, headers), 503, 'SERVICE_UNAVAILABLE');
    const failedToQueue = await empty.sql("select version from risk_models where error like 'could not be queued%'");
    expect(failedToQueue.rows).toHaveLength(3);
    expect((await empty.sql("select 1 from idempotency_keys where key = 'train-without-workers'")).rows).toEqual([]);
  });
});
