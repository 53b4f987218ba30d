import path from 'node:path';
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finishFix } from '../../src/domain/fixes/finish-fix.js';
import { createProject } from '../../src/domain/projects/create-project.js';
import { setCookie } from '../auth/sign-in.js';
import { fixLoopEnv, tempDataDir } from '../fixes/fix-fixtures.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';

let rt: TestRuntime;
let dir: string;
let session: Record<string, string>;
let projectId: string;
let apiKey: string;

beforeAll(async () => {
  dir = await tempDataDir();
  rt = await createTestRuntime({
    // no workers: started fixes stay pending, which is what the concurrency budget counts
    workers: false,
    env: {
      ...fixLoopEnv({ dataDir: dir, githubUrl: 'http://127.0.0.1:9', agentFile: path.join(dir, 'agent.sh') }),
      SOULCASTER_LOCAL_MODE: 'auto',
      GITHUB_TOKEN: 'ghp_budgettoken0123456789abcdefghijkl',
      PUBLIC_URL: 'http://127.0.0.1:3000',
      // every delivery authenticates its key, so the last-use coalescing itself is what is measured
      INGEST_LOOKUP_CACHE_MS: '0',
    },
  });
  const me = await rt.app.inject({ method: 'GET', url: '/api/me', headers: { host: '127.0.0.1:3000' } });
  session = {
    cookie: setCookie(me.headers, 'sc_session')!,
    'x-csrf-token': me.json().csrfToken as string,
    host: '127.0.0.1:3000',
  };
  const p = await createProject(rt.db.pool, { name: 'budgets', repo: 'acme/shop' });
  projectId = p.id;
  apiKey = p.apiKey;
});
afterAll(async () => {
  await rt.close();
  await rm(dir, { recursive: true, force: true });
});

const api = (
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  headers: Record<string, string>,
  payload?: unknown,
) =>
  rt.app.inject({
    method,
    url: `/api/projects/${projectId}${url}`,
    headers,
    ...(payload !== undefined ? { payload: payload as object } : {}),
  });
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

async function newCluster(title: string): Promise<string> {
  const { rows } = await rt.db.pool.query<{ id: string }>(
    `insert into clusters (project_id, title, repo) values ($1, $2, 'acme/shop') returning id`,
    [projectId, title],
  );
  return rows[0]!.id;
}
const startFix = (clusterId: string) => api('POST', `/clusters/${clusterId}/fix`, session, {});

describe('fix budgets', () => {
  it('only an owner sets them; everyone with access sees limits and usage', async () => {
    const byKey = await api('PUT', '/budgets', bearer(apiKey), { maxConcurrentFixes: 1 });
    expect(byKey.statusCode).toBe(403);
    const set = await api('PUT', '/budgets', session, { maxConcurrentFixes: 1 });
    expect(set.statusCode).toBe(200);
    const seen = await api('GET', '/budgets', bearer(apiKey));
    expect(seen.json()).toMatchObject({
      limits: { maxConcurrentFixes: 1, fixesPerDay: null, agentMinutesPerMonth: null },
      usage: { activeFixes: 0, fixesToday: 0, agentMinutesThisMonth: 0 },
    });
  });

  it('answers 429 budget_exceeded beyond the concurrent limit, with the limit and Retry-After', async () => {
    const a = await newCluster('first');
    const b = await newCluster('second');
    const first = await startFix(a);
    expect(first.statusCode).toBe(202);
    const refused = await startFix(b);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe('60');
    expect(refused.json().error).toMatchObject({
      code: 'budget_exceeded',
      details: { limit: 'maxConcurrentFixes', max: 1, used: 1, resetsAt: null },
    });
    // the refused cluster did not move to fixing
    const { rows } = await rt.db.pool.query('select status from clusters where id = $1', [b]);
    expect(rows[0]).toEqual({ status: 'new' });
    await finishFix(rt.services.fixes, projectId, first.json().id as string, {
      status: 'failed',
      error: 'x',
    });
    expect((await startFix(b)).statusCode).toBe(202);
  });

  it('counts fixes per day and resets at midnight UTC', async () => {
    await api('PUT', '/budgets', session, { fixesPerDay: 2 });
    const { rows: active } = await rt.db.pool.query<{ id: string }>(
      `select id from agent_jobs where project_id = $1 and status in ('pending', 'running')`,
      [projectId],
    );
    for (const r of active)
      await finishFix(rt.services.fixes, projectId, r.id, { status: 'failed', error: 'x' });
    const refused = await startFix(await newCluster('third'));
    expect(refused.statusCode).toBe(429);
    const body = refused.json().error;
    expect(body.details).toMatchObject({ limit: 'fixesPerDay', max: 2, used: 2 });
    const midnight = new Date(body.details.resetsAt as string);
    expect(midnight.getUTCHours()).toBe(0);
    const wait = Number(refused.headers['retry-after']);
    expect(Math.abs(wait - (midnight.getTime() - Date.now()) / 1000)).toBeLessThan(5);
    expect((await api('GET', '/budgets', session)).json().usage.fixesToday).toBe(2);
  });

  it('refuses once the agent minutes of the month are used up', async () => {
    await api('PUT', '/budgets', session, { agentMinutesPerMonth: 10 });
    await rt.db.pool.query(
      `update agent_jobs set started_at = now(), timings = '{"agentMs": 660000}'::jsonb where project_id = $1`,
      [projectId],
    );
    const refused = await startFix(await newCluster('fourth'));
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.details).toMatchObject({ limit: 'agentMinutesPerMonth', max: 10 });
    const resets = new Date(refused.json().error.details.resetsAt as string);
    expect(resets.getUTCDate()).toBe(1);
    await api('PUT', '/budgets', session, {});
    expect((await startFix(await newCluster('fifth'))).statusCode).toBe(202);
  });
});

