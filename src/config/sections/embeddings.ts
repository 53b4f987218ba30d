import { z } from 'zod';
import { envInt, envString, envUrl } from '../parse-helpers.js';

const defaults = {
  local: { model: 'local-hybrid-v3', baseUrl: '', dimensions: 1024 },
  openai: { model: 'text-embedding-3-small', baseUrl: 'https://api.openai.com/v1', dimensions: 1536 },
  ollama: { model: 'nomic-embed-text', baseUrl: 'http://127.0.0.1:11434/v1', dimensions: 768 },
  'openai-compatible': { model: '', baseUrl: '', dimensions: 0 },
  gemini: {
    model: 'gemini-embedding-001',
    baseUrl: 'https://generativelanguage.googleapis.com/v1beta',
    dimensions: 768,
  },
} as const;

export const embeddingsSection = z
  .object({
    EMBEDDER: z.enum(['local', 'openai', 'ollama', 'openai-compatible', 'gemini']).default('local'),
    EMBEDDING_MODEL: envString(),
    EMBEDDING_BASE_URL: envUrl(),
    EMBEDDING_API_KEY: envString(),
    EMBEDDING_DIMENSIONS: envInt(0, { min: 0, max: 2000 }),
    EMBEDDING_BATCH_SIZE: envInt(64, { min: 1, max: 2048 }),
  })
  .superRefine((e, ctx) => {
    if (e.EMBEDDER === 'openai-compatible') {
      for (const k of ['EMBEDDING_BASE_URL', 'EMBEDDING_MODEL', 'EMBEDDING_DIMENSIONS'] as const) {
        if (!e[k])
          ctx.addIssue({ code: 'custom', path: [k], message: `required with EMBEDDER=openai-compatible` });
      }
    }
    if ((e.EMBEDDER === 'openai' || e.EMBEDDER === 'gemini') && !e.EMBEDDING_API_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['EMBEDDING_API_KEY'],
        message: `required with EMBEDDER=${e.EMBEDDER}`,
      });
    }
  })
  .transform((e) => {
    const d = defaults[e.EMBEDDER];
    return {
      provider: e.EMBEDDER,
      model: e.EMBEDDING_MODEL ?? d.model,
      baseUrl: e.EMBEDDING_BASE_URL ?? d.baseUrl,
      apiKey: e.EMBEDDING_API_KEY,
      dimensions: e.EMBEDDING_DIMENSIONS || d.dimensions,
      batchSize: e.EMBEDDING_BATCH_SIZE,
    };
  });
