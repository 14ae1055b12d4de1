import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';

/** `npm start` on a fresh clone builds the web UI once; later starts reuse web/dist. */
export async function ensureWebBuilt(distDir: string, logger: Logger): Promise<void> {
  if (fs.existsSync(path.join(distDir, 'index.html'))) return;
  logger.info('building the web UI (first start only)…');
  const { build } = await import('vite');
  await build({ configFile: path.resolve('web/vite.config.ts'), logLevel: 'warn' });
}
