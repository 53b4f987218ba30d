import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RERANK_CANDIDATES } from '../../src/domain/clustering/bucket-idf.js';
import { calibrationFor } from '../../src/domain/clustering/calibration.js';
import { embeddingText } from '../../src/domain/clustering/embedder.js';
import { LocalEmbedder } from '../../src/domain/clustering/embedders/local-embedder.js';
import { evaluateClustering } from '../../src/domain/clustering/evaluation/evaluate-clustering.js';
import { generateVolumeSet } from '../../src/domain/clustering/evaluation/generate-volume-set.js';
import { toSparse } from '../../src/domain/clustering/evaluation/sparse.js';
import { storeFeedbackItem } from '../../src/domain/feedback/store-feedback-item.js';
import { createProject } from '../../src/domain/projects/create-project.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';

describe('a recurring issue stays one cluster as it recurs (generated stream)', () => {
  it('is deterministic and varies values and wording', () => {
    const a = generateVolumeSet(6, 200);
    expect(generateVolumeSet(6, 200)).toEqual(a);
    expect(new Set(a.map((i) => i.group)).size).toBe(6);
    const titles = new Set(a.filter((i) => i.group === 'checkout-discount').map((i) => i.title));
    expect(titles.size).toBeGreaterThan(20); // numbers and codes make most titles unique
  });

  it('1000 reports of 12 issues: few more clusters than issues, and no issue fragments', async () => {
    const items = generateVolumeSet(12, 1000);
    const e = new LocalEmbedder();
    const vectors = (await e.embed(items.map(embeddingText))).map(toSparse);
    const r = evaluateClustering(
      items,
      vectors,
      calibrationFor(e.model).threshold,
      0,
      { hashed: e.hashedBuckets, candidates: RERANK_CANDIDATES },
      calibrationFor(e.model),
    );
    expect(r.clusters).toBeLessThanOrEqual(18); // ≤ 1.5 × K
    expect(r.bcubed.precision).toBeGreaterThan(0.95);
    expect(r.bcubed.f1).toBeGreaterThan(0.9);
  });
});

describe('bucket counts in the pipeline', () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await createTestRuntime();
  });
  afterAll(() => rt.close());

  it('count one report per cluster, so a frequent problem’s words do not look like boilerplate', async () => {
    const p = (await createProject(rt.db.pool, { name: 'volume' })).id;
    const items = generateVolumeSet(3, 30, 7);
    for (const [i, it] of items.entries()) {
      const { item } = await storeFeedbackItem(
        { db: rt.db.pool, clock: rt.services.clock, clustering: { itemStored: async () => undefined } },
        p,
        { source: 'manual', externalId: `v${i}`, title: it.title, body: it.body },
      );
      await rt.services.clustering.clusterItem(p, item.id);
    }
    const clusters = await rt.db.pool.query<{ n: number }>(
      'select count(*)::int as n from clusters where project_id = $1',
      [p],
    );
    const df = await rt.db.pool.query<{ docs: number }>(
      'select docs from clustering_bucket_df where project_id = $1',
      [p],
    );
    expect(clusters.rows[0]!.n).toBeLessThanOrEqual(5);
    expect(df.rows[0]!.docs).toBe(clusters.rows[0]!.n);
  });
});
