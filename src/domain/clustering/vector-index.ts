import type { Queryable } from '../../db/database.js';
import type { Neighbor } from './decide-assignment.js';

/** Where embeddings are stored and searched. The default is pgvector in the same database. */
export interface VectorIndex {
  ensureIndex(model: string, dimensions: number): Promise<void>;
  store(db: Queryable, projectId: string, itemId: string, model: string, vector: number[]): Promise<void>;
  /** store for a batch of items, in as few round trips as the index allows */
  storeMany(
    db: Queryable,
    projectId: string,
    model: string,
    entries: { itemId: string; vector: number[] }[],
  ): Promise<void>;
  /**
   * The k most similar other items of the project embedded with the same model, best first. With
   * `reweight`, the nearest `candidates` by the stored vectors are re-scored: the leading dimensions that
   * `weights` covers (hashed buckets) by the cosine of the vectors scaled element-wise by them
   * (bucket-idf.ts), the rest as they are (evaluation/sparse.ts, hybridWeightedCosine, is the same
   * formula); an index that cannot do that ranks by plain cosine.
   */
  nearest(db: Queryable, q: NearestQuery): Promise<Neighbor[]>;
}

export interface NearestQuery {
  projectId: string;
  model: string;
  vector: number[];
  k: number;
  excludeItemId: string;
  reweight?: { weights: number[]; candidates: number } | undefined;
}

export const toVectorLiteral = (v: number[]) =>
  `[${v.map((x) => (Number.isFinite(x) ? Number(x.toFixed(6)) : 0)).join(',')}]`;
