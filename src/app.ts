import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { OrelaneConfig } from './core/config.js';
import type { AppContext, RouteModule } from './core/context.js';
import { openDatabase, runMigrations, type Database } from './core/db/database.js';
import { createHttpServer } from './core/http/app.js';
import { startJobs, type JobRunner } from './core/jobs/jobs.js';
import { makeAuthenticator } from './modules/registry/authenticate.js';
import { sessionRoutes } from './modules/registry/session.routes.js';
import { apiKeyRoutes } from './modules/registry/api-keys.routes.js';
import { housekeepingJobs } from './modules/registry/housekeeping.job.js';

export const VERSION = '0.1.0';

/** Every module's routes, in one list: adding a module is one line here. */
const ROUTE_MODULES: RouteModule[] = [sessionRoutes, apiKeyRoutes];

export interface Orelane {
  app: FastifyInstance;
  database: Database;
  context: AppContext;
  /** Stops HTTP, then jobs, then the database: nothing runs against a closed pool. */
  close(): Promise<void>;
}

export async function buildOrelane(config: OrelaneConfig, logger: Logger, options: { jobs?: boolean; poolSize?: number } = {}): Promise<Orelane> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger, poolSize: options.poolSize });
  let jobs: JobRunner | null = null;
  try {
    await runMigrations(database);
    const context: AppContext = { db: database.db, config, logger };
    if (options.jobs !== false) jobs = await startJobs(database.connectionString, housekeepingJobs(context), logger);
    const app = await createHttpServer({
      logger,
      version: VERSION,
      webDistDir: config.webDistDir,
      authenticate: makeAuthenticator(database.db),
      registerRoutes: async (api) => {
        for (const routes of ROUTE_MODULES) await routes(api, context);
      },
      health: async () => {
        const started = performance.now();
        try {
          await database.db.execute(sql`select 1`);
          return { status: 'ok', database: { status: 'up', latencyMs: Math.round(performance.now() - started), kind: database.kind } };
        } catch {
          return { status: 'degraded', database: { status: 'down', latencyMs: null, kind: database.kind } };
        }
      },
    });
    return {
      app,
      database,
      context,
      async close() {
        await app.close();
        await jobs?.stop();
        await database.close();
      },
    };
  } catch (error) {
    await jobs?.stop().catch(() => {});
    await database.close().catch(() => {});
    throw error;
  }
}
