import { generateText, Output, type LanguageModel as SdkModel } from 'ai';
import type { z } from 'zod';
import { AppError } from '../domain/errors.js';
import { scrubSecrets } from '../lib/scrub.js';
import type { LanguageModel } from './language-model.js';

function parseJsonAnswer(text: string): unknown {
  // models without a JSON mode sometimes wrap the object in a fenced block or a sentence
  const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(text)?.[1] ?? text;
  const start = fenced.indexOf('{');
  const end = fenced.lastIndexOf('}');
  if (start < 0 || end < start) throw new AppError('upstream_failed', 'the model did not answer with JSON');
  try {
    return JSON.parse(fenced.slice(start, end + 1));
  } catch {
    throw new AppError('upstream_failed', 'the model answered with malformed JSON');
  }
}

export interface AiSdkLanguageModelOptions {
  model: SdkModel;
  /** `provider:model`, recorded next to everything the model wrote */
  name: string;
  /** ask for JSON mode (OpenAI response_format, Gemini responseMimeType); Anthropic has none */
  jsonMode: boolean;
  maxRetries?: number;
  timeoutMs?: number;
}

/**
 * Any chat model the Vercel AI SDK speaks to. Prompts are scrubbed of secrets and e-mail addresses
 * before they leave; the answer must be one JSON object matching the caller's zod schema.
 */
export class AiSdkLanguageModel implements LanguageModel {
  readonly name: string;

  constructor(private readonly opts: AiSdkLanguageModelOptions) {
    this.name = opts.name;
  }

  async generateObject<S extends z.ZodType>(req: {
    system: string;
    prompt: string;
    schema: S;
    schemaHint: string;
  }): Promise<z.output<S>> {
    let text: string;
    try {
      const result = await generateText({
        model: this.opts.model,
        system: `${req.system}\nAnswer with one JSON object only, of this shape: ${req.schemaHint}`,
        prompt: scrubSecrets(req.prompt),
        maxRetries: this.opts.maxRetries ?? 2,
        abortSignal: AbortSignal.timeout(this.opts.timeoutMs ?? 120_000),
        ...(this.opts.jsonMode ? { output: Output.json() } : {}),
      });
      text = result.text;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      throw new AppError('upstream_failed', `${this.name} failed: ${message.slice(0, 300)}`);
    }
    const parsed = req.schema.safeParse(parseJsonAnswer(text));
    if (!parsed.success) {
      throw new AppError(
        'upstream_failed',
        `the model's JSON did not match: ${parsed.error.issues[0]?.message}`,
      );
    }
    return parsed.data;
  }
}
