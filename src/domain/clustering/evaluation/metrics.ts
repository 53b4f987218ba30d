/** B-cubed precision/recall/F1 of predicted clusters against gold groups (Bagga & Baldwin 1998). */
export function bcubed(
  predicted: string[],
  gold: string[],
): { precision: number; recall: number; f1: number } {
  const byPred = new Map<string, number[]>();
  const byGold = new Map<string, number[]>();
  predicted.forEach((p, i) => byPred.set(p, [...(byPred.get(p) ?? []), i]));
  gold.forEach((g, i) => byGold.set(g, [...(byGold.get(g) ?? []), i]));
  let precision = 0;
  let recall = 0;
  for (let i = 0; i < predicted.length; i++) {
    const samePred = byPred.get(predicted[i]!)!;
    const sameGold = byGold.get(gold[i]!)!;
    const both = samePred.filter((j) => gold[j] === gold[i]).length;
    precision += both / samePred.length;
    recall += both / sameGold.length;
  }
  precision /= predicted.length;
  recall /= predicted.length;
  return {
    precision,
    recall,
    f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
  };
}

/**
 * For items whose group has at least two members: the share whose k nearest other items include a member
 * of the same group. `neighbors[i]` lists item indices nearest first.
 */
export function recallAtK(neighbors: number[][], gold: string[], ks: number[]): Record<string, number> {
  const size = new Map<string, number>();
  for (const g of gold) size.set(g, (size.get(g) ?? 0) + 1);
  const eligible = gold.map((g, i) => ((size.get(g) ?? 0) >= 2 ? i : -1)).filter((i) => i >= 0);
  const out: Record<string, number> = {};
  for (const k of ks) {
    const hits = eligible.filter((i) => neighbors[i]!.slice(0, k).some((j) => gold[j] === gold[i])).length;
    out[String(k)] = eligible.length === 0 ? 0 : hits / eligible.length;
  }
  return out;
}
