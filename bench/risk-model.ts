/**
 * Risk-model benchmark on the KCS customs dataset. Prints one JSON line per figure:
 *   {"name","value","unit","baseline","ratio"}
 * Every baseline is measured in the same run, so ratios compare like with like on any machine:
 *   - training time vs. parsing the training CSV;
 *   - scoring throughput vs. CSV parsing throughput;
 *   - per-declaration score latency vs. encoding the features alone (the history look-ups).
 *
 * Usage: npx tsx bench/risk-model.ts [dataset-dir]
 * Dataset dir: the argument, else $ORELANE_RISK_DATASET_DIR, else shared/ beside the repository.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDeclarationsCsv } from '../src/modules/risk/model/customs/declaration.js';
import { trainRiskModel } from '../src/modules/risk/model/riskModel.js';

const TRAIN_FILE = 'df_syn_train_eng.csv';
const VALID_FILE = 'df_syn_valid_eng.csv';

function datasetDirectory(): string {
  const repository = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const candidates = [
    process.argv[2],
    process.env.ORELANE_RISK_DATASET_DIR,
    join(repository, '..', 'shared', 'datasets', 'customs-declarations'),
    '/work/shared/datasets/customs-declarations',
  ].filter((candidate): candidate is string => Boolean(candidate));
  const found = candidates.find((candidate) => existsSync(join(candidate, TRAIN_FILE)));
  if (!found) throw new Error(`customs dataset not found; looked in: ${candidates.join(', ')}`);
  return found;
}

function report(name: string, value: number, unit: string, baseline: number): void {
  const round = (x: number): number => Number(x.toPrecision(6));
  const figure = { name, value: round(value), unit, baseline: round(baseline), ratio: round(value / baseline) };
  process.stdout.write(`${JSON.stringify(figure)}\n`);
}

function quantile(sorted: Float64Array, fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))];
}

/** Per-call latency in microseconds over every declaration, after one warm-up pass. */
function latencies<T>(items: readonly T[], call: (item: T) => unknown): Float64Array {
  for (const item of items) call(item);
  const timings = new Float64Array(items.length);
  items.forEach((item, index) => {
    const started = performance.now();
    call(item);
    timings[index] = (performance.now() - started) * 1000;
  });
  return timings.sort();
}

async function main(): Promise<void> {
  const directory = datasetDirectory();
  const trainText = await readFile(join(directory, TRAIN_FILE), 'utf8');
  const validText = await readFile(join(directory, VALID_FILE), 'utf8');

  // Warm the parser once so the baseline is not dominated by JIT compilation.
  parseDeclarationsCsv(validText, { requireLabels: true });
  let started = performance.now();
  const training = parseDeclarationsCsv(trainText, { requireLabels: true });
  const parseSeconds = (performance.now() - started) / 1000;
  const labels = training.labels;
  if (!labels) throw new Error('training file has no Fraud column');

  started = performance.now();
  const model = trainRiskModel(training.declarations, labels);
  const trainSeconds = (performance.now() - started) / 1000;
  report('risk_model.train_seconds.full_train_split', trainSeconds, 's', parseSeconds);

  const validation = parseDeclarationsCsv(validText, { requireLabels: false });
  started = performance.now();
  parseDeclarationsCsv(validText, { requireLabels: false });
  const parseRowsPerSecond = validation.declarations.length / ((performance.now() - started) / 1000);
  model.scoreDeclarations(validation.declarations);
  started = performance.now();
  model.scoreDeclarations(validation.declarations);
  const scoreRowsPerSecond = validation.declarations.length / ((performance.now() - started) / 1000);
  report('risk_model.score_throughput.batch', scoreRowsPerSecond, 'rows/s', parseRowsPerSecond);

  const encodeOnly = latencies(validation.declarations, (declaration) => model.encodeDeclaration(declaration));
  const scoreOne = latencies(validation.declarations, (declaration) => model.scoreDeclaration(declaration));
  report('risk_model.score_latency.median', quantile(scoreOne, 0.5), 'us', quantile(encodeOnly, 0.5));
  report('risk_model.score_latency.p99', quantile(scoreOne, 0.99), 'us', quantile(encodeOnly, 0.99));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
