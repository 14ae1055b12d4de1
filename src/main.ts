import pino from 'pino';
import { loadConfig } from './core/config.js';
import { DataDirectoryError } from './core/db/database.js';
import { buildOrelane } from './app.js';
import { ensureWebBuilt } from './web-build.js';
import { seedDemoDataIfEmpty } from './demo/seed.js';

const config = loadConfig();
const logger = pino({ level: config.logLevel });

async function main() {
  await ensureWebBuilt(config.webDistDir, logger);
  const orelane = await buildOrelane(config, logger);
  if (config.demo) await seedDemoDataIfEmpty(orelane.context);
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    try {
      await orelane.close();
      logger.info('stopped cleanly');
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  try {
    await orelane.app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await orelane.close().catch(() => {}); // do not leave the embedded PostgreSQL running behind a failed start
    throw error;
  }
  logger.info(`Orelane is running on http://localhost:${config.port} (${orelane.database.kind} PostgreSQL${config.demo ? ', demo data' : ''})`);
}

main().catch((error) => {
  if (error instanceof DataDirectoryError) {
    logger.fatal(error.message);
  } else {
    logger.fatal({ err: error }, 'Orelane failed to start');
  }
  process.exit(1);
});
