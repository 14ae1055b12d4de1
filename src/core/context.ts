import type { Logger } from 'pino';
import type { FastifyInstance } from 'fastify';
import type { OrelaneConfig } from './config.js';
import type { Db } from './db/database.js';

/** What every module's routes receive from the composition root (src/app.ts). */
export interface AppContext {
  db: Db;
  config: OrelaneConfig;
  logger: Logger;
}

export type RouteModule = (app: FastifyInstance, context: AppContext) => void | Promise<void>;
