import { DEFAULT_INSPECTION_RATES, evaluateRanking, type RankingEvaluation } from '../metrics.js';
import type { CustomsDeclaration } from './declaration.js';
import { massPriceKey } from './featureSpecs.js';

export interface HeldOutReport {
  all: RankingEvaluation;
  /** Rows whose (Net Mass, Item Price) pair never occurs in training: memorisation cannot help. */
  unseenPairs: RankingEvaluation;
}

/** true for each held-out declaration whose (Net Mass, Item Price) pair is absent from training. */
export function unseenPairMask(
  training: readonly CustomsDeclaration[],
  heldOut: readonly CustomsDeclaration[],
): boolean[] {
  const trainingPairs = new Set(training.map(massPriceKey));
  return heldOut.map((declaration) => !trainingPairs.has(massPriceKey(declaration)));
}

export function evaluateHeldOut(
  heldOut: readonly CustomsDeclaration[],
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  unseenPair: readonly boolean[],
  rates: readonly number[] = DEFAULT_INSPECTION_RATES,
): HeldOutReport {
  const ids = heldOut.map((declaration) => declaration.declarationId);
  const subset = heldOut.flatMap((_, index) => (unseenPair[index] ? [index] : []));
  return {
    all: evaluateRanking({ ids, scores, labels }, rates),
    unseenPairs: evaluateRanking(
      {
        ids: subset.map((index) => ids[index]),
        scores: subset.map((index) => scores[index]),
        labels: subset.map((index) => labels[index]),
      },
      rates,
    ),
  };
}

function formatMetric(value: number | null): string {
  return value === null ? '   n/a' : value.toFixed(4);
}

/** Fixed-width text table: one row per subset and inspection rate. */
export function formatHeldOutReport(report: HeldOutReport): string {
  const lines = [
    'subset        rows   frauds  rate   k      hits   precision  recall   AUC',
    '------------  -----  ------  -----  -----  -----  ---------  ------   ------',
  ];
  const subsets: [string, RankingEvaluation][] = [
    ['all rows', report.all],
    ['unseen pairs', report.unseenPairs],
  ];
  for (const [name, evaluation] of subsets) {
    for (const result of evaluation.atRates) {
      lines.push(
        [
          name.padEnd(12),
          String(evaluation.rows).padStart(5),
          String(evaluation.positives).padStart(6),
          `${(result.rate * 100).toFixed(0)} %`.padStart(5),
          String(result.inspected).padStart(5),
          String(result.frauds).padStart(5),
          formatMetric(result.precision).padStart(9),
          formatMetric(result.recall).padStart(6),
          formatMetric(evaluation.auc).padStart(8),
        ].join('  '),
      );
    }
  }
  return lines.join('\n');
}
