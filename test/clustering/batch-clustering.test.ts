import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshClusterStats } from '../../src/domain/clustering/cluster-repository.js';
import { importFeedbackChunk } from '../../src/domain/feedback/import-feedback.js';
import { createProject } from '../../src/domain/projects/create-project.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';

let rt: TestRuntime;
let n = 0;

beforeAll(async () => {
  rt = await createTestRuntime();
});
afterAll(() => rt.close());

const TITLES = [
  'Checkout button does nothing on Safari',
  'Dark mode colours are unreadable in the settings page',
  'Checkout button not working on Safari',
  'Password reset email never arrives',
  'Safari: the checkout button does nothing',
  'Dark mode colors unreadable on settings page',
  'The password reset email never arrives in my inbox',
  'Export to CSV crashes with a stack overflow',
  'Checkout button does nothing on Safari 17',
];

/** Stores the titles as one import chunk (no workers run: the test clusters them itself). */
async function storeAll(projectId: string, titles: string[]) {
  const chunk = await importFeedbackChunk(
    {
      db: rt.db.pool,
      clock: rt.services.clock,
      outbox: { enqueue: async () => undefined, committed: () => undefined },
    },
    projectId,
    titles.map((title) => ({ source: 'manual' as const, externalId: `b${n++}`, title })),
  );
  return chunk.items.map((i) => i.id);
}

/** The partition as sets of titles, comparable across projects. */
async function partition(projectId: string): Promise<string[][]> {
  const { rows } = await rt.db.pool.query<{ titles: string[] }>(
    `select array_agg(title order by title) as titles from feedback_items
      where project_id = $1 group by cluster_id`,
    [projectId],
  );
  return rows.map((r) => r.titles).sort((a, b) => a[0]!.localeCompare(b[0]!));
}

describe('batch clustering', () => {
  it('places a batch as one item at a time would, items of the batch meeting each other', async () => {
    const single = (await createProject(rt.db.pool, { name: `single${n++}` })).id;
    for (const id of await storeAll(single, TITLES)) await rt.services.clustering.clusterItem(single, id);
    const batch = (await createProject(rt.db.pool, { name: `batch${n++}` })).id;
    const ids = await storeAll(batch, TITLES);
    expect(await rt.services.clustering.clusterItems(batch, ids)).toBe(TITLES.length);

    const batchPartition = await partition(batch);
    expect(batchPartition).toEqual(await partition(single));
    // the four checkout reports, all new in the same batch, ended in one cluster
    expect(batchPartition.find((c) => c.includes(TITLES[0]!))).toHaveLength(4);
    expect(batchPartition.find((c) => c.includes(TITLES[7]!))).toEqual([TITLES[7]]);
  });

  it('keeps each cluster’s counts as a full recount would, and a retried batch changes nothing', async () => {
    const p = (await createProject(rt.db.pool, { name: `stats${n++}` })).id;
    const ids = await storeAll(p, TITLES);
    await rt.services.clustering.clusterItems(p, ids.slice(0, 4));
    await rt.services.clustering.clusterItems(p, ids);
    expect(await rt.services.clustering.clusterItems(p, ids)).toBe(0);
    const { rows: clusters } = await rt.db.pool.query<{ id: string }>(
      'select id from clusters where project_id = $1',
      [p],
    );
    const read = async (id: string) =>
      (
        await rt.db.pool.query(
          'select item_count, source_counts, first_seen_at, last_seen_at from clusters where id = $1',
          [id],
        )
      ).rows[0];
    let total = 0;
    for (const { id } of clusters) {
      const incremental = await read(id);
      await refreshClusterStats(rt.db.pool, { projectId: p, clusterId: id });
      expect(await read(id)).toEqual(incremental);
      total += (incremental as { item_count: number }).item_count;
    }
    expect(total).toBe(TITLES.length);
    const { rows } = await rt.db.pool.query<{ n: number }>(
      'select count(*)::int as n from item_embeddings where project_id = $1',
      [p],
    );
    expect(rows[0]!.n).toBe(TITLES.length);
  });

  it('runs through the outbox: an imported chunk is queued with its items and clustered by the worker', async () => {
    const worker = await createTestRuntime({ workers: true });
    try {
      const p = (await createProject(worker.db.pool, { name: `outbox${n++}` })).id;
      const chunk = await importFeedbackChunk(
        { db: worker.db.pool, clock: worker.services.clock, outbox: worker.services.clusteringOutbox },
        p,
        TITLES.map((title) => ({ source: 'manual' as const, externalId: `o${n++}`, title })),
      );
      expect(chunk.stored).toBe(TITLES.length);
      const deadline = Date.now() + 60_000;
      let left = TITLES.length;
      while (left > 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        left = (
          await worker.db.pool.query<{ n: number }>(
            'select count(*)::int as n from feedback_items where project_id = $1 and cluster_id is null',
            [p],
          )
        ).rows[0]!.n;
      }
      expect(left).toBe(0);
    } finally {
      await worker.close();
    }
  });
});
