import { z } from 'zod';
import type { Config } from '../../config/config.js';
import { AppError } from '../errors.js';
import type { GithubUserProfile } from '../users/upsert-github-user.js';

/** Scopes the product needs: `repo` to push branches and open PRs as the user, `read:user` for the profile. */
export const GITHUB_SCOPES = ['repo', 'read:user'] as const;

type OAuthApp = NonNullable<Config['github']['oauth']>;

export function githubAuthorizeUrl(opts: {
  webUrl: string;
  oauth: OAuthApp;
  redirectUri: string;
  state: string;
}): string {
  const url = new URL('/login/oauth/authorize', opts.webUrl);
  url.searchParams.set('client_id', opts.oauth.clientId);
  url.searchParams.set('redirect_uri', opts.redirectUri);
  url.searchParams.set('scope', GITHUB_SCOPES.join(' '));
  url.searchParams.set('state', opts.state);
  url.searchParams.set('allow_signup', 'false');
  return url.toString();
}

const tokenResponse = z.union([
  z.object({ access_token: z.string().min(1), scope: z.string().default(''), token_type: z.string() }),
  z.object({ error: z.string(), error_description: z.string().optional() }),
]);

/** Exchanges the callback's code for a user access token (GitHub's web application flow, step 2). */
export async function exchangeGithubCode(opts: {
  fetch: typeof fetch;
  webUrl: string;
  oauth: OAuthApp;
  code: string;
  redirectUri: string;
}): Promise<{ accessToken: string; scopes: string }> {
  const res = await opts.fetch(new URL('/login/oauth/access_token', opts.webUrl), {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/json' },
    body: JSON.stringify({
      client_id: opts.oauth.clientId,
      client_secret: opts.oauth.clientSecret,
      code: opts.code,
      redirect_uri: opts.redirectUri,
    }),
    signal: AbortSignal.timeout(15_000),
  });
  if (!res.ok) throw new AppError('upstream_failed', `GitHub token exchange answered ${res.status}`);
  const parsed = tokenResponse.safeParse(await res.json().catch(() => undefined));
  if (!parsed.success)
    throw new AppError('upstream_failed', 'GitHub token exchange gave an unexpected answer');
  if ('error' in parsed.data) {
    throw new AppError(
      'unauthorized',
      `GitHub refused the sign-in: ${parsed.data.error_description ?? parsed.data.error}`,
    );
  }
  return { accessToken: parsed.data.access_token, scopes: parsed.data.scope };
}

const githubUser = z.object({
  id: z.number().int(),
  login: z.string().min(1),
  name: z.string().nullable().optional(),
  email: z.string().nullable().optional(),
  avatar_url: z.string().nullable().optional(),
});

/** GET /user with the user's token: who signed in. */
export async function fetchGithubUser(opts: {
  fetch: typeof fetch;
  apiUrl: string;
  accessToken: string;
}): Promise<GithubUserProfile> {
  const res = await opts.fetch(new URL('user', opts.apiUrl.endsWith('/') ? opts.apiUrl : `${opts.apiUrl}/`), {
    headers: {
      accept: 'application/vnd.github+json',
      authorization: `Bearer ${opts.accessToken}`,
      'x-github-api-version': '2022-11-28',
      'user-agent': 'soulcaster',
    },
    signal: AbortSignal.timeout(15_000),
  });
  if (!res.ok) throw new AppError('upstream_failed', `GitHub GET /user answered ${res.status}`);
  const parsed = githubUser.safeParse(await res.json().catch(() => undefined));
  if (!parsed.success) throw new AppError('upstream_failed', 'GitHub GET /user gave an unexpected answer');
  const u = parsed.data;
  return {
    githubId: u.id,
    login: u.login,
    name: u.name ?? null,
    email: u.email ?? null,
    avatarUrl: u.avatar_url ?? null,
  };
}
