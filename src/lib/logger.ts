import pino from 'pino';
import { redactUrlSecrets } from './redact-url.js';

export type Logger = pino.Logger;

/** What Fastify hands the `req` serializer: its request object. */
interface LoggedRequest {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/**
 * Fastify's request fields, with credentials in the query string replaced: webhook URLs of vendors that
 * cannot send headers carry the source token there, and every request is logged at info.
 */
export const serializers: pino.LoggerOptions['serializers'] = {
  req: (req: LoggedRequest) => ({
    method: req.method,
    url: req.url === undefined ? undefined : redactUrlSecrets(req.url),
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  }),
};

/**
 * Logs go to stderr so stdout stays free for machine-readable CLI output; tests pass their own
 * destination to read what was logged.
 */
export function createLogger(opts: {
  level: string;
  name?: string;
  destination?: pino.DestinationStream;
}): Logger {
  return pino(
    { level: opts.level, name: opts.name ?? 'soulcaster', serializers },
    opts.destination ?? pino.destination(2),
  );
}

export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}
