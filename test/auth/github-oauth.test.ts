import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getUserGithubToken } from '../../src/domain/users/get-user-github-token.js';
import { startFakeGithubOAuth, type FakeGithubOAuth } from '../fakes/github-oauth-server.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';
import { setCookie, signInWithGithub } from './sign-in.js';

let github: FakeGithubOAuth;
let rt: TestRuntime;

beforeAll(async () => {
  github = await startFakeGithubOAuth();
  rt = await createTestRuntime({
    env: github.env,
  });
});
afterAll(async () => {
  await rt.close();
  await github.close();
});

describe('GitHub OAuth sign-in', () => {
  it('redirects to GitHub with the app, scopes repo + read:user, a state, and a state cookie', async () => {
    const res = await rt.app.inject({
      method: 'GET',
      url: '/auth/github?returnTo=/dashboard/clusters',
      headers: { host: 'localhost:3000' },
    });
    expect(res.statusCode).toBe(302);
    const url = new URL(res.headers.location as string);
    expect(`${url.origin}${url.pathname}`).toBe(`${github.url}/login/oauth/authorize`);
    expect(url.searchParams.get('client_id')).toBe(github.clientId);
    expect(url.searchParams.get('scope')).toBe('repo read:user');
    expect(url.searchParams.get('redirect_uri')).toBe('http://localhost:3000/auth/github/callback');
    expect(url.searchParams.get('state')).toMatch(/^st_/);
    const cookie = [res.headers['set-cookie']].flat().join('\n');
    expect(cookie).toMatch(/sc_oauth=.*HttpOnly; SameSite=Lax/);
    expect(cookie).not.toContain(url.searchParams.get('state')!); // sealed, not readable
  });

  it('completes the flow: session cookie, /api/me, token sealed at rest and usable by jobs', async () => {
    const me = await signInWithGithub(rt, github, { id: 7, login: 'ada', name: 'Ada' });
    const res = await rt.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: me.cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ user: { login: 'ada', name: 'Ada' }, mode: 'github' });
    const token = github.tokens.get('ada')!;
    const { rows } = await rt.db.pool.query<{ github_token_encrypted: string; github_token_scopes: string }>(
      'select github_token_encrypted, github_token_scopes from users where login = $1',
      ['ada'],
    );
    expect(rows[0]!.github_token_encrypted).not.toContain(token);
    expect(rows[0]!.github_token_scopes).toBe('repo,read:user');
    const { rows: all } = await rt.db.pool.query('select * from users');
    expect(JSON.stringify(all)).not.toContain(token);
    expect(
      await getUserGithubToken({ db: rt.db.pool, secrets: rt.services.secrets, userId: me.userId }),
    ).toBe(token);
  });

  it('sets an http-only same-site session cookie that holds no readable session id', async () => {
    github.signInAs({ id: 8, login: 'grace', name: 'Grace', email: null });
    const start = await rt.app.inject({ method: 'GET', url: '/auth/github', headers: { host: 'localhost' } });
    const approved = await fetch(start.headers.location as string, { redirect: 'manual' });
    const cb = new URL(approved.headers.get('location')!);
    const done = await rt.app.inject({
      method: 'GET',
      url: `${cb.pathname}${cb.search}`,
      headers: { cookie: setCookie(start.headers, 'sc_oauth')!, host: 'localhost' },
    });
    expect(done.statusCode).toBe(302);
    expect(done.headers.location).toBe('/dashboard');
    const raw = [done.headers['set-cookie']].flat().find((c) => String(c).startsWith('sc_session='))!;
    expect(raw).toMatch(/HttpOnly/);
    expect(raw).toMatch(/SameSite=Lax/);
    const { rows } = await rt.db.pool.query<{ id: string }>(
      'select s.id from sessions s join users u on u.id = s.user_id where u.login = $1',
      ['grace'],
    );
    expect(raw).not.toContain(rows[0]!.id);
  });

  it('refuses a callback whose state does not match, and stores no session', async () => {
    const start = await rt.app.inject({ method: 'GET', url: '/auth/github', headers: { host: 'localhost' } });
    const approved = await fetch(start.headers.location as string, { redirect: 'manual' });
    const cb = new URL(approved.headers.get('location')!);
    cb.searchParams.set('state', 'st_forged');
    const before = await rt.db.pool.query('select count(*)::int as n from sessions');
    const res = await rt.app.inject({
      method: 'GET',
      url: `${cb.pathname}${cb.search}`,
      headers: { cookie: setCookie(start.headers, 'sc_oauth')!, host: 'localhost' },
    });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toMatch(/^\/auth\/signin\?error=/);
    expect(setCookie(res.headers, 'sc_session')).toBeUndefined();
    const after = await rt.db.pool.query('select count(*)::int as n from sessions');
    expect(after.rows).toEqual(before.rows);
  });

  it('sends a denied authorization back to the sign-in page with GitHub’s reason', async () => {
    github.denyNext();
    const start = await rt.app.inject({ method: 'GET', url: '/auth/github', headers: { host: 'localhost' } });
    const approved = await fetch(start.headers.location as string, { redirect: 'manual' });
    const cb = new URL(approved.headers.get('location')!);
    const res = await rt.app.inject({
      method: 'GET',
      url: `${cb.pathname}${cb.search}`,
      headers: { cookie: setCookie(start.headers, 'sc_oauth')!, host: 'localhost' },
    });
    expect(decodeURIComponent(res.headers.location as string)).toContain('denied your application access');
  });

  it('never redirects off-site after sign-in', async () => {
    const res = await rt.app.inject({
      method: 'GET',
      url: '/auth/github?returnTo=//evil.example/x',
      headers: { host: 'localhost' },
    });
    const approved = await fetch(res.headers.location as string, { redirect: 'manual' });
    const cb = new URL(approved.headers.get('location')!);
    const done = await rt.app.inject({
      method: 'GET',
      url: `${cb.pathname}${cb.search}`,
      headers: { cookie: setCookie(res.headers, 'sc_oauth')!, host: 'localhost' },
    });
    expect(done.headers.location).toBe('/dashboard');
  });

  it('answers 401 to /api/me without a session, and to a tampered cookie', async () => {
    expect((await rt.app.inject({ method: 'GET', url: '/api/me' })).statusCode).toBe(401);
    const res = await rt.app.inject({
      method: 'GET',
      url: '/api/me',
      headers: { cookie: 'sc_session=v1.AAAA.BBBB.CCCC' },
    });
    expect(res.statusCode).toBe(401);
  });

  it('requires the CSRF token on state-changing requests made with the cookie', async () => {
    const me = await signInWithGithub(rt, github, { id: 9, login: 'linus' });
    const count = async () =>
      (await rt.db.pool.query<{ n: number }>('select count(*)::int as n from projects')).rows[0]!.n;
    const before = await count();
    const missing = await rt.app.inject({
      method: 'POST',
      url: '/api/projects',
      headers: { cookie: me.cookie },
      payload: { name: 'No token' },
    });
    expect(missing.statusCode).toBe(403);
    expect(missing.json().error.code).toBe('csrf_failed');
    const wrong = await rt.app.inject({
      method: 'POST',
      url: '/api/projects',
      headers: { cookie: me.cookie, 'x-csrf-token': 'csrf_wrong' },
      payload: { name: 'Wrong token' },
    });
    expect(wrong.statusCode).toBe(403);
    expect(await count()).toBe(before);
    const ok = await rt.app.inject({
      method: 'POST',
      url: '/api/projects',
      headers: { cookie: me.cookie, 'x-csrf-token': me.csrfToken },
      payload: { name: 'With token', repo: 'octo/app' },
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({
      project: { name: 'With token', role: 'owner' },
      apiKey: expect.stringMatching(/^sc_/),
    });
  });

  it('signs out: the session is revoked server-side and the cookie cleared', async () => {
    const me = await signInWithGithub(rt, github, { id: 10, login: 'barbara' });
    const out = await rt.app.inject({
      method: 'POST',
      url: '/auth/signout',
      headers: { cookie: me.cookie, 'x-csrf-token': me.csrfToken },
    });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/sc_session=;.*Max-Age=0/);
    const after = await rt.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: me.cookie } });
    expect(after.statusCode).toBe(401);
  });
});
