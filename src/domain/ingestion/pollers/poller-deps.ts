import type { Queryable } from '../../../db/database.js';
import type { Clock } from '../../../lib/clock.js';
import type { Logger } from '../../../lib/logger.js';
import { AppError } from '../../errors.js';
import type { CommitIngest } from '../group-commit.js';
import type { RedditTokenCache } from './reddit-token-cache.js';

export interface PollerDeps {
  db: Queryable;
  clock: Clock;
  /** stores what a poll fetched (the shared ingest transactions, clustering queued with the items) */
  commit: CommitIngest;
  logger: Logger;
  fetch: typeof fetch;
  reddit: {
    /** www host: public listings and the OAuth token endpoint */
    baseUrl: string;
    /** where requests with an app-only OAuth token go */
    oauthUrl: string;
    userAgent: string;
    tokens: RedditTokenCache;
  };
  github: { apiUrl: string };
}

/** A vendor said "slow down": the job fails, the queue retries with backoff, the source waits until then. */
export class RateLimitedError extends AppError {
  constructor(
    readonly vendor: string,
    readonly retryAfterSeconds: number,
  ) {
    super('rate_limited', `${vendor} rate limit: retry after ${retryAfterSeconds}s`, { retryAfterSeconds });
  }
}

/** How long a vendor asked us to wait: Retry-After (seconds or an HTTP date) or GitHub's reset time. */
export function retryAfterSeconds(res: Response, now: Date, fallback = 60): number {
  const header = res.headers.get('retry-after');
  if (header && /^\d+$/.test(header)) return Number(header);
  if (header) {
    const at = Date.parse(header);
    if (!Number.isNaN(at)) return Math.max(1, Math.ceil((at - now.getTime()) / 1000));
  }
  const reset = res.headers.get('x-ratelimit-reset');
  if (reset && /^\d+$/.test(reset)) return Math.max(1, Number(reset) - Math.floor(now.getTime() / 1000));
  return fallback;
}
