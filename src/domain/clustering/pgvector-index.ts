import type { Queryable } from '../../db/database.js';
import type { Neighbor } from './decide-assignment.js';
import { toVectorLiteral, type VectorIndex } from './vector-index.js';

const indexName = (model: string) =>
  `feedback_items_embedding_${model.replace(/[^a-z0-9]+/gi, '_').toLowerCase()}_idx`.slice(0, 63);

/**
 * pgvector HNSW with cosine distance. Queries repeat the index's expression (embedding::vector(d)) and its
 * predicate (embedding_model = m) so the planner can use it.
 */
export class PgvectorIndex implements VectorIndex {
  private readonly dims = new Map<string, number>();

  constructor(private readonly db: Queryable) {}

  async ensureIndex(model: string, dimensions: number): Promise<void> {
    if (this.dims.get(model) === dimensions) return;
    if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > 2000) {
      throw new Error(`pgvector HNSW indexes up to 2000 dimensions; ${model} has ${dimensions}`);
    }
    const literal = model.replace(/'/g, "''");
    await this.db.query(
      `create index if not exists ${indexName(model)} on feedback_items
         using hnsw ((embedding::vector(${dimensions})) vector_cosine_ops) where embedding_model = '${literal}'`,
    );
    this.dims.set(model, dimensions);
  }

  async store(
    db: Queryable,
    projectId: string,
    itemId: string,
    model: string,
    vector: number[],
  ): Promise<void> {
    await db.query(
      'update feedback_items set embedding = $3::vector, embedding_model = $4 where project_id = $1 and id = $2',
      [projectId, itemId, toVectorLiteral(vector), model],
    );
  }

  async nearest(
    db: Queryable,
    q: { projectId: string; model: string; vector: number[]; k: number; excludeItemId: string },
  ): Promise<Neighbor[]> {
    const d = q.vector.length;
    const { rows } = await db.query<{ id: string; cluster_id: string | null; distance: number }>(
      `select id, cluster_id, embedding::vector(${d}) <=> $3::vector(${d}) as distance
         from feedback_items
        where embedding_model = $2 and project_id = $1 and id <> $4
        order by embedding::vector(${d}) <=> $3::vector(${d})
        limit $5`,
      [q.projectId, q.model, toVectorLiteral(q.vector), q.excludeItemId, q.k],
    );
    return rows.map((r) => ({ itemId: r.id, clusterId: r.cluster_id, similarity: 1 - Number(r.distance) }));
  }
}
