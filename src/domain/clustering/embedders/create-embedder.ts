import type { Config } from '../../../config/config.js';
import type { Embedder } from '../embedder.js';
import { GeminiEmbedder } from './gemini-embedder.js';
import { LocalEmbedder } from './local-embedder.js';
import { OpenAICompatibleEmbedder } from './openai-compatible-embedder.js';

export function createEmbedder(c: Config['embeddings'], fetchImpl: typeof fetch = fetch): Embedder {
  switch (c.provider) {
    case 'local':
      return new LocalEmbedder(c.dimensions);
    case 'gemini':
      return new GeminiEmbedder({
        baseUrl: c.baseUrl,
        model: c.model,
        apiKey: c.apiKey ?? '',
        dimensions: c.dimensions,
        batchSize: c.batchSize,
        fetch: fetchImpl,
      });
    default:
      return new OpenAICompatibleEmbedder({
        provider: c.provider,
        baseUrl: c.baseUrl,
        model: c.model,
        dimensions: c.dimensions,
        batchSize: c.batchSize,
        fetch: fetchImpl,
        ...(c.apiKey ? { apiKey: c.apiKey } : {}),
      });
  }
}
