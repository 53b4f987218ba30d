/**
 * The product's threshold is 0.72, chosen for dense neural embeddings. Hashed n-gram and TF-IDF vectors give
 * paraphrases lower cosines, so they get their own measured defaults (docs/CLUSTERING.md). A project can
 * override any of them in its settings.
 */
const perModel: { prefix: string; threshold: number }[] = [
  { prefix: 'local-hash-v1', threshold: 0.5 },
  { prefix: 'local-hash-v2', threshold: 0.6 },
  { prefix: 'tfidf', threshold: 0.5 },
];

export const SPEC_THRESHOLD = 0.72;

export function defaultThreshold(model: string): number {
  return perModel.find((m) => model.startsWith(m.prefix))?.threshold ?? SPEC_THRESHOLD;
}
