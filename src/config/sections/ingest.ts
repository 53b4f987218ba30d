import { z } from 'zod';
import { envInt, envUrl } from '../parse-helpers.js';

export const ingestSection = z
  .object({
    INGEST_MAX_BODY_BYTES: envInt(1024 * 1024, { min: 1024, max: 50 * 1024 * 1024 }),
    INGEST_RATE_LIMIT_PER_MINUTE: envInt(1200, { min: 1 }),
    REDDIT_BASE_URL: envUrl('https://www.reddit.com'),
    REDDIT_USER_AGENT: z.string().min(1).default('server:soulcaster:0.1 (self-hosted feedback triage)'),
  })
  .transform((e) => ({
    maxBodyBytes: e.INGEST_MAX_BODY_BYTES,
    rateLimitPerMinute: e.INGEST_RATE_LIMIT_PER_MINUTE,
    reddit: { baseUrl: e.REDDIT_BASE_URL, userAgent: e.REDDIT_USER_AGENT },
  }));
