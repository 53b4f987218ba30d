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
 * the best clustered match ≥ threshold → join its cluster; only unclustered matches → a new cluster with
 * every one of them; no match → a cluster of one.
 */
export function decideAssignment(neighbors: Neighbor[], threshold: number): Assignment {
  const matches = neighbors.filter((n) => n.similarity >= threshold);
  if (matches.length === 0) return { kind: 'single' };
  // An unclustered match ranked above a clustered one is a report another worker is placing right now
  // (embedded, waiting for the lock). Starting a cluster with it beside a matching cluster would split one
  // problem in two; joining lets that report find this one clustered when its turn comes.
  const clustered = matches.find((m) => m.clusterId !== null);
  if (clustered?.clusterId != null)
    return { kind: 'join', clusterId: clustered.clusterId, similarity: clustered.similarity };
  return {
    kind: 'new-with-similar',
    itemIds: matches.filter((m) => m.clusterId === null).map((m) => m.itemId),
  };
}
