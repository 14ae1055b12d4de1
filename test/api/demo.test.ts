import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { users } from '../../src/modules/registry/registry.tables.js';
import { DEMO_PASSWORD, DEMO_USERS, dbLabel, login, startTestApp, type TestApp } from '../support/index.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ demo: true });
});
afterAll(async () => {
  await t?.close();
});

describe(`demo data (${dbLabel()})`, () => {
  it.each(DEMO_USERS)('the demo user "%s" signs in with the demo password', async (username) => {
    const agent = await login(t.app, username, DEMO_PASSWORD);
    expect(agent.user.username).toBe(username);
    expect(agent.user.roles.length).toBeGreaterThan(0);
  });

  it('seeding again leaves a non-empty database alone', async () => {
    const [before] = await t.db.select({ n: count() }).from(users);
    const { seedDemoDataIfEmpty } = await import('../../src/demo/seed.js');
    await seedDemoDataIfEmpty(t.context);
    const [after] = await t.db.select({ n: count() }).from(users);
    expect(after!.n).toBe(before!.n);
  });
});
