import { z } from 'zod';
import { envBoolean, envInt, envString, envUrl } from '../parse-helpers.js';

export const serverSection = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: envInt(3000, { min: 0, max: 65535 }),
    PUBLIC_URL: envUrl(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    SOULCASTER_WORKERS: envBoolean(true),
    SOULCASTER_SHUTDOWN_TIMEOUT_MS: envInt(30_000, { min: 100 }),
    SOULCASTER_SECRET_KEY: envString().pipe(
      z
        .string()
        .refine((v) => decodeKey(v) !== undefined, {
          message: 'must be 32 bytes as 64 hex characters or base64 (generate one: openssl rand -hex 32)',
        })
        .optional(),
    ),
  })
  .transform((e) => ({
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    publicUrl: e.PUBLIC_URL,
    logLevel: e.LOG_LEVEL,
    runWorkers: e.SOULCASTER_WORKERS,
    shutdownTimeoutMs: e.SOULCASTER_SHUTDOWN_TIMEOUT_MS,
    /** 32-byte AES-256-GCM key; when absent in embedded mode one is generated into the data directory. */
    secretKey: e.SOULCASTER_SECRET_KEY === undefined ? undefined : decodeKey(e.SOULCASTER_SECRET_KEY),
  }));

export function decodeKey(value: string): Buffer | undefined {
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  const b = Buffer.from(value, 'base64');
  return b.length === 32 ? b : undefined;
}
