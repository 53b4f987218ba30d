import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addBucketCounts,
  bucketIdf,
  loadBucketIdf,
  MIN_DOCS_FOR_IDF,
  recordBucketDf,
} from '../../src/domain/clustering/bucket-idf.js';
import { normalize } from '../../src/domain/clustering/embedder.js';
import {
  hybridWeightedCosine,
  toSparse,
  weightedCosine,
} from '../../src/domain/clustering/evaluation/sparse.js';
import { PgvectorIndex } from '../../src/domain/clustering/pgvector-index.js';
import { storeFeedbackItem } from '../../src/domain/feedback/store-feedback-item.js';
import { createProject } from '../../src/domain/projects/create-project.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { systemClock } from '../../src/lib/clock.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.close());

describe('per-project bucket document frequencies', () => {
  it('counts every item once, also when items arrive concurrently', async () => {
    const p = (await createProject(db.pool, { name: 'df' })).id;
    expect(await loadBucketIdf(db.pool, p, 'm')).toBeUndefined();
    const vectors = Array.from({ length: 8 }, (_, i) => [1, i % 2 === 0 ? 0.5 : 0, 0, i === 7 ? 0.1 : 0]);
    await Promise.all(vectors.map((v) => recordBucketDf(db.pool, p, 'm', v, 4)));
    const { rows } = await db.pool.query('select docs, df from clustering_bucket_df where project_id = $1', [
      p,
    ]);
    expect(rows).toEqual([{ docs: 8, df: [8, 4, 0, 1] }]);
    // eight items are too few for document frequencies to mean anything: the plain cosine decides
    expect(await loadBucketIdf(db.pool, p, 'm')).toBeUndefined();
    await addBucketCounts(db.pool, p, 'm', MIN_DOCS_FOR_IDF - 8, [MIN_DOCS_FOR_IDF - 8, 0, 0, 0]);
    expect(await loadBucketIdf(db.pool, p, 'm')).toEqual(
      bucketIdf([MIN_DOCS_FOR_IDF, 4, 0, 1], MIN_DOCS_FOR_IDF),
    );
    // a rarer bucket weighs more
    const [common, , absent, rare] = bucketIdf([8, 4, 0, 1], 8);
    expect(rare!).toBeGreaterThan(common!);
    expect(absent!).toBeGreaterThan(rare!);
  });
});

describe('pgvector re-scoring', () => {
  it('re-ranks the HNSW candidates by the reweighted cosine, computed in the database', async () => {
    const p = (await createProject(db.pool, { name: 'rw' })).id;
    const index = new PgvectorIndex(db.pool);
    const model = 'test-rw-4';
    await index.ensureIndex(model, 4);
    const store = async (key: string, v: number[]) => {
      const { item } = await storeFeedbackItem(
        { db: db.pool, clock: systemClock, clustering: { itemStored: async () => undefined } },
        p,
        { source: 'manual', externalId: key, title: key, body: '' },
      );
      await index.store(db.pool, p, item.id, model, normalize(v));
      return item.id;
    };
    const a = await store('a', [1, 0, 0.5, 0]);
    const b = await store('b', [0, 1, 0, 0]);
    const query = await store('q', [1, 1, 0, 0]);
    const q = normalize([1, 1, 0, 0]);
    const plain = await index.nearest(db.pool, {
      projectId: p,
      model,
      vector: q,
      k: 2,
      excludeItemId: query,
    });
    expect(plain.map((n) => n.itemId)).toEqual([b, a]);
    const weights = [3, 1, 1, 1];
    const reweighted = await index.nearest(db.pool, {
      projectId: p,
      model,
      vector: q,
      k: 2,
      excludeItemId: query,
      reweight: { weights, candidates: 40 },
    });
    expect(reweighted.map((n) => n.itemId)).toEqual([a, b]);
    const expected = weightedCosine(toSparse(q), toSparse(normalize([1, 0, 0.5, 0])), weights);
    expect(reweighted[0]!.similarity).toBeCloseTo(expected, 5);
  });

  it('re-scores a hybrid vector: reweighted lexical part plus the plain semantic part, as the evaluation does', async () => {
    const p = (await createProject(db.pool, { name: 'hybrid' })).id;
    const index = new PgvectorIndex(db.pool);
    const model = 'test-hybrid-6';
    await index.ensureIndex(model, 6);
    const ids: string[] = [];
    const vectors = [
      normalize([1, 0, 0.5, 0, 0.6, 0.2]),
      normalize([0, 1, 0, 0, 0.1, 0.9]),
      normalize([0, 0, 0, 0, 1, 0]), // no lexical part at all
    ];
    for (const [i, v] of vectors.entries()) {
      const { item } = await storeFeedbackItem(
        { db: db.pool, clock: systemClock, clustering: { itemStored: async () => undefined } },
        p,
        { source: 'manual', externalId: `h${i}`, title: `h${i}`, body: '' },
      );
      await index.store(db.pool, p, item.id, model, v);
      ids.push(item.id);
    }
    const q = normalize([1, 1, 0, 0, 0.5, 0.5]);
    const weights = [3, 1, 1, 1];
    const got = await index.nearest(db.pool, {
      projectId: p,
      model,
      vector: q,
      k: 3,
      excludeItemId: '00000000-0000-0000-0000-000000000000',
      reweight: { weights, candidates: 40 },
    });
    for (const n of got) {
      const v = vectors[ids.indexOf(n.itemId)]!;
      expect(n.similarity).toBeCloseTo(hybridWeightedCosine(toSparse(q), toSparse(v), weights, 4), 5);
    }
    expect(got).toHaveLength(3);
  });
});
