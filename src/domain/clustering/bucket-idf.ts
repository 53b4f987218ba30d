import type { Queryable } from '../../db/database.js';

/**
 * How many nearest items (by the stored vectors) are re-scored with the project's bucket IDF. The top-K
 * of the rule is taken from these; measured: 40 and 100 candidates give the same recall.
 */
export const RERANK_CANDIDATES = 40;

/**
 * Below this many counted reports (clusters founded) a project's counts say nothing about what is common in it: with two reports,
 * every feature they share is "in all documents" and weighs least, so the re-scoring would push apart
 * exactly the reports that match. Until then the plain cosine decides.
 */
export const MIN_DOCS_FOR_IDF = 100;

/** Smoothed inverse document frequency per bucket, as in TF-IDF: log((1 + N) / (1 + df)) + 1. */
export function bucketIdf(df: ArrayLike<number>, docs: number): number[] {
  return Array.from(df, (d) => Math.log((1 + docs) / (1 + d)) + 1);
}

/**
 * Counts one more report of the project with the buckets this vector sets (its first `hashed`
 * dimensions). Atomic under concurrency. The pipeline counts only the report that founds a cluster, so
 * the counts say in how many distinct problems a feature appears: boilerplate is in every problem, the
 * words of the most frequent problem are in one, however often it recurs (counting every report made
 * those words look common and pushed that problem's reports apart).
 */
export async function recordBucketDf(
  db: Queryable,
  projectId: string,
  model: string,
  vector: number[],
  hashed: number,
): Promise<void> {
  await addBucketCounts(
    db,
    projectId,
    model,
    1,
    vector.slice(0, hashed).map((x) => (x !== 0 ? 1 : 0)),
  );
}

/** Adds `docs` items whose per-bucket counts are `df` (bulk loads count a whole batch at once). */
export async function addBucketCounts(
  db: Queryable,
  projectId: string,
  model: string,
  docs: number,
  df: number[],
): Promise<void> {
  await db.query(
    `insert into clustering_bucket_df (project_id, model, docs, df) values ($1, $2, $3, $4::int[])
     on conflict (project_id, model) do update
        set docs = clustering_bucket_df.docs + excluded.docs, updated_at = now(),
            df = (select array_agg(coalesce(a, 0) + coalesce(b, 0) order by i)
                    from unnest(clustering_bucket_df.df, excluded.df) with ordinality as t(a, b, i))`,
    [projectId, model, docs, df],
  );
}

/** The project's bucket weights for this model, or undefined while it has too few items for them. */
export async function loadBucketIdf(
  db: Queryable,
  projectId: string,
  model: string,
): Promise<number[] | undefined> {
  const { rows } = await db.query<{ docs: number; df: number[] }>(
    'select docs, df from clustering_bucket_df where project_id = $1 and model = $2',
    [projectId, model],
  );
  const row = rows[0];
  return row === undefined || row.docs < MIN_DOCS_FOR_IDF ? undefined : bucketIdf(row.df, row.docs);
}
