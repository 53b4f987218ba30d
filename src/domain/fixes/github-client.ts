import { Octokit } from '@octokit/rest';
import { AppError } from '../errors.js';

export interface GithubClientOptions {
  apiUrl: string;
  token: string;
  fetch?: typeof fetch;
}

/** Octokit acting as the user (their token), against GITHUB_API_URL so GitHub Enterprise and tests work. */
export function githubClient(opts: GithubClientOptions): Octokit {
  return new Octokit({
    auth: opts.token,
    baseUrl: opts.apiUrl,
    userAgent: 'soulcaster',
    request: { ...(opts.fetch ? { fetch: opts.fetch } : {}), retries: 0 },
    log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
  });
}

/** GitHub's error as one sentence (its message plus validation errors), never the request's headers. */
export function describeGithubError(err: unknown): AppError {
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
