import type { Pool } from '../db/database.js';
import { loadBucketIdf, RERANK_CANDIDATES } from '../domain/clustering/bucket-idf.js';
import { normalize, embeddingText, type Embedder } from '../domain/clustering/embedder.js';
import { clusterOf } from '../domain/clustering/pgvector-index.js';
import { toVectorLiteral } from '../domain/clustering/vector-index.js';

/**
 * EXPLAIN ANALYZE of the statements on the per-item path that could grow with the corpus: the HNSW
 * top-K (with the bucket-IDF re-scoring), the incremental cluster stats and the summary's member read.
 */
export async function explainHotQueries(
  db: Pool,
  embedder: Embedder,
  projectId: string,
  text: { title: string; body: string },
): Promise<string> {
  const [vector] = await embedder.embed([embeddingText(text)]);
  const d = embedder.dimensions;
  const weights = (await loadBucketIdf(db, projectId, embedder.model)) ?? new Array<number>(d).fill(1);
  const plan = async (sql: string, params: unknown[]) =>
    (await db.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${sql}`, params)).rows
      .map((r) => r['QUERY PLAN'])
      .join('\n');
  const topK = await plan(
    `with candidates as (
       select e.item_id, e.embedding::vector(${d}) as v from item_embeddings e
        where e.model = $2 and e.project_id = $1
        order by e.embedding::vector(${d}) <=> $3::vector(${d}) limit $5)
     select c.item_id as id, ${clusterOf('c.item_id')}, (c.v * $6::vector(${d})) <=> $4::vector(${d}) as distance
       from candidates c order by distance limit 10`,
    [
      projectId,
      embedder.model,
      toVectorLiteral(vector!),
      toVectorLiteral(normalize(vector!.map((x, i) => x * weights[i]!))),
      RERANK_CANDIDATES,
      toVectorLiteral(weights),
    ],
  );
  const { rows } = await db.query<{ id: string }>(
    'select id from clusters where project_id = $1 order by item_count desc limit 1',
    [projectId],
  );
  const largest = rows[0]?.id;
  const summary = await plan(
    `select title, body, source, received_at from feedback_items where project_id = $1 and cluster_id = $2
      order by received_at desc limit 200`,
    [projectId, largest],
  );
  return `-- top-K with re-scoring\n${topK}\n-- summary read of the largest cluster\n${summary}`;
}
