import { withTransaction, type Pool } from '../db/database.js';
import { addBucketCounts } from '../domain/clustering/bucket-idf.js';
import { embeddingText, type Embedder } from '../domain/clustering/embedder.js';
import { hnswIndexName, hnswIndexSql } from '../domain/clustering/pgvector-index.js';
import { toVectorLiteral } from '../domain/clustering/vector-index.js';
import { createProgress } from '../cli/progress.js';

export interface BenchText {
  title: string;
  body: string;
  group: string;
}

export interface FillState {
  projectId: string;
  /** dataset group → cluster id: the fill clusters by the labels instead of item by item */
  clusters: Map<string, string>;
  filled: number;
}

const BATCH = 1000;

/**
 * Fills the corpus the fast way: items, embeddings and cluster membership inserted in bulk with the HNSW
 * index dropped, stats computed once, then the index built in one pass with room to hold the graph in
 * memory (an HNSW build that spills is many times slower). The timed items then take the real path.
 */
export async function fillCorpus(
  db: Pool,
  embedder: Embedder,
  state: FillState,
  textAt: (i: number) => BenchText,
  size: number,
): Promise<void> {
  const count = size - state.filled;
  if (count <= 0) return;
  await db.query(`drop index if exists ${hnswIndexName(embedder.model)}`);
  const progress = createProgress(`filling to ${size}`, count);
  for (let start = 0; start < count; start += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, count - start) }, (_, k) =>
      textAt(state.filled + start + k),
    );
    const vectors = await embedder.embed(batch.map(embeddingText));
    const fresh = [...new Set(batch.map((b) => b.group))].filter((g) => !state.clusters.has(g));
    if (fresh.length > 0) {
      const { rows } = await db.query<{ id: string; title: string }>(
        `insert into clusters (project_id, title) select $1, g from unnest($2::text[]) g returning id, title`,
        [state.projectId, fresh],
      );
      for (const r of rows) state.clusters.set(r.title, r.id);
    }
    await db.query(
      `with items as (
         insert into feedback_items (project_id, source, external_id, title, body, embedding_model, cluster_id, clustered_at)
         select $1, 'manual', 'fill-' || x.n, x.title, x.body, $2, x.cluster_id, now()
           from unnest($3::text[], $4::text[], $5::uuid[], $7::int[]) as x(title, body, cluster_id, n)
         returning id, external_id)
       insert into item_embeddings (item_id, project_id, model, embedding)
       select i.id, $1, $2, v.v::vector
         from items i join unnest($6::text[], $7::int[]) as v(v, n) on i.external_id = 'fill-' || v.n`,
      [
        state.projectId,
        embedder.model,
        batch.map((b) => b.title),
        batch.map((b) => b.body),
        batch.map((b) => state.clusters.get(b.group)!),
        vectors.map(toVectorLiteral),
        batch.map((_, k) => state.filled + start + k),
      ],
    );
    if (embedder.hashedBuckets) {
      // as the pipeline counts: the report that founded each cluster
      const hashed = embedder.hashedBuckets;
      const founders = vectors.filter(
        (_, k) =>
          fresh.includes(batch[k]!.group) && batch.findIndex((b) => b.group === batch[k]!.group) === k,
      );
      const df = new Array<number>(hashed).fill(0);
      for (const v of founders) v.slice(0, hashed).forEach((x, b) => (df[b]! += x !== 0 ? 1 : 0));
      if (founders.length > 0)
        await addBucketCounts(db, state.projectId, embedder.model, founders.length, df);
    }
    progress.tick(batch.length);
  }
  progress.done();
  state.filled = size;
  await db.query(
    `update clusters c set item_count = s.n, source_counts = s.sources, first_seen_at = s.first_at, last_seen_at = s.last_at
       from (select cluster_id, sum(c)::int as n, jsonb_object_agg(source, c) as sources,
                    min(first_at) as first_at, max(last_at) as last_at
               from (select cluster_id, source, count(*)::int as c, min(coalesce(occurred_at, received_at)) as first_at,
                            max(received_at) as last_at
                       from feedback_items where project_id = $1 and cluster_id is not null
                      group by cluster_id, source) per_source
              group by cluster_id) s
      where c.project_id = $1 and c.id = s.cluster_id`,
    [state.projectId],
  );
  const dims = embedder.dimensions;
  const started = performance.now();
  await withTransaction(db, async (tx) => {
    await tx.query(`set local maintenance_work_mem = '1GB'`);
    await tx.query(hnswIndexSql(embedder.model, dims));
  });
  process.stderr.write(
    `HNSW index over ${size} items built in ${Math.round(performance.now() - started)} ms\n`,
  );
  await db.query('analyze feedback_items');
  await db.query('analyze item_embeddings');
  await db.query('analyze clusters');
}
