import { z } from 'zod';
import { envInt, envString, envUrl } from '../parse-helpers.js';

export const ingestSection = z
  .object({
    INGEST_MAX_BODY_BYTES: envInt(1024 * 1024, { min: 1024, max: 50 * 1024 * 1024 }),
    INGEST_RATE_LIMIT_PER_MINUTE: envInt(1200, { min: 1 }),
    INGEST_FAILED_AUTH_PER_MINUTE: envInt(60, { min: 1 }),
    INGEST_LOOKUP_CACHE_MS: envInt(2000, { min: 0, max: 60_000 }),
    INGEST_CLIENT_IP_HEADER: envString().pipe(
      z
        .string()
        .regex(/^[A-Za-z0-9-]+$/, 'must be a header name, e.g. X-Forwarded-For')
        .transform((h) => h.toLowerCase())
        .optional(),
    ),
    REDDIT_BASE_URL: envUrl('https://www.reddit.com'),
    REDDIT_OAUTH_URL: envUrl('https://oauth.reddit.com'),
    REDDIT_USER_AGENT: z.string().min(1).default('server:soulcaster:0.1 (self-hosted feedback triage)'),
  })
  .transform((e) => ({
    maxBodyBytes: e.INGEST_MAX_BODY_BYTES,
    /** accepted deliveries per minute for each source and each API key */
    rateLimitPerMinute: e.INGEST_RATE_LIMIT_PER_MINUTE,
    /** failed authentications per minute for each client address, counted apart from the budget above */
    failedAuthPerMinute: e.INGEST_FAILED_AUTH_PER_MINUTE,
    /** how long a delivery's project, sources and API key lookups are reused (0: looked up every time) */
    lookupCacheMs: e.INGEST_LOOKUP_CACHE_MS,
    /** behind a reverse proxy: the header it puts the client address in (its last entry is used) */
    clientIpHeader: e.INGEST_CLIENT_IP_HEADER,
    reddit: { baseUrl: e.REDDIT_BASE_URL, oauthUrl: e.REDDIT_OAUTH_URL, userAgent: e.REDDIT_USER_AGENT },
  }));
