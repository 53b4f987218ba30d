import pino from 'pino';

export type Logger = pino.Logger;

/** Logs go to stderr so stdout stays free for machine-readable CLI output. */
export function createLogger(opts: { level: string; name?: string }): Logger {
  return pino({ level: opts.level, name: opts.name ?? 'soulcaster' }, pino.destination(2));
}

export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}
