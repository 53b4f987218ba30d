import { z } from 'zod';
import { scrubSecrets } from '../../../lib/scrub.js';
import { AppError } from '../../errors.js';
import { normalize, type Embedder } from '../embedder.js';
import { postJsonWithRetry } from './http-retry.js';

const response = z.object({ data: z.array(z.object({ embedding: z.array(z.number()), index: z.number() })) });

export interface OpenAICompatibleOptions {
  provider: 'openai' | 'ollama' | 'openai-compatible';
  baseUrl: string;
  model: string;
  apiKey?: string;
  dimensions: number;
  batchSize?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * OpenAI's POST /embeddings ({model, input[], dimensions}) → {data:[{embedding,index}]}; the same wire
 * format serves OpenAI, Ollama (/v1) and any compatible server. Texts are scrubbed before they leave.
 */
export class OpenAICompatibleEmbedder implements Embedder {
  readonly model: string;
  readonly dimensions: number;

  constructor(private readonly opts: OpenAICompatibleOptions) {
    this.dimensions = opts.dimensions;
    this.model = `${opts.provider}:${opts.model}:${opts.dimensions}`;
  }

  async embed(texts: string[]): Promise<number[][]> {
    const out: number[][] = [];
    const size = this.opts.batchSize ?? 64;
    for (let i = 0; i < texts.length; i += size) {
      const batch = texts.slice(i, i + size).map(scrubSecrets);
      const body = await postJsonWithRetry(
        this.opts.fetch ?? fetch,
        `${this.opts.baseUrl}/embeddings`,
        {
          headers: this.opts.apiKey ? { authorization: `Bearer ${this.opts.apiKey}` } : {},
          // Ollama and many compatible servers reject `dimensions`; OpenAI's text-embedding-3 models honour it.
          body: {
            model: this.opts.model,
            input: batch,
            ...(this.opts.provider === 'openai' ? { dimensions: this.dimensions } : {}),
          },
        },
        { service: this.opts.provider, ...(this.opts.sleep ? { sleep: this.opts.sleep } : {}) },
      );
      const parsed = response.safeParse(body);
      if (!parsed.success || parsed.data.data.length !== batch.length) {
        throw new AppError(
          'upstream_failed',
          `${this.opts.provider} returned an unexpected embeddings response`,
        );
      }
      for (const d of [...parsed.data.data].sort((a, b) => a.index - b.index)) {
        if (d.embedding.length !== this.dimensions) {
          throw new AppError(
            'upstream_failed',
            `${this.model} returned ${d.embedding.length} dimensions; set EMBEDDING_DIMENSIONS=${d.embedding.length}`,
          );
        }
        out.push(normalize(d.embedding));
      }
    }
    return out;
  }
}
