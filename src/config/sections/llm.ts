import { z } from 'zod';
import { envString, envUrl } from '../parse-helpers.js';

const defaults = {
  none: { model: '', baseUrl: '' },
  openai: { model: 'gpt-4o-mini', baseUrl: 'https://api.openai.com/v1' },
  ollama: { model: 'llama3.1', baseUrl: 'http://127.0.0.1:11434/v1' },
  'openai-compatible': { model: '', baseUrl: '' },
  anthropic: { model: 'claude-3-5-haiku-latest', baseUrl: 'https://api.anthropic.com/v1' },
  gemini: { model: 'gemini-2.5-flash', baseUrl: 'https://generativelanguage.googleapis.com/v1beta' },
} as const;

/**
 * The language model for cluster summaries and coding plans, reached through the Vercel AI SDK.
 * `none` keeps everything offline.
 */
export const llmSection = z
  .object({
    LLM_PROVIDER: z
      .enum(['none', 'gemini', 'openai', 'anthropic', 'ollama', 'openai-compatible'])
      .default('none'),
    LLM_MODEL: envString(),
    LLM_BASE_URL: envUrl(),
    LLM_API_KEY: envString(),
  })
  .superRefine((e, ctx) => {
    if (e.LLM_PROVIDER === 'openai-compatible') {
      for (const k of ['LLM_BASE_URL', 'LLM_MODEL'] as const)
        if (!e[k])
          ctx.addIssue({
            code: 'custom',
            path: [k],
            message: 'required with LLM_PROVIDER=openai-compatible',
          });
    }
    if (
      (e.LLM_PROVIDER === 'openai' || e.LLM_PROVIDER === 'anthropic' || e.LLM_PROVIDER === 'gemini') &&
      !e.LLM_API_KEY
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['LLM_API_KEY'],
        message: `required with LLM_PROVIDER=${e.LLM_PROVIDER}`,
      });
    }
  })
  .transform((e) => ({
    provider: e.LLM_PROVIDER,
    model: e.LLM_MODEL ?? defaults[e.LLM_PROVIDER].model,
    baseUrl: e.LLM_BASE_URL ?? defaults[e.LLM_PROVIDER].baseUrl,
    apiKey: e.LLM_API_KEY,
  }));
