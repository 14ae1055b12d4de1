import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/core/audit/audit.js';
import { createUser, dbLabel, login, startTestApp, type TestApp } from '../support/index.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

interface Entry {
  id: string;
  action: string;
  after: unknown;
}

const entries = async () => (await t.sql<Entry>('select id::text, action, after from audit_log order by id')).rows;

/** What an attacker with superuser access would do: switch the append-only trigger off around a change. */
async function tamper(statement: string, params: unknown[] = []) {
  await t.sql('alter table audit_log disable trigger audit_log_append_only');
  try {
    await t.sql(statement, params);
  } finally {
    await t.sql('alter table audit_log enable trigger audit_log_append_only');
  }
}

describe(`audit hash chain (${dbLabel()})`, () => {
  it('audited actions build a chain that verifies', async () => {
    // buildOrelane may already have audited start-up work (e.g. reference data): count from here.
    const existing = (await entries()).length;
    const user = await createUser(t.db);
    const agent = await login(t.app, user.username, user.password); // session.create
    const first = (await agent.post('/api/v1/api-keys', { name: 'first' })).json(); // apiKey.create
    await agent.post('/api/v1/api-keys', { name: 'second' });
    expect((await agent.delete(`/api/v1/api-keys/${first.id}`)).statusCode).toBe(204); // apiKey.revoke
    await login(t.app, user.username, user.password);

    const rows = await entries();
    expect(rows.slice(existing).map((row) => row.action)).toEqual(['session.create', 'apiKey.create', 'apiKey.create', 'apiKey.revoke', 'session.create']);
    // Secrets never reach the audit log.
    expect(JSON.stringify(rows)).not.toContain(first.key);
    expect(await verifyAuditChain(t.db)).toEqual({ ok: true, entries: rows.length });
    // Paging does not change the answer.
    expect(await verifyAuditChain(t.db, 2)).toEqual({ ok: true, entries: rows.length });
  });

  it('the append-only trigger refuses UPDATE and DELETE, even for the superuser', async () => {
    await expect(t.sql(`update audit_log set actor_label = 'someone else'`)).rejects.toThrow(/append-only/);
    await expect(t.sql('delete from audit_log')).rejects.toThrow(/append-only/);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it('an edited entry is reported as the first bad entry; restoring it heals the chain', async () => {
    const rows = await entries();
    const victim = rows.find((row) => row.action === 'apiKey.create')!;
    await tamper(`update audit_log set after = jsonb_set(after, '{name}', '"tampered"') where id = $1`, [victim.id]);
    const result = await verifyAuditChain(t.db);
    expect(result.ok).toBe(false);
    expect(result.firstBadEntryId).toBe(Number(victim.id));
    expect(result.problem).toMatch(/edited/);

    await tamper('update audit_log set after = $2::jsonb where id = $1', [victim.id, JSON.stringify(victim.after)]);
    expect(await verifyAuditChain(t.db)).toEqual({ ok: true, entries: rows.length });
  });

  it('a re-hashed edit is still caught by the next entry', async () => {
    const rows = await entries();
    const victim = rows.find((row) => row.action === 'apiKey.revoke')!;
    const original = (await t.sql<{ hash: string }>('select hash from audit_log where id = $1', [victim.id])).rows[0]!.hash;
    await tamper(`update audit_log set hash = repeat('f', 64) where id = $1`, [victim.id]);
    const result = await verifyAuditChain(t.db);
    expect(result.ok).toBe(false);
    expect(result.firstBadEntryId).toBe(Number(victim.id));
    await tamper('update audit_log set hash = $2 where id = $1', [victim.id, original]);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it('deleting an entry in the middle breaks the link at the next entry', async () => {
    const before = await entries();
    const at = before.findIndex((row) => row.action === 'apiKey.revoke');
    const removed = before[at]!;
    const next = before[at + 1]!;
    const saved = (await t.sql('select * from audit_log where id = $1', [removed.id])).rows[0]!;
    await tamper('delete from audit_log where id = $1', [removed.id]);
    const result = await verifyAuditChain(t.db);
    expect(result.ok).toBe(false);
    expect(result.firstBadEntryId).toBe(Number(next.id));
    expect(result.problem).toMatch(/removed or inserted/);
    // Put it back exactly as it was.
    const columns = Object.keys(saved);
    await tamper(
      `insert into audit_log (${columns.map((c) => `"${c}"`).join(', ')}) values (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
      columns.map((c) => (c === 'before' || c === 'after') && saved[c] !== null ? JSON.stringify(saved[c]) : saved[c]),
    );
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it('deleting the last entry is detected (the head still counts it)', async () => {
    const before = await entries();
    const last = before.at(-1)!;
    await tamper('delete from audit_log where id = $1', [last.id]);
    const result = await verifyAuditChain(t.db);
    expect(result.ok).toBe(false);
    expect(result.entries).toBe(before.length - 1);
    expect(result.problem).toMatch(/removed from the end/);
  });
});
