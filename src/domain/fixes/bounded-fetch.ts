/** Why a GitHub request got no answer: it took longer than its timeout, or the fix was stopped. */
export class GithubNoAnswer extends Error {
  constructor(
    readonly reason: 'timeout' | 'stopped',
    readonly request: string,
    readonly timeoutMs: number,
  ) {
    super(
      reason === 'timeout'
        ? `GitHub did not answer ${request} within ${Math.round(timeoutMs / 1000)}s`
        : `${request} to GitHub was abandoned: the fix was stopped`,
    );
    this.name = 'GithubNoAnswer';
  }
}

export interface BoundedFetchOptions {
  /** per request (answer and body); GitHub answers in well under a second when it is well */
  timeoutMs: number;
  /** the fix's signal: cancel and the job's time limit stop a request in flight */
  signal?: AbortSignal | undefined;
  /** the longest rate-limit wait worth sleeping through (GitHub says how long in its headers) */
  maxRateLimitWaitMs: number;
  now?: () => number;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

/**
 * How long GitHub asks a client to wait before retrying, for the rate-limit answers its REST
 * documentation says to retry ("Rate limits for the REST API": 403/429 with `retry-after` in seconds, or
 * `x-ratelimit-remaining: 0` until `x-ratelimit-reset`, epoch seconds); undefined for every other
 * answer, which is final (5xx and validation errors are not retried: a POST may have been applied).
 */
export function rateLimitWaitMs(res: Response, now: number): number | undefined {
  if (res.status !== 403 && res.status !== 429) return undefined;
  const retryAfter = res.headers.get('retry-after');
  if (retryAfter !== null && /^\d+$/.test(retryAfter)) return Number(retryAfter) * 1000;
  if (res.headers.get('x-ratelimit-remaining') === '0') {
    const reset = Number(res.headers.get('x-ratelimit-reset'));
    if (Number.isFinite(reset)) return Math.max(0, reset * 1000 - now);
  }
  return undefined;
}

/**
 * fetch for Octokit with the fix's limits: every request times out (a hanging GitHub fails as a timeout,
 * not as the HTTP client's own "Headers Timeout" minutes later), the fix's signal aborts it, and a
 * documented rate-limit answer is retried once after the wait GitHub asked for, when that wait is short.
 */
export function boundedFetch(base: typeof fetch, opts: BoundedFetchOptions): typeof fetch {
  const now = opts.now ?? Date.now;
  return async (input, init) => {
    const method = (init?.method ?? 'GET').toUpperCase();
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    const request = `${method} ${url.pathname}`;
    for (let attempt = 0; ; attempt++) {
      const timeout = AbortSignal.timeout(opts.timeoutMs);
      const signals = [timeout, opts.signal, init?.signal].filter((s): s is AbortSignal => !!s);
      let res: Response;
      try {
        res = await base(input, { ...init, signal: AbortSignal.any(signals) });
      } catch (err) {
        if (opts.signal?.aborted) throw new GithubNoAnswer('stopped', request, opts.timeoutMs);
        if (timeout.aborted) throw new GithubNoAnswer('timeout', request, opts.timeoutMs);
        throw err;
      }
      const wait = rateLimitWaitMs(res, now());
      if (wait === undefined || attempt >= 1 || wait > opts.maxRateLimitWaitMs) return res;
      await res.body?.cancel();
      await sleep(wait, opts.signal);
      if (opts.signal?.aborted) throw new GithubNoAnswer('stopped', request, opts.timeoutMs);
    }
  };
}
