import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../src/core/decimal.js';
import { todayInChina } from '../../src/modules/reference/reference.service.js';
import { apiKeyAgent, completeDraft, expectProblem, login, startTestApp, DEMO_PASSWORD, type SessionAgent, type TestApp } from '../support/index.js';

let t: TestApp;
let importer: SessionAgent;
let agency: SessionAgent;
let other: SessionAgent;
let officer: SessionAgent;
let inspector: SessionAgent;

const importerId = () => (importer.user.enterprise as { id: string }).id;
const etag = (response: { headers: Record<string, unknown> }) => String(response.headers.etag);

async function createDraft(agent: SessionAgent, body: Record<string, unknown>) {
  const response = await agent.post('/api/v1/declarations', body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

async function submitted(agent: SessionAgent = importer, body: Record<string, unknown> = completeDraft(importerId())) {
  const draft = await createDraft(agent, body);
  const response = await agent.post(`/api/v1/declarations/${draft.id}/submit`, undefined, { 'if-match': `"${draft.version}"` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

async function act(agent: SessionAgent, id: string, action: string, body?: unknown) {
  const current = await agent.get(`/api/v1/declarations/${id}`);
  return agent.post(`/api/v1/declarations/${id}/${action}`, body, { 'if-match': etag(current) });
}

async function setInspectionRate(rate: string) {
  const response = await officer.put('/api/v1/risk/lane-rates/IRON_CONCENTRATE/GENERAL', { inspectionRate: rate });
  expect(response.statusCode, response.body).toBe(200);
}

beforeAll(async () => {
  t = await startTestApp({ demo: true });
  [importer, agency, other, officer, inspector] = await Promise.all(
    ['importer', 'agency', 'other-importer', 'officer', 'inspector'].map((name) => login(t.app, name, DEMO_PASSWORD)),
  );
}, 120_000);

afterAll(async () => t?.close());

describe('drafts', () => {
  it('creates a draft, derives dry mass and value, and replays an Idempotency-Key without creating twice', async () => {
    const body = completeDraft(importerId());
    const first = await importer.post('/api/v1/declarations', body, { 'idempotency-key': 'draft-1' });
    expect(first.statusCode).toBe(201);
    const draft = first.json();
    expect(draft).toMatchObject({ state: 'DRAFT', number: null, version: 1, allowedActions: ['edit', 'submit', 'withdraw'] });
    expect(draft.items[0]).toMatchObject({ dryTonnes: '124.215', value: '14688.42' });
    // The answer presents the items as stored (it does not read them again): exactly what a later read shows.
    expect((await importer.get(`/api/v1/declarations/${draft.id}`)).json()).toEqual(draft);

    const replay = await importer.post('/api/v1/declarations', body, { 'idempotency-key': 'draft-1' });
    expect(replay.statusCode).toBe(201);
    expect(replay.json().id).toBe(draft.id);
    const { rows } = await t.sql('select count(*)::int as n from declarations where id = $1', [draft.id]);
    expect(rows[0]!.n).toBe(1);

    const reused = await importer.post('/api/v1/declarations', { ...body, trainNumber: 'X9999' }, { 'idempotency-key': 'draft-1' });
    expectProblem(reused, 422, 'IDEMPOTENCY_KEY_REUSED');
  });

  it('guards edits with If-Match: missing → 428, stale → 412, current → saved with a new version', async () => {
    const draft = await createDraft(importer, { importerId: importerId(), trainNumber: 'X8001' });
    expectProblem(await importer.patch(`/api/v1/declarations/${draft.id}`, { trainNumber: 'X8002' }), 428, 'PRECONDITION_REQUIRED');
    const saved = await importer.patch(`/api/v1/declarations/${draft.id}`, { trainNumber: 'X8002' }, { 'if-match': '"1"' });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ trainNumber: 'X8002', version: 2 });
    expect(saved.headers.etag).toBe('"2"');
    const stale = expectProblem(await importer.patch(`/api/v1/declarations/${draft.id}`, { trainNumber: 'X8003' }, { 'if-match': '"1"' }), 412, 'VERSION_MISMATCH');
    expect(stale.currentVersion).toBe(2);
  });

  it('rejects malformed fields with their paths before anything is stored', async () => {
    const response = await importer.post('/api/v1/declarations', { importerId: importerId(), currencyCode: 'usd', items: [{ wetTonnes: 12.5 }] });
    const problem = expectProblem(response, 422, 'VALIDATION_FAILED');
    const paths = (problem.errors as { path: string }[]).map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['currencyCode', 'items.0.wetTonnes']));
  });
});

describe('submission', () => {
  it('lists every missing field with its path and leaves the draft untouched', async () => {
    const draft = await createDraft(importer, {
      importerId: importerId(),
      transportModeCode: 'RAIL',
      wagonNumbers: ['123'],
      incoterm: 'FOB',
      items: [{ commodityCode: '2601111000', goodsName: '铁精粉', wetTonnes: '100.000' }],
    });
    const problem = expectProblem(await importer.post(`/api/v1/declarations/${draft.id}/submit`, undefined, { 'if-match': '"1"' }), 422, 'VALIDATION_FAILED');
    const paths = (problem.errors as { path: string }[]).map((e) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'portCode',
        'trainNumber',
        'wagonNumbers.0',
        'arrivalDate',
        'contractNumber',
        'freight',
        'currencyCode',
        'items.0.moisturePct',
        'items.0.unitPrice',
        'items.0.declarationElements.composition',
      ]),
    );
    const after = (await importer.get(`/api/v1/declarations/${draft.id}`)).json();
    expect(after).toMatchObject({ state: 'DRAFT', number: null, version: 1 });
    const { rows } = await t.sql("select count(*)::int as n from audit_log where entity_id = $1 and action = 'declaration.submit'", [draft.id]);
    expect(rows[0]!.n).toBe(0);
  });

  it('refuses a future arrival unless the declaration is an advance declaration', async () => {
    const future = new Date(Date.now() + 5 * 86400_000);
    const body = completeDraft(importerId(), { arrivalDate: todayInChina(future) });
    const draft = await createDraft(importer, body);
    const problem = expectProblem(await importer.post(`/api/v1/declarations/${draft.id}/submit`, undefined, { 'if-match': '"1"' }), 422, 'VALIDATION_FAILED');
    expect(problem.errors).toEqual([expect.objectContaining({ path: 'arrivalDate', code: 'IN_FUTURE' })]);
    const advance = await submitted(importer, { ...body, isAdvance: true });
    expect(advance.state).toBe('SUBMITTED');
  });

  it('computes customs value, duty and VAT exactly at the month’s rate and numbers the declaration', async () => {
    const declaration = await submitted();
    const month = todayInChina().slice(0, 7);
    const { rows } = await t.sql("select cny_per_unit::text as rate from exchange_rates where currency_code = 'USD' and month = $1", [month]);
    const rate = rows[0]!.rate as string;
    const customsValue = new Decimal('14688.42').times(rate).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
    expect(declaration.number).toMatch(/^8013\d{4}1\d{9}$/);
    expect(declaration.totals).toMatchObject({
      wetTonnes: '136.500',
      dryTonnes: '124.215',
      customsValueCny: customsValue.toFixed(2),
      dutyCny: '0.00',
      vatCny: customsValue.times('0.13').toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2),
    });
    expect(declaration.items[0]).toMatchObject({ dutyRate: '0.0000', vatRate: '0.1300' });
    // The answer presents the items as the submission taxed them (not read again): what a later read shows.
    expect((await importer.get(`/api/v1/declarations/${declaration.id}`)).json()).toEqual(declaration);
  });

  it('answers 409 with the current state for an illegal move', async () => {
    const declaration = await submitted();
    const problem = expectProblem(await importer.post(`/api/v1/declarations/${declaration.id}/submit`, undefined, { 'if-match': etag({ headers: { etag: `"${declaration.version}"` } }) }), 409, 'INVALID_STATE_TRANSITION');
    expect(problem.currentState).toBe('SUBMITTED');
  });
});

