import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { completeDraft, expectProblem, login, startTestApp, DEMO_PASSWORD, type SessionAgent, type TestApp } from '../support/index.js';

/**
 * Quick screening at arrival: radiation portal readings and rapid solid-waste / foreign-matter screening per wagon,
 * feeding the risk facts; an alarm notifies the officers on duty and holds the lot for inspection before release.
 */

let t: TestApp;
let importer: SessionAgent;
let officer: SessionAgent;
let inspector: SessionAgent;
let admin: SessionAgent;
let wagonSerial = 0;

const importerId = () => (importer.user.enterprise as { id: string }).id;
const etag = (response: { headers: Record<string, unknown> }) => String(response.headers.etag);
/** Wagon numbers no other declaration carries, so vehicle-keyed readings match only the lot under test. */
const freshWagons = () => [String(70_000_000 + ++wagonSerial * 2), String(70_000_001 + wagonSerial * 2)];

async function submitted(wagons: string[], trainNumber = 'X8021') {
  const draft = (
    await importer.post('/api/v1/declarations', completeDraft(importerId(), { trainNumber, wagonNumbers: wagons }))
  ).json();
  const response = await importer.post(`/api/v1/declarations/${draft.id}/submit`, undefined, { 'if-match': `"${draft.version}"` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

async function accept(id: string) {
  const current = await officer.get(`/api/v1/declarations/${id}`);
  const response = await officer.post(`/api/v1/declarations/${id}/accept`, undefined, { 'if-match': etag(current) });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

async function act(id: string, action: string) {
  const current = await officer.get(`/api/v1/declarations/${id}`);
  return officer.post(`/api/v1/declarations/${id}/${action}`, undefined, { 'if-match': etag(current) });
}

async function setRate(rate: string) {
  expect((await officer.put('/api/v1/risk/lane-rates/IRON_CONCENTRATE/GENERAL', { inspectionRate: rate })).statusCode).toBe(200);
}

const radiation = (body: Record<string, unknown>) =>
  inspector.post('/api/v1/screening/radiation', { vehicleKind: 'WAGON', backgroundUsvH: '0.0800', ...body });
const cargo = (body: Record<string, unknown>) =>
  inspector.post('/api/v1/screening/cargo', { vehicleKind: 'WAGON', solidWaste: 'CLEAR', foreignMatter: 'NONE', ...body });

beforeAll(async () => {
  t = await startTestApp({ demo: true });
  [importer, officer, inspector, admin] = await Promise.all(['importer', 'officer', 'inspector', 'admin'].map((name) => login(t.app, name, DEMO_PASSWORD)));
  await setRate('0');
}, 120_000);

afterAll(async () => t?.close());

describe('radiation and cargo screening', () => {
  it('a reading under the threshold passes and changes nothing; the threshold defaults to the inspection setting', async () => {
    const wagons = freshWagons();
    const declaration = await accept((await submitted(wagons)).id);
    expect(declaration.lane).toBe('RELEASE');
    const atThreshold = await radiation({ declarationId: declaration.id, vehicleNumber: wagons[0], doseRateUsvH: '0.5000' });
    expect(atThreshold.statusCode, atThreshold.body).toBe(201);
    expect(atThreshold.json()).toMatchObject({ screening: { result: 'PASS', alarmThresholdUsvH: '0.5000', backgroundUsvH: '0.0800' }, escalations: [] });
    const own = await radiation({ declarationId: declaration.id, vehicleNumber: wagons[1], doseRateUsvH: '0.3000', alarmThresholdUsvH: '0.3500' });
    expect(own.json().screening).toMatchObject({ result: 'PASS', alarmThresholdUsvH: '0.3500' });
    expect((await officer.get(`/api/v1/declarations/${declaration.id}`)).json().lane).toBe('RELEASE');
    const listed = (await officer.get(`/api/v1/screening?declarationId=${declaration.id}`)).json();
    expect(listed.radiation).toHaveLength(2);
    expectProblem(await radiation({ declarationId: declaration.id, vehicleNumber: wagons[0], doseRateUsvH: '-1' }), 422, 'VALIDATION_FAILED');
    expectProblem(await officer.post('/api/v1/screening/radiation', { vehicleKind: 'WAGON', vehicleNumber: wagons[0], doseRateUsvH: '0.1', backgroundUsvH: '0.1' }), 403, 'FORBIDDEN');
  });

  it('an alarm on a released-lane lot notifies the officers on duty and moves it to inspect before release', async () => {
    const wagons = freshWagons();
    const declaration = await accept((await submitted(wagons)).id);
    expect(declaration).toMatchObject({ lane: 'RELEASE', inspection: null });

    const alarm = await radiation({ declarationId: declaration.id, vehicleNumber: wagons[1], doseRateUsvH: '0.9200', remarks: '门户报警，复测确认' });
    expect(alarm.statusCode, alarm.body).toBe(201);
    expect(alarm.json()).toMatchObject({
      screening: { result: 'ALARM' },
      escalations: [{ declarationId: declaration.id, fromLane: 'RELEASE', toLane: 'INSPECT_BEFORE_RELEASE', inspectionTaskCreated: true }],
    });

    const held = (await officer.get(`/api/v1/declarations/${declaration.id}`)).json();
    expect(held).toMatchObject({ lane: 'INSPECT_BEFORE_RELEASE', inspectionOutcome: 'PENDING', inspection: { state: 'PENDING' } });
    expect(held.allowedActions).not.toContain('release');
    expectProblem(await act(declaration.id, 'release'), 409, 'INSPECTION_REQUIRED');

    const decision = (await officer.get(`/api/v1/risk/decisions/${declaration.id}`)).json();
    expect(decision.reasons[0]).toMatchObject({ code: 'SAFETY_FLOOR', params: { failures: ['RADIATION_ALARM'] } });
    expect(decision.checks).toContain('RADIOACTIVITY');
    expect(decision.facts.screening.radiation).toBe('ALARM');
    expect(decision.history).toEqual([expect.objectContaining({ cause: expect.stringMatching(/^screening\.radiation\.alarm:/), decision: expect.objectContaining({ lane: 'RELEASE' }) })]);
    expect((await officer.get(`/api/v1/risk/decisions/${declaration.id}/replay`)).json()).toMatchObject({ identical: true, replayed: { lane: 'INSPECT_BEFORE_RELEASE' } });

    for (const agent of [inspector, admin]) {
      const feed = (await agent.get('/api/v1/notifications')).json().items as { type: string; entityId: string }[];
      expect(feed.map((n) => `${n.type}:${n.entityId}`)).toContain(`screening.alarm:${declaration.id}`);
    }
    const importerFeed = (await importer.get('/api/v1/notifications')).json().items as { type: string; entityId: string }[];
    expect(importerFeed.map((n) => `${n.type}:${n.entityId}`)).toContain(`declaration.laneChanged:${declaration.id}`);
    const trail = (await officer.get(`/api/v1/declarations/${declaration.id}/audit`)).json().items.map((e: { action: string }) => e.action);
    expect(trail.slice(-2)).toEqual(['declaration.reassignLane', 'screening.radiation']);
  });

  it('a reading taken by train and wagon before the declaration exists is in its facts at acceptance', async () => {
    const wagons = freshWagons();
    const screened = await cargo({ trainNumber: 'X9301', vehicleNumber: wagons[0], solidWaste: 'SUSPECTED', remarks: '疑似钢渣' });
    expect(screened.json()).toMatchObject({ screening: { result: 'ALARM', declarationId: null }, escalations: [] });
    const declaration = await accept((await submitted(wagons, 'X9301')).id);
    expect(declaration.lane).toBe('INSPECT_BEFORE_RELEASE');
    const decision = (await officer.get(`/api/v1/risk/decisions/${declaration.id}`)).json();
    expect(decision.reasons[0]).toMatchObject({ code: 'SAFETY_FLOOR', params: { failures: ['SOLID_WASTE_SUSPECTED'] } });
    expect(decision.checks).toContain('SOLID_WASTE');
    const listed = (await officer.get(`/api/v1/screening?declarationId=${declaration.id}`)).json();
    expect(listed.cargo).toHaveLength(1);
    // Another train's wagon with the same number is not this lot.
    const elsewhere = freshWagons();
    await cargo({ trainNumber: 'X9302', vehicleNumber: elsewhere[0], foreignMatter: 'FOUND' });
    expect((await accept((await submitted(elsewhere, 'X9303')).id)).lane).toBe('RELEASE');
  });

  it('a wagon alarm escalates the open lot carrying that wagon; a released lot is not un-released', async () => {
    const wagons = freshWagons();
    const open = await accept((await submitted(wagons)).id);
    const alarm = await cargo({ vehicleNumber: wagons[1], documentsMatch: 'MISMATCH', remarks: '货证不符' });
    expect(alarm.json().escalations).toEqual([expect.objectContaining({ declarationId: open.id, toLane: 'INSPECT_BEFORE_RELEASE' })]);

    const releasedWagons = freshWagons();
    const released = await accept((await submitted(releasedWagons)).id);
    expect((await act(released.id, 'release')).statusCode).toBe(200);
    const late = await radiation({ vehicleNumber: releasedWagons[0], doseRateUsvH: '1.2000' });
    expect(late.json()).toMatchObject({ screening: { result: 'ALARM' }, escalations: [] });
    expect((await officer.get(`/api/v1/declarations/${released.id}`)).json()).toMatchObject({ state: 'RELEASED', lane: 'RELEASE' });
  });

  it('replays an Idempotency-Key without recording twice', async () => {
    const wagons = freshWagons();
    const body = { vehicleNumber: wagons[0], doseRateUsvH: '0.1000', screenedAt: new Date().toISOString() };
    const first = await radiation(body);
    const again = await inspector.post('/api/v1/screening/radiation', { vehicleKind: 'WAGON', backgroundUsvH: '0.0800', ...body }, { 'idempotency-key': 'portal-1' });
    const replayed = await inspector.post('/api/v1/screening/radiation', { vehicleKind: 'WAGON', backgroundUsvH: '0.0800', ...body }, { 'idempotency-key': 'portal-1' });
    expect(replayed.json().screening.id).toBe(again.json().screening.id);
    expect(first.json().screening.id).not.toBe(again.json().screening.id);
    expect((await officer.get(`/api/v1/screening?vehicleNumber=${wagons[0]}`)).json().radiation).toHaveLength(2);
  });
});

describe('safety floor (property)', () => {
  it('no declaration with a failed screening is ever released before inspection', async () => {
    const failure = fc.constantFrom(
      { kind: 'radiation', body: { doseRateUsvH: '0.7500' } },
      { kind: 'cargo', body: { solidWaste: 'SUSPECTED' } },
      { kind: 'cargo', body: { foreignMatter: 'FOUND' } },
      { kind: 'cargo', body: { documentsMatch: 'MISMATCH' } },
    );
    await fc.assert(
      fc.asyncProperty(
        failure,
        fc.constantFrom('0', '1'),
        fc.constantFrom('beforeDeclaration', 'beforeAcceptance', 'afterAcceptance'),
        fc.boolean(),
        async (screening, rate, when, byDeclaration) => {
          await setRate(rate);
          const wagons = freshWagons();
          const train = `X${9400 + wagonSerial}`;
          const record = (declarationId: string | null) =>
            (screening.kind === 'radiation' ? radiation : cargo)({ ...screening.body, vehicleNumber: wagons[0], trainNumber: train, declarationId: byDeclaration ? declarationId : null });

          if (when === 'beforeDeclaration') expect((await record(null)).statusCode).toBe(201);
          const declaration = await submitted(wagons, train);
          if (when === 'beforeAcceptance') expect((await record(declaration.id)).statusCode).toBe(201);
          await accept(declaration.id);
          if (when === 'afterAcceptance') expect((await record(declaration.id)).statusCode).toBe(201);

          const now = (await officer.get(`/api/v1/declarations/${declaration.id}`)).json();
          expect(now.lane).toBe('INSPECT_BEFORE_RELEASE');
          expect(now.allowedActions).not.toContain('release');
          expectProblem(await act(declaration.id, 'release'), 409, 'INSPECTION_REQUIRED');
        },
      ),
      { numRuns: 16 },
    );
    await setRate('0');
  }, 120_000);
});
