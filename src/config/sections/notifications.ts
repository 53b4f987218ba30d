import { z } from 'zod';
import { envInt } from '../parse-helpers.js';

export const notificationsSection = z
  .object({
    NOTIFY_MAX_ATTEMPTS: envInt(8, { min: 1, max: 20 }),
    NOTIFY_RETRY_DELAY_SECONDS: envInt(10, { min: 1, max: 3600 }),
    NOTIFY_REQUEST_TIMEOUT_SECONDS: envInt(10, { min: 1, max: 120 }),
    NOTIFY_JOB_EXPIRE_SECONDS: envInt(60, { min: 2, max: 3600 }),
  })
  .transform((e) => ({
    /** attempts per delivery (the first plus retries) before it is marked failed */
    maxAttempts: e.NOTIFY_MAX_ATTEMPTS,
    /** the first retry waits 1–2× this, each later one twice as long (pg-boss backoff with jitter) */
    retryDelaySeconds: e.NOTIFY_RETRY_DELAY_SECONDS,
    /** one HTTP request to a receiver */
    requestTimeoutMs: e.NOTIFY_REQUEST_TIMEOUT_SECONDS * 1000,
    /** a delivery job whose worker died is retried this long after it started (plus the queue's
     *  maintenance interval); kept above the request timeout */
    jobExpireSeconds: Math.max(e.NOTIFY_JOB_EXPIRE_SECONDS, e.NOTIFY_REQUEST_TIMEOUT_SECONDS + 1),
  }));
