/**
 * Turns text into unit-length vectors. `model` is recorded with every stored vector, so changing the
 * embedder (or its version) makes items re-embed instead of comparing incomparable vectors.
 */
export interface Embedder {
  readonly model: string;
  readonly dimensions: number;
  /**
   * How many leading dimensions are hashed feature buckets (the local embedder): the pipeline reweights
   * those by the project's bucket document frequencies at query time (bucket-idf.ts); the rest count as
   * they are.
   */
  readonly hashedBuckets?: number;
  /** one vector per text, same order; implementations batch and retry as their API needs */
  embed(texts: string[]): Promise<number[][]>;
}

export function normalize(v: number[]): number[] {
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm);
  return norm === 0 ? v : v.map((x) => x / norm);
}

export function cosine(a: number[], b: number[]): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot;
}

/** What the item contributes to its embedding: title weighs most, the body adds context. */
export function embeddingText(item: { title: string; body: string }): string {
  return `${item.title}\n${item.title}\n${item.body.slice(0, 2000)}`;
}
