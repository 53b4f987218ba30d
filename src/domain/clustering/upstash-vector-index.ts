import { z } from 'zod';
import type { Queryable } from '../../db/database.js';
import { readItemClusters, setEmbeddingModel } from '../feedback/feedback-repository.js';
import { AppError } from '../errors.js';
import { postJsonWithRetry } from './embedders/http-retry.js';
import type { Neighbor } from './decide-assignment.js';
import type { NearestQuery, VectorIndex } from './vector-index.js';

const queryResult = z.object({
  result: z.array(z.object({ id: z.union([z.string(), z.number()]).transform(String), score: z.number() })),
});

export interface UpstashOptions {
  restUrl: string;
  token: string;
  fetch?: typeof fetch;
}

/**
 * Upstash Vector (the hosted alternative to pgvector) over its REST API: POST /upsert/{namespace} and
 * POST /query/{namespace}, Bearer token, one namespace per embedding model so vectors of different models
 * never meet, and a metadata filter on the project. The index must be created with the COSINE metric;
 * Upstash reports cosine scores as (1 + cos) / 2, converted back here. Cluster membership is read from
 * the database (the source of truth), not from vector metadata.
 */
export class UpstashVectorIndex implements VectorIndex {
  constructor(private readonly opts: UpstashOptions) {}

  async ensureIndex(): Promise<void> {
    // Upstash indexes are created (with their dimension and metric) in the Upstash console.
  }

  private namespace(model: string) {
    return encodeURIComponent(model.replace(/[^A-Za-z0-9_.:-]/g, '_'));
  }

  private post(path: string, body: unknown) {
    return postJsonWithRetry(
      this.opts.fetch ?? fetch,
      `${this.opts.restUrl}${path}`,
      { headers: { authorization: `Bearer ${this.opts.token}` }, body },
      { service: 'upstash' },
    );
  }

  store(db: Queryable, projectId: string, itemId: string, model: string, vector: number[]): Promise<void> {
    return this.storeMany(db, projectId, model, [{ itemId, vector }]);
  }

  async storeMany(
    db: Queryable,
    projectId: string,
    model: string,
    entries: { itemId: string; vector: number[] }[],
  ): Promise<void> {
    if (entries.length === 0) return;
    await this.post(
      `/upsert/${this.namespace(model)}`,
      entries.map((e) => ({ id: e.itemId, vector: e.vector, metadata: { projectId } })),
    );
    // the model is still recorded on the item, so a model change re-embeds
    await setEmbeddingModel(db, { projectId, itemIds: entries.map((e) => e.itemId), model });
  }

  /** Ranks by Upstash's own cosine: bucket reweighting (q.reweight) is done by the pgvector index only. */
  async nearest(db: Queryable, q: NearestQuery): Promise<Neighbor[]> {
    const body = await this.post(`/query/${this.namespace(q.model)}`, {
      vector: q.vector,
      topK: q.k + 1,
      includeMetadata: false,
      filter: `projectId = '${q.projectId.replace(/'/g, '')}'`,
    });
    const parsed = queryResult.safeParse(body);
    if (!parsed.success) throw new AppError('upstream_failed', 'upstash returned an unexpected query result');
    const hits = parsed.data.result.filter((h) => h.id !== q.excludeItemId).slice(0, q.k);
    if (hits.length === 0) return [];
    const clusterOf = await readItemClusters(db, { projectId: q.projectId, itemIds: hits.map((h) => h.id) });
    return hits
      .filter((h) => clusterOf.has(h.id))
      .map((h) => ({ itemId: h.id, clusterId: clusterOf.get(h.id) ?? null, similarity: 2 * h.score - 1 }));
  }
}
