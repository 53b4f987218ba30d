import { z } from 'zod';
import { envString, envUrl } from '../parse-helpers.js';

export const vectorIndexSection = z
  .object({
    VECTOR_INDEX: z.enum(['pgvector', 'upstash']).default('pgvector'),
    UPSTASH_VECTOR_REST_URL: envUrl(),
    UPSTASH_VECTOR_REST_TOKEN: envString(),
  })
  .superRefine((e, ctx) => {
    if (e.VECTOR_INDEX !== 'upstash') return;
    for (const k of ['UPSTASH_VECTOR_REST_URL', 'UPSTASH_VECTOR_REST_TOKEN'] as const) {
      if (!e[k]) ctx.addIssue({ code: 'custom', path: [k], message: 'required with VECTOR_INDEX=upstash' });
    }
  })
  .transform((e) => ({
    kind: e.VECTOR_INDEX,
    upstash:
      e.UPSTASH_VECTOR_REST_URL && e.UPSTASH_VECTOR_REST_TOKEN
        ? { restUrl: e.UPSTASH_VECTOR_REST_URL, token: e.UPSTASH_VECTOR_REST_TOKEN }
        : undefined,
  }));
