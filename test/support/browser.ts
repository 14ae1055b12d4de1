/**
 * Browser-test harness: real Orelane servers started like `npm start` (tsx src/main.ts in a child process,
 * embedded PostgreSQL in a temp data dir, demo data on) and chromium driven by playwright-core.
 *
 *   const server = await startServer();            // waits for GET /api/health = 200
 *   const browser = await launchBrowser();          // fails with an install hint if chromium is missing
 *   const page = await browser.newPage();
 *   await signInViaApi(page, server, 'importer', DEMO_PASSWORD);
 *   await page.goto(server.url);
 *   await screenshot(page, 'importer-home');        // test-results/screenshots/importer-home.png
 *   ...
 *   afterAll(cleanupBrowserHarness);                // closes browsers, stops servers, removes temp dirs
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import {
  freePort,
  isAlive,
  killServerSync,
  makeTempDir,
  postmasterPid,
  registerServer,
  removeDir,
  sleep,
  unregisterServer,
} from './processes.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-results', 'screenshots');
export const CHROMIUM_PATH = process.env.ORELANE_TEST_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_INSTALL_HINT =
  `Chromium was not found at ${CHROMIUM_PATH}. The browser tests drive it through playwright-core: ` +
  'install it with `apt-get install -y chromium` (as root), or set ORELANE_TEST_CHROMIUM to a chromium binary.';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

export function requireChromium(): string {
  try {
    fs.accessSync(CHROMIUM_PATH, fs.constants.X_OK);
    return CHROMIUM_PATH;
  } catch {
    throw new Error(CHROMIUM_INSTALL_HINT);
  }
}

const browsers = new Set<Browser>();

export async function launchBrowser(): Promise<Browser> {
  const executablePath = requireChromium();
  const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
  browsers.add(browser);
  browser.on('disconnected', () => browsers.delete(browser));
  return browser;
}

/** Saves a full-page PNG under test-results/screenshots/ and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Collects uncaught page errors and console errors, to assert a journey ran without any. Chromium's own
 * "Failed to load resource: … 401/404" lines are HTTP answers the app handles (e.g. probing GET /api/v1/session
 * before sign-in), not script errors: they are left out unless includeFailedRequests is set.
 */
export function collectPageErrors(page: Page, options: { includeFailedRequests?: boolean } = {}): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    if (!options.includeFailedRequests && message.text().startsWith('Failed to load resource')) return;
    errors.push(`console.error: ${message.text()}`);
  });
  return errors;
}

/** Signs in through the API from the page's browser context, so the page shares the session cookie. */
export async function signInViaApi(page: Page, server: OrelaneServer, username: string, password: string) {
  const response = await page.request.post(`${server.url}/api/v1/session`, { data: { username, password } });
  if (response.status() !== 200) throw new Error(`sign-in as ${username} failed: ${response.status()} ${await response.text()}`);
  return (await response.json()) as { username: string; csrfToken: string; roles: string[] };
}

export interface ServerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set by stop(): the process had to be killed because it did not exit in time. */
  timedOut?: boolean;
  /** Set by stop(): the embedded postmaster was still running after the server exited. */
  postmasterLeftRunning?: boolean;
}

export interface OrelaneServer {
  url: string;
  port: number;
  dataDir: string;
  /** PID of the tsx launcher (what `npm start` runs); signals sent to it reach the server. */
  pid: number;
  /** stdout + stderr so far. */
  output(): string;
  /** The pino JSON log lines so far. */
  logs(): Array<{ level: number; msg?: string; [key: string]: unknown }>;
  running(): boolean;
  exited: Promise<ServerExit>;
  /** Resolves when the process exits, or rejects after timeoutMs. */
  waitForExit(timeoutMs?: number): Promise<ServerExit>;
  /** Sends `signal` (default SIGINT, like Ctrl-C) and waits; kills the process group if it hangs. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<ServerExit>;
}

export interface StartServerOptions {
  /** Defaults to a fresh temp dir, removed by cleanupBrowserHarness(). */
  dataDir?: string;
  /** Extra environment (e.g. LOG_LEVEL, ORELANE_LOGIN_MAX_FAILURES). Demo data is on unless ORELANE_DEMO is given. */
  env?: Record<string, string | undefined>;
  /** Wait for GET /api/health = 200 (default). With false, returns as soon as the process is spawned. */
  waitForHealth?: boolean;
  /** Generous: the first start may build the web UI and initialise a cluster. */
  startTimeoutMs?: number;
}

const servers = new Set<{ pid: number; dataDir: string; handle: OrelaneServer }>();
const tempDirs = new Set<string>();

/** A temp data dir the postgres OS user can reach (when running as root), removed by cleanupBrowserHarness(). */
export function makeDataDir(): string {
  const dir = makeTempDir('orelane-data-');
  tempDirs.add(dir);
  return dir;
}

const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');

