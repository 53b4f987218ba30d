import { createAnthropic } from '@ai-sdk/anthropic';
import { createGoogleGenerativeAI } from '@ai-sdk/google';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { Config } from '../config/config.js';
import { AiSdkLanguageModel } from './ai-sdk-language-model.js';
import type { LanguageModel } from './language-model.js';

/** The configured provider's model through the AI SDK (create-language-model.ts loads this on first use). */
export function loadLanguageModel(
  c: Config['llm'],
  fetchImpl: typeof fetch,
  name: string,
): LanguageModel | undefined {
  const common = { baseURL: c.baseUrl, fetch: fetchImpl };
  switch (c.provider) {
    case 'none':
      return undefined;
    case 'openai':
      return new AiSdkLanguageModel({
        name,
        jsonMode: true,
        // chat completions, not the Responses API: every OpenAI-compatible server speaks it
        model: createOpenAI({ ...common, apiKey: c.apiKey ?? '' }).chat(c.model),
      });
    case 'anthropic':
      return new AiSdkLanguageModel({
        name,
        jsonMode: false,
        model: createAnthropic({ ...common, apiKey: c.apiKey ?? '' })(c.model),
      });
    case 'gemini':
      return new AiSdkLanguageModel({
        name,
        jsonMode: true,
        model: createGoogleGenerativeAI({ ...common, apiKey: c.apiKey ?? '' })(c.model),
      });
    case 'ollama':
    case 'openai-compatible':
      return new AiSdkLanguageModel({
        name,
        jsonMode: true,
        model: createOpenAICompatible({
          ...common,
          name: c.provider,
          ...(c.apiKey !== undefined ? { apiKey: c.apiKey } : {}),
        }).chatModel(c.model),
      });
  }
}
