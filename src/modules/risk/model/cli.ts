import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { formatCsv } from './csv.js';
import { DECLARATION_ID_COLUMN, parseDeclarationsCsv } from './customs/declaration.js';
import { evaluateHeldOut, formatHeldOutReport, unseenPairMask } from './customs/heldOutEvaluation.js';
import { loadRiskModel, saveRiskModel, trainRiskModel } from './riskModel.js';

export interface TrainCommandOptions {
  /** Labelled training CSV (needs a Fraud column). */
  train: string;
  /** Optional labelled CSV to evaluate on after training. */
  valid?: string;
  /** Where to write the model JSON. */
  out: string;
}

export interface ScoreCommandOptions {
  model: string;
  /** Declarations CSV; label columns are not needed. */
  input: string;
  /** Output CSV with header `Declaration ID,score`. */
  out: string;
}

export async function trainCommand(options: TrainCommandOptions): Promise<void> {
  const trainingText = await readFile(options.train, 'utf8');
  const training = parseDeclarationsCsv(trainingText, { requireLabels: true });
  const labels = training.labels;
  if (!labels) throw new Error(`${options.train} has no Fraud column`);
  const model = trainRiskModel(training.declarations, labels, {
    trainingDataSha256: createHash('sha256').update(trainingText).digest('hex'),
  });
  await saveRiskModel(model, options.out);
  process.stdout.write(
    `trained ${model.modelVersion} on ${model.metadata.trainingRows} declarations ` +
      `in ${model.metadata.trainingSeconds.toFixed(1)} s → ${options.out}\n`,
  );
  if (options.valid === undefined) return;

  const validation = parseDeclarationsCsv(await readFile(options.valid, 'utf8'), { requireLabels: true });
  if (!validation.labels) throw new Error(`${options.valid} has no Fraud column`);
  const scores = model.scoreDeclarations(validation.declarations);
  const report = evaluateHeldOut(
    validation.declarations,
    scores,
    validation.labels,
    unseenPairMask(training.declarations, validation.declarations),
  );
  process.stdout.write(`\nEvaluation on ${options.valid}\n${formatHeldOutReport(report)}\n\n`);
  process.stdout.write(`${JSON.stringify({ modelVersion: model.modelVersion, evaluation: report })}\n`);
}

export async function scoreCommand(options: ScoreCommandOptions): Promise<void> {
  const model = await loadRiskModel(options.model);
  const { declarations } = parseDeclarationsCsv(await readFile(options.input, 'utf8'), { requireLabels: false });
  const scores = model.scoreDeclarations(declarations);
  const rows = declarations.map((declaration, index) => [declaration.declarationId, String(scores[index])]);
  await writeFile(options.out, formatCsv([DECLARATION_ID_COLUMN, 'score'], rows));
}
