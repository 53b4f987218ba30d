import { decideAssignment, type Neighbor } from '../decide-assignment.js';
import { bcubed, recallAtK } from './metrics.js';
import { sparseDot, type SparseVector } from './sparse.js';

export interface LabelledItem {
  id: string;
  title: string;
  body: string;
  group: string;
}

export interface EvaluationResult {
  items: number;
  groups: number;
  clusters: number;
  threshold: number;
  bcubed: { precision: number; recall: number; f1: number };
  recallAt: Record<string, number>;
  itemsPerSecond: number;
}

const TOP_K = 10;

/**
 * Replays the items in order through the production assignment rule (decideAssignment, top-K = 10) with
 * exact nearest-neighbour search, then scores clusters (B-cubed) and retrieval (recall@k over all items).
 */
export function evaluateClustering(
  items: LabelledItem[],
  vectors: SparseVector[],
  threshold: number,
  embedSeconds: number,
): EvaluationResult {
  const started = performance.now();
  const clusterOf: (string | null)[] = new Array(items.length).fill(null);
  const neighborLists: number[][] = [];
  let nextCluster = 0;
  // One similarity row per item serves both questions: the earlier items (what the live system would
  // have seen when this one arrived) and all others (retrieval quality).
  for (let i = 0; i < items.length; i++) {
    const row = new Float32Array(items.length);
    for (let j = 0; j < items.length; j++) row[j] = j === i ? -Infinity : sparseDot(vectors[i]!, vectors[j]!);
    neighborLists.push(topK(row, items.length, 10));
    const earlier = topK(row, i, TOP_K);
    const neighbors: Neighbor[] = earlier.map((j) => ({
      itemId: String(j),
      clusterId: clusterOf[j]!,
      similarity: row[j]!,
    }));
    const decision = decideAssignment(neighbors, threshold);
    if (decision.kind === 'join') clusterOf[i] = decision.clusterId;
    else {
      const id = `c${nextCluster++}`;
      clusterOf[i] = id;
      if (decision.kind === 'new-with-similar') for (const j of decision.itemIds) clusterOf[Number(j)] = id;
    }
  }
  const clusterSeconds = (performance.now() - started) / 1000;
  const gold = items.map((it) => it.group);
  const predicted = clusterOf.map((c) => c!);
  return {
    items: items.length,
    groups: new Set(gold).size,
    clusters: new Set(predicted).size,
    threshold,
    bcubed: bcubed(predicted, gold),
    recallAt: recallAtK(neighborLists, gold, [1, 5, 10]),
    itemsPerSecond: Math.round(items.length / (embedSeconds + clusterSeconds)),
  };
}

/** Indices of the k largest values among row[0..limit), best first. */
function topK(row: Float32Array, limit: number, k: number): number[] {
  const best: number[] = [];
  for (let j = 0; j < limit; j++) {
    const v = row[j]!;
    if (best.length < k || v > row[best[best.length - 1]!]!) {
      let pos = best.length;
      while (pos > 0 && row[best[pos - 1]!]! < v) pos--;
      best.splice(pos, 0, j);
      if (best.length > k) best.pop();
    }
  }
  return best;
}
