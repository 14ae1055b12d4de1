/**
 * Declaration submission benchmark. Prints one JSON line per figure on stdout:
 *   {"name","value","unit","baseline","ratio"}
 * and progress and a summary on stderr.
 *
 * Measured: Orelane on a fresh embedded PostgreSQL 17 (temp dir, demo data, jobs off), listening on a
 * loopback port; C concurrent HTTP clients (a forked process, keep-alive), as the demo `importer` through an
 * API key, each either create a complete draft and submit it with If-Match (two requests), or create and
 * submit it in one request (POST /declarations?submit=true). One submission = one declaration submitted.
 *
 * Baseline, in the same run and against the same database: the rows one submission leaves behind (the
 * declaration, its item, its two audit entries and the notification), copied from a real submission and
 * inserted straight through `pg`, one transaction per declaration, by C concurrent clients of a pg.Pool.
 * Every run first checks, by counting the rows of every table around one submission by each path, that the
 * baseline inserts exactly what a submission stores.
 *
 * Every figure is a ratio against that baseline, so it compares like with like on a shared, noisy machine.
 *
 * Usage: npx tsx bench/declarations.ts        (or `npm run bench` for every benchmark)
 * Environment (all optional):
 *   BENCH_CONCURRENCY=1,8,32     client counts to measure
 *   BENCH_SECONDS=10             time limit per level and path
 *   BENCH_MAX_SUBMISSIONS=2000   submission limit per level and path
 *   BENCH_ROUNDS=3               the time and submissions of a level are split into this many alternating
 *                                raw/HTTP rounds, so both paths see the same noise
 *   BENCH_POOL_SIZE              Orelane's pool size (default: Orelane's default, 20)
 *   BENCH_PACED=25,50            paced load (open loop) at C = 32, after the saturated rounds: for each
 *                                percentage, the one-request path and the raw inserts at that percentage of
 *                                the one-request path's saturated C = 32 rate measured just before (empty:
 *                                none; needs 32 in BENCH_CONCURRENCY). Same time limit and rounds per path.
 *   LOG_LEVEL=warn               Orelane's log level
 *   BENCH_DIAGNOSE=1             also print where the time of each request goes (stderr; adds overhead,
 *                                so do not record figures from such a run)
 *   BENCH_CPU_PROFILE=dir        write a V8 CPU profile of the Orelane process per level into dir and print
 *                                its hottest packages and functions (stderr; same caveat)
 */
