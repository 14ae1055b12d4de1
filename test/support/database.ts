/**
 * One fresh PostgreSQL database per API test file, on the server named by ORELANE_TEST_ADMIN_URL (set by
 * test/run-all.ts for each server it tests against, or by test/support/global-setup.ts when vitest runs alone).
 */
import crypto from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

declare module 'vitest' {
  interface ProvidedContext {
    orelaneAdminUrl: string;
    orelaneDbLabel: string;
    /** Names this run's demo template database (demoTemplateName), shared by the run's test files. */
    orelaneRunId: string;
  }
}

/** A superuser connection URL (to the `postgres` database) of the server under test. */
export function adminUrl(): string {
  const fromEnv = process.env.ORELANE_TEST_ADMIN_URL;
  if (fromEnv) return fromEnv;
  let provided: string | undefined;
  try {
    provided = inject('orelaneAdminUrl');
  } catch {
    // not inside a vitest worker
  }
  if (provided) return provided;
  throw new Error(
    'ORELANE_TEST_ADMIN_URL is not set. Run the API tests with `npm test`, or `npx vitest run --project api` ' +
      '(which starts an embedded PostgreSQL), or set ORELANE_TEST_ADMIN_URL to a superuser URL such as postgres://postgres@127.0.0.1:5432/postgres.',
  );
}

/** Which server the API tests run against, e.g. "pg17-embedded" or "pg15" (for test names and logs). */
export function dbLabel(): string {
  if (process.env.ORELANE_TEST_DB_LABEL) return process.env.ORELANE_TEST_DB_LABEL;
  try {
    return inject('orelaneDbLabel') || 'external';
  } catch {
    return 'external';
  }
}

export interface TestDatabase {
  name: string;
  /** Connects as the admin URL's (super)user, so tests can also tamper with the data like an attacker could. */
  url: string;
  /** Drops the database, disconnecting anyone still connected. Safe to call twice. */
  drop(): Promise<void>;
}

export function urlForDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** The demo template of one test run: seeded once, copied for every `startTestApp({ demo: true })`. */
export function demoTemplateName(runId: string): string {
  if (!/^[a-z0-9]+$/.test(runId)) throw new Error(`run id must be lowercase letters and digits, got "${runId}"`);
  return `orelane_demo_template_${runId}`;
}

/** This run's id (from global-setup); a process outside a vitest run gets one of its own. */
let ownRunId: string | undefined;
export function testRunId(): string {
  if (process.env.ORELANE_TEST_RUN_ID) return process.env.ORELANE_TEST_RUN_ID;
  try {
    const provided = inject('orelaneRunId');
    if (provided) return provided;
  } catch {
    // not inside a vitest worker
  }
  ownRunId ??= crypto.randomBytes(6).toString('hex');
  return ownRunId;
}

/** A new empty database, or (with `template`) a copy of that database, which must have no open connections. */
export async function createTestDatabase(options: { template?: string } = {}): Promise<TestDatabase> {
  const admin = adminUrl();
  const name = `orelane_test_${crypto.randomBytes(6).toString('hex')}`;
  await adminQuery(admin, options.template ? `create database ${name} template ${options.template}` : `create database ${name}`);
  let dropped = false;
  return {
    name,
    url: urlForDatabase(admin, name),
    async drop() {
      if (dropped) return;
      dropped = true;
      await adminQuery(admin, `drop database if exists ${name} with (force)`);
    },
  };
}

/** Runs one statement on its own connection (e.g. as superuser, bypassing the application's pool). */
export async function adminQuery<R extends pg.QueryResultRow = pg.QueryResultRow>(
  url: string,
  text: string,
  params: unknown[] = [],
): Promise<pg.QueryResult<R>> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  try {
    return await client.query<R>(text, params);
  } finally {
    await client.end().catch(() => {});
  }
}
