import { AppError } from '../errors.js';

export interface FetchContext {
  repo: string;
  /** the URL git fetched (credentials are never in it) */
  url: string;
  /** whose token git sent, in words: "the GitHub token of octocat", "GITHUB_TOKEN", or none */
  token: string | undefined;
}

/**
 * A repository that could not be fetched, explained for the person who has to fix it: which URL, with
 * which token, what GitHub's answer means and what to set. git's own last line is kept in `details`.
 */
export function explainFetchFailure(err: unknown, ctx: FetchContext): AppError {
  const raw = err instanceof Error ? err.message : String(err);
  const gitLine =
    raw
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .at(-1) ?? raw;
  const token = ctx.token ?? 'no token';
  const origin = (() => {
    try {
      return new URL(ctx.url).origin;
    } catch {
      return ctx.url;
    }
  })();
  let cause: string;
  let fix: string;
  if (
    /could not resolve host|connection refused|failed to connect|timed out|couldn't connect|network is unreachable/i.test(
      raw,
    )
  ) {
    cause = `the git server at ${origin} could not be reached`;
    fix = `Check GITHUB_GIT_URL (it is ${origin}; set it for GitHub Enterprise) and that this server can reach it.`;
  } else if (/not found|error: 404|does not exist/i.test(raw)) {
    cause =
      ctx.token === undefined
        ? `${ctx.repo} does not exist or is private, and no GitHub token was sent`
        : `${ctx.repo} does not exist, or ${token} cannot read it`;
    fix = `Check the repository (owner/name) set on the cluster or the project. For a private repository, ${
      ctx.token === undefined
        ? 'sign in with GitHub (an API key has no GitHub user), or in local mode set GITHUB_TOKEN'
        : `${token} needs access to it (OAuth scope \`repo\`, or a fine-grained token with Contents: read)`
    }.`;
  } else if (
    /authentication failed|error: 40[13]|could not read username|access denied|forbidden/i.test(raw)
  ) {
    cause = `GitHub refused ${token}`;
    fix =
      ctx.token === undefined
        ? 'Sign in with GitHub, or in local mode set GITHUB_TOKEN.'
        : `Sign in again to renew it (or replace GITHUB_TOKEN in local mode); it needs access to ${ctx.repo}.`;
  } else {
    cause = 'git failed';
    fix = `Check the repository (owner/name), GITHUB_GIT_URL (${origin}) and ${token}.`;
  }
  return new AppError(
    'upstream_failed',
    `Could not fetch ${ctx.repo} from ${ctx.url} with ${token}: ${cause}. ${fix}`,
    { git: gitLine },
  );
}
