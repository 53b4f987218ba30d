export interface Neighbor {
  itemId: string;
  clusterId: string | null;
  similarity: number;
}

export type Assignment =
  | { kind: 'join'; clusterId: string; similarity: number; nearestItemId: string; nearestSimilarity: number }
  | { kind: 'new-with-similar'; itemIds: string[]; similarity: number; nearestItemId: string }
  | { kind: 'single'; similarity: number | null; nearestItemId: string | null };

/**
 * How a cluster is compared with a new report. `linkage` m: the report's similarity to a cluster is the
 * mean of its m highest similarities to the cluster's members (fewer for smaller clusters), so one
 * stray member can no longer pull in a report that resembles nothing else in the cluster (single-link
 * chaining). Members that were not among the neighbours count at the lowest neighbour's similarity, an
 * upper bound, since the neighbours are the nearest items.
 */
export interface ClusterTest {
  linkage: number;
  /** members per cluster; clusters not listed count as large */
  clusterSizes?: ReadonlyMap<string, number>;
}

/**
 * The assignment rule over the top-K nearest items (sorted by similarity, best first): the cluster whose
 * linkage score (see ClusterTest; single nearest item without one) is best and reaches the threshold is
 * joined; else, when the best item is unclustered and reaches it, a new cluster with every unclustered
 * neighbour above the threshold; else a cluster of one.
 */
export function decideAssignment(neighbors: Neighbor[], threshold: number, test?: ClusterTest): Assignment {
  const nearest = neighbors[0];
  const byCluster = new Map<string, Neighbor[]>();
  for (const n of neighbors) {
    if (n.clusterId === null) continue;
    const list = byCluster.get(n.clusterId) ?? [];
    list.push(n);
    byCluster.set(n.clusterId, list);
  }
  const floor = neighbors.at(-1)?.similarity ?? 0;
  let best: { clusterId: string; score: number; top: Neighbor } | undefined;
  for (const [clusterId, members] of byCluster) {
    const m = test ? Math.max(1, Math.min(test.linkage, test.clusterSizes?.get(clusterId) ?? test.linkage)) : 1;
    let sum = 0;
    for (let i = 0; i < m; i++) sum += members[i]?.similarity ?? floor;
    const score = sum / m;
    if (!best || score > best.score) best = { clusterId, score, top: members[0]! };
  }
  const bestFree = neighbors.find((n) => n.clusterId === null);
  const X = (globalThis as any).EXP ?? {};
  if (best && X.margin !== undefined) {
    const other = neighbors.find((n) => n.clusterId !== best!.clusterId);
    if (other && best.score - other.similarity < X.margin) best = { ...best, score: -1 };
  }
  if (best && best.score >= threshold && !(bestFree && bestFree.similarity > best.score))
    return {
      kind: 'join',
      clusterId: best.clusterId,
      similarity: best.score,
      nearestItemId: best.top.itemId,
      nearestSimilarity: best.top.similarity,
    };
  if (bestFree && bestFree.similarity >= threshold)
    return {
      kind: 'new-with-similar',
      itemIds: neighbors.filter((m) => m.clusterId === null && m.similarity >= threshold).map((m) => m.itemId),
      similarity: bestFree.similarity,
      nearestItemId: bestFree.itemId,
    };
  return { kind: 'single', similarity: nearest?.similarity ?? null, nearestItemId: nearest?.itemId ?? null };
}
