/**
 * Small helpers shared by the benchmarks. Nothing here imports application code.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface Figure {
  name: string;
  value: number;
  unit: string;
  baseline: number;
  ratio: number;
}

const round = (x: number): number => Number(x.toPrecision(6));

/** Prints one figure as a JSON line on stdout: the only thing a benchmark writes there. */
export function report(name: string, value: number, unit: string, baseline: number): Figure {
  const figure: Figure = { name, value: round(value), unit, baseline: round(baseline), ratio: round(value / baseline) };
  process.stdout.write(`${JSON.stringify(figure)}\n`);
  return figure;
}

/** Human-readable progress: stderr, so stdout stays one JSON figure per line. */
export function note(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

/** Nearest-rank quantile of an ascending array. */
export function quantile(sorted: ArrayLike<number>, fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))]!;
}

export function sortedCopy(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

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

/**
 * A temporary directory PostgreSQL can traverse: as root the embedded PostgreSQL runs as the `postgres`
 * OS user, and mkdtemp's 0700 would lock it out of its own data directory.
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
    // best effort
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

function waitForExitSync(pid: number, timeoutMs: number): boolean {
  const deadline = Date.now() + timeoutMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    Atomics.wait(pause, 0, 0, 50);
  }
  return !isAlive(pid);
}

/**
 * Last-resort stop of a postmaster by the PID in its data directory: SIGINT (fast shutdown), then SIGQUIT,
 * then SIGKILL. Synchronous, so it also works from an 'exit' handler. Only touches the postmaster this
 * benchmark started (its own temp directory).
 */
export function stopPostmasterSync(clusterDir: string, timeoutMs = 15_000): void {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(path.join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return;
  }
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  for (const [sig, wait] of [['SIGINT', timeoutMs], ['SIGQUIT', 5_000], ['SIGKILL', 5_000]] as const) {
    try {
      process.kill(pid, sig);
    } catch {
      return;
    }
    if (waitForExitSync(pid, wait)) return;
  }
}
