import { z } from 'zod';
import { envInt, envString, envUrl } from '../parse-helpers.js';

/** GitHub (or GitHub Enterprise) endpoints and the OAuth app used for sign-in. */
export const githubSection = z
  .object({
    GITHUB_API_URL: envUrl('https://api.github.com'),
    GITHUB_WEB_URL: envUrl('https://github.com'),
    // where repositories are cloned from (`<url>/<owner>/<repo>.git`); GITHUB_WEB_URL when unset
    GITHUB_GIT_URL: envUrl(),
    GITHUB_CLIENT_ID: envString(),
    GITHUB_CLIENT_SECRET: envString(),
    // single-user local mode only: the token the local user's fix jobs push and open PRs with
    GITHUB_TOKEN: envString(),
    // every REST call of the fix loop gives up after this long (a hanging GitHub fails as a timeout)
    GITHUB_REQUEST_TIMEOUT_SECONDS: envInt(30, { min: 1, max: 600 }),
  })
  .superRefine((e, ctx) => {
    if ((e.GITHUB_CLIENT_ID === undefined) !== (e.GITHUB_CLIENT_SECRET === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [e.GITHUB_CLIENT_ID === undefined ? 'GITHUB_CLIENT_ID' : 'GITHUB_CLIENT_SECRET'],
        message: 'GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET must be set together',
      });
    }
  })
  .transform((e) => ({
    apiUrl: e.GITHUB_API_URL,
    webUrl: e.GITHUB_WEB_URL,
    gitUrl: e.GITHUB_GIT_URL ?? e.GITHUB_WEB_URL,
    oauth:
      e.GITHUB_CLIENT_ID !== undefined && e.GITHUB_CLIENT_SECRET !== undefined
        ? { clientId: e.GITHUB_CLIENT_ID, clientSecret: e.GITHUB_CLIENT_SECRET }
        : undefined,
    localUserToken: e.GITHUB_TOKEN,
    requestTimeoutMs: e.GITHUB_REQUEST_TIMEOUT_SECONDS * 1000,
  }));
