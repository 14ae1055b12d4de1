import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startTestApp, DEMO_PASSWORD, type TestApp } from '../support/index.js';

/** Per-rule hit and finding rates over the demo history. */

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ demo: true });
}, 120_000);
afterAll(async () => t?.close());

describe('rule stats', () => {
  it('reports per-rule hits and findings from stored decisions, filtered by period', async () => {
    const officer = await login(t.app, 'officer', DEMO_PASSWORD);
    const res = await officer.get('/api/v1/risk/rule-stats?from=2000-01-01&to=2100-12-31');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.decisions).toBeGreaterThanOrEqual(0);
    for (const rule of body.rules) {
      expect(rule.hits).toBeGreaterThan(0);
      expect(rule.selected).toBeLessThanOrEqual(rule.hits);
      expect(rule.findings).toBeLessThanOrEqual(rule.inspected);
      expect(rule.hitRate).toBeLessThanOrEqual(1);
    }
    const empty = (await officer.get('/api/v1/risk/rule-stats?from=1990-01-01&to=1990-01-02')).json();
    expect(empty).toEqual({ decisions: 0, rules: [] });
    expect([400, 422]).toContain((await officer.get('/api/v1/risk/rule-stats?from=not-a-date')).statusCode);
  });
});
