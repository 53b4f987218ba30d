import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject } from '../../src/domain/projects/create-project.js';
import { createSource } from '../../src/domain/sources/source-repository.js';
import type { Clock } from '../../src/lib/clock.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';

// Webhooks reuse a project's, its sources' and its API key's lookups for INGEST_LOOKUP_CACHE_MS (2 s).
// What must never happen: a change made through the API (a source deleted, a secret rotated) or a source
// created a moment ago not taking effect on the very next delivery.

let now = Date.parse('2026-11-29T12:00:00Z');
const clock: Clock = { now: () => new Date(now) };
let rt: TestRuntime;
let projectId: string;
let apiKey: string;
let n = 0;

const splunk = (headers: Record<string, string>) =>
  rt.app.inject({
    method: 'POST',
    url: `/ingest/splunk/webhook?project_id=${projectId}`,
    headers: { 'content-type': 'application/json', ...headers },
    payload: JSON.stringify({
      sid: `sid-${++n}`,
      search_name: 'Checkout errors',
      result: { message: 'boom' },
    }),
  });
const api = (method: 'POST' | 'PATCH' | 'DELETE', path: string, payload?: object) =>
  rt.app.inject({
    method,
    url: `/api/projects/${projectId}${path}`,
    headers: { authorization: `Bearer ${apiKey}` },
    ...(payload === undefined ? {} : { payload }),
  });
const lastUsed = async () =>
  (
    await rt.db.pool.query<{ last_used_at: Date | null }>(
      'select last_used_at from api_keys where project_id = $1',
      [projectId],
    )
  ).rows[0]?.last_used_at;

beforeAll(async () => {
  rt = await createTestRuntime({ clock });
  const p = await createProject(rt.db.pool, { name: 'lookups' });
  projectId = p.id;
  apiKey = p.apiKey;
});
afterAll(() => rt.close());

describe('lookups in front of each delivery', () => {
  it('a burst with one API key looks the key up once per cache period, not once per delivery', async () => {
    expect((await splunk({ authorization: `Bearer ${apiKey}` })).statusCode).toBe(202);
    expect(await lastUsed()).toBeInstanceOf(Date);
    // a lookup rewrites a last use older than a minute (authenticate-api-key.ts): age it, so the rows
    // show every lookup from here on
    await rt.db.pool.query(
      `update api_keys set last_used_at = now() - interval '61 seconds' where project_id = $1`,
      [projectId],
    );
    const aged = await lastUsed();
    for (let i = 0; i < 10; i++)
      expect((await splunk({ authorization: `Bearer ${apiKey}` })).statusCode).toBe(202);
    expect(await lastUsed()).toEqual(aged);
    now += 2_500; // past the cache period: the key is looked up (and its use recorded) again
    expect((await splunk({ authorization: `Bearer ${apiKey}` })).statusCode).toBe(202);
    expect((await lastUsed())!.getTime()).toBeGreaterThan(aged!.getTime());
  });

  it('a source created a moment ago authenticates at once, even one written straight to the database', async () => {
    // the API-key delivery above cached "no splunk source" for this project
    await createSource({ db: rt.db.pool, secrets: rt.services.secrets }, projectId, {
      kind: 'splunk',
      name: 'direct',
      secrets: { token: 'direct-token' },
    });
    expect((await splunk({ 'x-soulcaster-token': 'direct-token' })).statusCode).toBe(202);
  });

  it('a secret rotated through the API: the old one is refused on the next delivery, the new one accepted', async () => {
    const created = await api('POST', '/sources', {
      kind: 'splunk',
      name: 'rotated',
      secrets: { token: 'old-token' },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json<{ id: string }>().id;
    expect((await splunk({ 'x-soulcaster-token': 'old-token' })).statusCode).toBe(202);
    expect((await api('PATCH', `/sources/${id}`, { secrets: { token: 'new-token' } })).statusCode).toBe(200);
    expect((await splunk({ 'x-soulcaster-token': 'old-token' })).statusCode).toBe(401);
    expect((await splunk({ 'x-soulcaster-token': 'new-token' })).statusCode).toBe(202);
  });

  it('a source deleted through the API stops authenticating on the next delivery', async () => {
    const created = await api('POST', '/sources', {
      kind: 'splunk',
      name: 'deleted',
      secrets: { token: 'gone-token' },
    });
    const id = created.json<{ id: string }>().id;
    expect((await splunk({ 'x-soulcaster-token': 'gone-token' })).statusCode).toBe(202);
    expect((await api('DELETE', `/sources/${id}`)).statusCode).toBe(204);
    expect((await splunk({ 'x-soulcaster-token': 'gone-token' })).statusCode).toBe(401);
  });

  it('a wrong key is never remembered as right, and an unknown project stays unknown', async () => {
    expect((await splunk({ authorization: 'Bearer sc_wrong' })).statusCode).toBe(401);
    const res = await rt.app.inject({
      method: 'POST',
      url: '/ingest/manual?project_id=00000000-0000-4000-8000-000000000000',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      payload: { title: 'x' },
    });
    expect(res.statusCode).toBe(404);
  });
});
