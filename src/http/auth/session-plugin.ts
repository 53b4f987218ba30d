import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { authMode, isLoopbackHost } from '../../domain/auth/auth-mode.js';
import { ensureLocalUser } from '../../domain/auth/ensure-local-user.js';
import { createSession, findSession, type Session } from '../../domain/auth/sessions.js';
import { AppError } from '../../domain/errors.js';
import { safeEqual } from '../../lib/crypto.js';
import type { Services } from '../../services.js';
import { readCookie, serializeCookie } from './cookies.js';
import { bearerToken } from './project-access.js';

export const SESSION_COOKIE = 'sc_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyRequest {
    /** the signed-in browser session, when the request carries one (never set for API-key requests) */
    session?: Session;
  }
}

/** Paths where a browser session means something; webhooks and /healthz never create or read one. */
function wantsSession(url: string): boolean {
  return url.startsWith('/api/') || url === '/api' || url.startsWith('/auth/');
}

export function secureCookies(deps: Services): boolean {
  return deps.config.server.publicUrl?.startsWith('https:') ?? false;
}

/**
 * Starts a session for the user and sets its cookie: the session id sealed with the server key, so ids
 * are neither forged nor read.
 */
export async function startSession(
  deps: Services,
  reply: FastifyReply,
  userId: string,
): Promise<Omit<Session, 'user'>> {
  const session = await createSession({
    db: deps.db.pool,
    clock: deps.clock,
    userId,
    ttlMs: deps.config.auth.sessionTtlMs,
  });
  const maxAge = (session.expiresAt.getTime() - deps.clock.now().getTime()) / 1000;
  reply.header(
    'set-cookie',
    serializeCookie(SESSION_COOKIE, deps.secrets.encrypt(session.id), {
      maxAgeSeconds: maxAge,
      secure: secureCookies(deps),
    }),
  );
  return session;
}

export function clearSessionCookie(deps: Services, reply: FastifyReply) {
  reply.header(
    'set-cookie',
    serializeCookie(SESSION_COOKIE, '', { maxAgeSeconds: 0, secure: secureCookies(deps) }),
  );
}

async function loadSession(deps: Services, request: FastifyRequest): Promise<Session | undefined> {
  const sealed = readCookie(request.headers.cookie, SESSION_COOKIE);
  if (sealed === undefined || sealed === '') return undefined;
  let sessionId: string;
  try {
    sessionId = deps.secrets.decrypt(sealed);
  } catch {
    return undefined; // tampered, or sealed with an old key: treat as signed out
  }
  return findSession({ db: deps.db.pool, clock: deps.clock, sessionId });
}

async function startLocalSession(deps: Services, reply: FastifyReply): Promise<Session> {
  const user = await ensureLocalUser({
    db: deps.db.pool,
    secrets: deps.secrets,
    githubToken: deps.config.github.localUserToken,
  });
  return { ...(await startSession(deps, reply, user.id)), user };
}

/**
 * Resolves the browser session of every /api and /auth request and enforces CSRF: a state-changing request
 * that is authenticated by the cookie must echo the session's token in X-CSRF-Token, which a cross-site
 * page can neither read nor send. API-key requests carry no ambient credential and need no token.
 */
export const sessionPlugin = (deps: Services) =>
  fp(async function sessions(app: FastifyInstance) {
    const mode = authMode(deps.config);
    app.addHook('onRequest', async (request, reply) => {
      if (!wantsSession(request.url) || bearerToken(request) !== undefined) return;
      if (mode === 'local' && !isLoopbackHost(request.hostname)) {
        // A loopback-only server reached under another name is a DNS-rebinding attempt.
        throw new AppError('forbidden', 'local mode answers only requests addressed to localhost');
      }
      let session = await loadSession(deps, request);
      // the local user owns everything, so its sessions die the moment the server stops being local-only
      if (session?.user.isLocal === true && mode !== 'local') session = undefined;
      if (session === undefined && mode === 'local') session = await startLocalSession(deps, reply);
      if (session === undefined) return;
      request.session = session;
      if (!SAFE_METHODS.has(request.method)) {
        const sent = request.headers['x-csrf-token'];
        if (typeof sent !== 'string' || !safeEqual(sent, session.csrfToken)) {
          throw new AppError(
            'csrf_failed',
            'missing or wrong X-CSRF-Token header (GET /api/me gives the token)',
          );
        }
      }
    });
  });
