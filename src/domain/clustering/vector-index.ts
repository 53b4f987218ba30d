import type { Queryable } from '../../db/database.js';
import type { Neighbor } from './decide-assignment.js';

/** Where embeddings are stored and searched. The default is pgvector in the same database. */
export interface VectorIndex {
  ensureIndex(model: string, dimensions: number): Promise<void>;
  store(db: Queryable, projectId: string, itemId: string, model: string, vector: number[]): Promise<void>;
  /** the k most similar other items of the project embedded with the same model, best first */
  nearest(
    db: Queryable,
    q: { projectId: string; model: string; vector: number[]; k: number; excludeItemId: string },
  ): Promise<Neighbor[]>;
}

export const toVectorLiteral = (v: number[]) =>
  `[${v.map((x) => (Number.isFinite(x) ? Number(x.toFixed(6)) : 0)).join(',')}]`;
