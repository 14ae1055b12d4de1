/**
 * Where the time of an HTTP request goes, for bench/declarations.ts with BENCH_DIAGNOSE=1 (stderr only;
 * it adds its own overhead, so its runs are not the benchmark's figures):
 *   - per route: server time, number of SQL statements, time inside them, time waiting for a pooled connection;
 *   - per statement kind: count per request and mean time;
 *   - PostgreSQL backends sampled from pg_stat_activity: running, waiting for a lock (and on which statement),
 *     waiting for WAL flush, or idle in a transaction waiting for Node;
 *   - CPU time per submission of the Orelane process and of PostgreSQL (Linux /proc).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';

interface RequestStats {
  route: string;
  queries: number;
  queryMs: number;
  poolWaitMs: number;
}

interface RouteTotals {
  requests: number;
  serverMs: number;
  queries: number;
  queryMs: number;
  poolWaitMs: number;
  serverTimes: number[];
}

const requestStore = new AsyncLocalStorage<RequestStats>();
let recording = false;
const routes = new Map<string, RouteTotals>();
const statements = new Map<string, { count: number; ms: number; byRoute: Map<string, number> }>();

/** "select declarations for update", "insert audit_log", "begin", … */
function statementKind(text: string): string {
  const sql = text.replace(/\s+/g, ' ').trim().toLowerCase();
  const verb = /^(select|insert into|update|delete from|begin|commit|rollback|savepoint|release savepoint|with)\b/.exec(sql)?.[1] ?? sql.slice(0, 20);
  let table = '';
  if (verb === 'select' || verb === 'with') table = /\bfrom "?([\w.]+)"?/.exec(sql)?.[1] ?? /nextval\('([\w.]+)'/.exec(sql)?.[1] ?? '';
  else if (verb !== 'begin' && verb !== 'commit' && verb !== 'rollback') table = /^(?:insert into|update|delete from) "?([\w.]+)"?/.exec(sql)?.[1] ?? '';
  return `${verb.replace(' into', '').replace(' from', '')}${table ? ` ${table}` : ''}${/\bfor update\b/.test(sql) ? ' for update' : ''}`;
}

/**
 * Statements of the auth hook lose the request's async context (drizzle's query objects are thenables, and
 * the API-key check is the first thing awaited in the hook), so they are listed under this name.
 */
const UNATTRIBUTED = 'auth hook';
const excluded = new WeakSet<object>();

function recordStatement(stats: RequestStats | undefined, kind: string, ms: number) {
  if (!recording) return;
  if (stats) {
    stats.queries += 1;
    stats.queryMs += ms;
  }
  const route = stats?.route ?? UNATTRIBUTED;
  const entry = statements.get(kind) ?? { count: 0, ms: 0, byRoute: new Map<string, number>() };
  entry.count += 1;
  entry.ms += ms;
  entry.byRoute.set(route, (entry.byRoute.get(route) ?? 0) + 1);
  statements.set(kind, entry);
}

let patched = false;

/** Times every statement sent by any pg.Client in this process (Orelane's pool included). */
function patchPgClient() {
  if (patched) return;
  patched = true;
  const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  (pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }).query = function (this: pg.Client, ...args: unknown[]) {
    if (excluded.has(this)) return original.apply(this, args);
    const config = args[0] as string | { text?: string };
    const text = typeof config === 'string' ? config : (config?.text ?? '');
    const started = performance.now();
    const kind = statementKind(text);
    // Taken now: a callback runs in the context of the connection's socket, not of the request.
    const stats = requestStore.getStore();
    const callbackAt = typeof args[1] === 'function' ? 1 : typeof args[2] === 'function' ? 2 : -1;
    if (callbackAt >= 0) {
      const callback = args[callbackAt] as (...a: unknown[]) => unknown;
      args[callbackAt] = (...a: unknown[]) => {
        recordStatement(stats, kind, performance.now() - started);
        return callback(...a);
      };
      return original.apply(this, args);
    }
    const result = original.apply(this, args) as Promise<unknown> | undefined;
    if (result && typeof result.then === 'function') {
      result.then(
        () => recordStatement(stats, kind, performance.now() - started),
        () => recordStatement(stats, kind, performance.now() - started),
      );
    }
    return result;
  };
}

/** Times waits for a pooled connection on this pool instance. */
function patchPool(pool: pg.Pool) {
  const original = pool.connect.bind(pool) as (cb?: (...a: unknown[]) => void) => unknown;
  (pool as unknown as { connect: (cb?: (...a: unknown[]) => void) => unknown }).connect = (cb?: (...a: unknown[]) => void) => {
    const started = performance.now();
    const stats = requestStore.getStore();
    const done = () => {
      if (recording && stats) stats.poolWaitMs += performance.now() - started;
    };
    if (typeof cb === 'function') {
      // The pool may hand over a connection from another request's release: keep this caller's context.
      const callback = AsyncLocalStorage.bind(cb);
      return original((...a: unknown[]) => {
        done();
        callback(...a);
      });
    }
    const result = original() as Promise<unknown>;
    result.then(done, done);
    return result;
  };
}

