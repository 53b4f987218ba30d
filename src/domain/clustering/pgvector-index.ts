import type { Queryable } from '../../db/database.js';
import type { Neighbor } from './decide-assignment.js';
import { toVectorLiteral, type VectorIndex } from './vector-index.js';

export const hnswIndexName = (model: string) =>
  `item_embeddings_${model.replace(/[^a-z0-9]+/gi, '_').toLowerCase()}_idx`.slice(0, 63);

/** The HNSW index of one model's vectors: a partial index on a cast, because the column has no dimension. */
export function hnswIndexSql(model: string, dimensions: number): string {
  if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > 2000) {
    throw new Error(`pgvector HNSW indexes up to 2000 dimensions; ${model} has ${dimensions}`);
  }
  return `create index if not exists ${hnswIndexName(model)} on item_embeddings
    using hnsw ((embedding::vector(${dimensions})) vector_cosine_ops) where model = '${model.replace(/'/g, "''")}'`;
}

/**
 * pgvector HNSW with cosine distance over item_embeddings. Queries repeat the index's expression
 * (embedding::vector(d)) and its predicate (model = m) so the planner can use it.
 */
export class PgvectorIndex implements VectorIndex {
  private readonly dims = new Map<string, number>();

  constructor(private readonly db: Queryable) {}

  async ensureIndex(model: string, dimensions: number): Promise<void> {
    if (this.dims.get(model) === dimensions) return;
    await this.db.query(hnswIndexSql(model, dimensions));
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
      `insert into item_embeddings (item_id, project_id, model, embedding) values ($2, $1, $4, $3::vector)
       on conflict (item_id) do update set model = excluded.model, embedding = excluded.embedding, created_at = now()`,
      [projectId, itemId, toVectorLiteral(vector), model],
    );
    await db.query('update feedback_items set embedding_model = $3 where project_id = $1 and id = $2', [
      projectId,
      itemId,
      model,
    ]);
  }

  async nearest(
    db: Queryable,
    q: { projectId: string; model: string; vector: number[]; k: number; excludeItemId: string },
  ): Promise<Neighbor[]> {
    const d = q.vector.length;
    const { rows } = await db.query<{ id: string; cluster_id: string | null; distance: number }>(
      `select e.item_id as id, f.cluster_id, e.embedding::vector(${d}) <=> $3::vector(${d}) as distance
         from item_embeddings e join feedback_items f on f.id = e.item_id
        where e.model = $2 and e.project_id = $1 and e.item_id <> $4
        order by e.embedding::vector(${d}) <=> $3::vector(${d})
        limit $5`,
      [q.projectId, q.model, toVectorLiteral(q.vector), q.excludeItemId, q.k],
    );
    return rows.map((r) => ({ itemId: r.id, clusterId: r.cluster_id, similarity: 1 - Number(r.distance) }));
  }
}
