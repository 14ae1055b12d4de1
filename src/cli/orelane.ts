import pino from 'pino';
import { loadConfig } from '../core/config.js';
import { openDatabaseForTool, runMigrations } from '../core/db/database.js';
import { verifyAuditChain } from '../core/audit/audit.js';
import { scoreCommand, trainCommand } from '../modules/risk/model/cli.js';

const USAGE = `usage: npm run orelane -- <command>

  audit verify
      Seal the committed audit entries not sealed yet, then recompute every sealed entry's hash and the seal
      chain; exit 1 if a sealed entry was edited or removed, or a seal was edited, inserted or removed.
  risk train --train <train.csv> [--valid <valid.csv>] --out <model.json>
      Train the learned risk score; with --valid, print precision/recall at 1/2/5/10 % and AUC.
  risk score --model <model.json> --input <declarations.csv> --out <scores.csv>
      Write "Declaration ID,score" for every input row (higher = riskier).

Database: DATABASE_URL, or the embedded one under ORELANE_DATA_DIR (default ./data), shared with a running server.`;

class UsageError extends Error {}

function flags(args: string[], allowed: string[]): Map<string, string> {
  const parsed = new Map<string, string>();
  for (let i = 0; i < args.length; i += 2) {
    const flag = args[i]!;
    const value = args[i + 1];
    if (!flag.startsWith('--') || !allowed.includes(flag.slice(2))) throw new UsageError(`unknown option ${flag}`);
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value`);
    parsed.set(flag.slice(2), value);
  }
  return parsed;
}

function required(parsed: Map<string, string>, name: string): string {
  const value = parsed.get(name);
  if (value === undefined) throw new UsageError(`--${name} is required`);
  return value;
}

async function auditVerify(): Promise<number> {
  const config = loadConfig();
  const logger = pino({ level: 'warn' });
  const database = await openDatabaseForTool({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger });
  try {
    await runMigrations(database);
    const result = await verifyAuditChain(database.db);
    if (result.ok) {
      console.log(`audit log intact: ${result.entries} sealed entries, hash chain verified`);
      return 0;
    }
    console.error(`audit log TAMPERED: ${result.problem}${result.firstBadEntryId ? ` (first bad entry id ${result.firstBadEntryId})` : ''}; ${result.entries} entries checked`);
    return 1;
  } finally {
    await database.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const [group, command, ...rest] = argv;
  if (group === 'audit' && command === 'verify' && rest.length === 0) return auditVerify();
  if (group === 'risk' && command === 'train') {
    const parsed = flags(rest, ['train', 'valid', 'out']);
    await trainCommand({ train: required(parsed, 'train'), valid: parsed.get('valid'), out: required(parsed, 'out') });
    return 0;
  }
  if (group === 'risk' && command === 'score') {
    const parsed = flags(rest, ['model', 'input', 'out']);
    await scoreCommand({ model: required(parsed, 'model'), input: required(parsed, 'input'), out: required(parsed, 'out') });
    return 0;
  }
  if (group === undefined || group === 'help' || group === '--help') {
    console.log(USAGE);
    return 0;
  }
  throw new UsageError(`unknown command "${argv.join(' ')}"`);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) console.error(`${error.message}\n\n${USAGE}`);
    else console.error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  },
);
