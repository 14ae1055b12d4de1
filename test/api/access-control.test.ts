/**
 * Every operation in the OpenAPI document, called as every demo role (and anonymously), must be allowed or
 * denied exactly as the matrix below says; record-level operations on another enterprise's record answer 404.
 * An operation missing from the matrix fails the suite: a new endpoint needs a decided policy.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, login, startTestApp, DEMO_PASSWORD, type Agent, type SessionAgent, type TestApp } from '../support/index.js';

const ROLES = ['importer', 'agency', 'other-importer', 'officer', 'inspector', 'lab', 'admin'] as const;
type DemoRole = (typeof ROLES)[number];

const ALL: readonly DemoRole[] = ROLES;
const ENTERPRISE: readonly DemoRole[] = ['importer', 'agency', 'other-importer'];
const ADMINISTRATORS: readonly DemoRole[] = ['importer', 'other-importer', 'admin'];
const CUSTOMS: readonly DemoRole[] = ['officer', 'inspector', 'lab', 'admin'];
const LIAISON: readonly DemoRole[] = ['officer', 'admin'];
const RELEASE: readonly DemoRole[] = ['officer', 'admin'];
const RISK: readonly DemoRole[] = ['officer', 'admin'];
const RULE_AUTHOR: readonly DemoRole[] = ['officer'];
const INSPECTION: readonly DemoRole[] = ['inspector', 'admin'];
const SYSTEM_ADMIN: readonly DemoRole[] = ['admin'];

/** operationId → who may call it; 'public' needs no sign-in. */
const MATRIX: Record<string, readonly DemoRole[] | 'public'> = {
  createSession: 'public',
  getSession: ALL,
  deleteSession: ALL,
  listApiKeys: ALL,
  createApiKey: ALL,
  revokeApiKey: ALL,
  listDeclarations: ALL,
  createDeclaration: ENTERPRISE,
  previewDeclarationTax: ALL,
  getDeclaration: ALL,
  getDeclarationAuditTrail: ALL,
  updateDeclarationDraft: ENTERPRISE,
  submitDeclaration: ENTERPRISE,
  withdrawDeclaration: ENTERPRISE,
  acceptDeclaration: LIAISON,
  rejectDeclaration: ['officer', 'admin'],
  releaseDeclaration: RELEASE,
  clearDeclaration: RELEASE,
  listInspectionTasks: INSPECTION,
  getInspectionTask: INSPECTION,
  startInspectionTask: INSPECTION,
  recordOnSiteCheck: INSPECTION,
  getInspectionThresholds: CUSTOMS,
  updateInspectionThresholds: SYSTEM_ADMIN,
  listLaneRates: CUSTOMS,
  setLaneRate: RISK,
  listWatchList: CUSTOMS,
  addToWatchList: RISK,
  removeFromWatchList: RISK,
  listRiskLists: CUSTOMS,
  createRiskList: RISK,
  getRiskList: CUSTOMS,
  addRiskListEntry: RISK,
  removeRiskListEntry: RISK,
  listRuleFields: CUSTOMS,
  listRuleSets: CUSTOMS,
  getRuleSetInForce: CUSTOMS,
  getRuleSet: CUSTOMS,
  // Authored by risk analysts only; approved or rejected by a second analyst or a supervisor (never the author).
  createRuleSetDraft: RULE_AUTHOR,
  updateRuleSetDraft: RULE_AUTHOR,
  submitRuleSet: RULE_AUTHOR,
  approveRuleSet: RISK,
  rejectRuleSet: RISK,
  getRiskDecision: CUSTOMS,
  replayRiskDecision: CUSTOMS,
  getRuleStats: CUSTOMS,
  // Learned-score models: read by customs, trained and activated by risk analysts and supervisors (like rule sets).
  listRiskModels: CUSTOMS,
  getRiskModel: CUSTOMS,
  trainRiskModel: RISK,
  activateRiskModel: RISK,
  createBacktest: RISK,
  listBacktests: RISK,
  getBacktest: RISK,
  cancelBacktest: RISK,
  testRule: RISK,
  listValueBands: CUSTOMS,
  listValueBandPoints: CUSTOMS,
  recordRadiationScreening: INSPECTION,
  recordCargoScreening: INSPECTION,
  listScreenings: CUSTOMS,
  listNotifications: ALL,
  markNotificationRead: ALL,
  listCommodityCategories: ALL,
  listCommodities: ALL,
  createCommodityVersion: SYSTEM_ADMIN,
  listCountries: ALL,
  listCurrencies: ALL,
  listExchangeRates: ALL,
  putExchangeRate: SYSTEM_ADMIN,
  listPorts: ALL,
  listTransportModes: ALL,
  listEnterprises: ALL,
  getEnterprise: ALL,
  createEnterprise: SYSTEM_ADMIN,
  updateEnterprise: SYSTEM_ADMIN,
  listUsers: ADMINISTRATORS,
  createUser: ADMINISTRATORS,
  updateUser: ADMINISTRATORS,
  listEntrustments: ALL,
  getEntrustment: ALL,
  createEntrustment: ADMINISTRATORS,
  revokeEntrustment: ADMINISTRATORS,
  listOverseasShippers: ALL,
  getOverseasShipper: ALL,
  createOverseasShipper: SYSTEM_ADMIN,
};

interface Operation {
  operationId: string;
  method: string;
  path: string;
}

