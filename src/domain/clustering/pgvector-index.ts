import type { Queryable } from '../../db/database.js';
import { setEmbeddingModel } from '../feedback/feedback-repository.js';
import type { Neighbor } from './decide-assignment.js';
import { normalize } from './embedder.js';
import { toVectorLiteral, type NearestQuery, type VectorIndex } from './vector-index.js';

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
 * The candidate's cluster, looked up by primary key per row: a join let the planner hash-join a
 * sequential scan of every feedback item (measured at 3k items), a cost that grows with the corpus.
 */
export const clusterOf = (itemId: string) =>
  `(select f.cluster_id from feedback_items f where f.project_id = $1 and f.id = ${itemId}) as cluster_id`;

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
    const ids = entries.map((e) => e.itemId);
    await db.query(
      `insert into item_embeddings (item_id, project_id, model, embedding)
       select x.item_id, $1, $4, x.v::vector from unnest($2::uuid[], $3::text[]) as x(item_id, v)
       on conflict (item_id) do update set model = excluded.model, embedding = excluded.embedding, created_at = now()`,
      [projectId, ids, entries.map((e) => toVectorLiteral(e.vector)), model],
    );
    await setEmbeddingModel(db, { projectId, itemIds: ids, model });
  }

  async nearest(db: Queryable, q: NearestQuery): Promise<Neighbor[]> {
    const d = q.vector.length;
    const params: unknown[] = [q.projectId, q.model, toVectorLiteral(q.vector), q.excludeItemId, q.k];
    let sql = `select e.item_id as id, ${clusterOf('e.item_id')}, 1 - (e.embedding::vector(${d}) <=> $3::vector(${d})) as similarity
           from item_embeddings e
          where e.model = $2 and e.project_id = $1 and e.item_id <> $4
          order by e.embedding::vector(${d}) <=> $3::vector(${d})
          limit $5`;
    if (q.reweight) {
      // The inner query is the HNSW scan (it repeats the index's expression and predicate); the candidates
      // are re-scored in pgvector too: the first h dimensions (hashed buckets) by the cosine of the
      // reweighted pair, (v * w) <=> normalize(q * w), scaled by the two lexical parts' norms (their share
      // of the plain cosine); the rest (the semantic part) by its plain dot product (<#> is its negative).
      // A part that is all zeros gives NaN in pgvector; it contributes nothing.
      const { weights, candidates } = q.reweight;
      const h = weights.length;
      const lexical = q.vector.slice(0, h);
      const lexicalNorm = Math.hypot(...lexical);
      params.push(
        Math.max(candidates, q.k),
        toVectorLiteral(weights),
        toVectorLiteral(normalize(lexical.map((x, i) => x * weights[i]!))),
        lexicalNorm,
      );
      const semantic =
        d > h
          ? `coalesce(-(subvector(c.v, ${h + 1}, ${d - h})::vector(${d - h}) <#> $10::vector(${d - h})), 0)`
          : '0';
      if (d > h) params.push(toVectorLiteral(q.vector.slice(h)));
      sql = `with candidates as (
           select e.item_id, e.embedding::vector(${d}) as v from item_embeddings e
            where e.model = $2 and e.project_id = $1 and e.item_id <> $4
            order by e.embedding::vector(${d}) <=> $3::vector(${d}) limit $6)
         select id, cluster_id, similarity from (
           select c.item_id as id, ${clusterOf('c.item_id')},
                  coalesce(nullif(vector_norm(subvector(c.v, 1, ${h})::vector(${h}))::float8 * $9::float8
                    * (1 - ((subvector(c.v, 1, ${h})::vector(${h}) * $7::vector(${h})) <=> $8::vector(${h}))), 'NaN'), 0)
                  + ${semantic} as similarity
             from candidates c) s
          order by similarity desc limit $5`;
    }
    // HNSW filters by project after the graph walk: with many projects, the ef_search nearest items could
    // all belong to others and leave this one with no neighbours. An iterative scan keeps walking until the
    // limit is met (pgvector 0.8); set for this transaction only.
    await db.query(`select set_config('hnsw.iterative_scan', 'relaxed_order', true)`);
    const { rows } = await db.query<{ id: string; cluster_id: string | null; similarity: number }>(
      sql,
      params,
    );
    return rows.map((r) => ({ itemId: r.id, clusterId: r.cluster_id, similarity: Number(r.similarity) }));
  }
}
