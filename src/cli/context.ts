import { ConfigError, loadConfig, type Config, type ConfigInput } from '../config/config.js';
import { createLogger, type Logger } from '../lib/logger.js';

export interface CliContext {
  config: Config;
  logger: Logger;
}

/** Loads config once for a command; a bad environment prints every problem and exits 2. */
export function cliContext(overrides: ConfigInput = {}): CliContext {
  try {
    const config = loadConfig(overrides);
    return {
      config,
      logger: createLogger({ level: config.server.logLevel, format: config.observability.logFormat }),
    };
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
}

/** Machine-readable results go to stdout as one JSON document. */
export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}
