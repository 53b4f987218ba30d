import type { Queryable } from '../../db/database.js';
import { decideAssignment, type Neighbor } from './decide-assignment.js';
import { TOP_K } from './clustering-pipeline.js';

/** Enough reports for a faithful count; the replay is quadratic, so a bigger project is sampled. */
export const PREVIEW_MAX_ITEMS = 1500;

export interface ThresholdPreview {
  threshold: number;
  clusters: number;
  /** the reports the count was computed over (the newest ones when the project has more) */
  items: number;
  totalItems: number;
  sampled: boolean;
  /** cluster counts across thresholds, for the slider's scale */
  curve: { threshold: number; clusters: number }[];
}

function toVector(text: string): Float32Array {
  const v = Float32Array.from(JSON.parse(text) as number[]);
  let norm = 0;
  for (let i = 0; i < v.length; i++) norm += v[i]! * v[i]!;
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < v.length; i++) v[i]! /= norm;
  return v;
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Replays the assignment rule over the reports in arrival order; returns how many clusters result. */
function replay(neighbours: { j: number; similarity: number }[][], threshold: number): number {
  const clusterOf: (number | null)[] = neighbours.map(() => null);
  let next = 0;
  neighbours.forEach((ns, i) => {
    if (clusterOf[i] !== null) return; // placed with an earlier report's "new with similar"
    const asNeighbours: Neighbor[] = ns.map((n) => ({
      itemId: String(n.j),
      clusterId: clusterOf[n.j] === null ? null : String(clusterOf[n.j]),
      similarity: n.similarity,
    }));
    const d = decideAssignment(asNeighbours, threshold);
    if (d.kind === 'join') clusterOf[i] = Number(d.clusterId);
    else {
      const id = next++;
      clusterOf[i] = id;
      if (d.kind === 'new-with-similar') for (const j of d.itemIds) clusterOf[Number(j)] = id;
    }
  });
  return next;
}

/**
 * How many clusters the project's reports would form at a threshold, without writing anything: the
 * stored embeddings are replayed in arrival order through the same rule the pipeline applies (top-K
 * nearest among the reports seen so far). It ignores the IDF re-ranking of hashed embeddings and the
 * clusters a recluster keeps (being fixed), so it is an estimate of what "Re-cluster" would give.
 */
export async function previewThreshold(
  db: Queryable,
  projectId: string,
  model: string,
  threshold: number,
): Promise<ThresholdPreview> {
  const { rows: counted } = await db.query<{ n: string }>(
    'select count(*) as n from item_embeddings where project_id = $1 and model = $2',
    [projectId, model],
  );
  const totalItems = Number(counted[0]?.n ?? 0);
  const { rows } = await db.query<{ embedding: string }>(
    `select embedding::text as embedding from (
       select e.embedding, f.received_at, f.id from item_embeddings e
         join feedback_items f on f.project_id = e.project_id and f.id = e.item_id
        where e.project_id = $1 and e.model = $2
        order by f.received_at desc, f.id desc limit $3) newest
      order by received_at, id`,
    [projectId, model, PREVIEW_MAX_ITEMS],
  );
  const vectors = rows.map((r) => toVector(r.embedding));
  // each report's nearest earlier reports: what the index held when the pipeline placed it
  const neighbours = vectors.map((v, i) => {
    const sims: { j: number; similarity: number }[] = [];
    for (let j = 0; j < i; j++) sims.push({ j, similarity: dot(v, vectors[j]!) });
    sims.sort((a, b) => b.similarity - a.similarity);
    return sims.slice(0, TOP_K);
  });
  const curve = [];
  for (let t = 0.3; t <= 0.951; t += 0.05) {
    const rounded = Math.round(t * 100) / 100;
    curve.push({ threshold: rounded, clusters: replay(neighbours, rounded) });
  }
  return {
    threshold,
    clusters: replay(neighbours, threshold),
    items: vectors.length,
    totalItems,
    sampled: totalItems > vectors.length,
    curve,
  };
}