export async function startServer(options: StartServerOptions = {}): Promise<OrelaneServer> {
  const dataDir = options.dataDir ?? makeDataDir();
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env };
  // What `npm start` sees in a clean shell: none of the test runner's or a developer's database settings.
  for (const name of Object.keys(env)) {
    if (name === 'DATABASE_URL' || name.startsWith('ORELANE_') || name.startsWith('VITEST')) delete env[name];
  }
  if (env.NODE_ENV === 'test') delete env.NODE_ENV;
  Object.assign(env, {
    PORT: String(port),
    HOST: '127.0.0.1',
    ORELANE_DATA_DIR: dataDir,
    ORELANE_DEMO: '1',
    LOG_LEVEL: 'info',
    ...options.env,
  });
  const child = spawn(process.execPath, [tsxCli, 'src/main.ts'], {
    cwd: REPO_ROOT,
    env,
    detached: true, // own process group: cleanup can kill the launcher, the server and its postmaster together
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid!;
  registerServer({ pid, dataDir });
  let output = '';
  const echo = process.env.ORELANE_TEST_SERVER_LOGS === '1';
  const collect = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    if (echo) process.stderr.write(`[server ${port}] ${chunk.toString('utf8')}`);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  let exit: ServerExit | null = null;
  const exited = new Promise<ServerExit>((resolve) => {
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      unregisterServer(pid);
      resolve(exit);
    });
  });
  // Let the output streams drain before anyone reads output() after an exit.
  const settled = exited.then(async (result) => {
    await sleep(50);
    return result;
  });

  const url = `http://127.0.0.1:${port}`;
  const waitForExit = async (timeoutMs = 60_000) => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the server (pid ${pid}) did not exit within ${timeoutMs} ms\n${tail(output)}`)), timeoutMs);
    });
    try {
      return await Promise.race([settled, timeout]);
    } finally {
      clearTimeout(timer);
    }
  };
  const entry = { pid, dataDir, handle: undefined as unknown as OrelaneServer };
  const handle: OrelaneServer = {
    url,
    port,
    dataDir,
    pid,
    output: () => output,
    logs: () => parseLogs(output),
    running: () => exit === null,
    exited: settled,
    waitForExit,
    async stop(sig = 'SIGINT', timeoutMs = 60_000) {
      if (exit) return { ...exit };
      child.kill(sig);
      let result: ServerExit;
      try {
        result = { ...(await waitForExit(timeoutMs)) };
      } catch {
        killServerSync({ pid, dataDir });
        result = { ...(await settled), timedOut: true };
      }
      const leftover = postmasterPid(path.join(dataDir, 'pg'));
      result.postmasterLeftRunning = leftover !== null;
      if (leftover !== null) killServerSync({ pid, dataDir });
      servers.delete(entry);
      return result;
    },
  };
  entry.handle = handle;
  servers.add(entry);

  if (options.waitForHealth !== false) {
    const deadline = Date.now() + (options.startTimeoutMs ?? 240_000);
    for (;;) {
      const early = exit as ServerExit | null; // assigned by the 'exit' listener
      if (early) {
        await settled;
        throw new Error(`the server exited during start-up (code ${early.code}, signal ${early.signal}):\n${tail(output)}`);
      }
      try {
        const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2_000) });
        if (response.status === 200) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        await handle.stop('SIGKILL', 5_000);
        throw new Error(`the server did not answer GET /api/health within ${options.startTimeoutMs ?? 240_000} ms:\n${tail(output)}`);
      }
      await sleep(250);
    }
  }
  return handle;
}

/** Closes browsers, stops (SIGINT, then SIGKILL) servers still running, removes temp data dirs. Use in afterAll. */
export async function cleanupBrowserHarness(): Promise<void> {
  await Promise.all([...browsers].map((browser) => browser.close().catch(() => {})));
  await Promise.all([...servers].map((entry) => entry.handle.stop('SIGINT', 30_000).catch(() => {})));
  for (const dir of tempDirs) removeDir(dir);
  tempDirs.clear();
}

// If the worker exits without cleanup (a crash, a timeout), do not leave servers or postmasters behind.
process.on('exit', () => {
  for (const entry of servers) if (isAlive(entry.pid) || postmasterPid(path.join(entry.dataDir, 'pg'))) killServerSync(entry);
  for (const dir of tempDirs) removeDir(dir);
});

function parseLogs(output: string) {
  const lines: Array<{ level: number; msg?: string; [key: string]: unknown }> = [];
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const parsed = JSON.parse(line);
      if (typeof parsed?.level === 'number') lines.push(parsed);
    } catch {
      // a partial line
    }
  }
  return lines;
}

function tail(text: string, max = 6000): string {
  return text.length > max ? `…${text.slice(-max)}` : text;
}

/**
 * A private copy of the built web UI for this file's server. The server serves the files web/dist held when it
 * started (@fastify/static, wildcard off): a rebuild of web/dist during the run (another `npm test`, a
 * `vite build` in the same checkout) would otherwise leave it serving an index.html whose script is gone.
 * Returns undefined when there is no complete build to copy: the server then builds and serves web/dist itself.
 */
export async function snapshotWebDist(): Promise<string | undefined> {
  const source = path.join(REPO_ROOT, 'web', 'dist');
  for (let attempt = 0; attempt < 20; attempt++) {
    if (!fs.existsSync(path.join(source, 'index.html'))) return undefined;
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'orelane-web-dist-'));
    try {
      fs.cpSync(source, copy, { recursive: true });
      const html = fs.readFileSync(path.join(copy, 'index.html'), 'utf8');
      const assets = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((match) => match[1]!);
      if (assets.length > 0 && assets.every((asset) => fs.existsSync(path.join(copy, asset)))) return copy;
    } catch {
      // copied in the middle of a rebuild
    }
    fs.rmSync(copy, { recursive: true, force: true });
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return undefined;
}
