import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyAgent, createUser, dbLabel, expectProblem, login, startTestApp, type SessionAgent, type TestApp } from '../support/index.js';

let t: TestApp;
let owner: SessionAgent;
beforeAll(async () => {
  t = await startTestApp();
  const user = await createUser(t.db, { roles: ['LIAISON_OFFICER'] });
  owner = await login(t.app, user.username, user.password);
});
afterAll(async () => {
  await t?.close();
});

describe(`API keys (${dbLabel()})`, () => {
  it('create shows the key once; Bearer works; the list never shows the secret; revoke stops it at once', async () => {
    const created = await owner.post('/api/v1/api-keys', { name: 'weighbridge integration' });
    expect(created.statusCode).toBe(201);
    const apiKey = created.json();
    expect(apiKey).toMatchObject({ name: 'weighbridge integration', lastUsedAt: null, revokedAt: null });
    expect(apiKey.key).toMatch(/^orl_\S{20,}$/);
    expect(apiKey.key.startsWith(apiKey.prefix)).toBe(true);
    expect(apiKey.prefix.length).toBeLessThan(apiKey.key.length / 2);

    // Bearer authenticates as the user who created the key.
    const machine = apiKeyAgent(t.app, apiKey.key);
    const me = await machine.get('/api/v1/session');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ username: owner.user.username, roles: ['LIAISON_OFFICER'], csrfToken: null });

    // The list shows metadata only — never the secret — and records the use.
    const list = await owner.get('/api/v1/api-keys');
    expect(list.statusCode).toBe(200);
    const items = list.json().items as Record<string, unknown>[];
    const listed = items.find((item) => item.id === apiKey.id);
    expect(listed).toMatchObject({ id: apiKey.id, name: 'weighbridge integration', prefix: apiKey.prefix, revokedAt: null });
    expect(listed).not.toHaveProperty('key');
    expect(listed!.lastUsedAt).toBeTruthy();
    expect(list.body).not.toContain(apiKey.key);
    expect(list.body).not.toContain(apiKey.key.slice(apiKey.prefix.length));

    // Only the hash is stored.
    const stored = await t.sql<{ key_hash: string }>('select key_hash from api_keys where id = $1', [apiKey.id]);
    expect(stored.rows[0]!.key_hash).not.toContain(apiKey.key.slice(apiKey.prefix.length));

    const revoked = await owner.delete(`/api/v1/api-keys/${apiKey.id}`);
    expect(revoked.statusCode).toBe(204);
    expectProblem(await machine.get('/api/v1/session'), 401, 'AUTHENTICATION_REQUIRED');
    expect((await owner.get('/api/v1/api-keys')).json().items.find((item: { id: string }) => item.id === apiKey.id).revokedAt).toBeTruthy();
    // Revoking twice is a 404, not a second audit entry.
    expectProblem(await owner.delete(`/api/v1/api-keys/${apiKey.id}`), 404, 'NOT_FOUND');
  });

  it('API-key requests need no CSRF token (no cookie to ride on)', async () => {
    const { key } = (await owner.post('/api/v1/api-keys', { name: 'machine' })).json();
    const machine = apiKeyAgent(t.app, key);
    const created = await machine.post('/api/v1/api-keys', { name: 'made by a machine' });
    expect(created.statusCode).toBe(201);
    expect(created.json().key).toMatch(/^orl_/);
  });

  it('unknown, malformed and non-Bearer Authorization headers are 401', async () => {
    expectProblem(await apiKeyAgent(t.app, 'orl_not-a-real-key').get('/api/v1/session'), 401, 'AUTHENTICATION_REQUIRED');
    const basic = await owner.get('/api/v1/session', undefined, { authorization: 'Basic dXNlcjpwYXNz' });
    expectProblem(basic, 401, 'AUTHENTICATION_REQUIRED');
  });

  it("a user cannot revoke someone else's key (404, existence not leaked)", async () => {
    const { id, key } = (await owner.post('/api/v1/api-keys', { name: 'mine' })).json();
    const other = await createUser(t.db);
    const intruder = await login(t.app, other.username, other.password);
    expectProblem(await intruder.delete(`/api/v1/api-keys/${id}`), 404, 'NOT_FOUND');
    expect((await intruder.get('/api/v1/api-keys')).json().items).toEqual([]);
    expect((await apiKeyAgent(t.app, key).get('/api/v1/session')).statusCode).toBe(200);
  });

  it('Idempotency-Key: a retried create returns the first answer and creates one key', async () => {
    const headers = { 'idempotency-key': `retry-${Date.now()}` };
    const first = await owner.post('/api/v1/api-keys', { name: 'idempotent' }, headers);
    const second = await owner.post('/api/v1/api-keys', { name: 'idempotent' }, headers);
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.json()).toEqual(first.json());
    const named = (await owner.get('/api/v1/api-keys')).json().items.filter((item: { name: string }) => item.name === 'idempotent');
    expect(named).toHaveLength(1);
    // The same key with a different body is refused.
    expectProblem(await owner.post('/api/v1/api-keys', { name: 'something else' }, headers), 422, 'IDEMPOTENCY_KEY_REUSED');
  });

  it('validates the body', async () => {
    expectProblem(await owner.post('/api/v1/api-keys', { name: '   ' }), 422, 'VALIDATION_FAILED');
    expectProblem(await owner.delete('/api/v1/api-keys/not-a-uuid'), 422, 'VALIDATION_FAILED');
  });
});
