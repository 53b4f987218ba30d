import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeFeedbackItem } from '../../src/domain/feedback/store-feedback-item.js';
import { createProject } from '../../src/domain/projects/create-project.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';

let rt: TestRuntime;
let projectId: string;
let auth: Record<string, string>;
let n = 0;

beforeAll(async () => {
  rt = await createTestRuntime();
  const p = await createProject(rt.db.pool, { name: 'reshape' });
  projectId = p.id;
  auth = { authorization: `Bearer ${p.apiKey}` };
});
afterAll(() => rt.close());

const add = async (title: string) => {
  const { item } = await storeFeedbackItem(
    { db: rt.db.pool, clock: rt.services.clock, clustering: { itemStored: async () => undefined } },
    projectId,
    { source: 'manual', externalId: `r${n++}`, title },
  );
  return {
    itemId: item.id,
    clusterId: (await rt.services.clustering.clusterItem(projectId, item.id))!.clusterId,
  };
};
const call = (method: 'POST' | 'PUT', path: string, payload?: object) =>
  rt.app.inject({
    method,
    url: `/api/projects/${projectId}${path}`,
    headers: auth,
    ...(payload ? { payload } : {}),
  });
const count = async (clusterId: string) =>
  (
    await rt.db.pool.query<{ item_count: number }>('select item_count from clusters where id = $1', [
      clusterId,
    ])
  ).rows[0]?.item_count;

describe('merge, split, recluster, threshold', () => {
  it('merges clusters into one and removes the emptied ones', async () => {
    const a = await add('Search is slow on large projects');
    const b = await add('Invoices PDF has wrong totals');
    const res = await call('POST', '/clusters/merge', { targetId: a.clusterId, sourceIds: [b.clusterId] });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: a.clusterId, itemCount: 2 });
    expect(await count(b.clusterId)).toBeUndefined();
  });

  it('splits items out into a new cluster, and refuses to empty a cluster', async () => {
    const x = await add('Avatar upload fails with 413');
    const y = await add('Avatar upload fails with error 413');
    expect(y.clusterId).toBe(x.clusterId);
    const res = await call('POST', `/clusters/${x.clusterId}/split`, { itemIds: [y.itemId] });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ itemCount: 1, items: [{ id: y.itemId }] });
    expect(await count(x.clusterId)).toBe(1);
    const all = await call('POST', `/clusters/${x.clusterId}/split`, { itemIds: [x.itemId] });
    expect(all.statusCode).toBe(400);
  });

  it('refuses to reshape a cluster that is being fixed', async () => {
    const c = await add('Calendar sync duplicates events');
    const d = await add('Exported CSV has broken encoding');
    await rt.db.pool.query(`update clusters set status = 'fixing' where id = $1`, [c.clusterId]);
    const res = await call('POST', '/clusters/merge', { targetId: d.clusterId, sourceIds: [c.clusterId] });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('invalid_state');
  });

  it('re-clusters the project with a new threshold as durable jobs', async () => {
    const set = await call('PUT', '/settings/clustering', { threshold: 0.05 });
    expect(set.json()).toEqual({ threshold: 0.05, default: false });
    const res = await call('POST', '/recluster');
    expect(res.statusCode).toBe(202);
    const queued = res.json().queued as number;
    expect(queued).toBeGreaterThan(4);
    // batch jobs (up to 500 items each), queued in one transaction
    const { rows } = await rt.db.pool.query<{ n: number }>(
      `select coalesce(sum(jsonb_array_length(data->'itemIds')), 0)::int as n from pgboss.job
        where name = 'cluster-feedback-items' and state = 'created' and data->>'projectId' = $1`,
      [projectId],
    );
    expect(rows[0]!.n).toBeGreaterThanOrEqual(queued);
    const reset = await call('PUT', '/settings/clustering', { threshold: null });
    expect(reset.json()).toEqual({ threshold: 0.3, default: true });
  });
});
