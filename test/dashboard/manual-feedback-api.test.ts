import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject } from '../../src/domain/projects/create-project.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';

let rt: TestRuntime;
let projectId: string;
let auth: Record<string, string>;
let otherAuth: Record<string, string>;

beforeAll(async () => {
  rt = await createTestRuntime();
  const p = await createProject(rt.db.pool, { name: 'manual form' });
  const o = await createProject(rt.db.pool, { name: 'other' });
  projectId = p.id;
  auth = { authorization: `Bearer ${p.apiKey}` };
  otherAuth = { authorization: `Bearer ${o.apiKey}` };
});
afterAll(() => rt.close());

const post = (body: unknown, headers = auth) =>
  rt.app.inject({
    method: 'POST',
    url: `/api/projects/${projectId}/feedback`,
    headers,
    payload: body as object,
  });

describe('POST /api/projects/:projectId/feedback (the dashboard form)', () => {
  it('stores a manual report, queues its clustering, and dedupes on externalId', async () => {
    const res = await post({ title: 'Export to CSV hangs', body: 'Spinner forever', externalId: 'form-1' });
    expect(res.statusCode).toBe(201);
    const { items } = res.json();
    expect(items).toHaveLength(1);
    const stored = await rt.app.inject({
      method: 'GET',
      url: `/api/projects/${projectId}/feedback/${items[0].id}`,
      headers: auth,
    });
    expect(stored.json()).toMatchObject({
      source: 'manual',
      title: 'Export to CSV hangs',
      body: 'Spinner forever',
    });
    const queued = await rt.db.pool.query<{ n: number }>(
      `select count(*)::int as n from pgboss.job where name = 'cluster-feedback-item' and data->>'itemId' = $1`,
      [items[0].id],
    );
    expect(queued.rows[0]?.n).toBe(1);
    const again = await post({ title: 'Export to CSV hangs', externalId: 'form-1' });
    expect(again.statusCode).toBe(200);
    expect(again.json().status).toBe('duplicate');
  });

  it('follows the manual source: a disabled one drops the report and says why', async () => {
    const src = await rt.app.inject({
      method: 'POST',
      url: `/api/projects/${projectId}/sources`,
      headers: auth,
      payload: { kind: 'manual', enabled: false },
    });
    expect(src.statusCode).toBe(201);
    const res = await post({ title: 'Ignored while disabled' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ignored', reason: 'this source is disabled' });
  });

  it('validates input and keeps projects apart', async () => {
    expect((await post({ title: '' })).statusCode).toBe(400);
    expect((await post({ title: 'x', url: 'not a url' })).statusCode).toBe(400);
    expect((await post({ title: 'x' }, otherAuth)).statusCode).toBe(404);
  });
});
