import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeFeedbackItem } from '../../src/domain/feedback/store-feedback-item.js';
import { createProject } from '../../src/domain/projects/create-project.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';

let rt: TestRuntime;
let projectId: string;
let auth: Record<string, string>;
const clusterIds: Record<string, string> = {};

beforeAll(async () => {
  rt = await createTestRuntime();
  const p = await createProject(rt.db.pool, { name: 'clusters-api' });
  projectId = p.id;
  auth = { authorization: `Bearer ${p.apiKey}` };
  const groups: Record<string, string[]> = {
    checkout: [
      'Checkout button does nothing on Safari',
      'Checkout button not working on Safari',
      'Safari checkout button does nothing',
    ],
    login: ['Login page shows a blank screen', 'Blank screen on the login page'],
    darkmode: ['Dark mode colours are unreadable'],
  };
  let i = 0;
  for (const [name, titles] of Object.entries(groups)) {
    for (const title of titles) {
      const { item } = await storeFeedbackItem(
        {
          db: rt.db.pool,
          clock: { now: () => new Date(Date.UTC(2026, 0, 1, 0, i)) },
          clustering: { itemStored: async () => undefined },
        },
        projectId,
        {
          source: name === 'login' ? 'sentry' : 'manual',
          externalId: `x${i++}`,
          title,
          url: 'https://example.com/r',
        },
      );
      clusterIds[name] = (await rt.services.clustering.clusterItem(projectId, item.id))!.clusterId;
    }
  }
});
afterAll(() => rt.close());

const get = (path: string) =>
  rt.app.inject({ method: 'GET', url: `/api/projects/${projectId}${path}`, headers: auth });

describe('clusters API', () => {
  it('lists clusters by last seen, by size, with filters, search and cursor pages', async () => {
    const byLast = (await get('/clusters?sort=last_seen')).json();
    expect(byLast.items.map((c: { id: string }) => c.id)).toEqual([
      clusterIds.darkmode,
      clusterIds.login,
      clusterIds.checkout,
    ]);
    const bySize = (await get('/clusters?sort=size&limit=2')).json();
    expect(bySize.items.map((c: { itemCount: number }) => c.itemCount)).toEqual([3, 2]);
    const rest = (await get(`/clusters?sort=size&limit=2&cursor=${bySize.nextCursor}`)).json();
    expect(rest).toMatchObject({ items: [{ id: clusterIds.darkmode, itemCount: 1 }], nextCursor: null });
    expect((await get('/clusters?source=sentry')).json().items.map((c: { id: string }) => c.id)).toEqual([
      clusterIds.login,
    ]);
    expect((await get('/clusters?q=safari')).json().items.map((c: { id: string }) => c.id)).toEqual([
      clusterIds.checkout,
    ]);
  });

  it('shows a cluster with its feedback items and links', async () => {
    const c = (await get(`/clusters/${clusterIds.checkout}`)).json();
    expect(c).toMatchObject({ itemCount: 3, status: 'new', sourceCounts: { manual: 3 } });
    expect(c.items).toHaveLength(3);
    expect(c.items[0].url).toBe('https://example.com/r');
  });

  it('edits title and status, and refuses status changes the fix loop owns', async () => {
    const res = await rt.app.inject({
      method: 'PATCH',
      url: `/api/projects/${projectId}/clusters/${clusterIds.darkmode}`,
      headers: auth,
      payload: { title: 'Dark mode contrast', status: 'ignored' },
    });
    expect(res.json()).toMatchObject({ title: 'Dark mode contrast', status: 'ignored' });
    expect((await get('/clusters?status=ignored')).json().items).toHaveLength(1);
    const bad = await rt.app.inject({
      method: 'PATCH',
      url: `/api/projects/${projectId}/clusters/${clusterIds.darkmode}`,
      headers: auth,
      payload: { status: 'pr_opened' },
    });
    expect(bad.statusCode).toBe(400);
    expect((await get('/clusters/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });
});
