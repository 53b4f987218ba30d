import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddingText } from '../../src/domain/clustering/embedder.js';
import { LocalEmbedder } from '../../src/domain/clustering/embedders/local-embedder.js';
import { refreshClusterStats } from '../../src/domain/clustering/cluster-repository.js';
import { summarizeCluster } from '../../src/domain/clustering/summarize-cluster.js';
import { storeFeedbackItem } from '../../src/domain/feedback/store-feedback-item.js';
import { createProject } from '../../src/domain/projects/create-project.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';

let rt: TestRuntime;
let n = 0;

beforeAll(async () => {
  rt = await createTestRuntime();
});
afterAll(() => rt.close());

const newProject = async () => (await createProject(rt.db.pool, { name: `p${n++}`, repo: 'acme/shop' })).id;
const store = async (projectId: string, title: string, body = '') =>
  (
    await storeFeedbackItem(
      { db: rt.db.pool, clock: rt.services.clock, clustering: { itemStored: async () => undefined } },
      projectId,
      { source: 'manual', externalId: `e${n++}`, title, body },
    )
  ).item.id;
const clusterOf = async (itemId: string) =>
  (
    await rt.db.pool.query<{ cluster_id: string | null }>(
      'select cluster_id from feedback_items where id = $1',
      [itemId],
    )
  ).rows[0]!.cluster_id;

const CHECKOUT = [
  'Checkout button does nothing on Safari',
  'Checkout button not working on Safari',
  'Safari: the checkout button does nothing',
];

describe('ClusteringPipeline (pgvector HNSW, the assignment rule)', () => {
  it('joins matching reports into one cluster and keeps an unrelated one apart', async () => {
    const p = await newProject();
    const ids = [];
    for (const t of CHECKOUT) {
      const id = await store(p, t);
      await rt.services.clustering.clusterItem(p, id);
      ids.push(id);
    }
    const other = await store(p, 'Dark mode colours are unreadable in the settings page');
    const r = await rt.services.clustering.clusterItem(p, other);
    const clusters = await Promise.all(ids.map(clusterOf));
    expect(new Set(clusters).size).toBe(1);
    expect(r?.decision).toBe('single');
    expect(await clusterOf(other)).not.toBe(clusters[0]);
    const { rows } = await rt.db.pool.query(
      'select item_count, source_counts, repo, status from clusters where id = $1',
      [clusters[0]],
    );
    expect(rows[0]).toEqual({
      item_count: 3,
      source_counts: { manual: 3 },
      repo: 'acme/shop',
      status: 'new',
    });
    // a retried job changes nothing
    expect((await rt.services.clustering.clusterItem(p, ids[0]!))?.decision).toBe('already-clustered');
  });

  it('makes a new cluster with the similar unclustered items when the best match has no cluster', async () => {
    const p = await newProject();
    const a = await store(p, CHECKOUT[0]!);
    const b = await store(p, CHECKOUT[1]!);
    const e = new LocalEmbedder();
    const [vb] = await e.embed([embeddingText({ title: CHECKOUT[1]!, body: '' })]);
    await rt.db.pool.query(
      `insert into item_embeddings (item_id, project_id, model, embedding) values ($1, $4, $3, $2::vector)`,
      [b, `[${vb!.join(',')}]`, e.model, p],
    );
    const r = await rt.services.clustering.clusterItem(p, a);
    expect(r?.decision).toBe('new-with-similar');
    expect(await clusterOf(b)).toBe(r?.clusterId);
  });

  it('puts items that arrive together and match each other into one cluster', async () => {
    const p = await newProject();
    const titles = [
      'Password reset email never arrives',
      'Password reset email does not arrive',
      'Never got the password reset email',
      'password reset e-mail never arrives',
      'Reset password email never arrived',
      'The password reset email never arrives for me',
    ];
    const ids = await Promise.all(titles.map((t) => store(p, t)));
    await Promise.all(ids.map((id) => rt.services.clustering.clusterItem(p, id)));
    const clusters = new Set(await Promise.all(ids.map(clusterOf)));
    expect(clusters.size).toBe(1);
    const { rows } = await rt.db.pool.query<{ item_count: number }>(
      'select item_count from clusters where project_id = $1',
      [p],
    );
    expect(rows).toEqual([{ item_count: 6 }]);
  });

  it('reopens a resolved cluster when new matching feedback arrives', async () => {
    const p = await newProject();
    const first = await store(p, CHECKOUT[0]!);
    const r = await rt.services.clustering.clusterItem(p, first);
    await rt.db.pool.query(`update clusters set status = 'resolved', resolved_at = now() where id = $1`, [
      r!.clusterId,
    ]);
    const again = await store(p, CHECKOUT[1]!);
    expect((await rt.services.clustering.clusterItem(p, again))?.decision).toBe('join');
    const { rows } = await rt.db.pool.query(
      'select status, reopened_count, resolved_at from clusters where id = $1',
      [r!.clusterId],
    );
    expect(rows[0]).toEqual({ status: 'new', reopened_count: 1, resolved_at: null });
  });

  it('keeps counts, sources and first/last seen as a full recount would, updating only the new rows', async () => {
    const p = await newProject();
    const deps = {
      db: rt.db.pool,
      clock: rt.services.clock,
      clustering: { itemStored: async () => undefined },
    };
    const inputs = [
      { source: 'manual' as const, occurredAt: new Date('2026-01-03T00:00:00.000Z') },
      { source: 'github' as const, occurredAt: new Date('2026-01-01T00:00:00.000Z') },
      { source: 'github' as const, occurredAt: new Date('2026-01-02T00:00:00.000Z') },
    ];
    let clusterId = '';
    for (const [i, input] of inputs.entries()) {
      const { item } = await storeFeedbackItem(deps, p, {
        ...input,
        externalId: `seen-${n++}`,
        title: CHECKOUT[i]!,
        body: '',
      });
      clusterId = (await rt.services.clustering.clusterItem(p, item.id))!.clusterId;
    }
    const read = async () =>
      (
        await rt.db.pool.query(
          'select item_count, source_counts, first_seen_at, last_seen_at from clusters where id = $1',
          [clusterId],
        )
      ).rows[0];
    const incremental = await read();
    expect(incremental).toMatchObject({ item_count: 3, source_counts: { manual: 1, github: 2 } });
    expect((incremental as { first_seen_at: Date }).first_seen_at.toISOString()).toBe(
      inputs[1]!.occurredAt.toISOString(),
    );
    await refreshClusterStats(rt.db.pool, { projectId: p, clusterId });
    expect(await read()).toEqual(incremental);
  });

  it('re-embeds clustered items left with an older model, so new reports still find them', async () => {
    const p = await newProject();
    const first = await store(p, CHECKOUT[0]!);
    const { clusterId } = (await rt.services.clustering.clusterItem(p, first))!;
    // as if clustered before the embedder changed
    await rt.db.pool.query(`update item_embeddings set model = 'local-hash-v1-1024' where item_id = $1`, [
      first,
    ]);
    await rt.db.pool.query(`update feedback_items set embedding_model = 'local-hash-v1-1024' where id = $1`, [
      first,
    ]);
    const second = await store(p, CHECKOUT[1]!);
    expect((await rt.services.clustering.clusterItem(p, second))?.decision).toBe('single');
    expect(await rt.services.clustering.reembedStale()).toBeGreaterThanOrEqual(1);
    expect(await rt.services.clustering.reembedStale()).toBe(0);
    const { rows } = await rt.db.pool.query('select model from item_embeddings where item_id = $1', [first]);
    expect(rows).toEqual([{ model: 'local-hybrid-v3-1088' }]);
    expect(await clusterOf(first)).toBe(clusterId);
    const third = await store(p, CHECKOUT[2]!);
    expect((await rt.services.clustering.clusterItem(p, third))?.decision).toBe('join');
  });

  it('honours a per-project threshold', async () => {
    const p = await newProject();
    await rt.db.pool.query(
      `update projects set settings = '{"clustering":{"threshold":0.99}}' where id = $1`,
      [p],
    );
    const a = await store(p, CHECKOUT[0]!);
    const b = await store(p, CHECKOUT[1]!);
    await rt.services.clustering.clusterItem(p, a);
    await rt.services.clustering.clusterItem(p, b);
    expect(await clusterOf(a)).not.toBe(await clusterOf(b));
  });

  it('writes an extractive summary, labelled as such, and skips when nothing changed', async () => {
    const p = await newProject();
    let clusterId = '';
    for (const t of CHECKOUT)
      clusterId = (await rt.services.clustering.clusterItem(
        p,
        await store(p, t, 'Clicking pay does nothing; console shows TypeError'),
      ))!.clusterId;
    expect(await summarizeCluster({ db: rt.db.pool }, p, clusterId)).toBe(true);
    const { rows } = await rt.db.pool.query(
      'select title, summary, summary_kind from clusters where id = $1',
      [clusterId],
    );
    expect(rows[0]!.summary_kind).toBe('extractive');
    expect(CHECKOUT).toContain(rows[0]!.title);
    expect(rows[0]!.summary).toMatch(/^3 reports from manual/);
    expect(rows[0]!.summary).toMatch(/Common terms: .*checkout/);
    expect(await summarizeCluster({ db: rt.db.pool }, p, clusterId)).toBe(false);
  });
});

