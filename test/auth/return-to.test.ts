import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeReturnTo } from '../../src/http/auth/return-to.js';
import { startFakeGithubOAuth, type FakeGithubOAuth } from '../fakes/github-oauth-server.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';
import { setCookie } from './sign-in.js';

let github: FakeGithubOAuth;
let rt: TestRuntime;

beforeAll(async () => {
  github = await startFakeGithubOAuth();
  rt = await createTestRuntime({ env: github.env });
});
afterAll(async () => {
  await rt.close();
  await github.close();
});

/** Where a browser ends up: the whole OAuth round trip with returnTo given raw in the query string. */
async function landAfterSignIn(rawReturnTo: string) {
  const start = await rt.app.inject({
    method: 'GET',
    url: `/auth/github?returnTo=${rawReturnTo}`,
    headers: { host: 'localhost' },
  });
  expect(start.statusCode).toBe(302);
  const approved = await fetch(start.headers.location as string, { redirect: 'manual' });
  const cb = new URL(approved.headers.get('location')!);
  return rt.app.inject({
    method: 'GET',
    url: `${cb.pathname}${cb.search}`,
    headers: { cookie: setCookie(start.headers, 'sc_oauth')!, host: 'localhost' },
  });
}

/** Resolves a Location header the way a browser does, against the page that answered it. */
const browserTarget = (location: string) => new URL(location, 'http://localhost/auth/github/callback');

describe('returnTo after sign-in (open redirect)', () => {
  const attacks: [string, string][] = [
    ['a tab the URL parser drops', '%2F%09%2Fevil.example%2Fstolen'],
    ['a scheme-relative URL', '%2F%2Fevil.example%2Fstolen'],
    ['a backslash browsers read as a slash', '%2F%5Cevil.example%2Fstolen'],
    ['a slash then a backslash', '%2F%5C%2Fevil.example'],
    ['an absolute URL', 'https%3A%2F%2Fevil.example%2Fstolen'],
    ['a javascript: URL', 'javascript%3Aalert(1)'],
    ['a newline (header injection)', '%2Fdashboard%0ALocation%3A%20https%3A%2F%2Fevil.example'],
    ['a carriage return', '%2Fdashboard%0D%0ASet-Cookie%3A%20x%3D1'],
    ['a NUL byte', '%2Fdash%00board'],
    ['a double-encoded scheme-relative path', '%2F%252F%252Fevil.example'],
  ];
  for (const [what, raw] of attacks) {
    it(`lands on /dashboard, never off-site, for ${what}`, async () => {
      const done = await landAfterSignIn(raw);
      expect(done.statusCode).toBe(302);
      const location = done.headers.location as string;
      expect(location).toBe('/dashboard');
      expect(browserTarget(location).origin).toBe('http://localhost');
    });
  }

  it('keeps a same-origin deep link with its query and fragment', async () => {
    const done = await landAfterSignIn(encodeURIComponent('/dashboard/clusters?status=new#top'));
    expect(done.headers.location).toBe('/dashboard/clusters?status=new#top');
  });

  it('gives local mode the same rule (it redirects at once)', async () => {
    const local = await createTestRuntime({ env: { SOULCASTER_LOCAL_MODE: 'auto' } });
    try {
      const res = await local.app.inject({
        method: 'GET',
        url: '/auth/github?returnTo=%2F%09%2Fevil.example%2Fstolen',
        headers: { host: 'localhost' },
      });
      expect(res.statusCode).toBe(302);
      expect(res.headers.location).toBe('/dashboard');
      const nl = await local.app.inject({
        method: 'GET',
        url: '/auth/github?returnTo=%2Fa%0Ab',
        headers: { host: 'localhost' },
      });
      expect(nl.statusCode).toBe(302);
      expect(nl.headers.location).toBe('/dashboard');
    } finally {
      await local.close();
    }
  });

  it('returns the parsed path, so what the browser follows is what was checked', () => {
    expect(safeReturnTo('/dashboard/../dashboard/feedback')).toBe('/dashboard/feedback');
    expect(safeReturnTo('/dashboard/é')).toBe('/dashboard/%C3%A9');
    expect(safeReturnTo(undefined)).toBe('/dashboard');
    expect(safeReturnTo('dashboard')).toBe('/dashboard');
    expect(safeReturnTo(`/${'a'.repeat(3000)}`)).toBe('/dashboard');
  });
});
