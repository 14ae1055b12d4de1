import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheDefinitions } from '../../src/core/db/change-feed.js';
import { monthOf, todayInChina } from '../../src/modules/reference/reference.service.js';
import { apiKeyAgent, completeDraft, dbLabel, expectProblem, login, startTestApp, DEMO_PASSWORD, type SessionAgent, type TestApp } from '../support/index.js';

// What Orelane caches from rarely changing tables (API-key actors, reference checks) must follow every change:
// made through Orelane (this process hears it before the change's response), or by anyone else (another server,
// psql: heard within milliseconds). Direct SQL below runs on its own connection, as another process would.

let t: TestApp;
let importer: SessionAgent;
let admin: SessionAgent;

beforeAll(async () => {
  t = await startTestApp({ demo: true });
  importer = await login(t.app, 'importer', DEMO_PASSWORD);
  admin = await login(t.app, 'admin', DEMO_PASSWORD);
});
afterAll(async () => {
  await t?.close();
});

/** Repeats a request until it answers as expected (a change from another connection arrives asynchronously). */
async function eventually<T>(request: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 5_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await request();
    if (done(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function newKey(agent: SessionAgent) {
  const created = await agent.post('/api/v1/api-keys', { name: `change feed ${Math.random()}` });
  expect(created.statusCode, created.body).toBe(201);
  return created.json() as { id: string; key: string };
}

/** A new key of the importer whose actor is cached: one request has been answered with it. */
async function cachedKey() {
  const { key } = await newKey(importer);
  const machine = apiKeyAgent(t.app, key);
  // The first use also stamps the key's lastUsedAt: not announced (migration 0009), so the actor stays cached.
  expect((await machine.get('/api/v1/session')).statusCode).toBe(200);
  return { key, machine };
}

/** Revokes a key with its table's trigger off, so nobody hears of it; `meanwhile` runs before the trigger is back. */
async function revokeUnannounced(key: string, meanwhile: () => Promise<void>) {
  await t.sql('alter table api_keys disable trigger announce_change');
  try {
    await t.sql("update api_keys set revoked_at = now() where key_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')", [key]);
    await meanwhile();
  } finally {
    await t.sql('alter table api_keys enable trigger announce_change');
  }
}

describe(`cached data follows every change (${dbLabel()})`, () => {
  it('every table a cache reads announces its changes (the trigger of migration 0008)', async () => {
    const cached = [...new Set(cacheDefinitions().flatMap((definition) => definition.tables))].sort();
    expect(cached.length).toBeGreaterThan(0);
    const { rows } = await t.sql<{ table: string }>(
      `select c.relname as table from pg_trigger g join pg_class c on c.oid = g.tgrelid
        where g.tgname = 'announce_change' and not g.tgisinternal and g.tgenabled <> 'D'`,
    );
    const announced = new Set(rows.map((row) => row.table));
    expect(cached.filter((table) => !announced.has(table))).toEqual([]);
  });

  it('an API-key actor is cached, and forgotten when another connection changes the key or its user', async () => {
    const { key, machine } = await cachedKey();
    // Proof that the cache answers: a revocation nobody announces goes unnoticed…
    await revokeUnannounced(key, async () => {
      expect((await machine.get('/api/v1/session')).statusCode).toBe(200);
    });
    // …until a change is announced; any announced change to the same table is enough to forget it.
    await t.sql('update api_keys set revoked_at = revoked_at where false');
    const afterAnnouncement = await eventually(() => machine.get('/api/v1/session'), (r) => r.statusCode === 401);
    expectProblem(afterAnnouncement, 401, 'AUTHENTICATION_REQUIRED');

    // A role change made elsewhere reaches a cached actor.
    const second = await newKey(admin);
    const adminMachine = apiKeyAgent(t.app, second.key);
    const before = (await adminMachine.get('/api/v1/session')).json();
    expect(before.roles).toContain('SYSTEM_ADMIN');
    await t.sql("update users set roles = array_append(roles, 'LAB_ANALYST') where username = 'admin'");
    try {
      const after = await eventually(() => adminMachine.get('/api/v1/session'), (r) => r.json().roles.includes('LAB_ANALYST'));
      expect(after.json().roles).toContain('LAB_ANALYST');
    } finally {
      await t.sql("update users set roles = array_remove(roles, 'LAB_ANALYST') where username = 'admin'");
    }
  });

  it('a key revoked through Orelane fails on the very next request (this process hears its own change first)', async () => {
    for (let i = 0; i < 5; i++) {
      const { id, key } = await newKey(importer);
      const machine = apiKeyAgent(t.app, key);
      expect((await machine.get('/api/v1/session')).statusCode).toBe(200);
      expect((await importer.delete(`/api/v1/api-keys/${id}`)).statusCode).toBe(204);
      expectProblem(await machine.get('/api/v1/session'), 401, 'AUTHENTICATION_REQUIRED');
    }
  });

  it('a new exchange rate reaches the next tax computation, set through the API or directly', async () => {
    const month = monthOf(todayInChina());
    const preview = async () => (await importer.post('/api/v1/declarations/tax-preview', completeDraft((importer.user.enterprise as { id: string }).id))).json();
    const first = await preview();
    expect(first.totals.exchangeRate).not.toBeNull();
    const original = first.totals.exchangeRate as string;

    const put = await admin.put(`/api/v1/reference/exchange-rates/USD/${month}`, { cnyPerUnit: '7.5000' });
    expect([200, 201]).toContain(put.statusCode);
    expect((await preview()).totals.exchangeRate).toBe('7.500000');

    await t.sql('update exchange_rates set cny_per_unit = $1 where currency_code = $2 and month = $3', ['7.2500', 'USD', month]);
    const direct = await eventually(preview, (body) => body.totals.exchangeRate === '7.250000');
    expect(direct.totals.exchangeRate).toBe('7.250000');

    await admin.put(`/api/v1/reference/exchange-rates/USD/${month}`, { cnyPerUnit: original });
  });

  it('losing every connection empties the caches: a change nobody could hear is still seen', async () => {
    const { key, machine } = await cachedKey();
    await revokeUnannounced(key, async () => {
      // Orelane's pool connections are dropped (as by a database restart); the pool opens new ones.
      await t.sql('select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()');
      const after = await eventually(() => machine.get('/api/v1/session'), (r) => r.statusCode === 401);
      expectProblem(after, 401, 'AUTHENTICATION_REQUIRED');
    });
  });
});
