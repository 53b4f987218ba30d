import { z } from 'zod';
import { envInt } from '../parse-helpers.js';

/**
 * The optional LLM check of borderline matches: when a report's score is within the band around its
 * threshold, the configured LLM (LLM_PROVIDER) is asked whether the two reports describe the same
 * underlying problem, and its answer decides. Answers are cached per pair and capped per hour.
 */
export const clusteringSection = z
  .object({
    CLUSTERING_LLM_CHECK: z.enum(['auto', 'on', 'off']).default('auto'),
    CLUSTERING_LLM_BAND: z
      .string()
      .regex(/^\d+(\.\d+)?$/, 'must be a number')
      .optional()
      .transform((v) => (v === undefined ? 0.08 : Number(v)))
      .pipe(z.number().min(0).max(1)),
    CLUSTERING_LLM_MAX_PER_HOUR: envInt(60, { min: 0 }),
  })
  .transform((e) => ({
    /** auto: on whenever an LLM is configured */
    llmCheck: e.CLUSTERING_LLM_CHECK,
    llmBand: e.CLUSTERING_LLM_BAND,
    llmMaxPerHour: e.CLUSTERING_LLM_MAX_PER_HOUR,
  }));