import { fork, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import pino from 'pino';
import { instrumentServer, startCpuProfile, startDiagnosis } from './diagnose.js';
import { submissionSchedule, type LoadReply, type LoadRequest, type LoadResult } from './http-load.js';
import { freePort, makeTempDir, note, quantile, removeDir, report, sortedCopy, stopPostmasterSync } from './support.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const DEMO_PASSWORD = 'orelane-demo';
const GOAL_RATIO = 0.5;
const GOAL_P99_MS = 100;
const GOAL_CONCURRENCY = 32;

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

const LEVELS = (process.env.BENCH_CONCURRENCY ?? '1,8,32').split(',').map((s) => {
  const n = Number(s.trim());
  if (!Number.isInteger(n) || n <= 0) throw new Error(`BENCH_CONCURRENCY must list positive integers, got "${process.env.BENCH_CONCURRENCY}"`);
  return n;
});
const SECONDS = envInt('BENCH_SECONDS', 10);
const MAX_SUBMISSIONS = envInt('BENCH_MAX_SUBMISSIONS', 2000);
const POOL_SIZE = process.env.BENCH_POOL_SIZE ? envInt('BENCH_POOL_SIZE', 20) : undefined;
const ROUNDS = envInt('BENCH_ROUNDS', 3);
const PACED_PERCENTS = (process.env.BENCH_PACED ?? '25,50')
  .split(',')
  .filter((s) => s.trim() !== '')
  .map((s) => {
    const n = Number(s.trim());
    if (!Number.isInteger(n) || n <= 0 || n > 100) throw new Error(`BENCH_PACED must list percentages 1–100, got "${process.env.BENCH_PACED}"`);
    return n;
  });
const WARMUP_SUBMISSIONS = 300;
const RAW_WARMUP_PER_CONNECTION = 10;
/** 'pair': create, then submit (two requests); 'single': POST /declarations?submit=true. */
const MODES = ['pair', 'single'] as const;
type Mode = (typeof MODES)[number];
const DIAGNOSE = process.env.BENCH_DIAGNOSE === '1';
const CPU_PROFILE_DIR = process.env.BENCH_CPU_PROFILE ? path.resolve(process.env.BENCH_CPU_PROFILE) : null;

/** Everything started here, stopped in reverse order on success, failure or a signal. */
const cleanups: (() => Promise<void> | void)[] = [];
let tempDir: string | null = null;

let cleaning: Promise<void> | null = null;

/** Idempotent: a signal and the end of main() may both ask for it. */
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    while (cleanups.length) {
      const step = cleanups.pop()!;
      try {
        await step();
      } catch (error) {
        note(`cleanup step failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  })();
  return cleaning;
}

// Safety net if the process dies before cleanUp ran: stop our own postmaster and delete our temp dir.
process.on('exit', () => {
  if (!tempDir) return;
  stopPostmasterSync(path.join(tempDir, 'pg'), 5_000);
  removeDir(tempDir);
});
// A signal may arrive more than once (Ctrl-C reaches the whole process group and tsx relays it too): the
// first one starts the cleanup, later ones must not kill the process half-way through it.
let signalled = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (signalled) return;
    signalled = true;
    note(`${signal}: cleaning up`);
    void cleanUp().finally(() => process.exit(130));
  });
}
// After Ctrl-C, PostgreSQL (same process group) shuts down too, and connections that were in use report it
// as 'error' events nobody listens to: expected then, so they must not abort the cleanup.
process.on('uncaughtException', (error) => {
  if (signalled) return;
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exitCode = 1;
  void cleanUp().finally(() => process.exit(1));
});

// ---------------------------------------------------------------------------------------------------------
// HTTP helpers for the setup steps (the measured load runs in bench/http-load.ts)

async function call(baseUrl: string, method: string, url: string, headers: Record<string, string>, body?: unknown) {
  const response = await fetch(new URL(url, baseUrl), {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url} answered ${response.status}: ${text.slice(0, 2000)}`);
  return { response, json: JSON.parse(text) as Record<string, unknown> };
}

/** Signs in as the demo importer and creates an API key: the way a machine client authenticates. */
async function importerCredentials(baseUrl: string) {
  const { response, json: user } = await call(baseUrl, 'POST', '/api/v1/session', {}, { username: 'importer', password: DEMO_PASSWORD });
  const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const enterprise = user.enterprise as { id: string } | null;
  if (!enterprise) throw new Error('the demo importer has no enterprise');
  const { json: key } = await call(baseUrl, 'POST', '/api/v1/api-keys', { cookie, 'x-csrf-token': String(user.csrfToken) }, { name: 'bench' });
  const apiKey = String(key.key);
  const { json: shippers } = await call(baseUrl, 'GET', '/api/v1/overseas-shippers', { authorization: `Bearer ${apiKey}` });
  const shipper = (shippers.items as { id: string; countryCode: string }[]).find((s) => s.countryCode === 'KZ');
  if (!shipper) throw new Error('no Kazakh overseas shipper in the demo data');
  return { apiKey, importerId: enterprise.id, shipperId: shipper.id };
}

/** A complete regular declaration: one train of iron concentrate from Kazakhstan, priced in USD, DAP. */
function completeDraft(importerId: string, shipperId: string): Record<string, unknown> {
  // Arrived yesterday (China time), so the arrival date is never in the future.
  const arrivalDate = new Date(Date.now() + 8 * 3600_000 - 24 * 3600_000).toISOString().slice(0, 10);
  return {
    importerId,
    isAdvance: false,
    portCode: 'HORGOS_RAIL',
    transportModeCode: 'RAIL',
    trainNumber: 'X8042',
    wagonNumbers: Array.from({ length: 50 }, (_, i) => String(29_510_000 + i)),
    arrivalDate,
    incoterm: 'DAP',
    currencyCode: 'USD',
    originCountryCode: 'KZ',
    departureCountryCode: 'KZ',
    overseasShipperId: shipperId,
    items: [
      {
        commodityCode: '2601111000',
        goodsName: '铁精粉',
        declarationElements: {
          brandType: '无品牌',
          exportPreference: '出口货物在最终目的国（地区）不享受优惠关税',
          processingMethod: '磁选精选',
          appearance: '粉状',
          composition: 'TFe 66.0%',
          averageParticleSize: '0.074mm',
          source: 'Kentobe mine',
          contractDate: '2025-12-10',
          pricingMethod: '公式定价',
          secondSettlement: '是',
          pricingDate: '2026-01-31',
        },
        wetTonnes: '3450.000',
        moisturePct: '9.20',
        unitPrice: '118.5000',
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------------------------
// The HTTP path: a forked load generator

function startLoadGenerator(): { run(job: Omit<LoadRequest, 'type'>): Promise<LoadResult>; stop(): void } {
  const child: ChildProcess = fork(path.join(HERE, 'http-load.ts'), [], { execArgv: process.execArgv, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  let pending: { resolve: (r: LoadResult) => void; reject: (e: Error) => void } | null = null;
  child.on('message', (reply: LoadReply) => {
    const waiting = pending;
    pending = null;
    if (!waiting) return;
    if (reply.type === 'done') waiting.resolve(reply);
    else waiting.reject(new Error(`load generator: ${reply.message}`));
  });
  child.on('exit', (code, signal) => {
    pending?.reject(new Error(`load generator exited (${signal ?? code})`));
    pending = null;
  });
  return {
    run(job) {
      return new Promise((resolve, reject) => {
        pending = { resolve, reject };
        child.send({ type: 'run', ...job } satisfies LoadRequest);
      });
    },
    stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// The baseline: the same rows, straight through pg

const JSON_TYPES = new Set([114, 3802]);

interface RowTemplate {
  table: string;
  columns: string[];
  /** One value list per row; jsonb values already serialised. */
  rows: unknown[][];
}

async function rowTemplate(pool: pg.Pool, table: string, where: string, params: unknown[], omit: string[]): Promise<RowTemplate> {
  const result = await pool.query(`select * from ${table} where ${where}`, params);
  if (result.rows.length === 0) throw new Error(`no ${table} row to copy`);
  const fields = result.fields.filter((f) => !omit.includes(f.name));
  return {
    table,
    columns: fields.map((f) => f.name),
    rows: result.rows.map((row: Record<string, unknown>) =>
      fields.map((f) => (JSON_TYPES.has(f.dataTypeID) && row[f.name] !== null ? JSON.stringify(row[f.name]) : row[f.name])),
    ),
  };
}

/** INSERT for a template, with some columns set per declaration. */
function insertFor(template: RowTemplate) {
  const width = template.columns.length;
  const placeholders = template.rows.map((_, r) => `(${template.columns.map((_, c) => `$${r * width + c + 1}`).join(', ')})`).join(', ');
  const text = `insert into ${template.table} (${template.columns.map((c) => `"${c}"`).join(', ')}) values ${placeholders}`;
  const indexOf = new Map(template.columns.map((c, i) => [c, i]));
  return (overrides: Record<string, unknown>) => {
    const values: unknown[] = [];
    for (const row of template.rows) {
      const copy = [...row];
      for (const [column, value] of Object.entries(overrides)) {
        const i = indexOf.get(column);
        if (i !== undefined) copy[i] = typeof value === 'function' ? (value as () => unknown)() : value;
      }
      values.push(...copy);
    }
    return { text, values };
  };
}

/** The tables the baseline writes, and how many rows per submission (checked against a real one: rowsWritten). */
const BASELINE_ROWS: Record<string, number> = { declarations: 1, declaration_items: 1, audit_log: 2, notifications: 1 };

/** Exact row counts of every table in the public schema. */
async function rowCounts(pool: pg.Pool): Promise<Map<string, number>> {
  const tables = await pool.query<{ name: string }>("select tablename as name from pg_tables where schemaname = 'public' order by tablename");
  const counts = new Map<string, number>();
  for (const { name } of tables.rows) counts.set(name, Number((await pool.query<{ n: string }>(`select count(*)::text as n from "${name}"`)).rows[0]!.n));
  return counts;
}

/**
 * The rows one HTTP submission adds, per table (after the audit sealer ran, so its seals are counted too).
 * The benchmark stops if they differ from what the baseline inserts: the baseline must store what the API does.
 */
async function checkRowsWritten(pool: pg.Pool, seal: () => Promise<unknown>, submitOne: () => Promise<void>, what: string): Promise<string> {
  await seal();
  const before = await rowCounts(pool);
  await submitOne();
  await seal();
  const after = await rowCounts(pool);
  const added: Record<string, number> = {};
  for (const [table, n] of after) if (n !== (before.get(table) ?? 0)) added[table] = n - (before.get(table) ?? 0);
  // Seals are written by the sealer, off the request path, for the baseline's audit entries as well.
  const { audit_seals: seals, ...stored } = added;
  const expected = JSON.stringify(Object.entries(BASELINE_ROWS).sort());
  if (JSON.stringify(Object.entries(stored).sort()) !== expected || seals !== BASELINE_ROWS.audit_log) {
    throw new Error(`${what} stored ${JSON.stringify(added)}, but the baseline inserts ${JSON.stringify(BASELINE_ROWS)} (+ ${BASELINE_ROWS.audit_log} seals): update the baseline`);
  }
  return `${what}: ${Object.entries(added).map(([t, n]) => `${t} +${n}`).join(', ')}`;
}

/** Copies every row one submission leaves behind, for a declaration submitted by the HTTP path. */
async function baselineInserts(pool: pg.Pool, declarationId: string) {
  const declaration = await rowTemplate(pool, 'declarations', 'id = $1', [declarationId], []);
  const items = await rowTemplate(pool, 'declaration_items', 'declaration_id = $1 order by line_no', [declarationId], []);
  const audit = await rowTemplate(pool, 'audit_log', "entity_type = 'declaration' and entity_id = $1 order by id", [declarationId], ['id', 'xid']);
  const notices = await rowTemplate(pool, 'notifications', "entity_type = 'declaration' and entity_id = $1 order by id", [declarationId], ['id']);
  if (audit.rows.length !== BASELINE_ROWS.audit_log || notices.rows.length !== BASELINE_ROWS.notifications || items.rows.length !== BASELINE_ROWS.declaration_items) {
    throw new Error(`unexpected rows for one submission: ${items.rows.length} item(s), ${audit.rows.length} audit entries, ${notices.rows.length} notification(s)`);
  }
  const insertDeclaration = insertFor(declaration);
  const insertItems = insertFor(items);
  const insertAudit = insertFor(audit);
  const insertNotice = insertFor(notices);
  let serial = 0;
  const office = String(declaration.rows[0]![declaration.columns.indexOf('number')]).slice(0, 8);
  return (label: string) => {
    const id = crypto.randomUUID();
    const now = new Date();
    serial += 1;
    return [
      // Export flag 0 instead of 1 keeps these numbers apart from the ones Orelane assigns.
      insertDeclaration({ id, number: `${office}0${String(serial).padStart(9, '0')}`, contract_number: `RAW-${label}-${serial}-C`, invoice_number: `RAW-${label}-${serial}-I`, created_at: now, updated_at: now, submitted_at: now }),
      insertItems({ id: () => crypto.randomUUID(), declaration_id: id }),
      insertAudit({ entity_id: id, at: now, correlation_id: crypto.randomUUID(), hash: () => crypto.randomBytes(32).toString('hex') }),
      insertNotice({ entity_id: id, created_at: now }),
    ];
  };
}

interface RawResult {
  transactions: number;
  elapsedMs: number;
  latencies: number[];
  /** Open loop: the longest a transaction started after it was due; 0 in a closed loop. */
  maxStartLagMs: number;
}

/**
 * The raw baseline's connections, all opened before any round (connection set-up is not part of an insert)
 * and kept for all rounds at one level, as Orelane keeps its pool's: both paths start every round warm.
 */
async function openRawPool(connectionString: string, concurrency: number): Promise<pg.Pool> {
  const pool = new pg.Pool({ connectionString, max: concurrency, min: concurrency, idleTimeoutMillis: 0 });
  pool.on('error', () => {
    // An idle connection was closed (e.g. PostgreSQL is shutting down); the next checkout reports it.
  });
  const clients = await Promise.all(Array.from({ length: concurrency }, () => pool.connect()));
  clients.forEach((c) => c.release());
  return pool;
}

/** C concurrent clients; closed loop, or open loop at ratePerSecond (bench/http-load.ts: submissionSchedule). */
async function runRaw(pool: pg.Pool, concurrency: number, build: (label: string) => { text: string; values: unknown[] }[], label: string, durationMs: number, max: number, ratePerSecond?: number): Promise<RawResult> {
  const latencies: number[] = [];
  const schedule = submissionSchedule(durationMs, max, ratePerSecond);
  const t0 = schedule.t0;
  let lastDone = t0;
  const worker = async () => {
    for (;;) {
      const statements = build(label);
      const a = await schedule.next();
      if (a === null) break;
      const client = await pool.connect();
      try {
        await client.query('begin');
        for (const statement of statements) await client.query(statement);
        await client.query('commit');
      } catch (error) {
        await client.query('rollback').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
      const b = performance.now();
      latencies.push(b - a);
      lastDone = b;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { transactions: latencies.length, elapsedMs: (latencies.length ? lastDone : performance.now()) - t0, latencies, maxStartLagMs: schedule.maxStartLagMs };
}

// ---------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const startedAt = performance.now();
  tempDir = makeTempDir('orelane-bench-');
  const dir = tempDir;
  cleanups.push(() => {
    stopPostmasterSync(path.join(dir, 'pg'), 5_000);
    removeDir(dir);
    tempDir = null;
  });

  const { buildOrelane } = await import('../src/app.js');
  const { loadConfig } = await import('../src/core/config.js');
  const { seedDemoDataIfEmpty } = await import('../src/demo/seed.js');

  const config = loadConfig({ ORELANE_DATA_DIR: dir, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', ORELANE_DEMO: '1', HOST: '127.0.0.1', PORT: '0' });
  const logger = pino({ level: config.logLevel });
  note(`starting Orelane on a fresh embedded PostgreSQL in ${dir}`);
  const orelane = await buildOrelane(config, logger, { jobs: false, poolSize: POOL_SIZE });
  // Bounded: if PostgreSQL already stopped (Ctrl-C reaches it too), EmbeddedPostgres.stop() waits for an
  // 'exit' event that has already happened. The next cleanup step stops the postmaster by its PID anyway.
  cleanups.push(() => Promise.race([orelane.close(), new Promise<void>((resolve) => setTimeout(resolve, 15_000).unref())]));
  let t = performance.now();
  await seedDemoDataIfEmpty(orelane.context);
  note(`demo data seeded in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  if (DIAGNOSE) instrumentServer(orelane.app, orelane.database.pool);
  const port = await freePort();
  await orelane.app.listen({ host: '127.0.0.1', port });
  const baseUrl = `http://127.0.0.1:${port}`;
  const { apiKey, importerId, shipperId } = await importerCredentials(baseUrl);
  const draft = completeDraft(importerId, shipperId);
  const connectionString = orelane.database.connectionString;
  const poolSize = orelane.database.pool.options.max;

  const load = startLoadGenerator();
  cleanups.push(() => load.stop());
  const limits = { durationMs: SECONDS * 1000, maxSubmissions: MAX_SUBMISSIONS };

  // The baseline must store exactly what a submission stores: count the rows of every table around one
  // submission by each HTTP path.
  const { sealAuditLog } = await import('../src/core/audit/audit.js');
  const seal = () => sealAuditLog(orelane.database.db);
  for (const mode of ['pair', 'single'] as const) {
    const once = async () => {
      await load.run({ baseUrl, apiKey, concurrency: 1, durationMs: 30_000, maxSubmissions: 1, draft, label: `rows-${mode}`, mode });
    };
    note(await checkRowsWritten(orelane.database.pool, seal, once, mode === 'pair' ? 'one create + submit' : 'one create-and-submit request'));
  }

  // Warm-up: JIT, connection pools, plan caches; also gives a real submission to copy for the baseline. At the
  // highest level, so that every connection of Orelane's pool has prepared and run the submission's statements
  // (at C = 8 only the 8 most recently used did, and the rest started cold in the first round at C = 32).
  t = performance.now();
  const warmupConcurrency = Math.max(...LEVELS);
  for (const mode of MODES) await load.run({ baseUrl, apiKey, concurrency: warmupConcurrency, durationMs: 30_000, maxSubmissions: WARMUP_SUBMISSIONS, draft, label: `warmup-${mode}`, mode });
  const sample = await orelane.database.pool.query<{ id: string }>("select id from declarations where contract_number like 'BENCH-warmup-%' and state = 'SUBMITTED' limit 1");
  const build = await baselineInserts(orelane.database.pool, sample.rows[0]!.id);
  note(`warmed up in ${((performance.now() - t) / 1000).toFixed(1)} s; Orelane pool size ${poolSize}; levels ${LEVELS.join(', ')}; ≤ ${SECONDS} s or ${MAX_SUBMISSIONS} submissions each`);

  /**
   * Open loop at C clients: the one-request path, and the raw inserts as its baseline, each at a fixed combined
   * rate (PACED_PERCENTS of the one-request path's saturated rate), latency from each submission's due time.
   */
  async function pacedLoad(rawPool: pg.Pool, concurrency: number, saturated: number) {
    const c = `c${concurrency}`;
    if (!(saturated > 0)) throw new Error(`no saturated one-request rate at c=${concurrency} to pace from`);
    for (const percent of PACED_PERCENTS) {
      const ratePerSecond = (saturated * percent) / 100;
      const durationMs = limits.durationMs / ROUNDS;
      const max = Math.ceil((ratePerSecond * durationMs) / 1000) + 1;
      const raws: RawResult[] = [];
      const runs: LoadResult[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const label = `${c}paced${percent}r${round}`;
        raws.push(await runRaw(rawPool, concurrency, build, label, durationMs, max, ratePerSecond));
        runs.push(await load.run({ baseUrl, apiKey, concurrency, durationMs, maxSubmissions: max, draft, label: `${label}-single`, mode: 'single', ratePerSecond }));
      }
      const raw = sortedCopy(raws.flatMap((r) => r.latencies));
      const http = sortedCopy(runs.flatMap((r) => r.submit));
      const p50 = report(`declaration_one_request_paced${percent}_p50_ms_${c}`, quantile(http, 0.5), 'ms', quantile(raw, 0.5));
      const p99 = report(`declaration_one_request_paced${percent}_p99_ms_${c}`, quantile(http, 0.99), 'ms', quantile(raw, 0.99));
      const lag = (values: number[]) => Math.max(...values).toFixed(1);
      note(
        `c=${String(concurrency).padStart(2)}  paced ${percent} % of ${saturated.toFixed(1)}/s = ${ratePerSecond.toFixed(1)} submissions/s (open loop)` +
          `  | one request: ${http.length} done, p50 ${p50.value.toFixed(1)} p99 ${p99.value.toFixed(1)} ms, latest start ${lag(runs.map((r) => r.maxStartLagMs))} ms after due` +
          `  | raw: ${raw.length} done, p50 ${p50.baseline.toFixed(1)} p99 ${p99.baseline.toFixed(1)} ms, latest start ${lag(raws.map((r) => r.maxStartLagMs))} ms after due` +
          `  | p99 < ${GOAL_P99_MS} ms ${p99.value < GOAL_P99_MS ? 'met' : 'NOT met'}`,
      );
    }
  }

  for (const concurrency of LEVELS) {
    const rawPool = await openRawPool(connectionString, concurrency);
    try {
      // The raw baseline's connections are new at each level: each runs a few transactions first, unmeasured.
      await runRaw(rawPool, concurrency, build, `c${concurrency}warmup`, 30_000, concurrency * RAW_WARMUP_PER_CONNECTION);
      // Alternating short rounds, so every path sees the same mix of noise from other tenants of the machine.
      const raws: RawResult[] = [];
      const https: Record<Mode, LoadResult[]> = { pair: [], single: [] };
      const saturatedRate: Record<Mode, number> = { pair: Number.NaN, single: Number.NaN };
      for (let round = 0; round < ROUNDS; round++) {
        const label = `c${concurrency}r${round}`;
        const slice = { durationMs: limits.durationMs / ROUNDS, max: Math.ceil(limits.maxSubmissions / ROUNDS) };
        raws.push(await runRaw(rawPool, concurrency, build, label, slice.durationMs, slice.max));
        for (const mode of MODES) {
          https[mode].push(await load.run({ baseUrl, apiKey, concurrency, durationMs: slice.durationMs, maxSubmissions: slice.max, draft, label: `${label}-${mode}`, mode }));
        }
      }
      const raw = { transactions: sum(raws.map((r) => r.transactions)), elapsedMs: sum(raws.map((r) => r.elapsedMs)), latencies: raws.flatMap((r) => r.latencies) };
      const rawRate = raw.transactions / (raw.elapsedMs / 1000);
      const rawLatency = sortedCopy(raw.latencies);
      const c = `c${concurrency}`;
      const goals: string[] = [];
      for (const mode of MODES) {
        const runs = https[mode];
        const http = {
          submissions: sum(runs.map((r) => r.submissions)),
          elapsedMs: sum(runs.map((r) => r.elapsedMs)),
          create: runs.flatMap((r) => r.create),
          submit: runs.flatMap((r) => r.submit),
          pair: runs.flatMap((r) => r.pair),
          cpuMs: sum(runs.map((r) => r.cpuMs)),
        };
        const rate = http.submissions / (http.elapsedMs / 1000);
        saturatedRate[mode] = rate;
        const submit = sortedCopy(http.submit);
        const create = sortedCopy(http.create);
        const pair = sortedCopy(http.pair);
        let throughput;
        let submitP99;
        let line;
        if (mode === 'pair') {
          throughput = report(`declaration_submissions_per_s_${c}`, rate, '1/s', rawRate);
          report(`declaration_submit_p50_ms_${c}`, quantile(submit, 0.5), 'ms', quantile(rawLatency, 0.5));
          submitP99 = report(`declaration_submit_p99_ms_${c}`, quantile(submit, 0.99), 'ms', quantile(rawLatency, 0.99));
          report(`declaration_create_p99_ms_${c}`, quantile(create, 0.99), 'ms', quantile(rawLatency, 0.99));
          report(`declaration_create_submit_p99_ms_${c}`, quantile(pair, 0.99), 'ms', quantile(rawLatency, 0.99));
          line = `submit p50 ${quantile(submit, 0.5).toFixed(1)} p99 ${submitP99.value.toFixed(1)} ms, create p99 ${quantile(create, 0.99).toFixed(1)} ms, pair p99 ${quantile(pair, 0.99).toFixed(1)} ms`;
        } else {
          throughput = report(`declaration_one_request_submissions_per_s_${c}`, rate, '1/s', rawRate);
          report(`declaration_one_request_p50_ms_${c}`, quantile(submit, 0.5), 'ms', quantile(rawLatency, 0.5));
          submitP99 = report(`declaration_one_request_p99_ms_${c}`, quantile(submit, 0.99), 'ms', quantile(rawLatency, 0.99));
          line = `request p50 ${quantile(submit, 0.5).toFixed(1)} p99 ${submitP99.value.toFixed(1)} ms`;
        }
        note(
          `c=${String(concurrency).padStart(2)}  ${mode === 'pair' ? 'HTTP create + submit ' : 'HTTP create&submit  '} ${rate.toFixed(1).padStart(7)} submissions/s (${http.submissions} in ${(http.elapsedMs / 1000).toFixed(1)} s)` +
            `  raw ${rawRate.toFixed(1).padStart(7)} inserts/s (${raw.transactions})  ratio ${throughput.ratio.toFixed(3)}` +
            `  | ${line}  | raw p50 ${quantile(rawLatency, 0.5).toFixed(1)} p99 ${quantile(rawLatency, 0.99).toFixed(1)} ms` +
            `  | load generator CPU ${(http.cpuMs / Math.max(1, http.submissions)).toFixed(1)} ms/submission`,
        );
        goals.push(
          `${mode === 'pair' ? 'create + submit' : 'one request'}: throughput ≥ ${GOAL_RATIO} × raw inserts ${throughput.ratio >= GOAL_RATIO ? 'met' : 'NOT met'} (${throughput.ratio.toFixed(3)}), ` +
            `submit p99 < ${GOAL_P99_MS} ms ${submitP99.value < GOAL_P99_MS ? 'met' : 'NOT met'} (${submitP99.value.toFixed(1)} ms)`,
        );
      }
      if (DIAGNOSE || CPU_PROFILE_DIR) {
        // Separate, instrumented HTTP-only runs: their overhead stays out of the figures above.
        for (const mode of MODES) {
          const diagnosis = DIAGNOSE ? await startDiagnosis(connectionString, path.join(dir, 'pg'), `c=${concurrency} ${mode}`) : null;
          const profiler = CPU_PROFILE_DIR ? await startCpuProfile() : null;
          const run = await load.run({ baseUrl, apiKey, concurrency, durationMs: limits.durationMs / ROUNDS, maxSubmissions: Math.ceil(limits.maxSubmissions / ROUNDS), draft, label: `c${concurrency}diag-${mode}`, mode });
          if (profiler) note(await profiler.stop(path.join(CPU_PROFILE_DIR!, `declarations-c${concurrency}-${mode}.cpuprofile`)));
          if (diagnosis) note(await diagnosis.stop(run.submissions));
        }
      }
      if (concurrency === GOAL_CONCURRENCY) {
        note(`goal at c=${GOAL_CONCURRENCY}: ${goals.join('; ')}`);
        await pacedLoad(rawPool, concurrency, saturatedRate.single);
      }
    } finally {
      await rawPool.end();
    }
  }
  note(`declarations benchmark done in ${((performance.now() - startedAt) / 1000).toFixed(0)} s`);
}

main()
  .catch((error: unknown) => {
    if (signalled) return; // interrupted: the failure is the interruption's, not the benchmark's
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  })
  .finally(() => cleanUp());
