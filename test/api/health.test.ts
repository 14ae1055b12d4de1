import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, dbLabel, expectProblem, startTestApp, type TestApp } from '../support/index.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe(`health and API description (${dbLabel()})`, () => {
  it('GET /api/health answers 200 with the database up', async () => {
    const response = await anonymous(t.app).get('/api/health');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'ok', database: { status: 'up', kind: 'external' } });
    expect(response.json().database.latencyMs).toBeTypeOf('number');
    expect(response.headers['x-correlation-id']).toBeTruthy();
  });

  it('echoes a well-formed X-Correlation-Id', async () => {
    const response = await anonymous(t.app).get('/api/health', undefined, { 'x-correlation-id': 'ci-check-42' });
    expect(response.headers['x-correlation-id']).toBe('ci-check-42');
  });

  it('GET /api/openapi.json is OpenAPI 3.1 and every operation has a unique operationId', async () => {
    const response = await anonymous(t.app).get('/api/openapi.json');
    expect(response.statusCode).toBe(200);
    const spec = response.json();
    expect(spec.openapi).toMatch(/^3\.1\./);
    expect(spec.info?.title).toBeTruthy();
    const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
    const operations: { where: string; operationId?: string }[] = [];
    for (const [route, item] of Object.entries<Record<string, { operationId?: string }>>(spec.paths ?? {})) {
      for (const method of methods) {
        if (item[method]) operations.push({ where: `${method.toUpperCase()} ${route}`, operationId: item[method].operationId });
      }
    }
    expect(operations.length).toBeGreaterThan(0);
    expect(operations.filter((op) => !op.operationId).map((op) => op.where)).toEqual([]);
    const ids = operations.map((op) => op.operationId);
    expect(ids.filter((id, index) => ids.indexOf(id) !== index)).toEqual([]);
    // The session endpoints are documented (a smoke check that module routes are registered at all).
    expect(ids).toEqual(expect.arrayContaining(['createSession', 'getSession', 'deleteSession']));
  });

  it('every documented operation under /api/v1 declares problem+json-able error responses', async () => {
    const spec = (await anonymous(t.app).get('/api/openapi.json')).json();
    const missing: string[] = [];
    for (const [route, item] of Object.entries<Record<string, { responses?: Record<string, unknown> }>>(spec.paths ?? {})) {
      for (const [method, operation] of Object.entries(item)) {
        if (typeof operation !== 'object' || !operation?.responses) continue;
        const codes = Object.keys(operation.responses);
        if (!codes.some((code) => /^4/.test(code))) missing.push(`${method.toUpperCase()} ${route}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('/api/docs serves Swagger UI', async () => {
    const client = anonymous(t.app);
    let response = await client.get('/api/docs');
    for (let hops = 0; hops < 3 && response.statusCode >= 300 && response.statusCode < 400; hops++) {
      const location = String(response.headers.location);
      response = await client.get(location.startsWith('/') ? location : `/api/docs/${location.replace(/^\.\//, '')}`);
    }
    expect(response.statusCode).toBe(200);
    expect(String(response.headers['content-type'])).toContain('text/html');
    expect(response.body).toMatch(/swagger-ui/i);
  });

  it('an unknown API route is a 404 problem+json', async () => {
    const response = await anonymous(t.app).get('/api/v1/no-such-thing');
    const problem = expectProblem(response, 404, 'ROUTE_NOT_FOUND');
    expect(problem.instance).toBe('/api/v1/no-such-thing');
  });
});
