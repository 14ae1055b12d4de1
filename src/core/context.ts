import type { Logger } from 'pino';
import type { FastifyInstance } from 'fastify';
import type { OrelaneConfig } from './config.js';
import type { Db } from './db/database.js';
import type { JobQueue } from './jobs/jobs.js';

/** What every module's routes receive from the composition root (src/app.ts). */
export interface AppContext {
  db: Db;
  config: OrelaneConfig;
  logger: Logger;
  /** Background jobs; sending fails with SERVICE_UNAVAILABLE when this process runs no job workers. */
  jobs: JobQueue;
}

export type RouteModule = (app: FastifyInstance, context: AppContext) => void | Promise<void>;
