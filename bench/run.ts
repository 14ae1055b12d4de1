/**
 * `npm run bench`: runs every benchmark in sequence, each in its own process, and passes their output through:
 * one JSON line per figure on stdout ({"name","value","unit","baseline","ratio"}), progress on stderr.
 * See bench/README.md.
 *
 * Usage: npm run bench                      every benchmark
 *        npm run bench -- declarations      only the named ones
 * Exit code: non-zero when any benchmark failed (the others still run).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** In the order they run. Each file prints its own figures and cleans up after itself. */
const BENCHMARKS = [
  { name: 'declarations', file: 'declarations.ts' },
  { name: 'risk-model', file: 'risk-model.ts' },
  { name: 'risk-engine', file: 'risk-engine.ts' },
] as const;

let interrupted = false;

function runOne(file: string): Promise<number> {
  return new Promise((resolve) => {
    // The same Node and the same tsx loader flags this process runs with.
    const child = spawn(process.execPath, [...process.execArgv, path.join(HERE, file)], { stdio: ['ignore', 'inherit', 'inherit'] });
    // Ctrl-C reaches the child through the terminal's process group: wait for it to clean up, run nothing more.
    const onInterrupt = () => {
      interrupted = true;
    };
    const onTerminate = () => {
      interrupted = true;
      child.kill('SIGTERM');
    };
    process.on('SIGINT', onInterrupt);
    process.on('SIGTERM', onTerminate);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', onInterrupt);
      process.off('SIGTERM', onTerminate);
      resolve(code ?? (signal ? 128 : 1));
    });
    child.on('error', (error) => {
      process.stderr.write(`[bench] could not start ${file}: ${error.message}\n`);
      resolve(1);
    });
  });
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !BENCHMARKS.some((b) => b.name === name));
  if (unknown.length) {
    process.stderr.write(`unknown benchmark(s): ${unknown.join(', ')}; known: ${BENCHMARKS.map((b) => b.name).join(', ')}\n`);
    process.exitCode = 2;
    return;
  }
  const selected = wanted.length ? BENCHMARKS.filter((b) => wanted.includes(b.name)) : BENCHMARKS;
  const failed: string[] = [];
  for (const benchmark of selected) {
    if (interrupted) break;
    const started = performance.now();
    process.stderr.write(`[bench] ── ${benchmark.name} ──\n`);
    const code = await runOne(benchmark.file);
    const seconds = ((performance.now() - started) / 1000).toFixed(0);
    if (code === 0) process.stderr.write(`[bench] ${benchmark.name}: done in ${seconds} s\n`);
    else {
      process.stderr.write(`[bench] ${benchmark.name}: FAILED (exit ${code}) after ${seconds} s\n`);
      failed.push(benchmark.name);
    }
  }
  if (interrupted) process.stderr.write('[bench] interrupted\n');
  if (failed.length || interrupted) {
    if (failed.length) process.stderr.write(`[bench] failed: ${failed.join(', ')}\n`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