describe('named API keys', () => {
  it('keeps the first key as "default", and lists, creates, rotates and revokes keys (owners only)', async () => {
    const list = await api('GET', '/api-keys', session);
    expect(list.json().items).toEqual([
      expect.objectContaining({ name: 'default', prefix: apiKey.slice(0, 7), revokedAt: null }),
    ]);
    expect((await api('GET', '/api-keys', bearer(apiKey))).statusCode).toBe(403);

    const created = await api('POST', '/api-keys', session, { name: 'ci' });
    expect(created.statusCode).toBe(201);
    const ci = created.json() as { apiKey: { id: string }; key: string };
    expect(ci.key).toMatch(/^sc_/);
    expect((await api('POST', '/api-keys', session, { name: 'CI' })).statusCode).toBe(409);
    // only the hash is stored
    const { rows } = await rt.db.pool.query<{ key_hash: string }>(
      'select key_hash from api_keys where id = $1',
      [ci.apiKey.id],
    );
    expect(rows[0]!.key_hash).not.toContain(ci.key.slice(3));
    expect((await api('GET', '/clusters', bearer(ci.key))).statusCode).toBe(200);
    expect((await api('GET', '/api-keys', session)).json().items[1].lastUsedAt).not.toBeNull();

    const rotated = await api('POST', `/api-keys/${ci.apiKey.id}/rotate`, session);
    const next = rotated.json() as { apiKey: { id: string; name: string; rotatedAt: string }; key: string };
    expect(next.apiKey).toMatchObject({ id: ci.apiKey.id, name: 'ci' });
    expect(next.apiKey.rotatedAt).not.toBeNull();
    expect((await api('GET', '/clusters', bearer(ci.key))).statusCode).toBe(401);
    expect((await api('GET', '/clusters', bearer(next.key))).statusCode).toBe(200);

    const revoked = await api('DELETE', `/api-keys/${ci.apiKey.id}`, session);
    expect(revoked.json().revokedAt).not.toBeNull();
    expect((await api('GET', '/clusters', bearer(next.key))).statusCode).toBe(401);
    const ingest = await rt.app.inject({
      method: 'POST',
      url: `/ingest/manual?project_id=${projectId}`,
      headers: bearer(next.key),
      payload: { title: 'revoked key', externalId: 'revoked-1' },
    });
    expect(ingest.statusCode).toBe(401);
    // the default key is untouched, and a revoked name may be reused
    expect((await api('GET', '/clusters', bearer(apiKey))).statusCode).toBe(200);
    expect((await api('POST', '/api-keys', session, { name: 'ci' })).statusCode).toBe(201);
  });

  it('records last use at most once a minute, however many requests a key makes', async () => {
    const created = (await api('POST', '/api-keys', session, { name: 'busy' })).json() as {
      apiKey: { id: string };
      key: string;
    };
    // every UPDATE writes a new row version with a new xmin: an unchanged xmin means no write
    const version = async () =>
      (
        await rt.db.pool.query<{ xmin: string; last_used_at: Date | null }>(
          'select xmin::text as xmin, last_used_at from api_keys where id = $1',
          [created.apiKey.id],
        )
      ).rows[0]!;
    const report = async (i: number) => {
      const res = await rt.app.inject({
        method: 'POST',
        url: `/ingest/manual?project_id=${projectId}`,
        headers: bearer(created.key),
        payload: { title: `busy report ${i}`, externalId: `busy-${i}` },
      });
      expect(res.statusCode).toBe(202);
    };
    expect((await version()).last_used_at).toBeNull();
    await report(0);
    const first = await version();
    expect(first.last_used_at).not.toBeNull();
    for (let i = 1; i < 20; i++) await report(i);
    expect(await version()).toEqual(first);
    // a minute later the next use is recorded again
    await rt.db.pool.query(`update api_keys set last_used_at = now() - interval '61 seconds' where id = $1`, [
      created.apiKey.id,
    ]);
    const aged = await version();
    await report(20);
    const after = await version();
    expect(after.xmin).not.toBe(aged.xmin);
    expect(after.last_used_at!.getTime()).toBeGreaterThan(aged.last_used_at!.getTime());
  });
});
