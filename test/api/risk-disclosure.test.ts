import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeDraft, dbLabel, expectProblem, login, startTestApp, DEMO_PASSWORD, type SessionAgent, type TestApp } from '../support/index.js';

/**
 * Enterprise users (importer, agency) never learn the risk engine's internals — which rule fired, the random draws,
 * shares, the score and its factors, the lists, the engine version, what caused a lane change — from any read
 * about their declarations: the declaration, the list, the timeline, the notification feed, or the risk and
 * screening endpoints (refused). They are told the lane, when it was decided and the checks to prepare for.
 * Customs staff keep everything.
 */

let t: TestApp;
let importer: SessionAgent;
let agency: SessionAgent;
let officer: SessionAgent;
let inspector: SessionAgent;

const enterpriseOf = (agent: SessionAgent) => (agent.user.enterprise as { id: string }).id;
const etag = (response: { headers: Record<string, unknown> }) => String(response.headers.etag);
const WAGONS = ['71000002', '71000003'];

/** Field names of the engine's working record: none may appear in what an enterprise reads. */
const INTERNAL_KEYS = ['reasons', 'randomDraw', 'engine', 'firedRules', 'draw', 'share', 'ruleId', 'cause', 'facts', 'details', 'topFactors', 'modelVersion', 'listHits'];

/** The values a decision that fired carries (rule ids, draws, reason and factor codes, score, versions, cause). */
function internalValues(decision: Record<string, unknown>): string[] {
  const values = new Set<string>([String(decision.engine), String(decision.randomDraw)]);
  if (decision.modelVersion) values.add(String(decision.modelVersion));
  const visit = (node: unknown, key?: string) => {
    if (Array.isArray(node)) return node.forEach((child) => visit(child, key));
    if (node && typeof node === 'object') return Object.entries(node).forEach(([k, v]) => visit(v, k));
    if (key === 'ruleId' || key === 'code' || key === 'list' || key === 'cause') values.add(`"${String(node)}"`);
    // Draws, scores and contributions are long fractions: they cannot occur by chance elsewhere.
    if (typeof node === 'number' && !Number.isInteger(node) && String(node).length >= 8) values.add(String(node));
  };
  visit({ reasons: decision.reasons, firedRules: decision.firedRules, score: decision.score, details: decision.details, history: decision.history });
  return [...values];
}

function expectNoRiskInternals(what: string, body: string, values: string[]) {
  for (const key of INTERNAL_KEYS) expect(body, `${what} shows "${key}"`).not.toContain(`"${key}"`);
  expect(body.toLowerCase(), `${what} mentions a score`).not.toContain('score');
  for (const value of values) expect(body, `${what} shows ${value}`).not.toContain(value);
}

beforeAll(async () => {
  t = await startTestApp({ demo: true });
  [importer, agency, officer, inspector] = await Promise.all(['importer', 'agency', 'officer', 'inspector'].map((name) => login(t.app, name, DEMO_PASSWORD)));
}, 120_000);
afterAll(async () => t?.close());