let t: TestApp;
const agents = {} as Record<DemoRole, SessionAgent>;
let operations: Operation[];

/** Fills path parameters with ids that exist nowhere: the call reaches the policy, never a real record. */
function concrete(path: string): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (name === 'creditClass') return 'GENERAL';
    if (name === 'categoryCode') return 'IRON_CONCENTRATE';
    if (name === 'currency') return 'USD';
    if (name === 'month') return '2026-11';
    if (name === 'id' && path.startsWith('/api/v1/notifications')) return '999999999';
    return crypto.randomUUID();
  });
}

async function call(agent: Agent, operation: Operation, path = concrete(operation.path)) {
  const method = operation.method.toUpperCase() as 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  const body = method === 'POST' || method === 'PUT' || method === 'PATCH' ? {} : undefined;
  return agent.request(method, path, body);
}

beforeAll(async () => {
  t = await startTestApp({ demo: true });
  for (const role of ROLES) agents[role] = await login(t.app, role, DEMO_PASSWORD);
  const document = (await anonymous(t.app).get('/api/openapi.json')).json<{ paths: Record<string, Record<string, { operationId?: string }>> }>();
  operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, spec]) => ({ operationId: spec.operationId ?? `${method} ${path}`, method, path })),
  );
}, 120_000);

afterAll(async () => t?.close());

describe('access control', () => {
  it('every operation has a decided policy, and every policy names a real operation', () => {
    const documented = operations.map((o) => o.operationId);
    expect(documented.filter((id) => !(id in MATRIX)), 'operations missing from the access matrix').toEqual([]);
    expect(Object.keys(MATRIX).filter((id) => !documented.includes(id)), 'matrix entries with no operation').toEqual([]);
  });

  it('anonymous callers get 401 everywhere except sign-in', async () => {
    for (const operation of operations) {
      const response = await call(anonymous(t.app), operation);
      if (MATRIX[operation.operationId] === 'public') expect(response.statusCode, operation.operationId).not.toBe(401);
      else expect(response.statusCode, `${operation.operationId}: ${response.body}`).toBe(401);
    }
  });

  it('each role is allowed or denied per the matrix', async () => {
    const mismatches: string[] = [];
    for (const operation of operations) {
      const allowed = MATRIX[operation.operationId];
      for (const role of ROLES) {
        // Signing out would end the agent's session: use a throwaway one.
        const agent = operation.operationId === 'deleteSession' ? await login(t.app, role, DEMO_PASSWORD) : agents[role];
        const response = await call(agent, operation);
        const permitted = allowed === 'public' || allowed!.includes(role);
        const denied = response.statusCode === 403 && response.json().code === 'FORBIDDEN';
        if (permitted === denied || response.statusCode === 401) {
          mismatches.push(`${operation.operationId} as ${role}: ${permitted ? 'should be allowed' : 'should be denied'}, got ${response.statusCode} ${response.body.slice(0, 120)}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it("another enterprise's records answer 404 on every operation that names them", async () => {
    const importer = agents.importer;
    const importerId = (importer.user.enterprise as { id: string }).id;
    const draft = (await importer.post('/api/v1/declarations', { importerId, trainNumber: 'X8001' })).json<{ id: string }>();
    const entrustment = (await importer.get('/api/v1/entrustments')).json<{ items: { id: string }[] }>().items[0]!;
    const key = (await importer.post('/api/v1/api-keys', { name: 'erp' })).json<{ id: string }>();
    const userId = importer.user.id;
    await agents.officer.put('/api/v1/risk/lane-rates/IRON_CONCENTRATE/GENERAL', { inspectionRate: '0' });
    const [notification] = (await importer.get('/api/v1/notifications')).json<{ items: { id: number }[] }>().items;

    const foreign: [string, string, unknown?][] = [
      ['GET', `/api/v1/declarations/${draft.id}`],
      ['GET', `/api/v1/declarations/${draft.id}/audit`],
      ['PATCH', `/api/v1/declarations/${draft.id}`, { trainNumber: 'X9' }],
      ['POST', `/api/v1/declarations/${draft.id}/submit`],
      ['POST', `/api/v1/declarations/${draft.id}/withdraw`, { reason: 'not mine' }],
      ['GET', `/api/v1/enterprises/${importerId}`],
      ['GET', `/api/v1/entrustments/${entrustment.id}`],
      ['DELETE', `/api/v1/entrustments/${entrustment.id}`],
      ['PATCH', `/api/v1/users/${userId}`, { displayName: 'taken over' }],
      ['DELETE', `/api/v1/api-keys/${key.id}`],
      ...(notification ? ([['POST', `/api/v1/notifications/${notification.id}/read`]] as [string, string][]) : []),
    ];
    for (const [method, url, body] of foreign) {
      const response = await agents['other-importer'].request(method as 'GET', url, body, { 'if-match': '"1"' });
      expect(response.statusCode, `${method} ${url} as other-importer: ${response.body}`).toBe(404);
    }
    // Nothing changed behind the 404s.
    const after = (await importer.get(`/api/v1/declarations/${draft.id}`)).json<{ version: number; trainNumber: string; state: string }>();
    expect(after).toMatchObject({ version: 1, trainNumber: 'X8001', state: 'DRAFT' });
    expect((await importer.get('/api/v1/api-keys')).json<{ items: { id: string; revokedAt: string | null }[] }>().items.find((k) => k.id === key.id)?.revokedAt).toBeNull();
  });
});
