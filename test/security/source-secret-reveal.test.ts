import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSource } from '../../src/domain/sources/source-repository.js';
import { signInWithGithub, type SignedIn } from '../auth/sign-in.js';
import { startFakeGithubOAuth, type FakeGithubOAuth } from '../fakes/github-oauth-server.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';

/**
 * A source's secrets are shown masked; an owner signed in may reveal one to paste it into the vendor again.
 * Neither a member nor an API key may: the key is handed to integrations, and a vendor's signing secret
 * lets whoever holds it forge deliveries.
 */
let github: FakeGithubOAuth;
let rt: TestRuntime;
let owner: SignedIn;
let member: SignedIn;
let project: { id: string; apiKey: string };
let sourceId: string;

const as = (s: SignedIn) => ({ cookie: s.cookie, 'x-csrf-token': s.csrfToken });
const reveal = (headers: Record<string, string>, secret = 'clientSecret') =>
  rt.app.inject({
    method: 'POST',
    url: `/api/projects/${project.id}/sources/${sourceId}/secrets/${secret}/reveal`,
    headers,
  });

beforeAll(async () => {
  github = await startFakeGithubOAuth();
  rt = await createTestRuntime({ env: github.env });
  owner = await signInWithGithub(rt, github, { id: 21, login: 'oona' });
  member = await signInWithGithub(rt, github, { id: 22, login: 'max' });
  const created = await rt.app.inject({
    method: 'POST',
    url: '/api/projects',
    headers: as(owner),
    payload: { name: 'secrets' },
  });
  const body = created.json<{ project: { id: string }; apiKey: string }>();
  project = { id: body.project.id, apiKey: body.apiKey };
  await rt.app.inject({
    method: 'POST',
    url: `/api/projects/${project.id}/members`,
    headers: as(owner),
    payload: { login: 'max', role: 'member' },
  });
  sourceId = (
    await createSource({ db: rt.db.pool, secrets: rt.services.secrets }, project.id, {
      kind: 'sentry',
      secrets: { clientSecret: 'sentry-signing-secret-1234' },
    })
  ).id;
});
afterAll(async () => {
  await rt.close();
  await github.close();
});

describe('revealing a source secret', () => {
  it('lists it masked, and reveals it to a signed-in owner', async () => {
    const list = await rt.app.inject({
      method: 'GET',
      url: `/api/projects/${project.id}/sources`,
      headers: as(owner),
    });
    expect(JSON.stringify(list.json())).not.toContain('sentry-signing-secret-1234');
    const res = await reveal(as(owner));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ name: 'clientSecret', value: 'sentry-signing-secret-1234' });
    expect((await reveal(as(owner), 'nope')).statusCode).toBe(404);
  });

  it('refuses a member and an API key', async () => {
    for (const headers of [as(member), { authorization: `Bearer ${project.apiKey}` }]) {
      const res = await reveal(headers);
      expect(res.statusCode).toBe(403);
      expect(JSON.stringify(res.json())).not.toContain('sentry-signing-secret');
    }
  });
});
