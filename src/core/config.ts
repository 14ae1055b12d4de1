import path from 'node:path';

/** Runtime configuration, read once from the environment. */
export interface OrelaneConfig {
  port: number;
  host: string;
  /** External PostgreSQL; when absent Orelane runs its embedded PostgreSQL 17. */
  databaseUrl: string | null;
  dataDir: string;
  /** Seed demo data on an empty database. Default: on for the embedded database, off for DATABASE_URL. */
  demo: boolean;
  logLevel: string;
  /** Secure cookies need HTTPS; off for plain-HTTP localhost. */
  secureCookies: boolean;
  sessionTtlHours: number;
  /** Failed logins per username within the window before further attempts get 429. */
  loginMaxFailures: number;
  loginWindowMinutes: number;
  webDistDir: string;
  /** Stored decisions a backtest replays between progress updates and cancel checks. */
  backtestChunkSize: number;
  /** Transactions that new declarations and submissions may run at once; more arriving meanwhile commit together. */
  groupCommitConnections: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): OrelaneConfig {
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  const demoFlag = env.ORELANE_DEMO;
  return {
    port: intFrom(env.PORT, 3000, 'PORT'),
    host: env.HOST ?? '0.0.0.0',
    databaseUrl,
    dataDir: path.resolve(env.ORELANE_DATA_DIR ?? './data'),
    demo: demoFlag === undefined ? databaseUrl === null : demoFlag === '1' || demoFlag === 'true',
    logLevel: env.LOG_LEVEL ?? 'info',
    secureCookies: env.ORELANE_SECURE_COOKIES === '1',
    sessionTtlHours: intFrom(env.ORELANE_SESSION_TTL_HOURS, 12, 'ORELANE_SESSION_TTL_HOURS'),
    loginMaxFailures: intFrom(env.ORELANE_LOGIN_MAX_FAILURES, 5, 'ORELANE_LOGIN_MAX_FAILURES'),
    loginWindowMinutes: intFrom(env.ORELANE_LOGIN_WINDOW_MINUTES, 15, 'ORELANE_LOGIN_WINDOW_MINUTES'),
    webDistDir: path.resolve(env.ORELANE_WEB_DIST ?? './web/dist'),
    backtestChunkSize: positiveIntFrom(env.ORELANE_BACKTEST_CHUNK_SIZE, 500, 'ORELANE_BACKTEST_CHUNK_SIZE'),
    // 4 on a 2-vCPU machine: 2, 3 and 8 were no better (docs/performance.md); more cores may want more.
    groupCommitConnections: positiveIntFrom(env.ORELANE_GROUP_COMMIT_CONNECTIONS, 4, 'ORELANE_GROUP_COMMIT_CONNECTIONS'),
  };
}

function intFrom(raw: string | undefined, fallback: number, name: string): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

function positiveIntFrom(raw: string | undefined, fallback: number, name: string): number {
  const value = intFrom(raw, fallback, name);
  if (value === 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}
