/** Reddit's quota for the current window, from the X-Ratelimit-* headers of a response. */
export interface RedditQuota {
  /** requests left in the window (Reddit sends a decimal, e.g. "598.0") */
  remaining: number;
  used: number | null;
  /** when the window ends */
  resetAt: string;
  observedAt: string;
  mode: 'oauth' | 'public';
}

const num = (v: string | null) => {
  if (v === null || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
};

/**
 * The quota a response reports, or undefined when it reports none (Reddit's CDN answers cached public
 * listings without these headers). X-Ratelimit-Reset is the number of seconds until the window ends.
 */
export function readRedditQuota(
  res: Response,
  now: Date,
  mode: RedditQuota['mode'],
): RedditQuota | undefined {
  const remaining = num(res.headers.get('x-ratelimit-remaining'));
  const reset = num(res.headers.get('x-ratelimit-reset'));
  if (remaining === undefined || reset === undefined) return undefined;
  return {
    remaining,
    used: num(res.headers.get('x-ratelimit-used')) ?? null,
    resetAt: new Date(now.getTime() + Math.max(0, reset) * 1000).toISOString(),
    observedAt: now.toISOString(),
    mode,
  };
}

/** Under one request left: the window is spent, and polling waits for its end. */
export const quotaExhausted = (q: RedditQuota | undefined): q is RedditQuota =>
  q !== undefined && q.remaining < 1;
