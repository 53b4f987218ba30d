import { decideAssignment, type Neighbor } from '../decide-assignment.js';
import { bcubed, recallAtK } from './metrics.js';
import { bucketIdf, MIN_DOCS_FOR_IDF } from '../bucket-idf.js';
import { sparseDot, weightedCosine, type SparseVector } from './sparse.js';

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

/** As the pipeline does for hashed embedders: re-score the nearest candidates with bucket IDF. */
export interface Reweighting {
  dimensions: number;
  candidates: number;
}

/**
 * Replays the items in order through the production assignment rule (decideAssignment, top-K = 10) with
 * exact nearest-neighbour search, then scores clusters (B-cubed) and retrieval (recall@k over all items).
 * With `reweight`, bucket document frequencies grow as items arrive, as they do in a project: each
 * decision sees the counts of the items before it (and itself); retrieval uses the final counts.
 */
export function evaluateClustering(
  items: LabelledItem[],
  vectors: SparseVector[],
  threshold: number,
  embedSeconds: number,
  reweight?: Reweighting,
): EvaluationResult {
  const started = performance.now();
  const clusterOf: (string | null)[] = new Array(items.length).fill(null);
  const neighborLists: number[][] = [];
  let nextCluster = 0;
  const df = new Float64Array(reweight?.dimensions ?? 0);
  const finalIdf =
    reweight && vectors.length >= MIN_DOCS_FOR_IDF
      ? bucketIdf(countBuckets(vectors, df.length), vectors.length)
      : undefined;
  const rescore = (i: number, candidates: number[], weights: number[] | undefined, row: Float32Array) =>
    weights === undefined
      ? candidates.map((j) => ({ j, s: row[j]! }))
      : candidates
          .map((j) => ({ j, s: weightedCosine(vectors[i]!, vectors[j]!, weights) }))
          .sort((a, b) => b.s - a.s);
  const pool = reweight ? Math.max(reweight.candidates, TOP_K) : TOP_K;
  // One similarity row per item serves both questions: the earlier items (what the live system would
  // have seen when this one arrived) and all others (retrieval quality).
  for (let i = 0; i < items.length; i++) {
    const row = new Float32Array(items.length);
    for (let j = 0; j < items.length; j++) row[j] = j === i ? -Infinity : sparseDot(vectors[i]!, vectors[j]!);
    for (const b of vectors[i]!.idx) df[b]! += 1;
    const all = rescore(i, topK(row, items.length, pool), finalIdf, row);
    neighborLists.push(all.slice(0, 10).map((c) => c.j));
    const online = reweight && i + 1 >= MIN_DOCS_FOR_IDF ? bucketIdf(df, i + 1) : undefined;
    const earlier = rescore(i, topK(row, i, pool), online, row).slice(0, TOP_K);
    const neighbors: Neighbor[] = earlier.map(({ j, s }) => ({
      itemId: String(j),
      clusterId: clusterOf[j]!,
      similarity: s,
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

function countBuckets(vectors: SparseVector[], dimensions: number): Float64Array {
  const df = new Float64Array(dimensions);
  for (const v of vectors) for (const b of v.idx) df[b]! += 1;
  return df;
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
