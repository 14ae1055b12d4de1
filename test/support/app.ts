/**
 * Builds a real Orelane (src/app.ts) on a fresh database for one API test file. Requests go through
 * `app.inject` (no sockets), so a test file costs one CREATE DATABASE plus the migrations.
 */
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { count } from 'drizzle-orm';
import type pg from 'pg';
import { buildOrelane, type Orelane } from '../../src/app.js';
import { loadConfig, type OrelaneConfig } from '../../src/core/config.js';
import type { AppContext } from '../../src/core/context.js';
import type { Db } from '../../src/core/db/database.js';
import { users } from '../../src/modules/registry/registry.tables.js';
import { adminQuery, createTestDatabase, type TestDatabase } from './database.js';

/** The demo seed's users (src/demo/seed.ts); all share DEMO_PASSWORD. */
export const DEMO_USERS = ['importer', 'agency', 'other-importer', 'officer', 'inspector', 'lab', 'admin'] as const;
export type DemoUser = (typeof DEMO_USERS)[number];
export const DEMO_PASSWORD = 'orelane-demo';

export interface StartTestAppOptions {
  /** Run seedDemoDataIfEmpty (src/demo/seed.ts) after building, as `npm start` does with demo on. Default false. */
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
  const database = options.database ?? (await createTestDatabase());
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
