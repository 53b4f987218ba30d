import { z } from 'zod';
import { envInt } from '../parse-helpers.js';

/** Browser sessions and the single-user local mode. */
export const authSection = z
  .object({
    // `auto`: with no GitHub OAuth app and a loopback HOST, the dashboard runs as one local user.
    // `off`: never; without OAuth only API keys work.
    SOULCASTER_LOCAL_MODE: z.enum(['auto', 'off']).default('auto'),
    SOULCASTER_SESSION_TTL_HOURS: envInt(24 * 14, { min: 1, max: 24 * 365 }),
  })
  .transform((e) => ({
    localMode: e.SOULCASTER_LOCAL_MODE,
    sessionTtlMs: e.SOULCASTER_SESSION_TTL_HOURS * 3_600_000,
  }));
