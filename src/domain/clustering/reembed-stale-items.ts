import type { Queryable } from '../../db/database.js';
import { findStaleEmbeddedItems } from '../feedback/feedback-repository.js';
import { recordBucketDf } from './bucket-idf.js';
import { embeddingText, type Embedder } from './embedder.js';
import type { VectorIndex } from './vector-index.js';

export interface ReembedDeps {
  db: Queryable;
  embedder: Embedder;
  index: VectorIndex;
}

export const REEMBED_BATCH = 200;

/**
 * After the embedder changes (another provider, or a new version of the local one), clustered items still
 * carry the old model's vectors, which the pipeline never compares with the new model's. This gives them
 * the current model's vector, a batch at a time, without touching their clusters; it returns how many it
 * did, so the caller can queue the next batch while there are more.
 */
export async function reembedStaleItems(deps: ReembedDeps, limit = REEMBED_BATCH): Promise<number> {
  const { db, embedder, index } = deps;
  const rows = await findStaleEmbeddedItems(db, { model: embedder.model, limit });
  if (rows.length === 0) return 0;
  const vectors = await embedder.embed(rows.map(embeddingText));
  for (const [i, r] of rows.entries()) {
    const vector = vectors[i];
    if (vector === undefined) throw new Error('embedder returned fewer vectors than texts');
    await index.ensureIndex(embedder.model, vector.length);
    await index.store(db, r.project_id, r.id, embedder.model, vector);
    // the bucket counts take one report per cluster, as the pipeline counts them
    if (embedder.hashedBuckets && r.founder)
      await recordBucketDf(db, r.project_id, embedder.model, vector, embedder.hashedBuckets);
  }
  return rows.length;
}
