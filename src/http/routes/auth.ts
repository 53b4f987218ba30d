import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authMode } from '../../domain/auth/auth-mode.js';
import { exchangeGithubCode, fetchGithubUser, githubAuthorizeUrl } from '../../domain/auth/github-oauth.js';
import { deleteSession } from '../../domain/auth/sessions.js';
import { AppError } from '../../domain/errors.js';
import { upsertGithubUser } from '../../domain/users/upsert-github-user.js';
import { randomToken, safeEqual } from '../../lib/crypto.js';
import type { Services } from '../../services.js';
import { readCookie, serializeCookie } from '../auth/cookies.js';
import { safeReturnTo } from '../auth/return-to.js';
import { clearSessionCookie, secureCookies, startSession } from '../auth/session-plugin.js';
import { meView } from '../schemas/me-view.js';

const OAUTH_COOKIE = 'sc_oauth';
const OAUTH_TTL_MS = 10 * 60_000;

function callbackUrl(deps: Services, request: FastifyRequest): string {
  // GitHub only redirects to the callback registered on the OAuth app, so the Host header cannot be abused.
  const base = deps.config.server.publicUrl ?? `${request.protocol}://${request.host}`;
  return new URL('/auth/github/callback', base).toString();
}

function signinError(reply: FastifyReply, message: string) {
  return reply.redirect(`/auth/signin?error=${encodeURIComponent(message)}`, 302);
}

/** GitHub OAuth web flow, sign-out and "who am I". Sessions themselves live in session-plugin.ts. */
export const authRoutes = (deps: Services): FastifyPluginAsyncZod =>
  async function auth(app) {
    const mode = authMode(deps.config);

    app.get(
      '/auth/github',
      { schema: { querystring: z.object({ returnTo: z.string().optional() }) } },
      async (request, reply) => {
        const oauth = deps.config.github.oauth;
        if (mode === 'local') return reply.redirect(safeReturnTo(request.query.returnTo), 302);
        if (oauth === undefined) {
          throw new AppError(
            'unavailable',
            'sign-in is not configured: set GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET (a GitHub OAuth app)',
          );
        }
        const state = randomToken('st', 24);
        const sealed = deps.secrets.encrypt(
          JSON.stringify({
            state,
            returnTo: safeReturnTo(request.query.returnTo),
            exp: deps.clock.now().getTime() + OAUTH_TTL_MS,
          }),
        );
        reply.header(
          'set-cookie',
          serializeCookie(OAUTH_COOKIE, sealed, {
            maxAgeSeconds: OAUTH_TTL_MS / 1000,
            secure: secureCookies(deps),
            path: '/auth/github',
          }),
        );
        const url = githubAuthorizeUrl({
          webUrl: deps.config.github.webUrl,
          oauth,
          redirectUri: callbackUrl(deps, request),
          state,
        });
        return reply.redirect(url, 302);
      },
    );

    app.get(
      '/auth/github/callback',
      {
        schema: {
          querystring: z.object({
            code: z.string().optional(),
            state: z.string().optional(),
            error: z.string().optional(),
            error_description: z.string().optional(),
          }),
        },
      },
      async (request, reply) => {
        const oauth = deps.config.github.oauth;
        if (oauth === undefined) return signinError(reply, 'sign-in with GitHub is not configured');
        const q = request.query;
        reply.header(
          'set-cookie',
          serializeCookie(OAUTH_COOKIE, '', {
            maxAgeSeconds: 0,
            secure: secureCookies(deps),
            path: '/auth/github',
          }),
        );
        if (q.error !== undefined) return signinError(reply, q.error_description ?? q.error);
        const pending = readPendingSignin(deps, request);
        if (pending === undefined || q.state === undefined || !safeEqual(q.state, pending.state)) {
          return signinError(reply, 'the sign-in expired or came from another browser; please try again');
        }
        if (q.code === undefined) return signinError(reply, 'GitHub sent no authorization code');
        try {
          const token = await exchangeGithubCode({
            fetch: deps.fetch,
            webUrl: deps.config.github.webUrl,
            oauth,
            code: q.code,
            redirectUri: callbackUrl(deps, request),
          });
          const profile = await fetchGithubUser({
            fetch: deps.fetch,
            apiUrl: deps.config.github.apiUrl,
            accessToken: token.accessToken,
          });
          const user = await upsertGithubUser({
            db: deps.db.pool,
            secrets: deps.secrets,
            profile,
            accessToken: token.accessToken,
            scopes: token.scopes,
          });
          await startSession(deps, reply, user.id);
          request.log.info({ login: profile.login }, 'signed in with GitHub');
          return reply.redirect(safeReturnTo(pending.returnTo), 302);
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          request.log.warn({ err: err.message }, 'GitHub sign-in failed');
          return signinError(reply, err.message);
        }
      },
    );

    app.post('/auth/signout', async (request, reply) => {
      if (request.session !== undefined) {
        await deleteSession({ db: deps.db.pool, sessionId: request.session.id });
      }
      clearSessionCookie(deps, reply);
      return reply.status(204).send();
    });

    app.get('/api/me', { schema: { response: { 200: meView } } }, async (request) => {
      const session = request.session;
      if (session === undefined || mode === 'api_keys_only') {
        throw new AppError(
          'unauthorized',
          mode === 'api_keys_only'
            ? 'sign-in is not configured on this server (no GitHub OAuth app and not bound to loopback)'
            : 'not signed in',
          { mode, signInUrl: '/auth/signin' },
        );
      }
      return {
        user: {
          id: session.user.id,
          login: session.user.login,
          name: session.user.name,
          avatarUrl: session.user.avatarUrl,
        },
        mode: session.user.isLocal ? ('local' as const) : ('github' as const),
        csrfToken: session.csrfToken,
      };
    });
  };

function readPendingSignin(
  deps: Services,
  request: FastifyRequest,
): { state: string; returnTo: string } | undefined {
  const sealed = readCookie(request.headers.cookie, OAUTH_COOKIE);
  if (sealed === undefined || sealed === '') return undefined;
  try {
    const parsed = z
      .object({ state: z.string(), returnTo: z.string(), exp: z.number() })
      .parse(JSON.parse(deps.secrets.decrypt(sealed)));
    return parsed.exp > deps.clock.now().getTime() ? parsed : undefined;
  } catch {
    return undefined;
  }
}
