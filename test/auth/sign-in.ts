import type { TestRuntime } from '../helpers/test-runtime.js';
import type { FakeGithubOAuth } from '../fakes/github-oauth-server.js';

export interface SignedIn {
  cookie: string;
  csrfToken: string;
  userId: string;
}

/** Reads `name=value` of one Set-Cookie header from an inject() response. */
export function setCookie(headers: Record<string, unknown>, name: string): string | undefined {
  const raw = headers['set-cookie'];
  const all = Array.isArray(raw) ? (raw as string[]) : typeof raw === 'string' ? [raw] : [];
  const found = all.find((c) => c.startsWith(`${name}=`));
  return found?.split(';')[0];
}

/** The whole OAuth web flow: our /auth/github → GitHub's authorize (real HTTP) → our callback → /api/me. */
export async function signInWithGithub(
  rt: TestRuntime,
  github: FakeGithubOAuth,
  as: { id: number; login: string; name?: string },
): Promise<SignedIn> {
  github.signInAs({ id: as.id, login: as.login, name: as.name ?? as.login, email: null });
  const start = await rt.app.inject({
    method: 'GET',
    url: '/auth/github',
    headers: { host: 'localhost:3000' },
  });
  const oauthCookie = setCookie(start.headers, 'sc_oauth');
  const approved = await fetch(start.headers.location as string, { redirect: 'manual' });
  const callback = new URL(approved.headers.get('location')!);
  const done = await rt.app.inject({
    method: 'GET',
    url: `${callback.pathname}${callback.search}`,
    headers: { cookie: oauthCookie ?? '', host: 'localhost:3000' },
  });
  const cookie = setCookie(done.headers, 'sc_session');
  if (cookie === undefined)
    throw new Error(`sign-in failed: ${done.statusCode} ${String(done.headers.location)}`);
  const me = await rt.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
  const body = me.json<{ user: { id: string }; csrfToken: string }>();
  return { cookie, csrfToken: body.csrfToken, userId: body.user.id };
}
