/**
 * Small process/port helpers shared by the orchestrator (test/run-all.ts), the PostgreSQL clusters and the
 * browser harness. Nothing here imports application code.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** A TCP port that was free a moment ago (the OS picks it; the tiny race is acceptable for tests). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Like sleep, but does not keep the process alive (for timeouts raced against real work). */
export const idleTimeout = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Sends a signal, ignoring "no such process". */
export function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await sleep(100);
  }
  return !isAlive(pid);
}

/** Blocking variant, for process 'exit' handlers where nothing asynchronous runs any more. */
export function waitForExitSync(pid: number, timeoutMs: number): boolean {
  const deadline = Date.now() + timeoutMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    Atomics.wait(pause, 0, 0, 50);
  }
  return !isAlive(pid);
}

/** The postmaster's PID from a cluster's data directory (first line of postmaster.pid), if it is running. */
export function postmasterPid(clusterDir: string): number | null {
  try {
    const pid = Number(fs.readFileSync(path.join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : null;
  } catch {
    return null;
  }
}

/**
 * Stops a postmaster by PID: SIGINT (fast shutdown: rolls back and disconnects clients), then SIGQUIT, then
 * SIGKILL if it will not go. Synchronous, so it also works from an 'exit' handler.
 */
export function stopPostmasterSync(clusterDir: string, timeoutMs = 15_000): void {
  const pid = postmasterPid(clusterDir);
  if (!pid) return;
  signal(pid, 'SIGINT');
  if (waitForExitSync(pid, timeoutMs)) return;
  signal(pid, 'SIGQUIT');
  if (waitForExitSync(pid, 5_000)) return;
  signal(pid, 'SIGKILL');
  waitForExitSync(pid, 5_000);
}

/**
 * A temporary directory that the `postgres` OS user can traverse. When running as root, PostgreSQL runs as
 * `postgres`, and mkdtemp's 0700 would lock it out of its own data directory.
 */
export function makeTempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(dir, 0o755);
  return dir;
}

export function removeDir(dir: string): void {
  try {
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  } catch {
    // best effort: a leftover temp dir must not turn a green run red
  }
}

export const isRoot = () => process.getuid?.() === 0;

/**
 * Servers started by the browser harness register here (one JSON file per server) when run-all provides
 * ORELANE_TEST_RUN_DIR, so run-all can still stop them if a test worker dies without cleaning up.
 */
export interface RegisteredServer {
  pid: number;
  dataDir: string;
}

export function registryDir(): string | null {
  const runDir = process.env.ORELANE_TEST_RUN_DIR;
  if (!runDir) return null;
  const dir = path.join(runDir, 'servers');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

export function registerServer(entry: RegisteredServer): void {
  const dir = registryDir();
  if (dir) fs.writeFileSync(path.join(dir, `${entry.pid}.json`), JSON.stringify(entry));
}

export function unregisterServer(pid: number): void {
  const dir = registryDir();
  if (dir) fs.rmSync(path.join(dir, `${pid}.json`), { force: true });
}

/** Kills a server's whole process group (it was spawned detached), then its embedded postmaster. */
export function killServerSync(entry: RegisteredServer): void {
  try {
    process.kill(-entry.pid, 'SIGKILL');
  } catch {
    signal(entry.pid, 'SIGKILL');
  }
  stopPostmasterSync(path.join(entry.dataDir, 'pg'), 5_000);
}

export function reapRegisteredServers(runDir: string): number {
  const dir = path.join(runDir, 'servers');
  if (!fs.existsSync(dir)) return 0;
  let reaped = 0;
  for (const file of fs.readdirSync(dir)) {
    try {
      const entry = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as RegisteredServer;
      killServerSync(entry);
      removeDir(entry.dataDir);
      reaped += 1;
    } catch {
      // ignore a half-written entry
    }
    fs.rmSync(path.join(dir, file), { force: true });
  }
  return reaped;
}