describe('create and submit in one request (POST /declarations?submit=true)', () => {
  const rowsFor = async (contractNumber: string) => {
    const { rows } = await t.sql<{ declarations: number; audit: number; notifications: number }>(
      `select count(*)::int as declarations,
         (select count(*)::int from audit_log a where a.entity_id in (select id::text from declarations where contract_number = $1)) as audit,
         (select count(*)::int from notifications n where n.entity_id in (select id::text from declarations where contract_number = $1)) as notifications
       from declarations where contract_number = $1`,
      [contractNumber],
    );
    return rows[0]!;
  };

  async function machineClient() {
    const key = await importer.post('/api/v1/api-keys', { name: `one-request-${Math.random()}` });
    expect(key.statusCode, key.body).toBe(201);
    return apiKeyAgent(t.app, key.json().key);
  }

  it('creates and submits a complete declaration, as the two requests would, and replays an Idempotency-Key', async () => {
    const client = await machineClient();
    const body = completeDraft(importerId(), { contractNumber: 'ONE-REQUEST-1' });
    const response = await client.post('/api/v1/declarations?submit=true', body, { 'idempotency-key': 'one-request-1' });
    expect(response.statusCode, response.body).toBe(201);
    const declaration = response.json();
    expect(declaration).toMatchObject({ state: 'SUBMITTED', version: 2, allowedActions: ['withdraw'] });
    expect(declaration.number).toMatch(/^8013\d{4}1\d{9}$/);
    expect(response.headers.etag).toBe('"2"');
    // The answer is what a later read shows, and the same figures as create + submit give.
    expect((await client.get(`/api/v1/declarations/${declaration.id}`)).json()).toEqual(declaration);
    const twoRequests = await submitted(importer, completeDraft(importerId(), { contractNumber: 'TWO-REQUESTS-1' }));
    expect(declaration.totals).toEqual(twoRequests.totals);
    expect(declaration.items).toEqual(twoRequests.items);
    // Stored alike, and audited alike (the one request checks and taxes before it stores anything).
    const UNIQUE = ['id', 'number', 'contract_number', 'invoice_number', 'created_at', 'updated_at', 'submitted_at'];
    const storedRow = async (id: string) =>
      (await t.sql<{ row: Record<string, unknown> }>(`select to_jsonb(d) - $2::text[] as row from declarations d where id = $1`, [id, UNIQUE])).rows[0]!.row;
    expect(await storedRow(declaration.id)).toEqual(await storedRow(twoRequests.id));
    const storedItems = async (id: string) =>
      (await t.sql<{ item: Record<string, unknown> }>(`select to_jsonb(i) - '{id,declaration_id}'::text[] as item from declaration_items i where declaration_id = $1 order by line_no`, [id])).rows;
    expect(await storedItems(declaration.id)).toEqual(await storedItems(twoRequests.id));
    const auditOf = async (id: string) =>
      (
        await t.sql<{ action: string; before: unknown; after: Record<string, unknown> }>(
          `select action, before, after - '{number,contractNumber,invoiceNumber,submittedAt}'::text[] as after from audit_log where entity_id = $1 order by id`,
          [id],
        )
      ).rows;
    expect(await auditOf(declaration.id)).toEqual(await auditOf(twoRequests.id));
    // Both steps are on the timeline at once, and customs is told, exactly as with two requests.
    const timeline = (await client.get(`/api/v1/declarations/${declaration.id}/audit`)).json();
    expect(timeline.items.map((e: { action: string }) => e.action)).toEqual(['declaration.create', 'declaration.submit']);
    expect(await rowsFor('ONE-REQUEST-1')).toEqual({ declarations: 1, audit: 2, notifications: 1 });

    const replay = await client.post('/api/v1/declarations?submit=true', body, { 'idempotency-key': 'one-request-1' });
    expect(replay.statusCode).toBe(201);
    expect(replay.json()).toEqual(declaration);
    expect(await rowsFor('ONE-REQUEST-1')).toEqual({ declarations: 1, audit: 2, notifications: 1 });
    // The flag is part of the request: the same key on a plain create is a different request.
    expectProblem(await client.post('/api/v1/declarations', body, { 'idempotency-key': 'one-request-1' }), 422, 'IDEMPOTENCY_KEY_REUSED');
  });

  it('an incomplete declaration is refused with every problem and nothing is written, not even the Idempotency-Key', async () => {
    const client = await machineClient();
    const incomplete = completeDraft(importerId(), { contractNumber: 'ONE-REQUEST-2', incoterm: 'FOB', portCode: null });
    const problem = expectProblem(await client.post('/api/v1/declarations?submit=true', incomplete, { 'idempotency-key': 'one-request-2' }), 422, 'VALIDATION_FAILED');
    expect((problem.errors as { path: string }[]).map((e) => e.path)).toEqual(expect.arrayContaining(['portCode', 'freight']));
    expect(await rowsFor('ONE-REQUEST-2')).toEqual({ declarations: 0, audit: 0, notifications: 0 });
    const { rows } = await t.sql("select count(*)::int as n from idempotency_keys where key = 'one-request-2'");
    expect(rows[0]!.n).toBe(0);
    // So the corrected request may reuse the key.
    const fixed = await client.post('/api/v1/declarations?submit=true', completeDraft(importerId(), { contractNumber: 'ONE-REQUEST-2' }), { 'idempotency-key': 'one-request-2' });
    expect(fixed.statusCode, fixed.body).toBe(201);
    expect(fixed.json().state).toBe('SUBMITTED');
  });

  it('every write answers with the enterprises and overseas shipper a later read shows (an agency filing, with a shipper)', async () => {
    const { rows } = await t.sql<{ id: string; name: string; country_code: string }>('select id, name, country_code from overseas_shippers order by name limit 1');
    const shipper = { id: rows[0]!.id, name: rows[0]!.name, countryCode: rows[0]!.country_code };
    const body = (contractNumber: string) => completeDraft(importerId(), { contractNumber, overseasShipperId: shipper.id });
    const draft = await createDraft(agency, body('SHIPPER-DRAFT'));
    const oneRequest = await agency.post('/api/v1/declarations?submit=true', body('SHIPPER-ONE-REQUEST'));
    expect(oneRequest.statusCode, oneRequest.body).toBe(201);
    const twoRequests = await submitted(agency, body('SHIPPER-TWO-REQUESTS'));
    for (const answer of [draft, oneRequest.json(), twoRequests]) {
      expect(answer.overseasShipper).toEqual(shipper);
      expect(answer.importer).toMatchObject({ id: importerId(), kind: 'IMPORTER' });
      expect(answer.declarant.kind).toBe('AGENCY');
      expect((await agency.get(`/api/v1/declarations/${answer.id}`)).json()).toEqual(answer);
    }
    // Without a shipper the answer says so, as a later read does.
    expect((await createDraft(agency, completeDraft(importerId()))).overseasShipper).toBeNull();
  });

  it('many at once (group commit): each is stored once with its own number and audit trail; an incomplete one among them is refused alone', async () => {
    const client = await machineClient();
    /** `count` submissions at once; faultOf(i) spoils the i-th. */
    const wave = async (label: string, count: number, faultOf: (i: number) => Record<string, unknown> | undefined = () => undefined) =>
      Promise.all(
        Array.from({ length: count }, (_, i) => client.post('/api/v1/declarations?submit=true', completeDraft(importerId(), { contractNumber: `${label}-${i}`, ...faultOf(i) }))),
      );
    const xidsOf = async (label: string) =>
      (await t.sql<{ n: number }>(`select count(distinct a.xid::text)::int as n from audit_log a join declarations d on a.entity_id = d.id::text where d.contract_number like $1`, [`${label}-%`])).rows[0]!.n;
    const expectStored = async (label: string, count: number, refused: number[]) => {
      for (let i = 0; i < count; i++) expect(await rowsFor(`${label}-${i}`)).toEqual(refused.includes(i) ? { declarations: 0, audit: 0, notifications: 0 } : { declarations: 1, audit: 2, notifications: 1 });
    };

    const together = await wave('TOGETHER', 24);
    expect(together.map((r) => r.statusCode)).toEqual(Array(24).fill(201));
    expect(new Set(together.map((r) => r.json().number as string)).size).toBe(24);
    together.forEach((r, i) => expect(r.json()).toMatchObject({ state: 'SUBMITTED', contractNumber: `TOGETHER-${i}` }));
    await expectStored('TOGETHER', 24, []);
    // 24 requests arriving at once found the 4 connections busy: most shared a transaction.
    expect(await xidsOf('TOGETHER')).toBeLessThan(24);

    // FOB without freight: refused by the checks before the unit sends anything (the first wave cached the
    // reference checks for these values), so the others still share their transactions.
    const statuses = (responses: { statusCode: number }[]) => responses.map((r) => r.statusCode);
    const expected = (count: number, refused: number[]) => Array.from({ length: count }, (_, i) => (refused.includes(i) ? 422 : 201));
    const mixed = await wave('MIXED', 12, (i) => ([3, 8].includes(i) ? { incoterm: 'FOB' } : undefined));
    expect(statuses(mixed)).toEqual(expected(12, [3, 8]));
    expect(mixed[3]!.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await xidsOf('MIXED')).toBeLessThan(10);
    await expectStored('MIXED', 12, [3, 8]);
    // Unknown ports, each looked up (a statement, not cached yet) before it is refused: whether such a unit ran
    // alone or in a shared transaction (which then rolls back, and its units run again), only it fails.
    const looked = await wave('LOOKED-UP', 12, (i) => ([7, 10].includes(i) ? { portCode: `NOPE${i}` } : undefined));
    expect(statuses(looked)).toEqual(expected(12, [7, 10]));
    await expectStored('LOOKED-UP', 12, [7, 10]);

    const timeline = (await client.get(`/api/v1/declarations/${together[5]!.json().id}/audit`)).json();
    expect(timeline.items.map((e: { action: string }) => e.action)).toEqual(['declaration.create', 'declaration.submit']);
  });

  it('drafts submitted at once (group commit): each submitted once; the same draft submitted twice at once succeeds once', async () => {
    const drafts = await Promise.all(Array.from({ length: 20 }, (_, i) => createDraft(importer, completeDraft(importerId(), { contractNumber: `SUBMIT-TOGETHER-${i}` }))));
    const submits = await Promise.all(drafts.map((d) => importer.post(`/api/v1/declarations/${d.id}/submit`, undefined, { 'if-match': `"${d.version}"` })));
    expect(submits.map((r) => r.statusCode)).toEqual(Array(20).fill(200));
    expect(new Set(submits.map((r) => r.json().number)).size).toBe(20);
    const submitXids = await t.sql<{ n: number }>(
      `select count(distinct a.xid::text)::int as n from audit_log a join declarations d on a.entity_id = d.id::text where d.contract_number like 'SUBMIT-TOGETHER-%' and a.action = 'declaration.submit'`,
    );
    expect(submitXids.rows[0]!.n).toBeLessThan(20);

    // Six drafts, each submitted twice at once with the same If-Match: one 200, one refusal, one submit entry each.
    const twice = await Promise.all(Array.from({ length: 6 }, (_, i) => createDraft(importer, completeDraft(importerId(), { contractNumber: `SUBMIT-TWICE-${i}` }))));
    const answers = await Promise.all(twice.flatMap((d) => [0, 1].map(() => importer.post(`/api/v1/declarations/${d.id}/submit`, undefined, { 'if-match': `"${d.version}"` }))));
    for (let i = 0; i < 6; i++) {
      const pair = answers.slice(2 * i, 2 * i + 2).map((r) => r.statusCode).sort();
      expect(pair).toEqual([200, 412]);
      const { rows } = await t.sql<{ n: number }>(`select count(*)::int as n from audit_log where entity_id = $1 and action = 'declaration.submit'`, [twice[i]!.id]);
      expect(rows[0]!.n).toBe(1);
    }
  });

  it('submit=false (or no flag) only creates the draft; another value is a validation error', async () => {
    const draft = await importer.post('/api/v1/declarations?submit=false', completeDraft(importerId()));
    expect(draft.statusCode).toBe(201);
    expect(draft.json()).toMatchObject({ state: 'DRAFT', number: null });
    const problem = expectProblem(await importer.post('/api/v1/declarations?submit=yes', completeDraft(importerId())), 422, 'VALIDATION_FAILED');
    expect((problem.errors as { path: string }[]).map((e) => e.path)).toContain('querystring.submit');
  });
});

