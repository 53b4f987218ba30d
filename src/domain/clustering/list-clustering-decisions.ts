import type { Queryable } from '../../db/database.js';

/** Why a report is in its cluster (clustering_decisions), as the cluster page shows it. */
export interface ClusteringDecision {
  kind: 'join' | 'new-with-similar' | 'pulled-in' | 'single';
  /** the report's score against the cluster it joined (linkage mean), or against the report it pulled in */
  score: number | null;
  threshold: number;
  nearestItemId: string | null;
  nearestSimilarity: number | null;
  llmVerdict: boolean | null;
  llmReason: string | null;
  decidedAt: Date;
}

/** The decisions of the given items, by item id (items clustered before decisions were kept have none). */
export async function listClusteringDecisions(
  db: Queryable,
  projectId: string,
  itemIds: string[],
): Promise<Map<string, ClusteringDecision>> {
  if (itemIds.length === 0) return new Map();
  const { rows } = await db.query<{
    item_id: string;
    kind: ClusteringDecision['kind'];
    score: number | null;
    threshold: number;
    nearest_item_id: string | null;
    nearest_similarity: number | null;
    llm_verdict: boolean | null;
    llm_reason: string | null;
    decided_at: Date;
  }>(
    `select item_id, kind, score, threshold, nearest_item_id, nearest_similarity, llm_verdict, llm_reason, decided_at
       from clustering_decisions where project_id = $1 and item_id = any($2::uuid[])`,
    [projectId, itemIds],
  );
  return new Map(
    rows.map((r) => [
      r.item_id,
      {
        kind: r.kind,
        score: r.score,
        threshold: r.threshold,
        nearestItemId: r.nearest_item_id,
        nearestSimilarity: r.nearest_similarity,
        llmVerdict: r.llm_verdict,
        llmReason: r.llm_reason,
        decidedAt: r.decided_at,
      },
    ]),
  );
}