describe('clustering runs by itself after ingestion', () => {
  it('clusters items posted in parallel through the webhook path, with the durable job', async () => {
    const worker = await createTestRuntime({ workers: true });
    try {
      const p = await createProject(worker.db.pool, { name: 'auto' });
      const titles = [
        'App crashes when uploading a photo',
        'Crash when I upload a photo',
        'Uploading a photo crashes the app',
        'App crashes on photo upload',
      ];
      await Promise.all(
        titles.map((title) =>
          worker.app.inject({
            method: 'POST',
            url: `/ingest/manual?project_id=${p.id}`,
            headers: { authorization: `Bearer ${p.apiKey}`, 'content-type': 'application/json' },
            payload: { title },
          }),
        ),
      );
      const deadline = Date.now() + 30_000;
      let rows: { cluster_id: string | null }[] = [];
      while (Date.now() < deadline) {
        rows = (
          await worker.db.pool.query<{ cluster_id: string | null }>(
            'select cluster_id from feedback_items where project_id = $1',
            [p.id],
          )
        ).rows;
        if (rows.every((r) => r.cluster_id !== null)) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(new Set(rows.map((r) => r.cluster_id))).toEqual(new Set([rows[0]!.cluster_id]));
      expect(rows[0]!.cluster_id).not.toBeNull();
      // the summary job follows
      while (Date.now() < deadline) {
        const s = await worker.db.pool.query('select summary_kind from clusters where project_id = $1', [
          p.id,
        ]);
        if (s.rows[0]?.summary_kind === 'extractive') break;
        await new Promise((r) => setTimeout(r, 200));
      }
      const s = await worker.db.pool.query(
        'select summary_kind, item_count from clusters where project_id = $1',
        [p.id],
      );
      expect(s.rows).toEqual([{ summary_kind: 'extractive', item_count: 4 }]);
    } finally {
      await worker.close();
    }
  });
});