describe(`what enterprises learn of a risk decision (${dbLabel()})`, () => {
  let declaration: { id: string; number: string };
  let values: string[];

  it('a rule fires, then a radiation alarm moves the lot to inspection: customs see why', async () => {
    expect((await officer.put('/api/v1/risk/lane-rates/IRON_CONCENTRATE/GENERAL', { inspectionRate: '0' })).statusCode).toBe(200);
    const watched = await officer.post('/api/v1/risk/lists/watched-declarants/entries', { value: enterpriseOf(agency), reason: '测试：申报质量差' });
    expect(watched.statusCode, watched.body).toBe(201);

    const draft = (await agency.post('/api/v1/declarations', completeDraft(enterpriseOf(importer), { trainNumber: 'X7101', wagonNumbers: WAGONS }))).json();
    const submitted = await agency.post(`/api/v1/declarations/${draft.id}/submit`, undefined, { 'if-match': `"${draft.version}"` });
    expect(submitted.statusCode, submitted.body).toBe(200);
    const accepted = await officer.post(`/api/v1/declarations/${draft.id}/accept`, undefined, { 'if-match': etag(submitted) });
    expect(accepted.statusCode, accepted.body).toBe(200);
    // The demo rule set also samples 5 % of concentrate lots at random (CODE-CONCENTRATE-HARMFUL): it may fire too.
    expect(accepted.json()).toMatchObject({
      lane: 'DOCUMENT_CHECK',
      riskDecision: { lane: 'DOCUMENT_CHECK', reasons: expect.arrayContaining([expect.objectContaining({ code: 'RULE', params: expect.objectContaining({ ruleId: 'WATCH-DECLARANT' }) })]) },
    });
    declaration = accepted.json();

    const alarm = await inspector.post('/api/v1/screening/radiation', { vehicleKind: 'WAGON', declarationId: declaration.id, vehicleNumber: WAGONS[0], doseRateUsvH: '0.9200', backgroundUsvH: '0.0800' });
    expect(alarm.statusCode, alarm.body).toBe(201);
    expect(alarm.json().escalations).toEqual([expect.objectContaining({ fromLane: 'DOCUMENT_CHECK', toLane: 'INSPECT_BEFORE_RELEASE' })]);

    const decision = (await officer.get(`/api/v1/risk/decisions/${declaration.id}`)).json();
    expect(decision.score).toMatchObject({ value: expect.any(Number) });
    expect(decision.history).toEqual([expect.objectContaining({ cause: expect.stringMatching(/^screening\.radiation\.alarm:/) })]);
    values = internalValues(decision);
    expect(values).toEqual(expect.arrayContaining(['"WATCH-DECLARANT"', '"SAFETY_FLOOR"', '"watched-declarants"', decision.randomDraw, decision.engine]));

    // Customs keep everything: the declaration's reasons and draw, and the timeline's engine record and cause.
    const seenByOfficer = (await officer.get(`/api/v1/declarations/${declaration.id}`)).json();
    expect(seenByOfficer.riskDecision).toMatchObject({ lane: 'INSPECT_BEFORE_RELEASE', engine: decision.engine, randomDraw: decision.randomDraw, reasons: decision.reasons, checks: decision.checks });
    const officerTrail = (await officer.get(`/api/v1/declarations/${declaration.id}/audit`)).json().items as { action: string; after: Record<string, unknown> }[];
    expect(officerTrail.find((e) => e.action === 'declaration.assignLane')!.after).toMatchObject({ randomDraw: expect.any(Number), reasons: expect.any(Array) });
    expect(officerTrail.find((e) => e.action === 'declaration.reassignLane')!.after).toMatchObject({ cause: decision.history[0].cause });
    expect(officerTrail.map((e) => e.action)).toContain('screening.radiation');
  });

  for (const who of ['importer', 'agency'] as const) {
    it(`${who}: every declaration read shows the lane, when, and the checks to prepare for — nothing of why`, async () => {
      const agent = who === 'importer' ? importer : agency;
      const reads: [string, string, number][] = [
        ['the declaration', `/api/v1/declarations/${declaration.id}`, 200],
        ['the list', '/api/v1/declarations?pageSize=200', 200],
        ['the list searched', `/api/v1/declarations?q=${declaration.number}`, 200],
        ['the timeline', `/api/v1/declarations/${declaration.id}/audit`, 200],
        ['the notifications', '/api/v1/notifications?limit=100', 200],
        ['the risk decision', `/api/v1/risk/decisions/${declaration.id}`, 403],
        ['the replay', `/api/v1/risk/decisions/${declaration.id}/replay`, 403],
        ['the screening readings', `/api/v1/screening?declarationId=${declaration.id}`, 403],
      ];
      for (const [what, url, status] of reads) {
        const response = await agent.get(url);
        expect(response.statusCode, `${what}: ${response.body}`).toBe(status);
        expectNoRiskInternals(`${who}: ${what}`, response.body, values);
      }

      const seen = (await agent.get(`/api/v1/declarations/${declaration.id}`)).json();
      expect(seen.lane).toBe('INSPECT_BEFORE_RELEASE');
      expect(Object.keys(seen.riskDecision).sort()).toEqual(['checks', 'decidedAt', 'lane']);
      expect(seen.riskDecision).toMatchObject({ lane: 'INSPECT_BEFORE_RELEASE', checks: expect.arrayContaining(['RADIOACTIVITY']) });
      const listed = (await agent.get(`/api/v1/declarations?q=${declaration.number}`)).json();
      expect(listed.items).toEqual([expect.objectContaining({ id: declaration.id, lane: 'INSPECT_BEFORE_RELEASE' })]);

      const trail = (await agent.get(`/api/v1/declarations/${declaration.id}/audit`)).json().items as { action: string; before: unknown; after: unknown }[];
      expect(trail.map((e) => e.action)).toEqual(['declaration.create', 'declaration.submit', 'declaration.accept', 'declaration.assignLane', 'declaration.reassignLane']);
      expect(trail[3]!.after).toEqual({ state: 'LANE_ASSIGNED', lane: 'DOCUMENT_CHECK' });
      expect(trail[4]).toMatchObject({ before: { lane: 'DOCUMENT_CHECK' }, after: { lane: 'INSPECT_BEFORE_RELEASE' } });

      const feed = (await agent.get('/api/v1/notifications?limit=100')).json().items as { type: string; entityId: string; payload: Record<string, unknown> }[];
      const mine = feed.filter((n) => n.entityId === declaration.id);
      expect(mine.map((n) => n.type).sort()).toEqual(['declaration.laneAssigned', 'declaration.laneChanged']);
      expect(mine.find((n) => n.type === 'declaration.laneChanged')!.payload).toEqual({ number: declaration.number, lane: 'INSPECT_BEFORE_RELEASE' });
    });
  }

  it('a refused risk read says only that a role is needed', async () => {
    const problem = expectProblem(await importer.get(`/api/v1/risk/decisions/${declaration.id}`), 403, 'FORBIDDEN');
    expectNoRiskInternals('the 403', JSON.stringify(problem), values);
  });

  it('the declaration a write answers with is redacted the same way (the agency withdraws the held lot)', async () => {
    const current = await agency.get(`/api/v1/declarations/${declaration.id}`);
    const withdrawn = await agency.post(`/api/v1/declarations/${declaration.id}/withdraw`, { reason: '合同取消' }, { 'if-match': etag(current) });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect(withdrawn.json()).toMatchObject({ state: 'WITHDRAWN', riskDecision: { lane: 'INSPECT_BEFORE_RELEASE' } });
    expectNoRiskInternals('the withdrawal', withdrawn.body, values);
    expectNoRiskInternals('the timeline after it', (await importer.get(`/api/v1/declarations/${declaration.id}/audit`)).body, values);
  });
});
