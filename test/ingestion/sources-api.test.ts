import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject } from '../../src/domain/projects/create-project.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';

let rt: TestRuntime;
let projectId: string;
let auth: Record<string, string>;
let otherAuth: Record<string, string>;

beforeAll(async () => {
  rt = await createTestRuntime({ env: { PUBLIC_URL: 'https://soulcaster.example.com' } });
  const p = await createProject(rt.db.pool, { name: 'sources' });
  projectId = p.id;
  auth = { authorization: `Bearer ${p.apiKey}` };
  otherAuth = { authorization: `Bearer ${(await createProject(rt.db.pool, { name: 'other' })).apiKey}` };
});
afterAll(() => rt.close());

const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, payload?: unknown, headers = auth) =>
  rt.app.inject({
    method,
    url: `/api/projects/${projectId}${path}`,
    headers,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

describe('sources API', () => {
  it('creates a source with sealed secrets, shows them masked, and gives the webhook URL', async () => {
    const res = await api('POST', '/sources', {
      kind: 'github',
      config: { repositories: ['acme/shop'] },
      secrets: { token: 'ghp_abcdefghijklmnop', webhookSecret: 'whsec-123456' },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.secrets).toEqual({ token: 'ghp_••••op', webhookSecret: 'whse••••56' });
    expect(res.body).not.toContain('ghp_abcdefghijklmnop');
    expect(body.webhook.url).toBe(
      `https://soulcaster.example.com/ingest/github/webhook?project_id=${projectId}`,
    );
    expect(body.config).toEqual({
      repositories: ['acme/shop'],
      intervalMinutes: 15,
      labels: [],
      includeClosed: false,
    });
    const { rows } = await rt.db.pool.query('select secret_encrypted from sources where id = $1', [body.id]);
    expect(rows[0]!.secret_encrypted).toMatch(/^v1\./);
    expect(rows[0]!.secret_encrypted).not.toContain('ghp_');
  });

  it('validates settings per kind and stores nothing on bad input', async () => {
    const bad = await api('POST', '/sources', { kind: 'reddit', config: { subreddits: ['not a sub!'] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(
      /^Invalid Reddit settings: Subreddits: subreddit names are 2-21/,
    );
    const badSecret = await api('POST', '/sources', { kind: 'splunk', secrets: { password: 'x' } });
    expect(badSecret.statusCode).toBe(400);
    const list = await api('GET', '/sources');
    expect(list.json().items.map((s: { kind: string }) => s.kind)).toEqual(['github']);
  });

  it('updates filters, rotates and removes secrets, disables, and deletes', async () => {
    const created = (
      await api('POST', '/sources', { kind: 'datadog', secrets: { token: 'first-token-1' } })
    ).json();
    const patched = await api('PATCH', `/sources/${created.id}`, {
      enabled: false,
      config: { priorities: ['P1'] },
      secrets: { token: 'second-token-2' },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({
      enabled: false,
      config: { priorities: ['P1'], includeRecoveries: false },
      secrets: { token: 'seco••••-2' },
    });
    const removed = await api('PATCH', `/sources/${created.id}`, { secrets: { token: null } });
    expect(removed.json().secrets).toEqual({ token: null });
    expect((await api('DELETE', `/sources/${created.id}`)).statusCode).toBe(204);
    expect((await api('GET', `/sources/${created.id}`)).statusCode).toBe(404);
  });

  it('refuses a second source of the same kind and name', async () => {
    const res = await api('POST', '/sources', { kind: 'github', config: { repositories: ['acme/other'] } });
    expect(res.statusCode).toBe(409);
  });

  it('hides one project’s sources from another project’s key', async () => {
    const res = await api('GET', '/sources', undefined, otherAuth);
    expect(res.statusCode).toBe(404);
    const none = await api('GET', '/sources', undefined, {});
    expect(none.statusCode).toBe(401);
  });
});

describe('feedback API', () => {
  it('lists feedback newest first with cursor pagination, filters and search', async () => {
    for (let i = 0; i < 5; i++) {
      await rt.app.inject({
        method: 'POST',
        url: `/ingest/manual?project_id=${projectId}`,
        headers: { ...auth, 'content-type': 'application/json' },
        payload: { title: `Report ${i}${i === 3 ? ' about checkout' : ''}`, externalId: `r-${i}` },
      });
    }
    const page1 = (await api('GET', '/feedback?limit=2')).json();
    expect(page1.items.map((i: { externalId: string }) => i.externalId)).toEqual(['r-4', 'r-3']);
    const page2 = (await api('GET', `/feedback?limit=2&cursor=${page1.nextCursor}`)).json();
    expect(page2.items.map((i: { externalId: string }) => i.externalId)).toEqual(['r-2', 'r-1']);
    const page3 = (await api('GET', `/feedback?limit=2&cursor=${page2.nextCursor}`)).json();
    expect(page3).toMatchObject({ items: [{ externalId: 'r-0' }], nextCursor: null });
    const search = (await api('GET', '/feedback?q=CHECKOUT')).json();
    expect(search.items.map((i: { externalId: string }) => i.externalId)).toEqual(['r-3']);
    expect((await api('GET', '/feedback?source=sentry')).json().items).toEqual([]);
    const one = await api('GET', `/feedback/${search.items[0].id}`);
    expect(one.json()).toMatchObject({
      title: 'Report 3 about checkout',
      raw: { title: 'Report 3 about checkout' },
    });
  });

  it('rejects a forged cursor with 400', async () => {
    expect((await api('GET', '/feedback?cursor=not-base64-json')).statusCode).toBe(400);
  });
});
