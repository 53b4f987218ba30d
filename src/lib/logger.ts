import pino from 'pino';
import pretty from 'pino-pretty';
import { redactUrlSecrets } from './redact-url.js';

export type Logger = pino.Logger;
export type LogFormat = 'auto' | 'pretty' | 'json';

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
 * cannot send headers carry the source token there.
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
 * destination to read what was logged. `auto` is human-readable on a terminal and JSON lines anywhere
 * else (files, journald, container log drivers, log shippers).
 */
export function createLogger(opts: {
  level: string;
  name?: string;
  destination?: pino.DestinationStream;
  format?: LogFormat;
  isTty?: boolean;
}): Logger {
  const options = { level: opts.level, name: opts.name ?? 'soulcaster', serializers };
  const tty = opts.isTty ?? process.stderr.isTTY;
  const format = opts.format ?? 'auto';
  if (opts.destination !== undefined || format === 'json' || (format === 'auto' && !tty))
    return pino(options, opts.destination ?? pino.destination(2));
  return pino(
    options,
    pretty({
      destination: 2,
      colorize: tty,
      translateTime: 'SYS:HH:MM:ss.l',
      ignore: 'pid,hostname,name',
      singleLine: true,
    }),
  );
}

export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}
