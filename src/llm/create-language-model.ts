import type { Config } from '../config/config.js';
import type { LanguageModel } from './language-model.js';

/**
 * The configured chat model, or undefined with LLM_PROVIDER=none (callers use their labelled heuristic).
 * The AI SDK and its providers (about 20 MB) are loaded on the model's first call, not at start.
 */
export function createLanguageModel(
  c: Config['llm'],
  fetchImpl: typeof fetch = fetch,
): LanguageModel | undefined {
  if (c.provider === 'none') return undefined;
  const name = `${c.provider}:${c.model}`;
  let loaded: Promise<LanguageModel> | undefined;
  const load = async () => {
    const model = (await import('./load-language-model.js')).loadLanguageModel(c, fetchImpl, name);
    if (model === undefined) throw new Error(`no language model for ${name}`);
    return model;
  };
  return {
    name,
    generateObject: async (opts) => {
      loaded ??= load();
      return (await loaded).generateObject(opts);
    },
  };
}
