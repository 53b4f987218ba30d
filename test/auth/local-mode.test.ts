import { afterEach, describe, expect, it } from 'vitest';
import { createProject } from '../../src/domain/projects/create-project.js';
import { getUserGithubToken } from '../../src/domain/users/get-user-github-token.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';
import { setCookie } from './sign-in.js';

let rt: TestRuntime | undefined;
afterEach(async () => {
  await rt?.close();
  rt = undefined;
});

describe('single-user local mode', () => {
  it('on loopback without an OAuth app, a browser is the local user without signing in', async () => {
    rt = await createTestRuntime({
      env: { SOULCASTER_LOCAL_MODE: 'auto', GITHUB_TOKEN: 'ghp_localtoken123' },
    });
    const first = await rt.app.inject({ method: 'GET', url: '/api/me', headers: { host: '127.0.0.1:3000' } });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ mode: 'local', user: { login: 'local' } });
    const cookie = setCookie(first.headers, 'sc_session')!;
    expect(cookie).toBeDefined();
    // the same session is reused, not one per request
    const again = await rt.app.inject({
      method: 'GET',
      url: '/api/me',
      headers: { cookie, host: 'localhost' },
    });
    expect(setCookie(again.headers, 'sc_session')).toBeUndefined();
    expect(again.json().user.id).toBe(first.json().user.id);
    // the local user's jobs use GITHUB_TOKEN, sealed at rest
    expect(
      await getUserGithubToken({
        db: rt.db.pool,
        secrets: rt.services.secrets,
        userId: first.json().user.id,
      }),
    ).toBe('ghp_localtoken123');
  });

  it('sees every project on the machine, including ones made by the CLI', async () => {
    rt = await createTestRuntime({ env: { SOULCASTER_LOCAL_MODE: 'auto' } });
    const cli = await createProject(rt.db.pool, { name: 'From CLI' });
    const list = await rt.app.inject({ method: 'GET', url: '/api/projects', headers: { host: 'localhost' } });
    expect(list.json().items).toEqual([
      expect.objectContaining({ id: cli.id, name: 'From CLI', role: 'owner' }),
    ]);
  });

  it('lists the local user as the owner among the members of every project', async () => {
    rt = await createTestRuntime({ env: { SOULCASTER_LOCAL_MODE: 'auto' } });
    const cli = await createProject(rt.db.pool, { name: 'From CLI' });
    const me = await rt.app.inject({ method: 'GET', url: '/api/me', headers: { host: 'localhost' } });
    const cookie = setCookie(me.headers, 'sc_session')!;
    const members = await rt.app.inject({
      method: 'GET',
      url: `/api/projects/${cli.id}/members`,
      headers: { host: 'localhost', cookie },
    });
    expect(members.statusCode).toBe(200);
    expect(members.json().items).toEqual([
      { userId: me.json().user.id, login: 'local', name: 'Local user', avatarUrl: null, role: 'owner' },
    ]);
  });

  it('still requires the CSRF token, so another site cannot drive it', async () => {
    rt = await createTestRuntime({ env: { SOULCASTER_LOCAL_MODE: 'auto' } });
    const res = await rt.app.inject({
      method: 'POST',
      url: '/api/projects',
      headers: { host: 'localhost', 'content-type': 'application/json' },
      payload: { name: 'csrf' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('csrf_failed');
  });

  it('refuses requests addressed to another host name (DNS rebinding)', async () => {
    rt = await createTestRuntime({ env: { SOULCASTER_LOCAL_MODE: 'auto' } });
    const res = await rt.app.inject({
      method: 'GET',
      url: '/api/me',
      headers: { host: 'attacker.example:3000' },
    });
    expect(res.statusCode).toBe(403);
    expect(setCookie(res.headers, 'sc_session')).toBeUndefined();
  });

  it('is off when bound beyond loopback: only API keys, and /api/me says why', async () => {
    rt = await createTestRuntime({ env: { SOULCASTER_LOCAL_MODE: 'auto', HOST: '0.0.0.0' } });
    const me = await rt.app.inject({ method: 'GET', url: '/api/me', headers: { host: 'localhost' } });
    expect(me.statusCode).toBe(401);
    expect(me.json().error).toMatchObject({ details: { mode: 'api_keys_only' } });
    const start = await rt.app.inject({ method: 'GET', url: '/auth/github' });
    expect(start.statusCode).toBe(503);
    expect(start.json().error.message).toContain('GITHUB_CLIENT_ID');
  });

  it('ignores an old local session once an OAuth app is configured', async () => {
    rt = await createTestRuntime({ env: { SOULCASTER_LOCAL_MODE: 'auto' } });
    const first = await rt.app.inject({ method: 'GET', url: '/api/me', headers: { host: 'localhost' } });
    const cookie = setCookie(first.headers, 'sc_session')!;
    const oauth = await createTestRuntime({
      env: { GITHUB_CLIENT_ID: 'id', GITHUB_CLIENT_SECRET: 'secret' },
    });
    try {
      // same database contents are not shared between runtimes, so copy the session row across
      const { rows } = await rt.db.pool.query('select * from sessions');
      const s = rows[0] as { id: string; csrf_token: string; expires_at: Date };
      await oauth.db.pool.query(
        `insert into users (id, login, is_local) select user_id, 'local', true from (select $1::uuid as user_id) x`,
        [(await rt.db.pool.query<{ user_id: string }>('select user_id from sessions')).rows[0]!.user_id],
      );
      await oauth.db.pool.query(
        'insert into sessions (id, user_id, csrf_token, expires_at) select $1, id, $2, $3 from users where is_local',
        [s.id, s.csrf_token, s.expires_at],
      );
      const me = await oauth.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
      expect(me.statusCode).toBe(401);
    } finally {
      await oauth.close();
    }
  });
});
