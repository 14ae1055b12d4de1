import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, expectProblem, login, startTestApp, type TestApp } from '../support/index.js';

/** A new installation (no demo): the baseline rule set is proposed, and decides nothing until an officer approves it. */

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
}, 120_000);
afterAll(async () => t?.close());

describe('baseline rule set on a new installation', () => {
  it('is proposed by the system, pending approval; any risk analyst may approve it, and a restart proposes nothing more', async () => {
    const analyst = await createUser(t.db, { roles: ['RISK_ANALYST'] });
    const agent = await login(t.app, analyst.username, analyst.password);
    const list = (await agent.get('/api/v1/risk/rule-sets')).json();
    expect(list.items).toEqual([expect.objectContaining({ version: 1, status: 'PENDING_APPROVAL', author: null, inForce: false })]);
    expectProblem(await agent.get('/api/v1/risk/rule-sets/in-force'), 404, 'NOT_FOUND');

    const lists = (await agent.get('/api/v1/risk/lists')).json();
    expect(lists.items.map((l: { name: string }) => l.name)).toEqual(
      expect.arrayContaining(['watched-enterprises', 'watched-declarants', 'core-origins', 'transit-origins', 'radiation-watch-origins', 'solid-waste-sensitive-codes', 'watched-vehicles']),
    );
    expect((await agent.get('/api/v1/risk/lists/transit-origins')).json().entries.map((e: { value: string }) => e.value).sort()).toEqual(['KG', 'RU', 'TJ', 'TM', 'UZ']);

    const pending = await agent.get('/api/v1/risk/rule-sets/1');
    const approved = await agent.post('/api/v1/risk/rule-sets/1/approve', { comment: 'baseline accepted' }, { 'if-match': String(pending.headers.etag) });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'ACTIVE', inForce: true, reviewer: { id: analyst.id } });

    const restarted = await startTestApp({ database: t.database });
    try {
      const { rows } = await restarted.sql<{ n: number }>('select count(*)::int as n from risk_rule_sets');
      expect(rows[0]!.n).toBe(1);
    } finally {
      await restarted.close();
    }
  });
});
