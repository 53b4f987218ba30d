import { z } from 'zod';
import { scrubSecrets } from '../../../lib/scrub.js';
import { AppError } from '../../errors.js';
import { normalize, type Embedder } from '../embedder.js';
import { postJsonWithRetry } from './http-retry.js';

const response = z.object({ embeddings: z.array(z.object({ values: z.array(z.number()) })) });

export interface GeminiOptions {
  baseUrl: string;
  model: string;
  apiKey: string;
  /** gemini-embedding-001 defaults to 3072; 768/1536 keep it under pgvector's 2000-dimension HNSW limit */
  dimensions: number;
  batchSize?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Gemini's POST /models/{model}:batchEmbedContents with task type CLUSTERING and outputDimensionality
 * (the default model, gemini-embedding-001). Truncated outputs are re-normalized, as Google's docs advise.
 */
export class GeminiEmbedder implements Embedder {
  readonly model: string;
  readonly dimensions: number;

  constructor(private readonly opts: GeminiOptions) {
    this.dimensions = opts.dimensions;
    this.model = `gemini:${opts.model}:${opts.dimensions}`;
  }

  async embed(texts: string[]): Promise<number[][]> {
    const out: number[][] = [];
    const size = Math.min(this.opts.batchSize ?? 100, 100);
    for (let i = 0; i < texts.length; i += size) {
      const batch = texts.slice(i, i + size).map(scrubSecrets);
      const body = await postJsonWithRetry(
        this.opts.fetch ?? fetch,
        `${this.opts.baseUrl}/models/${this.opts.model}:batchEmbedContents`,
        {
          headers: { 'x-goog-api-key': this.opts.apiKey },
          body: {
            requests: batch.map((text) => ({
              model: `models/${this.opts.model}`,
              content: { parts: [{ text }] },
              taskType: 'CLUSTERING',
              outputDimensionality: this.dimensions,
            })),
          },
        },
        { service: 'gemini', ...(this.opts.sleep ? { sleep: this.opts.sleep } : {}) },
      );
      const parsed = response.safeParse(body);
      if (!parsed.success || parsed.data.embeddings.length !== batch.length) {
        throw new AppError('upstream_failed', 'gemini returned an unexpected batchEmbedContents response');
      }
      for (const e of parsed.data.embeddings) out.push(normalize(e.values));
    }
    return out;
  }
}
