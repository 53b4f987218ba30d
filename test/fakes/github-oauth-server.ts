import { randomBytes } from 'node:crypto';
import { sendJson, startFakeServer, type FakeServer } from './http-server.js';

export interface FakeGithubUser {
  id: number;
  login: string;
  name: string | null;
  email: string | null;
  avatar_url: string;
}

export interface FakeGithubOAuth extends FakeServer {
  clientId: string;
  clientSecret: string;
  /** who approves the next authorize request (a person clicking "Authorize" on github.com) */
  signInAs(user: Omit<FakeGithubUser, 'avatar_url'> & { avatar_url?: string }): void;
  /** access tokens handed out, by login */
  tokens: Map<string, string>;
  /** make the next authorize answer with ?error=access_denied, as when the person clicks "Cancel" */
  denyNext(): void;
  /** the server configuration that registers this fake as the OAuth app and as GitHub's web and API */
  env: Record<string, string>;
}

/**
 * GitHub's OAuth web application flow as documented (docs.github.com, "Authorizing OAuth apps"):
 * GET /login/oauth/authorize redirects back to redirect_uri with `code` and `state` (or
 * `error=access_denied`); POST /login/oauth/access_token takes client_id, client_secret, code and
 * redirect_uri as a form or JSON and answers JSON when asked (`Accept: application/json`), form-encoded
 * otherwise, with 200 + `error: bad_verification_code` for an unknown or reused code and
 * `redirect_uri_mismatch` when the URI differs; GET /user answers the token owner's profile, 401
 * "Bad credentials" otherwise. Scopes are echoed in X-OAuth-Scopes as GitHub does.
 */
export async function startFakeGithubOAuth(): Promise<FakeGithubOAuth> {
  const clientId = 'Iv1.fakeclient0001';
  const clientSecret = randomBytes(20).toString('hex');
  let current: FakeGithubUser = {
    id: 1001,
    login: 'octocat',
    name: 'The Octocat',
    email: 'octocat@example.com',
    avatar_url: 'https://avatars.example.com/u/1001',
  };
  let deny = false;
  const codes = new Map<string, { user: FakeGithubUser; redirectUri: string; scope: string }>();
  const byToken = new Map<string, { user: FakeGithubUser; scope: string }>();
  const tokens = new Map<string, string>();

  const server = await startFakeServer((req, res, body) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'GET' && url.pathname === '/login/oauth/authorize') {
      const redirectUri = url.searchParams.get('redirect_uri');
      const state = url.searchParams.get('state');
      if (url.searchParams.get('client_id') !== clientId || redirectUri === null) {
        res.writeHead(404, { 'content-type': 'text/html' });
        res.end('<h1>404</h1>');
        return;
      }
      const back = new URL(redirectUri);
      if (state !== null) back.searchParams.set('state', state);
      if (deny) {
        deny = false;
        back.searchParams.set('error', 'access_denied');
        back.searchParams.set('error_description', 'The user has denied your application access.');
      } else {
        const code = randomBytes(10).toString('hex');
        codes.set(code, { user: current, redirectUri, scope: url.searchParams.get('scope') ?? '' });
        back.searchParams.set('code', code);
      }
      res.writeHead(302, { location: back.toString() });
      res.end();
      return;
    }
    if (req.method === 'POST' && url.pathname === '/login/oauth/access_token') {
      const params = (req.headers['content-type'] ?? '').includes('json')
        ? new Map(Object.entries(JSON.parse(body || '{}') as Record<string, string>))
        : new Map(new URLSearchParams(body));
      const wantsJson = (req.headers.accept ?? '').includes('json');
      const answer = (payload: Record<string, string>): void => {
        if (wantsJson) return sendJson(res, 200, payload);
        res.writeHead(200, { 'content-type': 'application/x-www-form-urlencoded' });
        res.end(new URLSearchParams(payload).toString());
      };
      if (params.get('client_id') !== clientId || params.get('client_secret') !== clientSecret) {
        return answer({
          error: 'incorrect_client_credentials',
          error_description: 'The client_id and/or client_secret passed are incorrect.',
        });
      }
      const grant = codes.get(params.get('code') ?? '');
      if (grant === undefined) {
        return answer({
          error: 'bad_verification_code',
          error_description: 'The code passed is incorrect or expired.',
        });
      }
      const redirectUri = params.get('redirect_uri');
      if (redirectUri !== undefined && redirectUri !== grant.redirectUri) {
        return answer({
          error: 'redirect_uri_mismatch',
          error_description: 'The redirect_uri MUST match the registered callback URL for this application.',
        });
      }
      codes.delete(params.get('code') ?? '');
      const token = `gho_${randomBytes(18).toString('hex')}`;
      byToken.set(token, { user: grant.user, scope: grant.scope.split(/[ ,]+/).filter(Boolean).join(',') });
      tokens.set(grant.user.login, token);
      return answer({ access_token: token, scope: byToken.get(token)!.scope, token_type: 'bearer' });
    }
    if (req.method === 'GET' && url.pathname === '/user') {
      const m = /^(?:Bearer|token)\s+(\S+)$/i.exec(req.headers.authorization ?? '');
      const grant = m ? byToken.get(m[1]!) : undefined;
      if (grant === undefined) {
        return sendJson(res, 401, {
          message: 'Bad credentials',
          documentation_url: 'https://docs.github.com/rest',
          status: '401',
        });
      }
      return sendJson(
        res,
        200,
        {
          ...grant.user,
          type: 'User',
          site_admin: false,
          html_url: `https://github.com/${grant.user.login}`,
        },
        { 'x-oauth-scopes': grant.scope.replace(/,/g, ', ') },
      );
    }
    return sendJson(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
  });

  return {
    ...server,
    clientId,
    clientSecret,
    tokens,
    env: {
      GITHUB_CLIENT_ID: clientId,
      GITHUB_CLIENT_SECRET: clientSecret,
      GITHUB_WEB_URL: server.url,
      GITHUB_API_URL: server.url,
    },
    signInAs(user) {
      current = { avatar_url: `https://avatars.example.com/u/${user.id}`, ...user };
    },
    denyNext() {
      deny = true;
    },
  };
}