describe('lanes, inspection and release', () => {
  it('inspect lane: release is blocked until a passed check; the timeline records every step', async () => {
    await setInspectionRate('1');
    const declaration = await submitted();
    const accepted = (await act(officer, declaration.id, 'accept')).json();
    expect(accepted).toMatchObject({ state: 'LANE_ASSIGNED', lane: 'INSPECT_BEFORE_RELEASE', inspectionOutcome: 'PENDING' });
    // The risk engine decides with the approved rule set in force; the lane rate is its minimum random rate.
    expect(accepted.riskDecision).toMatchObject({ engine: expect.stringMatching(/^risk-engine\/1;rules=rs-\d+;model=orelane-\d{4}-\d{2}-\d{2}\.\d+;data=\d+$/), reasons: expect.arrayContaining([expect.objectContaining({ code: 'RANDOM_SELECTION' })]) });
    expectProblem(await act(officer, declaration.id, 'release'), 409, 'INSPECTION_REQUIRED');

    const taskId = accepted.inspection.taskId;
    const queue = (await inspector.get('/api/v1/inspection/tasks?state=PENDING')).json();
    expect(queue.items.map((task: { id: string }) => task.id)).toContain(taskId);
    expect((await inspector.post(`/api/v1/inspection/tasks/${taskId}/start`)).json().state).toBe('IN_PROGRESS');
    const overThreshold = await inspector.post(`/api/v1/inspection/tasks/${taskId}/check`, {
      sealIntact: true,
      doseRateUsvH: '0.9000',
      solidWasteSuspected: false,
      foreignMatterFound: false,
      weighedTonnes: '136.900',
      outcome: 'PASSED',
    });
    expect(expectProblem(overThreshold, 422, 'VALIDATION_FAILED').errors).toEqual([expect.objectContaining({ path: 'outcome', code: 'FINDINGS_PRESENT' })]);
    const passed = await inspector.post(`/api/v1/inspection/tasks/${taskId}/check`, {
      sealIntact: true,
      doseRateUsvH: '0.1200',
      solidWasteSuspected: false,
      foreignMatterFound: false,
      weighedTonnes: '136.900',
      outcome: 'PASSED',
    });
    expect(passed.json().state).toBe('PASSED');

    const released = (await act(officer, declaration.id, 'release')).json();
    expect(released).toMatchObject({ state: 'RELEASED', allowedActions: ['clear'] });
    expect(released.inspection.check).toMatchObject({ outcome: 'PASSED', massDeviationPct: '0.293', findings: [] });
    const seenByImporter = (await importer.get(`/api/v1/declarations/${declaration.id}`)).json();
    expect(seenByImporter).toMatchObject({ state: 'RELEASED', allowedActions: [] });

    const trail = (await importer.get(`/api/v1/declarations/${declaration.id}/audit`)).json();
    expect(trail.items.map((e: { action: string }) => e.action)).toEqual([
      'declaration.create',
      'declaration.submit',
      'declaration.accept',
      'declaration.assignLane',
      'declaration.startInspection',
      'inspection.start',
      'declaration.inspectionOutcome',
      'inspection.recordCheck',
      'declaration.release',
    ]);
    const notifications = (await importer.get('/api/v1/notifications')).json();
    expect(notifications.items.map((n: { type: string; entityId: string }) => `${n.type}:${n.entityId}`)).toContain(`declaration.released:${declaration.id}`);
  });

  it('a failed on-site check blocks release; the declaration can then be rejected', async () => {
    await setInspectionRate('1');
    const declaration = await submitted();
    const accepted = (await act(officer, declaration.id, 'accept')).json();
    const taskId = accepted.inspection.taskId;
    await inspector.post(`/api/v1/inspection/tasks/${taskId}/start`);
    const failed = await inspector.post(`/api/v1/inspection/tasks/${taskId}/check`, {
      sealIntact: true,
      doseRateUsvH: '0.1000',
      solidWasteSuspected: true,
      foreignMatterFound: false,
      weighedTonnes: '136.500',
      outcome: 'FAILED',
      remarks: '疑似钢渣',
    });
    expect(failed.json().state).toBe('FAILED');
    expectProblem(await act(officer, declaration.id, 'release'), 409, 'INSPECTION_FAILED');
    const rejected = (await act(officer, declaration.id, 'reject', { reason: '疑似固体废物，责令退运' })).json();
    expect(rejected).toMatchObject({ state: 'REJECTED', rejectionReason: '疑似固体废物，责令退运' });
  });

  it('release lane: released and closed without inspection', async () => {
    await setInspectionRate('0');
    const declaration = await submitted();
    const accepted = (await act(officer, declaration.id, 'accept')).json();
    expect(accepted).toMatchObject({ lane: 'RELEASE', inspection: null, allowedActions: ['reject', 'release'] });
    expect((await act(officer, declaration.id, 'release')).json().state).toBe('RELEASED');
    expect((await act(officer, declaration.id, 'clear')).json().state).toBe('CLEARED');
  });

  it('roles: an importer cannot accept, an officer cannot submit, an inspector cannot release', async () => {
    const declaration = await submitted();
    expectProblem(await act(importer, declaration.id, 'accept'), 403, 'FORBIDDEN');
    expectProblem(await act(inspector, declaration.id, 'release'), 403, 'FORBIDDEN');
    const draft = await createDraft(importer, completeDraft(importerId()));
    expectProblem(await act(officer, draft.id, 'submit'), 403, 'FORBIDDEN');
  });

  it('the declarant withdraws with a reason', async () => {
    const declaration = await submitted();
    const withdrawn = (await act(importer, declaration.id, 'withdraw', { reason: '车次变更' })).json();
    expect(withdrawn).toMatchObject({ state: 'WITHDRAWN', withdrawalReason: '车次变更', allowedActions: [] });
    expectProblem(await act(importer, declaration.id, 'withdraw', { reason: 'again' }), 409, 'INVALID_STATE_TRANSITION');
  });
});

