/**
 * How git authenticates to GitHub without the token ever touching disk: an `http.extraHeader` given
 * through environment-only configuration (GIT_CONFIG_COUNT/KEY/VALUE, git ≥ 2.31), so neither the clone
 * URL, .git/config, nor the process arguments contain it. GitHub accepts the token as the password of
 * HTTP Basic with the user name `x-access-token`.
 */
export function gitAuthHeader(token: string): string {
  return `Authorization: Basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`;
}

export function gitAuthEnv(token: string | undefined): Record<string, string> {
  if (token === undefined) return {};
  return {
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: 'http.extraHeader',
    GIT_CONFIG_VALUE_0: gitAuthHeader(token),
  };
}

/** `<GITHUB_GIT_URL>/<owner>/<repo>.git`: no credentials in it, so it is safe to log and to store. */
export function cloneUrl(gitBaseUrl: string, repo: string): string {
  return `${gitBaseUrl.replace(/\/+$/, '')}/${repo}.git`;
}
