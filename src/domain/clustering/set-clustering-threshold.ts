import type { Queryable } from '../../db/database.js';

/** Per-project similarity threshold; null returns to the embedder's default. Takes effect for new items (recluster to apply it to old ones). */
export async function setClusteringThreshold(
  db: Queryable,
  projectId: string,
  threshold: number | null,
): Promise<void> {
  await db.query(
    `update projects set settings = case when $2::float8 is null then settings #- '{clustering,threshold}'
              else jsonb_set(settings, '{clustering}', coalesce(settings->'clustering', '{}'::jsonb) || jsonb_build_object('threshold', $2::float8)) end,
            updated_at = now()
      where id = $1`,
    [projectId, threshold],
  );
}