/** Call before app.listen(): adds the per-request hooks and patches pg. */
export function instrumentServer(app: FastifyInstance, pool: pg.Pool) {
  patchPgClient();
  patchPool(pool);
  // After body parsing, so the store follows the request into the auth hook and the handler.
  app.addHook('preValidation', (request, _reply, done) => {
    const route = `${request.method} ${request.routeOptions.url ?? request.url}`;
    const stats: RequestStats = { route, queries: 0, queryMs: 0, poolWaitMs: 0 };
    (request as unknown as { benchStats: RequestStats }).benchStats = stats;
    requestStore.run(stats, done);
  });
  app.addHook('onResponse', (request, reply, done) => {
    const stats = (request as unknown as { benchStats?: RequestStats }).benchStats;
    if (recording && stats) {
      const totals = routes.get(stats.route) ?? { requests: 0, serverMs: 0, queries: 0, queryMs: 0, poolWaitMs: 0, serverTimes: [] };
      totals.requests += 1;
      totals.serverMs += reply.elapsedTime;
      totals.serverTimes.push(reply.elapsedTime);
      totals.queries += stats.queries;
      totals.queryMs += stats.queryMs;
      totals.poolWaitMs += stats.poolWaitMs;
      routes.set(stats.route, totals);
    }
    done();
  });
}

// ---------------------------------------------------------------------------------------------------------

/** CPU seconds (user + system) of the postmaster and every process it started, from /proc. */
function postgresCpuTicks(clusterDir: string): Map<number, number> {
  const ticks = new Map<number, number>();
  let postmaster: number;
  try {
    postmaster = Number(fs.readFileSync(path.join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return ticks;
  }
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ppid = Number(fields[1]);
      const pid = Number(entry);
      if (pid !== postmaster && ppid !== postmaster) continue;
      ticks.set(pid, Number(fields[11]) + Number(fields[12]));
    } catch {
      // the process ended meanwhile
    }
  }
  return ticks;
}

export interface Diagnosis {
  stop(submissions: number): Promise<string>;
}

