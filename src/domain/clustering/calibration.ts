import type { ClusterTest } from './decide-assignment.js';

/**
 * How similar is similar enough, per embedder. The product's 0.72 is tuned for dense neural embeddings
 * (gemini-embedding-001); hashed and TF-IDF vectors give paraphrases lower cosines, so they have their own
 * measured values (docs/CLUSTERING.md). A project can override the base threshold in its settings.
 */
export interface Calibration {
  /** the base threshold: what a short report must reach */
  threshold: number;
  /** cluster-level test (decide-assignment.ts); without one, the nearest item decides */
  test?: Omit<ClusterTest, 'clusterSizes'>;
  /**
   * The threshold rises with the report's length: from `from` content words on, by `rise` in all at
   * `to` words (linear in the logarithm of the length). Short reports share few words even when they
   * say the same thing; long ones share many words by chance.
   */
  lengthRamp?: { from: number; to: number; rise: number };
}

const perModel: { prefix: string; calibration: Calibration }[] = [
  { prefix: 'local-hash-v1', calibration: { threshold: 0.5 } },
  { prefix: 'local-hash-v2', calibration: { threshold: 0.6 } },
  {
    prefix: 'local-hybrid-v3',
    calibration: {
      threshold: 0.3,
      test: { linkage: 2, margin: 0.02 },
      lengthRamp: { from: 10, to: 60, rise: 0.5 },
    },
  },
  { prefix: 'tfidf', calibration: { threshold: 0.5 } },
];

export const SPEC_THRESHOLD = 0.72;

export function calibrationFor(model: string): Calibration {
  return perModel.find((m) => model.startsWith(m.prefix))?.calibration ?? { threshold: SPEC_THRESHOLD };
}

export function defaultThreshold(model: string): number {
  return calibrationFor(model).threshold;
}

/** The threshold a report of `words` content words must reach, from a (project's or default) base. */
export function thresholdForLength(base: number, calibration: Calibration, words: number): number {
  const ramp = calibration.lengthRamp;
  if (!ramp || words <= ramp.from) return base;
  const position = Math.min(1, Math.log(words / ramp.from) / Math.log(ramp.to / ramp.from));
  return Math.min(0.99, base + ramp.rise * position);
}
