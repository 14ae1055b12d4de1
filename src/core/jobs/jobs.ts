import PgBoss from 'pg-boss';
import type { Logger } from 'pino';

/** A durable job: a queue name, an optional cron schedule and a handler. Jobs live in PostgreSQL (pg-boss). */
export interface JobDefinition<T extends object = object> {
  name: string;
  /** Cron expression (UTC) for recurring jobs. */
  cron?: string;
  handler(data: T): Promise<void>;
}

/** Where routes hand work to the background: a durable queue (pg-boss) while job workers run. */
export interface JobQueue {
  send<T extends object>(name: string, data: T): Promise<string | null>;
}

export interface JobRunner extends JobQueue {
  stop(): Promise<void>;
}

export async function startJobs(connectionString: string, definitions: JobDefinition[], logger: Logger): Promise<JobRunner> {
  const boss = new PgBoss({ connectionString, max: 4, application_name: 'orelane-jobs' });
  boss.on('error', (error) => {
    // 57P01 admin_shutdown: Ctrl-C reaches the embedded PostgreSQL (same process group) as it reaches us.
    if ((error as { code?: string }).code === '57P01') logger.warn('job queue: the database is shutting down');
    else logger.error({ err: error }, 'job queue error');
  });
  await boss.start();
  for (const definition of definitions) {
    await boss.createQueue(definition.name);
    await boss.work<object>(definition.name, async (jobs) => {
      for (const job of jobs) {
        logger.debug({ job: definition.name, id: job.id }, 'running job');
        await definition.handler(job.data);
      }
    });
    if (definition.cron) await boss.schedule(definition.name, definition.cron, {}, { tz: 'UTC' });
  }
  return {
    send: (name, data) => boss.send(name, data),
    // graceful: let running handlers finish before the database goes away.
    stop: () => boss.stop({ graceful: true, wait: true, timeout: 10_000 }),
  };
}
