import { tokenize } from '../embedders/local-embedder.js';
import { fromMap, type SparseVector } from './sparse.js';

/**
 * The baseline: plain TF-IDF over word unigrams with IDF fitted on the whole dataset (which flatters it:
 * a live system never sees the corpus in advance), cosine similarity.
 */
export function tfidfVectors(texts: string[]): SparseVector[] {
  const docs = texts.map((t) => tokenize(t));
  const vocab = new Map<string, number>();
  const df = new Map<number, number>();
  for (const words of docs) {
    for (const w of new Set(words)) {
      if (!vocab.has(w)) vocab.set(w, vocab.size);
      const id = vocab.get(w)!;
      df.set(id, (df.get(id) ?? 0) + 1);
    }
  }
  const n = docs.length;
  return docs.map((words) => {
    const tf = new Map<number, number>();
    for (const w of words) tf.set(vocab.get(w)!, (tf.get(vocab.get(w)!) ?? 0) + 1);
    const weights = new Map<number, number>();
    for (const [id, c] of tf) weights.set(id, c * (Math.log((1 + n) / (1 + (df.get(id) ?? 0))) + 1));
    return fromMap(weights);
  });
}
