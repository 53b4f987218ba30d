import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/http/app.js';
import { signInWithGithub, type SignedIn } from '../auth/sign-in.js';
import { startFakeGithubOAuth, type FakeGithubOAuth } from '../fakes/github-oauth-server.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';

/** Every (method, path) the app serves, read from Fastify's own route tree. */
function routesOf(app: App): { method: string; path: string }[] {
  const out: { method: string; path: string }[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^([│ ]*)[├└]── (\S+)(?: \(([^)]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    stack.length = depth;
    stack.push(m[2]!);
    for (const method of (m[3] ?? '').split(', ').filter((x) => x !== '' && x !== 'HEAD')) {
      out.push({ method, path: stack.join('') });
    }
  }
  return out;
}

let github: FakeGithubOAuth;
let rt: TestRuntime;
let alice: SignedIn;
let bob: SignedIn;
let projectA: { id: string; apiKey: string };
let projectB: { id: string; apiKey: string };
const ids: Record<string, string> = {};
const SECRET_TITLE = 'Alice-only checkout crash 7f3a';

async function snapshotProject(projectId: string): Promise<string> {
  const tables = [
    'projects',
    'memberships',
    'api_keys',
    'sources',
    'clusters',
    'feedback_items',
    'coding_plans',
    'agent_jobs',
    'notification_channels',
    'notification_rules',
    'notification_deliveries',
  ];
  const parts: string[] = [];
  for (const t of tables) {
    const col = t === 'projects' ? 'id' : 'project_id';
    const { rows } = await rt.db.pool.query(`select * from ${t} where ${col} = $1 order by 1`, [projectId]);
    // last_used_at moves whenever a key authenticates; it is not project data
    parts.push(JSON.stringify(rows.map((r: Record<string, unknown>) => ({ ...r, last_used_at: null }))));
  }
  return createHash('sha256').update(parts.join('\n')).digest('hex');
}

beforeAll(async () => {
  github = await startFakeGithubOAuth();
  rt = await createTestRuntime({
    env: github.env,
  });
  alice = await signInWithGithub(rt, github, { id: 1, login: 'alice' });
  bob = await signInWithGithub(rt, github, { id: 2, login: 'bob' });
  const create = async (who: SignedIn, name: string) => {
    const res = await rt.app.inject({
      method: 'POST',
      url: '/api/projects',
      headers: { cookie: who.cookie, 'x-csrf-token': who.csrfToken },
      payload: { name, repo: 'octo/app' },
    });
    const body = res.json<{ project: { id: string }; apiKey: string }>();
    return { id: body.project.id, apiKey: body.apiKey };
  };
  projectA = await create(alice, 'Alice project');
  projectB = await create(bob, 'Bob project');

  const asAlice = { cookie: alice.cookie, 'x-csrf-token': alice.csrfToken };
  const source = await rt.app.inject({
    method: 'POST',
    url: `/api/projects/${projectA.id}/sources`,
    headers: asAlice,
    payload: { kind: 'reddit', name: 'r', config: { subreddits: ['alicesub'] } },
  });
  ids.sourceId = source.json<{ id: string }>().id;
  const item = await rt.app.inject({
    method: 'POST',
    url: `/api/projects/${projectA.id}/feedback`,
    headers: asAlice,
    payload: { title: SECRET_TITLE, body: 'stack trace at checkout.ts:42' },
  });
  ids.itemId = item.json<{ id: string }>().id;
  ids.clusterId = (await rt.services.clustering.clusterItem(projectA.id, ids.itemId))!.clusterId;
  const plan = await rt.db.pool.query<{ id: string }>(
    `insert into coding_plans (project_id, cluster_id, summary, kind) values ($1, $2, 'plan', 'heuristic') returning id`,
    [projectA.id, ids.clusterId],
  );
  ids.planId = plan.rows[0]!.id;
  const fix = await rt.db.pool.query<{ id: string }>(
    // with its pull request, so the routes about a fix's PR (its review) answer too
    `insert into agent_jobs (project_id, cluster_id, plan_id, started_by, status, runner, agent, repo, pr_number, pr_state)
     values ($1, $2, $3, $4, 'success', 'local', 'command', 'octo/app', 1, 'open') returning id`,
    [projectA.id, ids.clusterId, ids.planId, alice.userId],
  );
  ids.fixId = fix.rows[0]!.id;
  ids.userId = alice.userId;
  ids.secret = 'token';
  const channel = await rt.app.inject({
    method: 'POST',
    url: `/api/projects/${projectA.id}/notifications/channels`,
    headers: asAlice,
    payload: { kind: 'webhook', name: 'alice hook', url: 'http://127.0.0.1:9/hook' },
  });
  ids.channelId = channel.json<{ id: string }>().id;
  const rule = await rt.app.inject({
    method: 'POST',
    url: `/api/projects/${projectA.id}/notifications/rules`,
    headers: asAlice,
    payload: { event: 'fix.failed', channelId: ids.channelId },
  });
  ids.ruleId = rule.json<{ id: string }>().id;
  const key = await rt.app.inject({
    method: 'POST',
    url: `/api/projects/${projectA.id}/api-keys`,
    headers: asAlice,
    payload: { name: 'second' },
  });
  ids.keyId = key.json<{ apiKey: { id: string } }>().apiKey.id;
});
afterAll(async () => {
  await rt.close();
  await github.close();
});

function fill(path: string, projectId: string): string {
  return path.replace(/:(\w+)/g, (_, name: string) => {
    if (name === 'projectId') return projectId;
    const value = ids[name];
    if (value === undefined)
      throw new Error(`tenant test does not know route parameter :${name} (${path}); add one`);
    return value;
  });
}

describe('tenant isolation over every /api/projects/:projectId route', () => {
  it('covers the whole project API', () => {
    const scoped = routesOf(rt.app).filter((r) => r.path.includes(':projectId'));
    expect(scoped.length).toBeGreaterThanOrEqual(20);
  });

  it("another user's session, another project's API key, and no credentials get nothing of project A", async () => {
    const before = await snapshotProject(projectA.id);
    const scoped = routesOf(rt.app).filter((r) => r.path.includes(':projectId'));
    const callers: [string, Record<string, string>, number[]][] = [
      ['bob (session)', { cookie: bob.cookie, 'x-csrf-token': bob.csrfToken }, [404]],
      ["project B's API key", { authorization: `Bearer ${projectB.apiKey}` }, [404]],
      ['nobody', {}, [401]],
    ];
    const failures: string[] = [];
    for (const route of scoped) {
      const url = fill(route.path, projectA.id);
      for (const [who, headers, allowed] of callers) {
        const res = await rt.app.inject({
          method: route.method as 'GET',
          url,
          headers,
          ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: {} }),
        });
        if (
          !allowed.includes(res.statusCode) ||
          res.body.includes(SECRET_TITLE) ||
          res.body.includes('alicesub')
        ) {
          failures.push(
            `${who}: ${route.method} ${route.path} → ${res.statusCode} ${res.body.slice(0, 120)}`,
          );
        }
      }
    }
    expect(failures).toEqual([]);
    expect(await snapshotProject(projectA.id)).toBe(before);
  });

  it('the same requests succeed for the owner, so the 404s above are not bad ids', async () => {
    const reads = routesOf(rt.app).filter(
      (r) => r.path.includes(':projectId') && r.method === 'GET' && !r.path.endsWith('/events'),
    );
    for (const route of reads) {
      const res = await rt.app.inject({
        method: 'GET',
        url: fill(route.path, projectA.id),
        headers: { cookie: alice.cookie },
      });
      expect(res.statusCode, `${route.path}: ${res.body.slice(0, 200)}`).toBe(200);
    }
  });

  it('lists only the projects a user belongs to, until an owner adds them', async () => {
    const list = async (who: SignedIn) =>
      (await rt.app.inject({ method: 'GET', url: '/api/projects', headers: { cookie: who.cookie } }))
        .json<{ items: { id: string }[] }>()
        .items.map((p) => p.id);
    expect(await list(bob)).toEqual([projectB.id]);
    const add = await rt.app.inject({
      method: 'POST',
      url: `/api/projects/${projectA.id}/members`,
      headers: { cookie: alice.cookie, 'x-csrf-token': alice.csrfToken },
      payload: { login: 'BOB' },
    });
    expect(add.statusCode).toBe(201);
    expect(add.json()).toMatchObject({ login: 'bob', role: 'member' });
    expect(await list(bob)).toEqual([projectA.id, projectB.id]);
    const seen = await rt.app.inject({
      method: 'GET',
      url: `/api/projects/${projectA.id}/feedback`,
      headers: { cookie: bob.cookie },
    });
    expect(seen.body).toContain(SECRET_TITLE);
    // a member cannot manage members
    const escalate = await rt.app.inject({
      method: 'POST',
      url: `/api/projects/${projectA.id}/members`,
      headers: { cookie: bob.cookie, 'x-csrf-token': bob.csrfToken },
      payload: { login: 'bob', role: 'owner' },
    });
    expect(escalate.statusCode).toBe(403);
    // the last owner cannot be removed; a member can be
    const lastOwner = await rt.app.inject({
      method: 'DELETE',
      url: `/api/projects/${projectA.id}/members/${alice.userId}`,
      headers: { cookie: alice.cookie, 'x-csrf-token': alice.csrfToken },
    });
    expect(lastOwner.statusCode).toBe(409);
    const remove = await rt.app.inject({
      method: 'DELETE',
      url: `/api/projects/${projectA.id}/members/${bob.userId}`,
      headers: { cookie: alice.cookie, 'x-csrf-token': alice.csrfToken },
    });
    expect(remove.statusCode).toBe(204);
    expect(await list(bob)).toEqual([projectB.id]);
  });

  it('adding someone who never signed in says what to do', async () => {
    const res = await rt.app.inject({
      method: 'POST',
      url: `/api/projects/${projectA.id}/members`,
      headers: { cookie: alice.cookie, 'x-csrf-token': alice.csrfToken },
      payload: { login: 'stranger' },
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.message).toMatch(/sign in with GitHub once/);
  });
});
