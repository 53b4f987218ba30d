import { describe, expect, it } from 'vitest';
import { embeddingText } from '../../src/domain/clustering/embedder.js';
import { LocalEmbedder } from '../../src/domain/clustering/embedders/local-embedder.js';
import { evaluateClustering } from '../../src/domain/clustering/evaluation/evaluate-clustering.js';
import { toSparse } from '../../src/domain/clustering/evaluation/sparse.js';

const items = [
  { id: '1', title: 'Checkout button does nothing on Safari', body: '', group: 'checkout' },
  { id: '2', title: 'Password reset email never arrives', body: '', group: 'reset' },
  { id: '3', title: 'Checkout button not working on Safari', body: '', group: 'checkout' },
  { id: '4', title: 'Never got the password reset email', body: '', group: 'reset' },
  { id: '5', title: 'Dark mode colours are unreadable', body: '', group: 'dark' },
];

describe('evaluateClustering', () => {
  it('replays the rule and scores clusters and retrieval (too few items for bucket IDF: plain cosine)', async () => {
    const e = new LocalEmbedder();
    const vectors = (await e.embed(items.map(embeddingText))).map(toSparse);
    const r = evaluateClustering(items, vectors, 0.3, 0, { hashed: e.hashedBuckets, candidates: 40 });
    expect(r).toMatchObject({ items: 5, groups: 3, clusters: 3, threshold: 0.3 });
    expect(r.bcubed).toEqual({ precision: 1, recall: 1, f1: 1 });
    expect(r.recallAt).toEqual({ '1': 1, '5': 1, '10': 1 });
    // a threshold nothing reaches: every report alone, so B-cubed recall drops and precision stays
    const strict = evaluateClustering(items, vectors, 0.99, 0, { hashed: e.hashedBuckets, candidates: 40 });
    expect(strict.clusters).toBe(5);
    expect(strict.bcubed.precision).toBe(1);
    expect(strict.bcubed.recall).toBeLessThan(1);
  });
});
