/**
 * Builds a real Orelane (src/app.ts) on a fresh database for one API test file. Requests go through
 * `app.inject` (no sockets), so a test file costs one CREATE DATABASE plus the migrations.
 */
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { count } from 'drizzle-orm';
import pg from 'pg';
import { buildOrelane, type Orelane } from '../../src/app.js';
import { loadConfig, type OrelaneConfig } from '../../src/core/config.js';
import type { AppContext } from '../../src/core/context.js';
import type { Db } from '../../src/core/db/database.js';
import { users } from '../../src/modules/registry/registry.tables.js';
import { adminQuery, adminUrl, createTestDatabase, demoTemplateName, testRunId, urlForDatabase, type TestDatabase } from './database.js';

/** The demo seed's users (src/demo/seed.ts); all share DEMO_PASSWORD. */
export const DEMO_USERS = ['importer', 'agency', 'other-importer', 'officer', 'inspector', 'lab', 'admin'] as const;
export type DemoUser = (typeof DEMO_USERS)[number];
export const DEMO_PASSWORD = 'orelane-demo';

export interface StartTestAppOptions {
  /**
   * The demo data of src/demo/seed.ts, as `npm start` seeds it on a first start. Default false. The run seeds it
   * once, into a template database, and each demo test database is a copy of that template (CREATE DATABASE …
   * TEMPLATE): same data, without paying the seed per test file. With `database` given, that database is seeded
   * in place if it is empty.
   */
  demo?: boolean;
  /** Start the pg-boss job runner. Default false (tests call job handlers directly). */
  jobs?: boolean;
  /** Extra environment for loadConfig, e.g. { ORELANE_LOGIN_MAX_FAILURES: '3' }. */
  env?: Record<string, string | undefined>;
  poolSize?: number;
  /** Build on an existing database (e.g. to restart the app on the same data); close() then leaves it alone. */
  database?: TestDatabase;
}

export interface TestApp {
  /** Fastify instance: use app.inject, or the agents from ./client.ts. */
  app: FastifyInstance;
  /** Drizzle on the application's own pool. */
  db: Db;
  orelane: Orelane;
  context: AppContext;
  config: OrelaneConfig;
  database: TestDatabase;
  /** Runs SQL on this test's database on a separate superuser connection (e.g. to tamper with data). */
  sql<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, params?: unknown[]): Promise<pg.QueryResult<R>>;
  /** Closes the app, then drops the database (unless it was passed in). */
  close(): Promise<void>;
}

export async function startTestApp(options: StartTestAppOptions = {}): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase(options.demo ? { template: await demoTemplate() } : {}));
  const ownsDatabase = !options.database;
  try {
    const config = loadConfig({
      DATABASE_URL: database.url,
      ORELANE_DEMO: options.demo ? '1' : '0',
      LOG_LEVEL: process.env.ORELANE_TEST_LOG_LEVEL ?? 'silent',
      ...(process.env.ORELANE_SCRYPT_N ? { ORELANE_SCRYPT_N: process.env.ORELANE_SCRYPT_N } : {}),
      ...options.env,
    });
    const logger = pino({ level: config.logLevel });
    const orelane = await buildOrelane(config, logger, { jobs: options.jobs ?? false, poolSize: options.poolSize ?? 10 });
    try {
      if (options.demo) {
        // Imported lazily: a broken demo seed should fail the tests that use it, not every API test.
        const { seedDemoDataIfEmpty } = await import('../../src/demo/seed.js');
        await seedDemoDataIfEmpty(orelane.context);
        const [seeded] = await orelane.database.db.select({ n: count() }).from(users);
        if (!seeded?.n) {
          throw new Error('startTestApp({ demo: true }): seedDemoDataIfEmpty created no users — is src/demo/seed.ts still a stub?');
        }
      }
    } catch (error) {
      await orelane.close().catch(() => {});
      throw error;
    }
    let closed = false;
    return {
      app: orelane.app,
      db: orelane.database.db,
      orelane,
      context: orelane.context,
      config,
      database,
      sql: (text, params) => adminQuery(database.url, text, params),
      async close() {
        if (closed) return;
        closed = true;
        try {
          await orelane.close();
        } finally {
          if (ownsDatabase) await database.drop();
        }
      },
    };
  } catch (error) {
    if (ownsDatabase) await database.drop().catch(() => {});
    throw error;
  }
}

let templateReady: Promise<string> | undefined;

/** This run's seeded demo template, built by the first test file (in any worker) that needs it. */
function demoTemplate(): Promise<string> {
  templateReady ??= buildDemoTemplate().catch((error: unknown) => {
    templateReady = undefined;
    throw error;
  });
  return templateReady;
}

async function buildDemoTemplate(): Promise<string> {
  const admin = adminUrl();
  const name = demoTemplateName(testRunId());
  const client = new pg.Client({ connectionString: admin });
  client.on('error', () => {});
  await client.connect();
  try {
    // Workers build it one at a time: the first builds, the others wait here and find it done.
    await client.query('select pg_advisory_lock(hashtext($1))', [name]);
    const existing = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (existing.rowCount === 0) {
      await client.query(`create database ${name}`);
      try {
        const seeded = await startTestApp({ demo: true, database: { name, url: urlForDatabase(admin, name), drop: async () => {} } });
        // Closed before anyone copies it: a template must have no open connections.
        await seeded.close();
      } catch (error) {
        await client.query(`drop database if exists ${name} with (force)`);
        throw error;
      }
    }
    return name;
  } finally {
    await client.query('select pg_advisory_unlock(hashtext($1))', [name]).catch(() => {});
    await client.end().catch(() => {});
  }
}
