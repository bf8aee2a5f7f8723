import { startBot } from './bot.js';
import { ConfigError, loadConfig } from './config.js';
import { systemClock } from './domain/clock.js';
import { createLogger } from './log.js';

/** Composition root: read the configuration, start the bot, stop cleanly on a signal. */
async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`\nOnline Safety Bot cannot start.\n${error.message}\n\n`);
      process.exit(2);
    }
    throw error;
  }
  const log = createLogger(config.logLevel);
  if (config.localMode) {
    process.stderr.write(
      [
        '',
        '  ************************************************************************',
        '  *  LOCAL MODE: no BOT_ID is set, so requests are NOT authenticated.     *',
        '  *  This is for the local playground and tests only, never for pupils.  *',
        '  ************************************************************************',
        '',
      ].join('\n'),
    );
  }
  const started = Date.now();
  const bot = await startBot({ config, clock: systemClock, log });
  log.info('bot.ready', {
    url: `${bot.url}/api/messages`,
    database: bot.store.kind,
    localMode: config.localMode,
    startupMs: Date.now() - started,
  });

  const shutdown = async (signal: string) => {
    log.info('bot.stopping', { signal });
    await bot.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `\nOnline Safety Bot failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
