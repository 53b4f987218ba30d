import { Octokit } from '@octokit/rest';
import { AppError } from '../errors.js';
import { boundedFetch, GithubNoAnswer } from './bounded-fetch.js';

export const GITHUB_REQUEST_TIMEOUT_MS = 30_000;

export interface GithubClientOptions {
  apiUrl: string;
  token: string;
  fetch?: typeof fetch;
  /** the fix's signal: its cancel and time limit stop a request in flight */
  signal?: AbortSignal | undefined;
  /** per request; 30 s unless a test says otherwise */
  timeoutMs?: number | undefined;
}

/**
 * Octokit acting as the user (their token), against GITHUB_API_URL so GitHub Enterprise and tests work.
 * Every request is bounded (boundedFetch): a timeout, the fix's signal, and only GitHub's documented
 * rate-limit retries.
 */
export function githubClient(opts: GithubClientOptions): Octokit {
  const timeoutMs = opts.timeoutMs ?? GITHUB_REQUEST_TIMEOUT_MS;
  const fetch = boundedFetch(opts.fetch ?? globalThis.fetch, {
    timeoutMs,
    signal: opts.signal,
    maxRateLimitWaitMs: 60_000,
  });
  return new Octokit({
    auth: opts.token,
    baseUrl: opts.apiUrl,
    userAgent: 'soulcaster',
    request: { fetch, retries: 0 },
    log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
  });
}

/**
 * GitHub's error as one sentence (its message plus validation errors), never the request's headers. A
 * request that got no answer says so ("did not answer … within 30s"), not a status GitHub never sent.
 */
export function describeGithubError(err: unknown): AppError {
  const noAnswer =
    err instanceof GithubNoAnswer
      ? err
      : (err as { cause?: unknown }).cause instanceof GithubNoAnswer
        ? (err as { cause: GithubNoAnswer }).cause
        : undefined;
  if (noAnswer)
    return new AppError(noAnswer.reason === 'timeout' ? 'unavailable' : 'upstream_failed', noAnswer.message);
  const e = err as {
    status?: number;
    message?: string;
    response?: {
      data?: { message?: string; errors?: { message?: string; field?: string; code?: string }[] };
    };
  };
  const data = e.response?.data;
  const details = (data?.errors ?? [])
    .map((x) => x.message ?? [x.field, x.code].filter(Boolean).join(' '))
    .filter(Boolean)
    .join('; ');
  const message = `${data?.message ?? e.message ?? 'request failed'}${details ? `: ${details}` : ''}`;
  return new AppError('upstream_failed', `GitHub answered ${e.status ?? 'with an error'}: ${message}`);
}