/** Starts recording; stop() returns the report for the given number of submissions. */
export async function startDiagnosis(connectionString: string, clusterDir: string, label: string): Promise<Diagnosis> {
  routes.clear();
  statements.clear();
  const sampler = new pg.Client({ connectionString });
  excluded.add(sampler);
  sampler.on('error', () => {});
  await sampler.connect();
  const states = new Map<string, number>();
  const waitingOn = new Map<string, number>();
  let samples = 0;
  let sampling = true;
  const loop = (async () => {
    while (sampling) {
      const result = await sampler.query<{ state: string | null; wait: string | null; query: string }>(
        `select state, wait_event_type || ':' || wait_event as wait, left(query, 200) as query
           from pg_stat_activity
          where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'`,
      );
      samples += 1;
      for (const row of result.rows) {
        const key = `${row.state ?? '?'}${row.wait ? ` / ${row.wait}` : ''}`;
        states.set(key, (states.get(key) ?? 0) + 1);
        if (row.wait?.startsWith('Lock:')) {
          const what = `${row.wait} ← ${statementKind(row.query)}`;
          waitingOn.set(what, (waitingOn.get(what) ?? 0) + 1);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  const cpuBefore = process.cpuUsage();
  const pgBefore = postgresCpuTicks(clusterDir);
  const elu = performance.eventLoopUtilization();
  const wallStart = performance.now();
  recording = true;

  return {
    async stop(submissions: number) {
      recording = false;
      const wallMs = performance.now() - wallStart;
      const cpu = process.cpuUsage(cpuBefore);
      const pgAfter = postgresCpuTicks(clusterDir);
      const loopUse = performance.eventLoopUtilization(elu).utilization;
      sampling = false;
      await loop;
      await sampler.end();
      let pgTicks = 0;
      for (const [pid, after] of pgAfter) pgTicks += after - (pgBefore.get(pid) ?? 0);
      const per = (x: number) => (submissions ? x / submissions : Number.NaN);
      const lines: string[] = [`diagnosis ${label}: ${submissions} submissions in ${(wallMs / 1000).toFixed(1)} s`];
      lines.push(
        `  CPU per submission: Orelane process ${per((cpu.user + cpu.system) / 1000).toFixed(1)} ms (event loop busy ${(loopUse * 100).toFixed(0)} %), ` +
          `PostgreSQL ${per(pgTicks * 10).toFixed(1)} ms (${((pgTicks * 10) / wallMs).toFixed(2)} cores)`,
      );
      // The auth hook's statements are not attributed to a route; every request runs the same ones.
      let authStatements = 0;
      let authMs = 0;
      for (const s of statements.values()) {
        const n = s.byRoute.get(UNATTRIBUTED) ?? 0;
        authStatements += n;
        authMs += (s.ms / s.count) * n;
      }
      const requests = [...routes.values()].reduce((sum, t) => sum + t.requests, 0);
      const authPerRequest = requests ? authMs / requests : 0;
      lines.push(`  auth hook (every request): ${(requests ? authStatements / requests : 0).toFixed(1)} SQL statements taking ${authPerRequest.toFixed(1)} ms`);
      for (const [route, t] of [...routes].sort()) {
        const sorted = Float64Array.from(t.serverTimes).sort();
        lines.push(
          `  ${route}: ${t.requests} requests; server time mean ${(t.serverMs / t.requests).toFixed(1)} ms, p99 ${sorted[Math.ceil(0.99 * sorted.length) - 1]!.toFixed(1)} ms; ` +
            `auth hook ~${authPerRequest.toFixed(1)} ms; then ${(t.queries / t.requests).toFixed(1)} SQL statements taking ${(t.queryMs / t.requests).toFixed(1)} ms, ` +
            `pool wait ${(t.poolWaitMs / t.requests).toFixed(1)} ms, rest (JS, event-loop queueing) ${((t.serverMs - t.queryMs - t.poolWaitMs) / t.requests - authPerRequest).toFixed(1)} ms`,
        );
      }
      lines.push('  SQL statements per submission (count, mean ms, by route):');
      for (const [kind, s] of [...statements].sort((a, b) => b[1].ms - a[1].ms)) {
        const where = [...s.byRoute].map(([r, n]) => `${r.replace('/api/v1', '')} ${per(n).toFixed(1)}`).join(', ');
        lines.push(`    ${per(s.count).toFixed(1).padStart(5)} × ${(s.ms / s.count).toFixed(2).padStart(6)} ms  ${kind}   [${where}]`);
      }
      lines.push(`  PostgreSQL backends (mean number, ${samples} samples of pg_stat_activity):`);
      for (const [state, n] of [...states].sort((a, b) => b[1] - a[1])) lines.push(`    ${(n / samples).toFixed(2).padStart(6)}  ${state}`);
      if (waitingOn.size) {
        lines.push('  lock waits by waiting statement (mean number of backends):');
        for (const [what, n] of [...waitingOn].sort((a, b) => b[1] - a[1])) lines.push(`    ${(n / samples).toFixed(2).padStart(6)}  ${what}`);
      }
      return lines.join('\n');
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// CPU profile of the Orelane process (the one this code runs in), via the inspector protocol.

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Where a sample's own time belongs: an npm package, a source folder, a Node built-in, GC or idle. */
function profileCategory(frame: ProfileNode['callFrame']): string {
  const { url, functionName } = frame;
  if (!url) return functionName === '(garbage collector)' ? 'GC' : functionName === '(idle)' ? 'idle' : functionName === '(program)' ? 'V8/native (program)' : `native: ${functionName}`;
  const npm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (npm) return `npm ${npm[1]}`;
  if (url.includes('/src/')) return `src/${url.split('/src/')[1]!.split('/').slice(0, -1).join('/')}`;
  if (url.startsWith('node:')) return `node: ${url.slice(5).split('/')[0]}`;
  return url.replace(/^.*\/bench\//, 'bench/');
}

export function summariseProfile(profile: CpuProfile, top = 15): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const categories = new Map<string, number>();
  const functions = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    const frame = byId.get(id)!.callFrame;
    total += dt;
    const category = profileCategory(frame);
    categories.set(category, (categories.get(category) ?? 0) + dt);
    if (category !== 'idle') {
      const name = `${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*\/(node_modules|src|bench)\//, '$1/')}:${frame.lineNumber + 1}`;
      functions.set(name, (functions.get(name) ?? 0) + dt);
    }
  });
  const pct = (x: number) => `${((100 * x) / total).toFixed(1).padStart(5)} %`;
  const lines = [`  CPU profile of the Orelane process (${(total / 1e6).toFixed(1)} s), self time by package:`];
  for (const [name, t] of [...categories].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`    ${pct(t)}  ${name}`);
  lines.push('  hottest functions (self time):');
  for (const [name, t] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`    ${pct(t)}  ${name}`);
  return lines.join('\n');
}

/** Starts the V8 profiler in this process; stop() writes the .cpuprofile (open it in Chrome DevTools) and summarises it. */
export async function startCpuProfile(): Promise<{ stop(file: string): Promise<string> }> {
  const inspector = await import('node:inspector');
  const session = new inspector.Session();
  session.connect();
  const post = <T>(method: string, params?: object) =>
    new Promise<T>((resolve, reject) => session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result as T))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 500 });
  await post('Profiler.start');
  return {
    async stop(file: string) {
      const { profile } = await post<{ profile: CpuProfile }>('Profiler.stop');
      session.disconnect();
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify(profile));
      return `${summariseProfile(profile)}\n  profile written to ${file}`;
    },
  };
}
