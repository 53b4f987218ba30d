import type { Queryable } from '../../db/database.js';
import type { Assignment, Neighbor } from './decide-assignment.js';

/**
 * Keeps why each report landed where it did (clustering_decisions), for the cluster page: the report's
 * own decision, and for the unclustered neighbours a new cluster pulled in, their similarity to it.
 */
export async function recordDecisions(
  db: Queryable,
  projectId: string,
  itemId: string,
  model: string,
  threshold: number,
  decision: Assignment,
  neighbors: Neighbor[],
  llm?: { same: boolean; reason: string },
): Promise<void> {
  const rows: [string, string, number | null, string | null, number | null][] = [];
  if (decision.kind === 'join')
    rows.push([itemId, 'join', decision.similarity, decision.nearestItemId, decision.nearestSimilarity]);
  else if (decision.kind === 'new-with-similar') {
    rows.push([itemId, 'new-with-similar', decision.similarity, decision.nearestItemId, decision.similarity]);
    for (const id of decision.itemIds) {
      const similarity = neighbors.find((n) => n.itemId === id)?.similarity ?? null;
      rows.push([id, 'pulled-in', similarity, itemId, similarity]);
    }
  } else {
    const nearest = neighbors[0];
    rows.push([itemId, 'single', null, nearest?.itemId ?? null, nearest?.similarity ?? null]);
  }
  for (const [id, kind, score, nearestId, nearestSimilarity] of rows) {
    const own = id === itemId;
    await db.query(
      `insert into clustering_decisions
         (item_id, project_id, kind, score, threshold, nearest_item_id, nearest_similarity, llm_verdict, llm_reason, model)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       on conflict (item_id) do update set kind = excluded.kind, score = excluded.score,
         threshold = excluded.threshold, nearest_item_id = excluded.nearest_item_id,
         nearest_similarity = excluded.nearest_similarity, llm_verdict = excluded.llm_verdict,
         llm_reason = excluded.llm_reason, model = excluded.model, decided_at = now()`,
      [
        id,
        projectId,
        kind,
        score,
        threshold,
        nearestId,
        nearestSimilarity,
        own ? (llm?.same ?? null) : null,
        own ? (llm?.reason ?? null) : null,
        model,
      ],
    );
  }
}
