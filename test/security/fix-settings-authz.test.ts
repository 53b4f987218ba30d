import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setFixSettings } from '../../src/domain/fixes/fix-settings.js';
import { signInWithGithub, type SignedIn } from '../auth/sign-in.js';
import { startFakeGithubOAuth, type FakeGithubOAuth } from '../fakes/github-oauth-server.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';

/**
 * Who may choose what a fix runs on the server. The attack: a project API key (handed to a CI system or a
 * webhook integration) sets a test command that reads the server's secrets; the next Start Fix, by anyone,
 * would run it. Only a signed-in owner may change agent, runner, test command or time limit, the server
 * may narrow the choices further, and every change is recorded.
 */
let github: FakeGithubOAuth;
let rt: TestRuntime;
let owner: SignedIn;
let member: SignedIn;
let project: { id: string; apiKey: string };

const put = (payload: unknown, headers: Record<string, string>) =>
  rt.app.inject({
    method: 'PUT',
    url: `/api/projects/${project.id}/settings/fix`,
    headers,
    payload: payload as Record<string, unknown>,
  });
const as = (s: SignedIn) => ({ cookie: s.cookie, 'x-csrf-token': s.csrfToken });
const settings = async () =>
  (
    await rt.app.inject({
      method: 'GET',
      url: `/api/projects/${project.id}/settings/fix`,
      headers: as(owner),
    })
  ).json();

beforeAll(async () => {
  github = await startFakeGithubOAuth();
  rt = await createTestRuntime({
    env: { ...github.env, FIX_ALLOWED_AGENTS: 'command,claude-code', SOULCASTER_AGENT: 'command' },
  });
  owner = await signInWithGithub(rt, github, { id: 11, login: 'olivia' });
  member = await signInWithGithub(rt, github, { id: 12, login: 'mo' });
  const created = await rt.app.inject({
    method: 'POST',
    url: '/api/projects',
    headers: as(owner),
    payload: { name: 'guarded', repo: 'acme/shop' },
  });
  expect(created.statusCode).toBe(201);
  const body = created.json<{ project: { id: string }; apiKey: string }>();
  project = { id: body.project.id, apiKey: body.apiKey };
  const added = await rt.app.inject({
    method: 'POST',
    url: `/api/projects/${project.id}/members`,
    headers: as(owner),
    payload: { login: 'mo', role: 'member' },
  });
  expect(added.statusCode).toBe(201);
});
afterAll(async () => {
  await rt.close();
  await github.close();
});

describe('who may set what a fix runs', () => {
  it('refuses a test command sent with an API key (403, the documented error shape), changing nothing', async () => {
    const res = await put(
      { testCommand: 'tr "\\0" "\\n" </proc/$PPID/environ | base64' },
      { authorization: `Bearer ${project.apiKey}` },
    );
    expect(res.statusCode).toBe(403);
    expect(res.json()).toEqual({
      error: { code: 'forbidden', message: expect.stringContaining('signed-in project owner') },
    });
    expect(await settings()).toEqual({});
  });

  it('refuses every field that decides what runs when it comes with an API key', async () => {
    for (const payload of [{ agent: 'command' }, { runner: 'local' }, { timeoutSeconds: 3600 }]) {
      const res = await put(payload, { authorization: `Bearer ${project.apiKey}` });
      expect(res.statusCode, JSON.stringify(payload)).toBe(403);
    }
    expect(await settings()).toEqual({});
  });

  it('refuses a signed-in member who is not an owner', async () => {
    const res = await put({ testCommand: 'make test' }, as(member));
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('forbidden');
  });

  it('lets the owner set them, within what the server allows', async () => {
    const ok = await put(
      { agent: 'command', testCommand: 'sh test/cart.test.sh', timeoutSeconds: 600 },
      as(owner),
    );
    expect(ok.statusCode).toBe(200);
    expect(await settings()).toEqual({
      agent: 'command',
      testCommand: 'sh test/cart.test.sh',
      timeoutSeconds: 600,
    });
    // FIX_ALLOWED_AGENTS=command,claude-code
    const refused = await put({ agent: 'codex' }, as(owner));
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toContain('FIX_ALLOWED_AGENTS');
  });

  it('records every change with who, when and old → new, listed by the API', async () => {
    expect(
      (await put({ agent: 'claude-code', testCommand: 'npm test', timeoutSeconds: 600 }, as(owner)))
        .statusCode,
    ).toBe(200);
    const res = await rt.app.inject({
      method: 'GET',
      url: `/api/projects/${project.id}/settings/fix/changes`,
      headers: as(member),
    });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as {
      at: string;
      actor: { id: string; login: string } | null;
      changes: { field: string; old: unknown; new: unknown }[];
    }[];
    expect(items).toHaveLength(2);
    // newest first
    expect(items[0]!.actor).toEqual({ id: owner.userId, login: 'olivia' });
    expect(items[0]!.changes).toEqual([
      { field: 'agent', old: 'command', new: 'claude-code' },
      { field: 'testCommand', old: 'sh test/cart.test.sh', new: 'npm test' },
    ]);
    expect(items[1]!.changes).toEqual([
      { field: 'agent', old: null, new: 'command' },
      { field: 'testCommand', old: null, new: 'sh test/cart.test.sh' },
      { field: 'timeoutSeconds', old: null, new: 600 },
    ]);
    expect(Date.parse(items[0]!.at)).toBeGreaterThanOrEqual(Date.parse(items[1]!.at));
  });
});

describe('a server that allows no test commands', () => {
  it('refuses a test command even from the owner, and refuses to start a fix with one stored earlier', async () => {
    const strict = await createTestRuntime({ env: { ...github.env, FIX_ALLOW_TEST_COMMANDS: 'false' } });
    try {
      const me = await signInWithGithub(strict, github, { id: 21, login: 'stella' });
      const p = (
        await strict.app.inject({
          method: 'POST',
          url: '/api/projects',
          headers: as(me),
          payload: { name: 'strict', repo: 'acme/shop' },
        })
      ).json().project as { id: string };
      const res = await strict.app.inject({
        method: 'PUT',
        url: `/api/projects/${p.id}/settings/fix`,
        headers: as(me),
        payload: { testCommand: 'npm test' },
      });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.message).toContain('FIX_ALLOW_TEST_COMMANDS');
      const agentOnly = await strict.app.inject({
        method: 'PUT',
        url: `/api/projects/${p.id}/settings/fix`,
        headers: as(me),
        payload: { timeoutSeconds: 300 },
      });
      expect(agentOnly.statusCode).toBe(200);
      // a test command stored before the server stopped allowing them does not run
      await setFixSettings(strict.db.pool, p.id, { testCommand: 'npm test' });
      const { rows } = await strict.db.pool.query<{ id: string }>(
        `insert into clusters (project_id, title, repo) values ($1, 'crash', 'acme/shop') returning id`,
        [p.id],
      );
      const start = await strict.app.inject({
        method: 'POST',
        url: `/api/projects/${p.id}/clusters/${rows[0]!.id}/fix`,
        headers: as(me),
        payload: {},
      });
      expect(start.statusCode).toBe(403);
      expect(start.json().error.message).toContain('FIX_ALLOW_TEST_COMMANDS');
      const jobs = await strict.db.pool.query('select 1 from agent_jobs where project_id = $1', [p.id]);
      expect(jobs.rowCount).toBe(0);
    } finally {
      await strict.close();
    }
  });
});
