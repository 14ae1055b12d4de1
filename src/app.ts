import { count, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { OrelaneConfig } from './core/config.js';
import type { AppContext, RouteModule } from './core/context.js';
import { openDatabase, runMigrations, type Database } from './core/db/database.js';
import { createHttpServer } from './core/http/app.js';
import { startJobs, type JobQueue, type JobRunner } from './core/jobs/jobs.js';
import { AppError } from './core/http/errors.js';
import { startAuditSealer, type AuditSealer } from './core/audit/audit.js';
import { makeAuthenticator } from './modules/registry/authenticate.js';
import { sessionRoutes } from './modules/registry/session.routes.js';
import { apiKeyRoutes } from './modules/registry/api-keys.routes.js';
import { housekeepingJobs } from './modules/registry/housekeeping.job.js';
import { enterpriseRoutes } from './modules/registry/enterprises.routes.js';
import { userRoutes } from './modules/registry/users.routes.js';
import { entrustmentRoutes } from './modules/registry/entrustments.routes.js';
import { overseasShipperRoutes } from './modules/registry/overseas-shippers.routes.js';
import { referenceRoutes } from './modules/reference/reference.routes.js';
import { declarationRoutes } from './modules/declarations/declarations.routes.js';
import { inspectionRoutes } from './modules/inspection/inspection.routes.js';
import { riskRoutes } from './modules/risk/risk.routes.js';
import { ruleSetRoutes } from './modules/risk/rule-sets.routes.js';
import { riskDecisionRoutes } from './modules/risk/decisions.routes.js';
import { ruleStatsRoutes } from './modules/risk/rule-stats.routes.js';
import { backtestRoutes } from './modules/risk/backtests.routes.js';
import { backtestJobs } from './modules/risk/backtests.js';
import { ruleTestRoutes } from './modules/risk/rule-tests.routes.js';
import { valueBandRoutes } from './modules/risk/value-bands.routes.js';
import { riskModelRoutes } from './modules/risk/risk-models.routes.js';
import { riskModelJobs } from './modules/risk/risk-models.js';
import { screeningRoutes } from './modules/screening/screening.routes.js';
import { users } from './modules/registry/registry.tables.js';
import { notificationRoutes } from './modules/platform/notifications.routes.js';
import { COMMODITY_CATEGORIES, ensureReferenceData } from './modules/reference/reference.data.js';
import { ensureBaselineRuleSetProposed, ensureDefaultLaneRates, ensureDefaultRiskLists } from './modules/risk/risk.defaults.js';

export const VERSION = '0.1.0';

/** Every module's routes, in one list: adding a module is one line here. */
const ROUTE_MODULES: RouteModule[] = [
  sessionRoutes,
  apiKeyRoutes,
  enterpriseRoutes,
  userRoutes,
  entrustmentRoutes,
  overseasShipperRoutes,
  referenceRoutes,
  declarationRoutes,
  inspectionRoutes,
  riskRoutes,
  ruleSetRoutes,
  riskDecisionRoutes,
  ruleStatsRoutes,
  backtestRoutes,
  ruleTestRoutes,
  valueBandRoutes,
  riskModelRoutes,
  screeningRoutes,
  notificationRoutes,
];

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
  let sealer: AuditSealer | null = null;
  try {
    await runMigrations(database);
    // Chains new audit entries shortly after they commit; requests only insert them (src/core/audit/audit.ts).
    sealer = startAuditSealer(database.db, logger);
    // Reference data and starting rates every installation needs, demo or not; existing rows are left alone.
    await database.db.transaction(async (tx) => {
      await ensureReferenceData(tx);
      await ensureDefaultLaneRates(tx, COMMODITY_CATEGORIES.map((c) => c.code));
      await ensureDefaultRiskLists(tx);
      // The demo seed authors and approves its own first rule set (four-eyes, by two demo officers).
      const [existingUsers] = await tx.select({ n: count() }).from(users);
      const demoWillSeed = config.demo && (existingUsers?.n ?? 0) === 0;
      if (!demoWillSeed) await ensureBaselineRuleSetProposed(tx);
    });
    const queue: JobQueue = {
      send: async (name, data) => {
        if (!jobs) throw new AppError('SERVICE_UNAVAILABLE', 'This server runs no background jobs.');
        return jobs.send(name, data);
      },
    };
    const context: AppContext = { db: database.db, config, logger, jobs: queue };
    if (options.jobs !== false) jobs = await startJobs(database.connectionString, [...housekeepingJobs(context), ...backtestJobs(context), ...riskModelJobs(context)], logger);
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
        await sealer?.stop();
        await database.close();
      },
    };
  } catch (error) {
    await jobs?.stop().catch(() => {});
    await sealer?.stop().catch(() => {});
    await database.close().catch(() => {});
    throw error;
  }
}
