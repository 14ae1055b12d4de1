/**
 * Stand-alone entry point until the orelane CLI wires these commands in:
 *   tsx src/modules/risk/model/main.ts train --train a.csv [--valid b.csv] --out model.json
 *   tsx src/modules/risk/model/main.ts score --model model.json --input x.csv --out scores.csv
 */
import { scoreCommand, trainCommand } from './cli.js';

const USAGE = [
  'usage:',
  '  main.ts train --train <train.csv> [--valid <valid.csv>] --out <model.json>',
  '  main.ts score --model <model.json> --input <declarations.csv> --out <scores.csv>',
].join('\n');

function parseFlags(args: string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (let index = 0; index < args.length; index += 2) {
    const flag = args[index];
    const value = args[index + 1];
    if (!flag.startsWith('--') || value === undefined) throw new Error(`bad argument "${flag}"\n${USAGE}`);
    flags.set(flag.slice(2), value);
  }
  return flags;
}

function required(flags: Map<string, string>, name: string): string {
  const value = flags.get(name);
  if (value === undefined) throw new Error(`--${name} is required\n${USAGE}`);
  return value;
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const flags = parseFlags(rest);
  if (command === 'train') {
    await trainCommand({ train: required(flags, 'train'), valid: flags.get('valid'), out: required(flags, 'out') });
  } else if (command === 'score') {
    await scoreCommand({
      model: required(flags, 'model'),
      input: required(flags, 'input'),
      out: required(flags, 'out'),
    });
  } else {
    throw new Error(USAGE);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
