import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, createUser, dbLabel, expectProblem, login, parseSetCookie, startTestApp, type TestApp } from '../support/index.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe(`sessions (${dbLabel()})`, () => {
  it('a successful login sets an httpOnly SameSite session cookie and returns the CSRF token', async () => {
    const user = await createUser(t.db, { roles: ['RISK_ANALYST'], displayName: 'Ana Lyst' });
    const client = anonymous(t.app);
    const response = await client.post('/api/v1/session', { username: user.username, password: user.password });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ id: user.id, username: user.username, displayName: 'Ana Lyst', roles: ['RISK_ANALYST'], enterprise: null });
    expect(body.csrfToken).toMatch(/^\S{16,}$/);

    const [cookie] = parseSetCookie(response.headers['set-cookie']).filter((c) => c.name === 'orelane_session');
    expect(cookie, 'orelane_session cookie').toBeDefined();
    expect(cookie!.value.length).toBeGreaterThanOrEqual(32);
    expect(cookie!.attributes.httponly).toBe(true);
    expect(String(cookie!.attributes.samesite).toLowerCase()).toMatch(/^(strict|lax)$/);
    expect(cookie!.attributes.path).toBe('/');
    // Secure is off by default (plain-HTTP localhost); ORELANE_SECURE_COOKIES=1 turns it on.
    expect(cookie!.attributes.secure).toBeUndefined();

    // The cookie alone authenticates safe requests.
    const me = await client.get('/api/v1/session');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ username: user.username, csrfToken: body.csrfToken });
  });

  it('a wrong password is 401 problem+json, like an unknown user (no user enumeration)', async () => {
    const user = await createUser(t.db);
    const wrong = await anonymous(t.app).post('/api/v1/session', { username: user.username, password: 'not-the-password' });
    const problem = expectProblem(wrong, 401, 'INVALID_CREDENTIALS');
    expect(problem).toMatchObject({ status: 401, instance: '/api/v1/session' });
    expect(problem.type).toMatch(/^https?:\/\//);
    expect(problem.correlationId).toBeTruthy();
    expect(wrong.headers['set-cookie']).toBeUndefined();

    const unknown = await anonymous(t.app).post('/api/v1/session', { username: 'nobody-by-this-name', password: 'whatever' });
    const unknownProblem = expectProblem(unknown, 401, 'INVALID_CREDENTIALS');
    expect(unknownProblem.detail).toBe(problem.detail);
  });

  it('an inactive user cannot sign in', async () => {
    const user = await createUser(t.db, { active: false });
    expectProblem(await anonymous(t.app).post('/api/v1/session', { username: user.username, password: user.password }), 401, 'INVALID_CREDENTIALS');
  });

  it('a malformed login body is 422 with field errors', async () => {
    const response = await anonymous(t.app).post('/api/v1/session', { username: '' });
    const problem = expectProblem(response, 422, 'VALIDATION_FAILED');
    expect(Array.isArray(problem.errors)).toBe(true);
  });

  it('throttles: after 5 failures further attempts get 429, even with the right password', async () => {
    const user = await createUser(t.db);
    const bystander = await createUser(t.db);
    const client = anonymous(t.app);
    for (let i = 0; i < t.config.loginMaxFailures; i++) {
      expectProblem(await client.post('/api/v1/session', { username: user.username, password: `wrong-${i}` }), 401, 'INVALID_CREDENTIALS');
    }
    const blocked = await client.post('/api/v1/session', { username: user.username, password: user.password });
    expectProblem(blocked, 429, 'TOO_MANY_REQUESTS');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(blocked.headers['set-cookie']).toBeUndefined();
    // Throttling is per username: someone else still signs in.
    await expect(login(t.app, bystander.username, bystander.password)).resolves.toBeTruthy();
  });

  it('a POST with the session cookie but no X-CSRF-Token is 403 CSRF_TOKEN_INVALID', async () => {
    const user = await createUser(t.db);
    const agent = await login(t.app, user.username, user.password);
    expectProblem(await agent.post('/api/v1/api-keys', { name: 'no token' }, { 'x-csrf-token': undefined }), 403, 'CSRF_TOKEN_INVALID');
    expectProblem(await agent.post('/api/v1/api-keys', { name: 'wrong token' }, { 'x-csrf-token': 'x'.repeat(32) }), 403, 'CSRF_TOKEN_INVALID');
    expectProblem(await agent.delete('/api/v1/session', undefined, { 'x-csrf-token': undefined }), 403, 'CSRF_TOKEN_INVALID');
    // Nothing was created by the refused requests.
    expect((await agent.get('/api/v1/api-keys')).json().items).toEqual([]);
    // With the token it works.
    expect((await agent.post('/api/v1/api-keys', { name: 'with token' })).statusCode).toBe(201);
  });

  it('logout ends the session: the cookie is cleared and the old token no longer works', async () => {
    const user = await createUser(t.db);
    const agent = await login(t.app, user.username, user.password);
    const oldCookie = agent.cookies.orelane_session!;
    expect(oldCookie).toBeTruthy();

    const logout = await agent.delete('/api/v1/session');
    expect(logout.statusCode).toBe(204);
    expect(agent.cookies.orelane_session).toBeUndefined();
    expectProblem(await agent.get('/api/v1/session'), 401, 'AUTHENTICATION_REQUIRED');

    // Replaying the old cookie does not resurrect the session.
    const replay = await anonymous(t.app).get('/api/v1/session', undefined, { cookie: `orelane_session=${oldCookie}` });
    expectProblem(replay, 401, 'AUTHENTICATION_REQUIRED');
  });

  it('anonymous requests to protected endpoints are 401', async () => {
    expectProblem(await anonymous(t.app).get('/api/v1/session'), 401, 'AUTHENTICATION_REQUIRED');
    expectProblem(await anonymous(t.app).get('/api/v1/api-keys'), 401, 'AUTHENTICATION_REQUIRED');
  });
});
