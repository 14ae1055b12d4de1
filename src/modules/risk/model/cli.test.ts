import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { scoreCommand, trainCommand } from './cli.js';
import { csvRowsAsRecords, formatCsv, parseCsv } from './csv.js';
import { syntheticCsv, syntheticDeclarations } from './customs/syntheticDeclarations.fixture.js';
import { loadRiskModel } from './riskModel.js';

describe('trainCommand and scoreCommand', () => {
  let directory = '';
  let printed = '';

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'orelane-risk-'));
    await writeFile(join(directory, 'train.csv'), syntheticCsv(syntheticDeclarations(800, 21), true));
    await writeFile(join(directory, 'valid.csv'), syntheticCsv(syntheticDeclarations(300, 22), true));
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      printed += String(chunk);
      return true;
    });
    await trainCommand({
      train: join(directory, 'train.csv'),
      valid: join(directory, 'valid.csv'),
      out: join(directory, 'model.json'),
    });
    write.mockRestore();
  }, 60_000);

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('writes a loadable model and prints the evaluation as a table and JSON', async () => {
    const model = await loadRiskModel(join(directory, 'model.json'));
    expect(model.metadata.trainingRows).toBe(800);
    expect(model.metadata.trainingDataSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(printed).toContain('unseen pairs');
    const jsonLine = printed.trim().split('\n').at(-1) ?? '';
    const report = JSON.parse(jsonLine) as { modelVersion: string; evaluation: { all: { rows: number } } };
    expect(report.modelVersion).toBe(model.modelVersion);
    expect(report.evaluation.all.rows).toBe(300);
  });

  it('scores an unlabelled CSV with reordered, quoted columns', async () => {
    const table = parseCsv(syntheticCsv(syntheticDeclarations(50, 23), false));
    const reversedHeader = [...table.header].reverse();
    const reversedRows = csvRowsAsRecords(table).map((record) =>
      reversedHeader.map((name) => (name === 'Importer ID' ? `"${record[name]}"` : record[name])),
    );
    const input = formatCsv(reversedHeader, []).trimEnd() + '\n' + reversedRows.map((row) => row.join(',')).join('\n');
    await writeFile(join(directory, 'input.csv'), input);
    await scoreCommand({
      model: join(directory, 'model.json'),
      input: join(directory, 'input.csv'),
      out: join(directory, 'scores.csv'),
    });

    const scores = parseCsv(await readFile(join(directory, 'scores.csv'), 'utf8'));
    expect(scores.header).toEqual(['Declaration ID', 'score']);
    expect(scores.rows.map((row) => row[0])).toEqual(table.rows.map((row) => row[0]));
    const model = await loadRiskModel(join(directory, 'model.json'));
    const expected = model.scoreDeclarations(syntheticDeclarations(50, 23).declarations);
    scores.rows.forEach((row, index) => expect(Number(row[1])).toBe(expected[index]));
  });

  it('names the missing columns when the input lacks some', async () => {
    await writeFile(join(directory, 'bad.csv'), 'Declaration ID,Net Mass\n1,2\n');
    const options = {
      model: join(directory, 'model.json'),
      input: join(directory, 'bad.csv'),
      out: join(directory, 'x.csv'),
    };
    await expect(scoreCommand(options)).rejects.toThrow(/lacks required columns: Date/);
  });
});
