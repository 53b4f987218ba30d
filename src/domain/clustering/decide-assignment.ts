export interface Neighbor {
  itemId: string;
  clusterId: string | null;
  similarity: number;
}

export type Assignment =
  | { kind: 'join'; clusterId: string; similarity: number }
  | { kind: 'new-with-similar'; itemIds: string[] }
  | { kind: 'single' };

/**
 * The assignment rule over the top-K nearest items (sorted by similarity, best first):
 * best ≥ threshold and clustered → join its cluster; best ≥ threshold and unclustered → a new cluster with
 * every unclustered neighbour above the threshold; no match → a cluster of one.
 */
export function decideAssignment(neighbors: Neighbor[], threshold: number): Assignment {
  const matches = neighbors.filter((n) => n.similarity >= threshold);
  const best = matches[0];
  if (best === undefined) return { kind: 'single' };
  if (best.clusterId !== null)
    return { kind: 'join', clusterId: best.clusterId, similarity: best.similarity };
  return {
    kind: 'new-with-similar',
    itemIds: matches.filter((m) => m.clusterId === null).map((m) => m.itemId),
  };
}
