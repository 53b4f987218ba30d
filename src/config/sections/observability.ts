import { z } from 'zod';
import { envBoolean, envString } from '../parse-helpers.js';

/** Logs and the Prometheus endpoint. (LOG_LEVEL lives in the server section.) */
export const observabilitySection = z
  .object({
    // auto: human-readable when stderr is a terminal, JSON lines otherwise (files, journald, containers)
    LOG_FORMAT: z.enum(['auto', 'pretty', 'json']).default('auto'),
    // GET /metrics in the Prometheus text format. Without a token it answers only on a loopback HOST;
    // bound elsewhere it needs SOULCASTER_METRICS_TOKEN (sent as "Authorization: Bearer <token>").
    SOULCASTER_METRICS: envBoolean(true),
    SOULCASTER_METRICS_TOKEN: envString().pipe(
      z.string().min(16, 'must be at least 16 characters (openssl rand -hex 16)').optional(),
    ),
  })
  .transform((e) => ({
    logFormat: e.LOG_FORMAT,
    metrics: { enabled: e.SOULCASTER_METRICS, token: e.SOULCASTER_METRICS_TOKEN },
  }));
