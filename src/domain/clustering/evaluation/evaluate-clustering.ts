import { thresholdForLength, type Calibration } from '../calibration.js';
import { decideAssignment, type Neighbor } from '../decide-assignment.js';
import { contentWords } from '../embedders/local-embedder.js';
import { bcubed, recallAtK } from './metrics.js';
import { bucketIdf, MIN_DOCS_FOR_IDF } from '../bucket-idf.js';
import { hybridWeightedCosine, sparseDot, type SparseVector } from './sparse.js';

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
  /** the leading hashed dimensions, which the counts reweight */
  hashed: number;
  candidates: number;
}

/**
 * Replays the items in order through the production assignment rule (decideAssignment, top-K = 10, with
 * the embedder's calibration: threshold by length, cluster-level test) with exact nearest-neighbour search, then scores clusters (B-cubed) and retrieval (recall@k over all items).
 * With `reweight`, bucket document frequencies grow as items arrive, as they do in a project: each
 * decision sees the counts of the items before it (and itself); retrieval uses the final counts.
 */
export function evaluateClustering(
  items: LabelledItem[],
  vectors: SparseVector[],
  threshold: number,
  embedSeconds: number,
  reweight?: Reweighting,
  calibration?: Calibration,
): EvaluationResult {
  const started = performance.now();
  const clusterOf: (string | null)[] = new Array(items.length).fill(null);
  const neighborLists: number[][] = [];
  let nextCluster = 0;
  // Counted as the pipeline counts: once per cluster, from the report that founded it.
  const df = new Float64Array(reweight?.hashed ?? 0);
  let founders = 0;
  const rescore = (i: number, candidates: number[], weights: number[] | undefined, row: Float32Array) =>
    weights === undefined
      ? candidates.map((j) => ({ j, s: row[j]! }))
      : candidates
          .map((j) => ({ j, s: hybridWeightedCosine(vectors[i]!, vectors[j]!, weights, reweight!.hashed) }))
          .sort((a, b) => b.s - a.s);
  const rows: Float32Array[] = [];
  const sizes = new Map<string, number>();
  const similarity = similarityFunction(vectors);
  const pool = reweight ? Math.max(reweight.candidates, TOP_K) : TOP_K;
  // One similarity row per item serves both questions: the earlier items (what the live system would
  // have seen when this one arrived) and all others (retrieval quality).
  for (let i = 0; i < items.length; i++) {
    const row = new Float32Array(items.length);
    for (let j = 0; j < items.length; j++) row[j] = j === i ? -Infinity : similarity(i, j);
    rows.push(row);
    const online = reweight && founders >= MIN_DOCS_FOR_IDF ? bucketIdf(df, founders) : undefined;
    const earlier = rescore(i, topK(row, i, pool), online, row).slice(0, TOP_K);
    const neighbors: Neighbor[] = earlier.map(({ j, s }) => ({
      itemId: String(j),
      clusterId: clusterOf[j]!,
      similarity: s,
    }));
    const decision = decideAssignment(
      neighbors,
      calibration ? thresholdForLength(threshold, calibration, contentWords(items[i]!)) : threshold,
      calibration?.test && { ...calibration.test, clusterSizes: sizes },
    );
    const place = (j: number, c: string) => {
      clusterOf[j] = c;
      sizes.set(c, (sizes.get(c) ?? 0) + 1);
    };
    if (decision.kind === 'join') place(i, decision.clusterId);
    else {
      if (reweight) {
        founders++;
        for (const b of vectors[i]!.idx) if (b < df.length) df[b]! += 1;
      }
      const id = `c${nextCluster++}`;
      place(i, id);
      if (decision.kind === 'new-with-similar') for (const j of decision.itemIds) place(Number(j), id);
    }
  }
  // retrieval with the final counts, as a search after all items arrived would rank
  const finalIdf = reweight && founders >= MIN_DOCS_FOR_IDF ? bucketIdf(df, founders) : undefined;
  for (let i = 0; i < items.length; i++) {
    const all = rescore(i, topK(rows[i]!, items.length, pool), finalIdf, rows[i]!);
    neighborLists.push(all.slice(0, 10).map((c) => c.j));
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

/**
 * Exact dot products: merging sparse vectors suits short texts (tens of features); long reports set a
 * good share of all dimensions, where a dense loop over the dimensions is several times faster.
 */
function similarityFunction(vectors: SparseVector[]): (i: number, j: number) => number {
  let nnz = 0;
  let dims = 0;
  for (const v of vectors) {
    nnz += v.idx.length;
    dims = Math.max(dims, (v.idx[v.idx.length - 1] ?? 0) + 1);
  }
  if (vectors.length === 0 || (2 * nnz) / vectors.length < dims / 4)
    return (i, j) => sparseDot(vectors[i]!, vectors[j]!);
  const dense = vectors.map((v) => {
    const d = new Float32Array(dims);
    v.idx.forEach((b, k) => (d[b] = v.val[k]!));
    return d;
  });
  return (i, j) => {
    const a = dense[i]!;
    const b = dense[j]!;
    let dot = 0;
    for (let k = 0; k < dims; k++) dot += a[k]! * b[k]!;
    return dot;
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
