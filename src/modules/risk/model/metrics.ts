/**
 * Ranking metrics for inspection targeting. Pure functions: scores in, numbers out.
 * Ranking is by score descending with ties broken by declaration ID ascending, so a
 * report is reproducible even when many declarations share a score.
 */

export interface RankedInput {
  ids: readonly string[];
  scores: ArrayLike<number>;
  labels: ArrayLike<number>;
}

export interface InspectionRateResult {
  /** Fraction of declarations inspected, e.g. 0.05. */
  rate: number;
  /** Declarations inspected: floor(rate × rows). */
  inspected: number;
  frauds: number;
  /** frauds / inspected; null when nothing is inspected. */
  precision: number | null;
  /** frauds / all frauds; null when there are no frauds. */
  recall: number | null;
}

export interface RankingEvaluation {
  rows: number;
  positives: number;
  positiveRate: number | null;
  /** Area under the ROC curve, ties counted as half; null without both classes. */
  auc: number | null;
  atRates: InspectionRateResult[];
}

export const DEFAULT_INSPECTION_RATES: readonly number[] = [0.01, 0.02, 0.05, 0.1];

const DIGITS_ONLY = /^\d+$/;

/** Numeric order for all-digit IDs (declaration numbers), code-unit order otherwise. */
export function compareDeclarationIds(left: string, right: string): number {
  if (DIGITS_ONLY.test(left) && DIGITS_ONLY.test(right)) {
    const a = left.replace(/^0+(?=\d)/, '');
    const b = right.replace(/^0+(?=\d)/, '');
    if (a.length !== b.length) return a.length - b.length;
    if (a !== b) return a < b ? -1 : 1;
  }
  return left === right ? 0 : left < right ? -1 : 1;
}

/** Row indices in inspection order: score descending, then declaration ID ascending. */
export function rankForInspection(ids: readonly string[], scores: ArrayLike<number>): number[] {
  const order = Array.from({ length: ids.length }, (_, index) => index);
  order.sort((a, b) => {
    const scoreA = scores[a];
    const scoreB = scores[b];
    if (scoreA !== scoreB) return scoreB > scoreA ? 1 : -1;
    return compareDeclarationIds(ids[a], ids[b]);
  });
  return order;
}

export function precisionRecallAtRates(
  input: RankedInput,
  rates: readonly number[] = DEFAULT_INSPECTION_RATES,
): InspectionRateResult[] {
  assertAligned(input);
  const order = rankForInspection(input.ids, input.scores);
  const totalPositives = countPositives(input.labels);
  return rates.map((rate) => {
    const inspected = Math.floor(rate * order.length);
    let frauds = 0;
    for (let position = 0; position < inspected; position++) {
      if (input.labels[order[position]] === 1) frauds += 1;
    }
    return {
      rate,
      inspected,
      frauds,
      precision: inspected > 0 ? frauds / inspected : null,
      recall: totalPositives > 0 ? frauds / totalPositives : null,
    };
  });
}

/** Mann–Whitney AUC with mid-ranks, so tied scores contribute one half. */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number | null {
  const count = scores.length;
  const order = Array.from({ length: count }, (_, index) => index).sort((a, b) => scores[a] - scores[b]);
  let positives = 0;
  let positiveRankSum = 0;
  let start = 0;
  while (start < count) {
    let end = start;
    while (end + 1 < count && scores[order[end + 1]] === scores[order[start]]) end += 1;
    const midRank = (start + end) / 2 + 1;
    for (let position = start; position <= end; position++) {
      if (labels[order[position]] === 1) {
        positives += 1;
        positiveRankSum += midRank;
      }
    }
    start = end + 1;
  }
  const negatives = count - positives;
  if (positives === 0 || negatives === 0) return null;
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export function evaluateRanking(
  input: RankedInput,
  rates: readonly number[] = DEFAULT_INSPECTION_RATES,
): RankingEvaluation {
  assertAligned(input);
  const positives = countPositives(input.labels);
  const rows = input.ids.length;
  return {
    rows,
    positives,
    positiveRate: rows > 0 ? positives / rows : null,
    auc: rocAuc(input.scores, input.labels),
    atRates: precisionRecallAtRates(input, rates),
  };
}

function countPositives(labels: ArrayLike<number>): number {
  let positives = 0;
  for (let index = 0; index < labels.length; index++) if (labels[index] === 1) positives += 1;
  return positives;
}

function assertAligned(input: RankedInput): void {
  if (input.scores.length !== input.ids.length || input.labels.length !== input.ids.length) {
    throw new Error(
      `ids (${input.ids.length}), scores (${input.scores.length}) and labels (${input.labels.length}) must align`,
    );
  }
}