describe('scope and entrustment', () => {
  it('an agency files for its entrusting importer, and both see it; an unrelated importer gets 404', async () => {
    const declaration = await submitted(agency, completeDraft(importerId()));
    expect(declaration.declarant.kind).toBe('AGENCY');
    expect((await importer.get(`/api/v1/declarations/${declaration.id}`)).statusCode).toBe(200);
    expectProblem(await other.get(`/api/v1/declarations/${declaration.id}`), 404, 'NOT_FOUND');
    expectProblem(await other.get(`/api/v1/declarations/${declaration.id}/audit`), 404, 'NOT_FOUND');
    expectProblem(await act(other, declaration.id, 'withdraw', { reason: 'x' }), 404, 'NOT_FOUND');
    const list = (await other.get('/api/v1/declarations?pageSize=200')).json();
    expect(list.items.map((d: { id: string }) => d.id)).not.toContain(declaration.id);
    // The importer may read but not change what its agency filed.
    expectProblem(await act(importer, declaration.id, 'withdraw', { reason: 'x' }), 403, 'FORBIDDEN');
  });

  it('an agency cannot declare for an importer that has not entrusted it', async () => {
    const otherImporterId = (other.user.enterprise as { id: string }).id;
    expectProblem(await agency.post('/api/v1/declarations', completeDraft(otherImporterId)), 403, 'ENTRUSTMENT_REQUIRED');
  });

  it('a work queue narrowed by search returns only the matching declaration', async () => {
    await setInspectionRate('0');
    const [first, second] = [await submitted(), await submitted()];
    for (const declaration of [first, second]) expect((await act(officer, declaration.id, 'accept')).json().lane).toBe('RELEASE');
    const queue = (await officer.get(`/api/v1/declarations?queue=to-release&q=${first.number}`)).json();
    expect(queue.items.map((d: { id: string }) => d.id)).toEqual([first.id]);
    expect(queue.total).toBe(1);
    const whole = (await officer.get('/api/v1/declarations?queue=to-release&pageSize=200')).json();
    expect(whole.items.map((d: { id: string }) => d.id)).toEqual(expect.arrayContaining([first.id, second.id]));
    expect(whole.items.every((d: { state: string }) => d.state === 'LANE_ASSIGNED' || d.state === 'UNDER_INSPECTION')).toBe(true);
  });

  it('lists with state filter and paging', async () => {
    const page = (await importer.get('/api/v1/declarations?state=SUBMITTED,DRAFT&pageSize=2&page=1')).json();
    expect(page.items.length).toBeLessThanOrEqual(2);
    expect(page.total).toBeGreaterThan(2);
    expect(page.items.every((d: { state: string }) => ['SUBMITTED', 'DRAFT'].includes(d.state))).toBe(true);
    expectProblem(await importer.get('/api/v1/declarations?state=NOPE'), 422, 'VALIDATION_FAILED');
  });
});

describe('tax preview', () => {
  it('previews tax for a complete draft and reports what blocks an incomplete one', async () => {
    const complete = (await importer.post('/api/v1/declarations/tax-preview', completeDraft(importerId()))).json();
    expect(complete.errors).toEqual([]);
    expect(complete.items[0]).toMatchObject({ dryTonnes: '124.215', value: '14688.42' });
    expect(complete.totals.vatCny).not.toBeNull();
    const partial = (await importer.post('/api/v1/declarations/tax-preview', { items: [{ wetTonnes: '10.000', moisturePct: '5.00' }] })).json();
    expect(partial.items[0].dryTonnes).toBe('9.500');
    expect(partial.totals.vatCny).toBeNull();
    expect(partial.errors.map((e: { path: string }) => e.path)).toContain('currencyCode');
  });
});
